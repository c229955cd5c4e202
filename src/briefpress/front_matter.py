"""Front matter: a Markdown file's text -> its pandoc-style YAML front matter and its body.

:func:`split_front` takes a file's text and returns (the front matter's YAML or '', the text with
the front matter blanked, its TeX macros on the first line); :func:`single_body` takes a single
file's text after its front matter and returns (the title its opening heading gives or '', the body
with that heading blanked and '##' sections raised). Lines are blanked, never cut, so diagnostics
keep pointing into the file.
"""

from __future__ import annotations

import re

from .diagnostics import BuildError, SourceLocation, error

# pandoc: '---' at the very top, not followed by a blank line; closed by '---' or '...'.
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?![ \t]*\n)(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*(\{[^}\n]*\})?[ \t]*$")
FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")


def _outside_code(lines: list[str]):
    fence = None
    for i, line in enumerate(lines):
        m = FENCE.match(line)
        if m and (fence is None or m.group(1) == fence):
            fence = None if fence else m.group(1)
        elif fence is None:
            yield i, line


def _macros_line(yaml_text: str) -> str:
    """The TeX macros of the front matter (``header-includes: \\newcommand…``, where pandoc users put
    them) as a math span of definitions only, on the blanked first line: the file's math uses them and
    nothing is printed (:mod:`briefpress.texmacros`)."""
    if "header-includes" not in yaml_text or "\\" not in yaml_text:
        return ""
    from . import texmacros
    found = texmacros.sources(yaml_text)
    return f"$${' '.join(found)}$$" if found else ""


SETEXT_1 = re.compile(r"[ ]{0,3}=+[ \t]*$")


def _setext_sections(lines: list[str]) -> bool:
    """Whether the text has a section heading underlined ``===`` (a line of text above it): its '##'
    headings are then its sub-sections, not sections to raise."""
    outside = {i for i, _ in _outside_code(lines)}
    return any(SETEXT_1.match(line) and i in outside and lines[i - 1].strip() and not lines[i - 1].startswith(("    ", "\t"))
               for i, line in enumerate(lines) if i > 0)


def single_body(text: str, titled: bool) -> tuple[str, str]:
    """A single file's text after its front matter -> (title from its opening heading or '', body).

    Line numbers never change (lines are blanked, not cut), so diagnostics point into the file.
    Without a front-matter title, a '# Heading' that opens the text is the title, not a section
    (else the first '# Heading' names the paper).
    A file whose sections are all '##' (the title being in the front matter) has them raised one
    level, so they are numbered 1, 2, 3 and each starts a chapter."""
    lines = text.split("\n")
    headings = [(i, HEADING.match(line)) for i, line in _outside_code(lines) if HEADING.match(line)]
    for i, m in headings:  # pandoc's shorthand '{-}' for '{.unnumbered}'
        if m.group(3) and re.search(r"(?<![\w-])-(?![\w-])", m.group(3)):
            attrs = re.sub(r"(?<![\w-])-(?![\w-])", ".unnumbered", m.group(3))
            lines[i] = lines[i][:m.start(3)] + attrs + lines[i][m.end(3):]
    headings = [(i, HEADING.match(lines[i])) for i, _ in headings]
    title = ""
    first_text = next((i for i, line in enumerate(lines) if line.strip()), None)
    if not titled and headings and headings[0][0] == first_text and len(headings[0][1].group(1)) == 1:
        title = headings[0][1].group(2)
        lines[first_text] = ""
        headings = headings[1:]
    elif not titled:  # the first '# Heading' further down names the paper, and stays a section
        title = next((m.group(2) for _, m in headings if len(m.group(1)) == 1), "")
    if headings and min(len(m.group(1)) for _, m in headings) == 2 and not _setext_sections(lines):
        for i, _ in headings:
            lines[i] = lines[i].replace("#", "", 1)
    return title, "\n".join(lines)


def split_front(text: str, name: str) -> tuple[str, str]:
    """A file's text -> (its front matter's YAML or '', the text with the front matter blanked, lines kept,
    its TeX macros (``header-includes``) on the first line); a front matter never closed -> BuildError."""
    front = FRONT_MATTER.match(text)
    if not front and re.match(r"\A---[ \t]*\n[\w-]+[ \t]*:", text):
        raise BuildError([error("metadata.front-matter-unclosed", "the front matter opened by '---' on line 1 is "
                                "never closed; end it with a line '---' (or '...')", SourceLocation(name, 1, 1))])
    if not front:
        return "", text
    yaml_text = front.group(1) or ""
    return yaml_text, _macros_line(yaml_text) + "\n" * front.group(0).count("\n") + text[front.end():]
