"""The TOC check reads each entry's page number from the PDF's links, whatever the script or line wrapping."""

import pikepdf
import pypdfium2 as pdfium

from briefpress.document import build_document
from briefpress.lint import read_entries
from briefpress.project import load_project
from briefpress.render_html import toc_entries
from briefpress.verify import _named_pages, _toc_numbers, verify_pdf
from fixture_papers import sampler  # noqa: F401 (fixture)

CYRILLIC = "Безбедносна стратегија Србије"


def _document(result):
    project = load_project(result.outputs["pdf"].parent.parent)
    from briefpress.chicago import Style
    from briefpress.theme_config import load_settings
    document = build_document(project.metadata, project.chapters, read_entries(project).entries,
                              style=Style.from_settings(load_settings(project.theme_dir)))  # the theme's house forms
    return document, toc_entries(document, 1)


FAMILIES = ["KCSS Serif", "KCSS Sans", "KCSS Mono", "KCSS Math", "KCSS Symbols"]


def test_toc_entries_are_read_from_links_for_cyrillic_and_wrapped_headings(sampler):
    result, pdf, _, _, _ = sampler
    document, toc = _document(result)
    doc = pdfium.PdfDocument(pdf)
    pages = _named_pages(doc)
    entries = _toc_numbers(doc, pages["toc"], len(toc))
    doc.close()
    titles = [h.title_text for h in toc]
    assert CYRILLIC in titles and any(t.startswith("A heading long enough") for t in titles)
    assert len(entries) == len(toc) == 6  # five sections and the references
    assert [number for number, _ in entries] == [pages[h.id] + 1 for h in toc]
    assert [target for _, target in entries] == [pages[h.id] for h in toc]
    assert [d for d in verify_pdf(pdf, document, toc, FAMILIES) if d.severity == "error"] == []


def _move_destination(pdf: bytes, name: str, to_page: int) -> bytes:
    with pikepdf.open(__import__("io").BytesIO(pdf)) as p:
        tree = pikepdf.NameTree(p.Root.Names.Dests)
        dest = tree[name]
        target = p.pages[to_page].obj
        if isinstance(dest, pikepdf.Dictionary):
            dest.D[0] = target
        else:
            dest[0] = target
        out = __import__("io").BytesIO()
        p.save(out)
        return out.getvalue()


def test_a_wrong_number_is_found_for_a_cyrillic_and_a_wrapped_entry(sampler):
    result, pdf, _, _, _ = sampler
    document, toc = _document(result)
    cyrillic = next(h for h in toc if h.title_text == CYRILLIC)
    wrapped = next(h for h in toc if h.title_text.startswith("A heading long enough"))
    doc = pdfium.PdfDocument(pdf)
    pages = _named_pages(doc)
    doc.close()
    # Each heading's destination now lies on another page than the one its TOC entry prints.
    moved = _move_destination(pdf, cyrillic.id, pages[cyrillic.id] + 1)
    moved = _move_destination(moved, wrapped.id, pages[wrapped.id] - 1)
    found = [d.message for d in verify_pdf(moved, document, toc, FAMILIES) if d.code == "pdf.toc-page"]
    assert found == [f"TOC says '{CYRILLIC}' is on page {pages[cyrillic.id] + 1}, it is on page {pages[cyrillic.id] + 2}",
                     f"TOC says '{wrapped.title_text}' is on page {pages[wrapped.id] + 1}, it is on page {pages[wrapped.id]}"]


def test_headings_below_the_toc_are_no_bookmarks_in_either_theme(tmp_path):
    """WeasyPrint's own style makes h4-h6 bookmarks: a paper with a level-6 heading before its first
    section was refused ('bookmarks do not mirror the TOC'); each theme keeps them out of the outline."""
    from briefpress.pipeline import build
    from outputs import outline
    paper = tmp_path / "p.md"
    paper.write_text("###### Preliminary remark\n\ntext\n\n# First\n\ntext\n\n#### Detail\n\ntext\n\n"
                     "##### Finer\n\ntext\n\n# Second\n\ntext\n", encoding="utf-8")
    (tmp_path / "p.bib").write_text("", encoding="utf-8")
    for theme in ("kcss", "article"):
        result = build(paper, ("pdf",), tmp_path / theme, bibs=tmp_path / "p.bib", theme=theme)
        marks = outline(result.outputs["pdf"])
        assert not {"Preliminary remark", "Detail", "Finer"} & set(marks), (theme, marks)
        assert any(m.endswith("Second") for m in marks), (theme, marks)
