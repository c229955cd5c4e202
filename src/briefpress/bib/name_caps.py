"""Names written in capitals by an exporter ("GÜVEN, Ahmet", "ILAZI, RAMADAN", as DergiPark and some Web of
Science and Scopus exports write them), read as names, as :func:`.caps.uncaps` reads titles.

Takes an entry's parsed names (role -> :class:`~.model.Name` values), the raw field text of each role and
whether the entry is Turkish (its title or names use ı, İ, ğ, ş); returns the names with those in capitals
written as names: "Güven, Ahmet", "Ilazi, Ramadan", "McDonald", "O'Brien", "Jean-Pierre", "Kılıç" (Turkish:
I is ı). A person's family name in capitals is re-cased when the given name is not (no acronym writes
"GÜVEN, Ahmet"), or when both are and the list uses the "Family, Given" form ("ILAZI, RAMADAN"); "OSCE
ODIHR" (no comma), a braced name ({NATO}, {OSCE}) and a name without given name (an organisation or an
acronym) stay as written, as do known acronyms (IEEE) and initials ("J.", "J.-P.", "JP").

Particles: case is how BibTeX tells "van der Berg, Jan" (particle "van der", family "Berg") from "Van Berg";
in capitals that is lost. The ones that are lower case in the name's own language whatever the context (Dutch
van, van der, ter; German von, zu; de, de la, del, dos, da) are lowered and set as the particle, as BibTeX
reads "van der Berg, Jan": "Berg, Jan van der" in the bibliography, "Jan van der Berg" in a note
(biblatex's default, useprefix=false; CMOS 18 sorts such names by the main part as well). Articles and Italian
particles that are capitalised by custom stay in the family name with a capital: "Le Pen", "Di Maio", "Al-Assad".
No diagnostic: exporters' titles in capitals are re-cased silently too.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .caps import ACRONYMS
from .model import Name

LOWER_PARTICLES = frozenset("van von der den de del dos das da ter ten zu vom zum zur af av".split())
AFTER_DE = frozenset("la las los".split())  # "DE LA CRUZ" -> particle "de la"
_PIECE = re.compile(r"([^\W\d_]+)|([^\w]+|\d+)")
_TURKISH_SURE = re.compile(r"[ıİğĞşŞ]")
_TURKISH_MAYBE = re.compile(r"[çÇöÖüÜ]")
_ALBANIAN = re.compile(r"[ëË]")
_VOWEL = re.compile(r"[AEIOUYÀ-ÖØ-ÝİĀ-ſ]")
_ROMAN = re.compile(r"[IVX]+")
_INITIALS = re.compile(r"^(?:[^\W\d_]{1,2}[.\-\s]*)$|^(?:[^\W\d_]\.[\s-]*)+$")  # "J.", "JP", "J.-P.", "J.P."


def tidy(names: dict, raw: dict, title: str = "") -> dict:
    """role -> names, with names in capitals re-cased (see the module); the same dict when none is. ``title``
    (with the names) tells a Turkish entry: ı, İ, ğ, ş make it one; with only letters Turkish shares with
    other languages (ç, ö, ü; not Albanian ë) a name in capitals with an I is left as written, since its I may
    be ı ("KILIÇ": Kılıç) or i."""
    if not any(n.family.isupper() and _capitals(n.family) for people in names.values() for n in people):
        return names  # nearly every entry
    text = title + " ".join(n.family + n.given for people in names.values() for n in people)
    turkish = True if _TURKISH_SURE.search(text) else None if _TURKISH_MAYBE.search(text) and not _ALBANIAN.search(text) else False
    out = None
    for role, people in names.items():
        comma = "," in raw.get(role, "")
        new = tuple(_name(n, comma, turkish) for n in people)
        if new != people:
            out = out if out is not None else dict(names)
            out[role] = new
    return names if out is None else out


def _capitals(text: str) -> bool:
    return text.isupper() and sum(c.isalpha() for c in text) >= 2


def _name(n: Name, comma: bool, turkish: bool | None) -> Name:
    if (n.literal or not n.given or not _capitals(n.family) or n.family in ACRONYMS or _ROMAN.fullmatch(n.family)
            or not _VOWEL.search(n.family)):
        return n  # an organisation, an acronym, "III" (a suffix read as the family), "KH" (initials)
    given_caps = _capitals(n.given)
    if given_caps and not comma:
        return n  # "OSCE ODIHR": two acronyms as much as a name
    if turkish is None and "I" in n.family + (n.given if given_caps else ""):
        return n  # perhaps Turkish: I may be ı
    words = n.family.split()
    particle = []
    while len(words) > 1 and (words[0].lower() in LOWER_PARTICLES
                              or (particle and particle[-1] == "de" and words[0].lower() in AFTER_DE)):
        particle.append(_lower(words.pop(0), turkish))
    family = " ".join(_word(w, turkish) for w in words)
    given = " ".join(w if _INITIALS.match(w) else _word(w, turkish) for w in n.given.split()) if given_caps else n.given
    joined = " ".join(p for p in (n.particle, " ".join(particle)) if p)
    suffix = _word(n.suffix, turkish) if _capitals(n.suffix) and not _ROMAN.fullmatch(n.suffix) else n.suffix
    return replace(n, family=family, given=given, particle=joined, suffix=suffix)


def _word(word: str, turkish: bool) -> str:
    """One word of a name in capitals -> as a name: each part after a hyphen or apostrophe capitalised."""
    if word in ACRONYMS:
        return word
    out, after = [], ""
    for m in _PIECE.finditer(word):
        letters, other = m.groups()
        if other:
            out.append(other)
            after = other
            continue
        if len(letters) == 1 and after in ("'", "’"):
            out.append(_lower(letters, turkish))  # "JONES'S"
        elif letters.startswith("MC") and len(letters) > 3:
            out.append("Mc" + letters[2] + _lower(letters[3:], turkish))
        else:
            out.append(letters[0] + _lower(letters[1:], turkish))
        after = ""
    return "".join(out)


def _lower(text: str, turkish: bool) -> str:
    if turkish:
        text = text.replace("I", "ı").replace("İ", "i")
    return text.lower().replace("i\u0307", "i")
