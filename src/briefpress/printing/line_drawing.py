"""Line drawing: WeasyPrint 70's ``draw_first_line`` (one line of text -> its glyphs in a page's PDF
stream) compiled again from its own source with briefpress's edits (:func:`edit`), and two of them,
applied by :func:`apply` (called by :func:`.layout.prepare`): the line's glyphs read in one unpack, and
a plain run of them drawn by a function of its own.

WeasyPrint reads each glyph of a line through cffi: the glyph, then its geometry three times (width,
offsets), each a C structure wrapped anew, and two Pango constants looked up each time: about half of
the Python time of its per-glyph loop, some 190,000 glyphs for the KCSS paper. Here the glyphs of a
run are read by one ``struct`` unpack of their array (glyph, width, x and y offsets: Pango's
``PangoGlyphInfo``, whose layout cffi is asked for first) and the constants are read once. A justified
line drawn from the layout it was measured with (:mod:`.kept_layouts`) has each space (and no-break
space, what WeasyPrint justifies) widened as it is read, by the line's spacing, half of it before the
space, as Pango's letter spacing does. A run whose every glyph is plain (not empty, missing or raised, in
a font that is not a bitmap or colour one: nearly every run) is drawn by :func:`_run`, the loop's steps for
such a glyph with the font's tables and the text's parts kept in local names (~3% of a part's layout
and writing); any other run goes through WeasyPrint's loop. The drawing is otherwise WeasyPrint's, and so are the bytes
(tests/test_line_drawing.py and test_kept_layouts.py compare pages of every construct, and of every kind
of glyph, drawn with and without the edits: the same bytes, or for justified lines every visible glyph
within 0.02 pt).

:func:`edit` is how :mod:`.kept_layouts` changes the same function: every edit asked for is made
in one compilation of the original source, each replacing text found exactly once and keeping the
line count, at the function's first line of ``text.py``, so a traceback names the right lines.
Only on WeasyPrint 70; an edit whose text is not found leaves the function as it is.
"""

from __future__ import annotations

import functools
import inspect
import re
import struct
import textwrap

import weasyprint
from weasyprint.draw import text as draw_text
from weasyprint.text.ffi import FROM_UNITS, ffi, pango

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


def _run(string: str, x_advance: float, infos, count: int, glyph_item, textbox, font, font_size: float, pango_font,
         stream, clusters) -> tuple[str, float, list]:
    """A run's glyphs drawn as WeasyPrint's loop draws them, where every one is a plain glyph of a plain
    font (not empty, not missing, not raised, not a bitmap or colour font): the same text, its glyphs'
    Unicode and widths noted in ``font`` as the loop notes them; returns (the text, the advance, []).
    Any other run: (``string``, ``x_advance``, its glyphs), for WeasyPrint's loop to draw."""
    glyphs = list(_glyphs(infos, count, glyph_item, textbox.pango_layout))
    if font.bitmap or font.svg or font.png or font.colr or any(
            glyph == _EMPTY or glyph & _UNKNOWN or rise for glyph, _, _, rise in glyphs):
        return string, x_advance, glyphs
    to_unicode, widths, parts, text = font.to_unicode, font.widths, [string], None
    for i, (glyph_id, width, x_offset, _) in enumerate(glyphs):
        if glyph_id not in to_unicode:  # the glyph's text: as the loop finds it
            offset, length = glyph_item.item.offset, glyph_item.item.length
            t1 = clusters[i]
            if glyph_item.item.analysis.level % 2:  # rtl
                t2 = length if i == 0 else clusters[i - 1]
            else:
                t2 = length if i == count - 1 else clusters[i + 1]
            text = text or textbox.pango_layout.text.encode()
            to_unicode[glyph_id] = text[offset + t1:offset + t2].decode()
        offset = x_offset / font_size
        if offset:
            parts.append(f">{-offset}<")
        parts.append(f"{glyph_id:04x}")
        logical_width = widths.get(glyph_id)
        if logical_width is None:
            pango.pango_font_get_glyph_extents(pango_font, glyph_id, stream.ink_rect, stream.logical_rect)
            logical_width = widths[glyph_id] = round(stream.logical_rect.width * 1000 * FROM_UNITS / font_size)
        kerning = logical_width + offset - width * 1000 * FROM_UNITS / font_size
        if kerning:
            parts.append(f">{int(kerning)}<")
        x_advance += (logical_width + offset - kerning) / 1000
    return "".join(parts), x_advance, []


_EMPTY, _UNKNOWN = pango.PANGO_GLYPH_EMPTY, pango.PANGO_GLYPH_UNKNOWN_FLAG
RUNS = (
    ("string += '<'", "string, x_advance, _briefpress_rest = _briefpress_run(string + '<', x_advance, glyphs_info, "
     "num_glyphs, glyph_item, textbox, font, font_size, pango_font, stream, clusters)"),
    ("enumerate(_briefpress_glyphs(glyphs_info, num_glyphs, glyph_item, textbox.pango_layout)):",
     "enumerate(_briefpress_rest):"),
)


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


@functools.cache
def _source():
    return inspect.getsourcelines(ORIGINAL)  # read once: every edit asked compiles the source again


def edit(who: str, pairs, names: dict) -> bool:
    """``draw_first_line`` with ``who``'s edits (``pairs``: old text -> new text) and those asked for
    before; ``names``: what the new text uses, put in ``text.py``'s namespace. True when in place."""
    if who in getattr(draw_text.draw_first_line, "briefpress_edits", ()):
        return True
    if not weasyprint.__version__.startswith(SUPPORTED):
        return False
    try:
        lines, first = _source()
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
    return edit("glyphs", GLYPHS + RUNS, {"_briefpress_glyphs": _glyphs, "_briefpress_run": _run,
                                          "_briefpress_glyph_empty": pango.PANGO_GLYPH_EMPTY,
                                          "_briefpress_glyph_unknown": pango.PANGO_GLYPH_UNKNOWN_FLAG})
