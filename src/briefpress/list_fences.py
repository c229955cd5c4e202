"""Fence lines in and near lists, as pandoc reads them (asked by :func:`briefpress.lists.normalize`): whether a fence
opens code, or is a paragraph's text."""

from __future__ import annotations

import re

from .code import Closers, plain_closer

FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


def runs_on(fence: re.Match, col: int, text_col: int, after_block: bool) -> bool:
    """Whether a fence right under the item's paragraph text is that text: pandoc ends a paragraph at a backtick
    fence only, and only where it starts in the paragraph's own column, ``text_col`` (indented further, as a fence 4
    spaces in under ``- Item:``, it reads on: the fence, the code and the closing fence a code span in the paragraph);
    a ``~~~`` fence there, in any column of the item, is the paragraph's text."""
    return not after_block and (fence.group(1)[0] == "~" or col != text_col)


def opens_block(lines: list[str], i: int, body: str, closers: list[Closers]) -> bool:
    """Whether line ``i`` (``body``, its tabs expanded) is a fence opening a block that a later line closes, as long
    or longer (``closers``: :class:`briefpress.code.Closers` of the lines, made on the first call)."""
    f = FENCE.match(body)
    if not f or f.group(1)[0] == "`" and "`" in body[f.end():]:  # ```code``` or a backtick after it: text
        return False
    if not closers:
        closers.append(Closers(lines, plain_closer))
    return closers[0].after(i, f.group(1)[0], len(f.group(1))) is not None


def no_text(lines: list[str], i: int, masked: list[list[str]]) -> bool:
    """Whether the line before line ``i`` is no paragraph's text (a div's ``:::``, a rule, a comment…), which a block
    may follow without a blank line, as :mod:`briefpress.pandoc_text` tells it (``masked``: the lines with code, HTML
    and math masked, made on the first call)."""
    from .pandoc_text import NOT_TEXT, masked_lines  # (pandoc_text imports this module)
    if i == 0:
        return False
    if not masked:
        masked.append(masked_lines("\n".join(lines)))
    before = masked[0][i - 1]
    return not before.replace("\0", "").strip() or bool(NOT_TEXT.match(before))


def fence_closes(lines: list[str], i: int, fence: str) -> bool:
    """Whether the fence opened at line ``i`` closes on that same line (```` ```code``` ````: inline)."""
    return fence in lines[i].strip()[len(fence):]
