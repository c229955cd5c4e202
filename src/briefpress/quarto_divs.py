"""Quarto's divs whose meaning depends on the output: a Python-Markdown extension (the HTML tree) and
:func:`for_medium` (a chapter's HTML -> what one edition prints).

- ``::: {.content-visible when-format="pdf"}`` / ``unless-format``, ``::: {.content-hidden …}`` -> the
  div marked with the editions that print it (``data-editions``: ``print``, ``epub``, ``screen``), and
  :func:`for_medium` drops it from the others. Quarto's names: ``pdf`` (also ``latex``, ``beamer``) is
  the PDF, ``epub`` the EPUB, ``html`` the web edition and the EPUB (Quarto counts EPUB as HTML). A
  div holding a heading or a note is printed in every edition (a table of contents and the note
  numbers are shared by all three); :func:`problems` says so at its line (``quarto.conditional``);
- ``::: {.panel-tabset}``: a tab's heading is its title, not a section (no number, not in the
  table of contents): a ``<p class="tab-title">``; print and EPUB show the tabs one after another;
- theorems: ``::: {#thm-x}`` (and ``lem``, ``cor``, ``prp``, ``cnj``, ``def``, ``exm``, ``exr``) -> a title
  line "Theorem 1 (its heading or ``name``)", numbered each kind on its own by :func:`number_html`;
  ``.proof``, ``.remark``, ``.solution`` -> "Proof." first;
- ``::: {#tbl-x}`` holding a table and its caption (a last paragraph): the table numbered, with the id;
- ``::: {layout-ncol=2}`` without a figure id: its figures side by side, each numbered as its own;
- Quarto's attributes on an image or table (``fig-alt``: the image's alt text; ``fig-align``,
  ``tbl-colwidths``…, which are not HTML) -> valid HTML (``data-`` attributes), as the EPUB requires;
- margin content (``.column-margin``, ``.aside``) in place, in smaller type with a rule beside it;
  ``[text]{.mark}`` -> ``<mark>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .diagnostics import Diagnostic, SourceLocation

EDITIONS = {"print": {"pdf", "latex", "beamer"}, "epub": {"epub", "epub2", "epub3", "html"},
            "screen": {"html", "html4", "html5"}}
MARKED = re.compile(r'<div\b[^>]*\bdata-editions="([^"]*)"[^>]*>')
DIV_TAG = re.compile(r"<(/?)div\b[^>]*>")
MARGIN = {"column-margin", "aside", "column-page-right", "column-screen-right"}
# Margin content is set off beside the text's column in Quarto; here, in place, in smaller type with a
# rule (styled in place, so every theme shows it and no theme's stylesheet changes).
SIDE = "font-size: 0.88em; margin: 0.8em 0; padding-left: 0.8em; border-left: 1.5pt solid #888888"
# Quarto's theorem kinds (numbered each on its own) -> their label (briefpress.locale); proofs are not numbered
KINDS = {"thm": "theorem", "lem": "lemma", "cor": "corollary", "prp": "proposition", "cnj": "conjecture",
         "def": "definition", "exm": "example", "exr": "exercise"}
UNNUMBERED = ("proof", "remark", "solution")
THEOREM = re.compile(rf"^({'|'.join(KINDS)})-\w")
TITLE = "\ue012"  # around a theorem's kind in its title until it is numbered
NUMBERED = re.compile(r'(<div\b[^>]*\bclass="[^"]*\btheorem (\w+)"[^>]*?)(\s*/?>)')
UNREAD = ("when-meta", "unless-meta", "when-profile", "unless-profile")  # not read: printed everywhere
OPEN = re.compile(r"^[ \t]*(:{3,})[ \t]*\{([^}]*\.content-(?:visible|hidden)\b[^}]*)\}[ \t]*$")


def shown_in(classes: list[str], when: str, unless: str) -> set[str]:
    """The editions a content-visible or content-hidden div is printed in."""
    def matching(names: str) -> set[str]:
        wanted = set(names.replace(",", " ").split())
        return {e for e, formats in EDITIONS.items() if formats & wanted}
    shown = set(EDITIONS)
    if when:
        shown &= matching(when)
    if unless:
        shown -= matching(unless)
    return shown if "content-visible" in classes else set(EDITIONS) - shown if (when or unless) else set()


class _Divs(Treeprocessor):
    def run(self, root):
        for el in root.iter():
            for name in [n for n in el.attrib if "-" in n and not n.startswith(("data-", "aria-"))]:
                value = el.attrib.pop(name)
                if name == "fig-alt" and el.tag == "img":
                    el.set("alt", value)  # Quarto's alt text for a figure whose caption says something else
                elif name != "fig-align":  # Quarto's fig-cap-location, tbl-colwidths…: kept as data, valid HTML
                    el.set(f"data-{name}", value)
        for span in root.iter("span"):
            classes = (span.get("class") or "").split()
            if "mark" in classes:
                classes.remove("mark")
                span.tag = "mark"  # highlighted by every browser's and WeasyPrint's own stylesheet
                if classes:
                    span.set("class", " ".join(classes))
                else:
                    del span.attrib["class"]
        for div in root.iter("div"):
            classes = (div.get("class") or "").split()
            if "panel-tabset" in classes:
                for el in div:
                    if re.fullmatch(r"h[1-6]", el.tag):
                        el.tag, el.attrib = "p", {"class": "tab-title", "style": "font-weight: bold"}
            if div.get("id", "").startswith("tbl-"):
                _table_div(div)
            kind = THEOREM.match(div.get("id", ""))
            if kind or set(UNNUMBERED) & set(classes):
                _theorem(div, kind.group(1) if kind else next(c for c in UNNUMBERED if c in classes))
            if MARGIN & set(classes):
                div.set("style", SIDE)
            columns = div.get("data-layout-ncol", "")
            if columns.isdigit() and int(columns) > 0 and not div.get("id"):  # figures side by side, each its own
                figures = [el for el in div if el.tag == "figure"]
                width = 100 / max(1, min(int(columns), 4)) - 2.5
                for el in figures:
                    el.set("style", f"display: inline-block; vertical-align: top; width: {width:.4g}%; margin: 0 1%")
            if {"content-visible", "content-hidden"} & set(classes):
                keep = any(re.fullmatch(r"h[1-6]", el.tag) for el in div.iter()) or \
                    "\ue000" in "".join(div.itertext())
                unread = any(div.get(f"data-{a}") for a in UNREAD)
                if not keep and not unread:
                    editions = shown_in(classes, div.get("data-when-format", ""), div.get("data-unless-format", ""))
                    div.set("data-editions", " ".join(sorted(editions)) or "none")


def _theorem(div, kind: str) -> None:
    """A theorem-like div -> a title line first: "Theorem N (name)" (numbered by :func:`number_html`) or
    "Proof." for a proof, remark, solution; the name from ``name=``/``title=`` or a heading opening it."""
    name = div.attrib.pop("data-name", "") or div.attrib.pop("data-title", "")
    if len(div) and re.fullmatch(r"h[1-6]", div[0].tag):
        head = div[0]
        name = name or "".join(head.itertext()).strip()
        div.remove(head)
    if kind not in UNNUMBERED:  # "theorem thm": what number_html counts
        div.set("class", " ".join(filter(None, [div.get("class"), "theorem", kind])))
    elif not name and _titled(div, kind):
        return  # pandoc's LaTeX reader writes a proof's "*Proof.*" into it: printed once
    title = etree.Element("p", {"class": "theorem-title"})
    strong = etree.SubElement(title, "strong")
    strong.text = f"{TITLE}{kind}{TITLE}" + (f" ({name})" if name else "") + ("." if kind in UNNUMBERED else "")
    div.insert(0, title)


def _titled(div, kind: str) -> bool:
    """Whether the div's first paragraph opens with its own title in emphasis ("*Proof.*", "**Remark.**")."""
    from . import locale
    first = div[0] if len(div) else None
    if first is None or first.tag != "p" or (first.text or "").strip() or not len(first) \
            or first[0].tag not in ("em", "strong", "i", "b"):
        return False
    said = "".join(first[0].itertext()).strip().rstrip(".").casefold()
    return said in (kind, locale.labels().get(kind, kind).casefold())


