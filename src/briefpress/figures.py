"""Figures: a Python-Markdown extension, and the numbering of figures across the document.

As in pandoc, an image alone in its paragraph is a figure: ``![Caption](file){#fig:id width=60%}``
-> ``<figure class="figure" id="fig:id"><img alt="Caption" ...><figcaption>Caption</figcaption></figure>``.
The caption is the alt text rendered as Markdown (note calls included); the image's alt becomes the
caption's plain text (a citation kept as a token, its words written by :func:`alt_citations` once the document
prints its citations). An image inside running text stays an image. ``width``/``height`` (%, px, cm,
mm, in, pt, em) become a CSS style, which HTML, XHTML and WeasyPrint all accept.

Figures side by side in one (Quarto's ``::: {#fig-x layout-ncol=2}``, pandoc-crossref's
``<div id="fig:x">``: figures and a last paragraph, the caption) -> one figure, its subfigures (a), (b)…; so is
a raw ``<figure id="fig:x">`` holding figures and its ``<figcaption>`` (:func:`number_html`).

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
CITATION = re.compile("\ue000c(\\d+)\ue001")  # citations.TOKEN's for a citation
ALT_CITATION = re.compile("\ue000a(\\d+)\ue001")  # the same citation in an alt text
ESCAPED = re.compile("\x02(\\d+)\x03")  # Python-Markdown's escaped character (markdown_ext.ESCAPED)
STASHED = re.compile("\x02wzxhzdk:(\\d+)\x03")  # this reader's stashed HTML (math) in an alt text
HELD = re.compile("\ue024(\\d+)\ue025")  # the same, held aside while another reader renders the caption
# ours, or a raw one with a figure's id: pandoc -t markdown writes a LaTeX figure with a placement ([t],
# [htbp]) as raw HTML, '<figure id="fig:x" data-latex-placement="t">'. A raw one without a caption is
# numbered as well (its caption the label alone), as a figure is whatever its caption: '@fig:x' finds it.
FIGURE = re.compile(r'<figure(?: class="figure"([^>]*)>(.*?)<figcaption>'
                    r'| (id="fig[:-][^"]*"[^>]*)>((?:(?!</?figure\b).)*?)(?:<figcaption>|(?P<bare>(?=</figure>))))'
                    r'(?(bare)|(?=((?:(?!</figcaption>).)*)))', re.S)
FIGURE_ID = re.compile(r"fig[:-]")
SUBFIGURE = re.compile(r'<figure class="subfigure"')
# a raw figure of figures (pandoc -t markdown writes LaTeX's subfigures so): figures, then the caption (if any)
RAW_PANELS = re.compile(r'<figure (id="fig[:-][^"]*"[^>]*)>\s*((?:<figure\b[^>]*>(?:(?!</?figure\b).)*?</figure>\s*)+)'
                        r'(?:<figcaption>((?:(?!</?fig).)*?)</figcaption>\s*)?</figure>', re.S)
RAW_PANEL = re.compile(r'<figure\b([^>]*)>((?:(?!</?figure\b).)*?)</figure>', re.S)
_PERCENT = re.compile(r"(?<![-\w])width: (\d+(?:\.\d+)?)%")


def _size_style(img) -> None:
    style = [img.get("style", "").strip().rstrip(";")] if img.get("style") else []
    for attr in ("width", "height"):
        value = img.attrib.pop(attr, None)
        m = SIZE.match(value or "")
        if m:
            style.append(f"{attr}: {m.group(1)}{m.group(2) or 'px'}")
    if style:
        img.set("style", "; ".join(style))


def plain(html: str, citations: bool = False) -> str:
    """Caption HTML -> text for the alt attribute (no tags, no note calls). ``citations``: a citation's token is
    kept as :data:`ALT_CITATION`'s, for :func:`alt_citations` to write its words (the caption's, before the
    document made its notes)."""
    if citations:
        html = CITATION.sub("\ue000a\\1\ue001", html)
    return " ".join(htmlmod.unescape(TOKENS.sub("", re.sub(r"<[^>]+>", "", html))).split())


def alt_citations(html: str, words) -> str:
    """The citations :func:`plain` kept in alt texts -> their words as the caption prints them, no markup, no note
    call (``words``: a citation's index -> its printed words, as HTML: an in-text citation's name, else none)."""
    if "\ue000a" not in html:
        return html
    return ALT_CITATION.sub(lambda m: htmlmod.escape(plain(words(int(m.group(1))))), html)


class _Figures(Treeprocessor):
    def run(self, root):
        from .markdown_ext import MARKUP

        for img in root.iter("img"):
            _size_style(img)
        for p in root.iter("p"):  # pandoc's "not a figure": an image and a backslash, the backslash unprinted
            if len(p) == 1 and p[0].tag == "img" and (p[0].tail or "").strip() == "\\" and not (p.text or "").strip():
                p[0].tail = None
                p.set("class", " ".join(filter(None, [p.get("class"), "image"])))
        for div in root.iter("div"):
            if FIGURE_ID.match(div.get("id", "")):
                _split_rows(div)
        for item in [el for el in root.iter() if el.tag in ("li", "dd") and len(el) == 1 and el[0].tag == "img"]:
            # a tight item or definition that is an image alone: pandoc's figure too (its text is a paragraph there)
            if (item.text or "").strip():
                continue
            img = item[0]
            if (img.tail or "").strip() == "\\":  # pandoc's "not a figure", as in a paragraph
                img.tail = None
            elif not (img.tail or "").strip():
                item.remove(img)
                etree.SubElement(item, "p").append(img)
        lone = [(parent, p) for parent in root.iter() for p in parent
                if p.tag == "p" and len(p) == 1 and p[0].tag == "img" and not (p.text or "").strip()
                and "image" not in (p.get("class") or "").split()
                and not (p[0].tail or "").strip() and (p[0].get("alt") or "").strip()]
        for parent, p in lone:
            img = p[0]
            caption, alt = _caption(img.get("alt"), self.md.htmlStash.rawHtmlBlocks)
            img.set("alt", plain(alt, citations=True))
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
        # an image inside a sentence: its alt is its text, as pandoc writes it ('alt *x*' was kept as typed)
        captioned = {id(img) for figure in root.iter("figure") for img in figure.iter("img")}
        for img in root.iter("img"):
            alt = img.get("alt") or ""
            if id(img) not in captioned and (MARKUP.search(alt) or STASHED.search(alt)):
                img.set("alt", plain(_caption(alt, self.md.htmlStash.rawHtmlBlocks)[1]))


def _caption(alt: str, stash) -> tuple[str, str]:
    """An image's alt text as Python-Markdown holds it -> its HTML as a caption, and as an alt text. An escaped
    character (``\\$``, ``\\*``) is a code point between STX and ETX, which the caption's own rendering would
    print as digits: it is read again as the escape it was. Math is this reader's stashed HTML, which another
    reader's stash does not hold (it printed 'wzxhzdk:0'): held aside, then put back, in the alt as its TeX."""
    from .markdown_ext import render_inline

    text = ESCAPED.sub(lambda m: "\\" + chr(int(m.group(1))), alt)
    html = render_inline(STASHED.sub(lambda m: f"\ue024{m.group(1)}\ue025", text))

    def tex(m):
        block = str(stash[int(m.group(1))])
        source = re.search(r'alttext="([^"]*)"', block)
        return htmlmod.escape(htmlmod.unescape(source.group(1)), quote=False) if source else block
    return HELD.sub(lambda m: str(stash[int(m.group(1))]), html), HELD.sub(tex, html)


