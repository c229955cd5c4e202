"""Entry checks: merged entries -> diagnostics. Only an unusable entry is an error.

Errors: neither title nor author (nor editor, nor a ``shorthand``, by which classical works are cited):
nothing to print.  ``related`` entries are printed for a
reprint's or translation's relatedtype, else read but not printed (a note says so); one not in the bibliography is a warning. Keys differing only by case
(BibTeX treats them as one). Warnings: malformed DOI or URL, the same DOI or URL in two entries,
a field Chicago prints for the type missing (``bib.missing-field``: the entry is formatted from
what it has), and the theme's house requirements (``house_style``, from ``bibliography.require`` in
theme.yaml: ``type`` or ``type/entrysubtype`` -> fields).
"""

from __future__ import annotations

import re
from typing import Mapping

from ..diagnostics import Diagnostic, SourceLocation, error
from .model import Entry

DOI = re.compile(r"^10\.\d{4,9}/\S+$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.I)
# What a Chicago reference of the type is incomplete without (beyond title/author).
WANTED = {
    "article": ("journaltitle", "date"), "book": ("publisher", "date"), "mvbook": ("publisher", "date"),
    "inbook": ("booktitle", "date"), "incollection": ("booktitle", "date"), "inproceedings": ("booktitle", "date"),
    "collection": ("date",), "proceedings": ("date",), "thesis": ("institution", "date"), "report": ("date",),
    "online": ("url",), "patent": ("number",), "jurisdiction": ("date",), "legislation": ("date",),
    "periodical": ("date",), "unpublished": ("date",), "manual": ("date",), "dataset": ("date",),
    "software": ("date",), "standard": ("date",), "letter": ("date",),
}


def warning(code: str, message: str, location: SourceLocation) -> Diagnostic:
    return Diagnostic("warning", code, message, location)


def _loc(entry: Entry, name: str = "") -> SourceLocation:
    return SourceLocation(entry.path, entry.field_lines.get(name) or entry.line, 1)


def has(entry: Entry, name: str) -> bool:
    if name == "url" and (entry.fields.get("doi") or entry.fields.get("eprint")):
        return True  # a DOI or an eprint is the online source's link (to_csl, chicago.text.link)
    if name == "date" and entry.fields.get("pubstate"):
        return True  # a forthcoming work is dated by its state (chicago.extras.with_status)
    if name == "booktitle" and entry.fields.get("eventtitle"):
        return True  # a paper without its proceedings: the meeting it was presented at (chicago.containers.chapter)
    if name == "date" and entry.fields.get("eventdate") and not entry.fields.get("booktitle"):
        return True  # such a paper is dated by its meeting, "May 3, 2019" (chicago.containers.chapter)
    return bool(entry.fields.get(name) or entry.names.get(name) or name in entry.et_al)


def check_entries(entries: Mapping[str, Entry]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    lowered: dict[str, Entry] = {}
    seen: dict[tuple[str, str], str] = {}
    for entry in entries.values():
        if entry.type == "set":
            out.append(warning("bib.set", f"'{entry.key}' is a biblatex entry set ({entry.get('entryset')}); "
                               "it is not printed as one: cite its members", _loc(entry)))
        elif not (entry.get("title") or entry.get("maintitle") or entry.get("shorthand") or entry.names.get("author")
                  or entry.names.get("editor") or entry.names.get("shortauthor")):
            out.append(error("bib.unusable", f"'{entry.key}' has neither title nor author: nothing to print; add "
                             "a title", _loc(entry)))
        other = lowered.setdefault(entry.key.lower(), entry)
        if other is not entry:
            out.append(error("bib.key-case", f"key '{entry.key}' differs from '{other.key}' ({other.path}:"
                             f"{other.line}) only by case; rename one", _loc(entry)))
        doi, url = entry.get("doi"), entry.get("url")
        if doi and not DOI.match(doi):
            out.append(warning("bib.doi", f"'{entry.key}': DOI '{doi}' is malformed; write it bare, like "
                               "10.1017/nps.2024.31", _loc(entry, "doi")))
        if url:
            if not URL.match(url):
                out.append(warning("bib.url", f"'{entry.key}': '{url}' is not a valid http(s) URL", _loc(entry, "url")))
            elif re.search(r"%(?![0-9A-Fa-f]{2})", url):
                out.append(warning("bib.url", f"'{entry.key}': '%' in the URL is not followed by two hex digits",
                                   _loc(entry, "url")))
        for name, value in (("doi", doi.lower()), ("url", same_page(url, entry))):
            if value and (name, value) in seen:
                out.append(warning("bib.duplicate", f"'{entry.key}' has the same {name} as '{seen[(name, value)]}'; "
                                   "cite one entry", _loc(entry)))
            elif value:
                seen[(name, value)] = entry.key
        if entry.get("related") and (found := _related(entry, entries)):
            out.append(found)
        missing = [f for f in WANTED.get(entry.type, ()) if not has(entry, f)] if not entry.shorthand_only else []
        if missing:
            out.append(warning("bib.missing-field", f"'{entry.key}' (@{entry.type}) has no {', '.join(missing)}; "
                               "the reference is printed without it", _loc(entry)))
    return out


# http:// and https://, "www.", a closing "/", and arXiv's versions and pages (abs, pdf) name one work
_SCHEME = re.compile(r"^https?://(?:www\.)?", re.I)
_ARXIV = re.compile(r"^(?:export\.)?arxiv\.org/(?:abs|pdf)/(?:arxiv:)?([^?#]+?)(?:v\d+)?(?:\.pdf)?$", re.I)


def same_page(url: str, entry: Entry) -> str:
    """What a URL names, to find two entries for one work: ``http://arxiv.org/abs/2305.01234`` and
    ``https://arxiv.org/abs/2305.01234v2`` are one paper, and so is an arXiv ``eprint`` without a URL, where it is
    the link (no DOI: a journal's article with its preprint's eprint is not that preprint)."""
    if not url and not entry.get("doi") and entry.get("eprint") and entry.get("eprinttype").strip().lower() == "arxiv":
        url = "arxiv.org/abs/" + entry.get("eprint").strip()
    page = _SCHEME.sub("", url.strip()).rstrip("/")
    m = _ARXIV.match(page)
    return f"arxiv.org/abs/{m.group(1).lower()}" if m else page.lower()


def _related(entry: Entry, entries: Mapping[str, Entry]) -> Diagnostic | None:
    """biblatex's ``related`` (a translation, a reprint, ...): printed for the relatedtypes of
    :data:`.related.RELATED_TYPES`, else read and not printed (a note); a key not in the file is a warning."""
    keys = [k.strip() for k in entry.get("related").split(",") if k.strip()]
    kind = f" ({entry.get('relatedtype')})" if entry.get("relatedtype") else ""
    absent = [k for k in keys if k not in entries]
    if absent:
        return warning("bib.related", f"'{entry.key}': related entry {', '.join(repr(k) for k in absent)} is not in "
                       "the bibliography; fix the key or remove it from 'related'", _loc(entry, "related"))
    if entry.related_entries:
        return None  # printed with it (chicago.extras.supplement)
    return Diagnostic("info", "bib.related", f"'{entry.key}': its related entries{kind} are not printed with it; "
                      "cite them where they matter", _loc(entry, "related"))


def house_style(entries: Mapping[str, Entry], require: Mapping[str, list]) -> list[Diagnostic]:
    """The theme's required fields per ``type`` or ``type/entrysubtype``; missing ones are warnings."""
    out = []
    for entry in entries.values():
        sub = entry.get("entrysubtype").lower()
        needed = require.get(f"{entry.type}/{sub}") if sub else None
        needed = needed if needed is not None else require.get(entry.type, ())
        for name in needed or ():
            if not has(entry, name):
                out.append(warning("bib.house-style", f"entry '{entry.key}' ({entry.type}{'/' + sub if sub else ''})"
                                   f" has no '{name}'; the house style needs it", _loc(entry)))
    return out
