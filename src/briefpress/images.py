"""Images: a manuscript's image references -> checked, decoded image data, in every edition.

- :func:`check` (lint, so before every build): one Markdown file -> a diagnostic at file:line:col
  for each image that is remote, outside the project, missing, unreadable or of an unknown format.
- :func:`load`: a file -> :class:`Image` (media type, bytes, width). PNG, JPEG and GIF are decoded
  with Pillow (a truncated file is an error, not black rows) and kept as they are; other raster
  formats Pillow reads become PNG; more pixels than Pillow's MAX_IMAGE_PIXELS is an error; SVG must
  carry no external references, scripts or entities; a PDF figure's first page is rasterised at a
  fixed resolution with PDFium (lower for a page too large for PDF_MAX_PIXELS).
- :func:`embed`: chapter HTML + the chapter's folder and the project root -> every ``<img src>`` a ``data:`` URI, so the
  print and web editions are self-contained and the PDF needs no file access for them.
- :func:`to_files` (EPUB): XHTML with ``data:`` images -> XHTML referring to ``images/`` files + those files.

Images are resolved against the folder of the Markdown file that refers to them (``manuscript/``
in a project, the file's own folder for a single file), the same for lint and build.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import re
import warnings
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import unquote

from .diagnostics import BuildError, Diagnostic, SourceLocation, error, line_col
from . import paths

from .code import Masking
PDF_DPI = 200
# Image data one Markdown file may embed, each use counted (every edition carries a copy per use): 200
# uses of a 5 MB image made a 1.35 GB web page and took 13 GB of memory. A figure needs 1-2 MB.
MAX_EMBEDDED = 64 * 1024 * 1024
PDF_MAX_PIXELS = 25_000_000  # a PDF figure rasterised: A4 at PDF_DPI is 3.9 million, A1 31 million
KEEP = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/svg+xml": "svg"}
RASTER_DATA = re.compile(r"data:image/(png|jpeg|gif|webp);base64,([A-Za-z0-9+/=\s]*)$", re.I)
SVG_NS = "http://www.w3.org/2000/svg"
MD_IMAGE = re.compile(r"!\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)(\{[^}\n]*\})?")
REF_IMAGE = re.compile(r"!\[([^\[\]]*)\]\[([^\]]*)\]")
REF_DEF = re.compile(r"(?m)^ {0,3}\[([^\]]+)\]:[ \t]*<?([^\s>]+)>?")
HTML_IMAGE = re.compile(r"<img\b[^>]*?\bsrc=\"([^\"]*)\"", re.I)
CODE = Masking(r"(?s)", r"|(?<!`)(`+)(?=`{0,2}(?!`))(?:(?!\n[ \t]*\n).)+?(?<!`)\2(?!`)|<!--.*?-->")
SIZE = re.compile(r"\b(width|height)=\"?([^\s\"}]+)")
EXTERNAL_URL = re.compile(r"url\(\s*(?!['\"]?\s*(?:#|data:))", re.I)  # url('#g') is inside the SVG
SIZE_VALUE = re.compile(r"^\d+(\.\d+)?(%|px|cm|mm|in|pt|em|rem)?$")


class ImageProblem(Exception):
    """Why an image cannot be used (the message says what to do)."""


@dataclass(frozen=True)
class Image:
    media_type: str
    data: bytes
    css_width: str = ""  # natural print width when the pixels are not CSS pixels (a rasterised PDF)


def _svg(data: bytes) -> Image:
    import lxml.etree

    if b"<!ENTITY" in data or b"<!entity" in data:
        raise ImageProblem("the SVG declares entities; remove the DOCTYPE")
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = lxml.etree.fromstring(data, parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise ImageProblem(f"the SVG is not well-formed XML ({exc})") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise ImageProblem("the file is not an SVG image (no <svg> root in the SVG namespace)")
    dtd = root.getroottree().docinfo.internalDTD  # entities written in UTF-16 escape the byte test above
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise ImageProblem("the SVG declares entities; remove the DOCTYPE")
    for node in root.itersiblings(preceding=True):  # <?xml-stylesheet href=…?> loads a style sheet
        if isinstance(node, lxml.etree._ProcessingInstruction) and node.target == "xml-stylesheet":
            raise ImageProblem(f"the SVG loads a style sheet ('{node.get('href')}'); put the styles in a <style> "
                               "element or remove it")
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag.rsplit("}", 1)[-1] in ("script", "foreignObject"):
            raise ImageProblem(f"the SVG contains <{el.tag.rsplit('}', 1)[-1]}>; remove it")
        for name, value in el.attrib.items():
            if name.rsplit("}", 1)[-1] in ("href", "src") and not value.strip().startswith(("#", "data:")):
                raise ImageProblem(f"the SVG refers to an external file '{value}'; embed it or remove it")
            if EXTERNAL_URL.search(value):  # fill="url(http://…)", filter, mask, clip-path, marker…
                raise ImageProblem(f"the SVG refers to an external file in {name.rsplit('}', 1)[-1]}='{value}'; "
                                   "refer to an element of the SVG (url(#id)) or remove it")
        css = (el.text or "") if el.tag == f"{{{SVG_NS}}}style" else el.get("style", "")
        if re.search(r"@import", css) or EXTERNAL_URL.search(css):
            raise ImageProblem("the SVG's styles load an external resource (url() or @import); remove it")
    return Image("image/svg+xml", data)


def _pdf(data: bytes) -> Image:
    import pypdfium2

    try:
        doc = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise ImageProblem(f"the PDF cannot be read ({exc})") from None
    try:
        if len(doc) < 1:
            raise ImageProblem("the PDF has no pages")
        page = doc[0]
        width_pt, height_pt = page.get_width(), page.get_height()
        # A page of 200 x 200 inches (a 600-byte file) is 1.6 billion pixels at PDF_DPI: such a page is
        # rasterised at the resolution that keeps it within PDF_MAX_PIXELS instead.
        scale = min(PDF_DPI / 72, (PDF_MAX_PIXELS / max(width_pt * height_pt, 1)) ** 0.5)
        image = page.render(scale=scale).to_pil()
    finally:
        doc.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return Image("image/png", out.getvalue(), f"{width_pt:.2f}pt")


def _raster(data: bytes) -> Image:
    from PIL import Image as PILImage, ImageFile, UnidentifiedImageError

    # WeasyPrint sets LOAD_TRUNCATED_IMAGES on import (and would print grey rows): not while we check.
    saved, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with warnings.catch_warnings():  # Pillow's warning is not printed: the limit is one error here
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            im = PILImage.open(io.BytesIO(data))  # over twice MAX_IMAGE_PIXELS Pillow refuses it itself
        # Over MAX_IMAGE_PIXELS Pillow only warns: counted here, not by turning its warning into an error,
        # as warning filters are the process's (the preview's threads would share them, and lose ours)
        if im.width * im.height > PILImage.MAX_IMAGE_PIXELS:
            im.close()
            raise PILImage.DecompressionBombError("over the limit")
        with im:
            im.load()  # decodes every pixel: a truncated or corrupt file fails here
            if im.format in KEEP:
                return Image(KEEP[im.format], data)
            out = io.BytesIO()
            im.save(out, format="PNG")
            return Image("image/png", out.getvalue())
    except UnidentifiedImageError:
        raise ImageProblem("the file is not an image Pillow can read; use PNG, JPEG, GIF, SVG or PDF") from None
    except (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError):
        raise ImageProblem(f"the image has more than {PILImage.MAX_IMAGE_PIXELS:,} pixels (the limit, against "
                           "decompression bombs); scale it down: a full A4 page at 300 dpi is 8.7 million") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageProblem(f"the image is truncated or corrupt ({exc}); export it again") from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = saved


@functools.lru_cache(maxsize=256)
def _load(path: Path, _stamp: tuple) -> Image:
    data = path.read_bytes()
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return _pdf(data)
    if path.suffix.lower() == ".svg" or head.startswith((b"<svg", b"<?xml")):
        return _svg(data)
    return _raster(data)


def load(path: Path) -> Image:
    """Decoded and checked (cached while the file is unchanged)."""
    st = path.stat()
    return _load(path, (st.st_mtime_ns, st.st_size))


def from_data(target: str) -> Image:
    """A ``data:image/…;base64,`` URL (Google Docs exports images so) -> the image, decoded and checked."""
    m = RASTER_DATA.match(target)
    if not m:
        raise ImageProblem("only base64 PNG, JPEG, GIF or WebP data is read; save the image as a file in the project")
    try:
        data = base64.b64decode(re.sub(r"\s", "", m.group(2)), validate=True)
    except ValueError:
        raise ImageProblem("the base64 data is broken; export the image again") from None
    return _raster(data)


def locate(target: str, base: Path, root: Path) -> Path:
    """The file an image reference names, or ImageProblem (remote, outside the project, missing)."""
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target) and not re.match(r"^[A-Za-z]:[\\/]", target):
        raise ImageProblem(f"remote image '{target}': the build never reads the network; save the file in the "
                           "project and refer to it by a relative path")
    if not target:
        raise ImageProblem("image without a file name")
    path = base / unquote(target)
    if not path.suffix and not path.exists():  # LaTeX's \includegraphics{chart} leaves the extension out
        path = next((path.with_suffix(s) for s in (".pdf", ".png", ".jpg", ".jpeg", ".svg", ".gif")
                     if path.with_suffix(s).is_file()), path)
    resolved = paths.resolved(path)
    if resolved is None:
        raise ImageProblem("the file is a link that leads round in a loop; replace it with the file") \
            from None
    root = root.resolve()
    if Path(unquote(target)).is_absolute() or (resolved != root and root not in resolved.parents):
        raise ImageProblem(f"image '{target}' is outside the project (or a link to outside it); "
                           "copy it into the project")
    if not resolved.is_file():
        raise ImageProblem(f"image file '{target}' does not exist (an image is found relative to the folder of "
                           "the Markdown file that names it)")
    return resolved


def check(text: str, name: str, base: Path, root: Path) -> list[Diagnostic]:
    """Every image of one Markdown file, located and decoded as the build will."""
    masked = CODE.sub(lambda m: "\0" * len(m.group()), text)
    found = [(m.start(), m.group(2), m.group(3) or "") for m in MD_IMAGE.finditer(masked)]
    found += [(m.start(), unescape(m.group(1)), "") for m in HTML_IMAGE.finditer(masked)]
    defs = {m.group(1).lower(): m.group(2) for m in REF_DEF.finditer(masked)}
    found += [(m.start(), defs[(m.group(2) or m.group(1)).lower()], "") for m in REF_IMAGE.finditer(masked)
              if (m.group(2) or m.group(1)).lower() in defs]
    out, total = [], 0
    for start, target, attrs in sorted(found):
        loc = SourceLocation(name, *line_col(text, start))
        if target.startswith("data:"):  # others, as before: the sanitiser's to judge
            try:
                if RASTER_DATA.match(target):
                    from_data(target)
            except ImageProblem as exc:
                out.append(error("image.invalid", f"the image's data: URL: {exc}", loc))
            continue
        for attr, value in SIZE.findall(attrs):
            if not SIZE_VALUE.match(value):
                out.append(Diagnostic("warning", "image.size", f"{attr}={value} is not a size; write e.g. "
                                      f"{attr}=60% or {attr}=8cm (units: %, px, cm, mm, in, pt, em)", loc))
        try:
            size = len(load(locate(target, base, root)).data)
            total += size
            if total > MAX_EMBEDDED >= total - size:  # said once, where the limit is crossed
                out.append(error("image.too-large", _too_much(), loc))
        except ImageProblem as exc:
            message = str(exc)
            code = ("image.remote" if message.startswith("remote") else "image.outside" if "outside" in message
                    else "image.missing" if "does not exist" in message or "without" in message else "image.invalid")
            if code == "image.invalid":
                message = f"image '{target}': {message}"
            out.append(error(code, message, loc))
    return out


def _too_much() -> str:
    return (f"the images of this file add up to more than {MAX_EMBEDDED // 2**20} MB here (each use counts: the "
            "editions carry a copy per use); use smaller images (a figure needs 1-2 MB) or fewer copies")


def data_uri(image: Image) -> str:
    return f"data:{image.media_type};base64," + base64.b64encode(image.data).decode()


def embed(html: str, base: Path, root: Path) -> str:
    """Every file image of a chapter -> a data: URI (lint has checked them; a failure here stops the build)."""
    problems, total = [], [0]

    def one(m):
        tag, src = m.group(0), unescape(m.group(1))
        if src.startswith("data:") or problems:
            return tag
        try:
            image = load(locate(src, base, root))
        except ImageProblem as exc:
            problems.append(error("image.invalid", str(exc)))
            return tag
        total[0] += len(image.data)
        if total[0] > MAX_EMBEDDED:
            problems.append(error("image.too-large", _too_much()))
            return tag
        start, end = m.start(1) - m.start(), m.end(1) - m.start()  # the src, not the same text in alt=
        tag = tag[:start] + data_uri(image) + tag[end:]
        if image.css_width and "width:" not in tag:
            tag = tag.replace("<img", f'<img style="width: {image.css_width}"', 1) if "style=" not in tag \
                else tag.replace('style="', f'style="width: {image.css_width}; ', 1)
        return tag
    html = re.sub(r"<img\b[^>]*?\bsrc=\"([^\"]*)\"", one, html)
    if problems:
        raise BuildError(problems)
    return html


FIGURE_CHARS = 1200  # about a third of a page of text: what a figure takes, for the layout's estimate


def text_size(html: str) -> int:
    """Characters of HTML with each embedded image counted as FIGURE_CHARS (printing.parts' page estimate)."""
    size = len(html)
    for m in re.finditer(r'src="data:[^"]+"', html):
        size -= max(0, len(m.group()) - FIGURE_CHARS)
    return size


def to_files(xhtml: str) -> tuple[str, dict[str, tuple[str, bytes]]]:
    """data: images -> ``images/img-<hash>.<ext>`` references + {href: (media type, bytes)}."""
    files: dict[str, tuple[str, bytes]] = {}

    def one(m):
        media_type, data = m.group(1), base64.b64decode(m.group(2))
        href = f"images/img-{hashlib.sha256(data).hexdigest()[:16]}.{EXTENSIONS.get(media_type, 'bin')}"
        files[href] = (media_type, data)
        return f'src="{href}"'
    return re.sub(r'src="data:([\w+./-]+);base64,([A-Za-z0-9+/=]+)"', one, xhtml), files