def _split_rows(div) -> None:
    """pandoc-crossref's subfigures: in a figure's div, a paragraph of images only (one per line, ``![a](a.png)``
    then ``![b](b.png)``) is a row, and each of its images a figure of its own; the widest row sets the
    columns (unless ``layout-ncol`` does)."""
    widest = 0
    for p in list(div)[:-1]:
        images = list(p)
        if (p.tag != "p" or len(images) < 2 or (p.text or "").strip()
                or any(c.tag != "img" or (c.tail or "").strip() for c in images)):
            continue
        widest = max(widest, len(images))
        at = list(div).index(p)
        div.remove(p)
        for i, img in enumerate(images):
            img.tail = None
            one = etree.Element("p")
            one.append(img)
            one.tail = "\n"
            div.insert(at + i, one)
    if widest and not div.get("data-layout-ncol"):
        div.set("data-layout-ncol", str(widest))


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
        img = one.find("img")
        share = _PERCENT.search(img.get("style", "")) if img is not None else None
        if share:  # the image's share of the line is its subfigure's (pandoc-crossref's {width=40%})
            img.set("style", _PERCENT.sub("width: 100%", img.get("style")))
        width = min(float(share.group(1)), 100 / columns - 2.5) if share else 100 / columns - 2.5
        one.set("style", f"width: {width:.4g}%")  # 2% margins and the space between
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


