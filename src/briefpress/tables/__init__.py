"""Tables: pandoc's pipe, simple, grid and multiline tables, with numbered captions.

:func:`normalize` (source text -> marked text, run by :mod:`briefpress.citations` before it
looks for citations) and :mod:`.html` (the Markdown extension that builds the tables) do
the work; :func:`number_tables` then numbers the captioned tables of the whole document in
reading order (``<table id="tbl:x" data-number="N">`` with "Table N:" in the caption), and
:func:`problems` is what lint reports.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from markdown.extensions import Extension

from .. import locale
from .html import NUMBER, TableProcessor
from .source import CAPTION, FILL, SPEC, cells_masked, normalize, problems

__all__ = ["TablesExtension", "cells_masked", "makeExtension", "normalize", "number_tables", "problems"]

NUMBERED = re.compile(f'(<table\\b[^>]*\\bdata-number="){NUMBER}("[^>]*>\\s*<caption><span class="table-label">)'
                      f'Table {NUMBER}')
# The caption label in the paper's language (BCP 47 primary subtag); English otherwise.
LABELS = {"de": "Tabelle", "fr": "Tableau", "es": "Tabla", "it": "Tabella", "pt": "Tabela", "nl": "Tabel",
          "sq": "Tabela", "sr": "Tabela", "hr": "Tablica", "bs": "Tabela", "sl": "Tabela", "pl": "Tabela",
          "cs": "Tabulka", "sk": "Tabuľka", "sv": "Tabell", "no": "Tabell", "nb": "Tabell", "da": "Tabel",
          "fi": "Taulukko", "tr": "Tablo", "ru": "Таблица", "uk": "Таблиця", "mk": "Табела", "bg": "Таблица"}


class TablesExtension(Extension):
    def extendMarkdown(self, md):
        md.ESCAPED_CHARS.append("|")  # \| is a literal bar in a pipe table
        md.parser.blockprocessors.register(TableProcessor(md.parser), "briefpress-table", 75)
        if "deflist" in md.parser.blockprocessors:  # a table's lines are never a definition's term (below)
            deflist = md.parser.blockprocessors["deflist"]
            deflist.test = functools.partial(_not_a_table, deflist.test)


def _not_a_table(test, parent, block) -> bool:
    """A quoted table with a definition list lazily under it (no blank line, no '>') is one block for
    Python-Markdown, whose definition lists are read before quotes: the table's lines would be the term.
    Declined here, the quote is read first, and in it the table, then the definition list (as in pandoc)."""
    term = block.split("\n:", 1)[0].split("\n~", 1)[0]
    return not re.search(f"[{SPEC}{CAPTION}{FILL}]|[\U000F0000-\U000FFFFD]", term) and test(parent, block)


def makeExtension(**kwargs):
    return TablesExtension(**kwargs)


def number_tables(chapters: list, language: str = "en") -> list:
    """Chapters (anything with an ``html`` field) with their captioned tables numbered 1, 2, ... in order."""
    count = 0
    tag = language.lower().split("-")[0]
    own = locale.labels() if locale.same_language(locale.current(), language) else locale.load(language)
    if locale.canonical(language) in locale.SUPPORTED:  # the locale's word (a theme may override it)
        label = own["table"]
    else:
        label = LABELS.get(tag, "Table")

    def one(m):
        nonlocal count
        count += 1
        return f"{m.group(1)}{count}{m.group(2)}{label} {count}{own.colon.removesuffix(':')}"  # the colon follows
    return [dataclasses.replace(c, html=NUMBERED.sub(one, c.html)) for c in chapters]
