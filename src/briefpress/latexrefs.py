"""What pandoc's LaTeX reader writes for LaTeX's references (``pandoc paper.tex -t markdown``), read as
the cross-references they were:

- :func:`translate` (Markdown -> Markdown, before citations are read): a reference link
  ``[2](#sec:main){reference-type="ref" reference="sec:main"}`` -> the cross-reference ``\\ref`` maps to
  (:mod:`briefpress.rawlatex`): ``ref`` the number, ``eqref`` "(4)", ``autoref``/``cref`` "Section 2";
  the number pandoc guessed (or ``[eq:fp]`` where it could not) is not kept. Lines keep their number.
- :class:`LatexRefsExtension` (a tree step): a div with an id around a single table (pandoc's reading
  of a ``table`` environment with a ``\\label``, ``::: {#tab:x}``) gives the table that id, so the table's
  number is what a reference to it prints.
"""

from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .rawlatex import PAD, REFS, blanked, ref

LINK = re.compile(r"\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(#[^)\s]+\)\{reference-type=\"(?P<type>[\w+]+)\"\s+"
                  r"reference=\"(?P<id>[^\"\s]+)\"\}")
MODES = {**REFS, "ref+label": "n", "ref+Label": "n"}  # pandoc's names for \cref, \Cref


def translate(text: str) -> str:
    if "reference-type=" not in text:
        return text

    masked = blanked(text)

    def one(m: re.Match) -> str:
        mode = MODES.get(m.group("type"))
        if mode is None or masked[m.start()] == "\0":  # pageref and others, or in code: as written
            return m.group()
        rep = ref(mode, [m.group("id")])
        lines = m.group().count("\n")
        last = len(m.group()) - m.group().rfind("\n") - 1 if lines else len(m.group())
        return rep + PAD * max(0, last - len(rep)) + "\n" * lines  # later calls on its last line keep their columns
    return LINK.sub(one, text)


class _TableIds(Treeprocessor):
    def run(self, root):
        for div in root.iter("div"):
            tables = [t for t in div.iter("table")]
            if div.get("id") and len(tables) == 1 and not tables[0].get("id") and len(div) == 1 \
                    and "table-wrap" in (div[0].get("class") or "").split():
                tables[0].set("id", div.attrib.pop("id"))


class LatexRefsExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_TableIds(md), "briefpress-latex-table-ids", 6)


def makeExtension(**kwargs):
    return LatexRefsExtension(**kwargs)
