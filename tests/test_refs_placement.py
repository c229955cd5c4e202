"""Where the reference list goes: under an empty References heading, in a ::: {#refs} div, or at the end."""
import re

import pytest

from briefpress.markdown_ext import is_numbered
from briefpress.reflist import is_references_title
from outputs import (NS, build_all, epub_files, epubcheck_problems, html_tree, outline, pdf_pages_text, squash,
                     xhtml)

BIB = """@book{halvorsen2017,
  author = {Halvorsen, Ingrid},
  title = {Light Rail in Small Cities},
  publisher = {Sporveien},
  date = {2017}
}
@article{abara2020,
  author = {Abara, Chidi},
  title = {Who Rides the Tram?},
  journaltitle = {Urban Transit Quarterly},
  volume = {8},
  pages = {44--61},
  date = {2020}
}
"""

BODY = """# Trams

Trams came back to small cities [@halvorsen2017]. Riders are mostly commuters [@abara2020, 50].

"""

TRAILING = BODY + "# References\n"
DIV = BODY + "# Sources consulted\n\nThe works cited above.\n\n::: {#refs}\n:::\n\n# Appendix\n\nSurvey forms.\n"
NONE = BODY


@pytest.fixture(scope="module")
def trailing(tmp_path_factory):
    return build_all(tmp_path_factory.mktemp("trailing"), TRAILING, BIB)


@pytest.fixture(scope="module")
def div(tmp_path_factory):
    return build_all(tmp_path_factory.mktemp("div"), DIV, BIB)


@pytest.fixture(scope="module")
def at_end(tmp_path_factory):
    return build_all(tmp_path_factory.mktemp("end"), NONE, BIB)


ENTRIES = ["Abara, Chidi.", "Halvorsen, Ingrid."]


def test_titles_in_several_languages():
    for title in ("References", "Bibliography", "BIBLIOGRAPHY", "Works Cited", "Literatur", "Bibliografía",
                  "Références", "Литература", "References {.unnumbered}"):
        assert is_references_title(title)
    assert not is_references_title("Referencing styles") and not is_references_title("Introduction")
    assert not is_numbered("# Bibliography\n") and is_numbered("# Trams\n")


def test_trailing_heading_holds_the_list_once_in_the_pdf(trailing):
    pages = [squash(p) for p in pdf_pages_text(trailing["pdf"])]
    text = " ".join(pages)
    assert text.count("Halvorsen, Ingrid.") == 1
    toc = next(p for p in pages if "Table of Contents" in p)
    assert len(re.findall(r"REFERENCES|References", toc)) == 1
    assert outline(trailing["pdf"]).count("References") == 1
    refs_page = next(p for p in pages if "Halvorsen, Ingrid." in p)
    assert refs_page.index("References") < refs_page.index(ENTRIES[0]) < refs_page.index(ENTRIES[1])


def test_trailing_heading_in_html_and_epub(trailing, tmp_path):
    tree = html_tree(trailing["html"])
    assert len(tree.xpath("//*[@id='references']")) == 1
    assert [squash(a.text_content()) for a in tree.xpath("//nav[contains(@class,'toc')]//a")].count("References") == 1
    heading = tree.xpath("//h1[@id='references']")[0]
    assert heading.get("data-number") is None  # a References heading is never numbered
    items = tree.xpath("//div[@role='doc-bibliography']/ol/li")
    assert [li.get("id") for li in items] == ["ref-abara2020", "ref-halvorsen2017"]
    files = epub_files(trailing["epub"])
    assert "OEBPS/text/references.xhtml" not in files
    nav = xhtml(files["OEBPS/nav.xhtml"])
    labels = [squash("".join(a.itertext())) for a in nav.xpath("//x:nav[@epub:type='toc']//x:a", namespaces=NS)]
    assert labels.count("References") == 1
    landmark = nav.xpath("//x:nav[@epub:type='landmarks']//x:a[@epub:type='bibliography']/@href", namespaces=NS)
    # "# References" is the second top-level section, so its own chapter file
    assert landmark == ["text/paper-2.xhtml#references"]
    chapter = xhtml(files["OEBPS/text/paper-2.xhtml"])
    assert chapter.xpath("//x:li[@id='ref-halvorsen2017']", namespaces=NS)
    assert epubcheck_problems(trailing["epub"], tmp_path) == []


def test_refs_div_places_the_list_before_the_appendix(div, tmp_path):
    text = squash(" ".join(pdf_pages_text(div["pdf"])))
    body = text[text.index("Trams came back"):]
    assert body.index("The works cited above.") < body.index(ENTRIES[0]) < body.index("Survey forms.")
    assert body.count(ENTRIES[0]) == 1
    assert "References" not in outline(div["pdf"])
    tree = html_tree(div["html"])
    assert [li.get("id") for li in tree.xpath("//div[@id='refs']/ol/li")] == ["ref-abara2020", "ref-halvorsen2017"]
    assert not tree.xpath("//*[@id='references']")
    assert ":::" not in squash(tree.xpath("string(//main)"))
    files = epub_files(div["epub"])
    assert "OEBPS/text/references.xhtml" not in files
    nav = xhtml(files["OEBPS/nav.xhtml"])
    assert nav.xpath("//x:nav[@epub:type='landmarks']//x:a[@epub:type='bibliography']/@href",
                     namespaces=NS) == ["text/paper-2.xhtml#refs"]  # in "Sources consulted", the second section
    assert epubcheck_problems(div["epub"], tmp_path) == []


