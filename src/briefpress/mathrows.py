"""Equations of several lines, numbered line by line as LaTeX numbers them.

Takes the body of an ``align``, ``alignat``, ``flalign``, ``gather`` or ``eqnarray`` environment (starred
or not; ``alignat``'s argument taken off) and
returns its lines (split at ``\\\\`` outside braces and inner environments such as ``cases``), each
with its ``\\label``, its ``\\tag`` and whether it takes a number: every line of the unstarred form
but one marked ``\\nonumber`` / ``\\notag``; in the starred form, one that has a ``\\label`` or a
``\\tag``. :func:`table_tex` writes them back as one table whose last column holds each line's
number, as TeX latex2mathml reads (:mod:`briefpress.mathtex` prints it; its ``number_with_notes``
puts the numbers in place of :data:`ROW_MARK`). For print, :func:`split_numbers` sets the numbers apart
from the lines, and :func:`split_pairs` a ``flalign``'s column pairs apart from each other (in every edition:
:mod:`briefpress.mathlayout`).
"""

from __future__ import annotations

import html as htmlmod
import re
from dataclasses import dataclass

ROWS_ENVS = ("align", "alignat", "flalign", "gather", "eqnarray")
PAIRS_ENVS = ("alignat", "flalign")  # a table even of one line: its columns are what it is for
ROW_MARK = "\ue011"  # a line's number in the table, replaced by mathtex.number_with_notes
ANCHOR_MARK = "\ue012"  # the same number on the line's anchor (its id, for cross-references)
TOKEN = re.compile(r"\\begin\{[^}]*\}|\\end\{[^}]*\}|\\\\(?:\s*\[[^\]]*\])?|\\.|[{}]", re.S)
LABEL = re.compile(r"\\label\{([^}\s]+)\}")
TAG = re.compile(r"\\tag(\*?)\{([^{}]*)\}")
NONUMBER = re.compile(r"\\(?:nonumber|notag)\b")


@dataclass(frozen=True)
class Row:
    tex: str  # the line without its \label, \tag, \nonumber
    label: str
    tag: str  # its own number as printed ("(*)"), or ""
    numbered: bool  # takes the next number (a tagged line prints its tag instead)


def split_rows(body: str) -> list[str]:
    """The lines of an environment's body: split at ``\\\\`` at its own level (not in ``{…}`` or an
    inner ``\\begin…\\end``); a ``\\\\`` ending the last line makes no empty line."""
    rows, depth, start = [], 0, 0
    for m in TOKEN.finditer(body):
        token = m.group()
        if token in ("{",) or token.startswith("\\begin"):
            depth += 1
        elif token in ("}",) or token.startswith("\\end"):
            depth -= 1
        elif token.startswith("\\\\") and depth == 0:
            rows.append(body[start:m.start()])
            start = m.end()
    rows.append(body[start:])
    return [r for i, r in enumerate(rows) if r.strip() or i < len(rows) - 1]


def rows_of(env: str, body: str) -> list[Row]:
    """Each line of an environment: its TeX, label, tag and whether it is numbered."""
    starred = env.endswith("*")
    out = []
    for raw in split_rows(body):
        label, tag = LABEL.search(raw), TAG.search(raw)
        mark = (tag.group(2) if tag.group(1) else f"({tag.group(2)})") if tag else ""
        numbered = not tag and not NONUMBER.search(raw) and (not starred or bool(label))
        tex = NONUMBER.sub("", TAG.sub("", LABEL.sub("", raw))).strip()
        out.append(Row(tex, label.group(1) if label else "", mark, numbered))
    return out


def _cells(row: str) -> int:
    depth, count = 0, 1
    for m in re.finditer(r"\\begin\{[^}]*\}|\\end\{[^}]*\}|\\.|[{}&]", row):
        token = m.group()
        depth += 1 if token == "{" or token.startswith("\\begin") else -1 if token == "}" or token.startswith("\\end") else 0
        count += token == "&" and depth == 0
    return count


