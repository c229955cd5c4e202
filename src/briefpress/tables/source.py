"""Tables in the source: Markdown text -> the same text with every table in a marked form, plus problems.

pandoc's four table forms (pipe, simple, grid, multiline) and their ``Table:`` / ``:``
captions are found on the raw text, where column positions still mean something, and
rewritten line for line (line numbers hold, columns nearly always) into a form that no
longer depends on positions: each cell's text is preceded by a one-character cell mark,
everything between cells becomes a filler mark, and one structural line carries the
table's description (kinds, alignments, widths, spans, caption id and classes).
:mod:`briefpress.citations` then replaces citations inside cells as anywhere else (its
tokens are shorter than the calls), and :mod:`briefpress.tables.html` builds the table.
Grid tables are read with docutils' grid-table parser (row and column spans included). A
table in a block quote, list item or footnote is read without its ``> `` or indent (an item's in a quote: both),
which the marked lines keep; a pipe table opening a list item (``- | a | b |``), without the item's marker too.
"""

from __future__ import annotations

import base64
import functools
import json
import re
from dataclasses import dataclass

from ..diagnostics import Diagnostic, SourceLocation, error
from . import nesting, run_on
from .readers import CAPTION_START, GRID_BORDER, Table, grid, headerless_simple, multiline, pipe, simple

SPEC, CAPTION, FILL = "\ue010", "\ue011", "\ue014"
DIV_FENCE = re.compile(r"^ {0,3}:{3,}")
CELL_BASE = 0xF0000  # cell n is marked chr(CELL_BASE + n): one character, so columns hold
CELL_MARK = re.compile(f"[{chr(CELL_BASE)}-{chr(CELL_BASE + 0xFFFD)}]")
MARKS = (SPEC, CAPTION, FILL)

ATTRS = re.compile(r"\s*\{([^{}]*)\}\s*$")


def cell_mark(n: int) -> str:
    return chr(CELL_BASE + n)


def cell_id(ch: str) -> int | None:
    n = ord(ch) - CELL_BASE
    return n if 0 <= n < 0xFFFE else None


def cells_masked(text: str, masked: str, mask) -> str:
    """``masked`` (``text`` with its code blanked, same length) with each table cell's part of it blanked as
    its own text: ``mask(cell)``, the cell's lines joined. A normalised row sets its cells side by side on
    each line, so a fence or a code span in a cell does not start a line, or runs on into its neighbour."""
    if not CELL_MARK.search(text):
        return masked
    out, cells, at = list(masked), {}, 0
    for line in text.split("\n") + [""]:
        marks = [m.start() for m in CELL_MARK.finditer(line)]
        if not marks:  # a row ends at its blank line: each cell read whole
            for spans in cells.values():
                cell = mask("\n".join(text[a:b] for a, b in spans))
                pos = 0
                for a, b in spans:
                    out[a:b] = cell[pos:pos + b - a]
                    pos += b - a + 1
            cells = {}
        for k, i in enumerate(marks):
            end = marks[k + 1] if k + 1 < len(marks) else len(line)
            cells.setdefault(line[i], []).append((at + i + 1, at + end))
        at += len(line) + 1
    return "".join(out)


@dataclass(frozen=True)
class Normalized:
    text: str
    problems: tuple[Diagnostic, ...]
    tables: int
    ids: tuple[str, ...] = ()  # the tables' {#id}s, in order


def _skipped(lines: list[str]) -> list[bool]:
    """Lines inside fenced code or HTML comments: never tables."""
    out, fence, comment = [], None, False
    for line in lines:
        stripped = line.lstrip()
        if fence:
            out.append(True)
            if stripped.startswith(fence):
                fence = None
            continue
        if comment:
            out.append(True)
            comment = "-->" not in line
            continue
        m = re.match(r"(`{3,}|~{3,})", stripped)
        if m and len(line) - len(stripped) < 4:
            fence = m.group(1)
            out.append(True)
            continue
        if "<!--" in line and "-->" not in line[line.index("<!--"):]:
            comment = True
        out.append(False)
    return out


