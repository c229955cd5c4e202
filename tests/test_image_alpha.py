"""PNG figures with an alpha channel (RGBA, 16-bit RGBA, grey and alpha): the PDF draws them with their
transparency (an image and its soft mask, never the re-used rows of an opaque PNG), the EPUB and the web
edition carry the file as it is, and EPUBCheck accepts it."""
import base64
import io
import re
import struct
import zipfile
import zlib

import pypdfium2 as pdfium
from PIL import Image

RED, CLEAR, HALF_BLUE = (255, 0, 0, 255), (0, 0, 0, 0), (0, 0, 255, 128)


def _pixel(x: int, y: int) -> tuple:
    """Two bars on nothing: opaque red and half-transparent blue."""
    if 10 <= y < 110:
        if 10 <= x < 90:
            return RED
        if 110 <= x < 190:
            return HALF_BLUE
    return CLEAR


def _png(mode: str) -> bytes:
    if mode == "RGBA16":  # Pillow writes no 16-bit RGBA: rows and chunks written here
        rows = b"".join(b"\0" + b"".join(struct.pack(">4H", *(c * 257 for c in _pixel(x, y))) for x in range(200))
                        for y in range(120))

        def chunk(kind, body):
            return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 200, 120, 16, 6, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    image = Image.new("RGBA", (200, 120))
    image.putdata([_pixel(x, y) for y in range(120) for x in range(200)])
    out = io.BytesIO()
    image.convert(mode).save(out, format="PNG")
    return out.getvalue()


def test_a_png_with_alpha_prints_with_its_transparency_and_passes_epubcheck(tmp_path):
    from briefpress.pipeline import build
    from conftest import epubcheck_problems
    files = {"rgba.png": _png("RGBA"), "deep.png": _png("RGBA16"), "grey.png": _png("LA")}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "p.md").write_text("---\ntitle: Alpha\n---\n\n# One\n\n" + "".join(
        f"![Bars {name}]({name}){{width=200px}}\n\n" for name in files), encoding="utf-8")
    outputs = build(tmp_path / "p.md", ("pdf", "epub", "html"), tmp_path / "out", theme="article").outputs
    page = pdfium.PdfDocument(outputs["pdf"])[0]
    drawn = page.render(scale=2).to_pil().convert("RGB")
    colours = drawn.getcolors(1 << 20)

    def count(rgb):  # pixels of about that colour (rounding)
        return sum(n for n, c in colours if max(abs(a - b) for a, b in zip(c, rgb)) <= 2)
    # over the white page: red, the blue half way to white, and their greys (what "LA" keeps of them): the
    # two RGBA files' bars, and the grey file's, each as large as the other
    bar = count((255, 0, 0))
    assert bar > 1000 and count((127, 127, 255)) == bar
    assert all(abs(count(grey) - bar / 2) < bar / 50 for grey in ((76, 76, 76), (142, 142, 142)))
    assert count((0, 0, 0)) < bar // 10 and count((0, 0, 255)) == 0  # no clear pixel black, no half-clear one full
    with zipfile.ZipFile(outputs["epub"]) as epub:
        carried = {epub.read(n) for n in epub.namelist() if n.endswith(".png") and "/images/img-" in n}
    assert carried == set(files.values())  # the files as they are
    web = outputs["html"].read_text(encoding="utf-8")
    assert {base64.b64decode(m) for m in re.findall(r'src="data:image/png;base64,([^"]+)"', web)} >= set(files.values())
    assert epubcheck_problems(outputs["epub"], tmp_path) == []