def number_html(htmls: list[str]) -> list[str]:
    """Theorems, lemmas… numbered across the HTML strings in reading order, each kind on its own (as Quarto
    does): ``data-number`` (what cross-references read) and "Theorem 2" in the title."""
    from . import locale
    counts: dict[str, int] = {}
    labels = locale.labels()

    def one(m):
        kind = m.group(2)
        counts[kind] = counts.get(kind, 0) + 1
        return f'{m.group(1)} data-number="{counts[kind]}"{m.group(3)}'

    def title(m):
        key = KINDS.get(m.group(1), m.group(1))
        return labels.get(key, key.title()) + ("" if m.group(1) in UNNUMBERED else f" {m.group(2) or ''}").rstrip()

    out = []
    for html in htmls:
        if TITLE not in html:
            out.append(html)
            continue
        html = NUMBERED.sub(one, html)
        # the title's number: the data-number of its div, just before it
        html = re.sub(rf'data-number="(\d+)"([^>]*)>\s*<p class="theorem-title"><strong>{TITLE}(\w+){TITLE}',
                      lambda m: f'data-number="{m.group(1)}"{m.group(2)}><p class="theorem-title"><strong>'
                                f'{TITLE}{m.group(3)}:{m.group(1)}{TITLE}', html)
        out.append(re.sub(rf"{TITLE}(\w+)(?::(\d+))?{TITLE}", title, html))
    return out


