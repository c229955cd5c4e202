"""CSL-JSON (``.json``) and CSL-YAML (``.yaml``/``.yml``) -> :class:`~.model.Entry` values.

Takes the file text (a list of CSL items; YAML may also be pandoc's ``references:`` mapping, with or
without ``---`` lines); returns ``(entries, problems, lost_keys)`` as :mod:`.bibtex` does, mapped
onto biblatex's vocabulary: CSL types -> biblatex types, CSL variables -> fields, ``date-parts`` /
EDTF strings -> ISO dates, names with family / given / particles / suffix / literal. CSL's HTML-like
markup in titles (``<i>``, ``<b>``, ``<sup>``, ``<sub>``, small caps, ``nocase``) is kept.

``to_csl`` goes the other way: an :class:`~.model.Entry` -> one CSL-JSON item, so a CSL processor can
format the data this package read (bench/citeproc.py compares formatters that way).
"""

from __future__ import annotations

import datetime
import json
import re
from html import escape, unescape

import yaml

from ..diagnostics import Diagnostic, SourceLocation, error
from ..locale import bcp47
from . import dates
from .model import Entry, Name

TYPES = {  # CSL type -> (biblatex type, entrysubtype or type field)
    "article": ("article", ""), "article-journal": ("article", ""), "article-magazine": ("article", "magazine"),
    "article-newspaper": ("article", "newspaper"), "book": ("book", ""), "chapter": ("incollection", ""),
    "paper-conference": ("inproceedings", ""), "thesis": ("thesis", ""), "report": ("report", ""),
    "webpage": ("online", ""), "post-weblog": ("online", ""), "post": ("online", "social"),
    "dataset": ("dataset", ""), "software": ("software", ""), "patent": ("patent", ""),
    "legal_case": ("jurisdiction", ""), "legislation": ("legislation", ""), "bill": ("legislation", ""),
    "regulation": ("legislation", ""), "treaty": ("legal", ""), "hearing": ("jurisdiction", ""),
    "motion_picture": ("video", ""), "broadcast": ("video", ""), "song": ("audio", ""),
    "interview": ("letter", "interview"), "personal_communication": ("letter", ""), "standard": ("standard", ""),
    "manuscript": ("unpublished", ""), "speech": ("unpublished", "speech"), "periodical": ("periodical", ""),
    "collection": ("collection", ""), "entry": ("inreference", ""), "entry-dictionary": ("inreference", ""),
    "entry-encyclopedia": ("inreference", ""), "review": ("review", ""), "review-book": ("review", ""),
    "pamphlet": ("booklet", ""), "map": ("misc", "map"), "figure": ("image", ""), "graphic": ("artwork", ""),
    "musical_score": ("music", ""), "performance": ("performance", ""), "classic": ("book", ""),
    "document": ("misc", ""), "event": ("misc", "event"),
}
CONTAINER = {"article": "journaltitle", "periodical": "journaltitle", "incollection": "booktitle",
             "inproceedings": "booktitle", "inreference": "booktitle", "online": "organization",
             "review": "journaltitle", "video": "organization", "audio": "booktitle"}
VARIABLES = {
    "title": "title", "title-short": "shorttitle", "shortTitle": "shorttitle", "container-title-short": "shortjournal",
    "journalAbbreviation": "shortjournal", "collection-title": "series", "collection-number": "number",
    "publisher": "publisher", "publisher-place": "location", "event": "eventtitle", "event-title": "eventtitle",
    "event-place": "venue", "volume": "volume", "number-of-volumes": "volumes", "issue": "number",
    "page": "pages", "number-of-pages": "pagetotal", "edition": "edition", "number": "number", "genre": "type",
    "medium": "howpublished", "note": "note", "abstract": "abstract", "language": "langid",
    "version": "version", "archive": "library", "archive_location": "library", "authority": "institution",
    "section": "chapter", "chapter-number": "chapter", "status": "pubstate", "references": "addendum",
    "URL": "url", "DOI": "doi", "ISBN": "isbn", "ISSN": "issn", "PMID": "pmid", "PMCID": "pmcid",
    "original-title": "origtitle", "original-publisher": "origpublisher", "keyword": "keywords",
    "citation-key": "ids", "annote": "annotation",
}
LITERAL = {"url", "doi", "isbn", "issn", "pmid", "pmcid"}
OTHERS = Name(family="others", literal=True)  # how pandoc writes BibTeX's 'and others' in CSL
DATES = {"issued": "date", "accessed": "urldate", "original-date": "origdate", "event-date": "eventdate"}
NAMES = {"author": "author", "editor": "editor", "translator": "translator", "container-author": "bookauthor",
         "collection-editor": "editor", "director": "editor", "interviewer": "editora", "recipient": "editorb",
         "illustrator": "annotator", "composer": "author", "reviewed-author": "editorc"}
