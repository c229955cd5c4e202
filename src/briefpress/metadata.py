"""Metadata: ``metadata.yaml`` text -> validated :class:`Metadata`.

All problems are collected in one pass and raised together, each with the line
and column of the offending field, as mkdocs does for its config.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

import yaml

from . import safe_yaml
from .diagnostics import BuildError, Diagnostic, SourceLocation, error

LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$")
DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
MONTHS = ("January February March April May June July August September October "
          "November December").split()


@dataclass(frozen=True)
class Person:
    name: str
    bio: str = ""


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
    reviewers: tuple[str, ...] = ()
    publisher: Publisher | None = None
    design: str = ""
    contact: dict = field(default_factory=dict)
    date: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD
    isbn: str = ""
    keywords: tuple[str, ...] = ()
    rights: str = ""
    subject: str = ""
    nocite: tuple[str, ...] = ()  # keys listed in the references though never cited ("*": all)

    @property
    def author_names(self) -> str:
        names = [a.name for a in self.authors]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""

    @property
    def display_date(self) -> str:
        return human_date(self.date) if DATE.match(self.date or "") else ""

    @property
    def iso_date(self) -> str:
        """The date as YYYY-MM-DD (first of month/year when less precise)."""
        m = DATE.match(self.date or "")
        if not m:
            return ""
        year, month, day = m.groups()
        return f"{year}-{month or '01'}-{day or '01'}"


def human_date(value: str) -> str:
    """'2025-03-01' -> 'March 1, 2025'; '2025-03' -> 'March 2025'; anything else unchanged."""
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not m:
        return value
    year, month, day = m.groups()
    if month and day:
        return f"{MONTHS[int(month) - 1]} {int(day)}, {year}"
    return f"{MONTHS[int(month) - 1]} {year}" if month else year


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "paper"


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
    """Line and column of every mapping key, addressed as 'publisher.name'."""
    out: dict[str, tuple[int, int]] = {}

    def walk(node, prefix):
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                path = f"{prefix}{key.value}"
                out[path] = (key.start_mark.line + 1, key.start_mark.column + 1)
                walk(value, path + ".")
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                out[f"{prefix}{i}"] = (item.start_mark.line + 1, item.start_mark.column + 1)
                walk(item, f"{prefix}{i}.")

    walk(safe_yaml.compose(text), "")
    return out


def parse_yaml(text: str, path: str) -> dict:
    """YAML text -> mapping; a syntax error or an alias bomb becomes one diagnostic at its position."""
    data, _ = safe_yaml.load(text, path, "metadata")
    if not isinstance(data, dict):
        raise BuildError([error("metadata.not-a-mapping",
                                "metadata must be a mapping of field: value", SourceLocation(path, 1, 1))])
    return data


def load_metadata(text: str, path: str, defaults: dict | None = None, strict: bool = True) -> Metadata:
    """Validate metadata YAML. ``strict`` (project mode) makes the publication fields required."""
    data = {**(defaults or {}), **parse_yaml(text, path)}
    pos = _positions(text) if text.strip() else {}
    problems: list[Diagnostic] = []

    def report(key: str, message: str, code: str = "metadata.invalid"):
        parent = key.rsplit(".", 1)[0] if "." in key else ""
        line, col = pos.get(key) or pos.get(parent) or (1, 1)
        problems.append(error(code, message, SourceLocation(path, line, col)))

    def text_field(key, required=False):
        value = data.get(key)
        if isinstance(value, datetime.date):
            return value.isoformat()
        if value is None or value == "":
            if required:
                report(key, f"missing required field '{key}'; add it to {path}", "metadata.missing")
            return ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            report(key, f"'{key}' must be text")
            return ""
        return str(value).strip()

    def list_field(key, owner=None):
        value = (owner if owner is not None else data).get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            report(key, f"'{key}' must be a list of text items")
            return ()
        return tuple(str(v) for v in value)

    title = text_field("title", required=True)
    language = text_field("language", required=strict) or "en"
    if not LANGUAGE_TAG.match(language):
        report("language", f"'{language}' is not a valid language tag; use e.g. 'en', 'sq', 'sr-Latn'")
    date = text_field("date", required=strict)
    if date and not _valid_date(date):
        report("date", f"date '{date}' is not YYYY, YYYY-MM or YYYY-MM-DD")
    isbn = text_field("isbn")
    if isbn and not isbn_is_valid(isbn):
        report("isbn", f"ISBN '{isbn}' has a wrong check digit or length; check it against the book's ISBN record")

    authors = []
    raw_authors = data.get("authors", [])
    if not isinstance(raw_authors, list) or (strict and not raw_authors):
        report("authors", "'authors' must be a list with at least one author (name, bio)", "metadata.missing")
        raw_authors = []
    for i, a in enumerate(raw_authors):
        if isinstance(a, str):
            authors.append(Person(a))
        elif isinstance(a, dict) and isinstance(a.get("name"), str):
            authors.append(Person(a["name"], str(a.get("bio") or "").strip()))
        else:
            report(f"authors.{i}", "each author needs a 'name'")

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

    known = {"title", "short_title", "slug", "authors", "reviewers", "publisher", "design", "contact",
             "date", "language", "isbn", "keywords", "rights", "subject", "theme", "nocite"}
    for key in data:
        if key not in known and key in pos:
            report(key, f"unknown field '{key}'; known fields: {', '.join(sorted(known))}", "metadata.unknown")

    meta = Metadata(
        title=title, short_title=text_field("short_title") or title,
        slug=slugify(text_field("slug") or title), language=language, authors=tuple(authors),
        reviewers=list_field("reviewers"), publisher=publisher, design=text_field("design"),
        contact={str(k): str(v) for k, v in contact.items()}, date=date, isbn=isbn,
        keywords=list_field("keywords"), rights=text_field("rights"), subject=text_field("subject"),
        nocite=list_field("nocite"))
    if problems:
        raise BuildError(problems)
    return meta


def _valid_date(date: str) -> bool:
    m = DATE.match(date)
    if not m:
        return False
    _, month, day = m.groups()
    return (not month or 1 <= int(month) <= 12) and (not day or 1 <= int(day) <= 31)
