"""Sources inside a container, and media: journal articles and news, chapters and proceedings papers,
whole issues, films, videos and audio -> their :class:`~.parts.Parts` (CMOS 18)."""

from __future__ import annotations

import re

from ..bib.model import Entry, plain
from ..locale import labels, placed, put, term
from .names import names_note
from .parts import Parts, join, lead, role_after, title_of, txt
from .extras import original, state_words
from .roles import editor_type, editor_words
from .style import Style
from .text import cap_first, date_text, ordinal, ordinal_edition, page_range, smart, year
from .titles import italic, join_subtitle, quoted, recase


# "3–4", "3, 5", "3/4" (a double issue; "2019/3" is a year's third issue, one number)
_SEVERAL = re.compile(r"\w\s*(?:-{1,3}|[–—,&])\s*\w|(?<![\d/])\d{1,3}\s*/\s*\d{1,3}(?![\d/])")


def issue_number(number: str) -> str:
    """"no. 3"; "nos. 3–4" for a double issue or a list (CMOS 14.71), as the CSL style's plural label prints a
    range (and, unlike citeproc, a double issue written "3/4")."""
    if not _SEVERAL.search(plain(number)):
        return placed('no.', number)
    number = re.sub(r"(?<=\d)-(?=\d)", "–", number)
    words = labels()
    # the plural where the language's "no." is its issue label ("nos."); a form of its own ("{}. sayı") stays
    return put(words.label("issue", True), number) if words.term("no.") == words.label("issue") else placed('no.', number)


def directed(entry: Entry, p: Parts) -> None:
    """A film (CMOS 18 audiovisual works): the note names the director after the title ("directed by"),
    the bibliography leads with the director ("dir.")."""
    if lead(entry, p, editors_may_lead=False) or not entry.role("editor"):
        return
    if not entry.authors:
        p.bib_lead = entry.role("editor")
        n = names_note(p.bib_lead, "editor" in entry.et_al)
        p.after.append((f"directed by {n}", ""))
    else:
        n = names_note(entry.role("editor"), "editor" in entry.et_al)
        p.after.append((f"directed by {n}", f"Directed by {n}"))


def add_event(entry: Entry, p: Parts) -> None:
    """The meeting a proceedings volume records: its name, dates and venue."""
    event = join(txt(entry, "eventtitle"), date_text(entry.get("eventdate")), txt(entry, "venue"))
    if event:
        p.after.append((event, event))


def media(entry: Entry, p: Parts) -> None:
    """Videos and audio: an episode or online video in quotes, its show in italics (CMOS 18: podcasts,
    online videos); an album or recording without a show in italics, its label in roman."""
    lead(entry, p)
    date = date_text(entry.get("date"))
    platform = txt(entry, "organization") or txt(entry, "publisher")
    show = txt(entry, "journaltitle") or txt(entry, "maintitle") or txt(entry, "series")
    if entry.type == "video":
        p.facts = join(join(platform, "video", sep=" ") if platform else "", date)
    elif show or (entry.get("organization") and not entry.get("publisher")):
        # a podcast episode: the show after the title, a sentence of its own in the bibliography
        # ("Episode." *Show*. Date.), as the CSL style for CMOS 18 14.168 sets it
        p.after.append((italic(show or platform),) * 2)
        p.facts = date
    else:
        p.style = "italic"
        p.facts = join(platform, date)


def periodical(entry: Entry, p: Parts) -> None:
    """A whole issue: the journal in italics with volume, number and date; a titled (special) issue
    is quoted, then "special issue" and the journal as for an article."""
    lead(entry, p)
    head = join(txt(entry, "volume"), issue_number(txt(entry, "number")) if entry.get("number") else "")
    when = date_text(entry.get('date')) or term('n.d.')
    if entry.get("issue") and not re.search(r"\d", plain(entry.get("issue"))):  # "(Spring 2020)", as an article's
        when = f"{txt(entry, 'issue')} {year(entry.get('date'))}".strip()
    when = f"({when})"
    if entry.get("issuetitle"):
        p.title = recase(join_subtitle(entry.get("issuetitle"), entry.get("issuesubtitle")), entry.language)
        journal = italic(title_of(entry)) if entry.get("title") else ""
        # "special issue" before the journal (CMOS 18 14.77, as the 17th ed.'s 14.183 example)
        p.container = (join(term("special issue"), join(journal, head, when, sep=" ")),) * 2
    else:
        p.style = "italic"
        p.title_tail = f"{head} {when}".strip()


