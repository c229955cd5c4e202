"""pandoc's example lists: a file's Markdown -> the same text with ``(@)`` and ``(@label)`` list
markers numbered 1, 2, 3 … across the file, and each ``(@label)`` or ``@label`` in the text -> ``(N)``
or ``N``.

A marker is read where pandoc reads a list item: at a line's start, in a block quote (``> (@)``) and
nested in an item (indented), never in code (fenced, inline or indented). A label is known before its
item: "as (@good) will show" gets the number too. A bracketed citation (``[@good]``) stays a citation,
as in pandoc. It runs before citations are read (``@label`` would be taken for a citation key). Lines
are never added or removed; a replaced marker is padded with ``PAD`` (removed once citations are
placed), so the columns of later diagnostics on the line still hold.
"""

from __future__ import annotations

import bisect
import re

from .list_markers import END, TOKEN
from .mathspans import indented_code
from .rawlatex import PAD, blanked

ITEM = re.compile(r"(?m)^((?:[ \t]*>)*[ \t]*(?:[*+-][ \t]+)*)\(@([\w-]*)\)([ \t]+)")  # after a bullet too: nested
# pandoc's label: letters, digits, '_' and '-'; '@good's' is the number and "'s"
REF = re.compile(r"(?<![\w\\@])@([\w-]+)")
BRACKETED = re.compile(r"\[[^\[\]]*@[^\[\]]*\]")  # [@key], [see @key, p. 2]: a citation


def number(text: str) -> str:
    if "(@" not in text:
        return text
    masked = blanked(text)
    code = indented_code(masked)
    opening = _may_open(masked)
    items = [m for m in ITEM.finditer(masked) if not _inside(code, m.start()) and m.start() in opening]
    labels: dict[str, int] = {}
    for n, m in enumerate(items, 1):
        if m.group(2):
            labels.setdefault(m.group(2), n)
    out, pos = [], 0
    # each item carries lists.py's token of its style: an example list after a "1." list is a list apart
    marks = [(m.start(2) - 2, m.end(), f"{n}.{m.group(3)}{TOKEN}@.{'~' if _blank_before(masked, m.start()) else ''}{n}{END}")
             for n, m in enumerate(items, 1)]
    taken = _union([(s, e) for s, e, _ in marks] + [m.span() for m in BRACKETED.finditer(masked)] + code)
    for m in REF.finditer(masked):
        if m.group(1) in labels and not _inside(taken, m.start()):
            marks.append((m.start(), m.end(), str(labels[m.group(1)])))
    for start, end, new in sorted(marks):
        pad = PAD * (end - start - len(new))
        out.append(text[pos:start] + new + pad)
        pos = end
    return "".join(out) + text[pos:]


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans sorted, overlapping ones joined (a bracket may lie in indented code): what _inside needs."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


# a line that opens a list: an item's marker (lists.py's "N." for an ordered one), a heading or a div's fence before one
LIST_LINE = re.compile(r"[ \t]*(?:[*+-]|\d+\.|\(@[\w-]*\))[ \t]")
LEADS = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)|:{3,}")


def _may_open(text: str) -> set[int]:
    """The starts of the lines where an item may open: after a blank line, a heading or a div's fence, or in a list
    (from an item's line to a line after a blank one that is neither indented nor an item's); a marker right under a
    paragraph's line outside a list is that paragraph's text (pandoc)."""
    out, pos, in_list, first, after_lead = set(), 0, False, True, True
    for line in text.split("\n"):
        body = re.sub(r"^(?:[ \t]*>)+[ \t]?", "", line)
        if not body.strip():
            first = after_lead = True
        else:
            item = bool(LIST_LINE.match(body))
            if first:
                in_list = item or in_list and (line[:1] in " \t" or body[:1] in " \t")  # a quote in an item too
            if in_list or after_lead or first:
                out.add(pos)
                in_list = in_list or item
            first, after_lead = False, bool(LEADS.match(body))
        pos += len(line) + 1
    return out


def _inside(spans: list[tuple[int, int]], at: int) -> bool:
    """Whether ``at`` falls in one of the sorted spans (looked up, not counted through: thousands of
    examples and their references made it quadratic)."""
    i = bisect.bisect_right(spans, (at, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= at < spans[i][1]


def _blank_before(text: str, start: int) -> bool:
    """Whether the line before the item's is blank (read back from the item, not a copy of all before it)."""
    line = text.rfind("\n", 0, start)
    if line < 0:
        return False
    previous = text.rfind("\n", 0, line) + 1
    return not text[previous:line].strip(" \t>")
