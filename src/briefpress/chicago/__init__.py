"""Chicago notes-bibliography (CMOS 18): Entry -> HTML full note, short note, bibliography entry, sort key,
and whether the source is cited in notes only (``notes_only``: left out of the reference list).

Takes a :class:`briefpress.bib.model.Entry`; returns HTML fragments. ``types`` (with ``containers``)
says what each source type prints and in which order, as :class:`~.parts.Parts`; this module
assembles the three forms from those parts; ``names``, ``titles``, ``text`` and ``sorting`` hold the
rules (name lists, title case and quoting, dates, page ranges and links, collation).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..bib.model import Entry, plain
from ..locale import current, labels, placed, term
from . import names as _nm
from .containers import unsigned_reference
from .ambiguity import cited_sources, dated_short, telling
from .extras import locator_label
from .suffix import add_suffix
from .sorting import collation_key
from .style import CMOS, Style
from .text import cap_first, date_text, plain_html, smart
from .titles import is_english, italic, quoted, roman, short_title
from .types import Parts, parts_of, retrievable

__all__ = ["Style", "CMOS", "full_note", "short_note", "bibliography_entry", "names_note", "names_short", "names_bib",
           "lead_names", "author_short", "unsigned_lead", "sort_key", "quoted", "parts_of", "in_paper_language", "add_suffix", "notes_only",
           "dated_short", "cited_sources"]

_COUNTED = frozenset({"column", "section", "paragraph", "verse", "line"})  # what ``pagination`` counts
_END = re.compile(r"[.?!][’”]*$")
_HYPHENS = re.compile(r"(?<=\d)\s*-{1,2}\s*(?=\d)")
TAG_RE = re.compile(r"<[^>]+>")


def names_note(names, et_al: bool = False) -> str:
    return _nm.names_note(_names_t(names), et_al)


def names_short(names, et_al: bool = False) -> str:
    return _nm.names_short(_names_t(names), et_al)


def names_bib(names, et_al: bool = False) -> str:
    return _nm.names_bib(_names_t(names), et_al)


def _names_t(names) -> tuple:
    return tuple(names)


def _locator(locator: str, label: str) -> str:
    if not locator:
        return ""
    if label in ("", "page"):
        return plain_html(_HYPHENS.sub("–", locator))
    if label in _COUNTED:  # a range of columns or sections takes the en dash a page range does: "cols. 45–46"
        locator = _HYPHENS.sub("–", locator)
    return labels().locator(label, plain_html(locator))  # the language's label: "Kap. 3", "pogl. 3"


_MEMO: dict[tuple, tuple] = {}


def _parts(entry: Entry, style: Style) -> Parts:
    """parts_of, memoised per entry object and style: a document asks for a source's full note, short
    notes, bibliography entry, lead and sort key. The entry and the style are kept in the memo, so their
    ids are not reused (and a style is not hashed field by field on every call)."""
    key = (id(entry), id(style), current())  # the terms are the language's being formatted
    hit = _MEMO.get(key)
    if hit is not None and hit[0] is entry and hit[2] is style:
        return hit[1]
    if len(_MEMO) >= 8192:
        _MEMO.clear()
    parts = parts_of(entry, style)
    _MEMO[key] = (entry, parts, style)
    return parts


def _lead(p: Parts, form: str) -> str:
    if p.bib_lead and form == "bib":
        return _nm.names_bib(p.bib_lead) + (", dirs." if len(p.bib_lead) > 1 else ", dir.")
    if p.lead_text and not p.lead:  # the paper or the site's owner leads where names would (CMOS 18 14.89,
        # 14.104): in the bibliography and the short note, "Koha Ditore, “Title”", as citeproc prints them
        return p.lead_text if form in ("bib", "short") else ""
    fn = {"note": _nm.names_note, "bib": _nm.names_bib, "short": _nm.names_short}[form]
    text = fn(p.lead, p.lead_et_al)
    if text and p.lead_label[0] and form != "short":
        text += ", " + (p.lead_label[1] if len(p.lead) > 1 or p.lead_et_al else p.lead_label[0])
    return text


def _title(p: Parts, closing: str, title: str | None = None) -> str:
    title = p.title if title is None else title
    if not title:
        return ""
    if p.style == "quoted":
        return quoted(title, closing)
    text = italic(title) if p.style == "italic" else roman(title)
    # a title's own ? ! (or abbreviation's period) stands for the period (CMOS 18 6.133), in italics or not
    return text if closing == "." and _END.search(TAG_RE.sub("", text[-80:])) else text + closing


def _commas(segments: list[str]) -> str:
    out = ""
    for seg in (s for s in segments if s):
        if not out:
            out = seg
        elif seg.startswith("("):
            out += " " + seg
        else:
            out += (" " if out.endswith((",”", ",’”", "?”", "!”", "?’”", "!’”", "”,")) else ", ") + seg
    return out


def full_note(entry, locator: str = "", label: str = "", style: Style = CMOS, suppress_author: bool = False) -> str:
    """The first note citing a source; no final period (the note adds it). ``suppress_author``: pandoc's
    ``[-@key]``, the names that lead it left out (the text gave them), as citeproc does."""
    e = entry
    if _is_social(e):
        return _social(e, "note", _locator(locator, label), style)
    if e.shorthand_only:  # cited by its abbreviation (Entry.shorthand_only)
        return _commas([e.get("shorthand"), _locator(locator, label)])
    p = _unsigned(_parts(e, style), suppress_author)
    loc = _locator(locator, locator_label(e, label))
    tail = [*(a for a, _ in p.after)]
    container = p.container[0]
    pages = loc or (p.pages if p.pages_after != "chapter" else "")
    if p.pages_after == "container" and container and pages:
        container, pages = f"{container}: {pages}", ""
    body = tail + [container, p.series]
    facts = p.facts
    if facts and p.paren:
        if body and any(body):
            last = max(i for i, s in enumerate(body) if s)
            body[last] += f" ({facts})"
            facts = ""
        else:
            facts = f"({facts})"
    after = [a for a, _ in p.supplement] + ([pages] if pages else []) + (
        [f"{placed('accessed', p.access)}"] if p.access else []) + [p.link]
    rest = [facts, p.medium, _under(p, any(after))] + after
    more = any(s for s in body + rest)
    first_after = next((s for s in body + rest if s), "")
    closing = "," if more and not first_after.startswith("(") and p.style == "quoted" else ""
    title = _title(p, closing)
    if p.title_tail:
        title = f"{title} {p.title_tail}".strip()
    return _commas([_lead(p, "note"), title] + body + rest) + _hereafter(e)


def _unsigned(p: Parts, suppress_author: bool) -> Parts:
    return replace(p, lead=(), lead_et_al=False, lead_text="") if suppress_author else p


def _hereafter(e: Entry) -> str:
    """A source cited by its ``shorthand`` in later notes says so in its first, after the locator, as CMOS does
    for an abbreviation used in later notes: " (hereafter cited as <i>PSR</i>)"; biblatex's
    ``shorthandintro`` words the parenthesis itself."""
    if not e.get("shorthand"):
        return ""
    intro = e.get("shorthandintro")
    return f" ({smart(intro)})" if intro else f" ({placed('hereafter cited as', smart(e.get('shorthand')))})"


def short_note(entry, locator: str = "", label: str = "", style: Style = CMOS, suppress_author: bool = False,
               dated: bool = False) -> str:
    """Later notes: names (family only), short title, locator (CMOS 18 13.32–13.33); ``suppress_author``:
    as in :func:`full_note`; ``dated``: what tells the source apart after the title (its date, or a book's edition,
    editors and publication facts: :func:`.ambiguity.telling`), where another source's short note reads the same
    (:func:`.ambiguity.dated_short`)."""
    e = entry
    loc = _locator(locator, locator_label(e, label))
    if _is_social(e):
        return _social(e, "short", loc, style)
    if e.get("shorthand"):  # the abbreviation the first note announced (_hereafter), as biblatex cites it
        return _commas([smart(e.get("shorthand")), loc])
    p = _unsigned(_parts(e, style), suppress_author)
    short = p.short or short_title({"title": p.title}, e.language, not style.short_titles_whole)
    when, facts = telling(e, p) if dated else ("", "")
    # the comma goes inside the quotation marks before what follows, not before a parenthesis: “Title” (Pub, 2010), 9
    title = _title(p, "," if (when or (loc and not facts)) and p.style == "quoted" else "", short)
    lead = "" if style.unsigned_short_title_only and not p.lead else _lead(p, "short")
    return _commas([lead, p.work, title, when, facts, _under(p, bool(loc)), loc])


def _under(p: Parts, more: bool) -> str:
    """An unsigned dictionary or encyclopedia entry's headword after the work: "under “Sovereignty,”" (CMOS 18 14.130)."""
    return placed("under", quoted(p.under, "," if more else "")) if p.under else ""


