"""Line tries: WeasyPrint 70's ``split_first_line`` (a text -> its first line, broken by Pango) with one
try skipped where it cannot succeed, applied by :func:`apply` (called by :func:`.layout.prepare`).

Once Pango has broken a text's first line, WeasyPrint tries whether the first word of the second line
fits on the first one without the space after it: the layout is given the first line and that word,
and Pango lays it out again (``Step #3``). For the KCSS paper ~970 of its ~1,200 tries were in vain,
~4% of the layout's CPU. Here the try is skipped when the first line (with its space) and the word, as
Pango laid it out at the start of the second line, are wider than the line by more than a tenth of the
font size, which no kerning between a space and a letter takes back: the try would leave the line broken
where Pango broke it, and so does the skip (WeasyPrint then makes the same first line of the same text).
tests/test_line_tries.py gives both functions texts at many widths: the same lines, widths and layouts'
text; and the same PDF bytes.

The edit is made from WeasyPrint's own source, only on the release it was written for and only when the
lines it replaces are found once, keeping their line numbers (a traceback names the right lines);
WeasyPrint's modules that import the function by name are pointed at the new one.
"""

from __future__ import annotations

import inspect
import sys
import textwrap

import weasyprint
from weasyprint.text import ffi as text_ffi
from weasyprint.text import line_break

from .pango_extra import pango as pango_extra

SUPPORTED = "70."
ORIGINAL = line_break.split_first_line
MARGIN = 0.1  # of the font size: more than any kerning between a space and a letter
TRY = ("            layout.set_text(new_first_line_text)\n"
       "            first_line, resume_index = layout.get_first_line()\n")
SKIPPED = ("            _skip = _briefpress_in_vain(layout, first_line_text, next_word, first_line_width, max_width, style, resume_index)\n"  # noqa: E501
           "            first_line, resume_index = (first_line, resume_index) if _skip else (layout.set_text(new_first_line_text), layout.get_first_line())[1]\n")  # noqa: E501
_rect = None
# the modules that import it by name (svg/text.py imports it as it draws: the edited one)
USERS = ("weasyprint.layout.inline", "weasyprint.layout.preferred", "briefpress.printing.leaders")


def in_vain(layout, first_line_text: str, next_word: str, first_line_width: float, max_width: float, style,
            resume_index) -> bool:
    """Whether the first line and the next word certainly do not fit in ``max_width`` (a left-to-right
    text broken after ``first_line_text``, the word starting its second line in ``layout``)."""
    if not first_line_text or not next_word or resume_index is None or style["direction"] != "ltr":
        return False
    if not layout.text.startswith(first_line_text + next_word):
        return False
    start = len(first_line_text.encode())
    last = start + len(next_word.encode()) - len(next_word[-1].encode())
    pango = pango_extra()
    pango.pango_layout_index_to_pos(layout.layout, start, _rect)
    left = _rect.x
    pango.pango_layout_index_to_pos(layout.layout, last, _rect)
    word = (_rect.x + _rect.width - left) / text_ffi.TO_UNITS
    return first_line_width + word > max_width + MARGIN * style["font_size"]


def apply() -> bool:
    """The edited function in place, once; True when in place (only on WeasyPrint 70)."""
    global _rect
    if getattr(line_break.split_first_line, "briefpress_tries", False):
        return True
    if not weasyprint.__version__.startswith(SUPPORTED) or pango_extra() is None:
        return False
    try:
        lines, first = inspect.getsourcelines(ORIGINAL)
    except (OSError, TypeError):  # an installation without WeasyPrint's source: left as it is
        return False
    source = textwrap.dedent("".join(lines))
    if source.count(TRY) != 1:
        return False
    _rect = text_ffi.ffi.new("PangoRectangle *")
    vars(line_break)["_briefpress_in_vain"] = in_vain
    exec(compile("\n" * (first - 1) + source.replace(TRY, SKIPPED), line_break.__file__, "exec"), vars(line_break))
    edited = line_break.split_first_line
    edited.briefpress_tries = True
    for name in USERS:  # named, not found by asking every module: that loads a lazy one (libraries.py)
        module = sys.modules.get(name)
        if module is not None and getattr(module, "split_first_line", None) is ORIGINAL:
            module.split_first_line = edited
    return True
