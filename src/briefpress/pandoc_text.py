"""pandoc's Markdown on the text, before it is parsed: a file's Markdown -> the same text with forms
Python-Markdown reads otherwise rewritten (:func:`normalize`), and a warning at file:line:col for each
form briefpress does not support yet (:func:`problems`), so that nothing is lost without a word.

Rewritten (lines and their count unchanged): ``{-}`` after a heading -> ``{.unnumbered}``; ``#.``
list markers -> ``1.`` (Python-Markdown would read ``#. item`` as a heading); lists as pandoc reads
them, nested by their text's column and marked ``a)``, ``(iv)``… (:mod:`briefpress.lists`); raw
blocks and spans in HTML or LaTeX (```` ```{=latex} ````, `` `x`{=html} ``) -> raw HTML (sanitised like
any) or raw LaTeX (:mod:`briefpress.rawlatex` maps ``\newpage`` and the rest it knows); Quarto's
``{{< pagebreak >}}`` -> a page break; ``\\ `` -> a non-breaking space; an attribute block pandoc
wrapped over lines (``{width="5in"`` / ``height="2in"}``) -> on one line; a definition's ``~`` -> ``:``; a
``>`` opening a line right under a paragraph's text -> ``\\>`` (text, as pandoc reads it, not a quote). Left out, as pandoc leaves them out of HTML, with a note
(``pandoc.other-format``): raw blocks and spans for other formats (``{=openxml}``, ``{=typst}``…).
Reported (``pandoc.unsupported``, printed as typed): other Quarto shortcodes. (Braced citation keys,
``@{key}``, are read: :mod:`briefpress.citations`.)
"""

from __future__ import annotations

import re

from . import list_blocks, lists, refdefs
from .diagnostics import Diagnostic, SourceLocation, line_col
from .rawlatex import PAD, blanked
from .rawlatex import PAGE_BREAK as PAGE_BREAK_HTML
from .atomic import once

UNNUMBERED = re.compile(r"(?m)^(#{1,6}[ \t].*\{[^}\n]*?)(?<=[{ ])-(?=[ }])([^}\n]*\}[ \t]*)$")
HASH_ITEM = re.compile(r"(?m)^([ \t]*)#\.(?=[ \t])")
FENCE = re.compile(r"(?m)^[ \t]*(`{3,}|~{3,})[ \t]*\{=(\w+)\}")
RAW_BLOCK = re.compile(r"(?m)^([ \t]*)(`{3,}|~{3,})[ \t]*\{=(\w+)\}[ \t]*\n((?:.*\n)*?)[ \t]*\2[`~]*[ \t]*$")
RAW_SPAN = re.compile(r"(?<!`)(`+)([^`\n]+?)\1\{=(\w+)\}")
PAGE_BREAK = re.compile(r"(?m)^[ \t]*\{\{<\s*pagebreak\s*>\}\}[ \t]*$")
OURS = {"html": "html", "html5": "html", "html4": "html", "latex": "latex", "tex": "latex"}  # formats we read
CHECKS = [
    (re.compile(r"\{\{<\s*((?!pagebreak\s*>)[\w-]+)[^>]*>\}\}"), "the Quarto shortcode '{0}' is printed as typed; "
     "write its result in Markdown"),
]


def normalize(text: str) -> str:
    if "-" in text:
        text = UNNUMBERED.sub(lambda m: m.group(1) + ".unnumbered" + m.group(2), text)
    if "#." in text:
        text = HASH_ITEM.sub(lambda m: m.group(1) + "1.", text)
    if "{=" in text:
        text = RAW_SPAN.sub(_raw_span, RAW_BLOCK.sub(_raw_block, text))
    if "pagebreak" in text:
        text = PAGE_BREAK.sub(PAGE_BREAK_HTML, text)
    if "\\ " in text:
        text = _nonbreaking(text)
    if "{" in text:
        text = _one_line_attributes(text)
    if "~" in text:
        text = _tilde_definitions(text)
    if "]:" in text and "{" in text:
        text = refdefs.inline(text)
    if ("```" in text or "~~~" in text) and (":" in text or "~" in text):
        text = _fenced_in_definitions(text)
    if ("```" in text or "~~~" in text) and ">" in text:
        text = _fenced_in_quotes(text)
    if "\n>" in text or "\n >" in text or "\n  >" in text or "\n   >" in text:
        text = _lazy_quote_marks(text)
    return lists.normalize(text)


