"""The article theme (a single paper.md + .bib with pandoc front matter): the verified PDF, the
EPUB (EPUBCheck clean) and the web edition; the TOC rule; --theme."""
import io
import shutil
import zipfile
from pathlib import Path

import pypdfium2
import pytest

from briefpress.cli import main
from conftest import epubcheck_problems
from briefpress.pipeline import build

FIXTURE = Path(__file__).parent / "fixtures" / "frontmatter"
SLUG = "rivers-and-ledgers-water-accounting-in-small-towns"


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def copy_fixture(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for f in FIXTURE.iterdir():
        shutil.copy(f, dest / f.name)
    return dest / "paper.md"


def pages_text(pdf: bytes) -> list[str]:
    doc = pypdfium2.PdfDocument(pdf)
    try:
        return [doc[i].get_textpage().get_text_bounded().replace("\r\n", "\n") for i in range(len(doc))]
    finally:
        doc.close()


@pytest.fixture(scope="module")
def article(tmp_path_factory):
    paper = copy_fixture(tmp_path_factory.mktemp("article"))
    result = build(paper, ("pdf", "epub", "html"))
    return paper, result, {fmt: path.read_bytes() for fmt, path in result.outputs.items()}


def test_outputs_are_named_from_the_front_matter_title(article):
    paper, result, _ = article
    assert result.outputs["pdf"] == paper.parent / "build" / f"{SLUG}.pdf"
    assert (result.notes, result.references) == (6, 3)
    assert {d.code for d in result.warnings} >= {"metadata.ignored", "metadata.unknown"}


def test_pdf_title_block_and_abstract_open_the_first_page(article):
    first = " ".join(pages_text(article[2]["pdf"])[0].split())
    for text in ("Rivers and Ledgers: Water Accounting in Small Towns", "A Comparative Note",
                 "Ada Marsh1,2,*, Bruno Tell2 and Chen Wu", "1 Institute for Water Policy, Tirana, Albania",
                 "2 Department of Civic Studies, Lakeside College", "Corresponding author (Ada Marsh): ada.marsh@example.org",
                 "https://orcid.org/0000-0002-1825-0097", "29 January 2021",  # lang: en-GB "ABSTRACT Small towns keep their water books by hand",
                 "Keywords: water; accounting; municipalities", "Small towns rarely publish their water accounts.",
                 "1 Introduction"):
        assert text in first, text
    assert first.index("Keywords") < first.index("Small towns rarely") < first.index("1 Introduction")


def test_pdf_has_no_publisher_pages_and_no_toc_for_four_sections(article):
    text = "\n".join(pages_text(article[2]["pdf"]))
    assert "contents" not in text.lower() and "Published by" not in text and "About" not in text
    assert "4 Conclusion" in text and "Publish the books." in text


def test_pdf_pages_are_numbered_and_sections_bookmarked(article):
    pdf = article[2]["pdf"]
    texts = pages_text(pdf)
    for number, text in enumerate(texts, 1):
        assert text.strip().splitlines()[-1].strip() == str(number)  # the folio at the foot
    doc = pypdfium2.PdfDocument(pdf)
    assert [i.get_title() for i in doc.get_toc() if i.level == 0] == [
        "1 Introduction", "2 Method", "3 Findings", "4 Conclusion", "References"]
    doc.close()


def test_pdf_notes_and_reference_list(article):
    text = " ".join(" ".join(pages_text(article[2]["pdf"])).split())
    # lang: en-GB: as citeproc prints a source in British English (tests/test_british_english.py)
    assert "Chidi Okafor, ‘Ledgers of the Tap: Municipal Water Accounts’, Journal of Local Finance 12 (2020): 4." in text
    assert "Some count at the pump, some at the tap." in text
    assert "Vale, Rosa. ‘A Page Nobody Cites’." in text  # listed through nocite, from the second .bib


def test_epub_is_epubcheck_clean(article, tmp_path):
    epub = tmp_path / "paper.epub"
    epub.write_bytes(article[2]["epub"])
    assert epubcheck_problems(epub, tmp_path) == []


def test_epub_has_a_title_page_and_one_file_per_section(article):
    z = zipfile.ZipFile(io.BytesIO(article[2]["epub"]))
    names = z.namelist()
    assert "OEBPS/title.xhtml" in names and "OEBPS/credits.xhtml" not in names and "OEBPS/about.xhtml" not in names
    assert [n for n in names if n.startswith("OEBPS/text/paper")] == [
        f"OEBPS/text/paper{s}.xhtml" for s in ("", "-2", "-3", "-4", "-5")]
    title = z.read("OEBPS/title.xhtml").decode()
    assert 'epub:type="titlepage"' in title and "<em>by hand</em>" in title and "Lakeside College" in title
    nav = z.read("OEBPS/nav.xhtml").decode()
    assert '<span class="number">3</span> Findings' in nav
    opf = z.read("OEBPS/package.opf").decode()
    assert "<dc:creator id=\"creator3\">Chen Wu</dc:creator>" in opf and "<dc:language>en-GB</dc:language>" in opf


def test_an_epub_without_isbn_names_the_pdf_its_page_list_counts(article):
    """The page list counts the PDF's pages; a paper with no ISBN named no source of them (Ace by DAISY:
    epub-pagesource, serious). Without ISBN or DOI the PDF is named by title, authors and date, as DAISY
    advises; with a DOI by it."""
    from types import SimpleNamespace
    from briefpress.epub import page_source
    opf = zipfile.ZipFile(io.BytesIO(article[2]["epub"])).read("OEBPS/package.opf").decode()
    name = "Rivers and Ledgers: Water Accounting in Small Towns, Ada Marsh, Bruno Tell and Chen Wu, 29 January 2021 (PDF)"
    assert f'<dc:source id="print-source">{name}</dc:source>' in opf
    assert f'<meta property="pageBreakSource">{name}</meta>' in opf and "printPageNumbers" in opf
    assert page_source(SimpleNamespace(doi="10.5555/x.1"), "") == "urn:doi:10.5555/x.1"
    assert page_source(SimpleNamespace(doi="10.5555/x.1"), "9789951842419") == "urn:isbn:9789951842419"


def test_web_edition_title_block(article):
    html = article[2]["html"].decode()
    assert '<h1 class="title">Rivers and Ledgers: Water Accounting in Small Towns</h1>' in html
    assert "<em>by hand</em>" in html and html.count('name="citation_author"') == 3
    assert '<meta name="citation_author_orcid" content="https://orcid.org/0000-0002-1825-0097">' in html
    assert 'data-number="4"' in html and "About the publisher" not in html


def test_builds_are_byte_identical(article, tmp_path):
    paper = copy_fixture(tmp_path / "again")
    again = build(paper, ("pdf", "epub"))
    assert again.outputs["pdf"].read_bytes() == article[2]["pdf"]
    assert again.outputs["epub"].read_bytes() == article[2]["epub"]


LONG = "".join(f"# Section {n}\n\nText of section {n} [@okafor2020ledgers, p. {n}].\n\n" for n in range(1, 6)) + "".join(
    f"# A Section Whose Title Is Long Enough to Wrap Onto a Second Line in the Printed List, Number {n}\n\nText.\n\n"
    for n in (6, 7))  # wrapped entries: their page numbers are read and checked too


@pytest.mark.parametrize("toc, sections, printed", [("", LONG, True), ("toc: false\n", LONG, False),
                                                    ("toc: true\n", "# One\n\nText.\n\n# Two\n\nMore.\n", True)])
def test_toc_from_six_sections_or_when_asked(tmp_path, toc, sections, printed):
    paper = copy_fixture(tmp_path)
    paper.write_text(f"---\ntitle: A Paper\nbibliography: paper.bib\n{toc}---\n\n{sections}")
    result = build(paper, ("pdf",))  # verified: TOC numbers = the pages of the headings
    first = pages_text(result.outputs["pdf"].read_bytes())[0]
    assert ("contents" in first.lower()) is printed
    if printed:
        lines = [line for line in first.splitlines() if ". ." in line]
        # + References when something is cited (a paper that cites nothing has no reference list)
        assert len(lines) == sections.count("\n# ") + sections.startswith("# ") + ("[@" in sections)


def test_theme_option_chooses_any_theme(tmp_path):
    paper = copy_fixture(tmp_path)
    code, out, err = run("build", str(paper), "--theme", "kcss", "--out", str(tmp_path / "kcss"))
    assert code == 0, err
    texts = pages_text(Path(out.strip()).read_bytes())
    assert "Table of Contents" in "\n".join(texts)  # the KCSS front matter: cover, credits, contents
    code, _, err = run("build", str(paper), "--theme", "artcle")
    assert code == 1 and "theme 'artcle' not found" in err and "did you mean 'article'" in err
    assert run("lint", str(paper), "--theme", "kcss")[0] == 0


def test_title_markdown_is_rendered_in_the_title_block(tmp_path):
    from briefpress.pipeline import build_screen
    paper = copy_fixture(tmp_path)
    paper.write_text("---\ntitle: The *Ledger* of Rivers & Towns\nsubtitle: A `draft`\n---\n\nText.\n")
    html, project = build_screen(paper)
    assert '<h1 class="title">The <em>Ledger</em> of Rivers &amp; Towns</h1>' in html
    assert '<p class="subtitle">A <code>draft</code></p>' in html
    assert project.metadata.slug == "the-ledger-of-rivers-towns"


def test_the_kcss_project_builds_in_the_article_theme(project_copy):
    # 35 notes in sections that run on, a TOC of 13 entries: all verified (note pages, TOC numbers, outline)
    code, out, err = run("build", str(project_copy), "--theme", "article")
    assert code == 0, err
    texts = pages_text(Path(out.strip()).read_bytes())
    first = " ".join(texts[0].split())
    assert first.startswith("How Does the Serbian Security Doctrine View Kosovo, the West, Russia, and China?")
    assert "CONTENTS" in first and "Recommendations" in first
    assert not any("Published by" in t for t in texts)
