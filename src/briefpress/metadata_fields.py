"""Metadata fields: the forms one field may take -> plain values, for metadata.yaml and front matter alike.

Takes raw YAML values and returns typed values plus problems as ``(key, message)`` pairs, which
:mod:`briefpress.metadata` turns into diagnostics at the key's line. Covers the forms pandoc,
Quarto and journal templates write: authors as a string, a list of strings or of maps (name,
affiliation, orcid, email, corresponding), affiliations by index, id or name, dates written out
("29 January 2021"), ``nocite`` as ``'@a, @b'``. Also holds the pandoc/Quarto field vocabulary.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass

DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
ORCID = re.compile(r"^(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")

# pandoc / Quarto spellings -> our field names.
ALIASES = {"author": "authors", "lang": "language", "tags": "keywords", "affiliation": "affiliations",
           "institute": "affiliations", "short-title": "short_title", "shorttitle": "short_title",
           "running-title": "short_title"}
# Read by pandoc, Quarto or LaTeX templates, meaningless here: accepted with an info note.
IGNORED = frozenset("""
documentclass classoption geometry fontsize fontfamily fontfamilyoptions mainfont sansfont monofont mathfont
cjkmainfont header-includes include-before include-after csl citation-style biblio-style biblatexoptions
natbiboptions cite-method format output toc-depth toc-title toc-location number-sections numbersections
number-depth secnumdepth papersize linestretch linkcolor urlcolor citecolor toccolor filecolor colorlinks
links-as-notes indent pagestyle margin-left margin-right margin-top margin-bottom jupyter knitr engine
editor citation license copyright funding params filters lof lot draft keep-tex pdf-engine
highlight-style code-fold code-tools fig-cap-location tbl-cap-location fig-width fig-height fig-pos
fig_caption reference-section-title suppress-bibliography link-bibliography categories description image
date-format date-modified title-block-banner title-block-style abstract-title google-scholar doi journal volume
issue page year submitted published aas-doi aas-journal author-meta title-meta date-meta header footer
hyperrefoptions appendix-style reference-location citation-location mainlang otherlangs dir
notes-after-punctuation citation-abbreviations citeproc natbib biblatex biblio-title subparagraph
aliases cssclasses cssclass publish permalink kernelspec jupytext myst numbering
""".split())
# Quarto's ``crossref:`` names -> label keys (:mod:`briefpress.locale`): a title labels the caption and,
# without a prefix, the reference; a prefix labels the reference ("Fig. 1" under "Figure 1: …").
CROSSREF_LABELS = {"fig-title": "figure", "tbl-title": "table", "fig-prefix": "figure-prefix",
                   "tbl-prefix": "table-prefix", "eq-prefix": "equation-prefix", "sec-prefix": "section-prefix"}


def crossref_labels(value) -> dict[str, str]:
    """Quarto's ``crossref:`` map -> labels (key -> text); other settings are not read."""
    if not isinstance(value, dict):
        return {}
    return {CROSSREF_LABELS[k]: str(v) for k, v in value.items() if k in CROSSREF_LABELS and isinstance(v, (str, int))}


AUTHOR_KEYS = frozenset({"name", "bio", "affiliation", "affiliations", "orcid", "email", "corresponding",
                         "url", "note", "equal-contrib", "equal_contrib", "roles", "role", "attributes",
                         "degrees", "id", "number", "acknowledgements", "phone", "fax", "deceased", "given-names",
                         "given", "surname", "family", "dropping-particle", "non-dropping-particle", "suffix",
                         "alias", "institute", "address", "department", "orcid-id"})
AFFILIATION_KEYS = frozenset({"id", "index", "name", "department", "city", "country", "address", "region",
                              "state", "postal-code", "url", "ror", "number"})


@dataclass(frozen=True)
class Affiliation:
    name: str
    department: str = ""
    city: str = ""
    country: str = ""
    region: str = ""  # state, province

    @property
    def text(self) -> str:
        return ", ".join(p for p in (self.department, self.name, self.city, self.region, self.country) if p)


@dataclass(frozen=True)
class Person:
    name: str
    bio: str = ""
    affiliations: tuple[int, ...] = ()  # 1-based positions in Metadata.affiliations
    orcid: str = ""
    email: str = ""
    corresponding: bool = False


