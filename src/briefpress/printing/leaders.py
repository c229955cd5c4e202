"""Leaders: a line's leader (CSS ``leader()``, the dots of a TOC entry) -> one text box in place of
WeasyPrint's one box per repetition, applied by :func:`apply` (called by :func:`.layout.prepare`).

WeasyPrint 70 fills a leader with a copy of its text box for each time the string fits
(``layout/leader.py``), each then drawn as a text object of its own: the KCSS paper's TOC has 602
of them for 13 entries, and drawing them took about 60% of its front part's writing (~35 ms), the
last part a cold build waits for. Here, once WeasyPrint has placed them, the copies become one box
of the string repeated, laid out by Pango on one line and kept only when its width is exactly the
copies' widths added up (no kerning or shaping across repetitions: each glyph then lands where
WeasyPrint put it), drawn from where the first copy was. A leader in a right-to-left line, or whose
string Pango shapes differently when repeated, is left as WeasyPrint made it.

tests/test_leaders.py compares pages drawn with and without it: the same text, every visible glyph
within 0.02 pt. Only on the WeasyPrint release it was written for.
"""

from __future__ import annotations

from math import inf

import weasyprint
from weasyprint.layout import inline
from weasyprint.layout.leader import leader_index
from weasyprint.text.line_break import split_first_line

SUPPORTED = "70."
ORIGINAL = inline.handle_leader
EXACT = 1e-3  # px: how far the repeated string's width may be from the copies' (a glyph moves no further)


def handle_leader(context, line, containing_block) -> None:
    """WeasyPrint's, then the leader's copies joined into one box (:func:`joined`)."""
    ORIGINAL(context, line, containing_block)
    _, leader = leader_index(line)
    if leader is not None and len(leader.children) > 1 and line.style["direction"] == "ltr":
        box = joined(context, leader.children)
        if box is not None:
            leader.children = (box,)


def joined(context, copies: tuple):
    """One text box for ``copies`` (WeasyPrint's, right to left, each one string's width apart), or
    None when Pango does not lay the repeated string out on one line exactly as wide as they are."""
    first = copies[0]
    if any(c.text != first.text or c.width != first.width for c in copies) or abs(
            first.position_x - copies[-1].position_x - first.width * (len(copies) - 1)) > EXACT:
        return None  # not side by side
    text = first.text * len(copies)
    layout, _, resume, width, _, _ = split_first_line(
        text, first.style, context, inf, first.justification_spacing, is_line_start=False)
    if resume is not None or abs(width - first.width * len(copies)) > EXACT:
        return None
    box = first.copy_with_text(text)  # its height, margins and baseline: the copies' own
    box.pango_layout = layout
    box.width = width
    box.position_x = copies[-1].position_x
    return box


def apply() -> bool:
    """Join leaders' copies, once; True when in place (only on WeasyPrint 70)."""
    if not weasyprint.__version__.startswith(SUPPORTED):
        return False
    inline.handle_leader = handle_leader
    return True
