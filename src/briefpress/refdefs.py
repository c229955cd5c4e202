"""Reference definitions with attributes, as pandoc reads them: Markdown -> the same with each use
of such a definition written inline.

``[fig1]: chart.png "Title" {#fig:growth width=50%}`` gives every ``![Caption][fig1]`` (and
``[text][fig1]``, ``[fig1][]``, ``[fig1]``) its target, title and attributes (pandoc's
``link_attributes``); Python-Markdown knows no attributes there, and printed the definition and each
use as typed. The uses become ``![Caption](chart.png "Title"){#fig:growth width=50%}``, which the
figure and attribute steps read; the definition's line is blanked (no line moves). Definitions
without attributes are left to Python-Markdown.
"""

from __future__ import annotations

import bisect
import re

from .code import Masking

DEFINITION = re.compile(r"^ {0,3}\[([^\]\n]+)\]:[ \t]*<?([^\s<>]+)>?(?:[ \t]+(\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?"
                        r"[ \t]*(\{[^{}\n]*\})[ \t]*$", re.M)
USE = re.compile(r"(!?)\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\](?:\[([^\[\]\n]*)\]|(?![(\[:{]))")
# where a use or a definition is text, not one: fenced code, inline code (`[fig1]` printed as typed), comments
CODE = Masking(r"(?ms)", r"|(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\2(?!`)|<!--.*?-->")


def _key(label: str) -> str:
    return " ".join(label.split()).casefold()


def inline(text: str) -> str:
    if "]:" not in text or "{" not in text:
        return text
    fenced = [m.span() for m in CODE.finditer(text)]

    def in_code(pos: int) -> bool:  # the spans are in order and apart: the last one starting at or before pos
        k = bisect.bisect_right(fenced, (pos, float("inf"))) - 1
        return k >= 0 and fenced[k][0] <= pos < fenced[k][1]
    found = {}
    for m in DEFINITION.finditer(text):
        if not in_code(m.start()):
            title = m.group(3) or ""
            title = f' "{title[1:-1]}"' if title else ""
            found.setdefault(_key(m.group(1)), (m.group(2), title, m.group(4), m.span()))
    if not found:
        return text
    spans = {span for *_, span in found.values()}
    text = DEFINITION.sub(lambda m: "" if m.span() in spans else m.group(), text)

    given = set()

    def use(m):
        ref = m.group(3) if m.group(3) else m.group(2)
        key = _key(ref)
        target = found.get(key)
        if target is None or in_code(m.start()):
            return m.group()
        url, title, attrs, _ = target
        if key in given:  # pandoc repeats the #id on every use; an id names one element (EPUB, cross-references)
            attrs = re.sub(r"(?<=[{\s])#[^\s}]+\s*", "", attrs)
            attrs = "" if attrs.strip("{} ") == "" else attrs
        given.add(key)
        return f"{m.group(1)}[{m.group(2)}]({url}{title}){attrs}"
    fenced = [m.span() for m in CODE.finditer(text)]  # again, the definitions blanked: in_code reads these
    return USE.sub(use, text)