def parse_date(value) -> tuple[str, str]:
    """A date as written -> (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, problem or '')."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat(), ""
    text = str(value).strip()
    if not text:
        return "", ""
    m = DATE.match(text)
    if m:
        _, month, day = m.groups()
        if (month and not 1 <= int(month) <= 12) or (day and not 1 <= int(day) <= 31):
            return "", f"date '{text}' is not a real date; write it as YYYY-MM-DD"
        return text, ""
    if text.lower() in ("today", "now", "last-modified"):
        return "", (f"date '{text}' would change with every build; write the date (e.g. 2021-01-29), "
                    "or set SOURCE_DATE_EPOCH")
    from dateutil import parser

    try:  # parsed against two different defaults: a part that differs was not written
        a = parser.parse(text, default=datetime.datetime(2000, 1, 1))
        b = parser.parse(text, default=datetime.datetime(2001, 2, 2))
    except (ValueError, OverflowError):
        return "", f"date '{text}' is not a date; write it as YYYY-MM-DD (or e.g. '29 January 2021')"
    if a.year != b.year or (a.month != b.month and a.day == b.day):
        return "", f"date '{text}' has no year; write it as YYYY-MM-DD"
    if a.month != b.month:
        return f"{a.year:04d}", ""
    return (f"{a.year:04d}-{a.month:02d}" if a.day != b.day else a.date().isoformat()), ""


def language_tag(value: str) -> str:
    """'en_us' -> 'en-US', 'sr-latn' -> 'sr-Latn': pandoc files often write tags loosely."""
    parts = [p for p in re.split(r"[-_]", value.strip()) if p]
    out = parts[:1] and [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 else part.upper() if len(part) in (2, 3) else part)
    return "-".join(out)


def parse_nocite(value) -> tuple[tuple[str, ...], str]:
    """``'@a, @b'``, ``[a, '@b']`` or ``'@*'`` -> keys ('*' for all)."""
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(v, str) for v in items):
        return (), "'nocite' must be text such as '@key1, @key2' (or '@*' for every source) or a list of keys"
    keys = [k for v in items for k in re.findall(r"@?([^\s,;@]+)", v)]
    return tuple(dict.fromkeys(keys)), ""


def text_list(value) -> tuple[tuple[str, ...], str]:
    """A string (comma-separated) or a list of strings -> the items."""
    if isinstance(value, str):
        value = [v for v in (s.strip() for s in value.split(",")) if v]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        return (), "must be a list of text items"
    return tuple(str(v).strip() for v in value), ""


def _journal_name(item: dict) -> dict:
    """JOSS writes an author's name in parts beside the other fields: given-names, surname, ..."""
    return {"given": item.get("given-names") or item.get("given"), "dropping-particle": item.get("dropping-particle"),
            "non-dropping-particle": item.get("non-dropping-particle"), "family": item.get("surname") or item.get("family")}


def _name(value) -> str:
    if isinstance(value, dict):  # Quarto/CSL: {given, family} or {literal}
        if value.get("literal"):
            return str(value["literal"]).strip()
        return " ".join(str(value[k]).strip() for k in ("given", "dropping-particle", "non-dropping-particle",
                                                          "family") if value.get(k))
    return str(value).strip() if isinstance(value, (str, int)) else ""


def _affiliation(item: dict) -> Affiliation:
    return Affiliation(*(str(item.get(k) or "").strip() for k in ("name", "department", "city", "country")),
                       region=str(item.get("region") or item.get("state") or "").strip())