def table_tex(env: str, rows: list[Row], pairs: int = 0) -> str:
    """The lines as one table, their numbers in a last column (empty where a line has none):
    ``align`` and ``flalign`` as ``align*`` (its columns right, left, right…, 2em between the pairs),
    ``alignat`` as ``split`` (the same columns, ``pairs`` of them at least, and no space between the
    pairs, as TeX sets it), ``gather`` centred, ``eqnarray`` as right, centre, left; every cell in
    display style."""
    def number(row: Row) -> str:
        return rf"\qquad\text{{{row.tag}}}" if row.tag else rf"\qquad\text{{({ROW_MARK})}}" if row.numbered else ""

    name = env.rstrip("*")
    if name in ("gather", "eqnarray"):
        columns = "c" if name == "gather" else "rcl"
        # '{}' where a line has no number: latex2mathml drops a last line that ends in an empty cell
        lines = [" & ".join(rf"\displaystyle {cell}" for cell in _split_cells(row.tex, len(columns)))
                 + f" & {number(row) or '{}'}" for row in rows]
        return rf"\begin{{array}}{{{columns}l}}" + r" \\ ".join(lines) + r"\end{array}"
    width = max(max(_cells(row.tex) for row in rows), 2 * pairs)
    width += width % 2  # the number after a right-aligned column's pair
    lines = [row.tex + " &" * (width - _cells(row.tex)) + f" && {number(row)}" for row in rows]
    table = "split" if name == "alignat" else "align*"
    return rf"\begin{{{table}}}" + r" \\ ".join(lines) + rf"\end{{{table}}}"


def _split_cells(tex: str, count: int) -> list[str]:
    """A line's cells at ``&`` (at its own level), padded to ``count`` (gather has one: no ``&``)."""
    if count == 1:
        return [tex]
    cells, depth, start = [], 0, 0
    for m in re.finditer(r"\\begin\{[^}]*\}|\\end\{[^}]*\}|\\.|[{}&]", tex):
        token = m.group()
        depth += 1 if token == "{" or token.startswith("\\begin") else -1 if token == "}" or token.startswith("\\end") else 0
        if token == "&" and depth == 0:
            cells.append(tex[start:m.start()])
            start = m.end()
    cells.append(tex[start:])
    return (cells + [""] * count)[:count] if len(cells) <= count else cells[:count - 1] + ["&".join(cells[count - 1:])]


def rows_html(rows: tuple[Row, ...], body: str, is_mathml: bool, number_cells: int = 2, spread: bool = False) -> str:
    """An equation of several lines -> its HTML: the table (``body``, MathML or the source as code) and
    before it an anchor per numbered line, the target of a reference to the line's label. ``number_cells``:
    the table's last columns that hold the numbers (:func:`table_tex`: two in ``align``, one in ``gather``),
    which print sets at the right margin (:func:`split_numbers`); ``spread``: a ``flalign``, whose column pairs
    every edition spreads over the full width (:func:`split_pairs`)."""
    if is_mathml:  # the lines as written, not the table around them, for the print's alt text and readers
        plain = htmlmod.escape(r" \\ ".join(row.tex for row in rows))
        body = re.sub(r'alttext="[^"]*"', lambda _: f'alttext="{plain}"', body, count=1)
    anchors, auto = [], 0
    for row in rows:
        if row.numbered or row.tag:
            number = htmlmod.escape(row.tag.strip("()")) if row.tag else f"{ANCHOR_MARK}{auto}"
            auto += not row.tag
            ident = f' id="{htmlmod.escape(row.label)}"' if row.label else ""
            anchors.append(f'<span class="eq-row"{ident} data-number="{number}"></span>')
    cells = f' data-number-cells="{number_cells}"' if is_mathml and anchors else ""
    kind = " math-flalign" if spread and is_mathml else ""
    return f'<div class="math display math-rows{kind}"{cells}>{"".join(anchors)}{body}</div>'


