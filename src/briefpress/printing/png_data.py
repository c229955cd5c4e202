"""PNG figures written into the PDF as the data they already hold, applied by :func:`apply` (called by
:func:`.layout.prepare`): takes WeasyPrint 70's ``RasterImage._get_png_data`` (a Pillow image of a PNG
→ the zlib stream of its filtered rows, which the PDF carries with ``/Predictor 15``) and returns a
version that reads the rows from the file when they are already in that form.

WeasyPrint decodes every PNG it embeds and encodes it again to get that stream: ~170 ms of a worker's
CPU for one 2400×1600 chart, the most of a figure-heavy brief's layout. A PNG of 8-bit grey or RGB
rows, not interlaced and without transparency, holds exactly that stream already: its ``IDAT``
chunks, joined. Those are used as they are, so the PDF shows the same pixels (tested against
WeasyPrint's own stream, page pixels compared). Any other PNG (a palette, 16 bits, an alpha channel,
interlacing, ``tRNS``, an animation, a chunk that does not add up) goes WeasyPrint's way. The image
stream's bytes decide a part's bytes, so a part's key names whether this is in place (:mod:`.jobs`).
"""

from __future__ import annotations

import io
import struct
import zlib

SUPPORTED = "70."  # the WeasyPrint releases whose _get_png_data takes a Pillow image and returns IDAT data
SIGNATURE = b"\x89PNG\r\n\x1a\n"
COLOUR_TYPES = {"L": 0, "RGB": 2}  # the Pillow modes WeasyPrint writes with this stream, their PNG types


def idat(png: bytes, mode: str) -> bytes | None:
    """The joined ``IDAT`` data of ``png`` when its rows are 8-bit ``mode`` (grey or RGB), not interlaced,
    with no transparency or animation; else None. Every chunk's CRC is checked: a file that does not
    add up is left to WeasyPrint."""
    if not png.startswith(SIGNATURE) or mode not in COLOUR_TYPES:
        return None
    data, position, seen_header = [], len(SIGNATURE), False
    while position + 12 <= len(png):
        length, kind = struct.unpack_from(">I4s", png, position)
        body = png[position + 8:position + 8 + length]
        if len(body) != length or position + 12 + length > len(png):
            return None
        crc, = struct.unpack_from(">I", png, position + 8 + length)
        if zlib.crc32(kind + body) != crc:
            return None
        if kind == b"IHDR":
            if length != 13:
                return None
            _, _, depth, colour, compression, filtering, interlace = struct.unpack(">IIBBBBB", body)
            if (depth, colour, compression, filtering, interlace) != (8, COLOUR_TYPES[mode], 0, 0, 0):
                return None
            seen_header = True
        elif kind in (b"tRNS", b"acTL"):
            return None
        elif kind == b"IDAT":
            data.append(body)
        elif kind == b"IEND":
            return b"".join(data) if seen_header and data else None
        position += 12 + length
    return None


def _get_png_data(pillow_image):
    source = getattr(pillow_image, "fp", None)
    if getattr(pillow_image, "format", None) == "PNG" and isinstance(source, io.BytesIO):
        found = idat(source.getvalue(), pillow_image.mode)
        if found is not None:
            return found
    return _original()(pillow_image)


def _original():
    from weasyprint.images import RasterImage
    return getattr(RasterImage, "briefpress_original", RasterImage._get_png_data)


def apply() -> bool:
    """Put :func:`_get_png_data` in WeasyPrint's place, once (every layout job asks); True when it is in place."""
    import weasyprint
    from weasyprint.images import RasterImage
    if not weasyprint.__version__.startswith(SUPPORTED):
        return False
    if not hasattr(RasterImage, "briefpress_original"):
        RasterImage.briefpress_original = RasterImage._get_png_data
        RasterImage._get_png_data = staticmethod(_get_png_data)
    return True
