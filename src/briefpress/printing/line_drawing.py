"""Line drawing: WeasyPrint 70's ``draw_first_line`` (one line of text -> its glyphs in a page's PDF
stream) compiled again from its own source with briefpress's edits (:func:`edit`), and one of them,
applied by :func:`apply` (called by :func:`.layout.prepare`): the line's glyphs read in one unpack.

WeasyPrint reads each glyph of a line through cffi: the glyph, then its geometry three times (width,
offsets), each a C structure wrapped anew, and two Pango constants looked up each time: about half of
the Python time of its per-glyph loop, some 190,000 glyphs for the KCSS paper. Here the glyphs of a
run are read by one ``struct`` unpack of their array (glyph, width, x and y offsets: Pango's
``PangoGlyphInfo``, whose layout cffi is asked for first) and the constants are read once. A justified
line drawn from the layout it was measured with (:mod:`.kept_layouts`) has each space (and no-break
space, what WeasyPrint justifies) widened as it is read, by the line's spacing, half of it before the
space, as Pango's letter spacing does. The drawing is otherwise WeasyPrint's, and so are the bytes
(tests/test_line_drawing.py and test_kept_layouts.py compare pages of every construct, and of every kind
of glyph, drawn with and without the edits: the same bytes, or for justified lines every visible glyph
within 0.02 pt).

:func:`edit` is how :mod:`.kept_layouts` changes the same function: every edit asked for is made
in one compilation of the original source, each replacing text found exactly once and keeping the
line count, at the function's first line of ``text.py``, so a traceback names the right lines.
Only on WeasyPrint 70; an edit whose text is not found leaves the function as it is.
"""

from __future__ import annotations

import inspect
import re
import struct
import textwrap

import weasyprint
from weasyprint.draw import text as draw_text
from weasyprint.text.ffi import ffi, pango

SUPPORTED = "70."
ORIGINAL = draw_text.draw_first_line
_edits: dict[str, tuple[tuple[tuple[str, str], ...], dict]] = {}  # who -> (old, new) pairs, names they use

GLYPH = struct.Struct("=I3i4x")  # PangoGlyphInfo: glyph, geometry (width, x_offset, y_offset), attributes
GLYPHS = (
    ("for i, glyph_info in enumerate(glyphs_info[0:num_glyphs]):",
     "for i, (glyph_id, width, _x_offset, _y_offset) in enumerate("
     "_briefpress_glyphs(glyphs_info, num_glyphs, glyph_item, textbox.pango_layout)):"),
    ("glyph_id = glyph_info.glyph", "pass  # read above"),
    ("width = glyph_info.geometry.width", "pass  # read above"),
    ("if glyph_id == pango.PANGO_GLYPH_EMPTY:", "if glyph_id == _briefpress_glyph_empty:"),
    ("if glyph_id & pango.PANGO_GLYPH_UNKNOWN_FLAG:", "if glyph_id & _briefpress_glyph_unknown:"),
    ("offset = glyph_info.geometry.x_offset / font_size", "offset = _x_offset / font_size"),
    ("rise = glyph_info.geometry.y_offset / 1000", "rise = _y_offset / 1000"),
)


def _glyphs(infos, count: int, glyph_item=None, layout=None):
    """The glyphs of a run: (glyph, width, x offset, y offset) of each, from Pango's array; a space of a
    justified line (``layout._briefpress_space``: the spacing, in Pango's units) widened by it."""
    glyphs = GLYPH.iter_unpack(ffi.buffer(infos, count * GLYPH.size))
    extra = getattr(layout, "_briefpress_space", 0)
    if not extra:
        return glyphs
    text = layout.text.encode()  # as Pango has it: the run's clusters are offsets in it
    start, clusters = glyph_item.item.offset, glyph_item.glyphs.log_clusters
    half = extra // 2  # as Pango spaces a letter: half before it, half after
    return [(glyph, width + extra, x + half, y) if SPACES.match(text, start + clusters[i]) else (glyph, width, x, y)
            for i, (glyph, width, x, y) in enumerate(glyphs)]


SPACES = re.compile(b" |\xc2\xa0")  # what WeasyPrint justifies: a space, a no-break space (Layout.set_text)


def spaces_widened() -> bool:
    """Whether the drawing widens a justified line's spaces (:func:`_glyphs`): a line is then drawn from the
    layout it was measured with (:mod:`.kept_layouts`), not shaped again with its spaces spaced."""
    return "glyphs" in getattr(draw_text.draw_first_line, "briefpress_edits", ())


def _layout_known() -> bool:
    """Whether ``PangoGlyphInfo`` is laid out as :data:`GLYPH` reads it."""
    return (ffi.sizeof("PangoGlyphInfo") == GLYPH.size and ffi.offsetof("PangoGlyphInfo", "glyph") == 0
            and [ffi.offsetof("PangoGlyphInfo", "geometry") + ffi.offsetof("PangoGlyphGeometry", name)
                 for name in ("width", "x_offset", "y_offset")] == [4, 8, 12])


def edit(who: str, pairs, names: dict) -> bool:
    """``draw_first_line`` with ``who``'s edits (``pairs``: old text -> new text) and those asked for
    before; ``names``: what the new text uses, put in ``text.py``'s namespace. True when in place."""
    if who in getattr(draw_text.draw_first_line, "briefpress_edits", ()):
        return True
    if not weasyprint.__version__.startswith(SUPPORTED):
        return False
    try:
        lines, first = inspect.getsourcelines(ORIGINAL)
    except (OSError, TypeError):  # an installation without WeasyPrint's source: left as it is
        return False
    wanted = {**_edits, who: (tuple(pairs), names)}
    source = textwrap.dedent("".join(lines))
    for old, new in (pair for asked, _ in wanted.values() for pair in asked):
        if source.count(old) != 1 or old.count("\n") != new.count("\n"):
            return False
        source = source.replace(old, new)
    for _, used in wanted.values():
        vars(draw_text).update(used)
    exec(compile("\n" * (first - 1) + source, draw_text.__file__, "exec"), vars(draw_text))
    _edits.update(wanted)
    draw_text.draw_first_line.briefpress_edits = tuple(wanted)
    return True


def apply() -> bool:
    """Read the lines' glyphs in one unpack, once; True when in place."""
    if not _layout_known():
        return False
    return edit("glyphs", GLYPHS, {"_briefpress_glyphs": _glyphs, "_briefpress_glyph_empty": pango.PANGO_GLYPH_EMPTY,
                                   "_briefpress_glyph_unknown": pango.PANGO_GLYPH_UNKNOWN_FLAG})
