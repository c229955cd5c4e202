"""CSL-JSON (``.json``) and CSL-YAML (``.yaml``/``.yml``) -> :class:`~.model.Entry` values.

Takes the file text (a list of CSL items; YAML may also be pandoc's ``references:`` mapping, with or
without ``---`` lines); returns ``(entries, problems, lost_keys)`` as :mod:`.bibtex` does, mapped
onto biblatex's vocabulary: CSL types -> biblatex types, CSL variables -> fields, ``date-parts`` /
EDTF strings -> ISO dates, names with family / given / particles / suffix / literal. CSL's HTML-like
markup in titles (``<i>``, ``<b>``, ``<sup>``, ``<sub>``, small caps, ``nocase``) is kept.

:mod:`.to_csl` goes the other way.
"""

from __future__ import annotations

import datetime
import json
import re
from html import escape

import yaml

from ..diagnostics import Diagnostic, SourceLocation, error
from ..safe_yaml import MAX_NODES, LimitedLoader
from . import dates, exporters
from .model import DOI_PREFIX, FRONT_MATTER, Entry, Name
from .names import initials

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
             "review": "journaltitle", "video": "organization", "audio": "booktitle",
             "jurisdiction": "journaltitle"}  # a case's law report ("347 U.S. 483"), as biblatex holds it
