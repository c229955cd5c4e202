"""Tables in Markdown: the marked form of :mod:`briefpress.tables.source` -> ``<table>`` elements.

A Python-Markdown block processor. Cells of pipe, simple and multiline tables are inline Markdown
(a multiline cell's lines are one text, as pandoc reads them); cells of grid tables are blocks (a lone
paragraph is unwrapped). A table is
wrapped in ``<div class="table-wrap ...">`` whose classes tell the stylesheets how wide it
is (``cols-N``, ``wide`` from 6 columns, ``landscape`` from 9 or when asked with
``{.landscape}``, ``very-wide`` from 13). A captioned table gets ``data-number`` and a "Table N:" label, both
the placeholder ``NUMBER`` until :func:`briefpress.tables.number_tables` numbers the
tables of the whole document in reading order.
"""

from __future__ import annotations

import base64
import json
import re
import textwrap
import xml.etree.ElementTree as etree

from markdown.blockprocessors import BlockProcessor

from ..list_spacing import LOOSE, TIGHT
from .source import CAPTION, FILL, MARKS, SPEC, cell_id

NUMBER = "\ue003"
WIDE_FROM, LANDSCAPE_FROM, TINY_FROM = 6, 9, 13
ALIGN = {"l": "left", "c": "center", "r": "right"}


def numbered_caption(table, text: str = ""):
    """``<caption><span class="table-label">Table N:</span> text</caption>`` first in ``table``: the shape
    :func:`briefpress.tables.number_tables` numbers (``NUMBERED``). Returns the caption."""
    caption = etree.Element("caption")
    label = etree.SubElement(caption, "span", {"class": "table-label"})
    label.text, label.tail = f"Table {NUMBER}:", " " + text
    table.insert(0, caption)
    return caption


def _starts_table(block: str) -> bool:
    # a table in a list item Markdown did not nest keeps its indent; one opening an item, its list's spacing mark
    block = block.lstrip(" " + TIGHT + LOOSE)
    return bool(block) and (block[0] in MARKS or cell_id(block[0]) is not None) and SPEC in block


def _split(block: str) -> tuple[str, str, str]:
    """(what comes before the table, its lines, what follows them) in a block: a table ends a block for
    pandoc, so a quote, list, heading, paragraph or another table right under it (no blank line between)
    is the next block, not lost. The description says where the table's lines are; its caption is the
    marked lines before them or, when it follows the table, after them."""
    lines = block.split("\n")
    at = next(n for n, line in enumerate(lines) if line.lstrip(" ").startswith(SPEC))
    spec = json.loads(base64.b64decode(lines[at].lstrip(" ")[1:].strip()))
    first = at - spec.get("o", 0)
    last = first + spec.get("n", len(lines) - first)
    while first and lines[first - 1].lstrip(" ")[:1] in (CAPTION, FILL):
        first -= 1  # its caption (and the blank line between them)
    if spec.get("ca"):
        while last < len(lines) and lines[last].lstrip(" ")[:1] == FILL and lines[last].strip(" " + FILL) == "":
            last += 1
        while last < len(lines) and lines[last].lstrip(" ")[:1] == CAPTION:
            last += 1
    return "\n".join(lines[:first]), "\n".join(lines[first:last]), "\n".join(lines[last:])


def _pieces(block: str) -> tuple[dict, list[str], dict[int, list[str]]]:
    """(description, caption lines, cell id -> its lines) of one marked table."""
    spec, caption, cells = {}, [], {}
    for line in block.split("\n"):
        line = line.lstrip(" ")
        if line.startswith(SPEC):
            spec = json.loads(base64.b64decode(line[1:].strip()))
            continue
        if line.startswith(CAPTION):
            caption.append(line[1:])
            continue
        current, text = None, ""
        for ch in line + FILL:
            n = cell_id(ch)
            if n is not None or ch == FILL:
                if current is not None:
                    cells.setdefault(current, []).append(text)
                current, text = n, ""
            elif current is not None:
                text += ch
    return spec, caption, cells


def _cell_text(lines: list[str]) -> str:
    text = textwrap.dedent("\n".join(l.rstrip() for l in lines))
    return text.strip("\n").strip() if "\n" not in text.strip("\n") else text.strip("\n")


FENCE = re.compile(r"(?m)^[ \t]*(`{3,}|~{3,})")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


