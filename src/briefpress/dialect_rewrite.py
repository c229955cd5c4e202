"""Markdown of other tools, read as pandoc Markdown: a chapter's text -> the same text with MyST's and
Obsidian's constructs that have a pandoc form written in it, every line where it was.

:func:`rewrite` makes MyST's admonition fences pandoc's callouts, its figure, math and code fences
a figure, display math and code, a ``(label)=`` target before a heading the heading's id, Obsidian's
``> [!note]`` quotations callouts and its ``%%comments%%`` blank. :func:`masked` returns a text with
its code, math and HTML comments blanked, lines and columns kept (:mod:`briefpress.dialects` reads
the constructs in what is left). Run by ``quarto.prepare`` as a file is read.
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort

from .quarto import fences_blanked

ADMONITIONS = {"note", "warning", "tip", "important", "caution", "attention", "danger", "error", "hint",
               "seealso", "admonition", "dropdown", "margin", "sidebar", "topic", "epigraph", "pull-quote"}
SHAPED = {"figure", "math", "code-cell", "code-block", "code"}  # printed as pandoc's figure, math, code
CALLOUTS = {"note", "warning", "tip", "important", "caution"}  # pandoc's (Quarto's) callout kinds
DIRECTIVE = re.compile(r"(?m)^[ \t]{0,3}(`{3,}|~{3,}|:{3,})[ \t]*\{(?P<name>[A-Za-z][\w:-]*)\}(?P<arg>[^\n]*)$")
TARGET = re.compile(r"(?m)^[ \t]{0,3}\((?P<label>[^()\s]+)\)=[ \t]*$")
CALLOUT = re.compile(r"(?m)^[ \t]{0,3}>[ \t]*\[!(?P<kind>[A-Za-z-]+)\][+-]?[ \t]*(?P<title>[^\n]*)$")
CODE = re.compile(r"(?<!`)(`+)(?!`)[^\n]+?(?<!`)\1(?!`)")  # a code span: runs of equal length (a line of '`' is linear)
# TeX, where '%%', '[[', '==' and '% ' are TeX's: $$…$$, and $…$ by pandoc's rules
# (mathspans.py's rules for these two)
NOT_MATH = re.compile(r"(?<!\\)\$\$.+?\$\$"
                        r"|(?<![\\$])\$(?=[^\s$])(?:\\.|[^$\\\n]|\n(?![ \t]*\n))+?(?<![\s\\])\$(?!\d)", re.S)
COMMENT = re.compile(r"(?<!%)%%(?!%)(?P<text>.+?)(?<!%)%%(?!%)", re.S)


def rewrite(text: str) -> str:
    """MyST's admonitions (```` ```{note} ````, ``:::{warning} Title``) -> pandoc's callouts
    (``::: {.callout-warning title="Title"}`` … ``:::``), their option lines (``:class: tip``) blank:
    printed as a note box, where pandoc prints code. Every line stays where it was."""
    if "%%" in text:  # Obsidian's comments: blank, lines kept
        plain = masked(text)
        text = "".join(_blanked_spans(text, COMMENT.finditer(plain)))
    if not (("{" in text and DIRECTIVE.search(text)) or (")=" in text and TARGET.search(text))
            or ("[!" in text and CALLOUT.search(text))):
        return text
    lines = text.split("\n")
    original, fences = tuple(lines), _fence_lines(lines)
    i = 0
    while i < len(lines):
        m = DIRECTIVE.match(lines[i])
        target = TARGET.match(lines[i])
        heading = _heading_after(lines, i) if target else None
        if heading is not None:  # '(sec-x)=' then '# Heading': the heading's id
            lines[heading] += f" {{#{target.group('label')}}}"
            lines[i] = ""
        fence = re.match(r"[ \t]{0,3}(`{3,}|~{3,})", lines[i])
        if m and m.group("name").lower() in ADMONITIONS:
            end = _closing(lines, i, m.group(1), fences) or len(lines)
            name, arg = m.group("name").lower(), m.group("arg").strip().replace('"', "'")
            kind = name if name in CALLOUTS else "note"
            lines[i] = f"::: {{.callout-{kind}" + (f' title="{arg}"' if arg else "") + "}"
            k = i + 1
            while k < end and re.match(r"[ \t]*:[\w-]+:", lines[k]):
                lines[k], k = "", k + 1
            if end < len(lines):
                lines[end] = ":::"
                insort(fences[":"], end)
            i += 1  # its body may hold more
        elif m and m.group(1)[0] != ":" and (m.group("name").lower() in SHAPED or m.group("arg").strip()):
            i = _shaped(lines, i, m, fences) + 1
        elif fence:  # code: nothing in it is a directive
            i = (_closing(lines, i, fence.group(1), fences) or len(lines)) + 1
        elif (callout := CALLOUT.match(lines[i])) and _callout_end(original, i) is not None:
            i = _callout(lines, i, callout, _callout_end(original, i))
            insort(fences[":"], i - 1)
        else:
            i += 1
    return "\n".join(lines)


def _blanked_spans(text: str, matches):
    """The pieces of text with each match's characters blanked, line breaks kept (one pass, in order)."""
    pos = 0
    for m in matches:
        yield text[pos:m.start()]
        yield re.sub(r"[^\n]", " ", m.group())
        pos = m.end()
    yield text[pos:]


