"""Notes on a single file's title and authors, as pandoc reads them: ``title: "A Title^[Thanks to…]"``,
``author: "Jo Vale[^auth]"`` with ``[^auth]: Professor of Law.`` in the text, and the ``thanks`` field.

:func:`collect` takes the front matter's :class:`~briefpress.metadata.Metadata` and the text after it,
and returns them anew: the notes taken out of the title and the names, each given a mark († ‡ § ¶ ‖,
then doubled, as LaTeX's \\thanks marks them) printed after the title or the name and before the note
in the title block's notes (the article theme's ``parts.html.j2``); a ``[^id]`` note's definition is
taken out of the text (its lines left blank, so later lines keep their numbers). A ``[^id]`` with no
definition is an error at the front matter's line (``note.undefined``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from .citations import FOOTDEF, FOOTREF
from .diagnostics import Diagnostic, SourceLocation, error, line_col
from .markdown_ext import inline_plain
from .metadata import slugify

MARKS = "†‡§¶‖"
CALL = re.compile(r"\[\^([^\]\s]+)\](?!:)|\^\[((?:[^\[\]]|\[[^\[\]]*\])*)\]")


def _mark(n: int) -> str:
    return MARKS[n % len(MARKS)] * (n // len(MARKS) + 1)


def collect(metadata, body: str, path: str, source: str = "") -> tuple[object, str, list[Diagnostic]]:
    """``source``: the file as written (the front matter's lines, where an error points)."""
    notes: list[tuple[str, str]] = []
    where: list[tuple] = []  # each note's text as typed, for its citations' places (meta_text.locate)
    problems: list[Diagnostic] = []

    def typed(text: str, start: int, note: str) -> tuple:
        """(file, line, column, the text from ``start``) of a note typed at ``start`` of ``text``."""
        start = max(start, 0)
        return (path, *line_col(text, start), text[start:start + 2 * len(note) + 80])
    definitions = {m.group(1): m for m in FOOTDEF.finditer(body)} if "[^" in body else {}
    used: list[re.Match] = []
    given: dict[str, str] = {}  # a [^id] called again (two authors with one affiliation note): one mark

    def take(text: str) -> tuple[str, str]:
        """The text without its note calls, and the marks of its notes."""
        marks = ""
        for m in CALL.finditer(text):
            if m.group(1) in given:
                marks += "" if given[m.group(1)] in marks else given[m.group(1)]
                continue
            if m.group(1) is not None:
                found = definitions.get(m.group(1))
                if found is None:
                    problems.append(error("note.undefined", f"footnote '[^{m.group(1)}]' in the front matter has no "
                                          f"definition; add a line '[^{m.group(1)}]: …' to the text",
                                          SourceLocation(path, *line_col(source, max(0, source.find(m.group()))))))
                    continue
                used.append(found)
                note = " ".join(found.group(2).split())
                where.append(typed(body, found.start(2), note))
            else:
                note = m.group(2).strip()
                where.append(typed(source, source.find(note), note))
            if m.group(1) is not None:
                given[m.group(1)] = _mark(len(notes))
            marks += _mark(len(notes))
            notes.append((_mark(len(notes)), note))
        return CALL.sub("", text).rstrip(), marks

    if "[^" in metadata.abstract and "[^" in body:
        metadata, body = _abstract_calls(metadata, body, path)
    if not metadata.thanks and not CALL.search(metadata.title + " ".join(a.name for a in metadata.authors)):
        return metadata, body, []
    title, title_marks = take(metadata.title)
    if metadata.thanks:
        title_marks += _mark(len(notes))
        notes.append((_mark(len(notes)), metadata.thanks))
        where.append(typed(source, source.find(metadata.thanks.split("\n")[0]), metadata.thanks))
    authors, author_marks = [], []
    for person in metadata.authors:
        name, marks = take(person.name)
        authors.append(replace(person, name=name))
        author_marks.append(marks)
    called = set(FOOTREF.findall(body))  # a note the text calls too keeps its definition there
    for m in sorted({m for m in used if m.group(1) not in called}, key=lambda m: m.start(), reverse=True):
        body = body[:m.start()] + "\n" * m.group().count("\n") + body[m.end():]
    # the names the title gave (file name, running head) are made again without the notes' text
    slug = slugify(title) if metadata.slug == slugify(metadata.title) else metadata.slug
    short = inline_plain(title) if metadata.short_title == inline_plain(metadata.title) else metadata.short_title
    metadata = replace(metadata, title=title, slug=slug, short_title=short, authors=tuple(authors),
                       title_marks=title_marks, author_marks=tuple(author_marks), title_notes=tuple(notes),
                       title_notes_at=tuple(where))
    return metadata, body, problems


def _abstract_calls(metadata, body: str, path: str) -> tuple[object, str]:
    """pandoc reads a ``[^id]`` in the abstract with its definition in the text: the definition is read with the
    abstract (``abstract_notes``, at its place in the file) and blanked in the text unless the text calls it
    too. Returns the Metadata and the text anew."""
    own = {m.group(1) for m in FOOTDEF.finditer(metadata.abstract)}
    definitions = {m.group(1): m for m in FOOTDEF.finditer(body)}
    moved = [definitions[i] for i in dict.fromkeys(FOOTREF.findall(metadata.abstract))
             if i in definitions and i not in own]
    notes = tuple((m.group().rstrip(), (path, *line_col(body, m.start()), m.group())) for m in moved)
    called = set(FOOTREF.findall(body))
    for m in sorted((m for m in moved if m.group(1) not in called), key=lambda m: m.start(), reverse=True):
        body = body[:m.start()] + "\n" * m.group().count("\n") + body[m.end():]
    return replace(metadata, abstract_notes=notes), body
