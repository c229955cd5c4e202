"""Per-type parts of a Chicago reference: Entry -> :class:`~.parts.Parts` (what is printed, in which order).

``parts_of`` picks the form by biblatex type; sources inside a container (articles, chapters) and
media are in ``containers``. The three forms (full note, short note, bibliography entry) are assembled
from the parts in ``__init__``, so each source type is described once.
"""

from __future__ import annotations

import re

from ..bib.model import Entry, plain
from ..locale import placed, term
from .extras import original, review_of, supplement, with_status
from .containers import add_event, article, chapter, directed, media, periodical, unsigned_entry, unsigned_reference
from .names import names_note
from .parts import Parts, book_details, human, join, lead, place, role_after, title_of, txt, type_key
from .style import CMOS, Style
from .text import cap_first, date_text, dated, link, page_range, url_printed, year
from .titles import headline, is_english, italic, recase

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
_NUMBER = re.compile(r"^\d[\d-]*$")  # "5", "2023-04"; not "7/2020" nor "SWD(2023) 692"
COMMON_FIRST_WORDS = frozenset("paper presented unpublished manuscript typescript lecture talk poster draft "
                               "memorandum letter speech address remarks interview".split())
# and a letter's (RIS's M3 of an ICOMM or PCOMM record: "Email", "Online forum post", CMOS 18 14.111); not a misc's,
# where "Online" or "Text …" is how a published work was published (citeproc: its title italic, listed)
MESSAGE_WORDS = frozenset("email e-mail message text telephone conversation online forum post".split())


