"""Text layouts kept from line breaking to drawing, applied by :func:`apply` (called by :func:`.layout.prepare`).

WeasyPrint 70 lets go of each line's Pango layout once the line is broken (``Layout.deactivate``) and
makes it again to draw the line (``Layout.reactivate``): a new Pango context, font description and
features, and the text set and shaped again. Here a layout is kept until its line is drawn. A line
drawn as it was measured (no word or letter spacing added to it: not justified) is drawn from the
shaping its measure made. So is a line justified left to right and nothing else: WeasyPrint shapes it
again with a letter spacing on each space, which cuts it into a Pango item per word and space (116,000
runs for the KCSS paper's 190,000 glyphs); here the drawing widens each space as Pango would, half
before it and half after (:func:`.line_drawing.spaces_widened`). Any other spaced line (by word or letter,
with tabs, right to left) gets its spacing on the layout it has (shaped again, as the spacing asks, but
not made again). Drawing puts the layout in single-paragraph mode, which would throw that shaping away:
it is set only for a line that holds a newline or paragraph separator, the only text it changes. The PDF
is drawn as WeasyPrint draws it: the same bytes but for a justified line's spaces, and every visible
glyph within 0.02 pt of where WeasyPrint puts it (tests/test_kept_layouts.py lays a paper of every
construct out with and without: within 0.01 pt for the KCSS paper, its pages the same pixels); the KCSS
paper's layout in one piece takes ~4% less CPU, and its writing ~10% less.

Memory: a kept layout lives until its line is drawn, or until ``KEPT`` others have been kept after it,
when it is let go as WeasyPrint lets it go (and made again to be drawn): a part of a few pages keeps a
few hundred; a long paper laid out in one piece keeps no more than ``KEPT`` (~6 kB each).

Only on the WeasyPrint release it was written for, and only when the line it changes in the drawing is
found once (the edit made by :mod:`.line_drawing`); otherwise nothing changes and :func:`apply` returns False.
"""

from __future__ import annotations

import collections
import re
import weakref

from weasyprint.text import line_break
from weasyprint.text.ffi import TO_UNITS, pango

from . import line_drawing

KEPT = 4000
ORIGINAL_DEACTIVATE = line_break.Layout.deactivate
ORIGINAL_REACTIVATE = line_break.Layout.reactivate
ORIGINAL_DRAW = line_drawing.ORIGINAL
_LINE = "pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)"
# letters written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko… and their presentation forms): a
# justified line with any is shaped again, as WeasyPrint does, its spaces spaced by Pango
RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]")
SEPARATORS = frozenset("\n\r\x0b\x0c\x85\u2028\u2029")  # what Pango may take as a paragraph's end

_kept: collections.deque = collections.deque()  # weak references, oldest first


def _deactivate(self) -> None:
    if getattr(self, "_drawn", False):  # after drawing: nothing asks for it again
        ORIGINAL_DEACTIVATE(self)
        return
    _kept.append(weakref.ref(self))
    while len(_kept) > KEPT:
        oldest = _kept.popleft()()
        if oldest is not None and hasattr(oldest, "layout") and not getattr(oldest, "_drawn", False):
            ORIGINAL_DEACTIVATE(oldest)


def _reactivate(self, style) -> None:
    self._drawn = True
    if not hasattr(self, "layout") or self.style is not style:  # let go, or drawn in another style
        ORIGINAL_REACTIVATE(self, style)
        return
    otherwise = style["word_spacing"] or style["letter_spacing"] not in ("normal", 0) or "\t" in self.text
    if not (otherwise or self.justification_spacing):  # drawn from its line's runs, as measured
        return
    # justified left to right, and nothing else: drawn from its runs too, each space widened as drawn (a lone
    # space WeasyPrint spaces as " \u200b", shaped again)
    if (not otherwise and style["direction"] == "ltr" and self.text != " " and not RIGHT_TO_LEFT.search(self.text)
            and line_drawing.spaces_widened()):
        self._briefpress_space = int(self.justification_spacing * TO_UNITS)
        return
    pango.pango_layout_set_width(self.layout, -1)
    self.set_text(self.text, justify=True)


def _single_paragraph(layout) -> None:
    if not SEPARATORS.isdisjoint(layout.text):
        pango.pango_layout_set_single_paragraph_mode(layout.layout, True)


def apply() -> bool:
    """Put the kept layouts in place, once; True when they are. The drawing's edit (:func:`.line_drawing.edit`)
    is first: it checks the WeasyPrint release and finds the line, and answers at once when it is in place
    (every job prepares its process: :func:`.layout.prepare`)."""
    if not line_drawing.edit("kept_layouts", [(_LINE, "_briefpress_single_paragraph(textbox.pango_layout)")],
                             {"_briefpress_single_paragraph": _single_paragraph}):
        return False
    line_break.Layout.deactivate = _deactivate
    line_break.Layout.reactivate = _reactivate
    return True
