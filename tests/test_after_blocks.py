"""Text right under a block, with no blank line between, is never lost (issue #11).

An invariant over every pair: a block (each table form, with and without its caption and attributes,
and the other block constructs), then directly under it another block; every word written in the
pair must reach the HTML. pandoc 3 reads nearly all of these as two blocks (a pipe table ends at the
first line without a bar, a caption at its attributes); the few it reads otherwise (a simple table's
rows run to the next blank line, a definition's text runs on) keep their words here too, as there.
"""
import re

import lxml.html
import pytest

from briefpress.citations import extract_all
from briefpress.markdown_ext import render_chapter

BLOCKS = {  # each holds words of five letters or more that are its text, and no other such word
    "pipe": "| Alder | Birch |\n|---|---|\n| Cedar | Daisy |",
    "pipe, no outer bars": "Alder | Birch\n--|--\nCedar | Daisy",
    "pipe, caption after": "| Alder | Birch |\n|---|---|\n| Cedar | Daisy |\n\nTable: Elmwood grove. {#tbl:a}",
    "pipe, caption under it": "| Alder | Birch |\n|---|---|\n| Cedar | Daisy |\n: Elmwood grove.",
    "pipe, caption before": ": Elmwood grove. {#tbl:b .landscape}\n\n| Alder | Birch |\n|---|---|\n| Cedar | Daisy |",
    "simple": "  Alder    Birch\n  -------  ------\n  Cedar    Daisy",
    "simple, headless": "-------  ------\nAlder    Birch\nCedar    Daisy\n-------  ------",
    "simple, caption": "  Alder    Birch\n  -------  ------\n  Cedar    Daisy\n\nTable: Elmwood grove.",
    "multiline": "-------------------\nAlder      Birch\n---------  --------\nCedar      Daisy\n\nFirst      Grape\n"
                 "-------------------",
    "multiline, headless": "----------  --------\nCedar       Daisy\n\nFirst       Grape\n----------  --------",
    "multiline, caption": "-------------------\nAlder      Birch\n---------  --------\nCedar      Daisy\n\n"
                          "First      Grape\n-------------------\n\nTable: Elmwood grove. {#tbl:m}",
    "grid": "+-------+-------+\n| Alder | Birch |\n+=======+=======+\n| Cedar | Daisy |\n+-------+-------+",
    "grid, caption": "+-------+-------+\n| Alder | Birch |\n+=======+=======+\n| Cedar | Daisy |\n+-------+-------+\n\n"
                     ": Elmwood grove. {#tbl:g}",
    "grid, caption under it": "+-------+-------+\n| Alder | Birch |\n+=======+=======+\n| Cedar | Daisy |\n"
                              "+-------+-------+\n: Elmwood grove.",
    "table in a quote": "> | Alder | Birch |\n> |---|---|\n> | Cedar | Daisy |",
    "table in a list item": "- Alder item\n\n  | Birch | Cedar |\n  |---|---|\n  | Daisy | Grape |",
    "fenced code": "```\nAlder code\n```",
    "fenced code, attributes": "```{.r}\nAlder = Birch\n```",
    "fenced div": "::: box\nAlder inside\n:::",
    "callout": "::: {.callout-tip}\nAlder inside\n:::",
    "nested divs": ":::: box\n::: {.aside}\nAlder inside\n:::\n::::",
    "list": "- Alder item\n- Birch item",
    "ordered list": "1. Alder item\n2. Birch item",
    "definition list": "Alder term\n:   Birch definition",
    "display math": "$$\nx = y\n$$",
    "display math, one line": "$$x = y$$",
    "figure": "![Alder caption](fig.png)",
    "raw HTML block": "<div>\nAlder inside\n</div>",
    "raw HTML, one line": "<div>Alder inside</div>",
    "line block": "| Alder verse\n| Birch verse",
    "heading": "## Alder heading",
    "setext heading": "Alder heading\n-------------",
    "block quote": "> Alder quoted",
    "paragraph": "Alder paragraph text.",
}
UNDER = {
    "paragraph": "Omega follows here.",
    "block quote": "> Omega quoted follows.",
    "list": "- Omega listed follows",
    "ordered list": "1. Omega numbered follows",
    "heading": "## Omega heading follows",
    "fenced code": "```\nOmega coded follows\n```",
    "fenced div": "::: box\nOmega divved follows\n:::",
    "line block": "| Omega lined follows",
    "raw HTML": "<div>Omega rawly follows</div>",
    "rule, then text": "* * *\n\nOmega after rules",
    "colon line": ": Omega colon follows",
    "caption line": "Table: Omega captioned follows.",
    "pipe table": "| Omega | Tabled |\n|---|---|\n| Follows | Hereby |",
    "grid table": "+-------+--------+\n| Omega | Gridded|\n+=======+========+\n| Viola | Cellos |\n+-------+--------+",
    "definition list": "Omega termed\n:   Violin defined",
    "emphasis": "*Omega emphasised* follows",
    "plus item": "+ Omega plussed follows",
    "comment": "<!-- x -->\nOmega visible follows",
}


