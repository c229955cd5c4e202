"""An :class:`~.model.Entry` -> one CSL-JSON item (CSL 1.0.2 variables) holding what the entry holds: the
inverse of :mod:`.csl`'s mapping, so another CSL processor can format the very data this package read
(bench/citeproc.py feeds it to pandoc's citeproc to compare formatters, not readers).
"""

from __future__ import annotations

import re
from html import unescape

from ..locale import bcp47
from .csl import DATES
from .model import Entry, Name, plain

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
            ("online", "social"): "post", ("online", "preprint"): "article", ("letter", "interview"): "interview", ("unpublished", "speech"): "speech"}
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
              "note": "note", "howpublished": "medium", "pubstate": "status", "chapter": "chapter-number", "section": "section",
              "url": "URL", "doi": "DOI", "isbn": "ISBN", "issn": "ISSN"}
FROM_DATE = {v: k for k, v in DATES.items()}
CSL_ROLES = {"director": "director", "compiler": "compiler", "organizer": "organizer"}  # editortypes CSL names
FROM_NAME = {"author": "author", "editor": "editor", "translator": "translator", "bookauthor": "container-author",
             "editora": "", "editorb": "", "editorc": ""}  # biblatex's further editors: by their type, below
# an editor's biblatex type that CSL has a name variable for ("editoratype = {interviewer}": CSL's interviewer)
CSL_ROLES = {**CSL_ROLES, "interviewer": "interviewer", "recipient": "recipient", "illustrator": "illustrator",
             "reviewed-author": "reviewed-author"}
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
            kind = plain(f.get(f"{role}type") or "").strip().lower() if role.startswith("editor") else ""
            if CSL_ROLES.get(kind, var):  # editortype = {compiler}: CSL's compiler; an untyped editora has none
                item[CSL_ROLES.get(kind, var)] = names
    return {k: (v if k in ("id", "type") or not isinstance(v, str) or k in ("URL", "DOI", "ISBN", "ISSN")
                else _csl_text(v)) for k, v in item.items()}
