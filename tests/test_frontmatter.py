"""Single-file mode: pandoc-style YAML front matter, its diagnostics (code and file:line:col), and how
one file's sections become numbered chapters."""
import io
import shutil
from pathlib import Path

import pytest

from briefpress.cli import main
from briefpress.diagnostics import BuildError
from briefpress.document import build_document
from briefpress.lint import lint_path, read_entries
from briefpress.metadata import load_metadata
from briefpress.project import load_project

FIXTURE = Path(__file__).parent / "fixtures" / "frontmatter"


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def paper(tmp_path) -> Path:
    for f in FIXTURE.iterdir():
        shutil.copy(f, tmp_path / f.name)
    return tmp_path / "paper.md"


def write(paper: Path, front: str, body: str = "# One\n\nText.\n") -> Path:
    paper.write_text(f"---\n{front}---\n\n{body}")
    return paper


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_fields_are_read(paper):
    project = load_project(paper)
    meta = project.metadata
    assert meta.title == "Rivers and Ledgers: Water Accounting in Small Towns"
    assert meta.subtitle == "A Comparative Note"
    assert [a.name for a in meta.authors] == ["Ada Marsh", "Bruno Tell", "Chen Wu"]
    ada, bruno, chen = meta.authors
    assert (ada.affiliations, ada.orcid, ada.email, ada.corresponding) == ((1, 2), "0000-0002-1825-0097",
                                                                          "ada.marsh@example.org", True)
    assert bruno.affiliations == (2,) and not bruno.corresponding and chen.affiliations == ()
    assert [a.text for a in meta.affiliations] == ["Institute for Water Policy, Tirana, Albania",
                                                   "Department of Civic Studies, Lakeside College"]
    assert meta.date == "2021-01-29" and meta.display_date == "29 January 2021"  # lang: en_gb, day first (CLDR)
    assert meta.keywords == ("water", "accounting", "municipalities")
    assert meta.language == "en-GB"
    assert meta.nocite == ("vale2019page",)
    assert [b.name for b in project.bibliographies] == ["paper.bib", "extra.bib"]
    assert project.bibliographies[0].name == "paper.bib"
    assert project.theme_dir.name == "article"  # no publisher: the neutral theme


def test_abstract_is_rendered_markdown(paper):
    project = load_project(paper)
    document = build_document(project.metadata, project.chapters, read_entries(project).entries)
    assert "<em>by hand</em>" in document.abstract and document.abstract.count("<p>") == 2
    assert [r.key for r in document.references] == ["brandt2018pipes", "okafor2020ledgers", "vale2019page"]


def test_ignored_and_unknown_fields_are_located(paper):
    found = {(d.code, d.severity, d.location.line, d.location.col): d.message for d in lint_path(paper)
             if d.code.startswith("metadata.")}
    assert ("metadata.ignored", "info", line_of(paper, "documentclass:"), 1) in found
    assert ("metadata.ignored", "info", line_of(paper, "geometry:"), 1) in found
    unknown = found[("metadata.unknown", "warning", line_of(paper, "colour:"), 1)]
    assert "unknown field 'colour'" in unknown and "did you mean" in unknown
    assert len(found) == 3  # link-citations, lang, tags... are understood


def test_unknown_field_fails_lint_only_when_strict(paper):
    code, out, _ = run("lint", str(paper))
    assert code == 0 and f"paper.md:{line_of(paper, 'colour:')}:1: warning: unknown field 'colour'" in out
    assert run("lint", "--strict", str(paper))[0] == 1
    paper.write_text(paper.read_text().replace("colour: blue\n", ""))
    assert run("lint", "--strict", str(paper))[0] == 0


@pytest.mark.parametrize("written, iso", [("29 January 2021", "2021-01-29"), ("January 2021", "2021-01"),
                                          ("2021-01-29", "2021-01-29"), ("2021", "2021"), ("Jan 5, 2020", "2020-01-05"),
                                          ("'2021-03'", "2021-03")])
def test_dates_as_written(paper, written, iso):
    assert load_project(write(paper, f"title: T\ndate: {written}\n")).metadata.date == iso


@pytest.mark.parametrize("written, words, printed", [
    ("today", "would change with every build", ""), ("March", "has no year", "March"),
    ("soon-ish", "is not a date", "soon-ish"), ("Spring 2022", "is not a date", "Spring 2022"),
    ("2021-13-01", "not a real date", "")])
