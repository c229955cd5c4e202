"""The four table forms in source lines -> :class:`Table` values (cells, spans, alignments, widths).

Each reader takes the file's lines, the index of a candidate first line and which lines are
code or comments, and returns a Table (or None when the lines are no such table). Positions
are the source's; :mod:`briefpress.tables.source` rewrites the lines from them. Alignments
follow pandoc: colons in pipe and grid separators; for simple and multiline tables, where the
header text sits over its dashes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic, SourceLocation, error

GRID_BORDER = re.compile(r"^ {0,3}\+(?:[-=:]+\+)+\s*$")
DASH_GAPS = re.compile(r"^ {0,3}-+(?: +-+)+\s*$")  # two or more columns
DASH_FULL = re.compile(r"^ {0,3}-{3,}\s*$")
PIPE_SEP = re.compile(r"^ {0,3}\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
CAPTION_START = re.compile(r"^ {0,3}(Table:|table:|:)(?=\s)")
DIV_CLOSE = re.compile(r"^ {0,3}:{3,}\s*$")  # a fenced div's closing line: it ends the div, and a table in it


@dataclass
class Table:
    kind: str
    start: int  # first line (0-based), end exclusive
    end: int
    spec_line: int
    aligns: list  # "l" "c" "r" or "" per column
    rows: list  # rows of [cell id, colspan, rowspan]
    header_rows: int
    widths: list | None = None  # relative column widths, or None (automatic)
    fragments: dict = field(default_factory=dict)  # line -> [(start, end, cell id)]
    caption: tuple | None = None  # (first line, last line) of the caption paragraph
    footer_rows: int = 0
    view: list | None = None  # the lines it was read from, when they are not the file's (nested tables)
    prefix: str = ""  # what each of its lines starts with: '> ' in a block quote, spaces in a list item
    lead: str = ""  # what its first line starts with instead, when the table opens a list item: '- '
    attrs: dict = field(default_factory=dict)


def _runs(line: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"-+", line)]


def _aligns(header: list[str], runs: list[tuple[int, int]]) -> list[str]:
    """pandoc's rule: header text flush with its dashes' left end -> left, right end -> right, both -> default,
    neither -> center (over all header lines)."""
    starts = [s for s, _ in runs]
    out = []
    for c, (start, end) in enumerate(runs):
        lefts, rights = [], []
        for line in header:
            s, e = _slices(line, starts)[c]
            cell = line[s:e]
            if cell.strip():
                lefts.append(s + len(cell) - len(cell.lstrip()))
                rights.append(s + len(cell.rstrip()))
        if not lefts:
            out.append("")
            continue
        left, right = min(lefts) <= start, max(rights) >= end
        out.append("" if left and right else "l" if left else "r" if right else "c")
    return out


def _slices(line: str, starts: list[int]) -> list[tuple[int, int]]:
    """Column c runs from its dashes' start to the next column's (the first from 0, the last to the end)."""
    ends = starts[1:] + [max(len(line), starts[-1])]
    return [(min(0 if c == 0 else starts[c], len(line)), min(ends[c], len(line))) for c in range(len(starts))]


def simple(lines, i, skip) -> Table | None:
    """Headed simple table: header line, dashes with gaps, rows to a blank line (an optional closing dash line)."""
    if i + 1 >= len(lines) or not lines[i].strip() or not DASH_GAPS.match(lines[i + 1]) or skip[i + 1]:
        return None
    runs = _runs(lines[i + 1])
    starts = [s for s, _ in runs]
    end = i + 2
    while end < len(lines) and lines[end].strip() and not skip[end] and not DIV_CLOSE.match(lines[end]):
        end += 1
    body = list(range(i + 2, end))
    if body and DASH_GAPS.match(lines[body[-1]]) or body and DASH_FULL.match(lines[body[-1]]):
        body = body[:-1]
    if not body:
        return None
    aligns = _aligns([lines[i]], runs)
    t = Table("simple", i, end, i + 1, aligns, [], 1)
    _fill_rows(t, [[i]] + [[n] for n in body], lines, starts)
    return t


def _fill_rows(t: Table, row_lines: list[list[int]], lines, starts) -> None:
    n = 0
    for group in row_lines:
        row = []
        for c in range(len(starts)):
            row.append([n, 1, 1])
            for ln in group:
                s, e = _slices(lines[ln], starts)[c]
                t.fragments.setdefault(ln, []).append((s, e, n))
            n += 1
        t.rows.append(row)


def multiline(lines, i, skip) -> Table | None:
    """Multiline table (headed: full dash line, header lines, dashes with gaps; or headerless: dashes with
    gaps), rows separated by blank lines, closed by a dash line."""
    headed = bool(DASH_FULL.match(lines[i]))
    if not headed and not DASH_GAPS.match(lines[i]):
        return None
    j = i + 1
    header = []
    if headed:
        while j < len(lines) and lines[j].strip() and not re.match(r"^ {0,3}-+(?: +-+)*\s*$", lines[j]):
            header.append(j)
            j += 1
        if not header or j >= len(lines) or not DASH_GAPS.match(lines[j]):
            return None  # one column, or '---' rules around a paragraph (front matter, a setext heading)
        cols_line = j
        j += 1
    else:
        cols_line = i
    closing = DASH_FULL if headed else re.compile(r"^ {0,3}-+(?: +-+)*\s*$")
    k, blank_seen = j, False
    while k < len(lines) and not closing.match(lines[k]):
        if skip[k] or (not lines[k].strip() and k + 1 < len(lines) and not lines[k + 1].strip()):
            return None
        blank_seen |= not lines[k].strip()
        k += 1
    if k >= len(lines) or k == j or (not headed and not blank_seen) or (k + 1 < len(lines) and lines[k + 1].strip()
                                                                         and not CAPTION_START.match(lines[k + 1])):
        return None  # headerless without blank lines between rows is a simple table; a table ends a block
    runs = _runs(lines[cols_line])
    starts = [s for s, _ in runs]
    groups, current = [], []
    for n in range(j, k):
        if lines[n].strip():
            current.append(n)
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    if headed:
        aligns = _aligns([lines[h] for h in header], runs)
    else:
        aligns = _aligns([lines[g[0]] for g in groups[:1]], runs)
    total = max(len(lines[cols_line].rstrip()), 1)
    widths = [(starts[c + 1] if c + 1 < len(starts) else runs[c][1]) - starts[c] for c in range(len(starts))]
    t = Table("multiline", i, k + 1, cols_line, aligns, [], 1 if headed else 0,
              widths=[w / max(total, sum(widths)) for w in widths])
    _fill_rows(t, ([header] if headed else []) + groups, lines, starts)
    return t


def headerless_simple(lines, i, skip) -> Table | None:
    if not DASH_GAPS.match(lines[i]):
        return None
    k = i + 1
    while k < len(lines) and lines[k].strip() and not skip[k] and not DASH_GAPS.match(lines[k]) \
            and not DIV_CLOSE.match(lines[k]):
        k += 1
    if k >= len(lines) or k == i + 1 or not DASH_GAPS.match(lines[k]):
        return None
    runs = _runs(lines[i])
    starts = [s for s, _ in runs]
    aligns = _aligns([lines[i + 1]], runs)
    t = Table("simple", i, k + 1, i, aligns, [], 0)
    _fill_rows(t, [[n] for n in range(i + 1, k)], lines, starts)
    return t


def _split_pipes(line: str) -> list[tuple[int, int]]:
    """Cell (start, end) ranges of a pipe-table row; an escaped \\| is text."""
    bars = [m.start() for m in re.finditer(r"(?<!\\)\|", line)]
    stripped_start = len(line) - len(line.lstrip())
    content_end = len(line.rstrip())
    edges = bars[:]
    if not edges or edges[0] != stripped_start:
        edges.insert(0, stripped_start - 1)
    if edges[-1] != content_end - 1 or len(edges) == 1:
        edges.append(content_end)
    return [(edges[n] + 1, edges[n + 1]) for n in range(len(edges) - 1)]


def pipe(lines, i, skip) -> Table | None:
    if i + 1 >= len(lines) or "|" not in lines[i + 1] or not PIPE_SEP.match(lines[i + 1]) \
            or "-" not in lines[i + 1] or skip[i + 1]:  # pandoc: pipes between all columns, the separator too
        return None
    seps = [lines[i + 1][s:e].strip() for s, e in _split_pipes(lines[i + 1])]
    aligns = ["c" if s.startswith(":") and s.endswith(":") else "r" if s.endswith(":") else
              "l" if s.startswith(":") else "" for s in seps]
    ncols = len(seps)
    end = i + 2
    while end < len(lines) and "|" in lines[end] and lines[end].strip() and not skip[end]:
        end += 1
    t = Table("pipe", i, end, i + 1, aligns, [], 1)
    header_empty = all(not lines[i][s:e].strip() for s, e in _split_pipes(lines[i]))
    n = 0
    for ln in [i] + list(range(i + 2, end)):
        ranges = _split_pipes(lines[ln])[:ncols]
        row = []
        for s, e in ranges:
            row.append([n, 1, 1])
            t.fragments.setdefault(ln, []).append((s, e, n))
            n += 1
        for _ in range(ncols - len(ranges)):  # a short row is filled with empty cells, as in pandoc
            row.append([n, 1, 1])
            n += 1
        t.rows.append(row)
    if header_empty:
        t.rows.pop(0)
        t.header_rows = 0
    longest = max(len(lines[n]) for n in range(i, end))
    if longest > 72:  # as pandoc: long rows get relative widths from the separator's dashes
        dashes = [max(len(s), 1) for s in seps]
        t.widths = [d / sum(dashes) for d in dashes]
    return t


def grid(lines, i, skip, path) -> tuple[Table | None, list[Diagnostic]]:
    """A grid table, or a diagnostic when its borders do not line up."""
    if not GRID_BORDER.match(lines[i]):
        return None, []
    from docutils.parsers.rst.tableparser import GridTableParser, TableMarkupError  # only papers with grids pay
    from docutils.statemachine import StringList

    indent = len(lines[i]) - len(lines[i].lstrip())
    end = i + 1
    while end < len(lines) and lines[end][indent:indent + 1] in ("+", "|") and not skip[end] \
            and not (GRID_BORDER.match(lines[end]) and GRID_BORDER.match(lines[end - 1]) and end - 1 > i):
        end += 1  # (two borders in a row: the next grid table starts, right under this one)
    while end > i + 1 and not GRID_BORDER.match(lines[end - 1]):
        end -= 1  # '|' lines under the last border (a line block, a pipe table) are not its rows
    block = [l[indent:].rstrip() for l in lines[i:end]]
    seps = [n for n, l in enumerate(block) if n and re.match(r"^\+(?:[=:]+\+)+$", l)]
    head_sep = seps[0] if seps else None
    foot_sep = seps[1] if len(seps) > 1 else None  # pandoc 3: a foot between two more '=' lines
    if foot_sep == len(block) - 1:  # or closed by a '=' bottom border: the rows since the last border
        borders = [n for n, l in enumerate(block[:foot_sep]) if n > head_sep and re.match(r"^\+(?:[-=:]+\+)+$", l)]
        foot_sep = borders[-1] if borders else None
    align_line = block[head_sep] if head_sep is not None else block[0]
    aligns = []
    for m in re.finditer(r"\+([-=:]+)(?=\+)", align_line):
        s = m.group(1)
        aligns.append("c" if s[0] == ":" and s[-1] == ":" else "r" if s[-1] == ":" else "l" if s[0] == ":" else "")
    plain = [re.sub(r"[:]", lambda m: "=" if "=" in l else "-", l) if re.match(r"^\+[-=:+]+$", l) else l
             for l in block]
    plain = [l.replace("=", "-") if n in seps[1:] else l for n, l in enumerate(plain)]
    width = max(len(l) for l in plain)
    try:
        colwidths, head, body = GridTableParser().parse(StringList([l.ljust(width) for l in plain]))
    except (TableMarkupError, IndexError, AssertionError) as exc:  # docutils asserts some shapes away
        detail = str(exc).split("\n")[0].rstrip(".") if isinstance(exc, TableMarkupError) else "ragged border"
        return None, [error("table.grid-malformed", f"grid table cannot be read ({detail}); every '+' and '|' "
                            "must line up with the borders above and below", SourceLocation(path, i + 1, indent + 1))]
    t = Table("grid", i, end, i, aligns, [], len(head))
    lefts = [indent]
    for w in colwidths:
        lefts.append(lefts[-1] + w + 1)
    n = 0
    for row in head + body:
        if foot_sep is not None and next(c for c in row if c)[2] > foot_sep:
            t.footer_rows += 1
        out_row = []
        for c, cell in enumerate(row):  # docutils puts None where a spanning cell covers a column
            if cell is None:
                continue
            morerows, morecols, offset, block_lines = cell
            out_row.append([n, morecols + 1, morerows + 1])
            left, right = lefts[c], lefts[c + morecols + 1]
            for k in range(len(block_lines)):
                ln = i + offset + k
                t.fragments.setdefault(ln, []).append((left + 1, min(right, len(lines[ln])), n))
            n += 1
        t.rows.append(out_row)
    total = sum(colwidths) or 1
    t.widths = [w / total for w in colwidths]
    return t, []
