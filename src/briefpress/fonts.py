"""Fonts: a theme font file + the text to set -> the font subset to those characters (HarfBuzz).

Used where we embed fonts ourselves (EPUB, the web edition); WeasyPrint subsets the PDF's.
HarfBuzz's subsetter (uharfbuzz) takes about a millisecond a font where fontTools took half a
second. The subset keeps every name record (copyright, licence) and the original timestamps,
so it is byte-identical for the same input.
"""

from __future__ import annotations

import re
from pathlib import Path


def subset_font(path: Path, text: str) -> bytes:
    import uharfbuzz as hb

    face = hb.Face(hb.Blob.from_file_path(str(path)))
    wanted = hb.SubsetInput()
    wanted.unicode_set.update(ord(c) for c in set(text + "0123456789 .,;:-–—‘’“”"))
    wanted.name_id_set.update(range(256))  # keep the copyright and licence names
    return hb.subset(face, wanted).blob.data


def document_text(document, theme_dir: Path) -> str:
    """Every character an edition can show: the document, its metadata and the templates' own words."""
    meta = document.metadata
    parts = [c.html for c in document.chapters] + [n.html for n in document.notes] + \
            [r.html for r in document.references]
    parts += [str(v) for v in vars(meta).values()] + [a.name for a in meta.authors]
    if meta.publisher:
        parts += [str(v) for v in vars(meta.publisher).values()]
    parts += [p.read_text(encoding="utf-8") for p in sorted(theme_dir.rglob("*.j2"))]
    return re.sub(r"<[^>]+>", " ", " ".join(parts))


def subset_theme_fonts(theme_dir: Path, files: list[str], text: str, fonts_dir: Path | None = None) -> dict[str, bytes]:
    """Each theme font file -> its subset; run once for the EPUB and the web edition together.
    ``fonts_dir``: where the theme keeps its fonts (``Theme.fonts_dir``; default ``theme_dir/fonts``)."""
    return {name: subset_font((fonts_dir or theme_dir / "fonts") / name, text) for name in files}
