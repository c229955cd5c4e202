"""The parts of a Chicago reference and the helpers every source type uses to fill them in.

:class:`Parts` says what a reference prints and in which order; ``types`` and ``containers`` fill it
in per source type; ``__init__`` assembles the full note, short note and bibliography entry from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..bib.model import Entry, Name, plain
from ..locale import placed, term
from .roles import contributors, lead_label
from .text import ordinal_edition, smart
from .titles import italic, join_subtitle, recase

_KEY_JUNK = re.compile(r"[\s.’']")
# a range or list of volumes, "1–3", "II & III"; not one volume's part, "1, pt. 2"
_SEVERAL = re.compile(r"[\dIVXLC]\s*(?:-{1,3}|[–—,&])\s*[\dIVXLC]")


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
    medium: str = ""  # after the facts: what a recording is ("documentary film", "DVD"; CMOS 18 14.165)
    bib_facts: str | None = None  # the bibliography's facts, when they differ (a web page's owner leads there)
    paren: bool = False  # note prints facts in parentheses
    series: str = ""  # a chapter's book series, after the pages
    access: str = ""  # accessed date, only when there is no publication date (CMOS 18: undated sources)
    link: str = ""
    # unpublished or personal (a letter, an interview, a manuscript, a paper read at a meeting, a poster):
    # cited in notes only unless the reader can retrieve it (CMOS 18 14.110, 14.111, 14.114, 14.115)
    private: bool = False
    # after the publication facts, before the locator and link: the original publication, note, addendum
    supplement: list = field(default_factory=list)
    under: str = ""  # an unsigned dictionary or encyclopedia entry's headword, after the facts and in short notes
    work: str = ""  # the dictionary of an unsigned entry consulted online, before its headword in short notes


def txt(entry: Entry, name: str) -> str:
    return smart(entry.get(name))


# a web page's "place" that names no place: its medium ("Online") or its address ("www.example.org")
_NO_PLACE = re.compile(r"(?i)\s*(?:on-?line|internet|(?:the\s+)?web|(?:https?://|www\.)\S*|[\w-]+(?:\.[\w-]+)+/\S*|"
                       r"[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|edu|gov|info|io)/?)\s*")


def place(entry: Entry) -> str:
    """The entry's ``location`` where it names a place (not "Online", not a web address)."""
    return "" if _NO_PLACE.fullmatch(plain(entry.get("location"))) else txt(entry, "location")


def title_of(entry: Entry, name: str = "title", sub: str = "subtitle") -> str:
    # a titleaddon is not part of the title: printed after it in roman (types.parts_of), as biblatex does
    return recase(join_subtitle(entry.get(name), entry.get(sub)), entry.language)


def join(*parts: str, sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


def type_key(value: str) -> str:
    """A type as written -> the key it may be ('PhD thesis' -> 'phdthesis')."""
    return _KEY_JUNK.sub("", plain(value)).lower()


def human(value: str, table: dict) -> str:
    key = type_key(value)
    return term(table[key]) if key in table else smart(value)


def role_after(entry: Entry, parts: Parts, skip_editor: bool) -> None:
    """'ed. X', 'trans. Y' (or 'ed. and trans. X'), 'comp. Z', 'with a foreword by W' after the title
    (:func:`.roles.contributors`)."""
    parts.after.extend(contributors(entry, skip_editor))


def book_details(entry: Entry, parts: Parts) -> None:
    """Edition, version, volume (of a titled multivolume work: 'vol. 2, Volume Title'), volumes, series."""
    ed = ordinal_edition(entry.get("edition"))
    if ed:
        parts.after.append((ed[:1].lower() + ed[1:] if ed[1:2].islower() else ed, ed))
    if entry.get("version") and entry.type not in ("software", "dataset"):
        parts.after.append((f"{placed('version', txt(entry, 'version'))}", f"{placed('Version', txt(entry, 'version'))}"))
    if entry.get("volume"):
        pt = f", {placed('pt.', txt(entry, 'part'))}" if entry.get("part") else ""  # CMOS 18 14.20
        several = bool(_SEVERAL.search(plain(entry.get("volume"))))  # "vols. 1–3", as citeproc
        if several:
            note, bib = placed('vols.', txt(entry, "volume")) + pt, placed('Vols.', txt(entry, "volume")) + pt
        else:
            note, bib = placed('vol.', txt(entry, "volume")) + pt, placed('Vol.', txt(entry, "volume")) + pt
        if entry.get("maintitle") and entry.get("title"):  # the main title leads; this volume's title follows
            own = italic(title_of(entry))
            note, bib = f"{note}, {own}", f"{bib}, {own}"
        parts.after.append((note, bib))
    elif entry.get("volumes"):
        count = txt(entry, "volumes")
        count = f"{count} {term('vol.') if count.strip() == '1' else term('vols.')}"  # Zotero's "# of Volumes" may be 1
        parts.after.append((count, count))
    series = join(txt(entry, "series"), txt(entry, "number") if entry.type not in ("report", "standard", "jurisdiction") else "",
                   sep=" ")
    if series:
        parts.after.append((series, series))


def lead(entry: Entry, parts: Parts, editors_may_lead: bool = True) -> bool:
    """Authors lead; without them, editors with 'ed.'/'eds.' (CMOS 18 13.77 ff.). True when editors lead."""
    if entry.authors:
        parts.lead, parts.lead_et_al = entry.authors, "author" in entry.et_al
        return False
    if editors_may_lead and entry.role("editor"):
        parts.lead, parts.lead_et_al = entry.role("editor"), "editor" in entry.et_al
        parts.lead_label = lead_label(entry)  # ("ed.", "eds."), or the editortype's ("comp.", "comps.")
        return True
    return False
