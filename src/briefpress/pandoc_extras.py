"""pandoc's Markdown extensions that Python-Markdown lacks: a chapter's Markdown -> the same HTML tree
with them in place (a Python-Markdown extension; :mod:`briefpress.markdown_ext` loads it).

- fenced divs ``::: {#id .class}`` / ``::: class`` ... ``:::`` (nested) -> ``<div class>``; Quarto's
  callouts (``.callout-note``, ``-tip``, ``-warning``, ``-important``, ``-caution``) get a title
  line: the ``title`` attribute, else a heading opening the div, else the kind ("Note");
- line blocks (``| `` at each line start) -> ``<div class="line-block">`` with a ``<br>`` per line,
  leading spaces kept;
- bracketed spans ``[text]{#id .class lang=x}`` -> ``<span>`` (``.smallcaps`` is set in small
  capitals by the themes' CSS);
- ``~~struck~~`` -> ``<del>``, ``^super^`` -> ``<sup>``, ``~sub~`` -> ``<sub>`` (``~~`` opening no strikeout,
  as in ``~~~ x``, an empty subscript, as pandoc reads it);
- a backslash at a line's end -> ``<br>``;
- task lists ``- [ ] item`` / ``- [x] item`` -> a ballot box (☐, ☒) before the item's text;
- ordered lists in letters and roman numerals, ``(a)`` and ``a)`` (the text was re-marked by
  :mod:`briefpress.lists`) -> ``<ol type class>``.

- Markdown inside a raw ``<div>`` whose tags stand on their own lines, or on its opening tag's line, is read, as
  pandoc does (Python-Markdown's ``md_in_html``, asked for with ``markdown="1"`` by :mod:`briefpress.html_markdown`).

Definition lists come from Python-Markdown's own ``def_list``. Example lists ``(@)`` are numbered
earlier, on the text (:mod:`briefpress.examples`), because ``@`` would otherwise be read as a citation.
"""

from __future__ import annotations

import re
import shlex
import xml.etree.ElementTree as etree

from markdown.blockprocessors import BlockProcessor, HashHeaderProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor, SimpleTagInlineProcessor
from markdown.treeprocessors import Treeprocessor

from . import list_blocks, list_items, list_spacing, list_styles
from .html_markdown import MarkdownInHtml

PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

DIV_OPEN = re.compile(r"^(:{3,})\s*(?:\{([^}]*)\}|([\w-]+))\s*:*\s*$")
DIV_CLOSE = re.compile(r"^:{3,}\s*$")
CALLOUTS = {"callout-note": "Note", "callout-tip": "Tip", "callout-warning": "Warning",
            "callout-important": "Important", "callout-caution": "Caution"}
HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
LINE = re.compile(r"^\|(?: |$)")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\||$)")


def parse_attrs(text: str) -> dict[str, str]:
    """``#id .a .b key=value key="two words"`` -> {"id": ..., "class": "a b", "key": ...}."""
    attrs: dict[str, str] = {}
    classes = []
    try:
        words = shlex.split(text.replace("“", '"').replace("”", '"'))
    except ValueError:
        words = text.split()
    for word in words:
        if word.startswith("#"):
            attrs["id"] = word[1:]
        elif word.startswith("."):
            classes.append(word[1:])
        elif "=" in word:
            key, value = word.split("=", 1)
            attrs[key] = value
        elif word:
            classes.append(word)
    if classes:
        attrs["class"] = " ".join(classes)
    return attrs


def _element_attrs(attrs: dict[str, str]) -> dict[str, str]:
    """Only what is valid HTML and XHTML: id, class, lang; the rest as data- attributes."""
    out = {}
    for key, value in attrs.items():
        if key in ("id", "class", "lang", "dir"):
            out[key] = value
        elif re.fullmatch(r"[A-Za-z][\w-]*", key):
            out[key if key.startswith("data-") else f"data-{key.lower()}"] = value
    return out


class FencedDiv(BlockProcessor):
    """``::: {.class}`` ... ``:::``; divs nest, the innermost closing fence closes the innermost div."""

    def test(self, parent, block):
        m = DIV_OPEN.match(block.split("\n", 1)[0])
        return bool(m) and not re.search(r"#refs\b", m.group(2) or "")  # ::: {#refs} is reflist's

    def run(self, parent, blocks):
        first = blocks.pop(0)
        m = DIV_OPEN.match(first.split("\n", 1)[0])
        attrs = parse_attrs(m.group(2) if m.group(2) is not None else m.group(3))
        lines = first.split("\n")[1:]
        inner, depth = [], 1
        while True:
            for n, line in enumerate(lines):
                if DIV_OPEN.match(line):
                    depth += 1
                elif DIV_CLOSE.match(line):
                    depth -= 1
                    if depth == 0:
                        inner.append("\n".join(lines[:n]))
                        rest = "\n".join(lines[n + 1:])
                        if rest.strip():
                            blocks.insert(0, rest)
                        break
            else:
                inner.append("\n".join(lines))
                if blocks:
                    lines = blocks.pop(0).split("\n")
                    continue
            break  # closed, or the text ended (pandoc, too, closes an open div at the end)
        text = "\n\n".join(inner).strip("\n")
        classes = attrs.get("class", "").split()
        kind = next((CALLOUTS[c] for c in classes if c in CALLOUTS), None)
        div = etree.SubElement(parent, "div", _element_attrs(attrs))
        if kind:
            div.set("class", " ".join(["callout"] + classes))
            div.set("role", "note")
            title = attrs.get("title", "")
            head = HEADING.match(text.split("\n", 1)[0])
            if not title and head:
                title, text = head.group(1), text.split("\n", 1)[1] if "\n" in text else ""
            p = etree.SubElement(div, "p", {"class": "callout-title"})
            strong = etree.SubElement(p, "strong")
            strong.text = title or kind
        self.parser.parseChunk(div, text)


