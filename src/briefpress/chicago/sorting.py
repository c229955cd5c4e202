"""Reference-list order (CMOS 18 chapter 13; 14.64–14.66 in the 17th ed.): by the first author's family name, then title; an entry
without author by its title, leading articles ignored. Collation is the Unicode Collation Algorithm
(pyuca, DUCET), so Č, Ç, Đ, Ë, Š, Ž sort with their base letters, not after Z."""

from __future__ import annotations

import functools
import re
import unicodedata

from ..bib.model import plain

ARTICLES = re.compile(r"^(the|a|an)\s+", re.I)


@functools.cache
def collator():
    # Loading the DUCET table takes ~0.2 s: once per process, never per entry.
    from pyuca import Collator
    return Collator()


_SPACES = re.compile(r"(\s+)")


@functools.lru_cache(maxsize=1 << 16)
def _levels(segment: str) -> tuple[tuple, tuple, tuple]:
    # The three UCA weight levels of one word, memoised: names and title words repeat across a
    # bibliography, and no DUCET contraction spans a space, so joining per-word levels gives pyuca's key.
    elems = collator().collation_elements(unicodedata.normalize("NFD", segment))
    return tuple(tuple(e[lv] for e in elems if len(e) > lv and e[lv]) for lv in (0, 1, 2))


def collation_key(text: str) -> tuple:
    """The UCA (DUCET) sort key of a text, leading article and opening quotes dropped."""
    text = ARTICLES.sub("", plain(text).strip().lstrip("“‘\"'("))
    levels = [_levels(seg) for seg in _SPACES.split(text) if seg]
    out: list = []
    for lv in (0, 1, 2):
        if lv:
            out.append(0)
        for seg in levels:
            out.extend(seg[lv])
    return tuple(out)