def _table_div(div) -> None:
    """Quarto's ``::: {#tbl-x}`` holding a table and a last paragraph (its caption) -> that table, with
    the div's id and the caption (numbered by :func:`briefpress.tables.number_tables`)."""
    from .tables.html import NUMBER, numbered_caption
    tables = [el for el in div.iter("table")]
    if len(tables) != 1 or not len(div) or div[-1].tag != "p" or tables[0].find("caption") is not None:
        return
    table, paragraph = tables[0], div[-1]
    div.remove(paragraph)
    table.set("id", div.attrib.pop("id"))
    table.set("data-number", NUMBER)
    numbered_caption(table, paragraph.text or "").extend(list(paragraph))


def for_medium(html: str, medium: str) -> str:
    """A chapter's HTML -> the same without the divs marked for other editions."""
    if "data-editions" not in html:
        return html
    out, pos = [], 0
    for m in MARKED.finditer(html):
        if m.start() < pos or medium in m.group(1).split():
            continue
        depth, end = 0, len(html)
        for tag in DIV_TAG.finditer(html, m.start()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                end = tag.end()
                break
        out.append(html[pos:m.start()])
        pos = end
    return "".join(out) + html[pos:]


def problems(text: str, path: str) -> list[Diagnostic]:
    """A content-visible/hidden div holding a heading or a note: printed in every edition."""
    from .quarto import fences_blanked
    out, lines = [], text.split("\n")
    fenced = fences_blanked(text).split("\n")  # a div written in a code block is code
    for n, line in enumerate(lines):
        m = OPEN.match(line) if "\0" not in fenced[n] else None
        if not m:
            continue
        depth, body = 1, []
        for inner in lines[n + 1:]:
            if re.match(r"^[ \t]*:{3,}[ \t]*\S", inner):
                depth += 1
            elif re.match(r"^[ \t]*:{3,}[ \t]*$", inner):
                depth -= 1
                if depth == 0:
                    break
            body.append(inner)
        block = "\n".join(body)
        unread = [a for a in UNREAD if re.search(rf"\b{a}\s*=", m.group(2))]
        if unread:
            out.append(Diagnostic("warning", "quarto.conditional", f"'{unread[0]}' is not read (briefpress has no "
                                  "profiles and does not test metadata here): the div is printed in every edition",
                                  SourceLocation(path, n + 1, line.index(":") + 1)))
        elif re.search(r"(?m)^#{1,6}[ \t]", block) or re.search(r"\[\^|\^\[|(?<![\w\\])@(?!(?:fig|tbl|sec|eq|lst)[-:])\w", block):
            out.append(Diagnostic("warning", "quarto.conditional", "this div holds a heading, a note or a "
                                  "citation, which every edition numbers alike: it is printed in every edition; "
                                  "move them out of it to keep it to one format",
                                  SourceLocation(path, n + 1, line.index(":") + 1)))
    return out


class DivsExtension(Extension):
    def extendMarkdown(self, md):
        # After the blocks are built and before the headings are numbered (5).
        md.treeprocessors.register(_Divs(md), "briefpress-quarto-divs", 5.5)


def makeExtension(**kwargs):
    return DivsExtension(**kwargs)
