"""One fix to WeasyPrint 70's line layout, applied when :mod:`briefpress.pdf` is imported.

When a line overflows the page and widows/orphans forbid breaking before it, WeasyPrint 70
moves footnotes already placed on the page to the next one to make room for that line
(``layout/block.py``, ``_linebox_layout``). It does so whatever their ``footnote-policy``
says, so a note whose call stays on the page is printed a page later. The house style asks
for ``footnote-policy: line`` (a note is on the page of its call), so here that move is only
allowed when every footnote on the page has ``footnote-policy: auto``; otherwise WeasyPrint
takes its ordinary path and breaks the paragraph where widows and orphans allow.

Without this the build needed a second layout pass for this paper (note 11 fell a page late).
The fix is a one-line source edit checked against the installed WeasyPrint: if that line
is not found (another WeasyPrint release) nothing is changed, and the build's own check for
separated notes (:func:`briefpress.pdf.lay_out`) still guarantees the result.
"""

from __future__ import annotations

import inspect
import textwrap

from weasyprint.layout import block

ORIGINAL = block._linebox_layout
_LINE = "report = not context.in_column and can_break_now and not could_break_before"


def _policy_allows_report(context) -> bool:
    return all(f.style["footnote_policy"] == "auto" for f in context.current_page_footnotes)


def apply() -> bool:
    """Patch ``_linebox_layout`` once; True when the patched function is in place."""
    if getattr(block._linebox_layout, "briefpress_fixed", False):
        return True
    source = textwrap.dedent(inspect.getsource(ORIGINAL))
    if source.count(_LINE) != 1:
        return False
    source = source.replace(_LINE, _LINE + " and _policy_allows_report(context)")
    # Defined in the module's own namespace: _in_flow_layout looks the name up there at call time.
    block._policy_allows_report = _policy_allows_report
    exec(compile(source, block.__file__, "exec"), vars(block))
    block._linebox_layout.briefpress_fixed = True
    return True
