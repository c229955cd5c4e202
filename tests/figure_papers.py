"""Helpers for the figure, cross-reference and raw-LaTeX tests: tiny images made here, papers built in all formats."""
import re
import zipfile
from pathlib import Path
from conftest import epubcheck_problems

GREEN = (34, 170, 102)
BIB = """@book{doe2020, author = {Doe, Jane}, title = {A Book on Charts}, date = {2020},
  publisher = {Example Press}, location = {Prishtina}}
@book{roe2019, author = {Roe, Richard}, title = {Numbers in Policy}, date = {2019},
  publisher = {Example Press}, location = {Skopje}}
"""


def png(path: Path, size=(300, 150), color=GREEN) -> Path:
    from PIL import Image
    Image.new("RGB", size, color).save(path, format="PNG")
    return path


def jpeg(path: Path, color=(200, 40, 40)) -> Path:
    from PIL import Image
    Image.new("RGB", (120, 80), color).save(path, format="JPEG", quality=90)
    return path


def gif(path: Path) -> Path:
    from PIL import Image
    Image.new("P", (60, 60), 3).save(path, format="GIF")
    return path


def svg(path: Path, extra: str = "") -> Path:
    path.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">'
                    f'<rect x="0" y="0" width="200" height="100" fill="rgb(20,60,200)"/>{extra}</svg>')
    return path


def pdf(path: Path, text: str = "VECTOR") -> Path:
    import weasyprint
    weasyprint.HTML(string=f'<style>@page {{ size: 8cm 4cm; margin: 0 }} p {{ font: 30pt serif }}</style>'
                           f'<p>{text}</p>').write_pdf(path)
    return path


def build_all(md: Path, formats=("pdf", "epub", "html")):
    """Build a single Markdown file with its paper.bib; returns (result, pdf text, epub files, html)."""
    from briefpress.pipeline import build

    bib = md.parent / "paper.bib"
    if not bib.exists():
        bib.write_text(BIB)
    result = build(md, formats, md.parent / "build", bib)
    return result, outputs(result)


def outputs(result) -> dict:
    out = {}
    if "pdf" in result.outputs:
        out["pdf"] = pdf_text(result.outputs["pdf"].read_bytes())
    if "epub" in result.outputs:
        with zipfile.ZipFile(result.outputs["epub"]) as z:
            out["epub"] = {n: z.read(n) for n in z.namelist()}
    if "html" in result.outputs:
        out["html"] = result.outputs["html"].read_text()
    return out


def pdf_text(data: bytes) -> str:
    import pypdfium2
    doc = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def pdf_pages(data: bytes) -> list[str]:
    import pypdfium2
    doc = pypdfium2.PdfDocument(data)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def text_of(html: str) -> str:
    """The text a reader sees (tags dropped in place, entities read, spaces collapsed)."""
    from html import unescape
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).replace("\u00a0", " ").split())


epubcheck = epubcheck_problems  # one runner for every test (conftest.py)

def color_pixels(pdf_bytes: bytes, page: int, color, tolerance=8) -> int:
    """How many pixels of a rendered PDF page have (about) this colour: the image was painted."""
    import pypdfium2
    doc = pypdfium2.PdfDocument(pdf_bytes)
    try:
        image = doc[page].render(scale=1).to_pil().convert("RGB")
    finally:
        doc.close()
    pixels = image.get_flattened_data() if hasattr(image, "get_flattened_data") else image.getdata()
    return sum(1 for px in pixels if all(abs(a - b) <= tolerance for a, b in zip(px, color)))


def chapter_xhtml(files: dict) -> str:
    return "".join(v.decode() for k, v in sorted(files.items()) if k.startswith("OEBPS/text/") and
                   not k.endswith(("notes.xhtml", "references.xhtml")))


