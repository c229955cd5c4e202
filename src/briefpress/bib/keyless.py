"""Entries written without a key, as EndNote's BibTeX export writes every record whose Label is empty
(``@article{`` and the fields on the next lines): each gets the key pandoc gives a RIS record without an ID,
``Family_Family_Year`` (a repeated one ``…a``, ``…b``), and a warning naming it, rather than the file being
refused. :func:`mark` gives such an entry a placeholder key before the file is split (its line and the
columns of every other line unchanged); :func:`named` replaces the placeholders once the entries are read."""

from __future__ import annotations

import re
from dataclasses import replace

from ..diagnostics import Diagnostic, SourceLocation
from .model import Entry

PLACEHOLDER = "briefpress-no-key-"
# "@article{" alone at the end of its line, a field on the next: no key (never "@string{", "@comment{")
_KEYLESS = re.compile(r"(?im)^([ \t]*@(?!string|comment|preamble)[a-z]+[ \t]*\{)[ \t]*(?=\r?\n\s*[\w-]+\s*=)")


def mark(text: str) -> str:
    if "@" not in text or not _KEYLESS.search(text):
        return text
    count = iter(range(1, 1 << 30))
    return _KEYLESS.sub(lambda m: f"{m.group(1)}{PLACEHOLDER}{next(count)},", text)


def named(entries: list[Entry], path: str, problems: list[Diagnostic]) -> list[Entry]:
    if not any(e.key.startswith(PLACEHOLDER) for e in entries):
        return entries
    taken = {e.key for e in entries}
    seen: dict[str, int] = {}
    out = []
    for e in entries:
        if e.key.startswith(PLACEHOLDER):
            base = "_".join(n.family.split()[-1] if not n.literal else n.family.split()[0] for n in e.authors)
            base = re.sub(r"[\s,{}()\"#%'=]", "", "_".join(p for p in (base, e.get("date")[:4]) if p)) or "entry"
            key = base
            while key in taken:  # pandoc's suffixes for its own keys: the second "…a", the third "…b"
                key = base + chr(ord("a") + seen.get(base, 0))
                seen[base] = seen.get(base, 0) + 1
            taken.add(key)
            problems.append(Diagnostic("warning", "bib.key", f"an entry has no key (EndNote's BibTeX export writes "
                                       f"none where the record has no Label): cite it as @{key}, or give it a key",
                                       SourceLocation(path, e.line, 1)))
            e = replace(e, key=key)
        out.append(e)
    return out
