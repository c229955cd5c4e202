"""Quotation marks as pandoc's ``smart`` extension sets them, where SmartyPants reads them otherwise.

SmartyPants (Python-Markdown's ``smarty``) educates each text of the tree alone, so it cannot see
what comes before a quote that opens a text: after a link, emphasis, code, math or raw HTML,
``"[a link](u)"`` ended in an opening mark, and a quote opening a paragraph before an ellipsis
(``"...and then,"``) was closing. :func:`close_after_elements` runs before it and sets such quotes. SmartyPants also opens every quote typed before a word; pandoc opens one only when a
closing quote follows in the same paragraph, else it is an apostrophe (``'tis``, ``'em``, ``rock 'n'
roll`` up to its last mark). :func:`apostrophes_unpaired` runs after it and turns an opening single
mark left unclosed into an apostrophe. Both take the element tree and change it in place.
"""

from __future__ import annotations

import re

INLINE = frozenset("a abbr b bdi cite code del dfn em i img ins kbd mark q s samp small span strong sub sup "
                   "time u var".split())
_AFTER = r"(?=$|[\s.,;:!?)\]}\u2013\u2014-])"  # what may follow a closing quote
_LEADING = re.compile(r"""^(["'])""")
# a quote at a text's start or after a space, a bracket or a dash, right before an element or stashed HTML
_OPENS = r"""(?:^|(?<=[\s(\[{\u2013\u2014-]))(["'])"""
_BEFORE_STASH = re.compile(_OPENS + "(?=\x02(?:wzxhzdk:)?\\d+\x03)")
_BEFORE_ELEMENT = re.compile(_OPENS + "$")
_BEFORE_ELLIPSIS = re.compile(_OPENS + r"(?=\.\.\.|\u2026)")
# a quote right after raw HTML or math (set aside in the stash as 'STX wzxhzdk:N ETX')
_AFTER_STASH = re.compile("(\x02wzxhzdk:(\\d+)\x03)([\"'])" + _AFTER)
_ENTITY = re.compile(r"&#?\w+;")
_OPENING_TAG = re.compile(r"<[A-Za-z][^<>]*>")
_CLOSING = {'"': "\u201d", "'": "\u2019"}
_OPENING = {'"': "\u201c", "'": "\u2018"}
# a stashed text (SmartyPants stashes its marks) with the character after it, or a double mark typed as such
_MARKS = re.compile("\x02wzxhzdk:(\\d+)\x03(?=(.?))|[\u201c\u201d]", re.S)


def close_after_elements(root, stash) -> None:
    """A quote opening the text after an inline element or stashed HTML closes (pandoc: ``"*em*"`` →
    “em”); one right before them, after a space, bracket or dash, opens (``—"*em*"``), as does one opening a
    block's or an element's text before an ellipsis (``"...and then,"``)."""
    def after_stash(m):
        block = str(stash.rawHtmlBlocks[int(m.group(2))])
        ends_element = block.endswith(">") and not _OPENING_TAG.fullmatch(block)
        # an entity is a character: a quote after it, before a space or punctuation, closes ('&copy;')
        return m.group(1) + (closing(m.group(3)) if ends_element or _ENTITY.fullmatch(block) else m.group(3))

    def closing(quote):  # stashed, as SmartyPants stashes its marks: apostrophes_unpaired reads them there
        return stash.store(_CLOSING[quote])

    def opening(m):
        return stash.store(_OPENING[m.group(1)])

    for el in root.iter():
        for attr in ("text", "tail"):  # SmartyPants closes a quote before "..." at a text's start or a dash
            value = getattr(el, attr)
            if value and ("..." in value or "\u2026" in value) and (attr == "text" or el.tag in INLINE):
                setattr(el, attr, _BEFORE_ELLIPSIS.sub(opening, value))
        if el.tag in INLINE and el.tail:
            el.tail = _LEADING.sub(lambda m: closing(m.group(1)), el.tail)
        for attr in ("text", "tail"):
            value = getattr(el, attr)
            if value and "\x02" in value:
                value = _BEFORE_STASH.sub(opening, _AFTER_STASH.sub(after_stash, value))
                setattr(el, attr, value)
        # a quote right before an inline element opens ('—"*em*"', which SmartyPants closed after the dash)
        children = list(el)
        for before, child in zip([el, *children], children):
            attr = "text" if before is el else "tail"
            value = getattr(before, attr)
            if child.tag in INLINE and value and value[-1:] in "\"'":
                setattr(before, attr, _BEFORE_ELEMENT.sub(opening, value))


def apostrophes_unpaired(root, stash) -> None:
    """Within each block, an opening single mark (‘) that no closing one (’ before a space, punctuation
    or the end) follows becomes an apostrophe (’), as pandoc reads ``'tis`` and an unclosed quote. A
    double quotation is a level of its own, as in pandoc: a single quote opened outside it is not closed
    inside it (``'cause "the 'best' one"``: ’cause “the ‘best’ one”), one opened inside is closed there."""
    for block in root.iter():
        if block.tag in INLINE:
            continue
        marks = []  # (stash index or None for a typed mark, its text, the character after it) in reading order
        for text in _texts(block):
            for m in _MARKS.finditer(text):
                if m.group(1) is None:
                    marks.append((None, m.group(), ""))  # only “ or ”: nothing to change
                    continue
                index = int(m.group(1))
                value = stash.rawHtmlBlocks[index]
                if isinstance(value, str) and any(ch in value for ch in "\u2018\u2019\u201c\u201d"):
                    marks.append((index, value, m.group(2)))
        levels: list[list[int]] = [[]]  # per double quotation open (the block's own first), its open single marks
        apostrophes: list[int] = []
        for index, value, after in marks:
            for ch in value:
                if ch == "\u201c":
                    levels.append([])
                elif ch == "\u201d" and len(levels) > 1:
                    apostrophes += levels.pop()
                elif ch == "\u2018":  # pandoc nests no single quote in another: one inside is an apostrophe
                    (apostrophes if levels[-1] else levels[-1]).append(index)
                elif ch == "\u2019" and levels[-1] and not after.isalnum():
                    levels[-1].pop()
        for index in [i for level in levels for i in level] + apostrophes:
            stash.rawHtmlBlocks[index] = stash.rawHtmlBlocks[index].replace("\u2018", "\u2019", 1)


def _texts(block):
    """The texts of a block's own inline content, in reading order (nested blocks are blocks of their own).
    A stack, not recursion: emphasis may nest thousands deep."""
    yield block.text or ""
    stack = [(iter(block), None)]  # children still to read, and the tail that follows them
    while stack:
        children, tail = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if tail is not None:
                yield tail
        elif child.tag in INLINE:
            yield child.text or ""
            stack.append((iter(child), child.tail or ""))
        else:
            yield child.tail or ""
