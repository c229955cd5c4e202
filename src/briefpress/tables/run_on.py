"""Lines right under a table that pandoc does not read as the block they look like: :func:`warnings` takes
the tables read (:mod:`.source`), the file's lines and where tables start, and returns a ``table.run-on``
warning for each table with such lines (briefpress keeps their words; pandoc drops or swallows them)."""

from __future__ import annotations

from ..diagnostics import Diagnostic, SourceLocation
from .readers import Table, _runs

ADVICE = "put a blank line between them"


def warnings(tables: list[Table], lines: list[str], starts: frozenset, path: str) -> list[Diagnostic]:
    out = []
    for t in tables:
        view = t.view if t.view is not None else lines
        if t.kind == "grid" and t.end < len(view) and view[t.end].lstrip()[:1] in ("|", "+"):
            line, what = t.end, ("a '|' or '+' line right under a grid table is read by pandoc into that table, "
                                 f"or dropped; briefpress prints it as written: {ADVICE}")
        elif t.caption and t.caption[0] >= t.end and t.caption[1] + 1 in starts:
            line, what = t.caption[1] + 1, ("a table right under the caption of the table above is read by pandoc as "
                                            f"more caption text; briefpress prints it as written: {ADVICE}")
        elif t.kind == "simple" and (line := _cut_row(t, view)) is not None:
            what = ("this line is a row of the simple table above (its rows run to the next blank line), and pandoc cuts "
                    "its text at the columns' edges (what is left of the first column is dropped): if it is text under "
                    f"the table, {ADVICE}; if it is a row, line its cells up with the dashes")
        else:
            continue
        out.append(Diagnostic("warning", "table.run-on", what, SourceLocation(path, line + 1, len(t.prefix) + 1)))
    return out


def _cut_row(t: Table, view: list[str]) -> int | None:
    """The first body line of a simple table with text left of its first column's dashes or a word over the
    start of a column (a paragraph right under the table, read as its last rows), or None."""
    starts = [s for s, _ in _runs(view[t.spec_line])]
    for n in sorted(t.fragments):
        line = view[n]
        if n <= t.spec_line or not line.strip():
            continue  # the header, the dashes
        if line[:starts[0]].strip() or any(0 < s < len(line) and not line[s - 1].isspace() and not line[s].isspace()
                                           for s in starts[1:]):
            return n
    return None