def _callout_end(lines, i: int) -> int | None:
    """The blank line after the quotation Obsidian's callout opens at line ``i`` (which starts a block),
    where ':::' can go; None (left a quotation) when the file ends first."""
    if i and lines[i - 1].strip():
        return None
    end = next((k for k in range(i + 1, len(lines)) if not re.match(r"[ \t]{0,3}>", lines[k])), len(lines))
    return end if end < len(lines) and not lines[end].strip() else None


def _callout(lines: list[str], i: int, m: re.Match, end: int) -> int:
    """Obsidian's '> [!tip] Title' quotation -> a pandoc callout: its '>' marks become spaces and
    ':::' goes on the blank line after it. Returns the line after it."""
    kind = m.group("kind").lower()
    title = m.group("title").strip().replace('"', "'")
    lines[i] = f"::: {{.callout-{kind if kind in CALLOUTS else 'note'}" + (f' title="{title}"' if title else "") + "}"
    for k in range(i + 1, end):
        lines[k] = re.sub(r"^([ \t]{0,3})>[ ]?", lambda q: q.group(1) + " " * (len(q.group()) - len(q.group(1))),
                          lines[k], count=1)
    lines[end] = ":::"
    return end + 1


def masked(text: str, math: bool = True, fenced: str | None = None) -> str:
    """The text with fenced code, code spans, math (unless not ``math``) and HTML comments blanked, lines
    and columns kept.
    (Here, not sanitize's: the link checker reads files through quarto.prepare and loads no Markdown
    or HTML modules.) ``fenced``: the text's ``fences_blanked``, when found already."""
    def blank(m: re.Match) -> str:
        return re.sub(r"[^\n]", " ", m.group())
    code = fenced if fenced is not None else fences_blanked(text)
    code = CODE.sub(blank, code) if "`" in code else code  # tried at every character: not without a '`'
    start, pieces, at = code.find("<!--"), [], 0
    while start >= 0 and (end := code.find("-->", start + 4)) >= 0:  # found once: an unclosed '<!--' ends it
        pieces += [code[at:start], re.sub(r"[^\n]", " ", code[start:end + 3])]
        at, start = end + 3, code.find("<!--", end + 3)
    code = "".join(pieces) + code[at:]
    return NOT_MATH.sub(blank, code) if math and "$" in code else code


def _fence_lines(lines: list[str]) -> dict[str, list[int]]:
    """Each fence character's lines of three or more of it alone: where a fence may close (so finding
    each closing line does not read the rest of the file: 6,000 unclosed '```{note}' took 14 s)."""
    found: dict[str, list[int]] = {"`": [], "~": [], ":": []}
    for k, line in enumerate(lines):
        bare = line.strip()
        if len(bare) >= 3 and bare[0] in found and not bare.strip(bare[0]):
            found[bare[0]].append(k)
    return found


def _closing(lines: list[str], at: int, mark: str, fences: dict[str, list[int]]) -> int | None:
    """The line closing the fence ``mark`` opened at line ``at`` (as long or longer, nothing after it).
    ``fences``: :func:`_fence_lines` of the lines (kept up to date where a line became ':::')."""
    candidates = fences[mark[0]]
    for n in range(bisect_right(candidates, at), len(candidates)):
        bare = lines[candidates[n]].strip()
        if bare.startswith(mark) and not bare.strip(mark[0]):  # still: rewrite may have changed it
            return candidates[n]
    return None


def _heading_after(lines: list[str], i: int) -> int | None:
    """The line of the '# Heading' right after line ``i`` (blank lines between), if it has no attributes."""
    k = next((n for n in range(i + 1, len(lines)) if lines[n].strip()), None)
    if k is None or not re.match(r"[ \t]{0,3}#{1,6}[ \t]+\S", lines[k]) or re.search(r"\}[ \t]*#*[ \t]*$", lines[k]):
        return None
    return k


def _shaped(lines: list[str], i: int, m: re.Match, fences: dict[str, list[int]]) -> int:
    """A directive fence pandoc does not read as one (```` ```{figure} file.png ````: text up to its closing
    fence, which opens a code block that runs on) -> a figure, display math or a code block, lines kept.
    Returns the closing line."""
    fence, name, arg = m.group(1), m.group("name").lower(), m.group("arg").strip()
    end = _closing(lines, i, fence, fences) or len(lines)
    options, k = {}, i + 1
    while k < end and (o := re.match(r"[ \t]*:([\w-]+):[ \t]*(.*)$", lines[k])):
        options[o.group(1)], lines[k], k = o.group(2).strip(), "", k + 1
    body = [n for n in range(k, end) if lines[n].strip()]
    label = options.get("name") or options.get("label") or ""
    if name == "figure" and arg and body and end < len(lines):
        attrs = " ".join(([f"#{label}"] if label else []) + [f'{key}="{options[key]}"' for key in ("width", "height")
                                                             if key in options])
        lines[i] = lines[end] = ""
        for n in range(k, end):
            if not lines[n].strip():
                lines[n] = ""  # the caption: one paragraph
        lines[body[0]] = "![" + lines[body[0]].lstrip()
        lines[body[-1]] += f"]({arg})" + (f"{{{attrs}}}" if attrs else "")
    elif name == "math" and body and end < len(lines):
        lines[i], lines[end] = "$$", "$$" + (f" {{#eq-{label.removeprefix('eq-')}}}" if label else "")
    else:  # code-cell python, and any other: its text as code, as pandoc means a fence
        language = arg.split()[0] if name in ("code-cell", "code-block", "code") and arg else ""
        lines[i] = m.group(0)[:m.start(1) - m.start()] + fence + language
    return end
