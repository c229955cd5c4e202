"""Helpers for tests that build a small paper to all three formats and read the results back."""
import zipfile
from pathlib import Path

import lxml.etree
import lxml.html
import pypdfium2 as pdfium
import pypdfium2.raw as raw
from conftest import epubcheck_problems  # noqa: F401 (re-exported to the tests)

NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}


def build_all(tmp: Path, markdown: str, bib: str, name: str = "paper") -> dict:
    """Build ``name.md`` + ``name.bib`` in ``tmp`` to PDF, EPUB and HTML; return format -> path."""
    from briefpress.pipeline import build
    (tmp / f"{name}.md").write_text(markdown, encoding="utf-8")
    (tmp / f"{name}.bib").write_text(bib, encoding="utf-8")
    # the KCSS theme: these papers are checked against its TOC and covers
    result = build(tmp / f"{name}.md", ("pdf", "epub", "html"), tmp / "out", bibs=tmp / f"{name}.bib", theme="kcss")
    return result.outputs


def pdf_pages_text(path: Path) -> list[str]:
    doc = pdfium.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in doc]
    finally:
        doc.close()


def outline(path: Path) -> list[str]:
    doc = pdfium.PdfDocument(str(path))
    try:
        return [item.get_title() for item in doc.get_toc() if item.level == 0]
    finally:
        doc.close()


def text_boxes_outside(path: Path) -> list[tuple[int, tuple]]:
    """(page, box) of every text object not inside its page's media box."""
    doc = pdfium.PdfDocument(str(path))
    out = []
    try:
        for n, page in enumerate(doc):
            left, bottom, right, top = page.get_mediabox()
            for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_TEXT,)):
                l, b, r, t = obj.get_bounds()
                if l < left - 0.5 or b < bottom - 0.5 or r > right + 0.5 or t > top + 0.5:
                    out.append((n + 1, (l, b, r, t)))
    finally:
        doc.close()
    return out


def page_sizes(path: Path) -> list[tuple[float, float]]:
    doc = pdfium.PdfDocument(str(path))
    try:
        return [page.get_size() for page in doc]
    finally:
        doc.close()


def epub_files(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def xhtml(data: bytes):
    return lxml.etree.fromstring(data)


def html_tree(path: Path):
    return lxml.html.fromstring(path.read_bytes())


def squash(text: str) -> str:
    return " ".join(text.split())