DEFINITION = re.compile(r" {0,3}[:~][ \t]")
CODE_FENCE = re.compile(r"(`{3,}|~{3,})[ \t]*[{.]?[ \t]*([\w+#-]*)")
OUTER_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def _outer_fence(line: str, fence: str) -> str:
    """The fence of a code block outside any quote or definition still open after ``line`` (``fence``:
    the one open before it): its lines (``> ```python`` shown as an example) are code, never rewritten."""
    if fence:
        closing = line.strip()
        return "" if closing.startswith(fence) and not closing.strip(fence[0]) else fence
    m = OUTER_FENCE.match(line)
    return m.group(1) if m and (m.group(1)[0] == "~" or "`" not in line[m.end():]) else ""


def _fenced_in_definitions(text: str) -> str:
    """Fenced code in a definition (``:   Term's text`` / blank / ````    ```python````) as indented
    code, as lists.py does in a list item: Python-Markdown reads no fence there, and printed the code
    as one line of inline code. Fence lines become blank (the opening one codehilite's ``:::language``
    after a blank line); no line is added or removed."""
    lines = text.split("\n")
    in_definition, fence, fence_col, outer = False, "", 0, ""
    for i, line in enumerate(lines):
        if outer or not fence:  # a fence at column 0-3 is none of a definition's (those are indented)
            outer = _outer_fence(line, outer)
            if outer or OUTER_FENCE.match(line):
                in_definition = False
                continue
        body = line.expandtabs(4)
        col = len(body) - len(body.lstrip(" "))
        if fence and body.strip() and col < 4:  # the definition ends (pandoc closes its fence there): text after it
            fence, in_definition = "", False
        if fence:
            if body.strip().startswith(fence) and not body.strip().strip(fence[0]).strip():
                lines[i], fence = "", ""
            else:
                lines[i] = " " * 8 + body[min(col, fence_col):] if body.strip() else ""
        elif DEFINITION.match(line):
            in_definition = True
        elif body.strip() and in_definition and col >= 4:
            f = CODE_FENCE.match(body, col)
            if f and col < 8 and f.group(1) not in body[f.end(1):]:
                fence, fence_col = f.group(1), col
                blank = i > 0 and not lines[i - 1].strip()
                lines[i] = " " * 8 + ":::" + f.group(2) if blank and f.group(2) else ""
        elif body.strip():
            in_definition = False
    return "\n".join(lines)


QUOTED = re.compile(r"((?:[ ]{0,3}>[ ]?)+)(.*)")


