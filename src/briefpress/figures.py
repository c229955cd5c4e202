"""Figures: a Python-Markdown extension, and the numbering of figures across the document.

As in pandoc, an image alone in its paragraph is a figure: ``![Caption](file){#fig:id width=60%}``
-> ``<figure class="figure" id="fig:id"><img alt="Caption" ...><figcaption>Caption</figcaption></figure>``.
The caption is the alt text rendered as Markdown (note calls included); the image's alt becomes the
caption's plain text. An image inside running text stays an image. ``width``/``height`` (%, px, cm,
mm, in, pt, em) become a CSS style, which HTML, XHTML and WeasyPrint all accept.

:func:`number` (document pass, after every chapter is rendered) numbers figures in reading order:
``data-number="N"`` on the figure (what :mod:`briefpress.crossref` refers to) and "Figure N:" in front
of the caption.
"""

from __future__ import annotations

import html as htmlmod
import re
import xml.etree.ElementTree as etree
from dataclasses import replace

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from . import locale

SIZE = re.compile(r"^(\d+(?:\.\d+)?)(%|px|cm|mm|in|pt|em|rem)?$")
TOKENS = re.compile("[\ue000][cfn]\\d+[\ue001]|[\ue002]")
FIGURE = re.compile(r'<figure class="figure"([^>]*)>(.*?)<figcaption>', re.S)


def _size_style(img) -> None:
    style = [img.get("style", "").strip().rstrip(";")] if img.get("style") else []
    for attr in ("width", "height"):
        value = img.attrib.pop(attr, None)
        m = SIZE.match(value or "")
        if m:
            style.append(f"{attr}: {m.group(1)}{m.group(2) or 'px'}")
    if style:
        img.set("style", "; ".join(style))


def plain(html: str) -> str:
    """Caption HTML -> text for the alt attribute (no tags, no note calls)."""
    return " ".join(htmlmod.unescape(TOKENS.sub("", re.sub(r"<[^>]+>", "", html))).split())


class _Figures(Treeprocessor):
    def run(self, root):
        from .markdown_ext import render_inline

        for img in root.iter("img"):
            _size_style(img)
        for p in root.iter("p"):  # pandoc's "not a figure": an image and a backslash, the backslash unprinted
            if len(p) == 1 and p[0].tag == "img" and (p[0].tail or "").strip() == "\\" and not (p.text or "").strip():
                p[0].tail = None
                p.set("class", " ".join(filter(None, [p.get("class"), "image"])))
        lone = [(parent, p) for parent in root.iter() for p in parent
                if p.tag == "p" and len(p) == 1 and p[0].tag == "img" and not (p.text or "").strip()
                and "image" not in (p.get("class") or "").split()
                and not (p[0].tail or "").strip() and (p[0].get("alt") or "").strip()]
        for parent, p in lone:
            img = p[0]
            caption = render_inline(img.get("alt"))
            img.set("alt", plain(caption))
            img.tail = None
            figure = etree.Element("figure", {"class": "figure"})
            if img.get("id"):
                figure.set("id", img.attrib.pop("id"))
            figure.append(img)
            etree.SubElement(figure, "figcaption").text = self.md.htmlStash.store(caption)
            figure.tail = p.tail
            parent[list(parent).index(p)] = figure


class FigureExtension(Extension):
    def extendMarkdown(self, md):
        # After the inline patterns (20) and attr_list (8), which set the image's id and size.
        md.treeprocessors.register(_Figures(md), "briefpress-figures", 7)


def makeExtension(**kwargs):
    return FigureExtension(**kwargs)


def number(chapters) -> list:
    """Figures numbered across the chapters in reading order (chapters returned anew)."""
    numbered = number_html([c.html for c in chapters])
    return [replace(c, html=h) if h is not c.html else c for c, h in zip(chapters, numbered)]


def number_html(htmls: list[str]) -> list[str]:
    """The same on HTML strings (lint numbers them as the build does)."""
    count = 0

    def one(m):
        nonlocal count
        count += 1
        # Every figure gets an id: the PDF check and the EPUB page-list find it by its id.
        ident = "" if " id=" in m.group(1) else f' id="figure-{count}"'
        return (f'<figure class="figure"{m.group(1)}{ident} data-number="{count}">{m.group(2)}<figcaption>'
                f'<span class="figure-label">{locale.labels()["figure"]} {count}:</span> ')
    return [FIGURE.sub(one, h) if "<figure" in h else h for h in htmls]
