"""Tables in the source: Markdown text -> the same text with every table in a marked form, plus problems.

pandoc's four table forms (pipe, simple, grid, multiline) and their ``Table:`` / ``:``
captions are found on the raw text, where column positions still mean something, and
rewritten line for line (line numbers hold, columns nearly always) into a form that no
longer depends on positions: each cell's text is preceded by a one-character cell mark,
everything between cells becomes a filler mark, and one structural line carries the
table's description (kinds, alignments, widths, spans, caption id and classes).
:mod:`briefpress.citations` then replaces citations inside cells as anywhere else (its
tokens are shorter than the calls), and :mod:`briefpress.tables.html` builds the table.
Grid tables are read with docutils' grid-table parser (row and column spans included).
"""

from __future__ import annotations

import base64
import functools
import json
import re
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic, SourceLocation, error

SPEC, CAPTION, FILL = "\ue010", "\ue011", "\ue014"
CELL_BASE = 0xF0000  # cell n is marked chr(CELL_BASE + n): one character, so columns hold
MARKS = (SPEC, CAPTION, FILL)

GRID_BORDER = re.compile(r"^ {0,3}\+(?:[-=:]+\+)+\s*$")
DASH_GAPS = re.compile(r"^ {0,3}-+(?: +-+)+\s*$")  # two or more columns
DASH_FULL = re.compile(r"^ {0,3}-{3,}\s*$")
PIPE_SEP = re.compile(r"^ {0,3}\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
CAPTION_START = re.compile(r"^ {0,3}(Table:|table:|:)(?=\s)")
ATTRS = re.compile(r"\s*\{([^{}]*)\}\s*$")


def cell_mark(n: int) -> str:
    return chr(CELL_BASE + n)


def cell_id(ch: str) -> int | None:
    n = ord(ch) - CELL_BASE
    return n if 0 <= n < 0xFFFE else None


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
    attrs: dict = field(default_factory=dict)


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


def _column_bounds(dash_line: str) -> list[int]:
    runs = _runs(dash_line)
    return [s for s, _ in runs]


def _slices(line: str, starts: list[int]) -> list[tuple[int, int]]:
    """Column c runs from its dashes' start to the next column's (the first from 0, the last to the end)."""
    ends = starts[1:] + [max(len(line), starts[-1])]
    return [(min(0 if c == 0 else starts[c], len(line)), min(ends[c], len(line))) for c in range(len(starts))]


def _simple(lines, i, skip) -> Table | None:
    """Headed simple table: header line, dashes with gaps, rows to a blank line (an optional closing dash line)."""
    if i + 1 >= len(lines) or not lines[i].strip() or not DASH_GAPS.match(lines[i + 1]) or skip[i + 1]:
        return None
    runs = _runs(lines[i + 1])
    starts = [s for s, _ in runs]
    end = i + 2
    while end < len(lines) and lines[end].strip() and not skip[end]:
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


def _multiline(lines, i, skip) -> Table | None:
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


def _headerless_simple(lines, i, skip) -> Table | None:
    if not DASH_GAPS.match(lines[i]):
        return None
    k = i + 1
    while k < len(lines) and lines[k].strip() and not skip[k] and not DASH_GAPS.match(lines[k]):
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


def _pipe(lines, i, skip) -> Table | None:
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


def _grid(lines, i, skip, path) -> tuple[Table | None, list[Diagnostic]]:
    from docutils.parsers.rst.tableparser import GridTableParser, TableMarkupError
    from docutils.statemachine import StringList

    if not GRID_BORDER.match(lines[i]):
        return None, []
    indent = len(lines[i]) - len(lines[i].lstrip())
    end = i + 1
    while end < len(lines) and lines[end][indent:indent + 1] in ("+", "|") and not skip[end]:
        end += 1
    block = [l[indent:].rstrip() for l in lines[i:end]]
    seps = [n for n, l in enumerate(block) if n and re.match(r"^\+(?:[=:]+\+)+$", l)]
    head_sep = seps[0] if seps else None
    foot_sep = seps[1] if len(seps) > 1 else None  # pandoc 3: a foot between two more '=' lines
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
    except (TableMarkupError, IndexError) as exc:
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


def _caption_para(lines, start, step, skip) -> tuple[int, int] | None:
    """The caption paragraph beside a table: (first, last line) or None. ``start`` is the line next to
    the table, ``step`` +1 (after it) or -1 (before it)."""
    k = start
    if 0 <= k < len(lines) and not lines[k].strip():
        k += step
    if not (0 <= k < len(lines)) or not lines[k].strip() or skip[k]:
        return None
    if step > 0:
        if not CAPTION_START.match(lines[k]):
            return None
        last = k
        while last + 1 < len(lines) and lines[last + 1].strip():
            last += 1
        return k, last
    first = k
    while first - 1 >= 0 and lines[first - 1].strip():
        first -= 1
    return (first, k) if CAPTION_START.match(lines[first]) else None


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
    i = 0
    while i < len(lines):
        blank_before = i == 0 or not lines[i - 1].strip() or CAPTION_START.match(lines[i - 1]) is not None
        if skip[i] or not lines[i].strip() or not blank_before:
            i += 1
            continue
        table, found = _grid(lines, i, skip, path)
        problems += found
        for reader in (_pipe, _multiline, _headerless_simple, _simple):
            if table is None and not found:
                table = reader(lines, i, skip)
        if table is None:
            i += 1
            continue
        tables.append(table)
        i = table.end
    claimed: set[int] = set()
    for n, t in enumerate(tables):
        before = _caption_para(lines, t.start - 1, -1, skip)
        after = _caption_para(lines, t.end, 1, skip)
        if before and before[0] not in claimed:
            t.caption = before
        elif after and after[0] not in claimed:  # as pandoc reads them: in order, the caption before first
            t.caption = after
        if t.caption:
            claimed.add(t.caption[0])
            last = lines[t.caption[1]]
            m = ATTRS.search(last)
            if m and (m.group(1).strip().startswith(("#", ".")) or not m.group(1).strip()):
                t.attrs = _parse_attrs(m.group(1))
                lines[t.caption[1]] = last[:m.start()] + " " * (len(last) - m.start())
    ids = [t.attrs["id"] for t in tables if t.attrs.get("id")]
    seen: set[str] = set()
    for t in tables:
        ident = t.attrs.get("id")
        if ident and ident in seen:
            problems.append(error("table.duplicate-id", f"table id '#{ident}' is used by an earlier table; "
                                  "give each table its own id", SourceLocation(path, t.caption[1] + 1, 1)))
        seen.add(ident)
    return Normalized(_rewrite(lines, tables), tuple(problems), len(tables), tuple(ids))


def _spec(t: Table) -> str:
    data = {"k": t.kind, "a": t.aligns, "r": t.rows, "h": t.header_rows, "f": t.footer_rows, "w": t.widths,
            "id": t.attrs.get("id", ""), "cl": t.attrs.get("classes", []), "cap": t.caption is not None}
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
    lines = lines[:]
    for t in tables:
        for ln in range(t.start, t.end):
            if ln == t.spec_line:
                lines[ln] = _spec(t)
            elif ln in t.fragments:
                lines[ln] = _mark_line(lines[ln], t.fragments[ln])
            else:
                lines[ln] = FILL
        if t.caption:
            first, last = t.caption
            m = CAPTION_START.match(lines[first])
            lines[first] = CAPTION + " " * (m.end() - 1) + lines[first][m.end():]
            for ln in range(first + 1, last + 1):
                lines[ln] = CAPTION + lines[ln][1:] if lines[ln].startswith(" ") else CAPTION + lines[ln]
            gap = range(last + 1, t.start) if last < t.start else range(t.end, first)
            for ln in gap:  # the blank line between caption and table: one block for Markdown
                lines[ln] = FILL
    return "\n".join(lines)


def problems(text: str, path: str) -> list[Diagnostic]:
    """What lint reports about the tables of one file."""
    found = list(normalize(text, path).problems)
    lines = text.split("\n")
    skip = _skipped(lines)
    norm = normalize(text, path).text.split("\n")
    for n, line in enumerate(lines):
        if not skip[n] and re.match(r"^ {0,3}Table:", line) and not norm[n].startswith(CAPTION) \
                and (n == 0 or not lines[n - 1].strip()):
            found.append(Diagnostic("warning", "table.caption-alone", "'Table:' caption without a table next to it "
                                    "(a blank line between them at most); it prints as text",
                                    SourceLocation(path, n + 1, 1)))
    return found