ALLOWED_TAGS = re.compile(r"&lt;(/?)(i|b|sup|sub)&gt;|&lt;span class=&quot;nocase&quot;&gt;|"
                          r"&lt;span style=&quot;font-variant:\s*small-caps;?&quot;&gt;|&lt;/span&gt;")


ID = re.compile(r"""["']id["']\s*:\s*["']([^"']+)["']|^[ \t-]*id:\s*["']?([^"'\s#]+)""", re.M)


class _Loader(yaml.SafeLoader):
    """YAML without implicit timestamps: a date stays text, so 2020-02-30 is one warning, not a failed file."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def _rich(value) -> str:
    """CSL text (may hold <i>, <b>, <sup>, <sub>, small caps, nocase) -> rich text."""
    text = escape(re.sub(r"[ \t\r\n]+", " ", str(value)).strip(" "), quote=True)  # a no-break space stays

    def tag(m):
        s = m.group(0)
        if "small-caps" in s:
            return '<span class="smallcaps">'
        if "nocase" in s:
            return '<span class="nocase">'
        if s == "&lt;/span&gt;":
            return "</span>"
        return f"<{m.group(1)}{m.group(2)}>"
    return ALLOWED_TAGS.sub(tag, text).replace("&quot;", '"').replace("&#x27;", "'")


def _date(value) -> str | None:
    if isinstance(value, (datetime.date, datetime.datetime)):  # YAML reads 2024-02-01 as a date
        return value.isoformat()[:10]
    if isinstance(value, (int, float)):
        return dates.normalise(str(int(value)))
    if isinstance(value, str):
        return dates.normalise(value)
    if isinstance(value, dict):
        parts = value.get("date-parts")
        if isinstance(parts, list) and parts and all(isinstance(p, list) for p in parts):
            iso = [_parts(p) for p in parts[:2]]
            if None in iso:
                return None
            return "/".join(iso) if len(iso) == 2 else iso[0]
        if value.get("raw") or value.get("literal"):
            return dates.normalise(str(value.get("raw") or value.get("literal")))
        if "year" in value:
            return dates.from_parts(str(value["year"]), str(value.get("month", "")), str(value.get("day", "")))
    return None


def _parts(p: list) -> str | None:
    try:
        nums = [int(str(x)) for x in p[:3]]
    except ValueError:
        return None
    if not nums:
        return None
    return dates.from_parts(f"{nums[0]:04d}", str(nums[1]) if len(nums) > 1 else "",
                            str(nums[2]) if len(nums) > 2 else "")


def _name(value) -> Name | None:
    if isinstance(value, str):
        return Name(family=value.strip(), literal=True)
    if not isinstance(value, dict):
        return None
    if value.get("literal"):
        return Name(family=str(value["literal"]).strip(), literal=True)
    particle = " ".join(str(value.get(k, "")).strip() for k in ("dropping-particle", "non-dropping-particle")
                        if value.get(k))
    return Name(family=str(value.get("family", "")).strip(), given=str(value.get("given", "")).strip(),
                particle=particle, suffix=str(value.get("suffix", "")).strip())


def _items(text: str, path: str) -> tuple[list, list[Diagnostic], list[int]]:
    """The list of CSL items and, for each, its 1-based line (found by its id in the text)."""
    yaml_file = path.lower().endswith((".yaml", ".yml"))
    try:
        if yaml_file:
            docs = [d for d in yaml.load_all(text, Loader=_Loader) if d is not None]
            data = docs[0] if docs else None
        else:
            data = json.loads(text)
    except (ValueError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (getattr(exc, "lineno", 1), getattr(exc, "colno", 1))
        what = "YAML" if yaml_file else "JSON"
        reason = getattr(exc, "problem", None) or getattr(exc, "msg", None) or str(exc).splitlines()[0]
        return [], [error("bib.parse", f"cannot read this CSL-{what} file: {reason}", SourceLocation(path, line, col))], []
    if isinstance(data, dict):
        data = data.get("references", data.get("items"))
    if not isinstance(data, list):
        return [], [error("bib.parse", "a CSL bibliography is a list of items (or 'references:' with a list)",
                          SourceLocation(path, 1, 1))], []
    first_line: dict[str, int] = {}
    line, pos = 1, 0
    for m in ID.finditer(text):
        line, pos = line + text.count("\n", pos, m.start()), m.start()
        first_line.setdefault(m.group(1) or m.group(2), line)
    starts = [first_line.get(str(item.get("id", "")), 1) if isinstance(item, dict) else 1 for item in data]
    return data, [], starts


def read_csl(text: str, path: str) -> tuple[list[Entry], list[Diagnostic], frozenset]:
    if not text.strip():
        return [], [Diagnostic("warning", "bib.empty", "the bibliography file is empty: no entries",
                               SourceLocation(path, 1, 1))], frozenset()
    data, problems, starts = _items(text, path)
    entries = []
    for item, line in zip(data, starts):
        loc = SourceLocation(path, line, 1)
        if not isinstance(item, dict):
            problems.append(error("bib.parse", "a CSL item is a mapping of variables", loc))
            continue
        key = str(item.get("id", "") or item.get("citation-key", "")).strip()
        if not key:
            problems.append(error("bib.key", "CSL item has no 'id'; give it one (the citation key)", loc))
            continue
        if re.search(r"\s", key):
            problems.append(error("bib.key", f"id '{key}' contains a space; keys are one word", loc))
            continue
        csl_type = str(item.get("type") or "").strip()
        etype, sub = TYPES.get(csl_type, ("misc", ""))
        if csl_type not in TYPES:
            what = f"unknown CSL type '{csl_type}'" if csl_type else "no 'type'"
            problems.append(Diagnostic("warning", "bib.unknown-type", f"'{key}': {what}; read as misc", loc))
        fields: dict[str, str] = {}
        if sub:
            fields["entrysubtype" if etype in ("article", "online", "misc", "letter", "unpublished") else "type"] = sub
        if csl_type == "thesis" and item.get("genre"):
            genre = str(item["genre"]).lower()
            fields["type"] = "phdthesis" if "ph" in genre or "doctor" in genre else \
                "mathesis" if "master" in genre or genre.startswith("ma") else _rich(item["genre"])
        names: dict[str, tuple[Name, ...]] = {}
        et_al = set()
        for var, value in item.items():
            if var in NAMES and isinstance(value, (str, dict)):
                value = [value]  # one name given without a list
            if var in NAMES and isinstance(value, list):
                people = tuple(n for n in (_name(v) for v in value) if n and (n.family or n.given))
                if people and people[-1] == OTHERS:  # pandoc's 'and others'
                    people = people[:-1]
                    et_al.add(NAMES[var])
                if people:
                    names.setdefault(NAMES[var], people)
            elif var in DATES:
                iso = _date(value)
                if iso is None:
                    raw = str(value.get("raw") or value.get("literal") or value) if isinstance(value, dict) else str(value)
                    problems.append(Diagnostic("warning", "bib.date", f"'{key}': {var} '{raw}' does not parse; use "
                                               "date-parts or YYYY, YYYY-MM, YYYY-MM-DD", loc))
                    fields[DATES[var]] = raw
                else:
                    fields[DATES[var]] = iso
            elif var == "container-title" and value:
                fields.setdefault(CONTAINER.get(etype, "journaltitle" if etype == "article" else "booktitle"),
                                  _rich(value))
            elif var in VARIABLES and value not in (None, "") and not isinstance(value, (list, dict)):
                name = VARIABLES[var]
                if var == "genre" and "type" in fields:
                    continue
                if var == "publisher" and etype in ("thesis", "report"):
                    name = "institution"  # biblatex's name for a thesis' university, a report's publisher
                fields.setdefault(name, str(value).strip() if name in LITERAL else _rich(value))
        entries.append(Entry(key=key, type=etype, fields=fields, names=names, path=path, line=line,
                             source_type=csl_type, et_al=frozenset(et_al)))
    if not entries and not problems:
        problems.append(Diagnostic("warning", "bib.empty", "the bibliography file has no items",
                                   SourceLocation(path, 1, 1)))
    return entries, problems, frozenset()


# --- Entry -> CSL-JSON: the inverse of the mapping above, so another CSL processor can format the very data
# the reader made (bench/citeproc.py feeds it to pandoc's citeproc to compare formatters, not readers).

TO_TYPE = {"article": "article-journal", "book": "book", "mvbook": "book", "collection": "book",
           "mvcollection": "book", "proceedings": "book", "mvproceedings": "book", "manual": "book",
           "reference": "book", "mvreference": "book", "booklet": "pamphlet", "incollection": "chapter",
           "inbook": "chapter", "bookinbook": "chapter", "suppbook": "chapter", "suppcollection": "chapter",
           "inreference": "entry-encyclopedia", "inproceedings": "paper-conference", "thesis": "thesis",
           "report": "report", "online": "webpage", "www": "webpage", "electronic": "webpage",
           "software": "software", "dataset": "dataset", "patent": "patent", "jurisdiction": "legal_case",
           "legislation": "legislation", "legal": "treaty", "video": "motion_picture", "movie": "motion_picture",
           "audio": "song", "music": "musical_score", "performance": "performance", "unpublished": "manuscript",
           "letter": "personal_communication", "periodical": "periodical", "standard": "standard",
           "review": "review", "image": "figure", "artwork": "graphic"}
SUBTYPES = {("article", "newspaper"): "article-newspaper", ("article", "magazine"): "article-magazine",
            ("online", "social"): "post", ("letter", "interview"): "interview", ("unpublished", "speech"): "speech"}
# biblatex's type keys in biblatex's English words, lower case as in running text (a CSL style prints a genre as
# given and capitalises it where a sentence starts)
GENRES = {"phdthesis": "PhD thesis", "phd": "PhD thesis", "mathesis": "master’s thesis",
          "mastersthesis": "master’s thesis", "masters": "master’s thesis", "candthesis": "candidate thesis",
          "bathesis": "bachelor’s thesis", "techreport": "technical report", "resreport": "research report",
          "patentus": "US patent", "patenteu": "European patent", "patentde": "German patent",
          "patentuk": "British patent"}
FROM_FIELD = {"shorttitle": "title-short", "series": "collection-title", "location": "publisher-place",
              "eventtitle": "event-title", "venue": "event-place", "volume": "volume", "volumes": "number-of-volumes",
              "pages": "page", "pagetotal": "number-of-pages", "edition": "edition", "version": "version",
              "note": "note", "howpublished": "medium", "pubstate": "status", "chapter": "chapter-number",
              "url": "URL", "doi": "DOI", "isbn": "ISBN", "issn": "ISSN"}
FROM_DATE = {v: k for k, v in DATES.items()}
FROM_NAME = {"author": "author", "editor": "editor", "translator": "translator", "bookauthor": "container-author"}
_MATH = re.compile(r'<span class="math[^"]*">(.*?)</span>', re.S)


def _csl_text(rich: str) -> str:
    """Rich text -> CSL's markup: <i>, <b>, <sup>, <sub>, nocase and small-caps spans as they are, a <q>
    quotation in straight double quotes (the style picks the marks), math as its TeX source, protected
    from case change like braces; entities decoded but &lt; &gt; (which the markup needs)."""
    rich = _MATH.sub(lambda m: f'<span class="nocase">{m.group(1)}</span>', rich)
    rich = rich.replace("<q>", '"').replace("</q>", '"').replace('<span class="smallcaps">',
                                                                   '<span style="font-variant:small-caps;">')
    return re.sub(r"&(?!lt;|gt;)[#\w]+;", lambda m: unescape(m.group(0)), rich)


def _csl_name(name: Name) -> dict:
    if name.literal and not name.particle:
        return {"literal": name.family}
    out = {"family": name.family, "given": name.given}
    if name.particle:
        out["non-dropping-particle"] = name.particle
    if name.suffix:
        out["suffix"] = name.suffix
    return {k: v for k, v in out.items() if v}


_ISO = re.compile(r"^(-?\d+)(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def _csl_date(iso: str) -> dict:
    parts = []
    for one in iso.split("/")[:2]:
        m = _ISO.match(one.strip("?~%"))
        if m:
            nums = [int(x) for x in m.groups() if x]
            nums[0] -= nums[0] <= 0  # ISO 8601 counts a year 0 (1 BC); CSL's -351 is 351 BC
            parts.append(nums)
    return {"date-parts": parts} if parts else {"literal": iso}


def _title(entry: Entry, name: str, sub: str) -> str:
    title, subtitle = entry.get(name), entry.get(sub)
    if title and subtitle:
        sep = " " if re.sub(r"<[^>]+>", "", title)[-1:] in "?!:." else ": "
        return f"{title}{sep}{subtitle}"
    return title


def to_csl(entry: Entry) -> dict:
    """An entry -> one CSL-JSON item (CSL 1.0.2 variables) holding what the entry holds."""
    t, f = entry.type, entry.fields
    sub = (entry.get("entrysubtype") or "").lower()
    item: dict = {"id": entry.key, "type": SUBTYPES.get((t, sub), TO_TYPE.get(t, "document"))}
    title = _title(entry, "title", "subtitle")
    if f.get("titleaddon"):
        title = f"{title}. {f['titleaddon']}"
    if f.get("maintitle") and f.get("volume") and t not in ("inbook", "incollection", "inproceedings"):
        item["volume-title"], title = title, _title(entry, "maintitle", "mainsubtitle")
    if t == "periodical" and f.get("issuetitle"):
        item["container-title"], title = title, _title(entry, "issuetitle", "issuesubtitle")
    if title:
        item["title"] = title
    container = (_title(entry, "booktitle", "booksubtitle") or _title(entry, "maintitle", "mainsubtitle")
                 or _title(entry, "journaltitle", "journalsubtitle"))
    if t in ("online", "www", "electronic", "video", "movie") and f.get("organization"):
        container = container or f["organization"]  # the website or platform
    if t == "audio":
        container = f.get("journaltitle") or f.get("maintitle") or f.get("series") or f.get("organization", "")
        if container and not f.get("publisher"):
            item["type"] = "broadcast"  # an episode of a show (a podcast), as the formatter reads it
    if container and t != "periodical":
        item["container-title"] = container
    for name, var in FROM_FIELD.items():
        if f.get(name) and not (name == "series" and t == "audio"):
            item[var] = f[name]
    number = f.get("number") or f.get("issue")
    if number:
        serial = t == "article" or t == "periodical"
        item["issue" if serial else "collection-number" if f.get("series") and t not in (
            "report", "standard", "patent", "legislation", "jurisdiction") else "number"] = number
    if t == "article" and f.get("eid") and not f.get("pages"):
        item["number"] = f["eid"]  # an article number (the CSL style prints it where the pages go)
    publisher = f.get("publisher") or f.get("institution") or (f.get("organization") if t not in (
        "online", "www", "electronic", "video", "movie", "audio") else "")
    if t in ("jurisdiction", "legislation") and f.get("institution"):
        item["authority"] = f["institution"]
    elif publisher:
        item["publisher"] = publisher
    if t in ("video", "audio") and f.get("organization") and f.get("publisher"):
        item["publisher"] = f["publisher"]
    if t in ("video", "movie") and f.get("howpublished"):  # what kind of film ("Documentary film"): a genre
        item["genre"] = item.pop("medium")
    kind = f.get("type") or ""
    if kind and not (entry.source_type == "techreport" and kind == "techreport"):  # implied: no genre of its own
        item["genre"] = GENRES.get(re.sub(r"[\s.’']", "", kind).lower(), kind)
    if f.get("eprint") and (f.get("eprinttype") or "").lower() == "arxiv" and not f.get("url"):
        item["URL"] = f"https://arxiv.org/abs/{f['eprint']}"
    for name, var in FROM_DATE.items():
        if f.get(name):
            item[var] = _csl_date(f[name])
    language = bcp47(entry.language, re.sub(r"<[^>]+>", "", entry.get("title")))
    if language:
        item["language"] = language
    for role, var in FROM_NAME.items():
        people = entry.role(role)
        if people:
            names = [_csl_name(n) for n in people]
            if role in entry.et_al:
                names.append({"literal": "others"})
            item["director" if role == "editor" and (f.get("editortype") or "").lower() == "director" else var] = names
    return {k: (v if k in ("id", "type") or not isinstance(v, str) or k in ("URL", "DOI", "ISBN", "ISSN")
                else _csl_text(v)) for k, v in item.items()}
