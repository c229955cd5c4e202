"""Bibliography files -> one :class:`Bibliography`: every entry of every file, and every problem.

Takes the project's bibliography files (anything with ``.name`` and ``.text``, in order); each is
read by its extension (``.json`` CSL-JSON, ``.yaml``/``.yml`` CSL-YAML, ``.ris`` RIS, a Markdown file's front matter
(``.md``…) pandoc's ``references:`` in CSL-YAML, anything else BibTeX / biblatex), then the entries are merged (a key defined twice is an error at the second place,
naming the first; the same entry again is a warning, the copy not read; a file listed twice is read once, with a warning), ``crossref`` / ``xdata`` are followed across files, the entry checks of
:mod:`.checks` run, and biblatex ``ids`` (an entry's other keys) become ``aliases`` that a citation
may use (``Bibliography.citable``). Each file's result is cached by its text, so the live preview re-reads an
unchanged file for free.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from ..diagnostics import Diagnostic, SourceLocation, error
from . import checks
from .bibtex import read_bibtex
from .inherit import resolve
from .related import attach
from .model import FRONT_MATTER, Entry


@dataclass(frozen=True)
class Bibliography:
    entries: Mapping[str, Entry] = field(default_factory=dict)  # key -> entry, in file order
    problems: tuple[Diagnostic, ...] = ()
    lost_keys: frozenset = frozenset()  # keys of entries that failed to parse: known, but unusable
    aliases: Mapping[str, str] = field(default_factory=dict)  # biblatex ``ids``: another key -> the entry's key

    @property
    def known_keys(self) -> frozenset:
        """Keys a citation may use without being 'unknown' (a broken entry is reported once, where it is)."""
        return frozenset(self.entries) | self.lost_keys | frozenset(self.aliases)

    def citable(self) -> dict[str, Entry]:
        """Every key a citation may use -> its entry: the entries' keys, then their ``ids``."""
        return {**self.entries, **{alias: self.entries[key] for alias, key in self.aliases.items()}}


REFER = re.compile(r"^%0 \S", re.M)
# a record's start, after at most a few header lines with no BibTeX in them (JSTOR's "Provider: JSTOR …")
RIS_START = re.compile(r"(?:[A-Z][\w-]*:[^\n@{]*\r?\n|[ \t]*\r?\n){0,6}TY  - ")
# other databases' tagged formats, read as BibTeX they were "no entries": refused with what to export instead
TAGGED = ((re.compile(r"FN [^\n]*\r?\n\s*VR "), "Web of Science's plain-text format ('FN Clarivate Analytics Web of "
           "Science'), which is not read: export the records as BibTeX or 'RIS (other reference software)'"),
          (re.compile(r"PMID- ?\d"), "PubMed's MEDLINE format ('PMID- …', a .nbib file), which is not read: import it "
           "into a reference manager (Zotero, EndNote, Mendeley) and export BibTeX or RIS from there"))


@functools.lru_cache(maxsize=16)
def read_file(text: str, name: str, macros: tuple = ()) -> tuple[tuple[Entry, ...], tuple[Diagnostic, ...], frozenset,
                                                                  tuple]:
    """One file -> (entries, problems, lost keys, its @strings); ``macros``: the @strings of the files before it."""
    # The cycle collector stays on: switching it off while reading saved a tenth of the time, but the
    # later PDF layout of the same process then differed (test_print_layout's rebuild test, full suite).
    if name.lower().endswith(".xml"):  # pandoc reads EndNote's XML; briefpress reads what EndNote also exports
        return (), (error("bib.format", "EndNote XML is not read: export the library as RIS (File > Export, "
                          "'RefMan (RIS) Export', a .ris file) or BibTeX, and name that file",
                          SourceLocation(name, 1, 1)),), frozenset(), ()
    head = text.lstrip("\ufeff \t\r\n")[:6]
    if head.startswith("%0 ") or (head.startswith("%") and REFER.search(text[:2000]) and "@" not in text[:2000]):
        return (), (error("bib.format", "this is EndNote's tagged (Refer) format ('%0 Journal Article'), which is "
                          "not read: export the library as RIS (File > Export, 'RefMan (RIS) Export', a .ris file) "
                          "or BibTeX, and name that file", SourceLocation(name, 1, 1)),), frozenset(), ()
    for tagged, what in TAGGED:
        if tagged.match(text[:2000].lstrip("\ufeff \t\r\n")):
            return (), (error("bib.format", f"this is {what}", SourceLocation(name, 1, 1)),), frozenset(), ()
    if name.lower().endswith(".ris") or RIS_START.match(text[:2000].lstrip("\ufeff \t\r\n")):
        # RIS saved as .txt (EndNote), JSTOR's too
        from .ris import read_ris
        entries, problems, lost = read_ris(text, name)
        defined = ()
    elif name.lower().endswith((".json", ".yaml", ".yml") + FRONT_MATTER):
        from .csl import read_csl  # with its YAML reader: a fifth of this module's imports, for BibTeX files none

        entries, problems, lost = read_csl(text, name)
        defined = ()
    else:
        entries, problems, lost, defined = read_bibtex(text, name, macros)
    return tuple(entries), tuple(problems), lost, defined


