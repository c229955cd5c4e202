"""bookdown's text references: a file's text -> the same text with each used reference replaced by its text.

A paragraph of one line ``(ref:label) Some text.``, blank lines around it, defines the text; it is taken out
(its line left blank, so lines hold) and each ``(ref:label)`` elsewhere (a figure's caption: ``![(ref:label)](a.png)``,
a chunk's ``fig.cap='(ref:label)'`` or ``#| fig-cap:``) becomes that text, as bookdown substitutes it. In code it
stays as written; a label without a definition too (bookdown leaves it so).
"""

from __future__ import annotations

import re

DEFINITION = re.compile(r"^\(ref:([\w:.-]+)\)[ \t]+(\S.*?)[ \t]*$")
USE = re.compile(r"\(ref:([\w:.-]+)\)")
CHUNK_LINE = re.compile(r"^[ \t]*(?:(?:`{3,}|~{3,})[ \t]*\{[A-Za-z]|#\|)")  # a chunk's options: its captions


def substitute(text: str) -> str:
    if "(ref:" not in text:
        return text
    from .dialects import masked
    from .quarto import fences_blanked
    lines = text.split("\n")
    fenced = [line if CHUNK_LINE.match(line) else kept for line, kept in zip(lines, fences_blanked(text).split("\n"))]
    plain = masked(text, math=False, fenced="\n".join(fenced)).split("\n")  # code blanked, chunks' options kept
    texts: dict[str, str] = {}
    for i, line in enumerate(lines):
        m = DEFINITION.match(line) if plain[i] == line else None
        if m and (i == 0 or not lines[i - 1].strip()) and (i + 1 == len(lines) or not lines[i + 1].strip()):
            texts[m.group(1)] = m.group(2)
            lines[i] = ""
    if not texts:
        return text

    def one(line: str, seen: str) -> str:
        return USE.sub(lambda m: texts.get(m.group(1), m.group()) if seen[m.start():m.end()] == m.group()
                       else m.group(), line)
    return "\n".join(one(line, seen) if "(ref:" in line else line for line, seen in zip(lines, plain))
