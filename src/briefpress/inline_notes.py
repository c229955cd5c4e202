"""Inline notes: Markdown text -> where pandoc's ``^[note text]`` notes are.

:func:`spans` finds each ``^[...]`` (brackets inside it may nest, as in citations and
links) outside code, comments and raw HTML; :mod:`briefpress.citations` turns each into a
footnote, numbered with the others in reading order.
"""

from __future__ import annotations


def spans(text: str, masked: str) -> list[tuple[int, int]]:
    """(start, end) of every inline note: ``text[start:end]`` is ``^[...]``. ``masked`` is ``text`` with code,
    comments and HTML blanked out (same length); a link's ``](target)``, blanked there too, still closes."""
    out, i = [], 0
    while True:
        i = masked.find("^[", i)
        if i < 0:
            return out
        if i and text[i - 1] == "\\":
            i += 2
            continue
        depth, j = 0, i + 1
        while j < len(text):
            ch = text[j]
            live = masked[j] != "\0" or (ch == "]" and text[j + 1:j + 2] == "(")
            if live and ch in "[]" and text[j - 1] != "\\":
                depth += 1 if ch == "[" else -1
                if depth == 0:
                    break
            if text[j] == "\n" and text[j + 1:j + 2] == "\n":
                j = len(text)  # a note ends within its paragraph
            j += 1
        if j >= len(text):
            i += 2
            continue
        out.append((i, j + 1))
        i = j + 1
