"""Font keys: WeasyPrint 70's key of a style's font (``line_break._font_style_cache_key``, the text of 14
of its values, asked for every strut and every ``ch``/``ex`` measure) made once per style, and the Pango
font description of a style's font made once per key, applied by :func:`apply` (called by
:func:`.layout.prepare`).

WeasyPrint made the key again each time it was asked (~2 µs: 14 values put in a tuple and turned into
text), and a new font description for each of the ~3,600 text layouts of the KCSS paper. A style's
font values never change once computed: WeasyPrint changes a style's values only on a copy it has just
made (a ``::first-line`` or ``::first-letter`` style, a ``ch`` measure's), which is a new object and gets
a key of its own. The description is made from values the key holds (family, style, stretch, weight,
size, variant, variations), and Pango copies it into each layout, so one serves every style with that key.
The layout's CPU ~3% less (in-process A/B, part by part); the same bytes (tests/test_font_keys.py).

Only on the WeasyPrint release it was written for.
"""

from __future__ import annotations

import weasyprint
from weasyprint.text import line_break

SUPPORTED = "70."
ORIGINAL_KEY = line_break._font_style_cache_key
ORIGINAL_DESCRIPTION = line_break.get_font_description
_descriptions: dict[str, object] = {}  # the key with the size -> its font description (a few dozen)


def font_key(style, include_size=False) -> str:
    """WeasyPrint's key of ``style``'s font, kept on the style the first time."""
    keys = style.__dict__.get("_briefpress_font_keys")
    if keys is None:
        keys = style.__dict__["_briefpress_font_keys"] = [None, None]
    key = keys[bool(include_size)]
    if key is None:
        key = keys[bool(include_size)] = ORIGINAL_KEY(style, include_size)
    return key


def font_description(style):
    """The Pango font description of ``style``'s font, made once for its key."""
    key = font_key(style, True)
    description = _descriptions.get(key)
    if description is None:
        description = _descriptions[key] = ORIGINAL_DESCRIPTION(style)
    return description


def apply() -> bool:
    """Both in place, once; True when in place (only on WeasyPrint 70)."""
    if not weasyprint.__version__.startswith(SUPPORTED):
        return False
    line_break._font_style_cache_key = font_key
    line_break.get_font_description = font_description
    return True