def parts_of(entry: Entry, style: Style = CMOS) -> Parts:
    entry = with_status(entry)  # pubstate = {forthcoming}: the state in place of the date
    t = entry.type
    p = Parts(link=link(entry.fields))
    p.title = title_of(entry)
    p.short = recase(entry.get("shorttitle"), entry.language) if entry.get("shorttitle") else ""
    date = entry.get("date")
    # the date accessed goes with a URL, as the CSL style prints it: not with a DOI (a persistent link) nor with no
    # link at all; it does not stand for the date, so "n.d." stays ("Pub, n.d. Accessed …", citeproc's form)
    if not date and entry.get("urldate") and url_printed(entry.fields, p.link):
        p.access = date_text(entry.get("urldate"))
    undated = term("n.d.")
    if t == "article":
        article(entry, p, style)
    elif t in CHAPTERS:
        chapter(entry, p)
        if unsigned_reference(entry):
            unsigned_entry(entry, p)
    elif t in BOOKS or t == "movie" or (t == "video" and plain(entry.get("editortype")).lower() == "director"):
        p.style = "italic"
        if t in ("movie", "video") or plain(entry.get("editortype")).lower() == "director":
            directed(entry, p)
        else:
            role_after(entry, p, skip_editor=lead(entry, p))
        if entry.get("maintitle") and entry.get("volume"):
            p.title = title_of(entry, "maintitle", "mainsubtitle")
        book_details(entry, p)
        add_event(entry, p)
        if t == "standard" and entry.get("number"):
            p.after.append((txt(entry, "number"), txt(entry, "number")))
        publisher = txt(entry, "publisher") or txt(entry, "organization") or txt(entry, "institution") or (
            txt(entry, "howpublished") if t == "booklet" else "")  # a booklet's way of publication stands for it
        # CMOS 18 drops the place of publication; without a publisher the place is all there is
        where = publisher or txt(entry, "location")
        # the original's date with the reprint's, "1965; Pub, 2020", unless its publication is told in full
        orig = f"{date_text(entry.get('origdate'))}; " if entry.get("origdate") and not original(entry)[0] else ""
        if t in ("movie", "video") and entry.get("howpublished"):
            # what the recording is ("Documentary film", "DVD") follows the publication facts, as the medium
            # does (CMOS 18 14.165): "(RTK, 2019), documentary film"; "RTK, 2019. Documentary film."
            kind = txt(entry, "howpublished")
            p.medium = kind[:1].lower() + kind[1:] if kind[1:2].islower() else kind
        # a film with no studio: the year follows the director, as the CSL style for CMOS 18 14.165 sets it
        p.facts, p.paren = orig + join(where, year(date) or undated), bool(where) or t not in ("movie", "video")
    elif t == "periodical":
        periodical(entry, p)
    elif t == "thesis":
        lead(entry, p, editors_may_lead=False)
        kind = human(entry.get("type") or "phdthesis", THESIS)
        if type_key(entry.get("type") or "phdthesis") in THESIS and kind.split(" ")[0][1:].islower():
            kind = kind[:1].lower() + kind[1:]  # "master’s thesis" in a note (CMOS 18 14.113); "PhD diss." stays
        p.facts, p.paren = join(kind, txt(entry, "institution"), year(date) or undated), True
        p.medium = txt(entry, "library")  # the database holding it, "AAT 3300426, ProQuest" as citeproc prints it
    elif t == "report" and not style.report_facts_in_parentheses:
        report(entry, p)
    elif t in ("report", "jurisdiction"):
        p.style = "italic"
        role_after(entry, p, skip_editor=lead(entry, p))
        if t == "jurisdiction" and entry.get("journaltitle"):  # the law report: "ICJ Reports 403"
            cite = join(txt(entry, "volume"), txt(entry, "journaltitle"), page_range(entry.get("pages")), sep=" ")
            p.after.append((cite, cite))
            p.pages = "-"  # printed with the report
        else:
            book_details(entry, p)
        kind = human(entry.get("type"), REPORT)
        # "no." only before a number, as in the plain form: not before "CS-TR-99-01" or a "No. 4" already labelled
        # "no." before a report's number only, as in the plain form (not "CS-TR-99-01"); a case's application
        # number keeps it ("no. 27996/06"); never twice ("Research Report No. 4")
        number = txt(entry, "number")
        if number and not re.match(r"(?i)no\.", plain(number)) and (t == "jurisdiction" or _NUMBER.match(number)):
            number = placed("no.", number)  # the language's "br.", "nr."
        kind_no = join(kind, number, sep=" ")
        p.facts = join(kind_no[:1].upper() + kind_no[1:] if kind else kind_no,
                        txt(entry, "institution") or txt(entry, "publisher"),
                        date_text(date) or (undated if t == "report" else ""))
        p.paren = True
    elif t == "legislation":
        p.style = "roman"
        lead(entry, p)
        number = txt(entry, "number")
        if number and plain(number) not in plain(entry.get("title")):
            p.after.append((placed("no.", number),) * 2)
        gazette = txt(entry, "journaltitle")
        if gazette:
            p.after.append((italic(gazette),) * 2)
        p.facts, p.paren = join(txt(entry, "institution"), date_text(date)), True
    elif t in ("online", "www", "electronic"):
        lead(entry, p)
        role_after(entry, p, skip_editor=bool(p.lead_label[0]))
        if entry.get("version"):
            p.after.append((f"{placed('version', txt(entry, 'version'))}", f"{placed('Version', txt(entry, 'version'))}"))
        # how it was published stands for the owner when none is named ("Intranet"), as citeproc prints it
        owner = (txt(entry, "organization") or txt(entry, "publisher") or txt(entry, "journaltitle")
                 or txt(entry, "howpublished"))
        # the place only where no owner is named, as for a book (citeproc prints it); "Online" or an address is none
        p.facts = join(owner or place(entry), date_text(date))
        preprint = plain(entry.get("entrysubtype")).lower() == "preprint"
        if not preprint:  # a working paper posted online: "Working paper no. 17", as citeproc prints it
            p.after.extend(genre_and_number(entry))
        if preprint:  # CSL's article without a journal (bib/csl.py)
            # the server's id after the title, then "preprint" (or its own genre) before the server: CMOS 18 14.76,
            # as the CSL style prints it: “Title,” arXiv:2305.01234, preprint, arXiv, May 4, 2023
            if entry.get("number"):
                p.after.append((txt(entry, "number"),) * 2)
            p.facts = join(txt(entry, "type") or term("preprint"), p.facts)
        if owner and not p.lead and style.website_owner_leads:  # CMOS 18 14.104: listed under its owner
            p.lead_text, p.bib_facts = owner, date_text(date)
    elif t in ("video", "audio", "music", "performance"):
        media(entry, p)
    elif t == "software":
        p.style = "italic"
        lead(entry, p)
        if entry.get("version"):
            p.after.append((f"{placed('v.', txt(entry, 'version'))}", f"{placed('V.', txt(entry, 'version'))}"))
        p.facts = join(txt(entry, "publisher") or txt(entry, "organization"),
                        dated(date, lambda when: placed("released", when)))
    elif t == "dataset":
        lead(entry, p)
        if entry.get("version"):
            p.after.append((f"{placed('version', txt(entry, 'version'))}", f"{placed('Version', txt(entry, 'version'))}"))
        p.facts = join(txt(entry, "publisher") or txt(entry, "organization") or txt(entry, "institution"),
                        date_text(date))
    elif t == "patent":
        p.style = "roman"
        lead(entry, p)
        kind = human(entry.get("type"), REPORT) if entry.get("type") else "Patent"
        number = join(kind, txt(entry, "number"), sep=" ") if entry.get("number") else ""
        p.facts = join(number, dated(date, "issued {}".format))
    elif t in ("unpublished", "letter") and not _interview(entry):
        lead(entry, p)
        role_after(entry, p, skip_editor=bool(p.lead_label[0]))
        p.private = True
        # without a description of its own, what it is: "personal communication" for a letter the reader
        # cannot see (CMOS 18 14.111), "unpublished manuscript" (14.114), the CSL style's labels
        generic = "unpublished manuscript" if t == "unpublished" else (
            "personal communication" if not retrievable(entry, p) else "")
        what = txt(entry, "note") or txt(entry, "howpublished") or txt(entry, "type") or term(generic)
        first = plain(what).split(" ", 1)[0].lower()
        if first in COMMON_FIRST_WORDS or (t == "letter" and first in MESSAGE_WORDS):  # runs on in the note:
            # "paper presented at …", "online forum post"
            what = what[:1].lower() + what[1:]
        event = txt(entry, "eventtitle")
        if event and plain(event) not in plain(what):
            what = join(what, event)
        if entry.source_type == "personal_communication":  # the list or forum it went to (RIS's ICOMM T2)
            what = join(what, txt(entry, "booktitle"))
        # the library or archive that holds it last, where the reader finds it (CMOS 18 manuscript collections)
        p.facts = join(what, txt(entry, "venue") or txt(entry, "location"),
                        date_text(date) or (undated if t == "unpublished" else ""), txt(entry, "library"))
    elif _unpublished(entry) or _interview(entry):  # a misc that says it is unpublished: an interview, a poster
        unpublished_misc(entry, p)
    else:  # misc and every other type: a document
        p.style = "italic" if entry.get("title") else "roman"
        lead(entry, p)
        role_after(entry, p, skip_editor=bool(p.lead_label[0]))
        p.after.extend(genre_and_number(entry))
        if entry.get("series"):  # after its kind and number, as citeproc prints it: "no. 12, Working Papers"
            p.after.append((txt(entry, "series"),) * 2)
        # a document is dated like a book, by its year (the CSL style's 'document')
        how, owner = txt(entry, "howpublished"), txt(entry, "organization") or txt(entry, "publisher") or txt(
            entry, "institution")
        # Zotero writes a repository both as the publisher and as howpublished ("Zenodo"): once; CMOS 18 drops the
        # place, so it stands only where nothing else names the publisher (Zotero's "Rochester, NY" of SSRN is not printed)
        where = join(how if plain(how) != plain(owner) else "", owner) or txt(entry, "location")
        p.facts = join(where, year(date) or undated)
    if t != "article" and entry.get("pages") and not p.pages:
        p.pages, p.pages_after = page_range(entry.get("pages")), "facts"
    p.pages = "" if p.pages == "-" else p.pages
    p.supplement = supplement(entry, p.private)
    p.after[0:0] = review_of(entry)  # "review of *Title*, by Author", first after the review's title (CMOS 18)
    if entry.get("titleaddon"):  # "Title, exhibition catalog" / "Title. Exhibition catalog." in roman, first after it
        p.after.insert(0, (txt(entry, "titleaddon"), cap_first(txt(entry, "titleaddon"))))
    return p



