"""Tables: pandoc's four forms with numbered captions, notes and citations in cells, wide tables kept on the page."""
import re
import shutil
from pathlib import Path

import pytest

from briefpress.citations import extract_all
from briefpress.diagnostics import BuildError
from briefpress.markdown_ext import render_chapter
from briefpress.tables import normalize, problems
from outputs import (NS, epub_files, epubcheck_problems, html_tree, page_sizes, pdf_pages_text, squash,
                     text_boxes_outside, xhtml)

FIXTURE = Path(__file__).parent / "fixtures" / "tables"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from briefpress.pipeline import build
    tmp = tmp_path_factory.mktemp("tables")
    for name in ("paper.md", "paper.bib"):
        shutil.copy(FIXTURE / name, tmp / name)
    return build(tmp / "paper.md", ("pdf", "epub", "html"), tmp / "out", bibs=tmp / "paper.bib", theme="kcss").outputs


def render(markdown: str) -> str:
    return render_chapter(extract_all(markdown, "t.md").text, 1)[0]


def cells(html: str, tag: str = "td") -> list[str]:
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", html, re.S)]


# --- the four forms -------------------------------------------------------------------------------

def test_pipe_table_alignments_inline_markdown_and_caption_after():
    html = render("# T\n\n| A | B | C |\n|:--|:-:|--:|\n| *x* | y | 1 |\n| **z** | w | 22 |\n\n"
                  "Table: The caption. {#tbl:abc}\n")
    assert '<table class="table-pipe" data-number="\ue003" id="tbl:abc">' in html
    assert cells(html, "th") == ["A", "B", "C"] and cells(html) == ["x", "y", "1", "z", "w", "22"]
    assert '<td style="text-align: left"><em>x</em></td>' in html
    assert '<td style="text-align: center">y</td>' in html and '<td style="text-align: right">22</td>' in html
    assert "Table: The caption" not in html and "The caption." in html


def test_simple_table_takes_alignment_from_the_header_and_a_caption_before():
    html = render("# T\n\n: Before the table.\n\n"
                  "  Right     Left     Center     Default\n"
                  "-------     ------ ----------   -------\n"
                  "     12     ab         cd       ef\n"
                  "    123     ghi        jk       lm\n")
    assert cells(html, "th") == ["Right", "Left", "Center", "Default"]
    assert cells(html) == ["12", "ab", "cd", "ef", "123", "ghi", "jk", "lm"]
    aligns = re.findall(r'<th(?: style="text-align: (\w+)")?>', html)
    assert aligns == ["right", "left", "center", ""]
    assert "Before the table." in html and "data-number" in html


def test_multiline_table_joins_cell_lines_and_keeps_relative_widths():
    html = render("# T\n\n------------------------------\n Name    Notes\n-------  ---------------------\n"
                  " First   one line\n         and another\n\n Second  short\n------------------------------\n")
    assert cells(html, "th") == ["Name", "Notes"]
    assert squash(cells(html)[1]) == "one line and another" and cells(html)[2:] == ["Second", "short"]
    widths = [float(w) for w in re.findall(r'<col style="width: ([\d.]+)%">', html)]
    assert len(widths) == 2 and widths[0] < widths[1] and abs(sum(widths) - 100) < 1


def test_a_multiline_table_s_cells_are_text_as_pandoc_reads_them():
    """A Word table through pandoc ("---" for none) printed a rule; a "# " line a numbered section in the
    table of contents: pandoc prints a multiline cell's lines as text ("—", "# Head", "- one - two")."""
    html = render("# T\n\n-------------------\nA       B\n------- ----------\nx       ---\n\ny       # Head\n\n"
                  "z       - one\n        - two\n\nw       *em* > q\n-------------------\n")
    assert "<hr" not in html and "<h1" not in html.split("<table", 1)[1] and "<ul" not in html
    assert [squash(c) for c in cells(html)] == ["x", "—", "y", "# Head", "z", "- one - two", "w", "em &gt; q"]
    assert "<em>em</em>" in html


