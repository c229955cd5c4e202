"""What databases and reference managers write into BibTeX, read as what it means.

Takes one entry's type and fields (names already lower case and aliased by :mod:`.bibtex`); returns
them tidied. Each rule answers an exporter's habit seen in real files:

- EndNote writes its reference type into ``type`` (``type = {Journal Article}``, ``{Web Page}``), Web
  of Science its document type (``Type = {Proceedings Paper}``): the kind of work, not biblatex's
  ``type`` (a report's "Working paper"). It is never printed; where the entry type is vague
  (``@misc``, ``@article`` for a newspaper) it sets the type (:func:`kind`). The value is kept in
  ``exporter-type`` (opaque, never printed). A value that is also a biblatex description ("Press
  release", "Map"; one word such as "Review" outside a Web of Science export) stays the ``type``, printed.
- Crossref's content negotiation (doi.org BibTeX) keeps the publisher's JATS / MathML markup and HTML
  entities in titles (``<mml:math>n</mml:math>-heptane``, ``&amp;``): italics, bold, super- and
  subscripts become LaTeX, other tags are dropped, entities decoded (:func:`markup`).
- Web of Science (and old library catalogues) write titles, journals and publishers in capitals: read as
  words by :mod:`.caps`.
- Qiqqa and some Mendeley exports put a chapter's book in ``journal``: it is the ``booktitle``; Mendeley's
  ``@article`` in the "SSRN Electronic Journal" is a preprint on SSRN (:func:`ssrn`).
- A title (or publisher: "IEEE Press.") typed as a sentence ("Black holes in binary systems. Observational appearance.", as ADS
  and catalogues give them) ends without its period, which the reference's own punctuation replaces
  (:func:`final_period`); an abbreviation's period ("Inc.") and a Serbian year's ("2006.") stay.
"""

from __future__ import annotations

import html
import re

# EndNote's reference types (its BibTeX export writes them in 'type') -> biblatex type (+ entrysubtype)
ENDNOTE = {
    "journal article": ("article", ""), "electronic article": ("article", ""),
    "magazine article": ("article", "magazine"), "newspaper article": ("article", "newspaper"),
    "book": ("book", ""), "electronic book": ("book", ""), "edited book": ("book", ""),
    "book section": ("incollection", ""), "electronic book section": ("incollection", ""),
    "conference paper": ("inproceedings", ""), "conference proceedings": ("inproceedings", ""),
    "thesis": ("thesis", ""), "report": ("report", ""), "government document": ("report", ""),
    "web page": ("online", ""), "blog": ("online", ""), "online multimedia": ("online", ""),
    "dataset": ("dataset", ""), "aggregated database": ("dataset", ""), "online database": ("dataset", ""),
    "computer program": ("software", ""), "film or broadcast": ("video", ""), "audiovisual material": ("video", ""),
    "patent": ("patent", ""), "standard": ("standard", ""), "manuscript": ("unpublished", ""),
    "unpublished work": ("unpublished", ""), "statute": ("legislation", ""), "bill": ("legislation", ""),
    "legal rule or regulation": ("legislation", ""), "case": ("jurisdiction", ""), "generic": ("misc", ""),
    "personal communication": ("letter", ""), "serial": ("periodical", ""), "pamphlet": ("booklet", ""),
    "encyclopedia": ("reference", ""), "dictionary": ("reference", ""),
    "artwork": ("artwork", ""), "music": ("music", ""),
}  # not "Map" or "Press Release": @misc's type, printed as written, says what the work is in either reading
# Web of Science document types (a ';' joins several: "Article; Early Access")
WOS = frozenset({"article", "review", "proceedings paper", "editorial material", "book review", "meeting abstract",
                 "early access", "book chapter", "data paper", "news item", "biographical-item", "correction",
                 "retracted publication", "letter", "note", "reprint", "discussion", "book", "abstract of published item",
                 "software review", "database review", "hardware review", "bibliography", "chronology"})
# kinds that are also what a writer or Zotero calls the work ("Blog", as for "Blog post", "Podcast"): they set the
# entry type and are printed, as citeproc prints them ("“Title,” Blog, Site, 2022")
DESCRIPTIONS = frozenset({"blog"})
VAGUE = frozenset({"misc", "article"})  # entry types an exporter's kind may make precise
_KIND_TEXT = re.compile(r"[{}]")


def kind(etype: str, raw: dict[str, str], from_wos: bool) -> str:
    """An exporter's kind of work in ``type`` -> the entry type; ``type`` moved to ``exporter-type``."""
    value = raw.get("type")
    if not value:
        return etype
    name = _KIND_TEXT.sub("", value).strip().lower()
    parts = [p.strip() for p in name.split(";") if p.strip()]
    if name in ENDNOTE:
        target, sub = ENDNOTE[name]
    elif parts and all(p in WOS for p in parts) and (from_wos or ";" in name or " " in name or "-" in name):
        # one word ("Review", "Article", "Letter") is Web of Science's kind only in its export (or in a list);
        # elsewhere it is biblatex's description of the work, which is printed
        target, sub = "", ""
    else:
        return etype
    if name not in DESCRIPTIONS:
        raw.pop("type")
        raw["exporter-type"] = _KIND_TEXT.sub("", value).strip()
    if etype in VAGUE and target and (target != "article" or etype == "misc" or sub):
        if etype == "misc" and target == "article" and "journaltitle" not in raw:
            return etype  # "Journal Article" without a journal: nothing to set as one
        if sub and "entrysubtype" not in raw:
            raw["entrysubtype"] = sub
        return target
    return etype