def test_without_a_place_the_list_goes_at_the_end_as_before(at_end):
    pages = [squash(p) for p in pdf_pages_text(at_end["pdf"])]
    assert outline(at_end["pdf"])[-1] == "References"
    last_text = next(p for p in reversed(pages) if ENTRIES[0] in p)
    assert last_text.startswith("References") or "References " + ENTRIES[0] in last_text
    files = epub_files(at_end["epub"])
    assert "OEBPS/text/references.xhtml" in files
    tree = html_tree(at_end["html"])
    assert len(tree.xpath("//section[@role='doc-bibliography']//li")) == 2


def document(markdown: str):
    from briefpress.bibliography import parse_bibliography
    from briefpress.document import build_document
    from briefpress.metadata import Metadata
    from briefpress.source_files import SourceFile
    entries = parse_bibliography(BIB, "p.bib")
    meta = Metadata(title="T", short_title="T", slug="t", language="en")
    return build_document(meta, [SourceFile(None, "p.md", markdown)], entries)


def placed_html(doc) -> str:
    """Every chapter's HTML, the list filled in (a single file is one chapter per top-level section)."""
    from briefpress.reflist import fill
    return "".join(fill(c.html, doc.references) for c in doc.chapters)


def test_raw_refs_div_and_a_refs_heading_id():
    doc = document(BODY + '<div id="refs"></div>\n\n# Annex\n\nText.\n')
    assert doc.references_at == "refs"
    html = placed_html(doc)
    assert html.index('id="ref-abara2020"') < html.index("Annex") and html.count('id="refs"') == 1
    doc = document(BODY + "# Works consulted {#refs}\n")
    assert doc.references_at == "refs" and placed_html(doc).count('id="refs"') == 1


def test_a_references_section_with_text_gets_the_list_after_its_text():
    doc = document(BODY + "# References\n\nThe sources of this brief:\n\n# Annex\n\nForms.\n")
    html = placed_html(doc)
    assert doc.references_at == "references"
    assert html.index("sources of this brief") < html.index("ref-abara2020") < html.index("Annex")
    assert html.count('id="references"') == 1


def test_only_one_place_is_kept():
    doc = document(BODY + "# Bibliography\n\n::: {#refs}\n:::\n\n# References\n")
    html = placed_html(doc)
    assert doc.references_at == "refs" and html.count('id="ref-abara2020"') == 1
    assert html.index("ref-abara2020") < html.index(">References<")


def test_no_place_leaves_the_list_to_the_theme():
    doc = document(BODY + "# Annex\n\nNo list here.\n")
    assert doc.references_at == "" and "\ue000r\ue001" not in doc.chapters[0].html


def test_project_with_a_references_file(tmp_path):
    from briefpress.pipeline import build
    manuscript = tmp_path / "manuscript"
    manuscript.mkdir()
    (manuscript / "metadata.yaml").write_text(
        'title: "Trams Return"\nauthors:\n  - name: Ana Test\npublisher:\n  name: Test Institute\n'
        '  short_name: TI\n  about: A test publisher.\ndate: "2024-05"\nlanguage: en\n', encoding="utf-8")
    (manuscript / "01-trams.md").write_text(BODY, encoding="utf-8")
    (manuscript / "02-references.md").write_text("# References\n", encoding="utf-8")
    (tmp_path / "references.bib").write_text(BIB, encoding="utf-8")
    outputs = build(tmp_path, ("pdf", "epub"), tmp_path / "out").outputs
    assert outline(outputs["pdf"]).count("References") == 1 and outline(outputs["pdf"])[0] == "1 Trams"
    files = epub_files(outputs["epub"])
    assert "OEBPS/text/references.xhtml" not in files
    chapter = xhtml(files["OEBPS/text/02-references.xhtml"])
    assert chapter.xpath("/x:html/x:body/@epub:type", namespaces=NS) == ["backmatter"]
    assert [li.get("id") for li in chapter.xpath("//x:li", namespaces=NS)] == ["ref-abara2020", "ref-halvorsen2017"]
    assert epubcheck_problems(outputs["epub"], tmp_path) == []


@pytest.fixture(scope="module")
def uncited(tmp_path_factory):
    return build_all(tmp_path_factory.mktemp("uncited"), "---\ntitle: No Sources\n---\n\n# One\n\nText.\n\n# Two\n\nMore.\n", "")


def test_a_paper_that_cites_nothing_has_no_empty_references_or_notes(uncited):
    """It printed an empty "References" (and the web edition and EPUB an empty "Notes") with a TOC entry."""
    import zipfile
    pdf = " ".join(pdf_pages_text(uncited["pdf"]))
    assert "One" in pdf and "References" not in pdf and "Notes" not in pdf
    assert "References" not in outline(uncited["pdf"])
    html = uncited["html"].read_text(encoding="utf-8")
    assert "Two" in html and ">References<" not in html and ">Notes<" not in html
    with zipfile.ZipFile(uncited["epub"]) as z:
        names = z.namelist()
        nav = z.read(next(n for n in names if n.endswith("nav.xhtml"))).decode()
    assert not any(n.endswith(("notes.xhtml", "references.xhtml")) for n in names)
    assert "References" not in nav and "Notes" not in nav and "bibliography" not in nav


def test_a_paper_that_cites_nothing_passes_epubcheck(uncited, tmp_path):
    assert epubcheck_problems(uncited["epub"], tmp_path) == []
