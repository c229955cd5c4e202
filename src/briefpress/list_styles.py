"""Ordered lists' styles, a tree step (:func:`apply_styles`: an element tree, changed in place): the tokens
:mod:`briefpress.lists` writes on the first item of a list marked ``a)``, ``(iv)``, ``B.``… -> ``type`` and
``class`` on the ``<ol>``, a new list where the style or delimiter changes, as in pandoc."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from .list_markers import DELIMITERS, END, STYLES, TOKEN


def apply_styles(root) -> None:
    """Each ordered list whose items carry :data:`TOKEN`s gets ``type`` (a, A, i, I) and a class naming
    the style and delimiter (``lower-alpha paren``; templates/common/pandoc.css.j2 draws them); where the
    style or delimiter changes, a new list starts, as in pandoc (Python-Markdown joins two lists that
    only a blank line parts). The tokens go. (A tree step: :mod:`briefpress.pandoc_extras` runs it.)"""
    parents = {child: parent for parent in root.iter() for child in parent}
    for ol in list(root.iter("ol")):
        items = [li for li in ol if li.tag == "li"]
        taken = [_take(li) for li in items]
        if all(m is None for m in taken):
            continue
        marks = [m and m[:3] for m in taken]
        blank = {li: m[3] if m else None for li, m in zip(items, taken)}
        target, position, pieces = ol, None, [ol]
        for i, (li, mark) in enumerate(zip(items, marks)):
            style, delimiter, value = mark or ("1", ".", 0)
            if i and (style, delimiter) != ((marks[i - 1] or ("1", "."))[:2]):
                parent = parents[ol]
                position = list(parent).index(target) + 1
                target = etree.Element("ol", {"start": str(value)} if value > 1 else {})
                target.text = "\n"
                target.tail, ol.tail = ol.tail, "\n"
                parent.insert(position, target)
                pieces.append(target)
            if target is not ol:
                ol.remove(li)
                target.append(li)
            if style != "1":
                target.set("type", "1" if style == "@" else style)
            if style != "1" or delimiter != ".":
                target.set("class", " ".join(filter(None, [STYLES[style], DELIMITERS[delimiter]])))
        if len(pieces) > 1:
            _tighten(pieces, blank)


def _tighten(pieces: list, blank: dict) -> None:
    """Python-Markdown read the lists as one, so the items on either side of the blank line that parts
    them came out loose (a ``<p>`` each); in pandoc a list is loose only by its own blank lines. Where no
    blank line stands between a list's items (``blank``: item -> whether one stands before it, None if
    its token does not say) and its other items are tight, those two are made tight again."""
    def loose(li) -> bool:
        return len(li) > 0 and li[0].tag == "p" and not (li.text or "").strip()

    for n, piece in enumerate(pieces):
        items = [li for li in piece if li.tag == "li"]
        edges = ({items[0]} if n else set()) | ({items[-1]} if n < len(pieces) - 1 else set())
        gaps = [blank[b] if blank[b] is not None else _gap(a, b, edges, loose) for a, b in zip(items, items[1:])]
        if any(gaps) or any(loose(li) for li in items if li not in edges):
            continue
        for li in edges:
            if loose(li) and not any(child.tag == "p" for child in li[1:]):
                p, children = li[0], list(li[0])
                li.remove(p)
                li.text = (p.text or "") + ("" if children else p.tail or "")
                li[0:0] = children
                if children:
                    children[-1].tail = (children[-1].tail or "") + (p.tail or "")


def _gap(a, b, edges: set, loose) -> bool:
    """Whether a blank line parts two items no token speaks of: an item not beside the other list came
    out loose only by a blank line before or after it; between two such edges, it cannot be told."""
    inner = [li for li in (a, b) if li not in edges]
    return any(loose(li) for li in inner) if inner else True


def _take(li) -> tuple[str, str, int, bool] | None:
    """The item's token (style, delimiter, number, a blank line before it), taken out of its text."""
    holder = li[0] if len(li) and li[0].tag == "p" and not (li.text or "").strip() else li
    text = holder.text or ""
    if not text.startswith(TOKEN) or END not in text:
        return None
    token, holder.text = text[1:text.index(END)], text[text.index(END) + 1:]
    return token[0], token[1], int(token[2:].lstrip("~") or 0), token[2:3] == "~"