def _fenced_in_quotes(text: str) -> str:
    """Fenced code in a block quote (``> ```python``) as indented code in the quote: Python-Markdown
    reads no fence there, and printed the code as one line of inline code. A fence the quote's end
    closes is closed there, as in pandoc; no line is added or removed. Short of the text of a list item above it
    in the quote, the code comes after the list (:data:`.list_blocks.AFTER_LIST`), as pandoc ends the list there."""
    lines = text.split("\n")
    fence, depth, blank, outer, after_list = "", 0, True, "", False
    for i, line in enumerate(lines):
        if outer or not fence:
            outer = _outer_fence(line, outer)
            if outer or OUTER_FENCE.match(line):
                blank = False
                continue
        m = QUOTED.match(line)
        level = m.group(1).count(">") if m else 0
        if fence and level != depth:
            fence = ""
        content = m.group(2) if m else line
        if fence:
            closing = content.strip().startswith(fence) and not content.strip().strip(fence[0]).strip()
            code = "" if closing or not content.strip() else "    " + content
            lines[i] = "> " * depth + (list_blocks.AFTER_LIST if after_list and code else "") + code
            after_list = after_list and not code
            fence = "" if closing else fence
        elif level:
            f = CODE_FENCE.match(content.expandtabs(4), 0)
            col = len(content) - len(content.lstrip(" "))
            if f and col <= 3 and f.group(1) not in content[content.index(f.group(1)) + len(f.group(1)):]:
                fence, depth = f.group(1), level
                # short of the text of a list item above it in the quote, the fence ends the list (as pandoc reads
                # it): its code's first line is marked so, else Python-Markdown reads the code into the item
                after_list = list_blocks.ends_list(lines, i, level, col)
                # (the language's line needs a blank line before it, or a list it ends: list_blocks cuts there)
                head = "    :::" + f.group(2) if (blank or after_list) and f.group(2) else ""
                lines[i] = "> " * level + (list_blocks.AFTER_LIST if after_list and head else "") + head
                after_list = after_list and not head
        blank = not content.strip()
    return "\n".join(lines)


# a line after which a block may start without a blank line: no paragraph's text (a heading, a fence, a rule or
# setext underline, a table row, HTML, display math, raw TeX, a shortcode, a link's reference definition);
# markdown_checks uses it too
NOT_TEXT = re.compile(r"\s*(?:#|:::|```|~~~|[-=+*_]{3,}\s*$|[-=]+\s*$|\||\+[-=]|<|\$\$|\\|\{\{<|\.\.\.\s*$"
                      r"|\[(?!\^)[^\]]+\]:(?:\s|$))")  # the last: a link's reference definition, [id]: https://…
QUOTE_MARK = re.compile(r"^( {0,3})>")


_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")  # where str.splitlines breaks a line


def masked_text(text: str) -> str:
    """The text with code, math, HTML and comments turned to NULs (rawlatex.blanked) but every line break
    kept: a multi-line environment keeps its lines, so the lines of one are the lines of the other."""
    return "".join(c if c in _BREAKS else m for c, m in zip(text, blanked(text)))


def masked_lines(text: str) -> list[str]:
    return masked_text(text).split("\n")


def _lazy_quote_marks(text: str) -> str:
    """pandoc's blank_before_blockquote: a '>' opening a line right under a paragraph's text is text ("values
    / > 5 were dropped"), where Python-Markdown would start a quote; escaped (one column more). Inside a quote
    (its lazy lines included) a '>' goes on with it."""
    masked = masked_lines(text)
    lines = text.split("\n")
    quoted = False
    for i, line in enumerate(masked):
        if not line.strip():
            quoted = False
            continue
        m = QUOTE_MARK.match(line)
        if m and not quoted:
            before = masked[i - 1] if i else ""
            # text left after the masking: a paragraph's line, even with code or math in it ('the ratio $r$');
            # a line masked whole (a fence, an HTML block, display math) is none
            if before.replace("\0", "").strip() and not NOT_TEXT.match(before):
                lines[i] = m.group(1) + "\\" + lines[i][m.end(1):]
                continue
        quoted = quoted or bool(m)
    return "\n".join(lines)


TILDE_DEFINITION = re.compile(r"(?m)^( {0,3})~(?=[ \t])")  # pandoc's other definition marker
# an attribute block after an image, link or span that pandoc wrapped over lines: {width="5in"\nheight="2in"}
_TOKEN = r"""(?:[#.][\w:.-]+|[\w-]+=(?:"[^"\n]*"|'[^'\n]*'|[^\s}]+))"""
# (tokens parted by spaces or one line break; possessive: an unclosed block fails at once, never backtracks)
BROKEN_ATTRS = re.compile(rf"(?<=[)\]])\{{({_TOKEN}" + once(rf"(?:(?:[ \t]+|[ \t]*\n[ \t]*){_TOKEN})*") + r")[ \t]*\}")


