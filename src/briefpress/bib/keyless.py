"""Entries written without a key, as EndNote's BibTeX export writes every record whose Label is empty
(``@article{`` and the fields on the next lines, or on the same line): each gets the key pandoc gives a RIS record
without an ID, ``Family_Family_Year`` (each name's first word as written, family first: "van_Le_1998"; a repeated
key ``…a``, ``…b``), and a warning naming it, rather than the file being refused. :func:`mark` gives such an entry a
placeholder key before the file is split (every line kept; diagnostics take their columns from the text as
written); :func:`named` replaces the placeholders once the entries are read, in the entries and in the problems
that named them."""

from __future__ import annotations

import re
from dataclasses import replace

from ..diagnostics import Diagnostic, SourceLocation
from .model import Entry
from ..atomic import once

PLACEHOLDER = "briefpress-no-key-"
_PLACED = re.compile(re.escape(PLACEHOLDER) + r"\d+")
# "@article{" and a field, on the next line (EndNote's shape) or on the same ("@article{author = {X}, …}" on one
# line): no key (never "@string{", "@comment{"). It starts with '@', which the engine finds fast (a pattern anchored
# at each line's start tried every line: 18 ms a 2 MB file); the '@' starting its line is checked after.
_KEYLESS = re.compile(r"@(?!(?i:string|comment|preamble)\b)" + once(r"[A-Za-z]+") + once(r"[ \t]*") + r"\{(?="
                      + once(r"[ \t]*") + r"(?:\r?\n" + once(r"\s*") + ")?" + once(r"[\w-]+") + once(r"\s*") + "=)")


def mark(text: str) -> str:
    if "@" not in text or not _KEYLESS.search(text):
        return text
    count = iter(range(1, 1 << 30))

    def placed(m: re.Match) -> str:
        at = m.start()
        while at and text[at - 1] in " \t":  # back over the blanks before it only: a long line is not read
            at -= 1  # once per '@' on it
        if at and text[at - 1] != "\n":
            return m.group()  # an '@' inside a line (a value's): no entry starts there
        return f"{m.group()}{PLACEHOLDER}{next(count)},"
    return _KEYLESS.sub(placed, text)


def _key(entry: Entry) -> str:
    # as pandoc's RIS reader: each author's first word as written ("van der Berg, Jan": "van"), then "_" and the year
    first = [(n.family if n.literal else n.prefixed()).split()[0] for n in entry.authors if n.family]
    year = entry.get("date")[:4]
    return re.sub(r"[\s,{}()\"#%'=]", "", "_".join(first) + (f"_{year}" if year else "")) or "entry"


def named(entries: list[Entry], path: str, problems: list[Diagnostic]) -> list[Entry]:
    if not any(e.key.startswith(PLACEHOLDER) for e in entries):
        return entries
    taken = {e.key for e in entries}
    seen: dict[str, int] = {}
    given: dict[str, str] = {}
    out = []
    for e in entries:
        if e.key.startswith(PLACEHOLDER):
            key = base = _key(e)
            while key in taken:  # pandoc's suffixes for its own keys: the second "…a", the third "…b"
                key = base + chr(ord("a") + seen.get(base, 0))
                seen[base] = seen.get(base, 0) + 1
            taken.add(key)
            given[e.key] = key
            problems.append(Diagnostic("warning", "bib.key", f"an entry has no key (EndNote's BibTeX export writes "
                                       f"none where the record has no Label): cite it as @{key}, or give it a key",
                                       SourceLocation(path, e.line, 1)))
            e = replace(e, key=key)
        out.append(e)
    # a problem found while the entry was read ("'…': year '199x' is not a date") names the key it now has
    problems[:] = [replace(p, message=_PLACED.sub(lambda m: given.get(m.group(), m.group()), p.message))
                   if PLACEHOLDER in p.message else p for p in problems]
    return out
