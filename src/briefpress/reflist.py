"""Where the reference list goes: a chapter's Markdown -> a marked place; the Document -> one place or none.

As in pandoc, a ``::: {#refs}`` fenced div (or ``<div id="refs"></div>``) puts the list there.
Failing that, a References heading (``# References``, ``# Bibliography`` and their usual
names in other languages, or any heading with ``{#refs}``) gets the list at the end of its
section (right under it when it has no text of its own); such a level-1 heading is never
numbered, like the list the theme adds.
Without either, the list goes at the end as before (``Document.references_at`` is then "").
The Markdown extension marks the candidates; :func:`place` keeps one (the first div, else
the last heading) and :func:`fill` puts each medium's list in place of the mark.
"""

from __future__ import annotations

import dataclasses
import html as htmlmod
import re
import unicodedata
import xml.etree.ElementTree as etree

from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

MARK = "\ue000r\ue001"
TITLES = {
    "references", "reference list", "bibliography", "works cited", "literature", "literature cited", "sources",
    "cited works", "references cited", "literatur", "literaturverzeichnis", "quellen", "bibliographie",
    "références", "références bibliographiques", "referencias", "bibliografía", "bibliografia",
    "riferimenti bibliografici", "referências", "referencias bibliográficas", "literatuur", "referenties",
    "litteratur", "referenser", "kirjallisuus", "lähteet", "literatura", "bibliografie", "piśmiennictwo",
    "referencat", "bibliografia", "literatura i izvori", "izvori", "reference", "библиография", "литература",
    "литература и извори", "извори", "референце", "список литературы",
}
FENCE_OPEN = re.compile(r"^:{3,}\s*\{[^}]*#refs\b[^}]*\}\s*:*\s*$")
FENCE_CLOSE = re.compile(r"^:{3,}\s*$")
PLACE = re.compile(f'<div [^>]*data-refs="(div|heading)"[^>]*>(.*?){MARK}</div>', re.S)
RAW_DIV = re.compile(r'<div id="refs"[^>]*>\s*</div>')


def is_references_title(text: str) -> bool:
    text = re.sub(r"\s*\{[^}]*\}\s*$", "", text)
    return unicodedata.normalize("NFC", " ".join(text.split())).strip(" .:").lower() in TITLES


def _mark(parent, where: str, ident: str = "") -> etree.Element:
    attrs = {"class": "references", "role": "doc-bibliography", "data-refs": where}
    if ident:
        attrs["id"] = ident
    div = etree.Element("div", attrs)
    div.text = MARK
    return div


class _FencedRefs(BlockProcessor):
    """``::: {#refs}`` ... ``:::``: whatever it holds, then the list."""

    def test(self, parent, block):
        return bool(FENCE_OPEN.match(block.split("\n", 1)[0]))

    def run(self, parent, blocks):
        lines = blocks.pop(0).split("\n")[1:]
        inner = []
        while True:
            if lines and FENCE_CLOSE.match(lines[-1]):
                inner.append("\n".join(lines[:-1]))
                break
            inner.append("\n".join(lines))
            if not blocks:
                break
            lines = blocks.pop(0).split("\n")
        div = _mark(parent, "div", "refs")
        div.text = ""
        self.parser.parseChunk(div, "\n\n".join(inner))
        if len(div):
            div[-1].tail = (div[-1].tail or "") + MARK
        else:
            div.text = MARK
        parent.append(div)


class _HeadingRefs(Treeprocessor):
    """After attr_list, before the headings are numbered: mark the end of each References section."""

    def run(self, root):
        children = list(root)
        for i, el in enumerate(children):
            if el.tag not in ("h1", "h2"):
                continue
            title = htmlmod.unescape(re.sub(r"\x02wzxhzdk:\d+\x03", "", "".join(el.itertext())))
            if not (is_references_title(title) or el.get("id") == "refs"):
                continue
            level = int(el.tag[1])
            if level == 1 and "unnumbered" not in el.get("class", "").split():
                el.set("class", (el.get("class", "") + " unnumbered").strip())
            end = next((el2 for el2 in children[i + 1:] if re.fullmatch(r"h[1-6]", el2.tag)
                        and int(el2.tag[1]) <= level), None)  # the list closes the heading's section
            at = list(root).index(end) if end is not None else len(root)
            root.insert(at, _mark(root, "heading", "" if el.get("id") == "refs" else "refs"))


class RefsExtension(Extension):
    def extendMarkdown(self, md):
        md.parser.blockprocessors.register(_FencedRefs(md.parser), "briefpress-refs", 77)
        md.treeprocessors.register(_HeadingRefs(md), "briefpress-refs-heading", 6)


def makeExtension(**kwargs):
    return RefsExtension(**kwargs)


def place(chapters: list) -> tuple[list, str]:
    """Keep one mark (the first div, else the last heading's); return the chapters and the list's anchor id."""
    chapters = [dataclasses.replace(c, html=RAW_DIV.sub(lambda m: str(_raw_mark()), c.html)) for c in chapters]
    found = [(n, m.group(1), m.start()) for n, c in enumerate(chapters) for m in PLACE.finditer(c.html)]
    divs = [f for f in found if f[1] == "div"]
    chosen = divs[0] if divs else found[-1] if found else None
    if chosen is None:
        return chapters, ""
    anchor = "refs"
    if chosen[1] == "heading":
        html = chapters[chosen[0]].html
        heads = list(re.finditer(r'<h[12][^>]*\bid="([^"]+)"', html[:chosen[2]]))
        anchor = heads[-1].group(1) if heads else "refs"

    def keep(n):
        def one(m):
            if (n, m.group(1), m.start()) == chosen:
                return m.group(0)
            return re.sub(r'\s*data-refs="\w+"', "", m.group(0)).replace(MARK, "") if m.group(2).strip() else ""
        return one
    return [dataclasses.replace(c, html=PLACE.sub(keep(n), c.html)) for n, c in enumerate(chapters)], anchor


def _raw_mark() -> str:
    return f'<div class="references" role="doc-bibliography" data-refs="div" id="refs">{MARK}</div>'


def fill(html: str, references, list_class: str = "reference-list") -> str:
    """The reference list in place of the mark: ``<ol>`` with ``ref-KEY`` ids, as the themes' own section has."""
    if MARK not in html:
        return html
    items = "".join(f'<li id="ref-{htmlmod.escape(r.key)}">{r.html}</li>\n' for r in references)
    html = re.sub(r'\s*data-refs="\w+"', "", html)
    return html.replace(MARK, f'<ol class="{list_class}">\n{items}</ol>')