CONTAINED = frozenset({"inbook", "incollection", "inproceedings"})


def website(etype: str, raw: dict[str, str]) -> str:
    """A ``@misc`` with a ``journal`` and a ``url`` is a web page or blog post: Zotero's BibTeX export writes its
    site there ("BBC News"), which a document would not print; read as ``@online``, the site after the title.
    Without a URL it is Google Scholar's preprint, ``journal = {arXiv preprint arXiv:2305.01234}``: read as the
    ``@article`` Google Scholar writes for others, so its journal (the only place of its id) is printed."""
    if etype == "misc" and raw.get("journaltitle") and not raw.get("howpublished"):
        return "online" if raw.get("url") else "article"
    return etype


_SSRN = re.compile(r"\{*\s*SSRN\s+Electronic\s+Journal\s*\}*", re.I)
_CROSSREF_SSRN = re.compile(r"\W*Elsevier\b", re.I)


def ssrn(etype: str, raw: dict[str, str]) -> str:
    """Crossref names SSRN's papers' container "SSRN Electronic Journal", and Mendeley exports them as
    ``@article`` with that ``journal``: a paper posted on SSRN, a preprint server, no journal's article. Read as
    one (``@online``, ``entrysubtype = {preprint}``, SSRN its publisher) and printed as CMOS 18 14.76 cites a
    preprint, "“Title,” preprint, SSRN, 2019, https://doi.org/10.2139/ssrn.…", where citeproc prints the
    journal "ahead of print". The journal's name is kept as ``exporter-journal``, never printed."""
    if etype != "article" or not _SSRN.fullmatch(raw.get("journaltitle", "")) or raw.get("volume") or raw.get("pages"):
        return etype
    raw["exporter-journal"] = raw.pop("journaltitle")
    raw.setdefault("entrysubtype", "preprint")
    if not re.sub(r"[{}\s]", "", raw.get("publisher", "")) or _CROSSREF_SSRN.match(raw["publisher"]):
        raw["publisher"] = "SSRN"  # Crossref's publisher of SSRN's DOIs is its owner, "Elsevier BV": not the server
    return "online"


def container(etype: str, raw: dict[str, str]) -> None:
    """A chapter or paper whose book or proceedings is in ``journal``: that is its ``booktitle``."""
    if etype in CONTAINED and "booktitle" not in raw and raw.get("journaltitle"):
        raw["booktitle"] = raw.pop("journaltitle")


# Scopus's (and Mendeley's) count of citations; Scopus's exports since 2023 follow it with its open-access flags
# ("Cited by: 12; All Open Access, Green Open Access"), its own data too
_CITED_BY = re.compile(r"\s*cited\s+by\s*:?\s*\d+\s*(?:;.*)?", re.I | re.S)
_EXTRA_LINE = re.compile(r"\s*\\?([A-Za-z_][\w .-]{0,30}?)\s*:\s*\S")  # Zotero's Extra: 'Publisher: Routledge'
# the Extra field's keys (Zotero's CSL variables and its own) that a Zotero BibTeX export writes into note
ZOTERO_EXTRA = frozenset({"publisher", "publisher-place", "publisher place", "place", "event-place", "pmid", "pmcid",
                          "citation key", "original date", "original-date", "issued", "type", "medium", "_eprint",
                          "arxiv", "number-of-pages", "container-title", "archive", "archive_location", "status",
                          "accessed", "genre", "doi", "isbn", "issn", "language", "event", "event-title",
                          # Scopus's and Web of Science's own lines, which Zotero keeps in Extra on import
                          "cited by", "times cited", "export date"})


def bookkeeping_note(etype: str, raw: dict[str, str], from_wos: bool) -> None:
    """A ``note`` an exporter fills with its own data is no note to print: Scopus's "cited By 2", Zotero's Extra
    lines ("Publisher: Routledge | Taylor & Francis", "PMID: 123", "tex.ids: …"), and Web of Science's conference
    line on a proceedings paper (the meeting the booktitle already names, in capitals). Kept, never printed,
    as ``exporter-note``. Takes the entry's type and its fields (BibTeX's, or a CSL item's read as biblatex's:
    Zotero's CSL-JSON carries the same Extra lines in ``note``); changes ``raw`` in place."""
    if "<Go to ISI>" in raw.get("url", ""):
        _isi_accession(raw)
    note = raw.get("note", "")
    if not note:
        return
    lines = [line for line in note.splitlines() if line.strip()]
    extra = all((m := _EXTRA_LINE.match(line)) and (m.group(1).lower() in ZOTERO_EXTRA or m.group(1).lower()
                                                    .startswith("tex.")) for line in lines)
    if _CITED_BY.fullmatch(note) or (lines and extra) or (from_wos and etype in CONTAINED):
        raw["exporter-note"] = raw.pop("note")
    if lines and extra:  # the lines that print: Zotero's plain BibTeX export has no field for them
        for line in lines:
            key, _, value = line.partition(":")
            target = EXTRA_PRINTED.get(key.strip().lstrip("\\").lower())
            if target and value.strip() and target not in raw:
                raw[target] = _extra_value(target, value.strip())


