"""Cross-references (pandoc-crossref syntax): resolved to "Figure 2", "Section 1.2" with links in every
edition, never read as citations, unknown targets reported where they are written."""
import re
import shutil

import pytest

from briefpress import crossref
from briefpress.diagnostics import BuildError
from briefpress.lint import lint_path
from briefpress.pipeline import build
from conftest import ROOT
from figure_papers import chapter_xhtml, epubcheck, png, text_of

ONE = """# Methods

## Sources {#sec:sources}

We read the strategy [@doe2020].

![Spending by year](img/a.png){#fig:spend}

![Staff by year](img/b.png){#fig:staff}

<table id="tbl:budget" data-number="7"><tr><td>made by another module</td></tr></table>

<p><span id="eq:growth" data-number="3">x = y</span></p>
"""
TWO = """# Findings

As @fig:spend shows, and [@fig:spend; @fig:staff] confirm, the budget grew (@tbl:budget,
[-@fig:staff], @Fig:staff, @eq:growth and @sec:sources); see [@sec:sources; @fig:spend].
Mail \\@fig:spend stays as written.[^n]

[^n]: As @fig:staff shows.
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("xref")
    (root / "manuscript" / "img").mkdir(parents=True)
    shutil.copy(ROOT / "manuscript" / "metadata.yaml", root / "manuscript" / "metadata.yaml")
    png(root / "manuscript" / "img" / "a.png")
    png(root / "manuscript" / "img" / "b.png", color=(30, 30, 160))
    (root / "manuscript" / "01-methods.md").write_text(ONE)
    (root / "manuscript" / "02-findings.md").write_text(TWO)
    (root / "references.bib").write_text("@book{doe2020, author = {Doe, Jane}, title = {A Book}, date = {2020},"
                                         " publisher = {P}, location = {L}}\n")
    result = build(root, ("pdf", "epub", "html"), root / "build")
    return root, result


EXPECTED = ("As Figure 1 shows, and Figures 1 and 2 confirm, the budget grew (Table 7, 2, Figure 2, Equation 3 "
            "and Section 1.1); see Section 1.1 and Figure 1. Mail @fig:spend stays as written.")


def test_lint_finds_no_citation_and_no_error(project):
    assert [d for d in lint_path(project[0]) if d.severity != "info"] == []


def test_html_reads_and_links_references(project):
    html = project[1].outputs["html"].read_text()
    assert EXPECTED in text_of(html)
    assert '<a class="xref" href="#fig:spend">1</a>' in html
    assert '<a class="xref" href="#tbl:budget">7</a>' in html
    assert "As Figure\u00a0<a" in html  # the label never parts from its number at a line end
    notes = re.search(r'id="fn-2".*?</li>', html, re.S).group()
    assert "As Figure 2 shows." in text_of(notes)


def test_pdf_text_and_links(project):
    import pikepdf
    from figure_papers import pdf_text

    data = project[1].outputs["pdf"].read_bytes()
    text = re.sub(r"[\u2010\u00ad\x02-]\r?\n", "", pdf_text(data))  # words hyphenated at a line end
    assert EXPECTED in " ".join(text.replace("\u00a0", " ").split())
    pdf = pikepdf.open(project[1].outputs["pdf"])
    pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
    tree = pdf.Root.Names.Dests.Names
    dests = {str(tree[i]): pages[tree[i + 1][0].objgen] for i in range(0, len(tree), 2)}
    assert {"fig:spend", "fig:staff", "sec:sources", "tbl:budget", "eq:growth"} <= set(dests)
    # The chapters are laid out in two parts: a link into the other part still lands on its target's page.
    links = [str(a.Dest) for page in pdf.pages for a in page.get("/Annots", []) if "/Dest" in a]
    to_figure = [name for name in links if name.endswith("fig:spend")]
    assert len(to_figure) == 3
    for name in to_figure:
        assert dests[name] == dests["fig:spend"]


def test_epub_links_across_chapter_files(project, tmp_path):
    with __import__("zipfile").ZipFile(project[1].outputs["epub"]) as z:
        files = {n: z.read(n) for n in z.namelist()}
    findings = files["OEBPS/text/02-findings.xhtml"].decode()
    assert 'href="01-methods.xhtml#fig:spend"' in findings
    assert 'href="01-methods.xhtml#sec:sources"' in findings
    assert EXPECTED in text_of(chapter_xhtml(files))
    assert 'href="01-methods.xhtml#fig:staff"' in files["OEBPS/text/notes.xhtml"].decode()
    assert epubcheck(project[1].outputs["epub"], tmp_path) == []


def test_unknown_target_is_an_error_where_it_is_written(tmp_path):
    md = tmp_path / "paper.md"
    png(tmp_path / "a.png")
    md.write_text("# Title\n\n![A](a.png){#fig:spending}\n\nSee [@fig:spendng] and\nalso \\autoref{tbl:none}.\n")
    found = [(d.code, str(d.location), d.message) for d in lint_path(md) if d.severity == "error"]
    assert [f[:2] for f in found] == [("crossref.unknown", "paper.md:5:5"), ("crossref.unknown", "paper.md:6:6")]
    assert "did you mean 'fig:spending'?" in found[0][2]
    with pytest.raises(BuildError) as exc:
        build(md, ("html",), tmp_path / "build")
    assert [(d.code, str(d.location)) for d in exc.value.diagnostics] == [f[:2] for f in found]


def test_an_example_label_like_a_quarto_id_is_no_cross_reference(tmp_path):
    # lint reads the text citations are read from: (@eq-good) is numbered as an example there, so it is
    # neither an unknown cross-reference nor a citation; the line after it keeps its columns
    md = tmp_path / "paper.md"
    md.write_text("# Title\n\n(@eq-good) A first example.\n\nAs (@eq-good) shows, see @fig:none.\n")
    found = [(d.code, str(d.location)) for d in lint_path(md) if d.severity == "error"]
    assert found == [("crossref.unknown", "paper.md:5:26")]


def test_registry_takes_any_numbered_element_in_reading_order():
    reg = crossref.registry(['<h2 id="sec:a" data-number="1.1">A</h2><figure id="fig:x" data-number="1">',
                             '<div id="tbl:t" data-number="2"></div><h1 id="intro">Intro</h1>'])
    assert list(reg) == ["sec:a", "fig:x", "tbl:t", "intro"]
    assert reg["tbl:t"] == ("tbl", "2", "")
    assert reg["intro"] == ("sec", "", "Intro")  # an unnumbered heading is referred to by its title
    missing = []
    out = crossref.resolve("see [-\ue004intro] and \ue004Fig:x", reg, missing)
    assert out == 'see <a class="xref" href="#intro">Intro</a> and Figure\u00a0<a class="xref" href="#fig:x">1</a>'
    assert missing == []


def test_a_reference_to_something_without_a_number_is_a_warning(tmp_path):
    png(tmp_path / "a.png")
    md = tmp_path / "paper.md"
    # an image in a line of text is no figure (alone in a list item it is one, as in pandoc)
    md.write_text("# Title\n\n- a ![listed image](a.png){#fig:l}\n- see @fig:l and \\ref{here}\n\n"
                  "Text \\label{here} here.\n")
    found = [(d.code, str(d.location)) for d in lint_path(md) if d.severity != "info"]
    assert found == [("crossref.unnumbered", "paper.md:4:7"), ("crossref.unnumbered", "paper.md:4:18")]


def test_a_label_given_twice_is_an_error_at_the_second(tmp_path):
    png(tmp_path / "a.png")
    md = tmp_path / "paper.md"
    md.write_text("# Title\n\n![One](a.png){#fig:a}\n\n![Two](a.png){#fig:a width=50%}\n\nSee @fig:a.\n")
    found = [(d.code, str(d.location)) for d in lint_path(md) if d.severity == "error"]
    assert found == [("crossref.duplicate-id", "paper.md:5:14")]


def test_implicit_heading_references_link_to_the_heading_as_in_pandoc():
    targets = {"data and methods": "data-and-methods", "results": "results", "q&a": "q-a"}
    html = ('<p>See [Data and  methods], [the data][Data and Methods], [Data and Methods][], [Q&amp;A]\n'
            'and [Results] but not <code>[Results]</code>, <a href="x">[Results]</a>, [Unknown].</p>')
    out = crossref.heading_references(html, targets)
    assert re.findall(r'<a href="#([\w-]+)">([^<]+)</a>', out) == [
        ("data-and-methods", "Data and  methods"), ("data-and-methods", "the data"),
        ("data-and-methods", "Data and Methods"), ("q-a", "Q&amp;A"), ("results", "Results")]
    assert "<code>[Results]</code>" in out and '<a href="x">[Results]</a>' in out and "[Unknown]" in out


def test_an_implicit_heading_reference_reaches_another_chapter_file_in_every_format(tmp_path):
    from fixture_papers import write_project
    root = write_project(tmp_path / "p", {
        "01-one.md": "# One\n\nAs [Policy Options] shows.\n",
        "02-two.md": "# Policy Options\n\nText; back to [One].\n"})
    result = build(root, ("pdf", "epub", "html"))
    html = result.outputs["html"].read_text(encoding="utf-8")
    assert '<a href="#policy-options">Policy Options</a>' in html and '<a href="#one">One</a>' in html
    import zipfile
    with zipfile.ZipFile(result.outputs["epub"]) as z:
        epub = chapter_xhtml({n: z.read(n) for n in z.namelist()})
    assert re.search(r'<a href="[\w/.-]*#policy-options">Policy Options</a>', epub), epub


def test_of_two_headings_with_one_text_an_implicit_reference_links_to_the_first_as_in_pandoc():
    from types import SimpleNamespace as NS
    chapters = [NS(headings=[NS(title_text="Results", id="results"), NS(title_text="Notes", id="")]),
                NS(headings=[NS(title_text="results ", id="results-1"), NS(title_text="Notes", id="notes-2")])]
    assert crossref.heading_targets(chapters) == {"results": "results", "notes": "notes-2"}


def test_a_word_the_reference_prints_itself_written_before_it_is_a_warning(tmp_path):
    """'Table @tbl-a' prints 'Table Table 1' (Quarto prints the same): a warning at the word, in the
    paper's language too; '-@tbl-a' (the number alone) and another word are left alone."""
    png(tmp_path / "a.png")
    md = tmp_path / "paper.md"
    md.write_text("---\ntitle: T\n---\n# One {#sec-one}\n\n![A map](a.png){#fig-map}\n\n| A |\n|---|\n| 1 |\n\n"
                  ": Basins {#tbl-basins}\n\nTable @tbl-basins and fig. @fig-map, as in section\u00a0@sec-one.\n"
                  "See Table -@tbl-basins, [Figure -@fig-map], @fig-map and the [Figures @fig-map].\n")
    found = [(d.code, str(d.location), d.message) for d in lint_path(md) if d.code == "crossref.doubled-word"]
    assert [f[:2] for f in found] == [("crossref.doubled-word", "paper.md:14:1"),
                                      ("crossref.doubled-word", "paper.md:14:23"),
                                      ("crossref.doubled-word", "paper.md:14:44"),
                                      ("crossref.doubled-word", "paper.md:15:63")]
    assert "'Table @tbl-basins' prints 'Table Table" in found[0][2] and "'-@tbl-basins'" in found[0][2]
    assert "prints 'section\u00a0Section 1'" not in found[2][2] and "Section 1" in found[2][2]
    md.write_text("---\nlang: sq\n---\n\n# Titulli\n\n![Harta](a.png){#fig-map}\n\nFigura @fig-map tregon.\n")
    assert [str(d.location) for d in lint_path(md) if d.code == "crossref.doubled-word"] == ["paper.md:9:1"]


