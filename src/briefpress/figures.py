"""Figures: a Python-Markdown extension, and the numbering of figures across the document.

As in pandoc, an image alone in its paragraph is a figure: ``![Caption](file){#fig:id width=60%}``
-> ``<figure class="figure" id="fig:id"><img alt="Caption" ...><figcaption>Caption</figcaption></figure>``.
The caption is the alt text rendered as Markdown (note calls included); the image's alt becomes the
caption's plain text. An image inside running text stays an image. ``width``/``height`` (%, px, cm,
mm, in, pt, em) become a CSS style, which HTML, XHTML and WeasyPrint all accept.

Figures side by side in one (Quarto's ``::: {#fig-x layout-ncol=2}``, pandoc-crossref's
``<div id="fig:x">``: figures and a last paragraph, the caption) -> one figure, its subfigures (a), (b)…

:func:`number_html` (document pass, after every chapter is rendered) numbers figures in reading order:
``data-number="N"`` on the figure (what :mod:`briefpress.crossref` refers to) and "Figure N:" in front
of the caption.
"""

from __future__ import annotations

import html as htmlmod
import re
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from . import locale

SIZE = re.compile(r"^(\d+(?:\.\d+)?)(%|px|cm|mm|in|pt|em|rem)?$")
TOKENS = re.compile("[\ue000][cfn]\\d+[\ue001]|[\ue002]")
FIGURE = re.compile(r'<figure class="figure"([^>]*)>(.*?)<figcaption>', re.S)
FIGURE_ID = re.compile(r"fig[:-]")
SUBFIGURE = re.compile(r'<figure class="subfigure"')


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
        for parent in list(root.iter()):
            for div in list(parent):
                if div.tag == "div" and FIGURE_ID.match(div.get("id", "")):
                    _subfigures(parent, div)


def _subfigures(parent, div) -> None:
    """A div with a figure's id holding figures and ending in a paragraph (Quarto's ``::: {#fig-x
    layout-ncol=2}``, pandoc-crossref's ``<div id="fig:x">``) -> one figure: the paragraph its caption,
    the figures its subfigures (a), (b)… side by side, ``layout-ncol`` to a row (else all, up to 3)."""
    subs = [c for c in div if c.tag == "figure" and c.get("class") == "figure"]
    if not subs or div[-1].tag != "p" or len(subs) != len(div) - 1:
        return
    columns = int(div.get("data-layout-ncol") or 0) if (div.get("data-layout-ncol") or "").isdigit() else 0
    columns = max(1, min(columns or len(subs), len(subs), 4))
    for i, one in enumerate(subs):
        one.set("class", "subfigure")
        one.set("style", f"width: {100 / columns - 2.5:.4g}%")  # 2% margins and the space between
        caption = one.find("figcaption")
        caption.set("class", "subcaption")
        caption.text = f"({chr(ord('a') + i)}) " + (caption.text or "")
    attrs = {"class": "figure", **{k: v for k, v in div.attrib.items() if k not in ("class", "data-layout-ncol")}}
    figure = etree.Element("figure", attrs)
    figure.extend(subs)
    caption = div[-1]
    caption.tag, caption.attrib = "figcaption", {}
    figure.append(caption)
    figure.tail = div.tail
    parent[list(parent).index(div)] = figure


class FigureExtension(Extension):
    def extendMarkdown(self, md):
        # After the inline patterns (20) and attr_list (8), which set the image's id and size.
        md.treeprocessors.register(_Figures(md), "briefpress-figures", 7)


def makeExtension(**kwargs):
    return FigureExtension(**kwargs)


def number_html(htmls: list[str]) -> list[str]:
    """Figures numbered across the HTML strings in reading order (:func:`briefpress.crossref.number_html`)."""
    count = 0

    def one(m):
        nonlocal count
        count += 1
        # Every figure gets an id: the PDF check and the EPUB page-list find it by its id.
        ident = "" if " id=" in m.group(1) else f' id="figure-{count}"'
        letters = iter("abcdefghijklmnopqrstuvwxyz")  # subfigures: 1(a), 1(b)… for cross-references
        body = SUBFIGURE.sub(lambda s: f'{s.group()} data-number="{count}({next(letters, "z")})"', m.group(2))
        return (f'<figure class="figure"{m.group(1)}{ident} data-number="{count}">{body}<figcaption>'
                f'<span class="figure-label">{locale.labels()["figure"]} {count}:</span> ')
    return [FIGURE.sub(one, h) if "<figure" in h else h for h in htmls]
