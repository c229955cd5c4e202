"""Code listings as pandoc and pandoc-crossref write them: a Python-Markdown extension, and their
numbering across the document.

- ```` ```{#lst:id .python caption="Square and multiply"} ```` (a fenced block with an id or a caption),
  or a paragraph ``Listing: Caption {#lst:id}`` right before a fenced block (pandoc-crossref's
  ``codeBlockCaptions``) -> ``<figure class="listing" id="lst:id"><figcaption>Caption</figcaption>`` and
  the highlighted code; ``@lst:id`` refers to it ("Listing 2", :mod:`briefpress.crossref`).
- ``.numberLines`` (``.number-lines``, ``numberLines=true``) with an optional ``startFrom="10"``: the
  lines numbered, from that number (Pygments' inline line numbers, drawn by the themes' code.css).

The extension's preprocessor runs before Python-Markdown's ``fenced_code`` (which drops a block's id and
keys) and takes only the blocks that need it; :func:`number_html` (document pass) numbers listings in
reading order (``data-number`` and "Listing N:" in front of the caption).
"""

from __future__ import annotations

import html as htmlmod
import re

from markdown.extensions import Extension
from markdown.extensions.codehilite import CodeHilite
from markdown.preprocessors import Preprocessor

from . import code, locale
from .code import Closers, plain_closer
from .pandoc_extras import parse_attrs

FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})[ \t]*(?:\{(?P<attrs>[^{}\n]*)\}|(?P<lang>[\w+#.-]+))?[ \t]*$")
CAPTION = re.compile(r"^Listing:[ \t]+(?P<text>.*?)(?:[ \t]*\{(?P<attrs>[^{}\n]*)\})?[ \t]*$")
LINES = ("numberLines", "number-lines")
LISTING = re.compile(r'<figure class="listing"([^>]*)>\s*<figcaption>')


def parse(attrs: str) -> tuple[str, list[str], dict[str, str]]:
    """pandoc's ``{#id .class key="value"}`` -> (id, classes, keys)."""
    keys = parse_attrs(attrs)
    return keys.pop("id", ""), keys.pop("class", "").split(), keys


def _numbered(classes: list[str], keys: dict[str, str]) -> bool:
    return any(c in LINES for c in classes) or keys.get("numberLines") == "true"


def _wanted(ident: str, classes: list[str], keys: dict[str, str]) -> bool:
    return bool(ident or "caption" in keys or _numbered(classes, keys))


def _highlighted(source: str, classes: list[str], keys: dict[str, str]) -> str:
    language = next((c for c in classes if c not in LINES), None)
    options = dict(code.CONFIGS["codehilite"])
    if _numbered(classes, keys):
        start = keys.get("startFrom", "1")
        options.update(linenums=True, linenos="inline", linenostart=int(start) if start.isdigit() else 1)
    return CodeHilite(source, lang=language, **options).hilite(shebang=False)


class _Listings(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out, i = [], 0
        self.closers = Closers(lines, plain_closer)
        while i < len(lines):
            found = self._listing(lines, i)
            if found is None:
                # another fenced block is copied whole: a 'Listing:' or fence inside it is its text
                fence = re.match(r"^(`{3,}|~{3,})", lines[i])
                end = self.closers.after(i, fence.group(1)[0], len(fence.group(1))) if fence else None
                stop = i + 1 if end is None else end + 1
                out += lines[i:stop]
                i = stop
                continue
            html, i = found
            out += ["", self.md.htmlStash.store(html), ""]
        if "fenced_code_block" in self.md.preprocessors:
            fenced = self.md.preprocessors["fenced_code_block"]
            fenced.FENCED_BLOCK_RE = _OnlyClosed(type(fenced).FENCED_BLOCK_RE)
        return out

    def _listing(self, lines: list[str], i: int) -> tuple[str, int] | None:
        """The listing starting at line ``i`` (its HTML and the line after it), or None."""
        from .markdown_ext import render_inline

        caption = CAPTION.match(lines[i])
        at = i + (2 if caption and i + 2 < len(lines) and not lines[i + 1].strip() else 1) if caption else i
        opening = FENCE.match(lines[at]) if at < len(lines) else None
        if not opening:
            return None
        ident, classes, keys = parse(opening.group("attrs") or "")
        if opening.group("lang"):
            classes = [opening.group("lang")]
        if not caption and not (opening.group("attrs") is not None and _wanted(ident, classes, keys)):
            return None
        end = self.closers.after(at, opening.group("fence")[0], len(opening.group("fence")))
        if end is None:  # never closed: left to fenced_code, which reads it as text
            return None
        text = keys.get("caption", "")
        if caption:
            ident, text = parse(caption.group("attrs") or "")[0] or ident, caption.group("text")
        body = _highlighted("\n".join(lines[at + 1:end]), classes, keys)
        if not (text or ident):
            return body, end + 1
        idattr = f' id="{htmlmod.escape(ident)}"' if ident else ""
        return f'<figure class="listing"{idattr}><figcaption>{render_inline(text)}</figcaption>{body}</figure>', end + 1


class _OnlyClosed:
    """fenced_code's pattern, tried only on lines that open a fence closed later (the same fence alone on a
    line). Searched alone, it looked for the close from each opening line to the end of the page: a page of
    fences never closed was quadratic. fenced_code searches on from where it left off, the text before it
    replaced, the text after it the same: so the lines found first are kept by their distance from the end."""

    def __init__(self, pattern: re.Pattern):
        self.pattern, self.from_end, self.next = pattern, None, 0

    def search(self, text: str, index: int = 0):
        if self.from_end is None:
            self.from_end = _closed_fences(text)
        while self.next < len(self.from_end):  # nearest the end last; those before index are behind for good
            at = len(text) - self.from_end[self.next]
            if at >= index and (m := self.pattern.match(text, at)):
                return m
            self.next += 1
        return None


def _closed_fences(text: str) -> list[int]:
    """The lines of ``text`` that open a fence closed later, as fenced_code reads them (an opening run of '`'
    or '~' at the line's start; a close: that run alone, blanks after it), by their distance from its end."""
    lines = text.split("\n")
    closers = Closers(lines, lambda line: (line[0], len(line.rstrip(" "))) if line[:1] in ("`", "~")
                      and not line.rstrip(" ").strip(line[0]) else None)
    found, at = [], 0
    for i, line in enumerate(lines):
        fence = re.match(r"`{3,}|~{3,}", line)
        if fence and closers.after(i, line[0], len(fence.group()), exact=True) is not None:
            found.append(len(text) - at)
        at += len(line) + 1
    return found


class ListingsExtension(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.register(_Listings(md), "briefpress-listings", 26)  # before fenced_code (25)


def makeExtension(**kwargs):
    return ListingsExtension(**kwargs)


def number_html(htmls: list[str]) -> list[str]:
    """Listings with a caption numbered 1, 2… in reading order across the HTML strings."""
    count = 0

    def one(m):
        nonlocal count
        count += 1
        ident = "" if " id=" in m.group(1) else f' id="listing-{count}"'
        return (f'<figure class="listing"{m.group(1)}{ident} data-number="{count}"><figcaption>'
                f'<span class="listing-label">{locale.labels()["listing"]} {count}{locale.labels().colon}</span> ')
    return [LISTING.sub(one, h) if '<figure class="listing"' in h else h for h in htmls]