def test_a_kind_s_word_ending_a_sentence_or_clause_before_a_reference_is_no_doubled_word(tmp_path):
    """'… in the last table. @tbl-a lists …' and 'as this table: @tbl-a' print no word twice: a period or
    colon after a whole word is the sentence's (they were warnings); an abbreviation's period is not."""
    png(tmp_path / "a.png")
    md = tmp_path / "paper.md"
    md.write_text("---\ntitle: T\n---\n# One\n\n![A map](a.png){#fig-map}\n\n| A |\n|---|\n| 1 |\n\n: Basins {#tbl-b}\n\n"
                  "Errors are in the last table. @tbl-b lists the rest, as this figure:\n@fig-map shows. See Tab. @tbl-b.\n")
    assert [str(d.location) for d in lint_path(md) if d.code == "crossref.doubled-word"] == ["paper.md:15:21"]


def test_thousands_of_references_are_checked_once_each_and_only_a_whole_word_counts():
    """Each reference's word was looked for from the start of the file: 4,000 references took about a minute
    (a run of 50,000 letters before one, as long). Only the word right before it counts, whole."""
    from briefpress import locale
    from briefpress.crossref import mark
    from briefpress.crossref_checks import doubled_words
    reg = {"tbl-a": ("tbl", "1", "")}
    many = doubled_words([("p.md", mark("See Table @tbl-a and more words here. " * 4000))], reg, locale.labels())
    assert len(many) == 4000 and {d.code for d in many} == {"crossref.doubled-word"}
    assert len(doubled_words([("p.md", mark("x" * 50000 + " Table @tbl-a"))], reg, locale.labels())) == 1
    assert doubled_words([("p.md", mark("xTable @tbl-a, a" + "b" * 60 + "table @tbl-a"))], reg, locale.labels()) == []
