"""Short notes that would read alike: ``dated_short`` takes an entry, the cited entries (``cited_sources``) and
the style and says whether the entry's short notes add what tells it apart; ``telling`` says what that is.

Two unsigned news articles of one paper under one title ("*Koha Ditore*, “Talks Resume,” 3") are told apart
by their dates, "*Koha Ditore*, “Talks Resume,” February 10, 2023, 3", as citeproc disambiguates them
with the CSL style for CMOS 18; so are two unsigned web pages of one site ("Ministry, “Statement,” March 4,
2021"). Two works by one author whose short notes read alike (two reports "Annual Review" of one institute,
two editions of a book, a chapter in two books) are told apart as citeproc tells them with that style (its
``citation-notes-shortened-author-title-disambiguate`` and ``source-monographic-publication-short-*``
macros; CMOS 18 14.13 and 14.146 add the date, the editors, the publisher): a book, chapter, report or thesis
by its edition, its editors and its publication facts in parentheses, "Gashi, *Politics*, 2nd ed. (Alpha Press,
2021), 7"; any other source, an article or a web page, by its date, "Hoxha, “Borders,” 2019, 9".
"""

from __future__ import annotations

import re
from collections import Counter

from ..bib.model import Entry, plain
from ..locale import current, put, term
from .names import names_short
from .parts import Parts, join, txt
from .roles import EDITOR_TYPES, editor_type
from .text import date_text, ordinal_edition, year

_MEMO: dict[tuple, tuple] = {}
_MARKS = re.compile(r"<[^>]+>|[“”‘’\"']")  # markup and quotation marks: “Politics” and *Politics* read alike
# the types whose short note adds its publication facts in parentheses (the CSL style's bracketed short form)
_FACTS_TYPES = frozenset({"book", "mvbook", "collection", "mvcollection", "proceedings", "mvproceedings", "manual",
                          "booklet", "reference", "mvreference", "standard", "incollection", "inbook", "inproceedings",
                          "inreference", "suppbook", "suppcollection", "bookinbook", "report", "thesis"})


def unsigned_news(entry: Entry) -> bool:
    """A dated unsigned news article, or web page (a ministry's two statements: citeproc dates them alike)."""
    news = entry.type == "article" and plain(entry.get("entrysubtype")).lower() in ("newspaper", "magazine")
    return (news or entry.type == "online") and not entry.authors and bool(entry.get("date"))


def _told_apart(entry: Entry) -> bool:
    """Whether the entry's short note is one disambiguation may add to: not a shorthand's, nor a post's."""
    return not entry.get("shorthand") and not entry.shorthand_only and not (
        entry.type == "online" and plain(entry.get("entrysubtype")).lower() == "social" and not entry.get("title"))


def dated_short(entry: Entry, entries: dict, style) -> bool:
    """True for a source whose short note (without a locator) another source in ``entries`` shares, read without
    markup and quotation marks, as citeproc compares them. Counted once per bibliography, style and language."""
    if not _told_apart(entry):
        return False
    from . import short_note  # the short form itself, imported when first needed (this module is imported by it)
    key = (id(entries), id(style), current())
    hit = _MEMO.get(key)
    if hit is None or hit[0] is not entries or hit[1] is not style:
        sources = {id(e): e for e in entries.values() if _told_apart(e)}  # an entry's ids name the same object
        counts = Counter(_MARKS.sub("", short_note(e, style=style)) for e in sources.values())
        if len(_MEMO) >= 64:
            _MEMO.clear()
        hit = _MEMO[key] = (entries, style, counts)
    return hit[2][_MARKS.sub("", short_note(entry, style=style))] > 1


def telling(entry: Entry, p: Parts) -> tuple[str, str]:
    """What a short note adds to tell its source apart: (after the title, in parentheses). A book, chapter, report or
    thesis: its edition and editors (or translators) after the title, "2nd ed.", "ed. Doe", and its publisher and
    date in parentheses, "(Alpha Press, 2018)" (a thesis's without its kind); anything else: its date."""
    if entry.type not in _FACTS_TYPES or unsigned_news(entry):
        return date_text(entry.get("date")), ""
    edition = ordinal_edition(entry.get("edition"))
    edition = edition[:1].lower() + edition[1:] if edition[1:2].islower() else edition
    people = ""
    if entry.authors:  # editors or translators who do not lead: "ed. Doe", the CSL style's editor-translator
        for role, word in (("editor", EDITOR_TYPES[editor_type(entry)][2]), ("translator", "trans.")):
            names = entry.role(role)
            if names:  # "ed." before one name or several, as after a title in a full note
                people = put(term(word), names_short(names, role in entry.et_al))
                break
    facts = p.facts
    if entry.type == "thesis":  # the institution and year, as citeproc prints them; the kind is the full note's
        facts = join(txt(entry, "institution"), year(entry.get("date")) or term("n.d."))
    return join(edition, people), f"({facts})" if facts and p.paren else ""


def cited_sources(entries: dict, extracted) -> dict:
    """The sources the citations of ``extracted`` (each with its ``citations``, or None) cite: those a short note is
    told apart from, as citeproc disambiguates the cited sources (not one only in the .bib file, nor a nocite one)."""
    return {i.key: entries[i.key] for ex in extracted if ex
            for c in ex.citations for i in c.items if i.key in entries}
