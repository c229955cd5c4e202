"""pandoc's list markers (``-``, ``1.``, ``a)``, ``(iv)``, ``B.``…): whether a line opens a list item, the column where
the item's text starts (pandoc's column for its blocks), and the marker line rewritten for Python-Markdown as ``N.``
plus a token naming the list's numbering style and delimiter, which :func:`.list_styles.apply_styles` turns into
``type`` and ``class`` on the ``<ol>``. :func:`briefpress.lists.normalize` reads the lines with these."""

from __future__ import annotations

import re

from . import list_items

TOKEN, END = "\ue013", "\ue014"  # around style letter, delimiter, number: removed by list_styles.apply_styles
NUMBER = r"\d{1,9}|[a-zA-Z]|[ivxlcdm]{2,8}|[IVXLCDM]{2,8}"
MARKER = re.compile(rf"(?P<marker>[*+-]|\((?P<ex>@[\w-]*)\)|\((?P<p>{NUMBER})\)|(?P<n>{NUMBER})(?P<d>[.)]))(?P<space>[ \t]+|$)")
RULE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
STYLES = {"a": "lower-alpha", "A": "upper-alpha", "i": "lower-roman", "I": "upper-roman", "1": "decimal",
          "@": "example"}  # '@': pandoc's (@) example items (examples.py), decimal, a list apart from "1." ones
DELIMITERS = {"(": "paren", ")": "rparen", ".": ""}


def item_text_col(line: str) -> int | None:
    """The column where the text of the list item this line opens starts (pandoc's column for its blocks), or None
    if it opens none (a line in a block quote: given without its ``>``)."""
    body = line.expandtabs(4)
    m = MARKER.match(body, len(body) - len(body.lstrip(" "))) if not RULE.match(body) else None
    return text_col(m) if m and is_marker(m) else None


def text_col(marker: re.Match) -> int:
    space = len(marker.group("space").expandtabs(4)) if marker.group("space") else 1
    col = marker.end("marker") + (space if 1 <= space <= 4 else 1)
    # an example item's blocks go on at four columns, whatever its label's length (pandoc)
    return min(col, marker.start() + 4) if marker.group("ex") is not None else col


def blocks_col(text_col: int, marker_indent: int) -> int:
    """The column of an item's later blocks in the text :func:`briefpress.lists.normalize` writes: four past its
    marker's indentation ('- a' / blank / '    b': b is a's paragraph, moved there from pandoc's column 2), or its
    text's column if further. Code indented four past it is the item's code."""
    return max(text_col, marker_indent + 4)


def is_marker(m: re.Match) -> bool:
    number = m.group("p") or m.group("n")
    if number == "p" and m.group("d") == "." and m.string[m.end():m.end() + 1].isdigit():
        return False  # "p. 45 says…": a page, as pandoc reads it (its abbreviation, a no-break space after it)
    if number and len(number) == 1 and number.isupper() and m.group("d") == ".":
        return len(m.group("space").expandtabs(4)) >= 2  # "A. Smith", "I. Kant": sentences, not lists
    return True


def marked(body: str, m: re.Match, depth: int, style: str, blank: bool = False) -> tuple[str, str]:
    """The marker line at Python-Markdown's indentation for ``depth``, and its list's numbering style
    and delimiter (``style``: those of the item before it, if any: the same delimiter, the same list);
    the token says too whether a blank line stands before the item (``~``: see :func:`.list_styles.apply_styles`)."""
    content = body[m.end():] or list_items.EMPTY  # an empty item: its mark, taken out in the tree
    indent, space = " " * (4 * depth), m.group("space") or " "
    if m.group("marker") in "*+-":
        return indent + m.group("marker") + space + content, ""
    if m.group("ex") is not None:  # numbered by examples.py, which reads the marker as written
        return indent + m.group("marker") + space + content, "@."
    number = m.group("p") or m.group("n")
    delimiter = "(" if m.group("p") else m.group("d")
    previous = style
    style, value = _style(number, style[:1] if style[1:] == delimiter else "")
    # a decimal "1." item needs no token, but where it follows another style it starts a list at its number
    plain = style == "1" and delimiter == "." and previous in ("", "1.")
    token = "" if plain or not content else f"{TOKEN}{style}{delimiter}{'~' if blank else ''}{value}{END}"
    return f"{indent}{value}.{space}{token}{content}", style + delimiter


def _style(number: str, before: str = "") -> tuple[str, int]:
    if number.isdigit():
        return "1", int(number)
    lower = number.lower()
    # "i." opens a roman list unless it continues a lettered one (h., i.); after a decimal list too
    roman = all(ch in ROMAN for ch in lower) and (before in ("i", "I") or before not in ("a", "A") and lower == "i")
    if len(number) > 1 or roman:
        value, last = 0, 0
        for ch in reversed(lower):
            v = ROMAN[ch]
            value, last = (value - v, last) if v < last else (value + v, v)
        return ("i" if number.islower() else "I"), value
    return ("a" if number.islower() else "A"), ord(lower) - ord("a") + 1