def article(entry: Entry, p: Parts, style: Style) -> None:
    lead(entry, p, editors_may_lead=False)
    role_after(entry, p, skip_editor=bool(entry.get("issuetitle")))  # an issue's editors follow its title
    journal = recase(join_subtitle(entry.get("journaltitle"), entry.get("journalsubtitle")), entry.language)
    journal = italic(journal) if journal else ""
    date = entry.get("date")
    sub = plain(entry.get("entrysubtype")).lower()
    if sub in ("newspaper", "magazine"):
        if not entry.authors and journal:
            p.lead_text = journal  # unsigned news: the paper stands in the author's place (CMOS 18 14.87)
        section = news_section(entry)
        if section:
            p.after.append(section)
        p.container = (journal, journal)
        # the state before the date, as for a journal article ("in press" is "forthcoming"), as citeproc places it:
        # "*The Atlantic*, forthcoming", "*Foreign Policy*, in revision May 2024"
        state = state_words(entry)
        state = term("forthcoming") if state == term("in press") else state
        p.facts = join(state, date_text(date), sep=" ")
        p.pages_after = "facts"  # no page range (CMOS 18 14.87, 14.89); a note's locator follows the date
        return
    series = plain(entry.get("series")).lower()
    # a numbered series is "3rd ser.", CMOS's form (citeproc's "3rd series" spells it out)
    series = {"newseries": "n.s.", "oldseries": "o.s."}.get(series, ordinal(series) + " ser." if series.isdigit()
                                                              else txt(entry, "series"))
    # biblatex's issue is a word ("Spring", "Christmas") printed with the date: "3 (Spring 2019)"; an
    # exporter's issue that is a number is the number
    named = txt(entry, "issue") if entry.get("issue") and not re.search(r"\d", plain(entry.get("issue"))) else ""
    number = txt(entry, "number") or ("" if named else txt(entry, "issue"))
    vol = join(txt(entry, "volume"), issue_number(number) if number else "")
    # a range of months is kept, "(April–May 2023)"; otherwise the year, and without an issue number the
    # month when the entry gives one, "7 (June 2020)" (CMOS 18 14.74: the month may be left out when the
    # issue number is given), as the CSL style prints it, unless the house keeps the year only
    month = len(date) >= 7 and date[4:5] == "-" and not (entry.get("number") or entry.get("issue")
                                                         or style.journal_year_only)
    when = (date_text(date) if "/" in date else date_text(date[:7]) if month else year(date)) or term("n.d.")
    if named and "/" not in date:
        when = join(named, year(date), sep=" ")
    # "forthcoming" with the year ("in press" is forthcoming to CMOS 18 14.72: the journal's state, not the
    # article's); any other state, "preprint", "In Revision", before the date as the CSL style prints it, where
    # no volume is given (with one, citeproc prints the volume's date alone)
    state = state_words(entry)
    pending = state in (term("forthcoming"), term("in press"))
    if pending:
        written = year(date)  # a year written as a word (year = {forthcoming}) already says it
        when = written if written and not re.search(r"\d", written) else join(term("forthcoming"), written, sep=" ")
    elif state and not (vol or series):
        when = join(state, "" if when == term("n.d.") else when, sep=" ")
    else:
        state = ""
    if series:
        head = join(journal, series, vol)
    else:
        head = join(journal, vol) if not entry.get("volume") else f"{journal} {vol}".strip()
    if journal and pending:
        p.container = (join(head, when),) * 2
    elif journal and not (vol or series) and not style.journal_date_in_parentheses:
        # neither volume nor issue: the full date after a comma, the pages after another, as for a
        # magazine ("Journal, May 17, 2022, 10–12"), as the CSL style for CMOS 18 sets it
        dated = when if named else join(state, date_text(date), sep=" ")
        p.container = (join(head, dated or term("n.d.")),) * 2
        p.pages, p.pages_after = page_range(entry.get("pages")) or txt(entry, "eid"), "facts"
    elif journal:
        head = f"{head} ({when})".strip() if when else head
        p.container = (head, head)
    else:  # no journal: a document by itself, its title in italics and the date after it (as citeproc)
        p.style = "italic"
        p.container = (join(head, when),) * 2
    if entry.get("issuetitle") and journal:
        p.container = tuple(f"{lead}{c}" for lead, c in zip(special_issue(entry), p.container))
    if p.pages_after != "facts":
        p.pages = page_range(entry.get("pages")) or txt(entry, "eid")


