"""Five block processors for lists Python-Markdown ends elsewhere than pandoc (each takes Python-Markdown's blocks and
changes them, or the tree, in place). :class:`ItemBreaks`: an item's block cut where a list item starts in it.

Python-Markdown parts blocks at blank lines only, and reads a block that goes on an item's content (indented, after
a blank line) as one paragraph: an item right under the item's second paragraph (``- a`` / blank / ``  b`` /
``- c``) was read into ``b``, and so was a list opening right under it (``  - x``). pandoc ends the paragraph there:
the item is the next of its list (or of a list further out), the nested list one in the item. :mod:`briefpress.lists`
has already written each such line as an item, at Python-Markdown's column for its depth; the block is cut before
it, as a blank line would have cut it, and Python-Markdown's list processors read the rest as they read any item.

Fenced code in a block quote, short of the text of a list item above it (``> - Item:`` / ``> ```` ``): pandoc ends the
list there; :mod:`briefpress.pandoc_text` writes such code as indented code (Python-Markdown reads no fence in a
quote), which Python-Markdown read into the item, as a paragraph (:func:`ends_list` finds such code). Its first line
carries :data:`.lists.AFTER_LIST` (:mod:`briefpress.lists` ends its lists there); :class:`CodeAfterList` reads that
block as code, after the list, cutting it off the item first where it stands right under the item's text (its
language's ``:::python`` line).

Fenced code right under a nested item's first paragraph, short of its column
(``- a`` / ``  - b`` / ``  ~~~``): pandoc reads it in that item, after the nested list, and the list goes on after
it. Python-Markdown has no form for code there (indented so far, it is the nested item's); :mod:`briefpress.lists`
writes each block of the code as that item's indented code, its first line marked with :data:`.lists.IN_ITEM`, the
item's depth and the code's language; :class:`CodeInItem` reads it as code in that item.

A list right under a list of the other kind, no blank line between (``1. a`` / ``- b``): pandoc ends the list there
and starts the other; Python-Markdown read ``- b`` as the text of ``a``. :mod:`briefpress.lists` marks the item's text
with :data:`.lists.NEW_LIST`; :class:`ListBreaks` cuts the block before it, as a blank line would have cut it.

Code in an item right after the item's code (fenced code under indented code, ``- a`` / blank / ``      x`` /
``  ~~~``; fenced code, or indented code, under fenced code): pandoc reads a code block of its own; Python-Markdown
reads an item's fenced code as indented code (:mod:`briefpress.lists` writes it so), and indented code a blank line
after code into that code. :mod:`briefpress.lists` marks its first line with :data:`.lists.NEW_CODE` around its
language; :class:`OwnCode` reads that block as a new code block.
"""

from __future__ import annotations

import re

from markdown.blockprocessors import BlockProcessor, CodeBlockProcessor

from .list_markers import RULE, item_text_col
from .lists import AFTER_LIST, IN_ITEM, NEW_CODE, NEW_LIST

_QUOTED = re.compile(r"((?:[ ]{0,3}>[ ]?)+)(.*)")  # a quote's line: its marks, its text (pandoc_text.QUOTED)
_IN_ITEM = re.compile(rf" *{IN_ITEM}(\d+):([\w+#-]*){IN_ITEM}")
_ITEM = re.compile(r"( *)(?:\d+\.|[*+-])[ ]+")  # an item's marker as lists.py writes it


class ItemBreaks(BlockProcessor):
    def test(self, parent, block) -> bool:
        return self.parser.blockprocessors["indent"].test(parent, block) and self._cut(parent, block) is not None

    def run(self, parent, blocks) -> bool:
        at = self._cut(parent, blocks[0])
        blocks[0:1] = [blocks[0][:at - 1], blocks[0][at:]]
        return False  # the first part goes on to Python-Markdown's own processors

    def _cut(self, parent, block: str) -> int | None:
        """Where the first line that starts an item outside the block's paragraph starts, if any (an offset)."""
        if "\n" not in block:
            return None
        level, _ = self.parser.blockprocessors["indent"].get_level(parent, block)
        column = self.tab_length * level  # the column of the text of the deepest item that holds the block
        lines = block.split("\n")
        if len(lines[0]) - len(lines[0].lstrip(" ")) >= column + self.tab_length:
            return None  # code in the item: an item after it is list_items' (its lines are indented for that)
        opens_list = bool(_ITEM.match(lines[0]))
        offset = len(lines[0]) + 1
        for line in lines[1:]:
            m = _ITEM.match(line)
            # further out: an item of a list around it; in its column, under a paragraph: a list in the item
            if m and not RULE.match(line) and (len(m.group(1)) < column or not opens_list
                                               and len(m.group(1)) < column + self.tab_length):
                return offset
            offset += len(line) + 1
        return None