def words(markdown: str) -> set[str]:
    """The words written: five letters or more, outside attributes, fence information and the caption marker."""
    text = re.sub(r"\{[^{}]*\}|^Table:|^```\S*|\bbox\b", " ", markdown, flags=re.M)
    return set(re.findall(r"[A-Za-z]{5,}", text))


def printed(markdown: str) -> str:
    """The chapter's text as the build makes it (citations and tables read first), letters only: a word a
    table's column cuts in two, as pandoc cuts it, is still found whole."""
    html, _ = render_chapter(extract_all(markdown, "paper.md").text)
    assert not re.search("[\ue010-\ue01f\U000f0000-\U0010ffff]", html), "a table's mark reached the HTML"
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for image in root.iter("img"):  # an image inside a paragraph (no figure, as in pandoc): its words are its alt text
        image.tail = f" {image.get('alt', '')} {image.tail or ''}"
    return "".join(re.findall(r"[A-Za-z]", root.text_content()))


@pytest.mark.parametrize("under", UNDER, ids=lambda k: f"then {k}")
@pytest.mark.parametrize("block", BLOCKS)
def test_every_word_of_a_block_and_the_one_right_under_it_is_printed(block, under):
    source = f"# Section\n\n{BLOCKS[block]}\n{UNDER[under]}\n"
    text = printed(source)
    missing = sorted(w for w in words(source) if w not in text)
    assert not missing, f"lost: {missing}"


def test_the_words_are_counted_from_the_source():  # the invariant above is no empty set
    assert words(BLOCKS["grid, caption"] + "\n" + UNDER["block quote"]) >= {"Alder", "Birch", "Cedar", "Daisy",
                                                                           "Elmwood", "grove", "Omega", "quoted"}
    assert "Omega" not in printed("# Section\n\nno omega here\n")


def _tables(markdown: str) -> list:
    root = lxml.html.fragment_fromstring(render_chapter(extract_all(markdown, "paper.md").text)[0], create_parent="div")
    return [[" ".join(c.text_content().split()) for c in t.iter("th", "td")] for t in root.iter("table")]


def test_the_blocks_are_read_as_pandoc_reads_them():
    quote = render_chapter(extract_all(BLOCKS["pipe"] + "\n> Omega quoted.\n", "paper.md").text)[0]
    assert "<blockquote" in quote and "Omega quoted." in quote
    caption = render_chapter(extract_all(BLOCKS["pipe, caption after"] + "\nOmega follows.\n", "paper.md").text)[0]
    assert 'id="tbl:a"' in caption and "{#" not in caption  # the caption ends at its attributes, as pandoc's
    assert re.search(r"</table>\s*</div>\s*<p[^>]*>Omega follows.</p>", caption)
    # a ': ' line under a paragraph is a definition, not a caption: the bars are the definition's text
    source = "Alder term\n:   Birch definition\n| Omega | Tabled |\n|---|---|\n| Follows | Hereby |\n"
    assert _tables(source) == [] and "| Omega | Tabled |" in render_chapter(extract_all(source, "paper.md").text)[0]
    quoted = render_chapter(extract_all(BLOCKS["table in a quote"] + "\nOmega termed\n:   Violin defined\n",
                                        "paper.md").text)[0]
    assert re.search(r"(?s)<blockquote.*</table>.*<dl>\s*<dt>Omega termed</dt>.*</blockquote>", quoted)