# Extra lines that are facts a reference prints: "Original Date: 1905" (a reprint's first date), "Status: forthcoming"
EXTRA_PRINTED = {"original-date": "origdate", "original date": "origdate", "status": "pubstate"}


def _extra_value(target: str, value: str) -> str:
    if target == "origdate":
        from .dates import normalise
        return normalise(value) or value
    return value


_ISI = re.compile(r"<Go to ISI>://\S*\s*")


def _isi_accession(raw: dict[str, str]) -> None:
    """EndNote writes a record's Web of Science accession number as its URL ("<Go to ISI>://WOS:000…", alone
    or before the real links): no link, kept as ``exporter-url``; the links after it stay the URL."""
    url = raw["url"]
    raw["exporter-url"] = " ".join(m.group().strip() for m in _ISI.finditer(url))
    rest = _ISI.sub("", url).strip()
    if rest:
        raw["url"] = rest
    else:
        del raw["url"]


# Crossref's markup: JATS and MathML elements (namespaced), and the HTML ones publishers use
_TAG = re.compile(r"</?(?:(?:mml|jats|xlink|tex):[\w.-]+|i|b|em|strong|sup|sub|sc|scp|span|tt|u|br|p|italic|bold)"
                  r"(?:\s[^<>]*)?/?>", re.I)
_ENTITY = re.compile(r"&(?:#\d{1,6}|#x[0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,30});")
_AS_LATEX = {"i": "\\textit{", "em": "\\textit{", "italic": "\\textit{", "jats:italic": "\\textit{",
             "b": "\\textbf{", "strong": "\\textbf{", "bold": "\\textbf{", "jats:bold": "\\textbf{",
             "sup": "\\textsuperscript{", "jats:sup": "\\textsuperscript{",
             "sub": "\\textsubscript{", "jats:sub": "\\textsubscript{",
             "sc": "\\textsc{", "scp": "\\textsc{", "jats:sc": "\\textsc{"}


def markup(value: str) -> str:
    """HTML / JATS / MathML tags and entities in a field's text -> LaTeX and characters."""
    if "<" not in value and "&" not in value:
        return value
    if _TAG.search(value):
        value = _TAG.sub(_tag, value)
    if _ENTITY.search(value):
        value = _ENTITY.sub(lambda m: _latex_safe(html.unescape(m.group())), value)
    return value


def _tag(m: re.Match) -> str:
    text = m.group()
    name = text.strip("</>").split()[0].lower() if text.strip("</>") else ""
    if name not in _AS_LATEX:
        return ""
    return "}" if text.startswith("</") else _AS_LATEX[name]


def _latex_safe(char: str) -> str:
    return {"&": "\\&", "%": "\\%", "#": "\\#", "$": "\\$", "_": "\\_", "{": "\\{", "}": "\\}", "~": "\\~{}",
            "\u00a0": "~"}.get(char, char)


TITLE_FIELDS = ("title", "subtitle", "booktitle", "maintitle", "booksubtitle", "mainsubtitle", "titleaddon",
                "publisher", "institution", "organization")
ABBREVIATIONS = frozenset("""inc co corp ltd llc jr sr st bros etc al vs eds ed vol vols no nos dept univ assn
intl natl e.g i.e pp ca cf""".split())
_LAST_WORD = re.compile(r"([^\W\d_][\w.]*|\))\.$")


_CLOSING_TAGS = re.compile(r"\s*((?:</[a-z]+>)*)$")


def final_period(rich: str) -> str:
    """A title's closing period, unless it ends an abbreviation, an initial or a number; spaces before the
    end of a braced title ("{... echoes }", as ADS writes them) go too."""
    if not rich.endswith((".", ">", " ")):  # nearly every title
        return rich
    m = _CLOSING_TAGS.search(rich)
    tags = m.group(1)
    text = rich[:m.start()].rstrip()
    if not text.endswith(".") or text.endswith(".."):
        return text + tags
    last = _LAST_WORD.search(text)
    if not last:
        return text + tags  # "posle 2006.", "</i>."
    word = last.group(1).rstrip(".").lower()
    if word != ")" and (len(word) == 1 or "." in word or word in ABBREVIATIONS):
        return text + tags
    return text[:-1] + tags
