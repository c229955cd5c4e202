"""Metadata: ``metadata.yaml`` text -> validated :class:`Metadata`.

All problems are collected in one pass and raised together, each with the line
and column of the offending field, as mkdocs does for its config.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path


from . import meta_text, safe_yaml
from .diagnostics import BuildError, Diagnostic, SourceLocation, did_you_mean, error
from .paths import resolved
from .metadata_fields import (ALIASES, DATE, IGNORED, Affiliation, People, Person,  # noqa: F401 (re-exported)
                              crossref_labels, language_tag, parse_date, parse_nocite, text_list)

LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")


@dataclass(frozen=True)
class Publisher:
    name: str
    short_name: str = ""
    address: str = ""
    web: tuple[str, ...] = ()
    social: tuple[str, ...] = ()
    about: str = ""


@dataclass(frozen=True)
class Metadata:
    title: str
    short_title: str
    slug: str
    language: str
    authors: tuple[Person, ...] = ()
    affiliations: tuple[Affiliation, ...] = ()
    subtitle: str = ""
    subtitle_at: tuple = ()  # as abstract_at
    abstract: str = ""  # Markdown
    abstract_at: tuple = ()  # where it is typed: (file, line, column, the YAML value as typed) (meta_text.py)
    abstract_notes: tuple = ()  # (definition, where typed) of each [^id] the abstract calls, written in the text
    toc: bool | None = None  # front matter 'toc': print a table of contents (None: the theme decides)
    bibliography: tuple[str, ...] = ()  # front matter: BibTeX files, relative to the Markdown file
    reviewers: tuple[str, ...] = ()
    publisher: Publisher | None = None
    design: str = ""
    contact: dict = field(default_factory=dict)
    date: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD
    date_text: str = ""  # a front matter's date that is no date ("Spring 2022"): printed as written
    isbn: str = ""
    doi: str = ""  # 10.NNNN/suffix: the publication's own DOI (credits page, citation files, EPUB identifier)
    keywords: tuple[str, ...] = ()
    rights: str = ""
    subject: str = ""
    nocite: tuple[str, ...] = ()  # keys listed in the references though never cited ("*": all)
    labels: dict = field(default_factory=dict)  # pandoc's reference-section-title etc.: label -> text
    suppress_bibliography: bool = False  # pandoc's suppress-bibliography: the notes cite in full, no list
    thanks: str = ""  # front matter's 'thanks' (Markdown): a note on the title (title_notes.py)
    title_notes: tuple = ()  # (mark, Markdown) of the notes on the title and the authors (title_notes.py)
    title_notes_at: tuple = ()  # where each is typed, as abstract_at
    title_marks: str = ""  # the title's marks ("†")
    author_marks: tuple = ()  # each author's marks, in the authors' order

    @property
    def author_names(self) -> str:
        from .locale import load
        names = [a.name for a in self.authors]
        and_ = load(self.language)["and"]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {and_} " + names[-1] if names else ""

    @property
    def display_date(self) -> str:
        from .locale import human_date  # CLDR's forms: 'March 1, 2025', '1 mars 2025' in Albanian
        return human_date(self.date, self.language) if DATE.match(self.date or "") else self.date_text

    @property
    def title_text(self) -> str:
        """The title without its Markdown (``*emphasis*``), for where no markup can go."""
        from .markdown_ext import inline_plain
        return inline_plain(self.title)

    @property
    def subtitle_text(self) -> str:
        from .markdown_ext import inline_plain
        if hasattr(self.subtitle, "striptags"):  # HTML with its citations' marks (meta_text.subtitle_notes)
            return meta_text.unmarked(self.subtitle)
        return inline_plain(self.subtitle)

    @property
    def iso_date(self) -> str:
        """The date as YYYY-MM-DD (first of month/year when less precise)."""
        m = DATE.match(self.date or "")
        if not m:
            return ""
        year, month, day = m.groups()
        return f"{year}-{month or '01'}-{day or '01'}"


def _plain(text: str) -> str:
    from .markdown_ext import inline_plain  # the running head is a CSS string: no markup
    return inline_plain(text)


SLUG_LENGTH = 60


def slugify(text: str) -> str:
    """The title as a file name: ASCII words joined by hyphens, at most 60 characters, cut between
    words (a first word longer than that is cut), never ending in a hyphen."""
    from .locale.translit import to_latin
    text = unicodedata.normalize("NFKD", to_latin(text)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > SLUG_LENGTH:
        cut = slug[:SLUG_LENGTH + 1]  # the character after the limit: a hyphen if a word ends there
        slug = cut[:cut.rindex("-")] if "-" in cut else cut[:SLUG_LENGTH]
    return slug or "paper"


def isbn_is_valid(isbn: str) -> bool:
    digits = re.sub(r"[\s-]", "", isbn).upper()
    if re.fullmatch(r"\d{13}", digits):
        total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(digits[:12]))
        return (10 - total % 10) % 10 == int(digits[12])
    if re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
        return total % 11 == 0
    return False


def _positions(text: str) -> dict[str, tuple[int, int]]:
    """Line and column of every mapping key, addressed as 'publisher.name' (safe_yaml.positions)."""
    return safe_yaml.positions(safe_yaml.compose(text))


def parse_yaml(text: str, path: str, first_line: int = 1) -> dict:
    """YAML text -> mapping; a syntax error or an alias bomb becomes one diagnostic at its position.
    Dates stay text: metadata_fields.parse_date reads them (a bad one is a diagnostic, not a crash)."""
    data, _ = safe_yaml.load(text, path, "metadata", first_line, safe_yaml.TextDatesLoader)
    if not isinstance(data, dict):
        raise BuildError([error("metadata.not-a-mapping",
                                "metadata must be a mapping of field: value", SourceLocation(path, first_line, 1))])
    return data


PROJECT_FIELDS = frozenset({"title", "subtitle", "short_title", "slug", "authors", "affiliations", "reviewers",
                            "publisher", "design", "contact", "date", "language", "isbn", "doi", "keywords", "rights",
                            "subject", "abstract", "theme", "nocite", "toc"})
# pandoc's titles of the parts it makes -> the label they replace (the locale's word for it)
LABEL_FIELDS = {"reference-section-title": "references", "toc-title": "contents", "abstract-title": "abstract"}
FRONT_MATTER_FIELDS = PROJECT_FIELDS | {"bibliography", "link-citations", "link_citations", "suppress-bibliography",
                                        "thanks", *LABEL_FIELDS, "execute", "crossref"}  # execute: briefpress.chunks


def bibliography_outside(root: Path, name: str) -> str:
    """Why the bibliography file ``name`` (relative to ``root``, the project) may not be read: it lies
    outside the project, or is a link leading out of it or round in a loop; else ''."""
    path = root / name
    real = resolved(path)
    if real is None:
        return f"bibliography file '{name}' is a link that leads round in a loop; replace it with the file"
    if real.is_relative_to(root.resolve()):
        return ""
    how = "" if Path(name).is_absolute() or ".." in Path(name).parts else f"a link to {real}, "
    return (f"bibliography file '{name}' is {how}outside the project (the build reads only files inside it); "
            f"copy it into the project and name the copy here (a reference manager's automatic export, such as "
            f"Zotero's Better BibTeX 'Keep updated', can write straight to that file)")


def load_metadata(text: str, path: str, defaults: dict | None = None, strict: bool = True) -> Metadata:
    """Validate metadata YAML. ``strict`` (project mode) makes the publication fields required."""
    return read_metadata(text, path, defaults, strict)[0]


def read_metadata(text: str, path: str, defaults: dict | None = None, strict: bool = True,
                  front_matter: bool = False, first_line: int = 1,
                  base_dir: Path | None = None) -> tuple[Metadata, list[Diagnostic]]:
    """Validate metadata YAML -> (Metadata, warnings and notes); raise BuildError with every error.

    ``front_matter``: a pandoc-style block at the top of a Markdown file (``first_line`` is the line
    of its first field): pandoc's field names are read, pandoc/Quarto fields with no meaning here
    get an info note and unknown fields a warning, where metadata.yaml makes them errors.
    ``base_dir``: where the front matter's ``bibliography`` files are looked up (their existence is checked)."""
    raw = parse_yaml(text, path, first_line)
    pos = {k: (line + first_line - 1, col) for k, (line, col) in (_positions(text) if text.strip() else {}).items()}
    problems: list[Diagnostic] = []

    def report(key: str, message: str, code: str = "metadata.invalid", severity: str = "error"):
        parts = key.split(".")
        line, col = next((pos[".".join(parts[:n])] for n in range(len(parts), 0, -1)
                          if ".".join(parts[:n]) in pos), (first_line, 1))
        problems.append(Diagnostic(severity, code, message, SourceLocation(path, line, col)))

    data = dict(defaults or {})
    where: dict[str, str] = {}  # our field name -> the key as written (for its position)
    known = FRONT_MATTER_FIELDS if front_matter else PROJECT_FIELDS
    for key, value in raw.items():
        key = str(key)
        name = ALIASES.get(key, key) if front_matter else key
        if name in known:
            if name == "keywords" and name in data and name in where:  # tags and keywords together
                value = list(text_list(data[name])[0]) + list(text_list(value)[0])
            data[name], where[name] = value, key
        elif front_matter and key == "header-includes" and re.search(r"\\(newcommand|def|DeclareMathOperator)",
                                                                     str(value)):
            report(key, "'header-includes': its TeX macros (\\newcommand…) are used in the math; the rest is "
                   "ignored", "metadata.ignored", "info")
        elif front_matter and key == "references":
            pass  # pandoc's sources in the front matter (CSL YAML): read with the bibliography (project.py)
        elif front_matter and key in ("csl", "citation-style"):
            report(key, f"'{key}': citations follow the theme's style (Chicago notes and bibliography, "
                   "CMOS 18), not a CSL file; it is ignored", "metadata.ignored", "info")
        elif front_matter and key in IGNORED:
            report(key, f"'{key}' is a pandoc/Quarto setting briefpress does not use; it is ignored",
                   "metadata.ignored", "info")
        else:
            hint = did_you_mean(key, sorted(known | set(ALIASES) | IGNORED) if front_matter else sorted(known))
            report(key, f"unknown field '{key}'{hint or '; known fields: ' + ', '.join(sorted(known))}",
                   "metadata.unknown", "warning" if front_matter else "error")

    def at(name):
        return where.get(name, name)

    def text_field(key, required=False):
        value = data.get(key)
        if isinstance(value, datetime.date):
            return value.isoformat()
        if value is None or value == "":
            if required:
                report(at(key), f"missing required field '{key}'; add it to {path}", "metadata.missing")
            return ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            report(at(key), f"'{at(key)}' must be text")
            return ""
        return str(value).strip()

    def list_field(key, owner=None):
        value = (owner if owner is not None else data).get(key, [])
        items, problem = text_list(value) if value is not None else ((), "")
        if problem:
            report(at(key), f"'{at(key)}' {problem}")
        return items

    title = text_field("title", required=True)
    language = text_field("language", required=strict) or "en"
    if front_matter:
        language = language_tag(language)
    if not LANGUAGE_TAG.match(language):
        report(at("language"), f"'{language}' is not a valid language tag; use e.g. 'en', 'sq', 'sr-Latn'")
    date, problem = parse_date(data["date"]) if data.get("date") not in (None, "") else ("", "")
    date_text = ""
    if problem and front_matter and ("not a date" in problem or "no year" in problem):
        date_text = str(data["date"]).strip()  # as pandoc prints it; the outputs' dates cannot come from it
        report(at("date"), f"{problem}; it is printed as written, and the outputs' dates come from "
               "SOURCE_DATE_EPOCH", "metadata.date", "warning")
    elif problem and front_matter:  # a date that changes with every build, or none that exists: left out
        report(at("date"), f"{problem}; the date is left out", "metadata.date", "warning")
    elif problem:
        report(at("date"), problem)
    elif strict and not date:
        report("date", f"missing required field 'date'; add it to {path}", "metadata.missing")
    isbn = text_field("isbn")
    if isbn and not isbn_is_valid(isbn):
        report("isbn", f"ISBN '{isbn}' has a wrong check digit or length; check it against the book's ISBN record")

    doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", text_field("doi"), flags=re.I)
    if doi and not DOI.match(doi):
        report("doi", f"'{doi}' is not a DOI; write it as 10.NNNN/suffix (e.g. 10.5281/zenodo.1234567)")

    people = People(strict=not front_matter)
    people.read_affiliations(data.get("affiliations"), at("affiliations"))
    raw_authors = data.get("authors", [])
    if strict and not raw_authors:
        report("authors", "'authors' must be a list with at least one author (name, bio)", "metadata.missing")
    authors = people.read_authors(raw_authors, at("authors")) if raw_authors else ()
    for key, message, severity in people.problems:
        report(key, message, "metadata.unknown" if message.startswith("unknown") else "metadata.invalid", severity)

    publisher = None
    raw_pub = data.get("publisher")
    if isinstance(raw_pub, dict) and isinstance(raw_pub.get("name"), str):
        publisher = Publisher(
            name=raw_pub["name"], short_name=str(raw_pub.get("short_name", "")),
            address=str(raw_pub.get("address", "")), web=list_field("web", raw_pub),
            social=list_field("social", raw_pub), about=str(raw_pub.get("about", "")).strip())
    elif raw_pub is not None or strict:
        report("publisher", "'publisher' needs at least a 'name'", "metadata.missing")

    contact = data.get("contact") or {}
    if not isinstance(contact, dict):
        report("contact", "'contact' must be a mapping (phone, email)")
        contact = {}
    nocite, problem = parse_nocite(data.get("nocite") or [])
    if problem:
        report("nocite", problem)
    toc = data.get("toc")
    labels = {**crossref_labels(data.get("crossref")),
              **{label: written for key, label in LABEL_FIELDS.items() if (written := text_field(key))}}
    suppress = data.get("suppress-bibliography", False)
    if not isinstance(suppress, bool):
        report(at("suppress-bibliography"), "'suppress-bibliography' must be true or false")
    if toc is not None and not isinstance(toc, bool):
        report("toc", "'toc' must be true or false")
    bibliography = list_field("bibliography")
    abstract = text_field("abstract")
    for i, name in enumerate(bibliography):
        key = f"{at('bibliography')}.{i}" if isinstance(data.get("bibliography"), list) else at("bibliography")
        if base_dir is not None and (outside := bibliography_outside(base_dir, name)):
            report(key, outside, "metadata.bibliography-outside")
        elif base_dir is not None and not (base_dir / name).is_file():
            report(key, f"bibliography file '{name}' does not exist (paths are relative to the Markdown file)",
                   "metadata.bibliography-missing")

    meta = Metadata(
        title=title, short_title=_plain(text_field("short_title") or title), subtitle=text_field("subtitle"),
        slug=slugify(text_field("slug") or title), language=language, authors=authors,
        affiliations=tuple(people.affiliations), reviewers=list_field("reviewers"), publisher=publisher,
        design=text_field("design"), contact={str(k): str(v) for k, v in contact.items()}, date=date, date_text=date_text, isbn=isbn, doi=doi,
        keywords=tuple(dict.fromkeys(list_field("keywords"))), rights=text_field("rights"),
        subject=text_field("subject"), abstract=abstract, nocite=nocite,
        abstract_at=meta_text.span(text, at("abstract"), path, first_line) if abstract else (),
        subtitle_at=meta_text.span(text, at("subtitle"), path, first_line) if "@" in text_field("subtitle") else (),
        toc=toc if isinstance(toc, bool) else None, bibliography=bibliography, labels=labels,
        suppress_bibliography=suppress is True, thanks=text_field("thanks") if front_matter else "")
    errors = [d for d in problems if d.severity == "error"]
    if errors:
        exc = BuildError(errors)
        exc.others = [d for d in problems if d.severity != "error"]  # lint reports them too
        raise exc
    return meta, problems
