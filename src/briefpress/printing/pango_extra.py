"""Pango functions WeasyPrint 70 does not declare, declared on its own cffi interface and found in the
Pango library it loaded: a layout's width (:mod:`.justified_lines`) and a character's place in a layout
(:mod:`.line_tries`). :func:`pango` returns them, or None where they cannot be had."""

from __future__ import annotations

import functools
import sys

from weasyprint.text import ffi as text_ffi

DECLARED = """
int pango_layout_get_width (PangoLayout *layout);
void pango_layout_index_to_pos (PangoLayout *layout, int index_, PangoRectangle *pos);
"""
# WeasyPrint's names for it (text/ffi.py), the platforms' own file names first: cffi opens a name directly
# and asks ctypes.util.find_library only when that fails, which on Linux runs ldconfig and gcc (~30 ms)
NAMES = {"linux": ("libpango-1.0.so.0",), "darwin": ("libpango-1.0.dylib",), "win32": ("libpango-1.0-0.dll",)}
OTHERS = ("libpango-1.0-0", "pango-1.0-0", "pango-1.0", "libpango-1.0.so.0", "libpango-1.0.dylib", "libpango-1.0-0.dll")


@functools.cache
def pango():
    """The library with :data:`DECLARED`, or None (then each user goes WeasyPrint's own way)."""
    try:
        text_ffi.ffi.cdef(DECLARED)
    except Exception:  # noqa: BLE001  a WeasyPrint whose declarations these do not fit
        return None
    for name in NAMES.get(sys.platform, ()) + OTHERS:
        try:
            library = text_ffi.ffi.dlopen(name)
            library.pango_layout_get_width, library.pango_layout_index_to_pos  # noqa: B018  or AttributeError
        except (OSError, AttributeError):
            continue
        return library
    return None
