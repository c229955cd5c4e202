"""Our citation parser against pandoc 3.9's parse of the same edge cases (golden, from pandoc -t json)."""
import json
import re
from pathlib import Path

import pytest

from briefpress.citations import extract_all, parse_locator

GOLDEN = Path(__file__).parent / "golden"
MODES = {"NormalCitation": "normal", "SuppressAuthor": "suppress-author", "AuthorInText": "author-in-text"}


def norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("*", "").split())


def test_same_citations_as_pandoc():
    expected = json.loads((GOLDEN / "cites.pandoc.json").read_text())["citations"]
    ours = extract_all((GOLDEN / "cites.md").read_text(), "cites.md").citations
    assert len(ours) == len(expected)
    for got, want in zip(ours, expected):
        assert [(i.key, i.mode, norm(i.prefix), norm(i.raw_suffix)) for i in got.items] == \
               [(w["key"], MODES[w["mode"]], norm(w["prefix"]), norm(w["suffix"])) for w in want]


@pytest.mark.parametrize("suffix, expected", [
    (", p. 12", ("12", "page", "")),
    (", pp. 33-35, 38-39 and passim", ("33-35, 38-39", "page", " and passim")),
    (", chap. 1", ("1", "chapter", "")),
    (", 12", ("12", "page", "")),
    (" 12", ("", "", " 12")),
    ("{ii, A, D-Z}, with a suffix", ("ii, A, D-Z", "page", ", with a suffix")),
    (", <https://example.org/#x>", ("", "", ", <https://example.org/#x>")),
    # as pandoc 3.9 --citeproc prints them: "sec. 3.2", "ch. 2.4-2.6", "12.5", "iv, vi–xi with suffix"
    (", sec. 3.2", ("3.2", "section", "")),
    (", ch. 2.4-2.6", ("2.4-2.6", "chapter", "")),
    (", 12.5", ("12.5", "page", "")),
    (", p. 4.", ("4", "page", ".")),
    (", {pp. iv, vi-xi} with suffix", ("iv, vi-xi", "page", " with suffix")),
])
def test_locator(suffix, expected):
    assert parse_locator(suffix) == expected


def test_escaped_at_email_code_and_autolinks_are_not_citations():
    text = "Mail foo@bar.com, write \\@handle, `@code`, <https://x.com/@user> and [@real]."
    ex = extract_all(text, "t.md")
    assert [c.items[0].key for c in ex.citations] == ["real"]
    assert "&#64;handle" in ex.text


def test_note_call_moves_after_punctuation_and_swallows_the_space():
    ex = extract_all("Serbia [@a]. Then “quoted” [@b] text [@c];", "t.md")
    assert ex.text == "Serbia.\ue000c0\ue001 Then “quoted”\ue000c1\ue001 text;\ue000c2\ue001"


def test_a_citation_before_a_colon_is_a_note_call_as_pandoc_reads_it():
    """'[@a]: text' was taken for a link definition and printed '[Doe]: text' (pandoc: a citation, even
    opening a line); a real definition's label holds no citation and stays one."""
    ex = extract_all("End “x” [@a]: colon.\n\n[see @b, 4]: more\n\n[x]: https://example.org\n", "t.md")
    assert ex.text == "End “x”:\ue000c0\ue001 colon.\n\n:\ue000c1\ue001 more\n\n[x]: https://example.org\n"
    assert [c.items[0].mode for c in ex.citations] == ["normal", "normal"]


@pytest.mark.parametrize("text, expected", [
    # pandoc drops the space before a note, a line break too: "reject .5" was printed
    ("a view Hart would\n[-@a, 88]. Next.", "a view Hart would.\ue000c0\ue001\n Next."),
    ("> long quotation.\n> [@a]\n", "> long quotation.\ue000c0\ue001\n> \n"),
    ("    in an item\n    [@a], then", "    in an item,\ue000c0\ue001\n     then"),
    # not the same paragraph: the line before is a heading or a table row
    ("# Heading\n[@a]. Text", "# Heading\n.\ue000c0\ue001 Text"),
    ("| a | b |\n[@a] text", "| a | b |\n\ue000c0\ue001 text"),
    ("Para.\n\n[@a]. Text", "Para.\n\n.\ue000c0\ue001 Text"),
])
def test_a_note_call_opening_a_line_joins_the_line_before_and_lines_keep_their_numbers(text, expected):
    ex = extract_all(text, "t.md")
    assert ex.text == expected
    assert ex.text.count("\n") == text.count("\n")


def test_locations_are_one_based_line_and_column():
    ex = extract_all("Title\n\nSome text [@key, p. 3] and[^n].\n\n[^n]: Note with [@other].\n", "m.md")
    note_cite, body_cite = ex.citations
    assert (body_cite.location.line, body_cite.location.col) == (3, 11)
    assert (note_cite.location.line, note_cite.location.col, note_cite.in_note) == (5, 17, True)
    assert (ex.refs[0].location.line, ex.refs[0].location.col) == (3, 27)