class TableProcessor(BlockProcessor):
    def test(self, parent, block):
        return _starts_table(block)

    def run(self, parent, blocks):
        block = blocks.pop(0)
        mark = block.lstrip(" ")[:1]
        if mark in (TIGHT, LOOSE):  # the item's mark of its list's spacing (list_spacing.apply reads it there)
            parent.text = (parent.text or "") + mark
            block = block.replace(mark, "", 1)
        before, table_lines, rest = _split(block)
        if rest.strip():
            blocks.insert(0, rest)
        if before.strip():
            self.parser.parseBlocks(parent, [before])
        spec, caption, cells = _pieces(table_lines)
        ncols = len(spec["a"])
        classes = ["table-wrap", f"cols-{ncols}"]
        if ncols >= WIDE_FROM:
            classes.append("wide")
        if ncols >= LANDSCAPE_FROM or "landscape" in spec["cl"]:
            classes.append("landscape")
        if ncols >= TINY_FROM:
            classes.append("very-wide")
        for heading in reversed(parent) if "landscape" in classes else ():
            # The headings that open the table (a section's and its subsection's) go to its landscape page:
            # else they are left alone at the foot of the upright page (verification stops the build:
            # pdf.heading-alone).
            if heading.tag not in HEADINGS:
                break
            heading.set("class", " ".join(filter(None, [heading.get("class"), "before-landscape"])))
        wrap = etree.SubElement(parent, "div", {"class": " ".join(classes)})
        attrs = {"class": " ".join([f"table-{spec['k']}"] + [c for c in spec["cl"] if c != "landscape"])}
        if spec["id"]:
            attrs["id"] = spec["id"]
        if spec["cap"]:
            attrs["data-number"] = NUMBER
        table = etree.SubElement(wrap, "table", attrs)
        if spec["cap"]:
            numbered_caption(table, " ".join(l.strip() for l in caption if l.strip()))
        if spec["w"]:
            group = etree.SubElement(table, "colgroup")
            for w in spec["w"]:
                etree.SubElement(group, "col", {"style": f"width: {100 * w:.1f}%"})
        block_cells = spec["k"] == "grid"  # a multiline table's cells are text, as pandoc reads them ("- a" is no list)
        foot = len(spec["r"]) - spec["f"]
        sections = [("thead", spec["r"][:spec["h"]], "th"), ("tbody", spec["r"][spec["h"]:foot], "td"),
                    ("tfoot", spec["r"][foot:], "td")]
        col_of = _columns(spec["r"], ncols)
        for tag, rows, cell_tag in sections:
            if not rows:
                continue
            section = etree.SubElement(table, tag)
            for row in rows:
                tr = etree.SubElement(section, "tr")
                for n, colspan, rowspan in row:
                    attrs = {}
                    if colspan > 1:
                        attrs["colspan"] = str(colspan)
                    if rowspan > 1:
                        attrs["rowspan"] = str(rowspan)
                    align = spec["a"][col_of[n]] if col_of.get(n, ncols) < ncols else ""
                    if align:
                        attrs["style"] = f"text-align: {ALIGN[align]}"
                    self._fill(etree.SubElement(tr, cell_tag, attrs), _cell_text(cells.get(n, [])), block_cells)

    def _fill(self, cell, text: str, blocks: bool) -> None:
        """Grid cells hold blocks (a lone paragraph is unwrapped); the others inline text."""
        if not (blocks and text):
            cell.text = text
            return
        if FENCE.search(text):  # the preprocessors read the page, not a cell's text: its fenced code is read here
            lines = text.split("\n")
            for name in ("briefpress-listings", "fenced_code_block"):
                if name in self.parser.md.preprocessors:
                    lines = self.parser.md.preprocessors[name].run(lines)
            # its line after a block that ends the cell: the placeholder's paragraph would keep it ("<p>PH\n</p>"),
            # which the stash no longer knows as its own: the code printed in a <p>
            text = "\n".join(lines).strip("\n")
        self.parser.parseChunk(cell, text)
        if len(cell) == 1 and cell[0].tag == "p" and not cell.text:
            p = cell[0]
            cell.remove(p)
            cell.text = p.text
            for child in p:
                cell.append(child)


def _columns(rows: list, ncols: int) -> dict[int, int]:
    """Cell id -> the column it starts in, with row and column spans taken into account."""
    taken: set[tuple[int, int]] = set()
    out = {}
    for r, row in enumerate(rows):
        c = 0
        for n, colspan, rowspan in row:
            while (r, c) in taken:
                c += 1
            out[n] = c
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            c += colspan
    return out