def test_bad_dates_are_warned_of_at_their_line_and_text_is_printed_as_written(paper, written, words, printed):
    # pandoc prints a date that is text as written: so does the title block; the outputs' dates cannot use it
    write(paper, f"title: T\nlang: en\ndate: {written}\n")
    metadata = load_project(paper).metadata
    assert (metadata.date, metadata.display_date) == ("", printed)
    (d,) = [d for d in lint_path(paper) if d.code.startswith("metadata.")]
    assert (d.code, d.severity, d.location.path, d.location.line, d.location.col) == (
        "metadata.date", "warning", "paper.md", 4, 1)
    assert words in d.message and ("printed as written" if printed else "left out") in d.message
    assert run("lint", "--strict", str(paper))[0] == 1


def test_bad_date_in_a_project_stays_an_error():
    with pytest.raises(BuildError) as exc:
        load_metadata("title: T\nauthors: [A]\npublisher: {name: P}\nlanguage: en\ndate: today\n", "m.yaml")
    (d,) = exc.value.diagnostics
    assert (d.code, d.location.line) == ("metadata.invalid", 5) and "would change with every build" in d.message


def test_yaml_syntax_error_points_into_the_markdown_file(paper):
    with pytest.raises(BuildError) as exc:
        load_project(write(paper, "title: T\nauthor: [A, B\n"))
    (d,) = exc.value.diagnostics
    assert d.code == "metadata.yaml-syntax" and d.location.path == "paper.md" and d.location.line >= 3


def test_author_forms(paper):
    meta = load_project(write(paper, "title: T\nauthor: Jane Roe\n")).metadata
    assert [a.name for a in meta.authors] == ["Jane Roe"]
    meta = load_project(write(paper, "title: T\nauthor: [Jane Roe, John Poe]\n")).metadata
    assert meta.author_names == "Jane Roe and John Poe"
    meta = load_project(write(paper, "title: T\nauthors:\n  - given-names: Ludwig\n    dropping-particle: van\n"
                                     "    surname: Beethoven\n    attributes: {corresponding: true}\n")).metadata
    assert meta.authors[0].name == "Ludwig van Beethoven" and meta.authors[0].corresponding
    meta = load_project(write(paper, "title: T\nauthors:\n  - name: {given: Jane, family: Roe}\n"
                                     "    affiliation: '1, 2'\naffiliations:\n  - name: North\n    index: 1\n"
                                     "  - name: South\n    index: 2\n")).metadata
    assert meta.authors[0].name == "Jane Roe" and meta.authors[0].affiliations == (1, 2)
    meta = load_project(write(paper, "title: T\nauthor:\n  - name: Jane Roe\n    affiliation: Hill University\n"
                                     "  - name: John Poe\n    affiliations:\n      - name: Hill University\n")).metadata
    assert [a.name for a in meta.affiliations] == ["Hill University"]
    assert [a.affiliations for a in meta.authors] == [(1,), (1,)]


def test_author_problems_are_located(paper):
    write(paper, "title: T\nauthor:\n  - name: Jane Roe\n    affiliation: 3\n    orcid: 1234\n    hobby: chess\n"
                 "affiliations: [North]\n")
    found = {(d.code, d.severity, d.location.line): d.message for d in lint_path(paper)}
    assert "not in 'affiliations'" in found[("metadata.invalid", "error", 5)]
    assert "ORCID '1234'" in found[("metadata.invalid", "error", 6)]
    assert "unknown field 'hobby' in an author" in found[("metadata.unknown", "warning", 7)]


def test_nocite_forms(paper):
    assert load_project(write(paper, "title: T\nnocite: |\n  @a, @b\n")).metadata.nocite == ("a", "b")
    assert load_project(write(paper, "title: T\nnocite: ['@a', b]\n")).metadata.nocite == ("a", "b")
    assert load_project(write(paper, "title: T\nnocite: '@*'\n")).metadata.nocite == ("*",)


def test_missing_bibliography_file_is_an_error_at_the_field(paper):
    with pytest.raises(BuildError) as exc:
        load_project(write(paper, "title: T\nbibliography:\n  - paper.bib\n  - nowhere.bib\n"))
    (d,) = exc.value.diagnostics
    assert (d.code, d.location.line, d.location.col) == ("metadata.bibliography-missing", 5, 5)
    assert "'nowhere.bib'" in d.message


