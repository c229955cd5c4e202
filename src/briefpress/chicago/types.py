"""Per-type parts of a Chicago reference: Entry -> :class:`Parts` (what is printed, in which order).

The three forms (full note, short note, bibliography entry) are assembled from the parts in
``__init__``, so each source type is described once, here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..bib.model import Entry, Name, plain
from .names import names_note
from .text import date_text, link, ordinal_edition, page_range, plain_html, smart, year
from .titles import join_subtitle, recase

THESIS = {"phdthesis": "PhD diss.", "phd": "PhD diss.", "mathesis": "Master’s thesis",
          "mastersthesis": "Master’s thesis", "masters": "Master’s thesis", "candthesis": "Candidate thesis",
          "bathesis": "Bachelor’s thesis"}
REPORT = {"techreport": "Technical report", "resreport": "Research report", "report": "Report",
          "workingpaper": "Working paper", "wp": "Working paper", "patentus": "US patent",
          "patenteu": "European patent", "patentde": "German patent", "patentuk": "British patent"}
BOOKS = {"book", "mvbook", "collection", "mvcollection", "proceedings", "mvproceedings", "manual",
         "booklet", "reference", "mvreference", "standard"}
CHAPTERS = {"incollection", "inbook", "inproceedings", "inreference", "suppbook", "suppcollection",
            "bookinbook"}
COMMON_FIRST_WORDS = frozenset("paper presented unpublished manuscript typescript lecture talk poster draft "
                               "memorandum letter speech address remarks interview".split())

_KEY_JUNK = re.compile(r"[\s.’']")


@dataclass
class Parts:
    lead: tuple[Name, ...] = ()  # the names that lead the reference
    lead_et_al: bool = False
    lead_label: tuple[str, str] = ("", "")  # (singular, plural) after the names: ("ed.", "eds.")
    lead_text: str = ""  # a lead that is not a name list (unsigned news: the paper)
    bib_lead: tuple[Name, ...] = ()  # names that lead only the bibliography entry (a film's director)
    title: str = ""  # rich text, already re-cased
    short: str = ""
    style: str = "quoted"  # quoted | italic | roman
    title_tail: str = ""  # printed right after the title, no comma ("9 (2024)" of a periodical)
    after: list = field(default_factory=list)  # (note form, bibliography form) after the title
    container: tuple[str, str] = ("", "")  # (note, bibliography): "in <em>Book</em>, ed. X" / "In ..., edited by X"
    pages: str = ""  # formatted page range
    pages_after: str = "container"  # container: "J 18 (2020): 1–16"; facts: "..., 2021, 1–16"; chapter: "In B, 1–16. Pub, 2021"
    facts: str = ""  # publication facts
    paren: bool = False  # note prints facts in parentheses
    series: str = ""  # a chapter's book series, after the pages
    access: str = ""  # accessed date, only when there is no publication date (CMOS 14.12)
    link: str = ""


def _f(entry: Entry, name: str) -> str:
    return smart(entry.get(name))


def _title(entry: Entry, name: str = "title", sub: str = "subtitle") -> str:
    title = join_subtitle(entry.get(name), entry.get(sub))
    addon = entry.get("titleaddon") if name == "title" else ""
    title = f"{title}. {addon}" if addon else title
    return recase(title, entry.language)


def _join(*parts: str, sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


def _human(value: str, table: dict) -> str:
    key = _KEY_JUNK.sub("", plain(value)).lower()
    return table.get(key, smart(value))


def _role_after(entry: Entry, parts: Parts, skip_editor: bool) -> None:
    """'ed. X', 'trans. Y' (or 'ed. and trans. X') after the title."""
    eds = () if skip_editor else entry.role("editor")
    trs = entry.role("translator")
    if eds and eds == trs:
        n = names_note(eds, "editor" in entry.et_al)
        parts.after.append((f"ed. and trans. {n}", f"Edited and translated by {n}"))
        return
    if eds:
        n = names_note(eds, "editor" in entry.et_al)
        parts.after.append((f"ed. {n}", f"Edited by {n}"))
    if trs:
        n = names_note(trs, "translator" in entry.et_al)
        parts.after.append((f"trans. {n}", f"Translated by {n}"))


def _book_details(entry: Entry, parts: Parts) -> None:
    """Edition, version, volume (of a titled multivolume work: 'vol. 2, Volume Title'), volumes, series."""
    ed = ordinal_edition(entry.get("edition"))
    if ed:
        parts.after.append((ed[:1].lower() + ed[1:] if ed[1:2].islower() else ed, ed))
    if entry.get("version") and entry.type not in ("software", "dataset"):
        parts.after.append((f"version {_f(entry, 'version')}", f"Version {_f(entry, 'version')}"))
    if entry.get("volume"):
        vol = _f(entry, "volume")
        if entry.get("maintitle"):  # the title printed is the main title; this volume's own title follows
            own = f"<em>{_title(entry)}</em>"
            parts.after.append((f"vol. {vol}, {own}", f"Vol. {vol}, {own}"))
        else:
            parts.after.append((f"vol. {vol}", f"Vol. {vol}"))
    elif entry.get("volumes"):
        parts.after.append((f"{_f(entry, 'volumes')} vols.", f"{_f(entry, 'volumes')} vols."))
    series = _join(_f(entry, "series"), _f(entry, "number") if entry.type not in ("report", "standard", "jurisdiction") else "",
                   sep=" ")
    if series:
        parts.after.append((series, series))


def _lead(entry: Entry, parts: Parts, editors_may_lead: bool = True) -> bool:
    """Authors lead; without them, editors with 'ed.'/'eds.' (CMOS 14.87). True when editors lead."""
    if entry.authors:
        parts.lead, parts.lead_et_al = entry.authors, "author" in entry.et_al
        return False
    if editors_may_lead and entry.role("editor"):
        parts.lead, parts.lead_et_al = entry.role("editor"), "editor" in entry.et_al
        parts.lead_label = ("ed.", "eds.")
        return True
    return False


def parts_of(entry: Entry) -> Parts:
    t = entry.type
    p = Parts(link=link(entry.fields))
    p.title = _title(entry)
    p.short = recase(entry.get("shorttitle"), entry.language) if entry.get("shorttitle") else ""
    date = entry.get("date")
    if not date and entry.get("urldate"):
        p.access = date_text(entry.get("urldate"))
    undated = "" if p.access else "n.d."
    if t == "article":
        _article(entry, p)
    elif t in CHAPTERS:
        _chapter(entry, p)
    elif t in BOOKS or t == "movie" or (t == "video" and plain(entry.get("editortype")).lower() == "director"):
        p.style = "italic"
        if t in ("movie", "video") or plain(entry.get("editortype")).lower() == "director":
            _directed(entry, p)
        else:
            _role_after(entry, p, skip_editor=_lead(entry, p))
        if entry.get("maintitle") and entry.get("volume"):
            p.title = _title(entry, "maintitle", "mainsubtitle")
        _book_details(entry, p)
        _event(entry, p)
        if t == "standard" and entry.get("number"):
            p.after.append((_f(entry, "number"), _f(entry, "number")))
        publisher = _f(entry, "publisher") or _f(entry, "organization") or _f(entry, "institution")
        # CMOS 18 drops the place of publication; without a publisher the place is all there is
        where = publisher or _f(entry, "location")
        orig = f"{date_text(entry.get('origdate'))}; " if entry.get("origdate") else ""
        kind = f"{_f(entry, 'howpublished')}; " if t in ("movie", "video") and entry.get("howpublished") else ""
        p.facts, p.paren = kind + orig + _join(where, year(date) or undated), True
    elif t == "periodical":
        _periodical(entry, p)
    elif t == "thesis":
        _lead(entry, p, editors_may_lead=False)
        kind = _human(entry.get("type") or "phdthesis", THESIS)
        p.facts, p.paren = _join(kind, _f(entry, "institution"), year(date) or undated), True
    elif t in ("report", "jurisdiction"):
        p.style = "italic"
        _role_after(entry, p, skip_editor=_lead(entry, p))
        if t == "jurisdiction" and entry.get("journaltitle"):  # the law report: "ICJ Reports 403"
            cite = _join(_f(entry, "volume"), _f(entry, "journaltitle"), page_range(entry.get("pages")), sep=" ")
            p.after.append((cite, cite))
            p.pages = "-"  # printed with the report
        else:
            _book_details(entry, p)
        kind = _human(entry.get("type"), REPORT)
        number = f"no. {_f(entry, 'number')}" if entry.get("number") else ""
        kind_no = _join(kind, number, sep=" ")
        p.facts = _join(kind_no[:1].upper() + kind_no[1:] if kind else kind_no,
                        _f(entry, "institution") or _f(entry, "publisher"),
                        date_text(date) or (undated if t == "report" else ""))
        p.paren = True
    elif t == "legislation":
        p.style = "roman"
        _lead(entry, p)
        number = _f(entry, "number")
        if number and plain(number) not in plain(entry.get("title")):
            p.after.append((f"no. {number}", f"no. {number}"))
        gazette = _f(entry, "journaltitle")
        if gazette:
            p.after.append((f"<em>{gazette}</em>", f"<em>{gazette}</em>"))
        p.facts, p.paren = _join(_f(entry, "institution"), date_text(date)), True
    elif t in ("online", "www", "electronic"):
        _lead(entry, p)
        _role_after(entry, p, skip_editor=bool(p.lead_label[0]))
        p.facts = _join(_f(entry, "organization") or _f(entry, "publisher") or _f(entry, "journaltitle"),
                        date_text(date))
    elif t in ("video", "audio", "music", "performance"):
        _media(entry, p)
    elif t == "software":
        p.style = "italic"
        _lead(entry, p)
        if entry.get("version"):
            p.after.append((f"v. {_f(entry, 'version')}", f"V. {_f(entry, 'version')}"))
        p.facts = _join(_f(entry, "publisher") or _f(entry, "organization"),
                        f"released {date_text(date)}" if date else "")
    elif t == "dataset":
        _lead(entry, p)
        if entry.get("version"):
            p.after.append((f"version {_f(entry, 'version')}", f"Version {_f(entry, 'version')}"))
        p.facts = _join(_f(entry, "publisher") or _f(entry, "organization") or _f(entry, "institution"),
                        date_text(date))
    elif t == "patent":
        p.style = "roman"
        _lead(entry, p)
        kind = _human(entry.get("type"), REPORT) if entry.get("type") else "Patent"
        number = _join(kind, _f(entry, "number"), sep=" ") if entry.get("number") else ""
        p.facts = _join(number, f"issued {date_text(date)}" if date else "")
    elif t in ("unpublished", "letter"):
        _lead(entry, p)
        _role_after(entry, p, skip_editor=bool(p.lead_label[0]))
        what = _f(entry, "note") or _f(entry, "howpublished") or _f(entry, "type") or (
            "unpublished manuscript" if t == "unpublished" else "")
        first = plain(what).split(" ", 1)[0].lower()
        if first in COMMON_FIRST_WORDS:  # a description runs on in the note: "paper presented at …"
            what = what[:1].lower() + what[1:]
        event = _f(entry, "eventtitle")
        if event and plain(event) not in plain(what):
            what = _join(what, event)
        p.facts = _join(what, _f(entry, "venue") or _f(entry, "location"),
                        date_text(date) or (undated if t == "unpublished" else ""))
    else:  # misc and every other type: a document
        p.style = "italic" if entry.get("title") else "roman"
        _lead(entry, p)
        _role_after(entry, p, skip_editor=bool(p.lead_label[0]))
        p.facts = _join(_f(entry, "howpublished"), _f(entry, "organization") or _f(entry, "publisher")
                        or _f(entry, "institution"), _f(entry, "location"), date_text(date))
    if t != "article" and entry.get("pages") and not p.pages:
        p.pages, p.pages_after = page_range(entry.get("pages")), "facts"
    p.pages = "" if p.pages == "-" else p.pages
    return p


def _directed(entry: Entry, p: Parts) -> None:
    """A film (CMOS 18 audiovisual works): the note names the director after the title ("directed by"),
    the bibliography leads with the director ("dir.")."""
    if _lead(entry, p, editors_may_lead=False) or not entry.role("editor"):
        return
    if not entry.authors:
        p.bib_lead = entry.role("editor")
        n = names_note(p.bib_lead, "editor" in entry.et_al)
        p.after.append((f"directed by {n}", ""))
    else:
        n = names_note(entry.role("editor"), "editor" in entry.et_al)
        p.after.append((f"directed by {n}", f"Directed by {n}"))


def _event(entry: Entry, p: Parts) -> None:
    """The meeting a proceedings volume records: its name, dates and venue."""
    event = _join(_f(entry, "eventtitle"), date_text(entry.get("eventdate")), _f(entry, "venue"))
    if event:
        p.after.append((event, event))


def _media(entry: Entry, p: Parts) -> None:
    """Videos and audio: an episode or online video in quotes, its show in italics (CMOS 18: podcasts,
    online videos); an album or recording without a show in italics, its label in roman."""
    _lead(entry, p)
    date = date_text(entry.get("date"))
    platform = _f(entry, "organization") or _f(entry, "publisher")
    show = _f(entry, "journaltitle") or _f(entry, "maintitle") or _f(entry, "series")
    if entry.type == "video":
        p.facts = _join(_join(platform, "video", sep=" ") if platform else "", date)
    elif show or (entry.get("organization") and not entry.get("publisher")):
        p.facts = _join(f"<em>{show or platform}</em>", date)  # a podcast episode
    else:
        p.style = "italic"
        p.facts = _join(platform, date)


def _periodical(entry: Entry, p: Parts) -> None:
    """A whole issue: the journal in italics with volume, number and date; a titled (special) issue
    is quoted, the journal following as for an article."""
    _lead(entry, p)
    head = _join(_f(entry, "volume"), f"no. {_f(entry, 'number')}" if entry.get("number") else "")
    when = f"({date_text(entry.get('date')) or 'n.d.'})"
    if entry.get("issuetitle"):
        p.title = recase(join_subtitle(entry.get("issuetitle"), entry.get("issuesubtitle")), entry.language)
        journal = f"<em>{_title(entry)}</em>"
        p.container = (f"{journal} {head} {when}".replace("  ", " "),) * 2
    else:
        p.style = "italic"
        p.title_tail = f"{head} {when}".strip()


def _article(entry: Entry, p: Parts) -> None:
    _lead(entry, p, editors_may_lead=False)
    _role_after(entry, p, skip_editor=False)
    journal = recase(entry.get("journaltitle"), entry.language)
    journal = f"<em>{smart(journal)}</em>" if journal else ""
    date = entry.get("date")
    sub = plain(entry.get("entrysubtype")).lower()
    if sub in ("newspaper", "magazine"):
        if not entry.authors and journal:
            p.lead_text = journal  # unsigned news: the paper stands in the author's place (CMOS 14.91)
        p.container = (journal, journal)
        p.facts = date_text(date)
        p.pages, p.pages_after = page_range(entry.get("pages")), "facts"
        return
    series = plain(entry.get("series")).lower()
    series = {"newseries": "n.s.", "oldseries": "o.s."}.get(series, _f(entry, "series"))
    vol = _join(_f(entry, "volume"), f"no. {_f(entry, 'number') or _f(entry, 'issue')}"
                if entry.get("number") or entry.get("issue") else "")
    # a range of months is kept, "(April–May 2023)"; otherwise the year (CMOS 18 journal articles)
    when = (date_text(date) if "/" in date else year(date)) or ("n.d." if not p.access else "")
    if plain(entry.get("pubstate")).lower() in ("forthcoming", "inpress", "in press"):
        when = _join("forthcoming", year(date), sep=" ")  # CMOS 18: "forthcoming" in place of a volume
    if series:
        head = _join(journal, series, vol)
    else:
        head = _join(journal, vol) if not entry.get("volume") else f"{journal} {vol}".strip()
    if journal and when.startswith("forthcoming"):
        p.container = (_join(head, when),) * 2
    elif journal:
        head = f"{head} ({when})".strip() if when else head
        p.container = (head, head)
    else:  # no journal: the date stands alone after the title
        p.container = (_join(head, when),) * 2
    p.pages = page_range(entry.get("pages")) or _f(entry, "eid")


def _chapter(entry: Entry, p: Parts) -> None:
    editors_lead = _lead(entry, p, editors_may_lead=False)
    book = _title(entry, "booktitle", "booksubtitle") or _title(entry, "maintitle", "mainsubtitle")
    book = f"<em>{book}</em>" if book else ""
    eds, trs = entry.role("editor"), entry.role("translator")
    by = entry.role("bookauthor") if entry.role("bookauthor") != entry.authors else ()
    chap = f"chap. {_f(entry, 'chapter')} " if entry.get("chapter") else ""
    note = [f"{chap}in {book}" if book else chap.strip()]
    bib = [(f"{chap}in {book}" if book else chap.strip())]
    bib[0] = bib[0][:1].upper() + bib[0][1:]
    if by:
        n = names_note(by, "bookauthor" in entry.et_al)
        note.append(f"by {n}")
        bib.append(f"by {n}")
    if entry.get("volume"):
        note.append(f"vol. {_f(entry, 'volume')}")
        bib.append(f"vol. {_f(entry, 'volume')}")
    if eds and eds == trs:
        n = names_note(eds, "editor" in entry.et_al)
        note.append(f"ed. and trans. {n}")
        bib.append(f"edited and translated by {n}")
        trs = ()
    elif eds and not editors_lead:
        n = names_note(eds, "editor" in entry.et_al)
        note.append(f"ed. {n}")
        bib.append(f"edited by {n}")
    if trs:
        n = names_note(trs, "translator" in entry.et_al)
        note.append(f"trans. {n}")
        bib.append(f"translated by {n}")
    ed = ordinal_edition(entry.get("edition"))
    if ed:
        note.append(ed)
        bib.append(ed)
    p.container = (_join(*note), _join(*bib))
    p.pages, p.pages_after = page_range(entry.get("pages")), "chapter"  # the note cites its locator only
    series = _join(_f(entry, "series"), _f(entry, "number"), sep=" ")
    if series:  # the book's series follows the chapter's pages: "In Book, 23–48. Series. Publisher"
        p.series = series
    publisher = _f(entry, "publisher") or _f(entry, "organization")
    p.facts, p.paren = _join(publisher or _f(entry, "location"), year(entry.get("date")) or "n.d."), True
