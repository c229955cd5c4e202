"""A text's citations and footnote calls (:func:`briefpress.citations.extract_all`) + the bibliography's entries ->
the errors in them (:func:`citation_problems`): an unknown key (a handle mistaken for a citation told apart, a key
the plain form cannot hold named), a footnote without a definition. Lint and the build (:mod:`briefpress.document`)
ask alike, so an error reads the same in both.
"""

from __future__ import annotations

import re

from .citations import KEY
from .diagnostics import Diagnostic, did_you_mean, error


_WRITABLE = re.compile(KEY)  # a key the plain form holds whole (fullmatch): it needs no braces


def _files(entries, files=(), single: bool = False) -> str:
    """The bibliography files (``files``, else those the entries come from): where a missing source goes.
    With none, where one is read from: a project's references.bib, a single file's front matter."""
    if not files and isinstance(entries, dict):
        files = [getattr(e, "path", "") for e in entries.values()]  # a key may map to no entry (its keys only)
    names = sorted(set(n for n in files if n), key=lambda n: (n.endswith((".md", ".qmd")), n))
    if not names:
        return "a bibliography named in the front matter ('bibliography: references.bib')" if single \
            else "references.bib"
    return names[0] if len(names) == 1 else f"one of {', '.join(names)}"


def citation_problems(ex, entries, files=(), single: bool = False) -> list[Diagnostic]:
    """Unknown keys (a handle mistaken for a citation is told apart) and footnotes without a definition. Lint and
    the build pass the same ``files`` (the project's bibliographies) and ``single``, so an error reads the same."""
    out = []
    for c in ex.citations:
        for item in c.items:
            if item.key in entries:
                continue
            longer = sorted(k for k in entries if k.startswith(item.key) and not k[len(item.key)].isalnum()
                            and not _WRITABLE.fullmatch(k))
            if longer:  # the plain form stops before a second punctuation mark or a final one, as pandoc's does
                out.append(error("cite.unknown-key", f"unknown citation key '{item.key}': for the source "
                                 f"'{longer[0]}' write its key in braces, @{{{longer[0]}}}", c.location))
            elif item.mode == "author-in-text" and not did_you_mean(item.key, entries):
                out.append(error("cite.handle", f"'@{item.key}' is read as a citation but no source has that key; "
                                 f"if it is a handle or address, write \\@{item.key}", c.location))
            else:
                out.append(error("cite.unknown-key", f"unknown citation key '{item.key}'"
                                 f"{did_you_mean(item.key, entries)}; add it to {_files(entries, files, single)} "
                                 "or fix the key (write \\@ for a literal @)", c.location))
    for ref in ex.refs:
        if ref.id not in ex.footnotes:
            out.append(error("note.undefined", f"footnote '[^{ref.id}]' has no definition; "
                             f"add a line '[^{ref.id}]: text'", ref.location))
    return out
