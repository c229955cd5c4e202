"""Pango functions WeasyPrint 70 does not declare, declared on its own cffi interface: its Pango
library object then has them too (cffi's ABI mode looks a function up when it is first asked for): a
layout's width (:mod:`.justified_lines`) and a character's place in a layout (:mod:`.line_tries`).
:func:`pango` returns that library object, or None where they cannot be had."""

from __future__ import annotations

import functools

from weasyprint.text import ffi as text_ffi

DECLARED = """
int pango_layout_get_width (PangoLayout *layout);
void pango_layout_index_to_pos (PangoLayout *layout, int index_, PangoRectangle *pos);
"""


@functools.cache
def pango():
    """WeasyPrint's Pango with :data:`DECLARED`, or None (then each user goes WeasyPrint's own way)."""
    try:
        text_ffi.ffi.cdef(DECLARED)
        library = text_ffi.pango
        library.pango_layout_get_width, library.pango_layout_index_to_pos  # noqa: B018  or AttributeError
    except Exception:  # noqa: BLE001  a WeasyPrint whose declarations these do not fit, or a Pango without them
        return None
    return library
