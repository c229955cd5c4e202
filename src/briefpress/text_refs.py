"""bookdown's text references: a file's text -> the same text with each used reference replaced by its text,
and a warning for each label defined again.

A paragraph of one line ``(ref:label) Some text.``, blank lines around it, defines the text; it is taken out
(its line left blank, so lines hold) and each ``(ref:label)`` elsewhere (a figure's caption: ``![(ref:label)](a.png)``,
a chunk's ``fig.cap='(ref:label)'`` or ``#| fig-cap:``) becomes that text, as bookdown substitutes it. In code
(a plain code block's ``#|`` lines too: only a chunk's first ones are its options) it stays as written; a label without a
definition too (bookdown leaves it so). A label is bookdown's letters, digits, ``-`` and ``/`` (and ``_ : .``).
A label defined again keeps its first text, as bookdown does: the later paragraph is left as text (its
``(ref:label)`` replaced, as any use), with a warning at it (``quarto.text-ref-twice``).
"""

from __future__ import annotations

import re

from .diagnostics import Diagnostic, SourceLocation

LABEL = r"[\w:./-]+"
DEFINITION = re.compile(rf"^\(ref:({LABEL})\)[ \t]+(\S.*?)[ \t]*$")
USE = re.compile(rf"\(ref:({LABEL})\)")
CHUNK_OPEN = re.compile(r"^[ \t]*(?:`{3,}|~{3,})[ \t]*\{[A-Za-z]")  # ```{r …}: a chunk, its header its options


def substitute(text: str, name: str) -> tuple[str, list[Diagnostic]]:
    if "(ref:" not in text:
        return text, []
    from .dialect_rewrite import masked
    from .chunks import OPTION
    from .quarto import fenced_blocks, fences_blanked
    lines = text.split("\n")
    fenced = fences_blanked(text).split("\n")
    for start, end in fenced_blocks(lines):  # a chunk's header and '#|' lines hold its captions: read
        if CHUNK_OPEN.match(lines[start]):
            fenced[start] = lines[start]
            for k in range(start + 1, end):  # its options are its first lines, as chunks.py reads them
                if not OPTION.match(lines[k]):
                    break
                fenced[k] = lines[k]
    plain = masked(text, math=False, fenced="\n".join(fenced)).split("\n")  # code blanked, chunks' options kept
    texts: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for i, line in enumerate(lines):
        m = DEFINITION.match(line) if plain[i] == line else None
        if m and (i == 0 or not lines[i - 1].strip()) and (i + 1 == len(lines) or not lines[i + 1].strip()):
            if m.group(1) in texts:
                problems.append(Diagnostic(
                    "warning", "quarto.text-ref-twice", f"the text reference '(ref:{m.group(1)})' is defined "
                    "again; as bookdown does, its first text is used and this paragraph printed: rename one label "
                    "or delete this line", SourceLocation(name, i + 1, 1)))
                continue
            texts[m.group(1)] = m.group(2)
            lines[i] = ""
    if not texts:
        return text, problems

    def one(line: str, seen: str) -> str:
        return USE.sub(lambda m: texts[m.group(1)] if m.group(1) in texts and seen[m.start():m.end()] == m.group()
                       else m.group(), line)
    return "\n".join(one(line, seen) if "(ref:" in line else line for line, seen in zip(lines, plain)), problems
