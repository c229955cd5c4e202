"""RIS (``.ris``) -> :class:`~.model.Entry` values, read as CSL items by :func:`.csl.from_items`.

RIS is what library catalogues, databases (Web of Science, Scopus, JSTOR, PubMed) and reference
managers (EndNote, Zotero, Mendeley) export: a ``TAG  - value`` line per field, a record from ``TY`` to
``ER``. Each record becomes a CSL item: its type from ``TY``; names written "Family, Given[, Suffix]"
(a name with no comma is a body's, kept whole: "World Bank"); dates ``YYYY/MM/DD/other`` as ISO
dates; pages from ``SP`` and ``EP``. So a record is checked and formatted as a CSL-JSON item is, with
its diagnostics at the line of its ``TY``. Its key is its ``ID``; without one, the key pandoc gives it
(each author's first word, then the year, joined by ``_``: ``Smith_Jones_2019``; a second record with
the same key gets ``a``, a third ``b``…), so a paper written for pandoc finds its sources. A line
that is no field continues the field before it (exports wrap long abstracts).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..diagnostics import Diagnostic, SourceLocation
from . import caps, name_caps
from .csl import from_items
from .model import Entry

LINE = re.compile(r"([A-Z][A-Z0-9])[ \t]+-(?:[ \t]+(.*?))?[ \t]*$")
HEADER = re.compile(r"[A-Z][a-z]+:[ \t]")  # JSTOR's and Ovid's lines before the records: "Provider: JSTOR ..."
TYPES = {  # RIS reference type -> CSL type
    "JOUR": "article-journal", "JFULL": "article-journal", "EJOUR": "article-journal", "INPR": "article-journal",
    "ABST": "article-journal", "MGZN": "article-magazine", "NEWS": "article-newspaper",
    "BOOK": "book", "EBOOK": "book", "EDBOOK": "book", "CLSWK": "book", "ANCIENT": "book", "DICT": "book",
    "CTLG": "book", "SER": "book", "CHAP": "chapter", "ECHAP": "chapter", "CONF": "paper-conference",
    "CPAPER": "paper-conference", "THES": "thesis", "RPRT": "report", "GOVDOC": "report", "GRANT": "report",
    "STAND": "standard", "ELEC": "webpage", "WEB": "webpage", "MULTI": "webpage", "BLOG": "post-weblog",
    "COMP": "software", "DATA": "dataset", "DBASE": "dataset", "AGGR": "dataset", "PAT": "patent",
    "STAT": "legislation", "BILL": "bill", "UNBILL": "bill", "CASE": "legal_case", "LEGAL": "legal_case",
    "HEAR": "hearing", "UNPB": "manuscript", "MANSCPT": "manuscript", "PCOMM": "personal_communication",
    "ICOMM": "personal_communication", "VIDEO": "motion_picture", "MPCT": "motion_picture",
    "ADVS": "motion_picture", "SOUND": "song", "MUSIC": "musical_score", "MAP": "map",
    "ENCYC": "entry-encyclopedia", "GEN": "document", "PAMP": "pamphlet", "ART": "graphic", "FIGURE": "figure",
    "CHART": "graphic", "SLIDE": "graphic", "EQUA": "figure",
}
BOOKS = {"book", "chapter", "paper-conference", "report", "thesis"}  # an SN there is an ISBN
TEXT = {"VL": "volume", "IS": "issue", "ET": "edition", "NV": "number-of-volumes", "CY": "publisher-place",
        "PP": "publisher-place", "PB": "publisher", "T3": "collection-title", "ST": "title-short",
        "M3": "genre", "LA": "language", "SE": "section", "AB": "abstract", "N2": "abstract", "DO": "DOI"}
NAMES = {"AU": "author", "A1": "author", "A2": "editor", "ED": "editor", "A3": "collection-editor",
         "TA": "translator"}


def _records(text: str, path: str, problems: list[Diagnostic]) -> list[tuple[int, list[list[str]]]]:
    """Each record: (the line of its TY, its [tag, value] fields in order)."""
    records: list[tuple[int, list[list[str]]]] = []
    current: tuple[int, list[list[str]]] | None = None
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), 1):
        m = LINE.match(line)
        if not m:
            if current is not None and line.strip():
                current[1][-1][1] = f"{current[1][-1][1]} {line.strip()}".strip()
            elif line.strip() and not (not records and HEADER.match(line)):
                problems.append(Diagnostic("warning", "bib.ris-line", "not a RIS field ('TY  - JOUR'), nor inside a "
                                           "record; ignored", SourceLocation(path, number, 1)))
            continue
        tag, value = m.group(1), m.group(2) or ""
        if tag == "TY":
            if current is not None:
                problems.append(_unended(path, current[0]))
                records.append(current)
            current = (number, [[tag, value]])
        elif current is None:
            problems.append(Diagnostic("warning", "bib.ris-line", f"'{tag}' outside a record (a record starts with "
                                       "'TY  - ' and ends with 'ER  - '); ignored", SourceLocation(path, number, 1)))
        elif tag == "ER":
            records.append(current)
            current = None
        else:
            current[1].append([tag, value])
    if current is not None:
        problems.append(_unended(path, current[0]))
        records.append(current)
    return records


def _unended(path: str, line: int) -> Diagnostic:
    return Diagnostic("warning", "bib.ris-unended", "this record has no 'ER  - ' line before the next one or the end "
                      "of the file; end it with one", SourceLocation(path, line, 1))


def _name(raw: str) -> dict:
    parts = [p.strip() for p in raw.split(",")]
    if len(parts) < 2 or not parts[0]:
        return {"literal": raw.strip()}
    family, name = parts[0], {"given": parts[1]}
    particle = re.match(r"((?:[a-z']+\s+)+)(?=\S)", family)  # "van der Berg": a particle before the family name
    if particle:
        name["non-dropping-particle"], family = particle.group(1).strip(), family[particle.end():]
    if len(parts) > 2 and parts[2]:
        name["suffix"] = parts[2]
    return {"family": family, **name}


def _date(raw: str) -> dict | None:
    m = re.match(r"\s*(\d{4})(?:[/-](\d{1,2})?(?:[/-](\d{1,2})?)?)?", raw)
    if not m:
        return {"literal": raw} if raw.strip() else None
    parts = [int(m.group(1))]
    if m.group(2):
        parts.append(int(m.group(2)))
        if m.group(3):
            parts.append(int(m.group(3)))
    return {"date-parts": [parts]}


def _item(fields: list[list[str]], path: str, line: int, problems: list[Diagnostic]) -> dict:
    kind = fields[0][1].strip().upper()
    item: dict = {"type": TYPES.get(kind, "document")}
    if kind not in TYPES:
        problems.append(Diagnostic("warning", "bib.unknown-type", f"unknown RIS type '{kind}'; read as misc",
                                   SourceLocation(path, line, 1)))
    get = {}  # tag -> its first value
    for tag, value in fields[1:]:
        if value:
            get.setdefault(tag, value)
        if tag in NAMES and value:
            item.setdefault(NAMES[tag], []).append(_name(value))
        elif tag == "M3" and re.match(r"(?i)\s*(?:doi:\s*)?10\.\d", value):  # PubMed, Scopus: M3 holds the DOI
            item.setdefault("DOI", re.sub(r"(?i)^\s*doi:\s*", "", value))
        elif tag in TEXT and value:
            item.setdefault(TEXT[tag], value)
        elif tag == "KW" and value:
            item["keyword"] = f"{item['keyword']}, {value}" if "keyword" in item else value
        elif tag in ("UR", "LK", "L2") and re.match(r"https?://", value):
            item.setdefault("URL", value.split()[0])
    title = get.get("TI") or get.get("T1") or get.get("CT")
    if "BT" in get and (item["type"] == "book" and not title):
        title = get["BT"]
    if title:
        item["title"] = title
    container = get.get("T2") or (get.get("BT") if item["type"] != "book" else None) or get.get("JF") \
        or get.get("JO") or get.get("JA") or get.get("J2")
    if container:
        item["container-title"] = container
    short = get.get("J2") or get.get("JA")
    if short and short != container:
        item["container-title-short"] = short
    date = _date(get["DA"]) if "DA" in get else None
    year = _date(get.get("PY") or get.get("Y1") or "")
    if year or date:  # the fuller of the two (DA often adds the month and day to PY's year)
        item["issued"] = max((d for d in (date, year) if d), key=lambda d: len(d.get("date-parts", [[]])[0]))
    if "Y2" in get and _date(get["Y2"]):
        item["accessed"] = _date(get["Y2"])
    if "SP" in get:
        item["page"] = get["SP"] if "-" in get["SP"] or "EP" not in get else f"{get['SP']}-{get['EP']}"
    if "SN" in get:
        digits = len(re.sub(r"[^\dXx]", "", get["SN"].split()[0]))
        if item["type"] == "report" and digits not in (10, 13):  # Zotero writes a report's number in SN
            item["number"] = get["SN"]
        else:
            isbn = item["type"] in BOOKS or digits in (10, 13)
            item["ISBN" if isbn else "ISSN"] = get["SN"].split()[0]
    item["id"] = get.get("ID", "").strip() or _pandoc_key(fields)
    return item


def _pandoc_key(fields: list[list[str]]) -> str:
    authors = [re.match(r"[^,\s]*", v).group() for t, v in fields if t in ("AU", "A1")]
    return "_".join(authors) + "".join(f"_{v}" for t, v in fields if t in ("PY", "Y1"))


def read_ris(text: str, path: str) -> tuple[list[Entry], list[Diagnostic], frozenset]:
    problems: list[Diagnostic] = []
    records = _records(text, path, problems)
    if not records:
        problems.append(Diagnostic("warning", "bib.empty", "no RIS records in this file (a record starts with "
                                   "'TY  - ' and ends with 'ER  - ')", SourceLocation(path, 1, 1)))
        return [], problems, frozenset()
    items, starts, seen = [], [], {}
    for line, fields in records:
        item = _item(fields, path, line, problems)
        if not item["id"]:
            # a warning: an uncited record must not stop the build (pandoc gives it the key "", no citation can name)
            problems.append(Diagnostic("warning", "bib.key", "this record has no ID, and no author or year to make its "
                                       "key from, so it is left out: add a line 'ID  - key' to cite it",
                                       SourceLocation(path, line, 1)))
            continue
        if not any(t == "ID" and v.strip() for t, v in fields):  # pandoc's suffixes for its own keys
            key = item["id"]
            if key in seen:
                item["id"] = key + chr(seen[key])
                seen[key] += 1
            else:
                seen[key] = ord("a")
        items.append(item)
        starts.append(line)
    return [_uncapped(e) for e in from_items(items, starts, path, problems)], problems, frozenset()


def _uncapped(entry: Entry) -> Entry:
    """Titles, journals, publishers and names in capitals (as Web of Science and old catalogues export
    them) read as words, as a BibTeX file's are (:mod:`.caps`, :mod:`.name_caps`)."""
    fields = {name: caps.in_words(name, value) for name, value in entry.fields.items()}
    names = name_caps.tidy(entry.names, dict.fromkeys(entry.names, ","), fields.get("title", ""))
    return entry if fields == entry.fields and names is entry.names else replace(entry, fields=fields, names=names)