class LineBlock(BlockProcessor):
    """pandoc's line blocks: every line starts '| '; a line starting with a space continues the one before."""

    def test(self, parent, block):
        lines = block.split("\n")
        return bool(LINE.match(lines[0])) and not any(TABLE_RULE.match(x) for x in lines) and \
            all(LINE.match(x) or x.startswith(" ") for x in lines)

    def run(self, parent, blocks):
        rows: list[str] = []
        for line in blocks.pop(0).split("\n"):
            if LINE.match(line):
                body = line[2:]
                indent = len(body) - len(body.lstrip(" "))
                rows.append("\u00a0" * indent + body.lstrip(" "))
            elif rows:
                rows[-1] += " " + line.strip()
        div = etree.SubElement(parent, "div", {"class": "line-block"})
        # One paragraph whose lines are joined by <br>, so inline Markdown in each line still applies.
        div.text = "\n".join(rows)
        div.set("data-lines", str(len(rows)))


class _LineBreaks(Treeprocessor):
    """After the inline patterns: a line block's newlines -> <br>."""

    def run(self, root):
        for div in root.iter("div"):
            if "line-block" not in div.get("class", "").split():
                continue
            del div.attrib["data-lines"]
            _break_lines(div)


def _break_lines(el) -> None:
    nodes = [(el, "text")] + [(c, "tail") for c in el]
    for node, where in reversed(nodes):
        text = getattr(node, where) or ""
        if "\n" not in text:
            continue
        parts = text.split("\n")
        setattr(node, where, parts[0])
        at = 0 if where == "text" else list(el).index(node) + 1
        for part in reversed(parts[1:]):
            br = etree.Element("br")
            br.tail = part
            el.insert(at, br)


class BracketedSpan(InlineProcessor):
    """``[text]{.smallcaps}`` -> ``<span class="smallcaps">text</span>``."""

    def handleMatch(self, m, data):
        attrs = parse_attrs(m.group(2))
        if {"comment-start", "comment-end"} & set(attrs.get("class", "").split()) and "id" in attrs:
            attrs["data-id"] = attrs.pop("id")  # Word's comment number, on both ends: no anchor
        span = etree.Element("span", _element_attrs(attrs))
        span.text = m.group(1)
        return span, m.start(0), m.end(0)


class _Struck(InlineProcessor):
    """``~~struck~~`` -> ``<del>``; the tilde pairs before its opening left as they are."""

    def handleMatch(self, m, data):
        el = etree.Element("del")
        el.text = m.group(2)
        return el, m.end(1), m.end(0)


# a paragraph of an image and a backslash (the image's text and target may hold brackets of their own)
IMAGE_ALONE = re.compile(r"!\[(?:[^\[\]]|\[[^\[\]]*\])*\](?:\((?:[^()]|\([^()]*\))*\)|\[[^\[\]]*\])(?:\{[^{}]*\})?\\")


class _HardBreak(InlineProcessor):
    def handleMatch(self, m, data):
        # the backslashes before it are escaped ones (``\\`` is a backslash), left to the escape pattern; one
        # that ends the block is a break pandoc makes and nothing shows: left out (it printed a backslash)
        if m.group(1).endswith("\n"):
            return etree.Element("br"), m.start(1), m.end(1)
        if IMAGE_ALONE.fullmatch(data.strip()):  # pandoc's "not a figure" (figures.py)
            return None, None, None
        return "", m.start(1), m.end(1)


class TaskList(Treeprocessor):
    def run(self, root):
        for li in root.iter("li"):
            holder = li[0] if len(li) and li[0].tag == "p" and not (li.text or "").strip() else li
            m = re.match(r"\s*\[([ xX])\]\s+", holder.text or "")
            if m:
                holder.text = ("☒ " if m.group(1) in "xX" else "☐ ") + holder.text[m.end():]
                li.set("class", (li.get("class", "") + " task").strip())


class _HashHeader(HashHeaderProcessor):
    """'# Title' as pandoc reads it: a space after the '#'s (or nothing), so a line of Obsidian tags
    ('#ferries #winter') or '#42 is open' is text, not a section."""
    RE = re.compile(r"(?:^|\n)(?P<level>#{1,6})(?=[ \t]|\n|$)(?P<header>(?:\\.|\\(?=\n|$)|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)")


