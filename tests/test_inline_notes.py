"""Inline notes ^[...] become footnotes numbered with citations and [^id] notes; notes work in lists and tables."""
import pytest

from briefpress.citations import extract_all
from outputs import NS, build_all, epub_files, epubcheck_problems, html_tree, pdf_pages_text, squash, xhtml

BIB = """@book{lindqvist2018,
  author = {Lindqvist, Maja},
  title = {Fjord Economies},
  publisher = {Nordlys},
  location = {Bergen},
  date = {2018}
}
@report{moreau2022,
  author = {Moreau, Lucien},
  title = {Ferry Subsidies Reviewed},
  institution = {Institute for Island Studies},
  date = {2022}
}
"""

PAPER = """---
title: Notes Everywhere
---

# Islands

Ferries link the islands.^[Some routes run only in summer; see [@lindqvist2018, p. 40].] The
timetable changes each year [@moreau2022].^[A second inline note, with *emphasis* and a
[link](https://example.org/timetable) inside [brackets].]

Costs are shared:

- the state pays half[^half]
- the islands pay the rest^[Through a harbour levy.]
- passengers pay a fare [@lindqvist2018, 12]

| Route   | Subsidy                      |
|---------|------------------------------|
| North   | high^[Winter service too.]   |
| South   | low [@moreau2022, p. 3]      |

[^half]: Under the 2019 ferry act.
"""

NOTES = ["Some routes run only in summer; see (Maja Lindqvist, Fjord Economies",
         "Lucien Moreau, Ferry Subsidies Reviewed",
         "A second inline note, with emphasis and a link inside [brackets].",
         "Under the 2019 ferry act.", "Through a harbour levy.", "Lindqvist, Fjord Economies, 12.",
         "Winter service too.", "Moreau, Ferry Subsidies Reviewed, 3."]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_all(tmp_path_factory.mktemp("inline"), PAPER, BIB)


def test_inline_notes_are_footnotes_with_their_place_and_citations():
    text = "# T\n\nOne.^[See @a2000 and [@b2001, p. 2].] Two `^[code]` and \\^[escaped].\n\nThree.^[x [y] z]\n"
    ex = extract_all(text, "t.md")
    notes = [n for n in ex.footnotes.values()]
    assert [n.text for n in notes][1] == "x [y] z"
    assert notes[0].location.line == 3 and notes[0].location.col == text.split("\n")[2].index("^[") + 1
    assert [r.id for r in ex.refs] == [n.id for n in notes]
    cites = [(c.items[0].key, c.in_note, c.location.line, c.location.col) for c in ex.citations]
    line = text.split("\n")[2]
    assert cites == [("a2000", True, 3, line.index("@a2000") + 1), ("b2001", True, 3, line.index("[@b2001") + 1)]
    assert "^[code]" in ex.text and "\\^[escaped]" in ex.text
    assert ex.text.count("\n") == text.count("\n")


def test_a_multi_line_inline_note_keeps_the_line_numbers_after_it():
    text = "# T\n\nA^[one\nand two] b [@late2000].\n"
    ex = extract_all(text, "t.md")
    assert ex.citations[-1].location.line == 4


def test_html_notes_in_reading_order(built):
    tree = html_tree(built["html"])
    notes = [squash(li.text_content()) for li in tree.xpath("//section[@role='doc-endnotes']//li")]
    assert len(notes) == len(NOTES)
    for n, (got, want) in enumerate(zip(notes, NOTES), 1):
        assert got.startswith(f"{n}. ") and want in got
    assert tree.xpath("//main//li//a[@role='doc-noteref']/text()") == ["4", "5", "6"]
    assert tree.xpath("//main//table//a[@role='doc-noteref']/text()") == ["7", "8"]
    text = squash(tree.xpath("string(//main)"))
    assert "^[" not in text


def test_pdf_notes_at_the_foot_of_their_page(built):
    pages = [squash(p) for p in pdf_pages_text(built["pdf"])]
    body = next(p for p in pages if "Ferries link the islands" in p)
    for n, want in enumerate(NOTES, 1):
        assert f"{n}. " in body and want in body
    assert "^[" not in body


def test_epub_endnotes_and_epubcheck(built, tmp_path):
    files = epub_files(built["epub"])
    notes = xhtml(files["OEBPS/text/notes.xhtml"])
    items = notes.xpath("//x:aside[@epub:type='footnote']", namespaces=NS)
    assert [a.get("id") for a in items] == [f"fn-{n}" for n in range(1, 9)]
    assert "Through a harbour levy." in squash("".join(items[4].itertext()))
    assert epubcheck_problems(built["epub"], tmp_path) == []


def test_a_long_inline_note_is_named_as_such_at_its_place(tmp_path):
    from briefpress.lint import lint_path
    (tmp_path / "p.md").write_text("# T\n\nText.^[" + "word " * 600 + "]\n", encoding="utf-8")
    found = [d for d in lint_path(tmp_path / "p.md") if d.code == "note.too-long"]
    assert [(d.message.split(" has ")[0], d.location.line, d.location.col) for d in found] == [("inline note", 3, 6)]


def test_an_inline_note_that_starts_with_a_citing_sentence_may_hold_a_citation_bracket():
    # the note's own '^[' was taken for a citation bracket, closed by none (the next '[' came first)
    from briefpress.pitfalls import markdown_pitfalls
    text = "# T\n\nText.^[As @a2000 argues, and [see @b2001].] More.\n\nSee [@a2000, p. 4 and more.\n"
    found = [(d.code, d.location.line) for d in markdown_pitfalls(text, "t.md")]
    assert found == [("cite.unclosed", 5)]


def test_an_inline_note_that_opens_with_a_citation_and_is_never_closed_is_said():
    # with '^[' no longer read as a citation bracket, such a note built silently and printed '^[See Smith'
    from briefpress.pitfalls import markdown_pitfalls
    for text, col in (("# T\n\nText.^[See @a2000, p. 4 and more.\n\nNext.\n", 7),
                      ("# T\n\nA.^[As @a2000 argues, [see @b2001] too.\n\nNext.\n", 4)):
        found = [(d.code, d.location.line, d.location.col) for d in markdown_pitfalls(text, "t.md")]
        assert found == [("cite.unclosed", 3, col)]
    closed = "# T\n\nA.^[As @a2000 argues, [see @b2001] too.] B.^[@a2000, 4.]\n"
    assert markdown_pitfalls(closed, "t.md") == []


def test_an_image_caption_that_cites_may_hold_a_citation_bracket():
    # the image's '![' was taken for a citation bracket, closed by none (the caption's next '[' came first):
    # a caption with a reference and a bracketed one stopped the build; an escaped '\!' is no image
    from briefpress.pitfalls import markdown_pitfalls
    text = ("# T\n\n![As @a2000 shows, [see @b2001].](x.png)\n\n![A map, compare @fig:b and [-@fig:b].](m.png){#fig:a}\n\n"
            "Bang\\![see @a2000 and [this].\n")
    found = [(d.code, d.location.line, d.location.col) for d in markdown_pitfalls(text, "t.md")]
    assert found == [("cite.unclosed", 7, 7)]