def _raw_panels(m: re.Match) -> str:
    """A raw ``<figure id="fig:x">`` holding figures and a caption (or none: an empty one, the label printed alone)
    -> one figure, its figures subfigures (a), (b)… side by side, as a div of figures is (:func:`_subfigures`), so it
    is numbered and each referable."""
    panels = list(RAW_PANEL.finditer(m.group(2)))
    width = 100 / min(len(panels), 4) - 2.5
    out = []
    for letter, panel in zip("abcdefghijklmnopqrstuvwxyz", panels):
        attrs = "".join(f' {k}="{v}"' for k, v in re.findall(r'([\w:-]+)="([^"]*)"', panel.group(1))
                        if k not in ("class", "style"))
        body, captioned = re.subn(r"<figcaption\b[^>]*>(.*?)</figcaption>",
                                  lambda c: f'<figcaption class="subcaption">({letter}) {c.group(1)}</figcaption>',
                                  panel.group(2), count=1, flags=re.S)
        if not captioned:
            body += f'<figcaption class="subcaption">({letter})</figcaption>'
        caption = re.search(r'<figcaption class="subcaption">\(\w\) (.*?)</figcaption>', body, re.S)
        alt = htmlmod.escape(plain(caption.group(1))) if caption else ""
        body = re.sub(r"<img\b(?![^>]*\balt=)", lambda i: f'{i.group()} alt="{alt}"', body)
        out.append(f'<figure class="subfigure"{attrs} style="width: {width:.4g}%">{body}</figure>\n')
    return f'<figure class="figure" {m.group(1)}>\n{"".join(out)}<figcaption>{m.group(3) or ""}</figcaption></figure>'


def number_html(htmls: list[str]) -> list[str]:
    """Figures numbered across the HTML strings in reading order (:func:`briefpress.crossref.number_html`)."""
    htmls = [RAW_PANELS.sub(_raw_panels, h) if "<figure id=" in h else h for h in htmls]
    count = 0

    def one(m):
        nonlocal count
        count += 1
        # Every figure gets an id: the PDF check and the EPUB page-list find it by its id.
        attrs, body = (m.group(1), m.group(2)) if m.group(1) is not None else (" " + m.group(3), m.group(4))
        if m.group(1) is None and m.group("bare") is None:  # a raw one: its image described by the caption, as ours are (PDF/UA needs it)
            body = re.sub(r"<img\b(?![^>]*\balt=)", lambda i: f'{i.group()} alt="{htmlmod.escape(plain(m.group(6)))}"', body)
        ident = "" if " id=" in attrs else f' id="figure-{count}"'
        letters = iter("abcdefghijklmnopqrstuvwxyz")  # subfigures: 1(a), 1(b)… for cross-references
        body = SUBFIGURE.sub(lambda s: f'{s.group()} data-number="{count}({next(letters, "z")})"', body)
        label = f'{locale.labels()["figure"]} {count}'
        if m.group("bare") is not None or m.group(1) is not None and not m.group(6).strip():  # no caption: the label
            return (f'<figure class="figure"{attrs}{ident} data-number="{count}">{body}<figcaption>'
                    f'<span class="figure-label">{label}</span>' + ('</figcaption>' if m.group(1) is None else ''))
        return (f'<figure class="figure"{attrs}{ident} data-number="{count}">{body}<figcaption>'
                f'<span class="figure-label">{label}{locale.labels().colon}</span> ')
    return [FIGURE.sub(one, h) if "<figure" in h else h for h in htmls]