def genre_and_number(entry: Entry, genre: str | None = None) -> list[tuple[str, str]]:
    """A document's kind and number after its title, a report's (CMOS 18 14.116): "SSRN Scholarly Paper
    no. 1234567", "Working paper no. 17" ("Working Paper No. 17" in the bibliography), a bare number "no. 5", a
    server's id as written, "arXiv:2305.01234": what citeproc prints for a report, a misc or a web page (Zotero's
    preprint). ``genre``: the kind in words, where the type does not say it as written (a report's)."""
    if genre is None:  # as written (BibTeX's, CSL's genre), not implied by an alias (@interview's "interview")
        genre = txt(entry, "type") if plain(entry.get("type")).lower() != entry.source_type else ""
    number = txt(entry, "number")
    if not (genre or number):
        return []
    # "no." in the paper's language ("br. 5", "nr. 5"), before a number only
    numbered = bool(number) and bool(_NUMBER.match(number))
    note_no, bib_no = (placed("no.", number), placed("No.", number)) if numbered else (number, number)
    # title case before a number only ("Working Paper No. 17", "Press release"), as citeproc and report() print it
    headed = headline(genre) if number and is_english(entry.language) else cap_first(genre)
    return [(join(genre, note_no, sep=" "), cap_first(join(headed, bib_no, sep=" ")))]


