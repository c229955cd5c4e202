"""Fonts: a theme font file + the text to set -> the font subset to those characters (fontTools).

Used where we embed fonts ourselves (EPUB, the web edition); WeasyPrint subsets the PDF's.
The subset is byte-identical for the same input (no timestamp is recalculated).
"""

from __future__ import annotations

import io
from pathlib import Path


def subset_font(path: Path, text: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), recalcTimestamp=False)
    options = subset.Options()
    options.name_IDs = ["*"]  # keep the copyright and licence names
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text + "0123456789 .,;:-–—‘’“”")
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