def split_numbers(mathml: str, cells: int) -> tuple[str, str]:
    """A numbered table's MathML -> (the table without its last ``cells`` columns, the numbers' table), so
    print sets the lines centred and their numbers at the right margin, as a one-line equation's. Each
    row of the numbers' table holds its line unseen and of no width (``mphantom`` in ``mpadded``), so the
    two tables' rows are as tall as each other (each line holds its number so too): set side by side, each
    number sits on its line."""
    import copy

    import lxml.etree
    root = lxml.etree.fromstring(mathml.encode())
    numbers = copy.deepcopy(root)
    ns = root.tag[:-len("math")]
    numbers.set("alttext", " ".join(t.strip() for t in numbers.itertext() if _NUMBER.fullmatch(t.strip())))
    table, table_of_numbers = next(root.iter(f"{ns}mtable")), next(numbers.iter(f"{ns}mtable"))
    table_of_numbers.attrib.pop("columnspacing", None)
    for row, number_row in zip(table.iterchildren(f"{ns}mtr"), table_of_numbers.iterchildren(f"{ns}mtr")):
        line, number = list(row)[:-cells], list(row)[-cells:]
        for cell in number:
            row.remove(cell)
        if line:
            _unseen(line[-1], number)
        for cell in list(number_row):
            number_row.remove(cell)
        mtd = lxml.etree.SubElement(number_row, f"{ns}mtd", columnalign="right")
        _unseen(mtd, line)
        mtd.extend(copy.deepcopy(t) for cell in number for t in cell if t.tag == f"{ns}mtext")
    return (lxml.etree.tostring(root, encoding="unicode"), lxml.etree.tostring(numbers, encoding="unicode"))


def _unseen(into, cells_shown) -> None:
    """What another table's row shows, put in a cell: its height, no width, no ink."""
    import copy

    import lxml.etree
    ns = into.tag[:into.tag.index("}") + 1] if into.tag.startswith("{") else ""
    hidden = lxml.etree.SubElement(lxml.etree.SubElement(into, f"{ns}mpadded", width="0"), f"{ns}mphantom")
    for cell in cells_shown:
        hidden.extend(copy.deepcopy(list(cell)))


def split_pairs(mathml: str, drop: int = 0) -> list[str]:
    """A ``flalign``'s table (without its last ``drop`` columns: its numbers' cells) -> a table per column
    pair, for print to spread over the full width. Each row holds the other pairs' cells unseen and of no
    width (as :func:`split_numbers`), so every table's rows are as tall as each other. Each table's alt
    text is its own pair's TeX, its lines joined by ``\\\\``."""
    import copy

    import lxml.etree
    root = lxml.etree.fromstring(mathml.encode())
    ns = root.tag[:-len("math")]
    rows = list(next(root.iter(f"{ns}mtable")).iterchildren(f"{ns}mtr"))
    width = max(len(row) for row in rows) - drop
    written = [_split_cells(line, width) for line in split_rows(root.get("alttext", ""))]
    out = []
    for first in range(0, max(width, 1), 2):
        piece = copy.deepcopy(root)
        piece.set("alttext", " \\\\ ".join("&".join(cells[first:first + 2]).strip() for cells in written))
        table = next(piece.iter(f"{ns}mtable"))
        table.set("columnspacing", "0em")
        for row in table.iterchildren(f"{ns}mtr"):
            cells = list(row)[:width]
            for cell in list(row):
                row.remove(cell)
            kept = cells[first:first + 2] or [lxml.etree.Element(f"{ns}mtd")]
            row.extend(kept)
            _unseen(kept[-1], cells[:first] + cells[first + 2:])
        out.append(lxml.etree.tostring(piece, encoding="unicode"))
    return out


_NUMBER = re.compile(r"\([^()]*\)")  # "(2)", "(A.1)": a line's number as the table prints it


def number_block(block: str, before: int) -> tuple[str, int]:
    """A several-line equation's HTML, numbered from ``before`` + 1 -> (the HTML, how many numbers it took)."""
    count = block.count(ROW_MARK)
    numbers = iter(range(before + 1, before + count + 1))
    block = re.sub(ROW_MARK, lambda _: str(next(numbers)), block)
    return re.sub(f"{ANCHOR_MARK}(\\d+)", lambda m: str(before + 1 + int(m.group(1))), block), count
