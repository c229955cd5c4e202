"""PNG figures go into the PDF as the rows they already hold (printing/png_data.py): the same pixels as
WeasyPrint's own re-encoding, without decoding; every other PNG still goes WeasyPrint's way."""

import io
import random
import struct
import zlib

import pytest
from PIL import Image

from briefpress.printing import png_data

weasyprint = pytest.importorskip("weasyprint")  # Pango: every build needs it, and so does this
from weasyprint.images import RasterImage  # noqa: E402


def _chart(mode: str = "RGB", size=(160, 90), **save) -> bytes:
    """A small chart-like picture: flat areas, lines and noise, so every PNG row filter is used."""
    rng = random.Random(7)
    image = Image.new("RGB", size, "white")
    pixels = image.load()
    for x in range(size[0]):
        for y in range(size[1]):
            if (x // 20 + y // 15) % 3 == 0:
                pixels[x, y] = (rng.randrange(256), 40, 200 - y)
    out = io.BytesIO()
    image.convert(mode).save(out, format="PNG", **save)
    return out.getvalue()


def _rows(png_idat: bytes, width: int, channels: int) -> bytes:
    """PNG filtered rows (the PDF's /Predictor 15 data) -> the raw pixels: the PNG specification's filters."""
    data, stride, out, previous = zlib.decompress(png_idat), width * channels, bytearray(), bytearray(width * channels)
    for start in range(0, len(data), stride + 1):
        kind, row = data[start], bytearray(data[start + 1:start + 1 + stride])
        for i in range(stride):
            left = row[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                row[i] = (row[i] + left) & 255
            elif kind == 2:
                row[i] = (row[i] + up) & 255
            elif kind == 3:
                row[i] = (row[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                row[i] = (row[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        out += row
        previous = row
    return bytes(out)


@pytest.mark.parametrize("mode,channels", [("RGB", 3), ("L", 1)])
@pytest.mark.parametrize("level", [0, 1, 9])
def test_the_files_rows_are_the_pixels_weasyprint_would_write(mode, channels, level):
    png = _chart(mode, compress_level=level)
    found = png_data.idat(png, mode)
    assert found is not None
    theirs = png_data._original()(Image.open(io.BytesIO(png)))  # WeasyPrint 70's decode and re-encode
    expected = Image.open(io.BytesIO(png)).tobytes()
    assert _rows(found, 160, channels) == expected == _rows(theirs, 160, channels)


def _with_chunk(png: bytes, kind: bytes, body: bytes) -> bytes:
    """``png`` with one more chunk right after IHDR."""
    chunk = struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return png[:33] + chunk + png[33:]


@pytest.mark.parametrize("case", ["palette", "alpha", "grey alpha", "16-bit", "interlaced", "tRNS",
                                  "bad crc", "truncated", "no IEND", "not PNG", "mode mismatch", "animated"])
def test_every_other_png_is_left_to_weasyprint(case):
    mode = "RGB"
    if case == "palette":
        png = _chart("P")
    elif case == "alpha":
        png, mode = _chart("RGBA"), "RGBA"
    elif case == "grey alpha":
        png, mode = _chart("LA"), "LA"
    elif case == "16-bit":
        png, mode = _chart("I;16"), "L"
    elif case == "interlaced":  # Pillow writes none: the header says so (the rows would then be Adam7's)
        png = _chart()
        header = png[16:28] + b"\x01"
        png = png[:16] + header + struct.pack(">I", zlib.crc32(b"IHDR" + header)) + png[33:]
    elif case == "tRNS":
        png = _with_chunk(_chart(), b"tRNS", b"\x00\xff\x00\xff\x00\xff")
    elif case == "bad crc":
        png = bytearray(_chart())
        png[-20] ^= 1  # a byte of the last IDAT
        png = bytes(png)
    elif case == "truncated":
        png = _chart()[:-40]
    elif case == "no IEND":
        png = _chart()[:-12]
    elif case == "not PNG":
        png = b"GIF89a" + _chart()[6:]
    elif case == "mode mismatch":
        png, mode = _chart("L"), "RGB"
    else:
        png = _with_chunk(_chart(), b"acTL", struct.pack(">II", 1, 0))
    assert png_data.idat(png, mode) is None


def _pdf(html: str, base, patched: bool, monkeypatch) -> bytes:
    png_data.apply()
    if not patched:
        monkeypatch.setattr(RasterImage, "_get_png_data", staticmethod(png_data._original()))
    return weasyprint.HTML(string=html, base_url=str(base) + "/").write_pdf()


def test_a_figure_prints_the_same_pixels_from_its_own_rows(tmp_path, monkeypatch):
    import pikepdf
    import pypdfium2

    pngs = {"chart.png": _chart(compress_level=1), "grey.png": _chart("L", compress_level=9),
            "palette.png": _chart("P"), "alpha.png": _chart("RGBA")}
    for name, data in pngs.items():
        (tmp_path / name).write_bytes(data)
    html = "".join(f'<img src="{name}" style="width: 8cm">' for name in pngs)
    ours, theirs = _pdf(html, tmp_path, True, monkeypatch), _pdf(html, tmp_path, False, monkeypatch)
    assert ours != theirs  # the two RGB/grey figures' streams differ: theirs re-encoded at level 6

    def pixels(pdf):
        document = pypdfium2.PdfDocument(pdf)
        return [document[i].render(scale=2).to_pil().tobytes() for i in range(len(document))]
    assert pixels(ours) == pixels(theirs)

    document = pikepdf.open(io.BytesIO(ours))  # held: its objects are read from it
    streams = [obj.read_raw_bytes() for obj in document.objects
               if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image" and "/SMask" not in obj
               and obj.get("/ColorSpace") in ("/DeviceRGB", "/DeviceGray") and obj.get("/Width") == 160]
    assert png_data.idat(pngs["chart.png"], "RGB") in streams
    assert png_data.idat(pngs["grey.png"], "L") in streams


def test_the_workers_import_of_the_layout_does_not_read_package_metadata():
    """The forkserver imports the layout before every cold build's first part: importlib.metadata (for the
    WeasyPrint release, which the imported module already gives) cost it ~25 ms there."""
    import subprocess
    import sys
    code = "import sys, briefpress.printing.layout as l; l.prepare(); print('importlib.metadata' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["False"], done.stderr