def bibliography_entry(entry, style: Style = CMOS) -> str:
    """One reference-list entry, ending with a period."""
    e = entry
    if _is_social(e):
        return _social(e, "bib", "", style)
    if e.shorthand_only:
        return _sentences([_nm.names_bib(e.role("shortauthor")), e.get("shorthand")])
    if e.type == "legislation":  # laws: the bibliography repeats the note's form (CMOS 18, legal and public documents)
        return _sentences([cap_first(full_note(e, style=style))])
    p = _parts(e, style)
    lead = _lead(p, "bib")
    container = p.container[1] if not (p.lead_text and lead == p.container[1]) else ""
    if p.pages and p.pages_after == "container" and container:
        container += f": {p.pages}"
    # a chapter's page range is left out (CMOS 18 14.8 no longer requires it; the note cites its pages)
    facts = p.facts if p.bib_facts is None else p.bib_facts
    if p.pages and p.pages_after == "facts":
        facts = ", ".join(x for x in (facts, p.pages) if x)
    # an unsigned reference entry, listed only by a theme's list_notes_only: under its headword, in the work
    title = quoted(cap_first(p.under), ".") if p.under else _title(p, ".")
    if p.title_tail:  # only italic and roman titles have a tail (periodicals, laws)
        title = f"{_title(p, '')} {p.title_tail}".strip()
    groups = [lead, title] + [b for _, b in p.after] + [container] + ([p.series] if p.series else [])
    if container and facts and not p.paren:
        groups[-1] += f", {facts}"
        facts = ""
    groups += [facts, p.medium] + [b for _, b in p.supplement]
    groups += [f"{placed('Accessed', p.access)}" if p.access else "", p.link]
    return _sentences(groups)


