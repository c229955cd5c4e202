"""Reference-list order (CMOS 14.64-14.66): by the first author's family name, then title; an entry
without author by its title, leading articles ignored. Collation is the Unicode Collation Algorithm
(pyuca, DUCET), so Č, Ç, Đ, Ë, Š, Ž sort with their base letters, not after Z."""

from __future__ import annotations

import functools
import re

from ..bib.model import plain

ARTICLES = re.compile(r"^(the|a|an)\s+", re.I)


@functools.cache
def collator():
    # Loading the DUCET table takes ~0.2 s: once per process, never per entry.
    from pyuca import Collator
    return Collator()


def collation_key(text: str) -> tuple:
    return collator().sort_key(ARTICLES.sub("", plain(text).strip().lstrip("“‘\"'(")))