def test_grid_table_with_spans_and_block_cells():
    html = render("# T\n\n+-----+-----+-----+\n| A   | B   | C   |\n+:====+====:+=====+\n| - x | 1   | 2   |\n"
                  "| - y |     |     |\n+-----+-----+-----+\n| wide      | 3   |\n+-----+-----+-----+\n"
                  "| tall| 4   | 5   |\n|     +-----+-----+\n|     | 6   | 7   |\n+-----+-----+-----+\n")
    assert "<ul>" in html and "<li>x</li>" in html
    assert '<td colspan="2" style="text-align: left">wide</td>' in html
    assert '<td rowspan="2" style="text-align: left">tall</td>' in html
    # the cell after a row span sits in the second column: right-aligned
    assert '<td style="text-align: right">6</td>' in html and "<td>7</td>" in html


def test_fenced_code_in_a_grid_cell_is_a_code_block_with_its_language():
    """pandoc reads a fence in a grid cell as a code block; it printed as inline code whose text began
    with the fence's language ('python x = 1')."""
    html = render("+---------+-----------------+\n| Name    | Code            |\n+=========+=================+\n"
                  "| Example | ```python       |\n|         | x = 1 > 0       |\n|         | ~~~             |\n"
                  "|         | ```             |\n+---------+-----------------+\n| Plain   | text            |\n"
                  "+---------+-----------------+\n")
    code = re.search(r"<td>(<div class=\"highlight\"><pre>.*?)</td>", html, re.S)
    assert code and "python" not in code.group(1)
    assert re.sub(r"<[^>]+>", "", code.group(1)).strip() == "x = 1 &gt; 0\n~~~"
    assert '<span class="mi">1</span>' in code.group(1)  # highlighted as Python
    assert cells(html)[-1] == "text"


