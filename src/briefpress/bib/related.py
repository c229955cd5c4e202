"""biblatex's ``related`` / ``relatedtype``: an entry and the entries it names -> the entry carrying them.

Takes ``{key: Entry}`` (crossrefs resolved); returns the same with ``Entry.related_entries`` set where the
``relatedtype`` is one the Chicago formatter prints (a reprint's or a translation's original, a review's
subject: ``RELATED_TYPES``). A key not in the bibliography is left out here and reported by
:mod:`.checks`.
"""

from __future__ import annotations

from dataclasses import replace

from .model import Entry, plain

# biblatex's standard relatedtypes -> the words before the related work (note form; the bibliography
# capitalises them): CMOS words a reprint's or translation's first publication "originally published as"
RELATED_TYPES = {"origpubas": "originally published as", "origpubin": "originally published in",
                 "reprintof": "reprint of", "reprintfrom": "reprinted from", "reprintas": "reprinted as",
                 "translationof": "translation of", "translationfrom": "translated from",
                 "translationas": "translated as", "reviewof": "review of"}


def relatedtype(entry: Entry) -> str:
    """The entry's ``relatedtype`` as a key ('translationof'); '' without one."""
    return plain(entry.get("relatedtype")).strip().lower()


def attach(entries: dict[str, Entry]) -> dict[str, Entry]:
    """{key: Entry} -> a new map, the entries whose relatedtype is printed carrying their related entries."""
    out = dict(entries)
    for key, entry in entries.items():
        if not entry.get("related") or relatedtype(entry) not in RELATED_TYPES:
            continue
        keys = [k.strip() for k in plain(entry.get("related")).split(",") if k.strip()]
        found = tuple(_plain_copy(entries[k]) for k in keys if k in entries and k != key)
        if found:
            out[key] = replace(entry, related_entries=found)
    return out


def _plain_copy(entry: Entry) -> Entry:
    """The related work as printed inside another reference: none of its own related works, and no
    "hereafter cited as" (its shorthand is the citing note's business, not this one's)."""
    fields = {k: v for k, v in entry.fields.items() if k not in ("shorthand", "shorthandintro")}
    return replace(entry, fields=fields, related_entries=())

