"""Cross-references checked (lint): the source files (Markdown through :func:`.crossref.mark`) and
their rendered HTML -> diagnostics at file:line:col: a reference to an id nothing carries (an error,
with a did-you-mean), to something without a number, a label given twice, a word the reference prints
itself written before it ('Table @tbl-a': 'Table Table 1')."""

from __future__ import annotations

import re
from collections import Counter

from . import locale
from .crossref import ID, ONE, PREFIXES, _canonical, kind_of, number_html, references_in, registry
from .diagnostics import Diagnostic, SourceLocation, did_you_mean, error, line_col


def problems(sources, htmls, labels=None) -> list[Diagnostic]:
    """sources: (path, Markdown after rawlatex.translate and mark); htmls: every chapter's HTML;
    labels: the paper's (English when not given)."""
    htmls = number_html(htmls)
    reg = registry(htmls)
    out = _duplicates(sources, htmls) + doubled_words(sources, reg, labels or locale.labels())
    for path, text in sources:
        for offset, ident in references_in(text):
            line, col = line_col(text, offset)
            if ident in reg:
                kind, number, _ = reg[ident]
                if not number and kind != "sec":
                    hint = ("a figure is an image alone in its paragraph (a blank line before and after)"
                            if kind == "fig" else "refer to a numbered figure, table, section or equation")
                    out.append(Diagnostic("warning", "crossref.unnumbered", f"'{ident}' has no number, so the "
                                          f"reference prints its id; {hint}", SourceLocation(path, line, col)))
                continue
            prefix = ident[:len(kind_of(ident)) + 1] if kind_of(ident) else ident.split(":", 1)[0] + ":"
            same = [k for k in reg if k.startswith(prefix)] or list(reg)
            out.append(error("crossref.unknown", f"no figure, table, section or equation has the id '{ident}'"
                             f"{did_you_mean(ident, same)}; give the target {{#{ident}}} or fix the reference",
                             SourceLocation(path, line, col)))
    return out


# what a writer puts before a reference that prints its own word ("Fig. @fig-a"), besides the labels
ABBREVIATED = {"fig": ("fig", "figs"), "tbl": ("tab", "tabs", "tbl"), "sec": ("sec", "secs", "§", "§§"),
               "eq": ("eq", "eqs", "eqn", "eqns"), "lst": ("lst",)}
# the word right before a reference, whole (the lookbehind sees past a search's start); searched in the last
# WORD_SPAN characters only: from the text's start it was read once per reference, quadratic in a long file
WORD_BEFORE = re.compile(r"(?<![^\s\[\]()~])([^\s\[\]()~]{1,40})[\s~]*\[?\s*$")
WORD_SPAN = 64


def doubled_words(sources, reg: dict, labels) -> list[Diagnostic]:
    """'Table @tbl-a' prints 'Table Table 1' (the reference prints its kind's word, as Quarto and
    pandoc-crossref do): a warning at the reference. ``labels``: the paper's (:func:`.locale.load`)."""
    out = []
    for path, text in sources:
        for m in ONE.finditer(text):
            ident = _canonical(m.group(2))
            if m.group(1) or ident not in reg:
                continue  # '-@tbl-a' prints the number alone; an unknown id is crossref.unknown
            kind, number, _ = reg[ident]
            if not number or kind not in PREFIXES:
                continue
            singular, plural = PREFIXES[kind]
            printed = labels.get(f"{singular}-prefix") or labels.get(singular) or singular
            words = {printed, labels.get(singular), labels.get(plural), singular, plural, *ABBREVIATED.get(kind, ())}
            before = WORD_BEFORE.search(text, max(0, m.start() - WORD_SPAN), m.start())
            if before and _names_kind(before.group(1), words, ABBREVIATED.get(kind, ())):
                shown = number if re.fullmatch(r"[\w.\-]+", number) and number.isascii() else "…"  # lint: a stand-in
                out.append(Diagnostic(
                    "warning", "crossref.doubled-word", f"'{before.group(1)} @{ident}' prints '{before.group(1)} "
                    f"{printed} {shown}': the reference prints the word itself; leave yours out, or write "
                    f"'-@{ident}' for the number alone", SourceLocation(path, *line_col(text, before.start(1)))))
    return out


def _names_kind(typed: str, words, abbreviated) -> bool:
    """Whether the word before a reference is one it prints itself: 'Table', 'tables', 'Fig.'. A period
    or colon after a whole word ends a sentence or clause ('… in the last table. @tbl-b lists'): only an
    abbreviation takes a period."""
    word = typed.rstrip(".:").casefold()
    if typed.endswith(":"):
        return False
    if typed.endswith("."):
        return word in {w.rstrip(".").casefold() for w in (*abbreviated, *(w for w in words if w and w.endswith(".")))}
    return word in {w.rstrip(".:").casefold() for w in words if w}


def _duplicates(sources, htmls) -> list[Diagnostic]:
    """A label given twice (two figures {#fig:a}): the second and later are errors."""
    ids = Counter(i for h in htmls for i in re.findall(r'\bid="([^"]+)"', h))  # any id: two anchors stop the PDF
    tables = Counter(i for h in htmls for i in re.findall(r'<table\b[^>]*\bid="([^"]+)"', h))
    # two tables with one id are already reported by the table reader (table.duplicate-id): once is enough
    twice = {i for i, n in ids.items() if n > 1 and tables[i] < n}
    seen, out = set(), []
    for path, text in sources:
        for m in re.finditer(rf"\{{[^}}\n]*#({ID})|\\label\{{({ID})\}}", text):
            ident = m.group(1) or m.group(2)
            if ident in twice and ident in seen:
                out.append(error("crossref.duplicate-id", f"the id '{ident}' is given twice; a reference could "
                                 "not tell them apart: rename one", SourceLocation(path, *line_col(text, m.start()))))
            seen.add(ident)
    return out
