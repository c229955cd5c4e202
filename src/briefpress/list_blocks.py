"""An item's block cut where a list item starts in it, a block processor (:class:`ItemBreaks`: Python-Markdown's
blocks, one split in two before its list processors read it).

Python-Markdown parts blocks at blank lines only, and reads a block that goes on an item's content (indented, after
a blank line) as one paragraph: an item right under the item's second paragraph (``- a`` / blank / ``  b`` /
``- c``) was read into ``b``, and so was a list opening right under it (``  - x``). pandoc ends the paragraph there:
the item is the next of its list (or of a list further out), the nested list one in the item. :mod:`briefpress.lists`
has already written each such line as an item, at Python-Markdown's column for its depth; the block is cut before
it, as a blank line would have cut it, and Python-Markdown's list processors read the rest as they read any item.
"""

from __future__ import annotations

import re

from markdown.blockprocessors import BlockProcessor

from .lists import RULE

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
