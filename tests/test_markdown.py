"""Markdown -> HTML stage: golden HTML for a chapter with headings, quotes, lists, notes and citations."""
import re
from pathlib import Path

from briefpress.citations import extract_all
from briefpress.markdown_ext import render_chapter

GOLDEN = Path(__file__).parent / "golden"


def render():
    ex = extract_all((GOLDEN / "chapter.md").read_text(), "chapter.md")
    return render_chapter(ex.text, chapter_number=3)


def test_golden_html():
    html, _ = render()
    assert html == (GOLDEN / "chapter.html").read_text()


def test_headings_numbered_with_ids():
    _, headings = render()
    assert [(h.level, h.number, h.id) for h in headings] == [
        (1, "3", "russia-and-csto"), (2, "3.1", "observer"), (3, "3.1.1", "a-third-level")]
    assert headings[1].title_text == "Serbia’s observer status"


def test_unnumbered_heading_and_duplicate_ids():
    _, headings = render_chapter("# Summary {.unnumbered}\n\n## Part\n\n## Part\n", 0, frozenset({"summary"}))
    assert [(h.number, h.id) for h in headings] == [("", "summary-2"), ("", "part"), ("", "part-2")]


def test_a_comment_leaves_no_empty_paragraph():
    """An HTML comment between blocks (pandoc's way to part two lists) is dropped whole: an empty <p>
    would print as a blank line."""
    from briefpress.markdown_ext import render_chapter
    html = render_chapter("Text.\n\n<!-- a note to the editor -->\n\n1. one\n\n<!-- end -->\n\nMore.\n", 1)[0]
    assert "editor" not in html and "end" not in html
    assert not re.search(r"<p\b[^>]*>\s*</p>", html), html


def test_a_reused_chapter_reader_renders_as_a_new_one():
    # render_chapter resets and reuses its readers: every chapter of every fixture and of the paper, in
    # one order and then the other, must render as a reader made for it alone renders it
    from pathlib import Path

    from briefpress.markdown_ext import ChapterExtension, _markdown, render_chapter

    root = Path(__file__).parent.parent
    texts = [p.read_text(encoding="utf-8") for p in sorted([*(root / "tests").rglob("*.md"),
                                                            *(root / "manuscript").glob("*.md")])]
    assert len(texts) > 30
    for order in (texts, texts[::-1]):
        for i, text in enumerate(order):
            taken = frozenset({"introduction"}) if i % 2 else frozenset()
            ext = ChapterExtension(i % 3, taken)
            fresh = _markdown([ext]).convert(text), tuple(ext.processor.headings)
            assert render_chapter.__wrapped__(text, i % 3, taken) == fresh
    # nothing of one chapter is left in the reader for the next: a link defined in one is not in another
    render_chapter.__wrapped__("See [the site][x].\n\n[x]: https://example.org/one\n")
    assert "example.org" not in render_chapter.__wrapped__("And [the site][x] again.\n")[0]
