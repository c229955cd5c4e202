"""biblatex fields that add to any source type's reference: the publication state (``pubstate``: forthcoming,
in press), the original publication of a reprint or translation (``origtitle``, ``origpublisher``,
``origlocation``, ``origdate``; or the ``related`` entry of a reprint or translation), a free ``note`` and
``addendum``, and ``pagination`` (what a locator counts).

``with_status`` takes an :class:`~briefpress.bib.model.Entry` and returns it with the state in place of its
date; ``supplement`` returns the (note, bibliography) pairs printed after the publication facts and before
the link (CMOS 18 puts the URL last); ``review_of`` the pair a review prints after its title (the reviewed
work); ``locator_label`` the label a bare locator takes.
"""

from __future__ import annotations

from dataclasses import replace

from ..bib.model import Entry, plain
from ..locale import placed, put, term
from .text import date_text, smart
from .titles import headline, italic, join_subtitle, recase

# biblatex's pubstate keys -> CMOS's words; any other value is printed as written
STATUS = {"forthcoming": "forthcoming", "inpress": "in press", "in press": "in press", "submitted": "submitted",
          "inpreparation": "in preparation", "prepublished": "prepublished"}  # "pre-published" in English (biblatex)
# biblatex's pagination keys -> the locator label (printed in the language: locale.Labels.locator)
# a note's or addendum's first words that are a description, lower case inside a full note
# (a name or a place keeps its capital, so only words that are no names are listed: what exporters and writers
# put in a note, "Working paper", "Page references are to …", "Draft of chapter 3", "Carbon copy")
RUN_ON = frozenset("""reprint reprinted originally first published translated revised available also see includes
with based unpublished paper presented in an a the working preprint draft accepted submitted forthcoming updated
expanded abridged enlarged page pages chapter volume part edition version copy carbon photocopy typescript
manuscript mimeograph microfilm lecture talk speech poster report technical conference abstract summary excerpt
excerpts extract translation transcript privately distributed circulated prepared written cited quoted under
accessed retrieved archived viewed downloaded consulted last""".split())  # how a web page was reached (Zotero's notes)
PAGINATION = {"column": "column", "section": "section", "paragraph": "paragraph", "verse": "verse", "line": "line"}


def status(entry: Entry) -> str:
    """'forthcoming', 'in press' … from ``pubstate``; '' without one."""
    if not entry.get("pubstate"):
        return ""
    raw = plain(entry.get("pubstate")).strip()
    return STATUS.get(raw.lower(), smart(entry.get("pubstate"))) if raw else ""


def with_status(entry: Entry) -> Entry:
    """A source not yet published is dated by its state, "forthcoming" in place of the year, as CMOS dates a
    forthcoming book ("(Yale University Press, forthcoming)") and biblatex prints ``pubstate`` with the date.
    Articles keep their own form (containers.article: "forthcoming 2025" after the journal; a magazine's state
    before its date)."""
    words = state_words(entry)
    if not words or entry.type == "article":
        return entry
    # a date already known follows the state, as the source type prints its date ("forthcoming 2026", "pre-published
    # May 4, 2023"; chicago.text.date_text and year read "state date"), as the CSL style for CMOS 18 prints it
    when = entry.get("date")
    return replace(entry, fields={**entry.fields, "date": f"{words} {when}" if when[:1].isdigit() else words})


def state_words(entry: Entry) -> str:
    """The words ``pubstate`` prints mid-sentence: biblatex's keys as the paper's language words them ("in press",
    "në shtyp"); a state written in the entry as written but for a descriptive first word of a phrase in lower case,
    lowered as a note's ("Under review" -> "under review"; citeproc keeps the capital). A state in title case, "In
    Revision", stays as written, as citeproc prints it (not "in Revision"); a sentence's start capitalises either."""
    words = status(entry)
    if not words or words in STATUS.values():
        return term(words) if words else ""
    # title case is every word's (a name's capital in a sentence, "Under review at JOP", is no title case)
    flat = plain(words)
    return words if " " in flat and headline(flat) == flat else _run_on(words)