@pytest.mark.parametrize("first, under, line", [
    (BLOCKS["grid"], UNDER["line block"], 6),
    (BLOCKS["grid"], UNDER["grid table"], 6),
    (BLOCKS["grid"], UNDER["plus item"], 6),
    (BLOCKS["pipe, caption after"], UNDER["pipe table"], 6),
    (BLOCKS["pipe, caption under it"], UNDER["pipe table"], 5),
    (BLOCKS["simple"], "Text right under it.", 4),  # pandoc: a row, its first letters dropped
    (BLOCKS["simple"], "  Cedarwoods Daisy", 4),  # a row whose first cell runs over the second's edge: cut
], ids=["grid, line block", "grid, grid", "grid, plus line", "caption, table", "caption under it, table",
        "simple, paragraph", "simple, a word over an edge"])
def test_what_pandoc_would_drop_or_swallow_is_printed_with_a_warning_at_its_line(first, under, line):
    from briefpress import tables
    source = f"{first}\n{under}\n"
    found = [d for d in tables.problems(source, "paper.md") if d.code == "table.run-on"]
    assert [(d.severity, d.location.line, d.location.col) for d in found] == [("warning", line, 1)]
    assert not (words(source) - {w for w in words(source) if w in printed(source)})
    if under in (UNDER["grid table"], UNDER["pipe table"]):  # both tables, each whole
        assert [len(t) for t in _tables(source)] == [4, 4]


def test_a_block_right_under_a_table_reaches_every_edition(tmp_path):
    """The reported case, built: the quote under the table is in the web page, the PDF and the EPUB."""
    import io
    import zipfile

    from conftest import pdf_words
    from briefpress.cli import main
    paper = tmp_path / "paper.md"
    body = "\n\n".join(f"{BLOCKS[b]}\n{UNDER[u]}" for b, u in [
        ("pipe", "block quote"), ("grid, caption", "list"), ("multiline, caption", "heading"),
        ("simple, headless", "paragraph"), ("pipe, caption before", "fenced div")])
    paper.write_text(f"---\ntitle: After tables\n---\n\n# Section\n\n{body}\n", encoding="utf-8")
    out = io.StringIO()
    assert main(["build", "--format", "all", "--out", str(tmp_path / "out"), str(paper)],
                stdout=out, stderr=out) == 0, out.getvalue()
    expected = words(body)
    assert {"Omega", "quoted", "listed", "heading", "divved"} <= expected
    pdf = "".join(re.findall(r"[A-Za-z]", pdf_words(next((tmp_path / "out").glob("*.pdf")).read_bytes())))
    web = lxml.html.parse(str(next((tmp_path / "out").glob("*.html")))).getroot().text_content()
    with zipfile.ZipFile(next((tmp_path / "out").glob("*.epub"))) as epub:
        book = " ".join(lxml.html.fromstring(epub.read(n)).text_content() for n in epub.namelist()
                        if n.endswith(".xhtml"))
    for name, text in (("PDF", pdf), ("web", "".join(re.findall(r"[A-Za-z]", web))),
                       ("EPUB", "".join(re.findall(r"[A-Za-z]", book)))):
        assert not sorted(w for w in expected if w not in text), name


def test_a_simple_table_s_rows_lined_up_with_its_dashes_are_no_run_on():
    from briefpress import tables
    rows = ["  Cedar    Daisy", "  Elm      Fir and a last cell far longer than its dashes", "           Grape"]
    assert tables.problems(BLOCKS["simple"] + "\n" + "\n".join(rows) + "\n", "paper.md") == []