def _caption_para(lines, start, step, skip, starts=frozenset()) -> tuple[int, int] | None:
    """The caption paragraph beside a table: (first, last line) or None. ``start`` is the line next to
    the table, ``step`` +1 (after it) or -1 (before it). A caption after a table ends, as pandoc's does,
    at a line ending in attributes (``{#tbl:x}``); and here also where the next table (``starts``) begins."""
    k = start
    if 0 <= k < len(lines) and not lines[k].strip():
        k += step
    if not (0 <= k < len(lines)) or not lines[k].strip() or skip[k]:
        return None
    if step > 0:
        if not CAPTION_START.match(lines[k]):
            return None
        last = k
        while last + 1 < len(lines) and lines[last + 1].strip() and not DIV_FENCE.match(lines[last + 1]) \
                and last + 1 not in starts and not _ends_in_attrs(lines[last]):
            last += 1  # (a div's closing fence ends the caption's paragraph)
        return k, last
    first = k
    while first - 1 >= 0 and lines[first - 1].strip():
        first -= 1
    return (first, k) if CAPTION_START.match(lines[first]) else None


def _ends_in_attrs(line: str) -> bool:
    m = ATTRS.search(line)
    return bool(m) and (m.group(1).strip().startswith(("#", ".")) or not m.group(1).strip())


def _parse_attrs(text: str) -> dict:
    out = {"classes": []}
    for token in text.split():
        if token.startswith("#"):
            out["id"] = token[1:]
        elif token.startswith("."):
            out["classes"].append(token[1:])
    return out


@functools.lru_cache(maxsize=512)
def normalize(text: str, path: str = "") -> Normalized:
    """Every table of ``text`` in the marked form (see the module docstring), and what could not be read."""
    lines = text.split("\n")
    skip = _skipped(lines)
    tables: list[Table] = []
    problems: list[Diagnostic] = []
    parents, listed = nesting.parents(lines), nesting.in_lists(lines)
    views: dict[str, list[str]] = {}  # one per prefix: a view per list item was quadratic in the items
    skips: dict[str, list[bool]] = {}  # and the lines a table there skips: those outside its quote or item too

    def view_of(prefix: str) -> tuple[list[str], list[bool]]:
        if prefix not in views:
            views[prefix] = nesting.view(lines, prefix)
            skips[prefix] = [s or v == nesting.OUTSIDE for s, v in zip(skip, views[prefix])]
        return views[prefix], skips[prefix]

    i = after = 0
    while i < len(lines):
        if skip[i] or not lines[i].strip():
            i += 1
            continue
        prefix = nesting.context(lines, i, parents)
        if prefix is None:  # indented code in an item or a note: no table
            i += 1
            continue
        table = None
        lead = nesting.item_lead(lines, i, parents, listed)
        if lead:  # a pipe table opening on an item's marker line: read with the marker off that line
            view = view_of(lead[1])[0]
            kept, view[i] = view[i], lines[i][len(lead[0]):]
            # (the marker's line, outside the item's indent in its view, is the table's first: the file's skips)
            table, found = _read(view, i, skip, path, after, opens=True)
            if table:
                table.view, table.prefix, table.lead = view, lead[1], lead[0]
                problems += found
            else:
                view[i] = kept
        # in a block quote or list item: read it without the prefix
        if table is None and prefix and nesting.may_start(lines, i, prefix):
            view, skipped = view_of(prefix)
            table, found = _read(view, i, skipped, path, after)
            if table:
                table.view, table.prefix = view, prefix  # shared, as the lines are by the tables outside lists
                problems += found
        if table is None:
            table, found = _read(lines, i, skip, path, after)
            problems += found
        if table is None:
            i += 1
            continue
        tables.append(table)
        i = after = table.end
    claimed: set[int] = set()
    starts = frozenset(t.start for t in tables)
    for n, t in enumerate(tables):
        view = t.view if t.view is not None else lines
        before = _caption_para(view, t.start - 1, -1, skip)
        after = _caption_para(view, t.end, 1, skip, starts)
        if before and before[0] not in claimed:
            t.caption = before
        elif after and after[0] not in claimed:  # as pandoc reads them: in order, the caption before first
            t.caption = after
        if t.caption:
            claimed.add(t.caption[0])
            last = view[t.caption[1]]
            m = ATTRS.search(last)
            if _ends_in_attrs(last):
                t.attrs = _parse_attrs(m.group(1))
                view[t.caption[1]] = last[:m.start()] + " " * (len(last) - m.start())
    problems += run_on.warnings(tables, lines, starts, path)
    ids = [t.attrs["id"] for t in tables if t.attrs.get("id")]
    seen: set[str] = set()
    for t in tables:
        ident = t.attrs.get("id")
        if ident and ident in seen:
            problems.append(error("table.duplicate-id", f"table id '#{ident}' is used by an earlier table; "
                                  "give each table its own id", SourceLocation(path, t.caption[1] + 1, 1)))
        seen.add(ident)
    return Normalized(_rewrite(lines, tables), tuple(problems), len(tables), tuple(ids))


