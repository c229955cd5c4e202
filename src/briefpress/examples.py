"""pandoc's example lists: a file's Markdown -> the same text with ``(@)`` and ``(@label)`` list
markers numbered 1, 2, 3 … across the file, and each ``(@label)`` in the text -> ``(N)``.

It runs before citations are read (``@label`` would be taken for a citation key). Lines are never
added or removed; a replaced marker is padded with ``PAD`` (removed once citations are placed), so
the columns of later diagnostics on the line still hold.
"""

from __future__ import annotations

import re

from .rawlatex import PAD, blanked

ITEM = re.compile(r"(?m)^([ \t]{0,3})\(@([\w-]*)\)([ \t]+)")
REF = re.compile(r"\(@([\w-]+)\)")


def number(text: str) -> str:
    if "(@" not in text:
        return text
    masked = blanked(text)
    labels: dict[str, int] = {}
    items = list(ITEM.finditer(masked))
    for n, m in enumerate(items, 1):
        if m.group(2):
            labels.setdefault(m.group(2), n)
    out, pos = [], 0
    marks = [(m.start(), m.end(), f"{m.group(1)}{n}.{m.group(3)}") for n, m in enumerate(items, 1)]
    for m in REF.finditer(masked):
        if m.group(1) in labels and not any(s <= m.start() < e for s, e, _ in marks):
            marks.append((m.start(), m.end(), f"({labels[m.group(1)]})"))
    for start, end, new in sorted(marks):
        pad = PAD * (end - start - len(new))
        out.append(text[pos:start] + new + pad)
        pos = end
    return "".join(out) + text[pos:]
