"""Reference-list order (CMOS 18 chapter 13; 14.64–14.66 in the 17th ed.): by the first author's family name, then title; an entry
without author by its title, leading articles ignored. Collation is the Unicode Collation Algorithm
(pyuca, DUCET), tailored to the paper's alphabet (:mod:`briefpress.locale.collation`): in English Č,
Ç, Đ, Ë, Š, Ž sort with their base letters, in Albanian dh after d, in Serbian č after c."""

from __future__ import annotations

import re

from ..bib.model import plain
from ..locale.collation import sort_key

ARTICLES = re.compile(r"^(the|a|an)\s+", re.I)


def collation_key(text: str, language: str = "") -> tuple:
    """The sort key of a text in a language, leading article and opening quotes dropped."""
    return sort_key(ARTICLES.sub("", plain(text).strip().lstrip("“‘\"'(„«")), language)