def news_section(entry: Entry) -> tuple[str, str]:
    """A newspaper's section or column, a magazine's department, after the title (CMOS 18 14.88, 14.93): "Metro",
    a number or letter as "sec. 3" ("Sec. 3" opening a sentence), as the CSL style prints it."""
    section = recase(entry.get("section"), entry.language)
    if not section:
        return ("", "")
    if re.fullmatch(r"[A-Z]?\d+[A-Z]?|[A-Z]", plain(section)):
        label = labels().label("section")
        return put(label, section), put(label[:1].upper() + label[1:], section)
    return (section, section)


def special_issue(entry: Entry) -> tuple[str, str]:
    """An article in a special issue: 'in “Issue Title,” ed. X, special issue, ' before the journal in a note,
    'edited by X' in the bibliography, as for any editor there (CMOS 18 14.77)."""
    issue = recase(join_subtitle(entry.get("issuetitle"), entry.get("issuesubtitle")), entry.language)
    eds = entry.role("editor")
    names = names_note(eds, "editor" in entry.et_al)
    words = editor_words(entry) if eds else ("", "")
    return tuple(f"{placed('in', quoted(issue, ','))} {put(w, names) + ', ' if eds else ''}{term('special issue')}, "
                 for w in words)


def chapter(entry: Entry, p: Parts) -> None:
    editors_lead = lead(entry, p, editors_may_lead=False)
    book = title_of(entry, "booktitle", "booksubtitle") or title_of(entry, "maintitle", "mainsubtitle")
    book = italic(book) if book else ""
    if book and entry.get("booktitleaddon"):  # after the book's title, in roman
        book = f"{book}, {txt(entry, 'booktitleaddon')}"
    if not book and entry.get("eventtitle"):
        # a paper without its proceedings' title is one read at a meeting (CMOS 18 14.115): “Title” (paper
        # presented at the Meeting, Place, May 3, 2019); retrievable by its link, so it is listed
        what = join(f"{placed('paper presented at', txt(entry, 'eventtitle'))}", txt(entry, "venue") or txt(entry, "location"),
                    date_text(entry.get("eventdate") or entry.get("date")) or term("n.d."))
        p.facts, p.paren = what, True
        p.pages, p.pages_after = page_range(entry.get("pages")), "chapter"
        return
    eds, trs = entry.role("editor"), entry.role("translator")
    by = entry.role("bookauthor") if entry.role("bookauthor") != entry.authors else ()
    chap = f"{placed('chap.', txt(entry, 'chapter'))} " if entry.get("chapter") else ""
    note = [f"{chap}{placed('in', book)}" if book else chap.strip()]
    bib = [(f"{chap}{placed('in', book)}" if book else chap.strip())]
    bib[0] = bib[0][:1].upper() + bib[0][1:]
    ed = ordinal_edition(entry.get("edition"))
    if ed:  # the book's edition first, then its volume and its people: "in *Book*, 15th ed., vol. 11, ed. X" (citeproc)
        note.append(ed)
        bib.append(ed)
    if entry.get("volume"):
        vol = join(f"{placed('vol.', txt(entry, 'volume'))}", f"{placed('pt.', txt(entry, 'part'))}" if entry.get("part") else "")
        main = title_of(entry, "maintitle", "mainsubtitle") if entry.get("booktitle") else ""
        vol = f"{vol} {placed('of', italic(main))}" if main else vol  # "in Book, vol. 2 of Main Title", CMOS's form
        note.append(vol)
        bib.append(vol)
    if by:
        n = names_note(by, "bookauthor" in entry.et_al)
        note.append(f"{placed('by', n)}")
        bib.append(f"{placed('by', n)}")
    if eds and eds == trs and editor_type(entry) == "editor":
        n = names_note(eds, "editor" in entry.et_al)
        note.append(f"{placed('ed. and trans.', n)}")
        bib.append(f"{placed('edited and translated by', n)}")
        trs = ()
    elif eds and not editors_lead:
        n = names_note(eds, "editor" in entry.et_al)
        ed_note, ed_bib = editor_words(entry)  # "ed.", or the editortype's: "comp.", "compiled by"
        note.append(put(ed_note, n))
        bib.append(put(ed_bib, n))
    if trs:
        n = names_note(trs, "translator" in entry.et_al)
        note.append(f"{placed('trans.', n)}")
        bib.append(f"{placed('translated by', n)}")
    p.container = (join(*note), join(*bib))
    p.pages, p.pages_after = page_range(entry.get("pages")), "chapter"  # the note cites its locator only
    series = join(txt(entry, "series"), txt(entry, "number"), sep=" ")
    if series:  # the book's series follows the chapter's pages: "In Book, 23–48. Series. Publisher"
        p.series = series
    publisher = txt(entry, "publisher") or txt(entry, "organization")
    orig = f"{date_text(entry.get('origdate'))}; " if entry.get("origdate") and not original(entry)[0] else ""
    p.facts, p.paren = orig + join(publisher or txt(entry, "location"), year(entry.get("date")) or term("n.d.")), True