def test_a_grid_cell_with_two_code_blocks_prints_both_as_blocks():
    """The second of two fenced blocks in a grid cell (ending the cell) was printed inside a paragraph
    ('<p><div class="highlight">…</div></p>', which HTML does not allow): pandoc prints two code blocks."""
    html = render("+---------------+-------+\n| Code          | Note  |\n+===============+=======+\n"
                  "| ```python     | plain |\n| x = 1         |       |\n| ```           |       |\n"
                  "|               |       |\n| ~~~           |       |\n| y = 2         |       |\n"
                  "| ~~~           |       |\n+---------------+-------+\n")
    cell = re.search(r"<td>(.*?)</td>", html, re.S).group(1)
    assert cell.count('<div class="highlight">') == 2 and not re.search(r"<p[ >]", cell)
    assert [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<code>(.*?)</code>", cell, re.S)] == ["x = 1", "y = 2"]


def test_headerless_tables_have_no_head():
    simple = render("# T\n\n-----  -----\n a      b\n c      d\n-----  -----\n")
    assert "<thead>" not in simple and cells(simple) == ["a", "b", "c", "d"]
    multi = render("# T\n\n-----  -----------\n a      one\n        two\n\n c      d\n-----  -----------\n")
    assert "<thead>" not in multi and squash(cells(multi)[1]) == "one two" and len(cells(multi)) == 4


def test_table_source_keeps_lines_so_citations_in_cells_are_located():
    text = "# T\n\n| A | B |\n|---|---|\n| x | y [@nokey2000] |\n"
    ex = extract_all(text, "t.md")
    assert ex.text.count("\n") == text.count("\n")
    loc = ex.citations[0].location
    assert (loc.line, loc.col) == (5, text.split("\n")[4].index("[@") + 1)


def test_pipes_in_code_and_fences_are_not_tables():
    text = "# T\n\n```\n| a | b |\n|---|---|\n```\n\n<!--\n| c | d |\n|---|---|\n-->\n"
    assert normalize(text, "t.md").tables == 0


def test_malformed_grid_table_is_an_error_at_its_line():
    text = "# T\n\nText.\n\n+----+----+\n| a  | b |\n+----+----+\n"
    found = problems(text, "t.md")
    assert [(d.code, d.location.line, d.location.col) for d in found] == [("table.grid-malformed", 5, 1)]


def test_a_caption_without_a_table_is_a_warning():
    found = problems("# T\n\nTable: nothing here.\n\nText.\n", "t.md")
    assert [(d.severity, d.code, d.location.line) for d in found] == [("warning", "table.caption-alone", 3)]


def test_lint_stops_the_build_on_a_malformed_grid_table(tmp_path):
    from briefpress.pipeline import build
    (tmp_path / "p.md").write_text("# T\n\n+---+---+\n| a | b  |\n+---+---+\n", encoding="utf-8")
    with pytest.raises(BuildError) as exc:
        build(tmp_path / "p.md", ("html",), tmp_path / "out")
    assert [d.code for d in exc.value.diagnostics] == ["table.grid-malformed"]


# --- the built paper -----------------------------------------------------------------------------

CAPTIONS = ["Table 1: Berth fees by port, in euros.", "Table 2: Cargo volumes by quarter.",
            "Table 3: Vessel classes, with a note on each.", "Table 4: Terminals and their services, with spans.",
            "Table 5: Twenty-four columns."]
IDS = ["tbl:fees", "tbl:volumes", "tbl:vessels", "tbl:terminals", "tbl:wide"]


def test_html_tables_are_numbered_in_reading_order(built):
    tree = html_tree(built["html"])
    tables = tree.xpath("//main//table")
    assert len(tables) == 6  # five captioned, one without caption (no number)
    numbered = [t for t in tables if t.get("data-number")]
    assert [t.get("id") for t in numbered] == IDS and [t.get("data-number") for t in numbered] == list("12345")
    assert [squash(t.xpath("string(caption)")) for t in numbered] == CAPTIONS
    spans = tree.xpath("//table[@id='tbl:terminals']//td[@colspan='2' or @rowspan='2']")
    assert [squash(td.text_content()) for td in spans] == ["South quay and east basin", "Ferry pier"]


def test_notes_and_citations_in_cells_are_numbered_with_the_others(built):
    tree = html_tree(built["html"])
    calls = [a.get("href") for a in tree.xpath("//main//table//a[@role='doc-noteref']")]
    assert calls == ["#fn-1", "#fn-2", "#fn-3", "#fn-4"]
    notes = [squash(li.text_content()) for li in tree.xpath("//section[@role='doc-endnotes']//li")]
    assert notes[0].startswith("1. Vessels enter two hours") and "Surveying Small Harbours" in notes[1]
    assert notes[2] == "3. Mostly barley from the northern farms." and "Winter Storms" in notes[3] and notes[3].startswith("4. ")


def test_pdf_shows_every_table_and_each_cell_note_on_its_page(built):
    pages = [squash(p) for p in pdf_pages_text(built["pdf"])]
    text = " ".join(pages)
    for caption in CAPTIONS:
        assert caption in text
    for cell in ("Alderney", "120,000", "Panamax", "reefer plugs", "South quay and east basin", "gamma"):
        assert cell in text
    table_page = next(p for p in pages if "Alderney" in p)
    assert "1. Vessels enter two hours" in table_page and "3. Mostly barley" in table_page
    assert "Table: " not in text and "{#tbl" not in text


def test_the_24_column_table_gets_a_landscape_page_and_stays_inside_it(built):
    pages = pdf_pages_text(built["pdf"])
    sizes = page_sizes(built["pdf"])
    wide = [n for n, p in enumerate(pages) if "Twenty-four columns" in p]
    assert len(wide) == 1
    width, height = sizes[wide[0]]
    assert width > height  # landscape
    assert all(w < h for n, (w, h) in enumerate(sizes) if n != wide[0])  # and only that page
    assert "After the wide table" in pages[wide[0] + 1]
    assert text_boxes_outside(built["pdf"]) == []
    assert "c24" in pages[wide[0]] and "x" in pages[wide[0]]


def test_epub_has_the_tables_and_passes_epubcheck(built, tmp_path):
    files = epub_files(built["epub"])
    # the wide table is in "# Annex", the second section: its own chapter file (paper-2.xhtml)
    chapters = [xhtml(files[n]) for n in ("OEBPS/text/paper.xhtml", "OEBPS/text/paper-2.xhtml")]
    tables = [t for doc in chapters for t in doc.xpath("//x:table[@data-number]", namespaces=NS)]
    assert [t.get("id") for t in tables] == IDS
    assert [squash("".join(t.xpath("x:caption", namespaces=NS)[0].itertext())) for t in tables] == CAPTIONS
    assert [a for doc in chapters for a in doc.xpath("//x:table//x:a[@epub:type='noteref']/text()", namespaces=NS)] \
        == ["1", "2", "3", "4"]
    css = files["OEBPS/css/epub.css"].decode()
    assert ".table-wrap" in css and "page: landscape" not in css
    assert epubcheck_problems(built["epub"], tmp_path) == []


def test_two_tables_with_one_id_is_an_error_and_links_to_a_table_are_fine(tmp_path):
    from briefpress.lint import lint_path
    text = ("# T\n\nSee [the fees](#tbl:a).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nTable: One. {#tbl:a}\n\n"
            "| c | d |\n|---|---|\n| 3 | 4 |\n\nTable: Two. {#tbl:a}\n")
    (tmp_path / "p.md").write_text(text, encoding="utf-8")
    found = [(d.code, d.location.line) for d in lint_path(tmp_path / "p.md") if d.severity == "error"]
    assert found == [("table.duplicate-id", 15)]


def test_a_setext_heading_with_a_bar_is_not_a_table():
    html = render("# T\n\nOption A | Option B\n---\n\nText.\n")
    assert "<table" not in html and "<h2" in html


def test_alignments_of_the_fixture_are_those_pandoc_reads():
    import base64
    import json
    from briefpress.tables.source import SPEC
    text = normalize((FIXTURE / "paper.md").read_text(encoding="utf-8"), "paper.md").text
    specs = [json.loads(base64.b64decode(line[1:])) for line in text.split("\n") if line.startswith(SPEC)]
    # as pandoc 3 reads the fixture (checked with `pandoc -t json`)
    assert [s["a"] for s in specs[:5]] == [list("lrc"), list("rrrl"), list("crc"), list("lrc"), list("ccc")]
    assert specs[5]["a"] == [""] * 24 and [s["k"] for s in specs] == ["pipe", "simple", "multiline", "grid",
                                                                      "simple", "pipe"]


def test_rules_around_a_paragraph_are_not_a_table():
    assert normalize("---\ntitle: x\n---\n\n# T\n\nText.\n\n-------\n\nMore.\n\n-----\n", "t.md").tables == 0


def test_grid_table_foot_between_equals_lines():
    html = render("# T\n\n+-------+------+\n| Item  | Cost |\n+=======+=====:+\n| tea   | 2    |\n+-------+------+\n"
                  "| cake  | 3    |\n+=======+======+\n| Total | 5    |\n+=======+======+\n")
    assert cells(html, "th") == ["Item", "Cost"]
    body, foot = html.split("<tfoot>")
    assert cells(body) == ["tea", "2", "cake", "3"] and cells(foot) == ["Total", "5"]
    assert '<td style="text-align: right">5</td>' in foot


def test_grid_table_foot_closed_by_an_equals_bottom_border():
    # pandoc 3.9 reads the rows after the last '-' border, closed by a '=' bottom, as the foot
    html = render("# T\n\n+-------+------+\n| Item  | Cost |\n+=======+======+\n| tea   | 2    |\n+-------+------+\n"
                  "| cake  | 3    |\n+-------+------+\n| Total | 5    |\n+=======+======+\n")
    body, foot = html.split("<tfoot>")
    assert cells(body) == ["tea", "2", "cake", "3"] and cells(foot) == ["Total", "5"]


def test_table_label_follows_the_paper_language():
    from briefpress.document import Chapter
    from briefpress.tables import number_tables
    html = render("# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nTable: Eins.\n\n| c | d |\n|---|---|\n| 3 | 4 |\n\n: Zwei.\n")
    out = number_tables([Chapter("t.md", html, ())], "de-AT")[0].html
    assert re.findall(r'<table[^>]*data-number="(\d)"', out) == ["1", "2"]
    assert [squash(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<caption>(.*?)</caption>", out)] == [
        "Tabelle 1: Eins.", "Tabelle 2: Zwei."]
    assert "Table 1:" in number_tables([Chapter("t.md", html, ())], "en")[0].html


def test_tables_in_a_block_quote_and_a_list_item():
    quoted = render("# T\n\n> Quoted:\n>\n> | a | b |\n> |---|---|\n> | 1 | 2 |\n>\n> Table: In a quote. {#tbl:q}\n")
    assert re.search(r"<blockquote>.*<table[^>]*id=\"tbl:q\".*</blockquote>", quoted, re.S)
    assert cells(quoted) == ["1", "2"] and "In a quote." in quoted
    listed = render("# T\n\n- item\n\n    | a | b |\n    |---|---|\n    | 1 | 2 |\n\n- next\n")
    assert re.search(r"<li>\s*<p>item</p>\s*<div class=\"table-wrap cols-2\">", listed)
    assert cells(listed) == ["1", "2"]


@pytest.mark.parametrize("source, path", [
    ("- | a | b |\n  |---|---|\n  | 1 | 2 |\n", "ul/li"),  # the table opens the item
    ("1. | a | b |\n   |---|---|\n   | 1 | 2 |\n", "ol/li"),
    ("- a | b\n  --|--\n  1 | 2\n", "ul/li"),
    ("- outer\n  - | a | b |\n    |---|---|\n    | 1 | 2 |\n- next\n", "ul/li/ul/li"),
    ("> - item\n>\n>   | a | b |\n>   |---|---|\n>   | 1 | 2 |\n", "blockquote/ul/li"),  # in a quote's item
    ("> 1. item\n>\n>    | a | b |\n>    |---|---|\n>    | 1 | 2 |\n> 2. next\n", "blockquote/ol/li"),
    ("> - | a | b |\n>   |---|---|\n>   | 1 | 2 |\n", "blockquote/ul/li"),
])
def test_a_pipe_table_opening_a_list_item_or_in_a_quoted_item_is_a_table_in_the_item(source, path):
    """pandoc reads these as a table in the item; they were printed as the item's text ('| a | b | |—|—| …')."""
    import lxml.html
    root = lxml.html.fragment_fromstring(render(source), create_parent="div")
    assert [[td.text_content().strip() for td in t.iter("td")] for t in root.xpath(f"{path}/div/table")] == [["1", "2"]]
    assert "|" not in root.text_content()


def test_a_pipe_table_right_under_an_item_s_text_stays_that_text():
    """pandoc: a table starts a block; right under the item's text (no blank line) its lines are that text."""
    html = render("- item\n  | a | b |\n  |---|---|\n  | 1 | 2 |\n- next\n")
    assert "<table" not in html and "| 1 | 2 |" in html


def test_manuscript_without_tables_is_left_as_it_is():
    from briefpress.project import load_project
    for chapter in load_project(Path(__file__).resolve().parents[1]).chapters:
        assert normalize(chapter.text, chapter.name).text == chapter.text


def test_a_heading_that_opens_a_landscape_table_goes_to_its_page(tmp_path):
    # it was left alone at the foot of the upright page before, and verification stopped the build
    row = " | ".join(f"cell{i}" for i in range(12))
    (tmp_path / "paper.md").write_text(
        "---\ntitle: Wide\nauthor: A. Writer\ndate: 2026-01-01\n---\n\n# Opening\n\nSome text.\n\n"
        "## Data at a glance\n\n| " + " | ".join(f"H{i}" for i in range(12)) + " |\n|" + "---|" * 12 + "\n| " + row
        + " |\n\n: Twelve columns\n\nAfter the table.\n")
    from briefpress.pipeline import build
    pdf = build(tmp_path / "paper.md", ("pdf",), tmp_path / "out").outputs["pdf"]
    pages, sizes = pdf_pages_text(pdf), page_sizes(pdf)
    wide = [n for n, (w, h) in enumerate(sizes) if w > h]
    assert len(wide) == 1 and "Data at a glance" in pages[wide[0]] and "cell11" in pages[wide[0]]
    assert "Data at a glance" not in "".join(p for n, p in enumerate(pages) if n != wide[0])
    assert "After the table." in pages[wide[0] + 1]
    assert 'class="before-landscape"' in render("# T\n\n## H\n\n| " + row + " |\n|" + "---|" * 12 + "\n| " + row + " |\n")


def test_a_section_and_its_subsection_heading_that_open_a_landscape_table_both_go_to_its_page(tmp_path):
    # only the subsection's went: the section's was left alone at the foot of the page (pdf.heading-alone)
    row = " | ".join(f"cell{i}" for i in range(10))
    table = "| " + row + " |\n|" + "---|" * 10 + "\n| " + row + " |\n"
    (tmp_path / "paper.md").write_text(
        "---\ntitle: Wide\nauthor: A. Writer\ndate: 2026-01-01\n---\n\n# Opening\n\nSome text.\n\n"
        "## Section A\n\n### Sub B\n\n" + table + "\n: Ten columns\n\nAfter the table.\n")
    from briefpress.pipeline import build
    pdf = build(tmp_path / "paper.md", ("pdf",), tmp_path / "out").outputs["pdf"]
    pages, sizes = pdf_pages_text(pdf), page_sizes(pdf)
    (wide,) = [n for n, (w, h) in enumerate(sizes) if w > h]
    assert "Section A" in pages[wide] and "Sub B" in pages[wide] and "cell9" in pages[wide]
    html = render("# T\n\nText.\n\n## A\n\n### B\n\n" + table)
    assert html.count('class="before-landscape"') == 2


@pytest.mark.parametrize("source, tables", [
    ("text\n- | a | b |\n  |---|---|\n  | 1 | 2 |\n", 0),  # under a paragraph's text: that text (pandoc)
    ("- a\n  text\n- | a | b |\n  |---|---|\n", 0),  # taken for text: never the table's marks in it
    ("- | a | b |\n  |---|---|\n  | 1 | 2 |\n\n- next\n", 1),  # a loose list's item (its spacing mark kept)
    ("1. a\n- | a | b |\n  |---|---|\n  | 1 | 2 |\n", 1),  # a list of its own under a list of the other kind
])
def test_a_table_opening_an_item_only_where_the_line_is_an_item_and_no_mark_shows(source, tables):
    html = render(source)
    assert html.count("<table") == tables
    assert not re.search("[\ue000-\uf8ff\U000f0000-\U000ffffd]", html), html


def test_a_simple_table_in_an_item_ends_at_the_next_item_which_is_kept():
    """'- Lead.' / blank / a simple table four spaces in / '- Next item.' right under its last row: the item's line
    was read as one more row of the table (its text blanked: a U+FFFD cell) and the next item was lost."""
    html = render("- Lead.\n\n    Left    Right\n    ------  -----\n    aa      bb\n- Next item.\n\nAfter.\n")
    assert "\ufffd" not in html and "\0" not in html and cells(html) == ["aa", "bb"]
    assert re.findall(r"<li>\s*(?:<p>)?([^<]*)", html) == ["Lead.", "Next item."]


def test_a_simple_table_right_above_a_divs_closing_fence_ends_there_and_the_div_closes():
    """'::: {.box}' / a simple table / ':::' right under its last row: the fence was read as one more row (a ':::'
    cell), the div left open, and the text after it put in the div; pandoc 3.9 ends both there."""
    html = render("::: {.box}\n  Left    Right\n  ------  -----\n  aa      bb\n:::\n\nAfter text.\n")
    assert cells(html) == ["aa", "bb"] and ":::" not in html
    assert re.search(r'<div class="box">.*</table>\s*</div>\s*</div>\s*<p[^>]*>After text\.</p>', html, re.S), html


@pytest.mark.parametrize("source", [
    "- Lead.\n\n      | a | b |\n      |---|---|\n      | c | d |\n\nAfter.\n",  # six spaces under '- ': code
    "- [ ] Lead.\n\n      | a | b |\n      |---|---|\n      | c | d |\n- Next.\n",  # under a task's text: code too
])
def test_a_table_indented_as_code_in_an_item_is_that_code_as_typed(source):
    """Four columns past the item's text its lines are indented code (pandoc 3.9 prints them as typed); the table
    was read all the same and the code printed its stand-in: private-use characters and a base64 line."""
    html = render(source)
    code = re.sub(r"<[^>]+>", "", re.search(r"<pre>(.*?)</pre>", html, re.S).group(1))
    assert code.split("\n")[:3] == ["| a | b |", "|---|---|", "| c | d |"] and "<table" not in html
    assert not any("\ue000" <= ch <= "\uf8ff" or ch >= "\U000f0000" for ch in html)
