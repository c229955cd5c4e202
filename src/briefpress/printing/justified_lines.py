"""Justified lines: a justified line's text keeps the Pango layout its line was measured with, where
WeasyPrint 70 makes a new one (``layout/inline.py``, ``add_word_spacing``), applied by :func:`apply`
(called by :func:`.layout.prepare`).

To justify a line, WeasyPrint gives each of its texts with a space a new layout of the same text, with
no width and the line's spacing, which is shaped only when the line is drawn: ~930 new layouts for the
KCSS paper, each made (~10 µs) and shaped again (~30 µs). The layout the line was measured with is that
layout already, shaped, when the line's measure left it so: the same text, set with no width (a line
broken before its end), the same style, with no word or letter spacing of its own (Pango's attributes
for them depend on the text it was first given). Then it is kept and given the line's spacing, as
the new one would have been; any other text gets WeasyPrint's new layout. ~600 of the KCSS paper's
930; its layout and writing ~3% less CPU (in-process A/B, part by part); the same bytes
(tests/test_justified_lines.py, and the KCSS paper's PDF).

Only on the WeasyPrint release it was written for.
"""

from __future__ import annotations

import weasyprint
from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline

from .pango_extra import pango

SUPPORTED = "70."
ORIGINAL = inline.add_word_spacing


def _kept(box):
    """The layout ``box`` was measured with, if WeasyPrint's new one would be the same; else None."""
    layout = getattr(box, "pango_layout", None)
    style = box.style
    if (layout is None or not hasattr(layout, "layout") or layout.text != box.text or layout.style is not style
            or style["word_spacing"] or style["letter_spacing"] not in ("normal", 0)):
        return None
    return layout if pango().pango_layout_get_width(layout.layout) == -1 else None


def add_word_spacing(context, box, justification_spacing, x_advance):
    """WeasyPrint's, a text's layout kept where :func:`_kept` finds it the same as a new one."""
    if not isinstance(box, boxes.TextBox):
        return ORIGINAL(context, box, justification_spacing, x_advance)  # which calls this for its texts
    box.justification_spacing = justification_spacing
    box.position_x += x_advance
    spaces = inline.count_expandable_spaces(box)
    if spaces > 0:
        layout = _kept(box)
        if layout is None:
            layout = inline.create_layout(box.text, box.style, context, max_width=None,
                                          justification_spacing=box.justification_spacing)
            layout.deactivate()
        else:
            layout.justification_spacing, layout.max_width = justification_spacing, None
        extra_space = justification_spacing * spaces
        x_advance += extra_space
        box.width += extra_space
        box.pango_layout = layout
    return x_advance


def apply() -> bool:
    """In place, once; True when in place (only on WeasyPrint 70, with Pango's width getter: :mod:`.pango_extra`)."""
    if inline.add_word_spacing is add_word_spacing:
        return True
    if not weasyprint.__version__.startswith(SUPPORTED) or pango() is None:
        return False
    inline.add_word_spacing = add_word_spacing
    return True