class PandocExtrasExtension(Extension):
    def extendMarkdown(self, md):
        # pandoc escapes any ASCII punctuation (\<, \=, \?, \~…); Python-Markdown only some: the rest printed the backslash
        md.ESCAPED_CHARS = md.ESCAPED_CHARS + [c for c in PUNCTUATION if c not in md.ESCAPED_CHARS]
        md.preprocessors.register(MarkdownInHtml(md), "pandoc-md-in-html", 24)  # before md_in_html's (20)
        md.parser.blockprocessors.register(FencedDiv(md.parser), "pandoc-fenced-div", 76)
        md.parser.blockprocessors.register(_HashHeader(md.parser), "hashheader", 70)
        md.parser.blockprocessors.register(LineBlock(md.parser), "pandoc-line-block", 75)
        # before Python-Markdown's 'indent' (90) reads an item's block as one
        md.parser.blockprocessors.register(list_blocks.ItemBreaks(md.parser), "pandoc-item-breaks", 95)
        md.parser.blockprocessors.register(list_blocks.CodeAfterList(md.parser), "pandoc-code-after-list", 96)
        md.parser.blockprocessors.register(list_blocks.CodeInItem(md.parser), "pandoc-code-in-item", 97)
        md.parser.blockprocessors.register(list_blocks.ListBreaks(md.parser), "pandoc-list-breaks", 45)  # before 'olist'
        # after 'indent' (90) took an item's block into the item, before 'code' (80) reads it into the code above
        md.parser.blockprocessors.register(list_blocks.OwnCode(md.parser), "pandoc-own-code", 85)
        md.inlinePatterns.register(_HardBreak(r"(?<!\\)(?:\\\\)*(\\\n|\\$)", md), "pandoc-hard-break", 185)  # backslash at a line end
        # the text may run over lines and hold brackets of its own ([a [link](u)]{.x}), as in pandoc
        md.inlinePatterns.register(BracketedSpan(r"\[((?:[^\[\]]|\[[^\[\]]*\])+)\]\{([^{}\n]*)\}", md), "pandoc-span", 165)
        # an empty span with an id, as pandoc writes Word's bookmarks: []{#_Toc123 .anchor} (a link's target)
        md.inlinePatterns.register(BracketedSpan(r"\[()\]\{((?:[#.]|[\w-]+=)[^{}\n]*)\}", md), "pandoc-empty-span", 164)
        # pandoc reads a run of tildes from its left: '~~' opens a strikeout only before a character neither blank
        # nor '~', so in a run ('~~~ x', '~~~~x~~') each pair before that is an empty subscript ('~~' opening
        # nothing: '~' then '~'), left in the text for the subscript pattern
        md.inlinePatterns.register(_Struck(r"(?<!~)((?:~~)*)~~(?=[^\s~])(.+?)(?<=\S)~~"), "pandoc-del", 68)
        md.inlinePatterns.register(SimpleTagInlineProcessor(r"()\^((?:\\ |\u00a0|[^\s^\\])+?)\^", "sup"), "pandoc-sup", 67)
        md.inlinePatterns.register(SimpleTagInlineProcessor(r"()~((?:\\ |\u00a0|[^\s~\\])*)~", "sub"), "pandoc-sub", 66)
        md.treeprocessors.register(_EmptySubscripts(md), "pandoc-empty-subscripts", 6)  # after 'inline' (20)
        md.treeprocessors.register(_Unmark(md), "pandoc-own-code-marks", 31)  # before 'hilite' (30) reads the code
        md.treeprocessors.register(TaskList(md), "pandoc-task-list", 4)
        md.treeprocessors.register(_ListStyles(md), "pandoc-list-styles", 5)
        md.treeprocessors.register(_LineBreaks(md), "pandoc-line-breaks", 3)


class _EmptySubscripts(Treeprocessor):
    """Empty subscripts side by side are one, as pandoc reads a run of tildes: '~~~~' one, '~~~~~' one then '~'."""

    def run(self, root):
        for parent in root.iter():
            for child, after in zip(list(parent)[:-1], list(parent)[1:]):
                if (child.tag == after.tag == "sub" and not len(child) and not len(after) and not child.text
                        and not after.text and not child.tail):
                    parent.remove(child)


class _Unmark(Treeprocessor):
    def run(self, root):
        list_blocks.unmark(root)


class _ListStyles(Treeprocessor):
    """Letters, roman numerals and ``(a)``/``a)`` delimiters on ordered lists (:func:`.list_styles.apply_styles`)."""

    def run(self, root):
        list_items.repair(root)  # empty items, items that followed code: before the styles read the tokens
        list_styles.apply_styles(root)
        list_spacing.apply(root)  # after: a list split where its style changes is loose or tight on its own
        list_items.loosen(root)  # after: a list split where its style changes is loose or tight on its own


def makeExtension(**kwargs):
    return PandocExtrasExtension(**kwargs)
