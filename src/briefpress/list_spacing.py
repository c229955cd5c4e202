"""Loose and tight lists as pandoc reads them. pandoc makes a list loose (its items' text in ``<p>``s) by a blank
line after a paragraph of one of its own items, the list going on after it, or by a fence that ends such a paragraph;
Python-Markdown by any blank line in the list's text (a fence line in an item is one), one in a list nested in it too,
and not by one before indented code in an item.

:func:`briefpress.lists.normalize` keeps a :class:`Spacing` for each list as it reads the lines (:func:`after_gap` at
the first line after blank lines), then marks one item's text of each list with a blank line in it: :data:`LOOSE`
or :data:`TIGHT`. :func:`apply`, a tree step (an element tree, changed in place), takes the marks out and puts the
``<p>``s as pandoc's reading has them: a tight list's items lose theirs, a loose list's items get one each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .list_items import wrap
from .list_markers import END, MARKER, TOKEN

TIGHT, LOOSE = "\ue019", "\ue01a"
# emphasis, code, a link: a mark before them changes no block (not a citation or a note's call: read apart)
_INLINE = re.compile(r"[*_]|`(?!``)|\[(?![-@^])")


@dataclass
class Spacing:
    """What :func:`briefpress.lists.normalize` learns of one list's blank lines."""
    kind: str  # its bullet ("-", "*", "+") or numbering and delimiter ("1.", "a)"): pandoc starts a new list at another
    lines: list[int] = field(default_factory=list)  # the lines (indexes in the output) of its items' markers
    blank: bool = False  # a blank line stands inside it (in an item nested deeper too)
    loose: bool = False  # one stands after a paragraph of its own items, the list going on after it
    unsure: bool = False  # one stands after another block of its own items (code…): left as Python-Markdown reads it


def after_gap(gap: tuple, stack: list) -> None:
    """At the first line after blank lines (``gap``: the innermost item of the line before them, whether that line
    was its paragraph's text, and the lists open there; ``stack``: the items open at this line): each of those lists
    still open had a blank line inside it, loose where the line before them was text of one of its own items."""
    item, text, open_lists = gap
    still = {id(it.list) for it in stack}
    for own in open_lists:
        if id(own) in still:
            own.blank = True
            if item is not None and item.list is own:
                own.loose, own.unsure = own.loose or text, own.unsure or not text


def mark(out: list[str], own: Spacing) -> None:
    """:data:`LOOSE` or :data:`TIGHT` on the text (in ``out``, the lines as :func:`briefpress.lists.normalize` wrote
    them) of one of the list's items whose text opens with a letter, a digit, emphasis, code or a link, if a blank
    line stands in the list (before a heading's ``#``, a quote's ``>``, a fence, a mark would change the block; before
    an image alone it would make no figure of it, and a quotation mark would turn: those lists stay as
    Python-Markdown reads them)."""
    if not own.loose and (not own.blank or own.unsure):
        return
    for at in own.lines:
        m = re.match(rf"\s*(?:[*+-]|\d+\.|\(@[\w-]*\))[ \t]+(?:{TOKEN}[^{END}]*{END})?", out[at])
        rest = out[at][m.end():] if m else ""
        if (rest[:1].isalnum() or _INLINE.match(rest)) and not MARKER.match(rest):
            out[at] = out[at][:m.end()] + (LOOSE if own.loose else TIGHT) + rest
            return


def apply(root) -> None:
    """Each list whose item carries :data:`TIGHT` loses its items' ``<p>``s (their text and elements left in the
    item); each whose item carries :data:`LOOSE` has its items' text in a ``<p>``. The marks go."""
    parents = None
    for li in list(root.iter("li")):
        holder = li[0] if len(li) and li[0].tag == "p" and not (li.text or "").strip() else li
        text = holder.text or ""
        mark = TIGHT if TIGHT in text else LOOSE if LOOSE in text else None
        if mark is None:
            continue
        holder.text = text.replace(mark, "")
        if parents is None:
            parents = {child: parent for parent in root.iter() for child in parent}
        for item in parents[li]:
            if mark == LOOSE:
                wrap(item)
            else:
                for p in [child for child in item if child.tag == "p"]:
                    _unwrap(item, p)


def _unwrap(li, p) -> None:
    """The paragraph's text and elements put in its place in the item, the <p> gone."""
    at, children = list(li).index(p), list(p)
    li.remove(p)
    text, tail = (p.text or "").strip(), p.tail or ""
    if at:
        li[at - 1].tail = (li[at - 1].tail or "") + text
    else:
        li.text = (li.text or "") + text
    li[at:at] = children
    end = children[-1] if children else li[at - 1] if at else None
    if end is None:
        li.text += tail
    else:
        end.tail = (end.tail or "").rstrip() + tail
