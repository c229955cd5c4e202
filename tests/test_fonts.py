"""Font subsets for the EPUB and the web edition (HarfBuzz)."""
import io

from fontTools.ttLib import TTFont

from briefpress.fonts import subset_font
from conftest import ROOT

FONT = ROOT / "templates" / "kcss" / "fonts" / "NotoSerif-Regular.ttf"


def test_a_subset_has_the_text_and_the_licence_and_nothing_else():
    data = subset_font(FONT, "Kosovë Србија")
    font = TTFont(io.BytesIO(data))
    cmap = font.getBestCmap()
    assert {ord(c) for c in "Kosovë Србија"} <= set(cmap)
    assert ord("Ж") not in cmap and ord("Q") not in cmap
    assert len(data) < FONT.stat().st_size / 10
    names = {n.nameID for n in font["name"].names}
    assert {0, 1, 13, 14} <= names  # copyright, family, licence and its URL (OFL asks to keep them)
    assert font["head"].modified == TTFont(FONT)["head"].modified
    assert subset_font(FONT, "Kosovë Србија") == data