def test_bib_option_overrides_the_front_matter(paper, tmp_path):
    project = load_project(paper, tmp_path / "extra.bib")
    assert [b.name for b in project.bibliographies] == ["extra.bib"]


def test_project_metadata_stays_strict_but_takes_the_author_forms():
    base = "title: T\ndate: 2025\nlanguage: en\npublisher: {name: P}\n"
    meta = load_metadata(base + "authors:\n  - name: A. Author\n    bio: Writes.\n    affiliation: Hill University\n"
                                "    orcid: https://orcid.org/0000-0002-1825-0097\n    email: a@example.org\n"
                                "    corresponding: true\n", "manuscript/metadata.yaml")
    a = meta.authors[0]
    assert (a.bio, a.orcid, a.email, a.corresponding) == ("Writes.", "0000-0002-1825-0097", "a@example.org", True)
    assert meta.affiliations[0].name == "Hill University"
    for extra, field in (("tags: [x]\n", "tags"), ("geometry: a4\n", "geometry")):
        with pytest.raises(BuildError) as exc:
            load_metadata(base + "authors: [A]\n" + extra, "manuscript/metadata.yaml")
        (d,) = exc.value.diagnostics
        assert (d.code, d.severity, d.location.line) == ("metadata.unknown", "error", 6) and field in d.message


def test_sections_of_one_file_are_numbered_and_become_chapters(paper):
    project = load_project(paper)
    document = build_document(project.metadata, project.chapters, read_entries(project).entries)
    assert [(c.title.number, c.title.title_text) for c in document.chapters] == [
        ("", ""), ("1", "Introduction"), ("2", "Method"), ("3", "Findings"), ("4", "Conclusion")]
    assert [h.number for h in document.chapters[1].headings] == ["1", "1.1"]
    assert "Small towns rarely publish" in document.chapters[0].html  # the text before the first section
    assert [n.number for n in document.notes] == [1, 2, 3, 4, 5, 6]


def test_text_may_start_without_a_heading_when_the_title_is_in_the_front_matter(paper):
    write(paper, "title: Front Title\n", "Just a paragraph.\n\n# Later\n\nMore.\n")
    assert run("lint", str(paper))[0] == 0
    project = load_project(paper)
    assert project.metadata.title == "Front Title"


def test_title_from_the_opening_heading_which_is_then_no_section(paper):
    paper.write_text("# The Real Title\n\nIntro.\n\n# Part A\n\nA.\n\n# Part B\n\nB.\n")
    project = load_project(paper)
    document = build_document(project.metadata, project.chapters, {})
    assert project.metadata.title == "The Real Title"
    assert [(c.title.number, c.title.title_text) for c in document.chapters] == [
        ("", ""), ("1", "Part A"), ("2", "Part B")]


def test_second_level_sections_are_raised_when_there_is_no_first_level(paper):
    write(paper, "title: T\n", "## Alpha\n\nA.\n\n### Alpha one\n\nA1.\n\n## Beta\n\nB.\n")
    project = load_project(paper)
    document = build_document(project.metadata, project.chapters, {})
    assert [[h.number for h in c.headings] for c in document.chapters] == [["1", "1.1"], ["2"]]


def test_body_diagnostics_keep_their_line_in_the_file(paper):
    paper.write_text(paper.read_text().replace("@brandt2018pipes, p. 10", "@brandt2018pipe, p. 10"))
    (d,) = [d for d in lint_path(paper) if d.code == "cite.unknown-key"]
    assert (d.location.path, d.location.line) == ("paper.md", line_of(paper, "@brandt2018pipe, p. 10"))
    assert "did you mean 'brandt2018pipes'" in d.message


def test_pandoc_unnumbered_shorthand(paper):
    write(paper, "title: T\n", "# Preface {-}\n\nP.\n\n# One {#first}\n\nA.\n\n# Annex {#annex -}\n\nB.\n")
    project = load_project(paper)
    document = build_document(project.metadata, project.chapters, {})
    assert [(c.title.number, c.title.id) for c in document.chapters] == [("", "preface"), ("1", "first"),
                                                                         ("", "annex")]