def original(entry: Entry) -> tuple[str, str]:
    """A translation's or reprint's first publication: 'originally published as *Title* (Publisher, 1965)'
    as CMOS cites a translation's original or a reprint's first edition; '' when the entry names no original
    title nor publisher (its ``origdate`` alone is printed with the date, "1965; Pub, 2020")."""
    if not (entry.get("origtitle") or entry.get("origpublisher") or entry.get("origlocation")):
        return "", ""
    title = join_subtitle(entry.get("origtitle"), "")
    publisher = join_facts(smart(entry.get("origpublisher")) or smart(entry.get("origlocation")),
                           date_text(entry.get("origdate")))
    if not (title or entry.get("origpublisher") or entry.get("origlocation")):
        return "", ""
    own = italic(recase(title, plain(entry.get("origlanguage")).lower() or "und")) if title else ""
    words = term("originally published as") if own else term("originally published")
    what = " ".join(x for x in (words, own, f"({publisher})" if publisher else "") if x)
    return what, what[:1].upper() + what[1:]


def join_facts(*parts: str) -> str:
    return ", ".join(p for p in parts if p)


def supplement(entry: Entry, private: bool) -> list[tuple[str, str]]:
    """What follows the publication facts: the original publication, ``note`` (unless the source's own
    description used it: unpublished and personal material) and ``addendum``, biblatex's free texts; in a
    note a description runs on in lower case ("reprint of the 1950 edition")."""
    out = []
    orig = original(entry)
    if orig[0]:
        out.append(orig)
    out += related(entry)
    for name in ("note",) * (not private) + ("addendum",):
        text = smart(entry.get(name)) if entry.get(name) else ""
        if text:
            out.append((_run_on(text), text[:1].upper() + text[1:]))
    return out


def _run_on(text: str) -> str:
    """'Reprint of the 1950 edition' -> 'reprint of …' inside a note; any other first word (a name, a place)
    keeps its capital."""
    first = plain(text).split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first.lower() in RUN_ON and first[1:].islower() else text


def locator_label(entry: Entry, label: str) -> str:
    """A locator without a label counts what the entry's ``pagination`` says (columns, sections, verses),
    as biblatex prints it: "col. 45"."""
    if label or not entry.get("pagination"):  # "page": the writer wrote "p." (document._written_label)
        return label
    return PAGINATION.get(plain(entry.get("pagination")).strip().lower(), label)


def related(entry: Entry) -> list[tuple[str, str]]:
    """biblatex's ``related`` entries (:mod:`..bib.related`) as CMOS tells a reprint's or translation's first
    publication: "originally published as *Title* (Publisher, 1963)", "reprint of …", "translation of …": the
    related work's full note without the names it shares with this entry."""
    if not entry.related_entries:  # nearly every entry: no imports, no work (5,000-entry target)
        return []
    from ..bib.related import RELATED_TYPES, relatedtype
    from . import full_note, names_note  # the whole note form, imported when first needed
    if relatedtype(entry) == "reviewof":
        return []  # printed after the title (review_of)
    texts = []
    for other in entry.related_entries:
        text = full_note(other)
        names = names_note(other.authors)
        if names and other.authors == entry.authors and text.startswith(names + ", "):
            text = text[len(names) + 2:]  # the same author is not named again
        texts.append(text)
    # several works under one label, as a note lists several sources: "reprint of A; B", not the label twice
    words, text = term(RELATED_TYPES[relatedtype(entry)]), "; ".join(texts)
    return [(put(words, text), put(f"{words[:1].upper()}{words[1:]}", text))]


def review_of(entry: Entry) -> list[tuple[str, str]]:
    """A review's ``related`` work (``relatedtype = {reviewof}``) as CMOS 18 cites a review, after the review's
    own title: "review of *Title*, by Author" (note; capitalised in the bibliography), not the reviewed book's
    publication facts."""
    if not entry.related_entries:
        return []
    from ..bib.related import relatedtype
    from . import names_note, quoted
    from .types import parts_of  # the reviewed work's title and its style (italic book, quoted article)
    if relatedtype(entry) != "reviewof":
        return []
    out = []
    for other in entry.related_entries:
        p = parts_of(other)
        by = names_note(other.authors, "author" in other.et_al)
        if p.style == "quoted":
            title = quoted(p.title, "," if by else "")
        else:
            title = (italic(p.title) if p.style == "italic" else p.title) + ("," if by else "")
        text = f"{placed('review of', title)}" + (f" {placed('by', by)}" if by else "")
        out.append((text, text[:1].upper() + text[1:]))
    return out

