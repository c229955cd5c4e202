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
