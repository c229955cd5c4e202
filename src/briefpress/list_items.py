"""Two list items Python-Markdown cannot read as pandoc does, marked by :mod:`briefpress.lists` in the
text and put right in the tree (:func:`repair`: an element tree, changed in place, as every tree step).

- An empty item (``-``, ``*``, ``1.`` alone on its line): pandoc reads an empty item; Python-Markdown a
  setext underline or a paragraph. :mod:`lists` writes :data:`EMPTY` as its text, taken out here.
- An item right after indented code in the item before it (no blank line between): Python-Markdown
  ends the code there and reads the rest as a list inside that item. :mod:`lists` marks the item's
  text with :data:`HOIST` and its depth; here that list's items move out to their depth, after the item
  that held the code.
"""

from __future__ import annotations

import re

EMPTY, HOIST = "\ue016", "\ue017"
NEW_LIST = "\ue01c"  # list_blocks.ListBreaks cuts a block before it; left where Python-Markdown cut there itself
_HOIST = re.compile(HOIST + r"(\d+)" + HOIST)
_LISTS = ("ul", "ol")


def hoisted(line: str, depth: int) -> str:
    """A marker line (as :mod:`lists` writes it) with the hoist token at the start of its text."""
    m = re.match(r"\s*(?:[*+-]|\d+\.)[ \t]+", line)
    return line[:m.end()] + f"{HOIST}{depth}{HOIST}" + line[m.end():] if m else line


def _holder(li):
    """The element whose text starts the item's text (its first <p> in a loose list)."""
    return li[0] if len(li) and li[0].tag == "p" and not (li.text or "").strip() else li


def repair(root) -> None:
    parents = None  # made on the first hoisted item: most trees have none
    for li in list(root.iter("li")):
        holder = _holder(li)
        if holder.text and NEW_LIST in holder.text:
            holder.text = holder.text.replace(NEW_LIST, "")
        if holder.text and EMPTY in holder.text:
            holder.text = holder.text.replace(EMPTY, "")
            if holder is not li and not holder.text.strip() and len(holder) == 0:
                li.remove(holder)
                li.text = None
    for li in list(root.iter("li")):
        holder = _holder(li)
        m = _HOIST.match(holder.text or "")
        if not m:
            continue
        holder.text = holder.text[m.end():]
        if parents is None:
            parents = {child: parent for parent in root.iter() for child in parent}
        inner = parents.get(li)
        depth = _depth(inner, parents)
        # up to the list at the item's own depth: each step, after the item that holds the list
        while inner is not None and depth > int(m.group(1)) and parents.get(inner) is not None \
                and parents[inner].tag == "li" and parents.get(parents[inner]) is not None:
            owner = parents[inner]
            outer = parents[owner]
            moving = list(inner)[list(inner).index(li):]
            for item in moving:
                inner.remove(item)
            at = list(outer).index(owner) + 1
            outer[at:at] = moving
            for item in moving:
                parents[item] = outer
            if not len(inner):
                owner.remove(inner)
            inner, depth = outer, depth - 1


def _depth(element, parents) -> int:
    """How many lists hold this list (0: a list at the top of its text, quote or cell)."""
    depth, up = 0, parents.get(element)
    while up is not None and up.tag not in ("blockquote", "td", "th", "div", "body"):
        depth += up.tag in _LISTS
        up = parents.get(up)
    return depth


_BLOCKS = frozenset("p ul ol dl div pre blockquote table figure h1 h2 h3 h4 h5 h6 hr".split())


def loosen(root) -> None:
    """A list with a loose item (its text in a <p>: a blank line after it) is loose in every item, as
    pandoc reads a list; Python-Markdown left the items no blank line touches tight, and a list's
    spacing changed from item to item. Their text (up to the first block) goes into a <p>."""
    for ol in [el for el in root.iter() if el.tag in _LISTS]:
        items = [li for li in ol if li.tag == "li"]
        if not any(len(li) and li[0].tag == "p" and not (li.text or "").strip() for li in items):
            continue
        for li in items:
            wrap(li)


def wrap(li) -> None:
    """The item's text (up to its first block) put in a <p>."""
    inline = []
    for child in li:
        if child.tag in _BLOCKS:
            break
        inline.append(child)
    if not (li.text or "").strip() and not inline:
        return
    p = li.makeelement("p", {})
    p.text, li.text = li.text, None
    for child in inline:
        li.remove(child)
        p.append(child)
    if len(p):
        p[-1].tail = (p[-1].tail or "").rstrip() or None
    else:
        p.text = (p.text or "").strip()
    li.insert(0, p)