def retrievable(entry: Entry, p: Parts) -> bool:
    """A reader can find it: a link (DOI, eprint, URL), a publisher or a holding institution or library."""
    return bool(p.link) or any(entry.get(f) for f in ("publisher", "organization", "institution", "library"))


DESCRIBED = re.compile(r"(?i)(?:interview|letter|e-?mail)\s+(?:by|with|to)\b")


def _unpublished(entry: Entry) -> bool:
    """A misc entry that describes itself as unpublished ("Unpublished field notes", "Poster at …", an
    interview) and names no publisher."""
    if entry.get("publisher") or entry.get("organization") or entry.get("institution"):
        return False
    if entry.source_type == "interview" or type_key(entry.get("type")) == "interview":
        return True
    what = plain(entry.get("howpublished") or entry.get("type") or entry.get("note")).split(" ", 1)[0].lower()
    if what in COMMON_FIRST_WORDS:
        return True
    # nothing but a title that describes it as CMOS 18 14.110-14.111 do ("Interview by the author", "Letter to
    # the author"), and nowhere to find it; a work's own title ("Letter from Birmingham Jail") is not taken so
    return bool(DESCRIBED.match(plain(entry.get("title")))) and not any(
        entry.get(f) for f in ("url", "doi", "eprint", "howpublished", "publisher"))


def _interview(entry: Entry) -> bool:
    """CSL's interview (a letter of subtype interview): "interview by X" as an unpublished misc's, not a letter's."""
    return entry.type == "letter" and plain(entry.get("entrysubtype")).lower() == "interview"


def unpublished_misc(entry: Entry, p: Parts) -> None:
    """Unpublished material as CMOS cites it (titles of unpublished works in quotation marks, 8.184 in the
    17th ed.; CMOS 18 14.110 interviews, 14.114 manuscripts, 14.115 posters and papers read at meetings): the
    title quoted, the description in lower case in the note, the place and the full date."""
    lead(entry, p)
    role_after(entry, p, skip_editor=bool(p.lead_label[0]))
    p.private = True
    genre = txt(entry, "type") if entry.source_type == entry.type else ""
    interviewers = entry.role("editora") if plain(entry.get("editoratype")).lower() == "interviewer" else ()
    if interviewers:
        genre = f"{placed('interview by', names_note(interviewers, 'editora' in entry.et_al))}"
    elif (entry.source_type == "interview" or _interview(entry)) and not genre:
        genre = term("interview")
    what = join(genre, txt(entry, "howpublished"), txt(entry, "note"))
    if plain(what).split(" ", 1)[0].lower() in COMMON_FIRST_WORDS | {"interview"}:
        what = what[:1].lower() + what[1:]
    p.facts = join(what, txt(entry, "location"), date_text(entry.get("date")) or term("n.d."), txt(entry, "library"))
    if not entry.get("title"):
        p.style = "roman"


def report(entry: Entry, p: Parts) -> None:
    """A report as CMOS 18 14.116 and the CSL style set it: its kind and number after the title like a
    series ("Working paper no. 5"; in the bibliography in title case, "Working Paper No. 5"), then the
    institution and the year, as for a book."""
    p.style = "italic"
    role_after(entry, p, skip_editor=lead(entry, p))
    book_details(entry, p)
    written = plain(entry.get("type"))
    # "techreport" only implied by @techreport is not printed: the kind is the entry's to say (as citeproc)
    kind = "" if entry.source_type == "techreport" and written == "techreport" else txt(entry, "type")
    if kind and " " not in written and written.islower():  # a type key ("resreport"): a term, in lower case
        kind = human(entry.get("type"), REPORT)
        kind = kind[:1].lower() + kind[1:]
    p.after[0:0] = genre_and_number(entry, kind)
    p.facts = join(txt(entry, "institution") or txt(entry, "publisher"), year(entry.get("date")) or term("n.d."))
    p.paren = True