NOTE_BIB = ("@article{doe, author = {Doe, Jane}, title = {Energy Markets}, journal = {Energy Policy}, year = 2020}\n"
            "@book{smith, author = {Smith, John}, title = {The Grid}, publisher = {Routledge}, year = 2019}\n")


def _build(tmp_path, text, formats=("html",)):
    from briefpress.pipeline import build
    (tmp_path / "p.md").write_text(text, encoding="utf-8")
    (tmp_path / "p.bib").write_text(NOTE_BIB, encoding="utf-8")
    return build(tmp_path / "p.md", formats, tmp_path / "out", bibs=tmp_path / "p.bib", theme="article")


def test_a_note_starts_with_a_capital_after_an_emphasised_prefix_but_not_inside_a_footnote(tmp_path):
    result = _build(tmp_path, "---\ntitle: N\n---\n\n# One\n\nA [*see* @doe, 12] claim.[^a]\n\n"
                              "[^a]: As argued [see @smith, 4] here.\n")
    html = result.outputs["html"].read_text(encoding="utf-8")
    assert "<em>See</em> Jane Doe" in html
    assert "As argued (see John Smith" in html  # in parentheses, as citeproc


def test_a_note_or_citation_in_a_heading_keeps_its_call_and_stays_out_of_the_toc_and_bookmarks(tmp_path):
    """The TOC showed the note's token and the PDF outline the note's text, so the build stopped."""
    from outputs import outline, pdf_pages_text
    result = _build(tmp_path, "---\ntitle: H\ntoc: true\n---\n\n# One [@doe]\n\nText.\n\n# Two[^n]\n\nMore.\n\n"
                              "[^n]: A note.\n", ("pdf", "html"))
    assert outline(result.outputs["pdf"]) == ["1 One", "2 Two", "References"]
    html = result.outputs["html"].read_text(encoding="utf-8")
    assert '<h1 data-number="2" id="two">' in html and "\ue000" not in html
    text = " ".join(pdf_pages_text(result.outputs["pdf"]))
    assert "A note." in text and "Jane Doe" in text


def test_a_note_call_s_comma_or_period_goes_inside_a_closing_quotation_mark_as_pandoc_sets_it(tmp_path):
    """American English (CMOS 6.9, and pandoc for a note style): '"a test" [@a],' prints “a test,”¹; after a
    quotation's own period, ? or ! no second mark; an apostrophe, emphasis around the quotation and a call
    written after the period stay as they are; British English and German keep the mark before the call."""
    text = ("---\ntitle: N\nlang: {lang}\n---\n\n# One\n\nHe said \"a test\" [@doe], then \"more\" [@doe]. The 'single' "
            "[@doe], the students' [@smith]. Asked \"why?\" [@doe]. Said \"no.\" [@doe]. A *\"styled\"* [@doe], "
            "end; \"typed\".[@doe] And \"semi\" [@doe]; on. \"Close\"[@doe], as typed.\n")
    calls = lambda html: re.sub(r"<sup[^>]*>.*?</sup>", "¹", html)  # noqa: E731
    for lang in ("us", "gb", "de"):
        (tmp_path / lang).mkdir()
    us = calls(_build(tmp_path / "us", text.replace("{lang}", "en-US")).outputs["html"].read_text(encoding="utf-8"))
    assert ("He said “a test,”¹ then “more.”¹ The ‘single,’¹ the students’.¹ Asked “why?”¹ Said “no.”¹ "
            "A <em>“styled”</em>,¹ end; “typed”.¹ And “semi”;¹ on. “Close”,¹ as typed.") in us
    gb = calls(_build(tmp_path / "gb", text.replace("{lang}", "en-GB")).outputs["html"].read_text(encoding="utf-8"))
    assert "He said “a test”,¹ then “more”.¹ The ‘single’,¹" in gb and "Asked “why?”.¹" in gb  # as pandoc prints it
    de = calls(_build(tmp_path / "de", text.replace("{lang}", "de")).outputs["html"].read_text(encoding="utf-8"))
    assert "He said „a test“,¹ then „more“.¹" in de


def test_a_heading_s_comma_moved_inside_its_quotation_mark_is_there_in_the_contents_and_bookmarks_too(tmp_path):
    """'# The "term" [@doe], again' prints 'The “term,” again' (pandoc's contents say so too): the contents
    and the PDF's bookmarks said 'The “term”, again'."""
    from outputs import outline
    result = _build(tmp_path, "---\ntitle: H\ntoc: true\nlang: en-US\n---\n\n# The \"term\" [@doe], again\n\nText.\n",
                    ("pdf", "html"))
    assert outline(result.outputs["pdf"])[0] == "1 The “term,” again"
    html = result.outputs["html"].read_text(encoding="utf-8")
    toc = re.search(r'<nav[^>]*>.*?</nav>', html, re.S).group()
    assert "“term,” again" in toc and "“term”," not in toc