VARIABLES = {
    "title": "title", "title-short": "shorttitle", "shortTitle": "shorttitle", "container-title-short": "shortjournal",
    "journalAbbreviation": "shortjournal", "collection-title": "series", "collection-number": "number",
    "publisher": "publisher", "publisher-place": "location", "event": "eventtitle", "event-title": "eventtitle",
    "event-place": "venue", "volume": "volume", "number-of-volumes": "volumes", "issue": "number",
    "page": "pages", "number-of-pages": "pagetotal", "part-number": "part", "edition": "edition", "number": "number", "genre": "type",
    "medium": "howpublished", "note": "note", "abstract": "abstract", "language": "langid",
    "version": "version", "archive": "library", "archive_location": "library", "authority": "institution",
    "section": "chapter", "chapter-number": "chapter", "status": "pubstate", "references": "addendum",
    "URL": "url", "DOI": "doi", "ISBN": "isbn", "ISSN": "issn", "PMID": "pmid", "PMCID": "pmcid",
    "original-title": "origtitle", "original-publisher": "origpublisher", "keyword": "keywords",
    "citation-key": "ids", "annote": "annotation",
}
LITERAL = {"url", "doi", "isbn", "issn", "pmid", "pmcid"}
OTHERS = Name(family="others", literal=True)  # how pandoc writes BibTeX's 'and others' in CSL
SEASONS = {"1": 21, "2": 22, "3": 23, "4": 24, "spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
DATES = {"issued": "date", "accessed": "urldate", "original-date": "origdate", "event-date": "eventdate"}
NAMES = {"author": "author", "editor": "editor", "translator": "translator", "container-author": "bookauthor",
         "collection-editor": "editor", "director": "editor", "compiler": "editor", "organizer": "editor",
         "interviewer": "editora", "recipient": "editorb", "illustrator": "annotator", "composer": "author",
         "reviewed-author": "editorc"}
ALLOWED_TAGS = re.compile(r"&lt;(/?)(i|b|sup|sub)&gt;|&lt;span class=&quot;(?:nocase|math inline)&quot;&gt;|"
                          r"&lt;span style=&quot;font-variant:\s*small-caps;?&quot;&gt;|&lt;/span&gt;")


ID = re.compile(r"""["']id["']\s*:\s*["']([^"']+)["']|^[ \t-]*id:\s*["']?([^"'\s#]+)""", re.M)


class _Loader(LimitedLoader):
    """YAML without implicit timestamps: a date stays text, so 2020-02-30 is one warning, not a failed file.
    Within safe_yaml's limits (an alias bomb, nesting that would overflow the stack), the values counted
    against the file's length: a bibliography is longer than a settings file."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in LimitedLoader.yaml_implicit_resolvers.items()}


def _rich(value) -> str:
    """CSL text (may hold <i>, <b>, <sup>, <sub>, small caps, nocase) -> rich text."""
    text = escape(re.sub(r"[ \t\r\n]+", " ", str(value)).strip(" "), quote=True)  # a no-break space stays

    def tag(m):
        s = m.group(0)
        if "small-caps" in s:
            return '<span class="smallcaps">'
        if "nocase" in s:
            return '<span class="nocase">'
        if "math" in s:  # CSL-YAML's $…$ (csl_markdown): its TeX stays escaped, as the BibTeX reader's
            return '<span class="math inline">'
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
    if isinstance(value, list) and 1 <= len(value) <= 2 and all(isinstance(v, dict) and "year" in v for v in value):
        # pandoc-citeproc's CSL-YAML: "issued: [{year: 2018}]", two for a range
        iso = [_date(v) for v in value]
        return None if None in iso else "/".join(iso)
    if isinstance(value, dict):
        parts = value.get("date-parts")
        if isinstance(parts, list) and parts and all(isinstance(p, list) for p in parts):
            iso = [_parts(p, value.get("season")) for p in parts[:2]]
            if None in iso:
                return None
            return "/".join(iso) if len(iso) == 2 and iso[1] else iso[0]
        if value.get("raw") or value.get("literal"):
            return dates.normalise(str(value.get("raw") or value.get("literal")))
        if "year" in value:
            return dates.from_parts(str(value["year"]), str(value.get("month", "")), str(value.get("day", "")))
    return None


def _parts(p: list, season=None) -> str | None:
    p = p[:next((i for i, x in enumerate(p) if x in (None, "")), len(p))]  # [[null]], [[2020, null]]: as far as given
    try:
        nums = [int(str(x)) for x in p[:3]]
    except ValueError:
        return None
    if not nums:
        return ""  # [[]]: no date, as an exporter writes an empty one
    if len(nums) == 1 and str(season).strip().lower() in SEASONS:  # citeproc-js's "season": 1-4 or its name
        nums.append(SEASONS[str(season).strip().lower()])  # any other ("Michaelmas") is left out, as pandoc does
    if len(nums) > 1 and (13 <= nums[1] <= 16 or 21 <= nums[1] <= 24):
        # a season as the month: citeproc-js's 13-16 or EDTF's 21-24, as pandoc reads both
        return dates.normalise(f"{nums[0]:04d}-{nums[1] + 8 if nums[1] < 20 else nums[1]}")
    return dates.from_parts(f"{nums[0]:04d}", str(nums[1]) if len(nums) > 1 else "",
                            str(nums[2]) if len(nums) > 2 else "")


def _name(value) -> Name | None:
    if isinstance(value, str):
        return Name(family=value.strip(), literal=True)
    if not isinstance(value, dict):
        return None
    if value.get("literal"):
        return Name(family=str(value["literal"]).strip(), literal=True)
    part = {k: str(value.get(k) or "").strip() for k in ("family", "given", "suffix", "dropping-particle",
                                                          "non-dropping-particle")}  # null: not given
    particle = " ".join(p for p in (part["dropping-particle"], part["non-dropping-particle"]) if p)
    return Name(family=part["family"], given=initials(part["given"]), particle=particle, suffix=part["suffix"])


def _items(text: str, path: str) -> tuple[list, list[Diagnostic], list[int]]:
    """The list of CSL items and, for each, its 1-based line (found by its id in the text)."""
    yaml_file = path.lower().endswith((".yaml", ".yml") + FRONT_MATTER)
    try:
        if yaml_file:
            loader = _Loader(text)
            loader.max_nodes = MAX_NODES + len(text)  # a value takes a character or more, unless aliased
            try:
                docs = []
                while loader.check_data():
                    docs.append(loader.get_data())
            finally:
                loader.dispose()
            docs = [d for d in docs if d is not None]
            data = docs[0] if docs else None
        else:
            data = json.loads(text)
    except RecursionError:
        return [], [error("bib.parse", "cannot read this CSL file: lists or objects nested too deeply (a "
                          "bibliography nests a few levels)", SourceLocation(path, 1, 1))], []
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
    if data and path.lower().endswith((".yaml", ".yml") + FRONT_MATTER):
        from .csl_markdown import markdown_item  # YAML's text is pandoc's Markdown
        data = [markdown_item(item) if isinstance(item, dict) else item for item in data]
    entries = from_items(data, starts, path, problems)
    if not entries and not problems:
        problems.append(Diagnostic("warning", "bib.empty", "the bibliography file has no items",
                                   SourceLocation(path, 1, 1)))
    return entries, problems, frozenset()


def from_items(data: list, starts: list[int], path: str, problems: list[Diagnostic]) -> list[Entry]:
    """CSL items (each at its 1-based line of ``path``) -> entries; what is wrong is added to ``problems``.
    Also what :mod:`.ris` reads, once it has made its records CSL items."""
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
        if csl_type == "article" and not item.get("container-title"):
            etype = "online"  # CSL's article without a journal: a preprint, as Zotero exports one (citeproc: online)
            sub = "preprint"  # its number (the server's id, "arXiv:2305.01234") and "preprint" printed (types.py)
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
                if people == (OTHERS,):  # "and others" alone: an "et al." after no one, as the BibTeX reader warns
                    problems.append(Diagnostic("warning", "bib.names", f"'{key}': {var} is only 'others' (et al.), "
                                               "which names no one; the reference is printed without it: give the "
                                               "first name before 'others'", loc))
                    continue
                if people and people[-1] == OTHERS:  # pandoc's 'and others'
                    people = people[:-1]
                    et_al.add(NAMES[var])
                if people:
                    names.setdefault(NAMES[var], people)
                    if var in ("compiler", "organizer") and names["editor"] is people:
                        fields.setdefault("editortype", var)  # biblatex's editor of that type (roles.py)
                    if var == "interviewer" and names["editora"] is people:
                        fields.setdefault("editoratype", var)  # "interview by X" (types.unpublished_misc)
            elif var in DATES:
                iso = _date(value)
                if iso == "":
                    continue  # an empty date ("date-parts": [[]]): none given
                if iso is None and isinstance(value, dict) and not (value.get("raw") or value.get("literal")):
                    problems.append(Diagnostic("warning", "bib.date", f"'{key}': {var} {json.dumps(value)[:60]} "
                                               "does not parse and is left out; use date-parts of numbers", loc))
                    continue
                if iso is None:
                    raw = str(value.get("raw") or value.get("literal") or value) if isinstance(value, dict) else str(value)
                    if not (isinstance(value, dict) and value.get("literal") and not value.get("raw")):
                        # CSL's "literal" is a date meant to print as written ("Spring 2016"): nothing to warn of
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
                if var == "section" and etype == "article":
                    name = "section"  # a newspaper's section or a magazine's department, not a chapter
                if var == "publisher" and etype in ("thesis", "report"):
                    name = "institution"  # biblatex's name for a thesis' university, a report's publisher
                text = str(value).strip() if name in LITERAL else _rich(value)
                fields.setdefault(name, DOI_PREFIX.sub("", text) if name == "doi" else text)
        if item.get("archive_location") and item.get("archive") and not isinstance(item["archive_location"], (list, dict)):
            # both, as the CSL style prints them: "Box 3, Folder 2, Hoover Institution Archives", "AAT 3300426, ProQuest"
            fields["library"] = f"{_rich(item['archive_location'])}, {_rich(item['archive'])}"
        exporters.bookkeeping_note(etype, fields, from_wos=False)  # Zotero's Extra lines in note: not printed
        entries.append(Entry(key=key, type=etype, fields=fields, names=names, path=path, line=line,
                             source_type=csl_type, et_al=frozenset(et_al)))
    return entries