def _sentences(groups: list[str]) -> str:
    out = ""
    for g in (g for g in groups if g):
        if out and not _END.search(_plain_end(out)):
            out += "."
        out += (" " if out else "") + (cap_first(g) if out else g)
    return out if _END.search(_plain_end(out)) else out + "."


def _plain_end(html: str) -> str:
    return TAG_RE.sub("", html[-80:]) if html.endswith(">") else html[-4:]


def notes_only(entry, style: Style = CMOS) -> bool:
    """True when CMOS 18 cites the source in the notes only and leaves it out of the bibliography: a social
    media post (14.106), and personal or unpublished material the reader cannot retrieve (letters and other
    personal communications 14.111, interviews 14.110, manuscripts 14.114, papers read at meetings and
    posters 14.115), as the CSL style for CMOS 18 does. A theme's ``list_notes_only`` lists them all; an entry
    with biblatex's ``options = {skipbib}`` is never listed."""
    if entry.skipbib:  # the entry asks for it (biblatex's options = {skipbib}), whatever the style lists
        return True
    if style.list_notes_only:
        return False
    if entry.type == "online" and plain(entry.get("entrysubtype")).lower() == "social":
        return True
    if unsigned_reference(entry):
        return True  # an unsigned dictionary or encyclopedia entry (CMOS 18 14.130)
    p = _parts(entry, style)
    return p.private and not retrievable(entry, p)


def _is_social(e: Entry) -> bool:
    return e.type == "online" and plain(e.get("entrysubtype")).lower() == "social" and not e.get("title")


def _social(e: Entry, form: str, loc: str, style: Style) -> str:
    """A post without title: names, platform, date (CMOS 18 14.106)."""
    platform, date = plain_html(plain(e.get("organization"))), date_text(e.get("date"))
    if form == "note":
        return _commas([_nm.names_note(e.authors), platform, date, loc, _parts(e, style).link])
    if form == "short":
        return _commas([_nm.names_short(e.authors), platform, date, loc])
    return _sentences([_nm.names_bib(e.authors), _commas([platform, date]), _parts(e, style).link])


def in_paper_language(entries: dict, language: str) -> dict:
    """Entries without a language of their own take the paper's (``langid``), so only English titles are
    set in title case: in an English paper (the default) the entries come back unchanged."""
    if is_english(language):
        return entries
    return {k: e if e.language else replace(e, fields={**e.fields, "langid": language}) for k, e in entries.items()}


def lead_names(entry, style: Style = CMOS) -> str:
    """The names that open the bibliography entry (authors, else editors), without 'ed.': the part a
    3-em dash replaces when the next entry has the same names and the style asks for it (CMOS 18 13.73)."""
    p = _parts(entry, style)
    return _nm.names_bib(p.bib_lead) if p.bib_lead else _nm.names_bib(p.lead, p.lead_et_al)


def author_short(entry, style: Style = CMOS) -> str:
    """The short author form for an in-text citation ('Němec and Zorić'); '' when unsigned."""
    p = _parts(entry, style)
    return _nm.names_short(p.lead, p.lead_et_al)


def unsigned_lead(entry, style: Style = CMOS) -> str:
    """The paper or site owner that leads an unsigned piece's short note (*Koha Ditore*), its name in the text
    (``@key says``) as citeproc prints it; '' for any other source."""
    p = _parts(entry, style)
    return "" if p.lead else p.lead_text


def sort_key(entry, style: Style = CMOS) -> tuple:
    """Author (family name first), then title; without author: title (or the paper, for unsigned news)."""
    e = entry
    p = _parts(e, style)
    names = p.bib_lead or p.lead
    if names:
        lead = names[0].family_first() + " " + " ".join(n.family_first() for n in names[1:])
    else:
        lead = p.lead_text or e.get("title")
    return (collation_key(lead, current()), collation_key(e.get("title"), current()), e.get("date"))
