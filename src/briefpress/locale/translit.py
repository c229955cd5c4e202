"""Serbian Latin <-> Cyrillic (the one-to-one mapping of Vuk's and Gaj's alphabets).

Takes Latin text; returns it in Cyrillic. Words written in capitals only (ISBN, DOI, EAN) and
``{placeholders}`` are left as they are: they are names, not Serbian words."""

from __future__ import annotations

import re

_DIGRAPHS = {"lj": "љ", "nj": "њ", "dž": "џ"}
_LETTERS = dict(zip("abcčćdđefghijklmnoprsštuvzž", "абцчћдђефгхијклмнопрсштувзж"))
_WORD = re.compile(r"\{[^}]*\}|[^\W\d_]+")
_LETTER = re.compile("lj|nj|dž|.", re.I | re.S)


def _one(m: re.Match) -> str:
    c = m.group(0)
    low = c.lower()
    cyr = _DIGRAPHS.get(low) or _LETTERS.get(low)
    if cyr is None:
        return c
    return cyr.upper() if c[0].isupper() else cyr


def _word(m: re.Match) -> str:
    w = m.group(0)
    if w.startswith("{") or (len(w) > 1 and w.isupper()):
        return w
    return _LETTER.sub(_one, w)


def to_cyrillic(text: str) -> str:
    return _WORD.sub(_word, text)


_TO_LATIN = {c: lat for lat, c in {**_LETTERS, **_DIGRAPHS}.items()}
_CYR = re.compile("[" + "".join(_TO_LATIN) + "]", re.I)


def to_latin(text: str) -> str:
    """Serbian Cyrillic -> Latin (other text unchanged): for file names made from a title."""
    def one(m):
        lat = _TO_LATIN[m.group(0).lower()]
        return lat.capitalize() if m.group(0).isupper() else lat
    return _CYR.sub(one, text)