class People:
    """Affiliations, then authors referring to them by index, id or name (or giving them inline)."""

    def __init__(self, strict: bool):
        self.strict = strict
        self.affiliations: list[Affiliation] = []
        self.ids: dict[str, int] = {}  # id or index as written -> 1-based position
        self.problems: list[tuple[str, str, str]] = []  # (key, message, severity)

    def _problem(self, key, message, severity="error"):
        self.problems.append((key, message, severity))

    def _unknown_keys(self, item: dict, known, where: str, key: str):
        for k in item:
            if str(k) not in known:
                from .diagnostics import did_you_mean
                self._problem(f"{key}.{k}", f"unknown field '{k}' in {where}{did_you_mean(str(k), known)}",
                              "error" if self.strict else "warning")

    def _add(self, aff: Affiliation, ident=None) -> int:
        if aff in self.affiliations:
            position = self.affiliations.index(aff) + 1
        else:
            self.affiliations.append(aff)
            position = len(self.affiliations)
        if ident is not None:
            self.ids[str(ident).strip()] = position
        return position

    def read_affiliations(self, value, key="affiliations"):
        if value is None:
            return
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            if isinstance(item, str):
                self._add(Affiliation(item.strip()), i + 1)
            elif isinstance(item, dict) and (item.get("name") or item.get("department")):
                self._unknown_keys(item, AFFILIATION_KEYS, "an affiliation", f"{key}.{i}")
                position = self._add(_affiliation(item), item.get("id", item.get("index", item.get("number", i + 1))))
                for extra in ("index", "number"):
                    if item.get(extra) is not None and item.get("id") is not None:
                        self.ids[str(item[extra])] = position
            else:
                self._problem(f"{key}.{i}", "each affiliation needs a 'name' (or is the name as text)")

    def _refs(self, value, key) -> tuple[int, ...]:
        if isinstance(value, str) and re.fullmatch(r"\s*[\w.-]+(\s*,\s*[\w.-]+)+\s*", value):
            value = [v.strip() for v in value.split(",")]  # JOSS: affiliation: "1, 2"
        out = []
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                if item.get("ref") is not None and str(item["ref"]) in self.ids:
                    out.append(self.ids[str(item["ref"])])
                elif item.get("name"):
                    out.append(self._add(_affiliation(item), item.get("id")))
                else:
                    self._problem(key, "an inline affiliation needs a 'name'")
            elif isinstance(item, (int, str)) and str(item).strip() in self.ids:
                out.append(self.ids[str(item).strip()])
            elif isinstance(item, int) or (isinstance(item, str) and item.strip().isdigit()):
                self._problem(key, f"affiliation {item} is not in 'affiliations'; add it there, or give its name")
            elif isinstance(item, str) and item.strip():
                named = [i + 1 for i, a in enumerate(self.affiliations) if a.name == item.strip()]
                out.append(named[0] if named else self._add(Affiliation(item.strip())))
        return tuple(dict.fromkeys(out))

    def read_authors(self, value, key="authors") -> tuple[Person, ...]:
        if isinstance(value, (str, dict)):
            value = [value]
        if not isinstance(value, list):
            self._problem(key, "'authors' must be a name, or a list of names or of maps with 'name'")
            return ()
        people = []
        for i, item in enumerate(value):
            where = f"{key}.{i}"
            if isinstance(item, str) and item.strip():
                people.append(Person(item.strip()))
                continue
            name = _name(item.get("name") or _journal_name(item)) if isinstance(item, dict) else ""
            if not name:
                self._problem(where, "each author needs a 'name'")
                continue
            self._unknown_keys(item, AUTHOR_KEYS, "an author", where)
            refs = item.get("affiliation", item.get("affiliations"))
            orcid = str(item.get("orcid") or "").strip()
            m = ORCID.match(orcid)
            if orcid and not m:
                self._problem(f"{where}.orcid", f"ORCID '{orcid}' is not of the form 0000-0002-1825-0097")
            attributes = item.get("attributes") if isinstance(item.get("attributes"), dict) else {}
            people.append(Person(name, str(item.get("bio") or "").strip(),
                                 self._refs(refs, f"{where}.affiliation") if refs is not None else (),
                                 m.group(1) if m else "", str(item.get("email") or "").strip(),
                                 item.get("corresponding") is True or attributes.get("corresponding") is True))
        return tuple(people)


# pandoc's title block: '% Title', '% Author; Author', '% Date' opening a file, each continued on
# indented lines (pandoc_title_block, on in pandoc's Markdown).
TITLE_BLOCK = re.compile(r"\A%[^\n]*(?:\n[ \t]+\S[^\n]*)*(?:\n%[^\n]*(?:\n[ \t]+\S[^\n]*)*){0,2}")


def title_block(text: str) -> tuple[str, str]:
    """A file's text opening with pandoc's title block -> (the same as YAML, line for line, and the text
    with it blanked, lines kept); ('', text) without one."""
    m = TITLE_BLOCK.match(text) if text.startswith("%") else None
    if not m:
        return "", text
    parts: list[list[str]] = []
    for line in m.group().split("\n"):
        if line.startswith("%"):
            parts.append([line[1:].strip()])
        else:
            parts[-1].append(line.strip())
    out = []
    for field, lines in zip(("title", "author", "date"), parts):
        if field == "author":  # one per continuation line, or split by ';'
            value = json.dumps([a.strip() for line in lines for a in line.split(";") if a.strip()], ensure_ascii=False)
        else:
            value = json.dumps(" ".join(line for line in lines if line), ensure_ascii=False)
        out += ([f"{field}: {value}"] if value not in ('""', "[]") else [""]) + [""] * (len(lines) - 1)
    return "\n".join(out), "\n" * m.group().count("\n") + text[m.end():]