def _one_line_attributes(text: str) -> str:
    """Such a block on one line (Python-Markdown reads attributes only there); the line breaks it held
    follow it and the punctuation right after it, so lines keep their numbers."""
    if not any("\n" in m.group() for m in BROKEN_ATTRS.finditer(text)):
        return text  # most texts: no block over lines, and no need to find their code
    masked = blanked(text)
    out, pos = [], 0
    for m in BROKEN_ATTRS.finditer(text):
        if "\n" not in m.group() or "\0" in masked[m.start():m.end()] or m.start() < pos:
            continue
        # what follows it up to a space comes along: a comma after it stays against it ("2 ," was printed)
        after = re.match(r"(?:[^\s{\[(]|\[\^[^\]\s]*\])*", text[m.end():m.end() + 100]).group()  # a note call too
        out += [text[pos:m.start()], "{" + " ".join(m.group(1).split()) + "}", after, "\n" * m.group().count("\n")]
        pos = m.end() + len(after)
    return "".join(out) + text[pos:]


def _tilde_definitions(text: str) -> str:
    """pandoc's other definition marker, ``~`` where ``:`` may stand (outside code): made ``:``."""
    if not TILDE_DEFINITION.search(text):
        return text  # a '~' elsewhere (p.~5, ~~~ fences, H~2~O): no need to find the code
    masked = blanked(text)
    return TILDE_DEFINITION.sub(lambda m: m.group(1) + ":" if "\0" not in masked[m.start():m.end()] else m.group(),
                                text)


def _nonbreaking(text: str) -> str:
    """pandoc's ``\\ `` (backslash, space) is a non-breaking space, outside code and math."""
    masked = blanked(text)
    spots = [m.start() for m in re.finditer(r"(?<!\\)\\ ", masked)]
    out, pos = [], 0
    for at in spots:
        out.append(text[pos:at] + PAD + "\u00a0")
        pos = at + 2
    return "".join(out) + text[pos:]


def _raw_block(m: re.Match) -> str:
    """HTML stays as raw HTML (sanitised like any), LaTeX as raw LaTeX (:mod:`briefpress.rawlatex`
    maps what it knows); the fences become blank lines. Another format's block is left out, as pandoc
    leaves it out of HTML: every line blank."""
    if OURS.get(m.group(3).lower()):
        return "\n" + m.group(4) + ""
    return "\n" * m.group().count("\n")


def _raw_span(m: re.Match) -> str:
    """`x`{=html} -> x, `x`{=latex} -> x; another format's span -> nothing; columns kept with PAD."""
    ticks, content = m.group(1), m.group(2)
    if OURS.get(m.group(3).lower()):
        return PAD * len(ticks) + content + PAD * (len(m.group()) - len(ticks) - len(content))
    return PAD * len(m.group())


def problems(text: str, path: str) -> list[Diagnostic]:
    out = []
    for m in FENCE.finditer(text):
        if not OURS.get(m.group(2).lower()):
            out.append(_note(f"a raw {m.group(2)} block is for another output format; it is left out, as pandoc "
                             "leaves it out of HTML", path, text, m.start(1)))
    for m in RAW_SPAN.finditer(text):
        if not OURS.get(m.group(3).lower()):
            out.append(_note(f"a raw {m.group(3)} span is for another output format; it is left out",
                             path, text, m.start()))
    masked = blanked(text)
    for pattern, message in CHECKS:
        for m in pattern.finditer(masked):
            out.append(_warn(message.format(m.group(1)), path, text, m.start()))
    return out


def _note(message: str, path: str, text: str, offset: int) -> Diagnostic:
    return Diagnostic("info", "pandoc.other-format", message, SourceLocation(path, *line_col(text, offset)))


def _warn(message: str, path: str, text: str, offset: int) -> Diagnostic:
    return Diagnostic("warning", "pandoc.unsupported", message, SourceLocation(path, *line_col(text, offset)))
