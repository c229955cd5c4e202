"""Python-Markdown extension: the ']' of a link's or image's '[' found without counting again.

Python-Markdown's link, image and reference patterns find the ']' that closes a '[' by counting
brackets from it to the end of the text. A paragraph with thousands of '[' that never close (pasted
data, a hostile file) was counted once per '[': quadratic, over a minute for 20,000. Here the first
count that reaches the end unclosed matches every bracket of that text in one pass, and the later
'[' of the same text are looked up. The answers are the same (a '[' is closed by the ']' where the
count returns to zero, which is the one a stack pairs it with).
"""

from __future__ import annotations

from types import MethodType

from markdown.extensions import Extension
from markdown.inlinepatterns import LinkInlineProcessor

LONG = 1000  # a count this long (no link's text is) makes the one pass worth it


def _closes(data: str) -> dict[int, int]:
    """Each '[' of the text that closes -> its ']'."""
    closes, opened = {}, []
    for i, ch in enumerate(data):
        if ch == "[":
            opened.append(i)
        elif ch == "]" and opened:
            closes[opened.pop()] = i
    return closes


def _get_text(self, data: str, index: int) -> tuple[str, int, bool]:
    known = getattr(self, "_briefpress_closes", None)
    if known is not None and known[0] is data and data[index - 1:index] == "[":
        close = known[1].get(index - 1)
        return (data[index:close], close + 1, True) if close is not None else ("", len(data), False)
    text, end, handled = LinkInlineProcessor.getText(self, data, index)
    if not handled or end - index > LONG:  # counted far: the rest of this text's brackets in one pass
        self._briefpress_closes = (data, _closes(data))
    return text, end, handled


class BracketsExtension(Extension):
    def extendMarkdown(self, md):
        for processor in md.inlinePatterns:
            if isinstance(processor, LinkInlineProcessor):
                processor.getText = MethodType(_get_text, processor)


def makeExtension(**kwargs):
    return BracketsExtension(**kwargs)
