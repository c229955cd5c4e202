"""One fix to WeasyPrint 70's line layout, applied by :func:`apply` (called by :func:`.layout.prepare`).

When a line overflows the page and widows/orphans forbid breaking before it, WeasyPrint 70
moves footnotes already placed on the page to the next one to make room for that line
(``layout/block.py``, ``_linebox_layout``). It does so whatever their ``footnote-policy``
says, so a note whose call stays on the page is printed a page later. The house style asks
for ``footnote-policy: line`` (a note is on the page of its call), so here that move is only
allowed when every footnote on the page has ``footnote-policy: auto``; otherwise WeasyPrint
takes its ordinary path and breaks the paragraph where widows and orphans allow.
docs/weasyprint-footnote-bug.md is the report for WeasyPrint's maintainers.

The fix is a one-line source edit, made only on the WeasyPrint major version it was written
for and only when that line is found once. :func:`apply` returns whether it is in place: when
it is not, the build lays the paper out in one piece and starts a paragraph whose note fell
a page late on a new page (:func:`.layout.lay_out`'s re-layout), and says so with a notice.
"""

from __future__ import annotations

import inspect
import textwrap

import weasyprint
from weasyprint.layout import block

SUPPORTED = "70."  # the WeasyPrint releases whose _linebox_layout holds the line below
ORIGINAL = block._linebox_layout
_LINE = "report = not context.in_column and can_break_now and not could_break_before"


def _policy_allows_report(context) -> bool:
    return all(f.style["footnote_policy"] == "auto" for f in context.current_page_footnotes)


def apply() -> bool:
    """Patch ``_linebox_layout`` once; True when the patched function is in place."""
    if getattr(block._linebox_layout, "briefpress_fixed", False):
        return True
    if not weasyprint.__version__.startswith(SUPPORTED):
        return False
    lines, first = inspect.getsourcelines(ORIGINAL)
    source = textwrap.dedent("".join(lines))
    if source.count(_LINE) != 1:
        return False
    source = source.replace(_LINE, _LINE + " and _policy_allows_report(context)")
    # Padded to its first line, so a traceback through it names the right lines of block.py.
    source = "\n" * (first - 1) + source
    # Defined in the module's own namespace: _in_flow_layout looks the name up there at call time.
    block._policy_allows_report = _policy_allows_report
    exec(compile(source, block.__file__, "exec"), vars(block))
    block._linebox_layout.briefpress_fixed = True
    return True
