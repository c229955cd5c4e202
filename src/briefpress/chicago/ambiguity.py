"""Short notes that would read alike: ``dated_short`` takes an entry, the cited entries (``cited_sources``) and
the style and says whether the entry's short notes add its date.

Two unsigned news articles of one paper under one title ("*Koha Ditore*, “Talks Resume,” 3") are told apart
by their dates, "*Koha Ditore*, “Talks Resume,” February 10, 2023, 3", as citeproc disambiguates them
with the CSL style for CMOS 18; so are two unsigned web pages of one site ("Ministry, “Statement,” March 4,
2021"). Signed sources are told apart by their names and titles (CMOS 18 13.32; citeproc adds more to them,
"Gashi, *Politics* (Pub, 2019), 3": not done here).
"""

from __future__ import annotations

from collections import Counter

from ..bib.model import Entry, plain
from ..locale import current

_MEMO: dict[tuple, tuple] = {}


def unsigned_news(entry: Entry) -> bool:
    """A dated unsigned news article, or web page (a ministry's two statements: citeproc dates them alike)."""
    news = entry.type == "article" and plain(entry.get("entrysubtype")).lower() in ("newspaper", "magazine")
    return (news or entry.type == "online") and not entry.authors and bool(entry.get("date"))


def dated_short(entry: Entry, entries: dict, style) -> bool:
    """True for an unsigned news article whose short note (without a locator) another unsigned news article in
    ``entries`` shares. Counted once per bibliography, style and language: only unsigned news is formatted."""
    if not unsigned_news(entry):
        return False
    from . import short_note  # the short form itself, imported when first needed (this module is imported by it)
    key = (id(entries), id(style), current())
    hit = _MEMO.get(key)
    if hit is None or hit[0] is not entries or hit[1] is not style:
        news = {id(e): e for e in entries.values() if unsigned_news(e)}  # an entry's ids name the same object
        counts = Counter(short_note(e, style=style) for e in news.values())
        if len(_MEMO) >= 64:
            _MEMO.clear()
        hit = _MEMO[key] = (entries, style, counts)
    return hit[2][short_note(entry, style=style)] > 1


def cited_sources(entries: dict, extracted) -> dict:
    """The sources the citations of ``extracted`` (each with its ``citations``, or None) cite: those a short note is
    told apart from, as citeproc disambiguates the cited sources (not one only in the .bib file, nor a nocite one)."""
    return {i.key: entries[i.key] for ex in extracted if ex
            for c in ex.citations for i in c.items if i.key in entries}