def unsigned_reference(entry: Entry) -> bool:
    """An entry of a dictionary or encyclopedia without author (``unsigned_entry``; cited in notes only)."""
    return entry.type == "inreference" and not entry.authors and bool(entry.get("booktitle"))


def unsigned_entry(entry: Entry, p: Parts) -> None:
    """An unsigned entry of a dictionary or encyclopedia (``@inreference`` without author), as the CSL style for
    CMOS 18 14.130–131 prints it: its title as written (a headword, "doctrine, n.", is no title to re-case), and
    cited in the notes only (``notes_only``). Never "n.d.". Consulted online (a DOI or URL): “Nation,” *Dictionary*
    (Publisher), without "in"; in print, the work leads and the entry follows the facts, "*Encyclopaedia Britannica*,
    15th ed., vol. 11 (Publisher, 2010), under “Sovereignty”" (CMOS 18's "under" for the older "s.v.")."""
    word = smart(join_subtitle(entry.get("title"), entry.get("subtitle")))
    book = title_of(entry, "booktitle", "booksubtitle")
    p.title, p.short = cap_first(word), word  # it leads the full note; short: "*Dictionary*, “nation,” 3"
    note, bib = p.container
    within = placed("in", italic(book))
    p.container = (note.replace(within, italic(book), 1), bib)
    # undated: no "n.d.", in print as online, as citeproc prints it ("*Dictionary* (Publisher), under “nation”")
    publisher = txt(entry, "publisher") or txt(entry, "organization")
    p.facts = join(publisher or ("" if p.link else txt(entry, "location")), year(entry.get("date")))
    if p.link:
        p.work = italic(book)
        return
    p.title, p.short, p.style = book, book, "italic"
    p.container = (join(*note.replace(within, "", 1).split(", ")), bib)
    p.under = word  # "under “Sovereignty”" (chicago._under)