def read_bibliographies(files: Iterable) -> Bibliography:
    merged: dict[str, Entry] = {}
    problems: list[Diagnostic] = []
    lost: set[str] = set()
    texts: dict[str, str] = {}
    macros: tuple = ()  # @strings carry over to the files after theirs, as BibTeX reads \bibliography{a,b}
    for f in files:
        if texts.get(f.name) == f.text:  # one file listed twice: each of its entries would be its own copy
            problems.append(Diagnostic("warning", "bib.duplicate-file", f"'{f.name}' is listed twice as a "
                                       "bibliography; it is read once: list it once", SourceLocation(f.name, 1, 1)))
            continue
        texts[f.name] = f.text
        entries, found, lost_here, defined = read_file(f.text, f.name, macros)
        macros += defined
        problems += found
        lost |= lost_here
        for entry in entries:
            if entry.key in merged:
                first = merged[entry.key]
                if _same(entry, first):  # two files sharing an export: nothing to choose
                    problems.append(Diagnostic("warning", "bib.duplicate-key", f"'{entry.key}' is the same entry "
                                               f"as at {first.path}:{first.line}; this copy is not read: delete it",
                                               SourceLocation(entry.path, entry.line, 1)))
                    continue
                problems.append(error("bib.duplicate-key", f"key '{entry.key}' is already used at {first.path}:"
                                      f"{first.line}; each entry needs its own key",
                                      SourceLocation(entry.path, entry.line, 1)))
                continue
            merged[entry.key] = entry
    resolved, found = resolve(merged)
    resolved = attach(resolved)  # related / relatedtype: the entries a reprint or translation names
    problems += found
    problems += checks.check_entries(resolved)
    aliases, found = _aliases(resolved, texts)
    problems += found
    return Bibliography(resolved, tuple(problems), frozenset(lost - set(resolved)), aliases)


def _same(a: Entry, b: Entry) -> bool:
    return (a.type, a.fields, a.names, a.et_al) == (b.type, b.fields, b.names, b.et_al)


def _aliases(entries: Mapping[str, Entry], texts: Mapping[str, str]) -> tuple[dict[str, str], list[Diagnostic]]:
    """biblatex ``ids`` (old keys kept when an entry was renamed): each -> the entry's key. An id that is
    another entry's key or another entry's id is an error at the id itself."""
    aliases: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for entry in entries.values():
        for alias in dict.fromkeys(a.strip() for a in entry.get("ids").split(",") if a.strip()):
            if alias == entry.key:
                continue
            other = entries.get(alias)
            clash = (f"the key of the entry at {other.path}:{other.line}" if other is not None else
                     f"already an id of '{aliases[alias]}'" if alias in aliases else "")
            if clash:
                problems.append(error("bib.ids", f"'{entry.key}': its id '{alias}' is {clash}; a citation of it "
                                      "would be ambiguous: remove or rename the id", _where(entry, alias, texts)))
            else:
                aliases[alias] = entry.key
    return aliases, problems


def _where(entry: Entry, word: str, texts: Mapping[str, str]) -> SourceLocation:
    """The line and column of ``word`` in the entry's ``ids`` field (it may run over a few lines)."""
    line = entry.field_lines.get("ids") or entry.line
    lines = texts.get(entry.path, "").split("\n")
    for number in range(line, min(line + 5, len(lines) + 1)):
        m = re.search(rf"(?<![^\s{{,=\"]){re.escape(word)}(?![^\s}},\"])", lines[number - 1])
        if m:
            return SourceLocation(entry.path, number, m.start() + 1)
    return SourceLocation(entry.path, line, 1)


def read_text(text: str, name: str) -> Bibliography:
    """One bibliography given as text (tests, single files)."""
    return read_bibliographies([_Text(name, text)])


@dataclass(frozen=True)
class _Text:
    name: str
    text: str