def _read(lines, i, skip, path, after=-1, opens=False) -> tuple[Table | None, list[Diagnostic]]:
    """The table starting at line ``i``, if any; ``after``: where the table before it ended; ``opens``: line ``i``
    opens a block (a list item's first line)."""
    if not opens and i and lines[i - 1].strip() and not DIV_FENCE.match(lines[i - 1]) and not (
            CAPTION_START.match(lines[i - 1]) and (i < 2 or not lines[i - 2].strip() or i - 1 == after)) \
            and not (i == after and GRID_BORDER.match(lines[i])):
        # a table starts a block (right after a div's opening fence too, as in pandoc), or follows its caption;
        # a ': ' line under a paragraph's text is a definition, and the table lines its text (pandoc);
        # a grid table right under another (pandoc joins them into one) is read as its own
        return None, []
    table, found = grid(lines, i, skip, path)
    for reader in (pipe, multiline, headerless_simple, simple):
        if table is None and not found:
            table = reader(lines, i, skip)
    return table, found


def _spec(t: Table) -> str:
    data = {"k": t.kind, "a": t.aligns, "r": t.rows, "h": t.header_rows, "f": t.footer_rows, "w": t.widths,
            "id": t.attrs.get("id", ""), "cl": t.attrs.get("classes", []), "cap": t.caption is not None,
            # where its lines are, from the description's line: the block holding it may hold more (below)
            "o": t.spec_line - t.start, "n": t.end - t.start, "ca": bool(t.caption) and t.caption[0] >= t.end}
    return SPEC + base64.b64encode(json.dumps(data, separators=(",", ":")).encode()).decode()


def _mark_line(line: str, fragments: list[tuple[int, int, int]]) -> str:
    """Keep each fragment's text where it is; mark its start; blank out everything else."""
    out = [FILL] * len(line)
    inserts = []
    for s, e, n in sorted(fragments):
        out[s:e] = line[s:e]
        if s > 0 and (out[s - 1] == FILL or out[s - 1] == " "):
            out[s - 1] = cell_mark(n)  # the border or gap just before the cell
        else:
            inserts.append((s, cell_mark(n)))
    for s, mark in sorted(inserts, reverse=True):
        out.insert(s, mark)
    return "".join(out).rstrip(FILL) or FILL


def _rewrite(lines: list[str], tables: list[Table]) -> str:
    out = lines[:]
    for t in tables:
        src = t.view if t.view is not None else lines
        for ln in range(t.start, t.end):
            p = t.lead if ln == t.start and t.lead else t.prefix
            if ln == t.spec_line:
                out[ln] = p + _spec(t)
            elif ln in t.fragments:
                out[ln] = p + _mark_line(src[ln], t.fragments[ln])
            else:
                out[ln] = p + FILL
        p = t.prefix
        if t.caption:
            first, last = t.caption
            m = CAPTION_START.match(src[first])
            out[first] = p + CAPTION + " " * (m.end() - 1) + src[first][m.end():]
            for ln in range(first + 1, last + 1):
                out[ln] = p + (CAPTION + src[ln][1:] if src[ln].startswith(" ") else CAPTION + src[ln])
            gap = range(last + 1, t.start) if last < t.start else range(t.end, first)
            for ln in gap:  # the blank line between caption and table: one block for Markdown
                out[ln] = p + FILL
    return "\n".join(out)


def problems(text: str, path: str) -> list[Diagnostic]:
    """What lint reports about the tables of one file."""
    found = list(normalize(text, path).problems)
    lines = text.split("\n")
    skip = _skipped(lines)
    norm = normalize(text, path).text.split("\n")
    for n, line in enumerate(lines):
        if not skip[n] and re.match(r"^ {0,3}Table:", line) and not norm[n].lstrip(" >").startswith(CAPTION) \
                and (n == 0 or not lines[n - 1].strip()):
            found.append(Diagnostic("warning", "table.caption-alone", "'Table:' caption without a table next to it "
                                    "(a blank line between them at most); it prints as text",
                                    SourceLocation(path, n + 1, 1)))
    return found
