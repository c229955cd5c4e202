"""CSL-YAML text is Markdown (pandoc reads a ``.yaml`` bibliography's and a front matter's ``references``
strings as Markdown: ``title: 'Trust in *local* institutions'``): its inline markup -> the CSL-JSON markup
(``<i>``, ``<b>``, ``<sup>``, ``<sub>``, nocase and small-caps spans, TeX math) that :mod:`.csl` reads. Takes a CSL item
(a mapping) and returns a new one; identifiers (URL, DOI, ISBN, …) and names are left as written."""

from __future__ import annotations

import re

LITERAL = {"id", "type", "URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID", "language", "citation-key"}
# An emphasis spans at most SPAN characters: an unclosed '*' or '_' is otherwise sought to the end of the
# value from each of them (quadratic: 96,000 characters of "_a " took 29 s); no title's emphasis is longer.
SPAN = 400
_SPAN = re.compile(r"\[([^\[\]]+)\]\{\.(nocase|smallcaps)\}")
_INNER = rf"(.{{1,{SPAN}}}?)"
_STRONG = re.compile(rf"(?<![\\*])\*\*(?=\S){_INNER}(?<=\S)\*\*|(?<![\w\\])__(?=\S){_INNER}(?<=\S)__(?!\w)")
_EMPH = re.compile(rf"(?<![\\*])\*(?=[^\s*]){_INNER}(?<=[^\s\\*])\*(?!\*)|(?<![\w\\])_(?=\S){_INNER}(?<=\S)_(?!\w)")
_SUP = re.compile(r"(?<!\\)\^(?=\S)([^\s^]+?)(?<!\\)\^")
_SUB = re.compile(r"(?<![\\~])~(?=\S)([^\s~]+?)(?<!\\)~(?!~)")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!^~<>|\"'$@])")
_MARKS = re.compile(r"[*_^~\[\\$<]|--|\.\.\.")
# TeX math ($…$, as pandoc's tex_math_dollars delimits it), code spans and autolinks are not Markdown: set aside
_ASIDE = re.compile(r"`[^`]+`|(?<![\\$])\$(?=[^\s$])[^$]*?(?<=[^\s\\])\$(?!\d)|<(?:https?|ftp|mailto):[^>\s]+>")
_LINK = re.compile(r"\[([^\[\]]+)\]\([^()\s]*\)")  # a link's text is what prints, as its text in pandoc's output
# pandoc's smart punctuation (quotation marks are the styles' own: chicago.text curls them)
_SMART = re.compile(r"(?<!\\)(---|--|\.\.\.)")
_PUNCTUATION = {"---": "\u2014", "--": "\u2013", "...": "\u2026"}


def markdown_item(item: dict) -> dict:
    return {var: _markdown(value) if isinstance(value, str) and var not in LITERAL else value
            for var, value in item.items()}


def _markdown(text: str) -> str:
    if not _MARKS.search(text):  # nearly every value
        return text
    aside: list[str] = []
    text = _ASIDE.sub(lambda m: aside.append(m.group()) or f"\ue020{len(aside) - 1}\ue021", text)
    text = _LINK.sub(r"\1", text)
    text = _SPAN.sub(lambda m: f'<span class="nocase">{m.group(1)}</span>' if m.group(2) == "nocase"
                     else f'<span style="font-variant:small-caps;">{m.group(1)}</span>', text)
    text = _STRONG.sub(lambda m: f"<b>{m.group(1) or m.group(2)}</b>", text)
    text = _EMPH.sub(lambda m: f"<i>{m.group(1) or m.group(2)}</i>", text)
    text = _SUP.sub(r"<sup>\1</sup>", text)
    text = _SUB.sub(r"<sub>\1</sub>", text)
    text = _SMART.sub(lambda m: _PUNCTUATION[m.group(1)], text)
    text = _ESCAPED.sub(r"\1", text)
    return re.sub("\ue020(\\d+)\ue021", lambda m: _math(aside[int(m.group(1))]), text) if aside else text


def _math(kept: str) -> str:
    """``$x^{2}$`` -> the rich text's formula (TeX, rendered by the math stage) as pandoc reads it; an autolink
    ``<https://…>`` -> its address; code as written."""
    if kept[:1] == "<":
        return kept[1:-1]
    return f'<span class="math inline">\\({kept[1:-1]}\\)</span>' if kept[:1] == "$" else kept
