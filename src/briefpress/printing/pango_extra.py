"""Pango functions WeasyPrint 70 does not declare, declared on its own cffi interface and found in the
Pango library it loaded: a layout's width (:mod:`.justified_lines`) and a character's place in a layout
(:mod:`.line_tries`). :func:`pango` returns them, or None where they cannot be had."""

from __future__ import annotations

import functools

from weasyprint.text import ffi as text_ffi

DECLARED = """
int pango_layout_get_width (PangoLayout *layout);
void pango_layout_index_to_pos (PangoLayout *layout, int index_, PangoRectangle *pos);
"""
NAMES = ("libpango-1.0-0", "pango-1.0-0", "pango-1.0", "libpango-1.0.so.0", "libpango-1.0.dylib",
         "libpango-1.0-0.dll")  # as WeasyPrint looks for it (text/ffi.py)


@functools.cache
def pango():
    """The library with :data:`DECLARED`, or None (then each user goes WeasyPrint's own way)."""
    try:
        text_ffi.ffi.cdef(DECLARED)
        library = text_ffi._dlopen(text_ffi.ffi, *NAMES)
        library.pango_layout_get_width, library.pango_layout_index_to_pos  # noqa: B018  or AttributeError
    except Exception:  # noqa: BLE001  not declared or not found
        return None
    return library
