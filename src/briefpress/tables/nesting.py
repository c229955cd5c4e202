"""Where a table nested in a block quote, a list item or a footnote has its lines (for :func:`.source.normalize`): what
each of its lines starts with, and its lines with that taken off."""

from __future__ import annotations

import re

from .. import list_markers

QUOTE = re.compile(r"^(?: {0,3}> ?)+")
LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)])\s+\S")
# an item's marker (and list_spacing's mark) with a '|' after it
ITEM_LEAD = re.compile(r" *(?:[-*+]|\d+[.)]) +[\ue019\ue01a\ue01c]*(?=.*\|)")  # (list_spacing's, NEW_LIST's marks)
RULE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")  # a rule line: a block of its own
BLOCK_LINE = re.compile(r" {0,3}(?:#{1,6}(?:[ \t]|$)|:{3,})")  # a heading's or a div's fence line: a list may follow
NOTE_DEF = re.compile(r"\[\^[^\]\s]+\]:")  # a footnote's definition: its indented paragraphs are the note's


ITEM_MARKER = re.compile(r"( *)(?:[-*+]|\d+[.)])[ \t]*")


def context(lines: list[str], i: int, parents: list[int]) -> str | None:
    """What a nested table's lines start with: '> ' in a block quote, the indent in a list item (in a quote: both);
    else ''; None where they are indented code."""
    quote = quote_of(lines[i])
    indent = len(lines[i]) - len(quote) - len(lines[i][len(quote):].lstrip(" "))
    k = parents[i]
    item = indent and k >= 0 and (LIST_ITEM.match(lines[k], len(quote)) or NOTE_DEF.match(lines[k], len(quote)))
    if not item:
        return quote
    # four columns past the item's blocks, or the note's, its lines are indented code (pandoc's, Python-Markdown's): no table
    marker = ITEM_MARKER.match(lines[k], len(quote))
    blocks = list_markers.blocks_col(marker.end() - len(quote), len(marker.group(1))) if marker else 4
    return None if indent >= blocks + 4 else quote + " " * indent


def item_lead(lines: list[str], i: int, parents: list[int], listed: list[bool]) -> tuple[str, str] | None:
    """For an item's line whose text may open a pipe table, its lines indented under it: (the line up to its text, what
    the item's next lines start with). ``listed``: :func:`in_lists`."""
    quote = quote_of(lines[i])
    m = ITEM_LEAD.match(lines[i], len(quote))
    if not m or not listed[i] or i + 1 >= len(lines) or parents[i + 1] != i:
        return None
    nxt = lines[i + 1]
    return lines[i][:m.end()], quote + " " * (len(nxt) - len(quote) - len(nxt[len(quote):].lstrip(" ")))


def in_lists(lines: list[str]) -> list[bool]:
    """For each line, whether it is a list item's line that Python-Markdown and pandoc alike read as one: opening the
    lines it stands among (no blank line between them, in the same block quote; right under a heading, a div's fence
    line or a rule too), or right under such an item's line. Under a paragraph's text a marker line is that text (pandoc);
    a line into or out of a quote with no blank line before it, and one after raw HTML, are taken for text too."""
    out, opens, level, fresh, item, empty = [False] * len(lines), False, 0, True, False, True
    for i, line in enumerate(lines):
        quote = quote_of(line)
        body = line[len(quote):]
        if quote.count(">") != level and not empty:  # into a quote or out of it right under a line: lazily, text
            opens, fresh = False, False
        level, empty = quote.count(">"), not line.strip()
        if not body.strip():
            fresh = True
            continue
        if fresh:
            opens = bool(LIST_ITEM.match(body)) and not RULE.match(body)
        elif body.lstrip(" ").startswith("<"):
            opens = False  # raw HTML: Python-Markdown ends the list at it
        out[i] = opens and (fresh or item) and bool(LIST_ITEM.match(body))
        item = out[i]
        fresh = bool(BLOCK_LINE.match(body) or fresh and RULE.match(body))
    return out


def quote_of(line: str) -> str:
    m = QUOTE.match(line)
    return m.group() if m else ""


def parents(lines: list[str]) -> list[int]:
    """For each line, the nearest line before it that is not blank and is indented less, in the same block quote
    (-1: none), in one pass over a stack of ever deeper lines (looking back from each line was quadratic in a long
    item)."""
    parents, stack, level = [-1] * len(lines), [], 0  # stack: (indent, line), indents rising
    for i, line in enumerate(lines):
        quote = quote_of(line)
        if not line[len(quote):].strip():
            continue
        if quote.count(">") != level:  # into a quote or out of it: its lines' indents count from its marks
            stack, level = [], quote.count(">")
        line = line[len(quote):]
        indent = len(line) - len(line.lstrip(" "))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        parents[i] = stack[-1][1] if stack else -1
        stack.append((indent, i))
    return parents


def may_start(lines: list[str], i: int, prefix: str) -> bool:
    here = lines[i][len(prefix):].lstrip()
    after = lines[i + 1][len(prefix):].lstrip() if i + 1 < len(lines) else ""
    return "|" in here + after or here[:1] in ("+", "-") or after[:1] == "-"


def view(lines: list[str], prefix: str) -> list[str]:
    """The lines with ``prefix`` taken off; a line outside the quote or item becomes one no table can hold."""
    bare = prefix.rstrip()
    return [l[len(prefix):] if l.startswith(prefix) else "" if not l.strip() or l.rstrip() == bare else OUTSIDE
            for l in lines]


OUTSIDE = "\0"  # a line outside the quote or item, in its view: it ends a table (a simple table's row, it lost the item)