class CodeAfterList(BlockProcessor):
    def test(self, parent, block) -> bool:
        return block.startswith(AFTER_LIST) or "\n" + AFTER_LIST in block  # at a line's start, the quote's mark off

    def run(self, parent, blocks) -> bool | None:
        block = blocks[0]
        if not block.startswith(AFTER_LIST):  # right under the item's text (its language's line): cut there
            at = block.index("\n" + AFTER_LIST) + 1
            blocks[0:1] = [block[:at - 1], block[at:]]
            return False
        blocks[0] = block[len(AFTER_LIST):]
        self.parser.blockprocessors["code"].run(parent, blocks)  # the next blocks of the code join it there


class ListBreaks(BlockProcessor):
    def test(self, parent, block) -> bool:
        return NEW_LIST in block and self._cut(block) is not None

    def run(self, parent, blocks) -> bool:
        at = self._cut(blocks[0])
        first, rest = blocks[0][:at - 1], blocks[0][at:].replace(NEW_LIST, "", 1)
        blocks[0:1] = [first, rest]
        return False  # the first part goes on to Python-Markdown's own processors

    @staticmethod
    def _cut(block: str) -> int | None:
        """Where the marked line in the block's own column starts (an offset), if any: deeper, it is a nested
        list's, cut when that list's block is read."""
        lines = block.split("\n")
        column, offset = len(lines[0]) - len(lines[0].lstrip(" ")), len(lines[0]) + 1
        for line in lines[1:]:
            if NEW_LIST in line and len(line) - len(line.lstrip(" ")) == column and _ITEM.match(line):
                return offset
            offset += len(line) + 1
        return None


class CodeInItem(BlockProcessor):
    def test(self, parent, block) -> bool:
        return bool(_IN_ITEM.match(block))

    def run(self, parent, blocks) -> bool | None:
        m = _IN_ITEM.match(blocks[0])
        depth, language = int(m.group(1)), m.group(2)
        blocks[0] = blocks[0][:m.start() + m.group().index(IN_ITEM)] + blocks[0][m.end():]
        item = _item(parent, depth)
        if item is None:  # not under the list it was written for: read as any block
            return False
        cut = self.tab_length * (depth + 1)  # the item's column for Python-Markdown (its code's: a step further)
        lines = [line[cut:] if not line[:cut].strip() else line for line in blocks[0].split("\n")]
        first = not len(item) or item[-1].tag != "pre"
        blocks[0] = "\n".join(([" " * self.tab_length + ":::" + language] if first and language else []) + lines)
        self.parser.blockprocessors["code"].run(item, blocks)


class OwnCode(CodeBlockProcessor):
    def test(self, parent, block) -> bool:
        return block.startswith(" " * self.tab_length + NEW_CODE)

    def run(self, parent, blocks) -> None:
        at = self.tab_length
        end = blocks[0].index(NEW_CODE, at + 1)
        language, code = blocks[0][at + 1:end], blocks[0][end + 1:]
        blocks[0] = " " * at + (":::" + language + "\n" + " " * at if language else "") + code
        super().run(parent, blocks)

    def lastChild(self, parent):
        return None  # no code block above to go on: a new one


_OWN_CODE = re.compile(rf"{NEW_CODE}[\w+#-]*{NEW_CODE}")


def unmark(root) -> None:
    """The :data:`.lists.NEW_CODE` marks no :class:`OwnCode` read (a line of text after all, in a tangle of fences and
    quotes) taken out of the tree's text."""
    for el in root.iter():
        for name in ("text", "tail"):
            value = getattr(el, name)
            if value and NEW_CODE in value:
                setattr(el, name, type(value)(_OWN_CODE.sub("", value)))


def _item(parent, depth: int):
    """The last item ``depth`` lists deep in the list that ends ``parent`` (None if there is none)."""
    found, lst = None, parent[-1] if len(parent) else None
    for _ in range(depth + 1):
        if lst is None or lst.tag not in ("ul", "ol") or not len(lst):
            return None
        found = lst[-1]
        lst = next((child for child in reversed(found) if child.tag in ("ul", "ol")), None)
    return found


def ends_list(lines: list[str], i: int, level: int, col: int) -> bool:
    """Whether a fence at column ``col`` of a quote's line ``i`` (``level`` deep) stands short of the text of a list
    item open above it in the quote: up the quote's lines, past the items' deeper lines and a paragraph's lines, to
    the item's line (a line short of the fence's column after a blank line: a block after the list, none open)."""
    blank = False
    for k in range(i - 1, -1, -1):
        m = _QUOTED.match(lines[k])
        if not m or m.group(1).count(">") != level:
            return False
        content = m.group(2).expandtabs(4)
        if not content.strip():
            blank = True
            continue
        text_col = item_text_col(content)
        if len(content) - len(content.lstrip(" ")) <= col:
            if text_col is not None:
                return text_col > col
            if blank:
                return False
    return False