def test_unclosed_front_matter_is_one_clear_error(paper):
    paper.write_text("---\ntitle: T\n\n# One\n\nText.\n")
    (d,) = lint_path(paper)
    assert (d.code, d.location.line, d.location.col) == ("metadata.front-matter-unclosed", 1, 1)
    assert run("build", str(paper))[0] == 1


def test_a_title_with_emphasis_is_set_in_italics_and_its_text_is_plain_where_no_markup_goes(tmp_path):
    """A title with *emphasis* was refused (pdf.title-off-cover: the check looked for the asterisks on the
    cover) and its asterisks reached <title>, the PDF's and EPUB's metadata and the running head."""
    import zipfile

    import pypdf
    from outputs import build_all, html_tree
    out = build_all(tmp_path, "---\ntitle: Energy in the *Western Balkans* & Beyond\n---\n\n# One\n\nText.\n", "")
    plain = "Energy in the Western Balkans & Beyond"
    assert pypdf.PdfReader(out["pdf"]).metadata["/Title"] == plain
    page_one = pypdf.PdfReader(out["pdf"]).pages[0].extract_text()
    assert "Western Balkans" in page_one and "*" not in page_one
    tree = html_tree(out["html"])
    assert tree.findtext(".//title") == plain
    assert tree.xpath("string(//h1[@class='title']/em)") == "Western Balkans"
    with zipfile.ZipFile(out["epub"]) as z:
        opf = next(z.read(n).decode() for n in z.namelist() if n.endswith(".opf"))
    assert f"<dc:title>{plain.replace('&', '&amp;')}</dc:title>" in opf
    cite = out["pdf"].with_suffix(".bib").read_text(encoding="utf-8")
    assert "*" not in cite and "Western Balkans" in cite


@pytest.mark.parametrize("field, shows, hides", [
    ("reference-section-title: Bibliography", ["Bibliography", "Jane Doe"], ["References"]),
    ("suppress-bibliography: true", ["1. Jane Doe, “Energy Markets,”"], ["References", "Doe, Jane"]),
])
def test_pandoc_titles_of_parts_and_suppress_bibliography(tmp_path, field, shows, hides):
    """pandoc's reference-section-title, toc-title and abstract-title name the parts briefpress makes;
    suppress-bibliography leaves the list out (the notes cite in full) and the PDF check knows it."""
    from briefpress.pipeline import build
    from outputs import pdf_pages_text
    paper = tmp_path / "p.md"
    paper.write_text(f"---\ntitle: Parts\n{field}\ntoc-title: In this paper\nabstract-title: Summary\n"
                     "abstract: Short.\ntoc: true\n---\n\n# One\n\nText.[@doe]\n\n# Two\n\nMore.\n", encoding="utf-8")
    (tmp_path / "p.bib").write_text("@article{doe, author = {Doe, Jane}, title = {Energy Markets}, "
                                    "journal = {Energy Policy}, year = 2020}\n", encoding="utf-8")
    result = build(paper, ("pdf",), tmp_path / "out", bibs=tmp_path / "p.bib", theme="article")
    text = " ".join(" ".join(pdf_pages_text(result.outputs["pdf"])).split())
    assert "IN THIS PAPER" in text.upper() and "SUMMARY" in text.upper() and "CONTENTS" not in text.upper()
    for s in shows:
        assert s in text, s
    for s in hides:
        assert s not in text, s


def test_a_title_with_scripts_and_a_link_prints_them_and_is_plain_text_in_metadata(tmp_path):
    """pandoc's ^super^, ~sub~ and [links](url) in a title printed as typed."""
    from briefpress.markdown_ext import inline_plain, inline_rich
    title = "CO~2~ Emissions, x^2^ and [Kosovo](https://example.org)"
    assert inline_plain(title) == "CO2 Emissions, x2 and Kosovo"
    assert inline_rich(title) == "CO<sub>2</sub> Emissions, x<sup>2</sup> and Kosovo"
    assert inline_plain("Plain [draft] title, R&D") == "Plain [draft] title, R&D"
    from outputs import build_all, html_tree
    out = build_all(tmp_path, f"---\ntitle: \"{title}\"\n---\n\n# One\n\nText.\n", "")
    tree = html_tree(out["html"])
    assert tree.findtext(".//title") == "CO2 Emissions, x2 and Kosovo"
    assert tree.xpath("string(//h1[@class='title']/sub)") == "2"
