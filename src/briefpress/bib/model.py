"""The bibliography model: what every reader (BibTeX, biblatex, CSL-JSON, CSL-YAML) returns and the
Chicago formatter reads. Readers normalise to biblatex's vocabulary, so a formatter sees one dialect.

Text fields hold *rich text*: an HTML fragment, already escaped, using only these elements:
``<i>``, ``<b>``, ``<q>`` (a quotation inside the field; the formatter picks the marks),
``<span class="nocase">`` (case protected by braces: never re-capitalised),
``<span class="smallcaps">``, ``<sub>``, ``<sup>``, and
``<span class="math inline">\\(…\\)</span>`` (TeX source, escaped; rendered by the math stage).
Literal fields (``LITERAL_FIELDS``) hold plain text exactly as written. Opaque fields
(``OPAQUE_FIELDS``: abstracts, file paths, reference-manager bookkeeping) are kept as written, LaTeX
not decoded (whitespace collapsed): no formatter prints them, and decoding a long abstract costs time.

Field names are biblatex's, lower case: ``journal`` is read as ``journaltitle``, ``address`` as
``location``, ``school`` as ``institution``, ``year``/``month``/``day`` as ``date``, and so on.
Dates (``date``, ``urldate``, ``origdate``, ``eventdate``) are ISO 8601 / EDTF level 0:
``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, or a range ``start/end`` (``end`` may be empty: open).
Types are biblatex's: ``techreport`` -> ``report`` (``type`` = ``techreport`` unless given),
``phdthesis`` -> ``thesis`` (``type`` = ``phdthesis``), ``mastersthesis`` -> ``thesis``
(``type`` = ``mathesis``), ``conference`` -> ``inproceedings``, ``electronic``/``www`` -> ``online``;
``source_type`` keeps the type as written. An unknown type is read as ``misc``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from .language import title_language

# a Markdown file given as a bibliography is its front matter's YAML (pandoc's ``references:``, project.py)
FRONT_MATTER = (".md", ".markdown", ".qmd", ".rmd")
# the DOI's resolver or label as exporters write them: https://doi.org/, dx.doi.org/, "doi:", "DOI: ", "DOI "
DOI_PREFIX = re.compile(r"^(?:(?:https?://)?(?:dx\.|www\.)?doi\.org/|doi\s*:\s*|doi\s+(?=10\.))", re.I)
LITERAL_FIELDS = frozenset({"url", "doi", "eprint", "isbn", "issn", "verba", "verbb", "verbc", "file"})
OPAQUE_FIELDS = frozenset({"abstract", "annotation", "file", "execute", "mendeley-groups", "mendeley-tags", "owner",
                           "timestamp", "groups", "biburl", "bibsource", "adsurl", "adsnote", "unique-id", "da",
                           "comment", "ranking", "readstatus", "printed", "qualityassured", "priority",
                           "creationdate", "modificationdate", "eprinttype-url", "researcherid-numbers",
                           "orcid-numbers", "affiliation", "affiliations", "funding-acknowledgement", "funding-text",
                           "cited-references", "number-of-cited-references", "times-cited", "usage-count-last-180-days",
                           "usage-count-since-2013", "journal-iso", "doc-delivery-number", "web-of-science-index",
                           "web-of-science-categories", "research-areas", "author-email", "keywords-plus", "type-of-work",
                           "exporter-type", "exporter-note", "exporter-url", "exporter-journal"})
NAME_ROLES = ("author", "editor", "translator", "bookauthor", "editora", "editorb", "editorc",
              "annotator", "commentator", "introduction", "foreword", "afterword", "holder")
EMPTY: Mapping = MappingProxyType({})


# kana, CJK ideographs (and extension A), Hangul syllables, compatibility ideographs: as ranges, not a
# pattern, which took 3-6 ms to compile at import (a cold build's way to its first part) for a test of a
# name's first character
CJK = (("\u3040", "\u30ff"), ("\u3400", "\u4dbf"), ("\u4e00", "\u9fff"), ("\uac00", "\ud7af"), ("\uf900", "\ufaff"))


def _cjk(char: str) -> bool:
    return any(low <= char <= high for low, high in CJK)


@dataclass(frozen=True)
class Name:
    """One person or organisation. Parts are plain text (no markup)."""
    family: str = ""  # for an organisation (``literal``): the whole name
    given: str = ""
    particle: str = ""  # the "von" part: "van", "de la", "von"
    suffix: str = ""  # "Jr.", "III"
    literal: bool = False  # written in braces, {Human Rights Watch}: never split or inverted

    @property
    def is_organisation(self) -> bool:
        return self.literal or not self.given

    @property
    def _east_asian(self) -> bool:
        """A family name in Chinese, Japanese or Korean script: family name first, no space, never inverted
        with a comma (张伟; CMOS 18 13.84), as citeproc writes it."""
        return bool(self.family) and self.family[0] >= "\u3040" and _cjk(self.family[0]) and not self.literal

    def given_first(self) -> str:
        """'Ludwig van Beethoven', 'Martin Luther King Jr.' (CMOS 18: no comma before Jr.)."""
        if self._east_asian:
            return self.family + self.given
        return " ".join(p for p in (self.given, self.prefixed(), self.suffix) if p)

    def prefixed(self) -> str:
        """The family name with its particle: 'van Gogh'; an elided one takes no space, 'd’Alembert'."""
        if not self.particle:
            return self.family
        return self.particle + ("" if self.particle[-1] in "'’" else " ") + self.family

    def family_first(self) -> str:
        """'Beethoven, Ludwig van', 'King, Martin Luther, Jr.'; an organisation as written."""
        if (self.is_organisation and not self.particle) or self._east_asian:
            return self.given_first()
        out = self.family
        if self.given or self.particle:
            out += ", " + " ".join(p for p in (self.given, self.particle) if p)
        return out + (f", {self.suffix}" if self.suffix else "")


@dataclass(frozen=True)
class Entry:
    key: str
    type: str  # biblatex type, lower case: article, book, thesis, report, online, misc, ...
    fields: Mapping[str, str] = field(default_factory=lambda: EMPTY)  # biblatex field name -> rich text (plain for LITERAL_FIELDS)
    names: Mapping[str, tuple[Name, ...]] = field(default_factory=lambda: EMPTY)  # role (NAME_ROLES) -> names, in order
    et_al: frozenset = frozenset()  # roles whose list ended with 'and others'
    path: str = ""  # the bibliography file, as shown in diagnostics
    line: int = 0  # 1-based line of the entry's '@' (or of the CSL item)
    source_type: str = ""  # the type as written: 'phdthesis', 'techreport', 'foo'
    field_lines: Mapping[str, int] = field(default_factory=lambda: EMPTY)  # field -> 1-based line (0: unknown)
    # the entries ``related`` names, when its ``relatedtype`` is one the formatter prints (bib.related.attach);
    # each without related entries of its own, so no loop
    related_entries: tuple = field(default=(), compare=False)

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)

    @property
    def authors(self) -> tuple[Name, ...]:
        return self.names.get("author", ())

    def role(self, role: str) -> tuple[Name, ...]:
        return self.names.get(role, ())

    @property
    def shorthand_only(self) -> bool:
        """Known by its abbreviation alone, as classical texts are (biblatex-archaeologie's ancient authors:
        ``shorthand`` 'Ach. Tat.', a ``shortauthor``, no title, author or editor): cited by it (CMOS 18 14.242)."""
        return bool(self.get("shorthand")) and not (self.get("title") or self.authors or self.role("editor")
                                                     or self.get("maintitle"))

    @property
    def options(self) -> Mapping[str, str]:
        """biblatex's per-entry ``options`` ('skipbib, useprefix=false') as a map, lower case: a bare
        option is 'true' ({'skipbib': 'true', 'useprefix': 'false'})."""
        out = {}
        for item in plain(self.get("options")).split(","):
            name, _, value = item.partition("=")
            if name.strip():
                out[name.strip().lower()] = value.strip().lower() or "true"
        return out

    @property
    def skipbib(self) -> bool:
        """``options = {skipbib}`` (or ``dataonly``, which implies it): cited in the notes, never listed in the
        bibliography (biblatex)."""
        if not self.fields.get("options"):  # asked of every cited entry: most have no options
            return False
        options = self.options
        return "true" in (options.get("skipbib"), options.get("dataonly"))

    @property
    def written_language(self) -> str:
        """The language the entry states (``langid``, else ``language``), lower case; '' when it states none."""
        return plain(self.get("langid") or self.get("language")).strip().lower()

    @property
    def language(self) -> str:
        """The source's own language (``langid``, else ``language``), lower case, e.g. 'english', 'en'; without
        either, the one its title shows (:func:`.language.title_language`: 'english', 'albanian', or '' when
        the title does not tell)."""
        written = self.written_language
        if written:
            return written
        title = self.get("title")
        return title_language(f"{title}: {self.get('subtitle')}" if self.get("subtitle") else title) if title else ""


TAG = re.compile(r"<[^>]+>")


def plain(rich: str) -> str:
    """Rich text -> plain text (tags dropped, entities decoded): for sorting, search and diagnostics."""
    return html.unescape(TAG.sub("", rich or ""))
