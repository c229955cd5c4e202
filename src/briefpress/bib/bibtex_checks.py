"""What is wrong with a BibTeX entry as written, for :mod:`.bibtex`, each as one Diagnostic at file:line:col: its
key (none, a space, a character pandoc refuses), a field given twice, an unknown LaTeX command."""

from __future__ import annotations

import re

from ..diagnostics import Diagnostic, SourceLocation, error
from .latex import collapse
from .model import NAME_ROLES

SPACE = re.compile(r"\s")
# what pandoc's BibTeX reader refuses in a key (it stops reading the whole file there; % starts its comment), and
# what LaTeX's \cite cannot take (# ~ \ ^ % are TeX's own): a URL's fragment, "https://example.org/page#sec"
PANDOC_REFUSES = re.compile(r"[#~\\^|<>%]")


def loc(path: str, text_lines: list[str], line0: int, what: str = "@") -> SourceLocation:
    """The entry's line (``line0`` counts from 0), at the first ``what`` on it."""
    line = max(0, line0)
    col = text_lines[line].find(what) + 1 if line < len(text_lines) else 0
    return SourceLocation(path, line + 1, max(col, 1))


def key_problems(key: str, path: str, lines: list[str], line0: int) -> list[Diagnostic]:
    """An error for a key the entry cannot be cited by (none, a space), a warning for one pandoc refuses."""
    if not key:
        return [error("bib.key", "entry has no key; write @type{key, ...}", loc(path, lines, line0))]
    if SPACE.search(key):
        return [error("bib.key", f"key '{key}' contains a space; keys are one word", loc(path, lines, line0))]
    refused = PANDOC_REFUSES.search(key)
    if not refused:
        return []
    # read all the same (cited as @{key}): briefpress builds with it, where pandoc and LaTeX cannot use the file
    written = lines[line0].find(key) if line0 < len(lines) else -1
    at = SourceLocation(path, line0 + 1, written + 1 + refused.start() if written >= 0 else 1)
    return [Diagnostic("warning", "bib.key", f"key '{key}' has '{refused.group()}', which pandoc refuses in a key (it "
                       "reads none of the file) and LaTeX's \\cite cannot take; rename the key to letters, digits and "
                       "- _ : . /", at)]


def unknown_command(name: str, path: str, lines: list[str], line: int, key: str, count: int) -> Diagnostic:
    """One warning per unknown command, where it is first used (its column found on the field's lines)."""
    pattern = re.compile(re.escape(name) + (r"(?![a-zA-Z])" if name[-1:].isalpha() else ""))
    col = 1
    for number in range(line, min(line + 20, len(lines) + 1)):
        m = pattern.search(lines[number - 1])
        if m:
            line, col = number, m.start() + 1
            break
    more = f" (and in {count - 1} more entries)" if count > 1 else ""
    return Diagnostic("warning", "bib.latex", f"'{key}': unknown LaTeX command {name}{more}: the command is dropped and "
                      "its argument's text kept; write the text itself (or a Unicode character)",
                      SourceLocation(path, line, col))


# Fields a reference prints: two different values of one of them leave the reference ambiguous (an error);
# a repeated value, or a repeated field nothing prints (Scopus's funding_details, bibsource), is a warning,
# as BibTeX and biber take the first and go on.
PRINTED = frozenset(NAME_ROLES) | {
    "title", "subtitle", "titleaddon", "journal", "journaltitle", "booktitle", "maintitle", "year", "month", "day",
    "date", "volume", "number", "issue", "pages", "publisher", "address", "location", "institution", "school",
    "organization", "edition", "series", "url", "doi", "eprint", "type", "howpublished", "chapter", "version",
    "entrysubtype", "crossref", "xdata", "eid", "shorttitle", "urldate", "note"}


def duplicate(key: str, name: str, first: str, again: str, first_line: int, where: SourceLocation) -> Diagnostic:
    same = collapse(first) == collapse(again.strip()[1:-1] if again.strip()[:1] in "{\"" else again.strip())
    if name in PRINTED and not same:
        return error("bib.duplicate-field", f"'{key}': the field '{name}' is given twice (first at line {first_line}), "
                     "with different values; keep one", where)
    return Diagnostic("warning", "bib.duplicate-field", f"'{key}': the field '{name}' is given twice (first at line "
                      f"{first_line}); the first is used (as BibTeX and biber do): keep one", where)
