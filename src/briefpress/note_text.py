"""Citations -> the text they print (Chicago 18, :mod:`briefpress.chicago`): a citation -> its note's text (a full
note the first time a source is cited, a short one after; :func:`format_citation`), the name an in-text citation
prints (:func:`author_in_text`), a note's closing period (:func:`end_note`); cited keys -> the reference list's
entries (:func:`reference_list`). Each source is set in its own language's quotation marks (:func:`in_own_language`).
:mod:`briefpress.document` asks, as it numbers the notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from . import chicago, locale
from .bibliography import Entry
from .citations import LOCATOR_TERMS, Citation, parse_locator
from .markdown_ext import render_inline


@dataclass(frozen=True)
class Reference:
    key: str
    html: str


def in_own_language(html: str, entry: Entry, language: str) -> str:
    """A formatted source in the quotation marks of its own language (``langid``, else the paper's), and
    in a ``lang`` span when its language differs from the paper's, so it is hyphenated as its language.
    The quotation marks follow only a language the entry states: one guessed from its title
    (:attr:`.Entry.language`) is no reason to set the whole note in another language's marks."""
    stated = locale.bcp47(entry.written_language, entry.get("title")) or language
    own = locale.bcp47(entry.language, entry.get("title")) or language
    # a source in the paper's language takes the paper's marks: an English one (langid english) in a British paper, ‘ ’
    html = locale.requote(html, language if locale.same_language(stated, language) else stated, citation=True)
    return html if locale.same_language(own, language) else f'<span lang="{own}">{html}</span>'


_PAGE_WORDS = tuple(t for t, label in LOCATOR_TERMS.items() if label == "page")


def _written_label(item, words: tuple = ()) -> str:
    """The locator's label as written: '' for a bare number, which an entry's ``pagination`` labels ("col. 45",
    chicago.extras.locator_label); 'page' only when the writer wrote "p.", "pp.", "page" (or the paper's
    language's "S.", "str.": a page, whatever the entry counts)."""
    page_words = _PAGE_WORDS + tuple(w for w, label in words if label == "page")
    if item.label == "page" and not item.raw_suffix.lstrip(" ,{\t").lower().startswith(page_words):
        return ""
    return item.label


def _in_language(item, words: tuple):
    """A cite item's locator read again with the paper's language's words ("S. 5", "Kap. 3"), as pandoc reads
    them: the text was parsed as it was read (citations.extract_all), before the language was known."""
    if not words or not item.raw_suffix:
        return item
    locator, label, suffix = parse_locator(item.raw_suffix, words)
    return replace(item, locator=locator, label=label, suffix=suffix.strip())


def format_citation(citation: Citation, entries: dict[str, Entry], seen: set, language: str = "en",
                    style: chicago.Style = chicago.CMOS, note: bool = True, cited: dict | None = None) -> str:
    """A citation -> note text (HTML). ``seen`` collects keys already cited in full; ``style`` holds the
    theme's house forms (``bibliography: house:``). ``note``: the citation is a note of its own, so it
    starts with a capital ("*see* Doe" -> "*See* Doe") and ends with its period (``end_note``); inside a
    footnote's sentence it does neither. ``cited``: the sources the paper cites, among which a short note must
    read as no other's (:func:`chicago.dated_short`; citeproc's disambiguation), by default ``entries``."""
    parts = []
    words = locale.labels().locator_words
    for item in citation.items:
        item = _in_language(item, words)
        entry = entries[item.key]  # by its key or one of its ids: the same source, one full note
        label = _written_label(item, words)
        # an unsigned piece cited in the text, "@key says", has its paper or site there (author_in_text): its note
        # leaves it out, as citeproc does (“Talks Resume.”); a signed source's note keeps its names
        suppress = item.mode == "suppress-author" or (
            note and item.mode == "author-in-text" and bool(chicago.unsigned_lead(entry, style)))
        if entry.key in seen:
            dated = chicago.dated_short(entry, cited or entries, style)
            text = chicago.short_note(entry, item.locator, label, style, suppress, dated)
        else:
            text = chicago.full_note(entry, item.locator, label, style, suppress)
            seen.add(entry.key)
        text = in_own_language(text, entry, language)
        if item.prefix:
            text = f"{render_inline(item.prefix)} {text}"
        if item.suffix:
            text = chicago.add_suffix(text, render_inline(item.suffix))
        parts.append(text)
    text = "; ".join(parts)
    if not note:
        return text
    text = re.sub(r"^((?:<[^>]+>)*)(\w)", lambda m: m.group(1) + m.group(2).upper(), text, count=1)
    return end_note(text, language)


def end_note(text: str, language: str) -> str:
    """A citation's text ending a note: with its period."""
    if re.search(r"[.?!][’”»“]*$", re.sub(r"<[^>]+>", "", text)):
        return text
    # A note ending in an English quoted title ends “Title.” (CMOS 6.9: the period goes inside the quotation
    # marks); other languages' closing marks (» “), and ” in a language that sets it after them (Bosnian,
    # Turkish: punctuation_in_quote: false), keep it outside.
    inside = locale.load(language).punctuation_in_quote and re.search(r"[’”](?:</[a-z]+>)*$", text)
    return re.sub(r"([’”]+)((?:</[a-z]+>)*)$", r".\1\2", text) if inside else text + "."


def author_in_text(entry: Entry, style: chicago.Style = chicago.CMOS) -> str:
    """The name an in-text citation (``@key says``) prints: the authors' family names, else the paper or site that
    stands for an unsigned piece's author (*Koha Ditore*, as citeproc prints it), else the short note (a title)."""
    return (chicago.author_short(entry, style) or chicago.unsigned_lead(entry, style)
            or chicago.short_note(entry, style=style))


def reference_list(entries: dict[str, Entry], cited: list[str], language: str = "en",
                   style: chicago.Style = chicago.CMOS) -> tuple[Reference, ...]:
    """Every cited source once, sorted by author (in the language's collation); a repeated author list is
    repeated (CMOS 18 13.73's recommendation), or becomes a 3-em dash where the theme keeps that house form."""
    ordered = sorted({k: entries[k] for k in cited}.values(), key=lambda e: chicago.sort_key(e, style))
    out, previous = [], None
    for entry in ordered:
        html, lead = chicago.bibliography_entry(entry, style), chicago.lead_names(entry, style)
        if style.repeated_names_dash and lead and lead == previous and html.startswith(lead):
            html = "⸻" + html[len(lead):]
        previous = lead or None
        out.append(Reference(entry.key, in_own_language(html, entry, language)))
    return tuple(out)


# a note call after moved punctuation right after a closing quotation mark: “text”,[1] (citations.extract)
_QUOTED_CALL = re.compile("([.?!]?)(’?”|’)([.,])(\ue000c(\\d+)\ue001)")
_OPEN_SINGLE = re.compile("‘[^‘’]*(?:(?<=\\w)’(?=\\w)[^‘’]*)*$")  # an open ‘, its words’ apostrophes aside


def quoted_calls(html: str, citations, language: str) -> str:
    """The comma or period moved before a citation's note call goes inside the quotation mark before it,
    in a language that sets it there (American English: “text,”¹, CMOS 6.9), as pandoc does for a note
    style; after a quotation's own period, ? or ! it goes ("why?”¹, “no.”¹). Only punctuation the move put there
    (a note call written after it stays), and a ’ only where it closes a ‘ (not an apostrophe: students’.¹)."""
    if "\ue000c" not in html or not locale.load(language).punctuation_in_quote:
        return html

    def move(m):
        own, marks, punct, call = m.group(1), m.group(2), m.group(3), m.group(4)
        if citations[int(m.group(5))].moved != punct:
            return m.group()
        if marks == "’":
            start = max(html.rfind("<p", 0, m.start()), html.rfind("<li", 0, m.start()), 0)
            if not _OPEN_SINGLE.search(html, start, m.start()):
                return m.group()
        if own and (punct == "." or own in "?!"):  # “no.”¹, “why?”¹: no second mark (CMOS 6.133)
            return own + marks + call
        return own + punct + marks + call
    return _QUOTED_CALL.sub(move, html)
