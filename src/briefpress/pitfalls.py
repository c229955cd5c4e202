"""Markdown pitfalls: one chapter's text -> errors at file:line:col for what would print wrongly.

Each of these is accepted by Markdown without a word and prints something the author did not
mean: an HTML comment never closed (the rest of the chapter vanishes) or nested in another (the
remark after the inner ``-->`` is printed); a footnote defined twice (one definition is lost);
``[@]`` and a citation bracket never closed (printed as text); a heading with no text; lists
nested so deep that the parser runs out of stack.
"""

from __future__ import annotations

import re

from .citations import FOOTDEF, KEY
from .diagnostics import Diagnostic, SourceLocation, error, line_col
from .sanitize import masked

MAX_LIST_DEPTH = 30
EMPTY_HEADING = re.compile(r"(?m)^ {0,3}(#{1,6})[ \t]*(\{[^}\n]*\})?[ \t]*#*[ \t]*$")
EMPTY_CITATION = re.compile(r"\[\s*-?@\s*(?:[,;][^\]\n]*)?\]")
OPEN_CITATION = re.compile(rf"(?<!\\)\[(?!\^)(?=[^\]\[\n]*?(?<![\w\\])-?@{KEY})")
QUOTE = re.compile(r"(?m)^[ \t]*(?:>[ \t]*){2,}")
LIST_ITEM = re.compile(r"(?m)^([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+")


def markdown_pitfalls(text: str, name: str) -> list[Diagnostic]:
    plain = masked(text)
    out: list[Diagnostic] = []

    def at(offset: int) -> SourceLocation:
        return SourceLocation(name, *line_col(text, offset))

    out += _comments(plain, at)
    seen: dict[str, int] = {}
    for m in FOOTDEF.finditer(_without_comments(plain)):
        note = m.group(1)
        if note in seen:
            out.append(error("note.defined-twice", f"footnote '[^{note}]' is already defined at line {seen[note]}; "
                             "one definition would be lost: merge them or rename one", at(m.start())))
        else:
            seen[note] = line_col(text, m.start())[0]
    body = _without_comments(plain)
    for m in EMPTY_CITATION.finditer(body):
        out.append(error("cite.empty", f"'{m.group()}' cites nothing; write the key after '@', e.g. [@smith2020]",
                         at(m.start())))
    for m in OPEN_CITATION.finditer(body):
        rest = body[m.end():]
        stop = re.search(r"\]|\n[ \t]*\n|\[", rest)
        if not stop or stop.group() != "]":
            out.append(error("cite.unclosed", "citation bracket '[' is never closed; add ']' after the key "
                             "(and locator)", at(m.start())))
    for m in EMPTY_HEADING.finditer(body):
        out.append(error("heading.no-title", f"heading '{m.group(1)}' has no text; write its title after "
                         f"'{m.group(1)} '", at(m.start() + m.group().index("#"))))
    out += _list_depth(body, at)
    return out


def _comments(plain: str, at) -> list[Diagnostic]:
    out, pos = [], 0
    while (start := plain.find("<!--", pos)) != -1:
        end = plain.find("-->", start + 4)
        inner = plain.find("<!--", start + 4, end if end != -1 else len(plain))
        if inner != -1:
            out.append(error("comment.nested", "an HTML comment inside another: the first '-->' ends both and "
                             "the rest is printed; remove the inner '<!--'", at(inner)))
        if end == -1:
            out.append(error("comment.unclosed", "HTML comment '<!--' is never closed: everything after it would "
                             "vanish; add '-->'", at(start)))
            break
        pos = end + 3
    return out


def _without_comments(plain: str) -> str:
    return re.sub(r"(?s)<!--.*?(-->|$)", lambda m: re.sub(r"[^\n]", " ", m.group()), plain)


def _list_depth(body: str, at) -> list[Diagnostic]:
    """Nesting deduced from indentation, as Markdown reads it (4 spaces or a tab a level), and from
    '>' markers; the layout (WeasyPrint) recurses once per level and fails a few hundred deep."""
    for m in QUOTE.finditer(body):
        if m.group().count(">") > MAX_LIST_DEPTH:
            return [error("quote.too-deep", f"block quotes nested more than {MAX_LIST_DEPTH} levels deep; "
                          "flatten them", at(m.start()))]
    for m in LIST_ITEM.finditer(body):
        indent = len(m.group(1).expandtabs(4))
        if indent // 2 > MAX_LIST_DEPTH * 2 or indent // 4 >= MAX_LIST_DEPTH:
            return [error("list.too-deep", f"a list nested more than {MAX_LIST_DEPTH} levels deep; flatten it",
                          at(m.start() + len(m.group(1))))]
    return []
