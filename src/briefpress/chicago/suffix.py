"""A citation's own words after its note: ``add_suffix`` takes the note's HTML and the suffix's and returns
them joined, the comma or period inside an English closing quotation mark (CMOS 18 6.9)."""

from __future__ import annotations

import re

from ..locale import labels

_CLOSING_QUOTE = re.compile(r"([?!]?)(’?”)((?:</[a-z]+>)*)$")


def add_suffix(note: str, suffix: str) -> str:
    """A citation's own words after the note (', and passim'; without punctuation they follow a comma,
    but for a parenthetical or an ampersand, which follow a space).
    A comma or period after a closing double quotation mark goes inside it (CMOS 18 6.9), none after a
    title's own ? or !; semicolons and colons stay outside (6.10). Only English marks: other languages'
    closing marks (» “), and any in a language formatted with ``punctuation_in_quote: false`` (Bosnian ”,
    Turkish ”), keep the punctuation outside, as their typography does."""
    if not suffix:
        return note
    if suffix[:1] in "(&[":  # '12 (emphasis added)', '200 & n.3': a parenthetical or more of the locator
        return note + " " + suffix
    if suffix[:1] not in ",.;:":
        suffix = ", " + suffix
    m = _CLOSING_QUOTE.search(note) if suffix[:1] in ",." and labels().punctuation_in_quote else None
    if not m:
        return note + suffix
    inside = "" if m.group(1) else suffix[0]
    return note[:m.start()] + m.group(1) + inside + m.group(2) + m.group(3) + suffix[1:]
