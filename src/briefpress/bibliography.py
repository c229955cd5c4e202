"""Bibliography: BibTeX text -> typed :class:`Entry` values with their source lines.

The parse stack is explicit. LaTeX decoding runs on every field except ``url``
and ``doi``, whose ``%``, ``_`` and ``~`` are literal. Every block bibtexparser
could not parse becomes an error with its 1-based line.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import bibtexparser
from bibtexparser import middlewares as mw
from bibtexparser.model import (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry as BibEntry,
                                MiddlewareErrorBlock, ParsingFailedBlock)

from .diagnostics import BuildError, Diagnostic, SourceLocation, error

LITERAL_FIELDS = ("url", "doi", "eprint")
NAME_FIELDS = ("author", "editor")


@dataclass(frozen=True)
class Name:
    family: str  # or the whole organisation name
    given: str = ""

    @property
    def is_organisation(self) -> bool:
        return not self.given

    def given_first(self) -> str:
        return f"{self.given} {self.family}" if self.given else self.family

    def family_first(self) -> str:
        return f"{self.family}, {self.given}" if self.given else self.family


@dataclass(frozen=True)
class Entry:
    key: str
    type: str  # lower-case BibTeX entry type
    fields: dict = field(default_factory=dict)  # field name -> str
    authors: tuple[Name, ...] = ()
    line: int = 0  # 1-based line of the '@'

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)

    @property
    def kind(self) -> str:
        """The house-style source kind that picks the formatter."""
        sub = self.get("entrysubtype").lower()
        if self.type == "article":
            return "news" if sub in ("newspaper", "magazine") else "journal"
        if self.type == "online":
            return "social" if sub == "social" else "webpage"
        return {"report": "report", "techreport": "report", "jurisdiction": "legal",
                "video": "video", "movie": "video", "book": "report"}.get(self.type, "webpage")


class _LatexDecodeExceptLiterals(mw.LatexDecodingMiddleware):
    """LaTeX decoding that leaves URLs and DOIs exactly as written."""

    def transform_entry(self, entry, library):
        literals = {f.key: f.value for f in entry.fields if f.key.lower() in LITERAL_FIELDS}
        result = super().transform_entry(entry, library)
        target = result.block if isinstance(result, MiddlewareErrorBlock) else result
        for f in target.fields:
            if f.key in literals:
                f.value = literals[f.key]
        return result


def parse_stack():
    return [
        mw.ResolveStringReferencesMiddleware(allow_inplace_modification=True),
        mw.RemoveEnclosingMiddleware(allow_inplace_modification=True),
        # Decode before splitting names, keeping braces: {Human Rights Watch} stays one name.
        _LatexDecodeExceptLiterals(allow_inplace_modification=True, keep_braced_groups=True),
        mw.SeparateCoAuthors(allow_inplace_modification=True),
        mw.SplitNameParts(allow_inplace_modification=True),
    ]


def parse_bibliography(text: str, path: str) -> dict[str, Entry]:
    """Parse BibTeX; raise BuildError listing every error (warnings do not stop a build)."""
    entries, problems = read_bibliography(text, path)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise BuildError(errors)
    return entries


def read_bibliography(text: str, path: str) -> tuple[dict[str, Entry], list[Diagnostic]]:
    """BibTeX -> the entries that parsed, and every problem found (errors and warnings)."""
    entries, problems = _read_cached(text, path)
    return dict(entries), list(problems)


@functools.lru_cache(maxsize=8)
def _read_cached(text: str, path: str) -> tuple[dict, tuple]:
    # LaTeX decoding is slow (pylatexenc); the preview re-reads an unchanged file on every save.
    library = bibtexparser.parse_string(text, parse_stack=parse_stack())
    problems: list[Diagnostic] = []
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        problems.append(error("bib.parse", _failure_message(block), SourceLocation(path, line, 1)))
    entries: dict[str, Entry] = {}
    lowered: dict[str, str] = {}
    for block in library.entries:
        entry = _to_entry(block)
        if entry.key.lower() in lowered:
            problems.append(error("bib.key-case", f"key '{entry.key}' differs from '{lowered[entry.key.lower()]}' "
                                  "only by case; rename one", SourceLocation(path, entry.line, 1)))
        lowered[entry.key.lower()] = entry.key
        for missing in _missing_fields(entry):
            problems.append(error("bib.missing-field", f"entry '{entry.key}' ({entry.type}) has no "
                                  f"'{missing}'; the house style needs it", SourceLocation(path, entry.line, 1)))
        problems += _field_problems(entry, path)
        entries[entry.key] = entry
    problems += _duplicates(entries, path)
    return entries, tuple(problems)


DOI = re.compile(r"^10\.\d{4,9}/\S+$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.I)
DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def _field_problems(entry: Entry, path: str) -> list[Diagnostic]:
    out = []
    loc = SourceLocation(path, entry.line, 1)
    doi, url, date = entry.get("doi"), entry.get("url"), entry.get("date") or entry.get("year")
    if doi and not DOI.match(doi):
        out.append(error("bib.doi", f"'{entry.key}': DOI '{doi}' is malformed; write it bare, like 10.1017/nps.2024.31",
                         loc))
    if url:
        if "\\" in url:
            out.append(error("bib.url", f"'{entry.key}': URL contains a LaTeX escape ('\\'); URLs are taken "
                             "literally, write % _ & ~ as they are", loc))
        elif not URL.match(url):
            out.append(error("bib.url", f"'{entry.key}': '{url}' is not a valid http(s) URL", loc))
        elif re.search(r"%(?![0-9A-Fa-f]{2})", url):
            out.append(error("bib.url", f"'{entry.key}': '%' in the URL is not followed by two hex digits", loc))
    if date and not DATE.match(date):
        out.append(error("bib.date", f"'{entry.key}': date '{date}' does not parse; use YYYY, YYYY-MM or YYYY-MM-DD",
                         loc))
    return out


def _duplicates(entries: dict[str, Entry], path: str) -> list[Diagnostic]:
    out, seen = [], {}
    for entry in entries.values():
        for name in ("doi", "url"):
            value = entry.get(name).lower().rstrip("/")
            if not value:
                continue
            if (name, value) in seen:
                out.append(Diagnostic("warning", "bib.duplicate", f"'{entry.key}' has the same {name} as "
                                      f"'{seen[(name, value)]}'; cite one entry", SourceLocation(path, entry.line, 1)))
            seen.setdefault((name, value), entry.key)
    return out


def _failure_message(block) -> str:
    if isinstance(block, DuplicateBlockKeyBlock):
        return f"duplicate key '{block.key}'; each entry needs its own key"
    if isinstance(block, DuplicateFieldKeyBlock):
        dups = ", ".join(sorted(block.duplicate_keys))
        return f"entry '{block.ignore_error_block.key}' repeats the field(s) {dups}; keep one of each"
    if isinstance(block, MiddlewareErrorBlock):
        return f"could not decode entry '{getattr(block.block, 'key', '?')}': {block.error}"
    if isinstance(block, ParsingFailedBlock):
        reason = (str(block.error).strip().splitlines() or ["syntax error"])[0]
        first = block.raw.strip().splitlines()[0][:60] if block.raw and block.raw.strip() else ""
        return f"cannot parse this block ({reason}){': ' + repr(first) if first else ''}; check braces and commas"
    return "cannot parse this block"


def _to_entry(block: BibEntry) -> Entry:
    fields: dict[str, str] = {}
    authors: tuple[Name, ...] = ()
    for f in block.fields:
        key = f.key.lower()
        if key in NAME_FIELDS:
            names = tuple(_name(parts) for parts in f.value)
            if key == "author":
                authors = names
            fields[key] = "; ".join(n.given_first() for n in names)
        else:
            value = str(f.value) if key in LITERAL_FIELDS else _unbrace(str(f.value))
            fields[key] = re.sub(r"\s+", " ", value).strip()
    return Entry(key=block.key, type=block.entry_type.lower(), fields=fields, authors=authors,
                 line=(block.start_line or 0) + 1)


def _unbrace(text: str) -> str:
    """Drop BibTeX's protective braces once LaTeX is decoded."""
    return re.sub(r"(?<!\\)[{}]", "", text)


def _name(parts) -> Name:
    # An organisation is one braced group; its braces survive name splitting.
    family = _unbrace(" ".join(parts.von + parts.last)).strip()
    if parts.jr:
        family = f"{family}, {' '.join(parts.jr)}"
    return Name(family=family, given=_unbrace(" ".join(parts.first)).strip())


REQUIRED = {
    "journal": ("title", "journaltitle", "date"),
    "news": ("title", "journaltitle", "date", "url"),
    "webpage": ("title", "url"),
    "social": ("author", "organization", "date", "url"),
    "report": ("title", "date"),
    "legal": ("title", "institution", "date"),
    "video": ("title", "url"),
}


def _missing_fields(entry: Entry) -> list[str]:
    return [f for f in REQUIRED[entry.kind] if not entry.get(f)]
