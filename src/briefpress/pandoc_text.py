"""pandoc's Markdown on the text, before it is parsed: a file's Markdown -> the same text with forms
Python-Markdown reads otherwise rewritten (:func:`normalize`), and a warning at file:line:col for each
form briefpress does not support yet (:func:`problems`), so that nothing is lost without a word.

Rewritten (lines and their count unchanged): ``{-}`` after a heading -> ``{.unnumbered}``; ``#.``
list markers -> ``1.`` (Python-Markdown would read ``#. item`` as a heading).
Reported (``pandoc.unsupported``, printed as typed): raw blocks and spans for other formats
(```` ```{=latex} ````, `` `x`{=html} ``), Quarto shortcodes (``{{< pagebreak >}}``), list
markers with letters or roman numerals (``a)``, ``iv.``). (Braced citation keys, ``@{key}``, are read:
:mod:`briefpress.citations`.)
"""

from __future__ import annotations

import re

from .diagnostics import Diagnostic, SourceLocation, line_col
from .rawlatex import blanked

UNNUMBERED = re.compile(r"(?m)^(#{1,6}[ \t].*\{[^}\n]*?)(?<=[{ ])-(?=[ }])([^}\n]*\}[ \t]*)$")
HASH_ITEM = re.compile(r"(?m)^([ \t]*)#\.(?=[ \t])")
FENCE = re.compile(r"(?m)^[ \t]*(`{3,}|~{3,})[ \t]*\{=(\w+)\}")
LETTER_MARKER = r"\(?(?:[a-z]|[A-Z](?=\))|[ivxlc]{2,}|[IVXLC]{2,})[.)]"  # a), (b), iv., IV)
LETTER_ITEM = re.compile(rf"(?m)^[ \t]{{0,3}}({LETTER_MARKER})[ \t]+\S")
CHECKS = [
    (re.compile(r"`[^`\n]+`\{=(\w+)\}"), "a raw {0} span is printed as code; write the text in Markdown"),
    (re.compile(r"\{\{<\s*([\w-]+)[^>]*>\}\}"), "the Quarto shortcode '{0}' is printed as typed; "
     "write its result in Markdown (a page break: \\newpage)"),
    (LETTER_ITEM,
     "the list marker '{0}' (letters or roman numerals) is not read as a list; number the items 1., 2., …"),
]


def normalize(text: str) -> str:
    if "-" in text:
        text = UNNUMBERED.sub(lambda m: m.group(1) + ".unnumbered" + m.group(2), text)
    if "#." in text:
        text = HASH_ITEM.sub(lambda m: m.group(1) + "1.", text)
    return text


def problems(text: str, path: str) -> list[Diagnostic]:
    out = []
    for m in FENCE.finditer(text):
        out.append(_warn(f"a raw {m.group(2)} block is printed as code; write its content in Markdown",
                         path, text, m.start(1)))
    masked = blanked(text)
    for pattern, message in CHECKS:
        source = text if "{=" in pattern.pattern else masked  # a raw span is itself code
        for m in pattern.finditer(source):
            if pattern is LETTER_ITEM and not _looks_like_list(text, m):
                continue
            out.append(_warn(message.format(m.group(1)), path, text, m.start()))
    return out


def _looks_like_list(text: str, m) -> bool:
    """'a) first' starting a paragraph or following another such line: a list, not a sentence ('I. e.')."""
    before = text[:m.start()].rstrip(" \t")
    return not before or before.endswith("\n\n") or before.endswith("\n") and bool(
        re.match(rf"\s*{LETTER_MARKER}\s", before.rsplit("\n", 2)[-2] if "\n" in before else ""))


def _warn(message: str, path: str, text: str, offset: int) -> Diagnostic:
    return Diagnostic("warning", "pandoc.unsupported", message, SourceLocation(path, *line_col(text, offset)))
