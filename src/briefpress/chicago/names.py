"""Name lists in Chicago form (CMOS 18 13.23): notes name one to two people and cut three or more to
the first plus "et al."; the bibliography lists up to six and cuts seven or more to the first three
plus "et al."; a list that ended in 'and others' always ends in "et al."."""

from __future__ import annotations

import functools

from ..bib.model import Name
from ..locale import current, labels, term
from .text import plain_html

NOTE_ET_AL_MIN = 3  # CMOS 18 13.23 (17th ed.: four); the CSL style for CMOS 18 agrees (et-al-min="3")
BIB_ET_AL_MIN, BIB_ET_AL_USE = 7, 3


def _and(parts: list[str], inverted: bool) -> str:
    """'A and B'; 'A, B, and C' where the language writes a serial comma (English, CMOS 6.19), else
    'A, B and C' (German, French, the South Slavic languages, Turkish, Slovenian, Albanian)."""
    if len(parts) <= 1:
        return "".join(parts)
    if len(parts) == 2 and not inverted:
        return f"{parts[0]} {term('and')} {parts[1]}"
    # an inverted first name ("Kraus, Lena") reads as a list: English needs the comma before "and"
    serial = labels().serial_comma
    return ", ".join(parts[:-1]) + ("," if serial else "") + f" {term('and')} " + parts[-1]


def names_note(names: tuple[Name, ...], et_al: bool = False) -> str:
    return _names_note(tuple(names), et_al, current()) if names else ""


@functools.lru_cache(maxsize=8192)  # the same people recur; "and", "et al." are the language's
def _names_note(names: tuple[Name, ...], et_al: bool, _language: str) -> str:
    """'Jiří Němec and Bojana Zorić'; 'Ramadan Ilazi et al.'."""
    if not names:
        return ""
    if len(names) >= NOTE_ET_AL_MIN or et_al:
        return f"{plain_html(names[0].given_first())} {term('et al.')}"
    return _and([plain_html(n.given_first()) for n in names], inverted=False)


def names_short(names: tuple[Name, ...], et_al: bool = False) -> str:
    return _names_short(tuple(names), et_al, current()) if names else ""


@functools.lru_cache(maxsize=8192)  # the same people recur; "and", "et al." are the language's
def _names_short(names: tuple[Name, ...], et_al: bool, _language: str) -> str:
    """Family names only: 'Němec and Zorić'; 'Ilazi et al.'."""
    if not names:
        return ""
    if len(names) >= NOTE_ET_AL_MIN or et_al:
        return f"{plain_html(_family(names[0]))} {term('et al.')}"
    return _and([plain_html(_family(n)) for n in names], inverted=False)


# German particles, left out of a short form as biblatex's default (useprefix=false) and citeproc leave them
_GERMAN = frozenset({"von", "vom", "zu", "zum", "zur", "von der", "von dem", "von und zu"})
_ARTICLES = frozenset({"La", "Le", "Les", "L’", "Du", "Des"})  # a family name's own capitalised article


def _family(name: Name) -> str:
    # Short forms keep a French or Dutch particle with the family name, as CMOS 18 8.5 writes it in the text:
    # "de Gaulle", "du Maurier", "d’Alembert", "van Gogh"; a German one is dropped: "Humboldt", "Neumann".
    if name.is_organisation:
        return name.family
    if name.particle.lower() in _GERMAN:
        return name.family
    if name.particle.lower() in ("de", "d'", "d’") and name.family.split(" ", 1)[0] in _ARTICLES:
        return name.family  # "Jean de La Fontaine": "La Fontaine" (CMOS 18 8.5), as "La Fontaine, Jean de" reads
    return name.prefixed()


def names_bib(names: tuple[Name, ...], et_al: bool = False) -> str:
    return _names_bib(tuple(names), et_al, current()) if names else ""


@functools.lru_cache(maxsize=8192)  # the same people recur; "and", "et al." are the language's
def _names_bib(names: tuple[Name, ...], et_al: bool, _language: str) -> str:
    """'Němec, Jiří, and Bojana Zorić'; seven or more: 'A, B, C, et al.'."""
    if not names:
        return ""
    cut = len(names) >= BIB_ET_AL_MIN
    shown = names[:BIB_ET_AL_USE] if cut else names
    parts = [plain_html(shown[0].family_first())] + [plain_html(n.given_first()) for n in shown[1:]]
    if cut or et_al:
        # a comma before "et al." after an inverted name or a list; none after "Balkan Data Collective"
        sep = ", " if len(parts) > 1 or "," in parts[0] else " "
        return ", ".join(parts) + sep + term("et al.")
    return _and(parts, inverted=True)


def plural_label(names: tuple[Name, ...], et_al: bool, one: str, many: str) -> str:
    return many if len(names) > 1 or et_al else one
