"""Document: Project + bibliography entries -> the one parsed :class:`Document`.

Every renderer (print HTML, screen HTML, EPUB) reads this tree; nothing is
parsed twice. Chapters keep a token ``\\ue000n<N>\\ue001`` where note N is called,
so each medium places notes its own way. Citation order decides note form:
the first citation of a source is a full note, later ones are short notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import chicago, reflist, tables
from .bibliography import Entry
from .citations import TOKEN, Citation, extract_all
from .diagnostics import BuildError, Diagnostic, SourceLocation, did_you_mean, error
from .markdown_ext import Heading, is_numbered, render_chapter, render_inline
from .metadata import Metadata

NOTE_TOKEN = re.compile("\ue000n(\\d+)\ue001")


@dataclass(frozen=True)
class Chapter:
    name: str  # source file, relative to the project
    html: str  # with note tokens
    headings: tuple[Heading, ...]

    @property
    def title(self) -> Heading:
        return self.headings[0]


@dataclass(frozen=True)
class Note:
    number: int
    html: str
    location: SourceLocation
    keys: tuple[str, ...] = ()  # sources cited in it


@dataclass(frozen=True)
class Reference:
    key: str
    html: str


@dataclass(frozen=True)
class Document:
    metadata: Metadata
    chapters: tuple[Chapter, ...]
    notes: tuple[Note, ...]
    references: tuple[Reference, ...]
    references_at: str = ""  # id of the manuscript's place for the reference list; "" = at the end

    @property
    def headings(self) -> list[Heading]:
        return [h for c in self.chapters for h in c.headings]


def citation_problems(ex, entries: dict) -> list[Diagnostic]:
    """Unknown keys (a handle mistaken for a citation is told apart) and footnotes without a definition."""
    out = []
    for c in ex.citations:
        for item in c.items:
            if item.key in entries:
                continue
            if item.mode == "author-in-text" and not did_you_mean(item.key, entries):
                out.append(error("cite.handle", f"'@{item.key}' is read as a citation but no source has that key; "
                                 f"if it is a handle or address, write \\@{item.key}", c.location))
            else:
                out.append(error("cite.unknown-key", f"unknown citation key '{item.key}'"
                                 f"{did_you_mean(item.key, entries)}; add it to references.bib "
                                 "or fix the key (write \\@ for a literal @)", c.location))
    for ref in ex.refs:
        if ref.id not in ex.footnotes:
            out.append(error("note.undefined", f"footnote '[^{ref.id}]' has no definition; "
                             f"add a line '[^{ref.id}]: text'", ref.location))
    return out


def format_citation(citation: Citation, entries: dict[str, Entry], seen: set) -> str:
    """A citation -> note text (HTML). ``seen`` collects keys already cited in full."""
    parts = []
    for item in citation.items:
        entry = entries[item.key]
        if item.key in seen:
            text = chicago.short_note(entry, item.locator, item.label)
        else:
            text = chicago.full_note(entry, item.locator, item.label)
            seen.add(item.key)
        if item.prefix:
            text = f"{render_inline(item.prefix)} {text}"
        if item.suffix:
            suffix = render_inline(item.suffix)
            text += suffix if suffix[:1] in ",.;:" else f", {suffix}"
        parts.append(text)
    text = "; ".join(parts)
    text = text[:1].upper() + text[1:] if not text.startswith("<") else text
    return text if re.search(r"[.?!][’”]*$", re.sub(r"<[^>]+>", "", text)) else text + "."


def author_in_text(entry: Entry) -> str:
    return chicago.names_short(entry.authors) if entry.authors else chicago.short_note(entry)


def build_document(metadata: Metadata, chapters, entries: dict[str, Entry]) -> Document:
    """chapters: SourceFile values in reading order."""
    problems: list[Diagnostic] = []
    parsed, taken, number = [], set(), 0
    for source in chapters:
        ex = extract_all(source.text, source.name)
        problems += citation_problems(ex, entries)
        number += is_numbered(source.text)
        html, headings = render_chapter(ex.text, number if is_numbered(source.text) else 0, frozenset(taken))
        if not headings or headings[0].level != 1:
            problems.append(error("chapter.no-title", "a chapter file must start with a '# Title' heading",
                                  SourceLocation(source.name, 1, 1)))
        taken.update(h.id for h in headings)
        parsed.append((source, ex, html, headings))
    if problems:
        raise BuildError(problems)

    seen: set = set()
    cited: list[str] = []
    notes: list[Note] = []
    out_chapters = []

    def inline_citations(text: str, ex) -> str:
        def one(m):
            c = ex.citations[int(m.group(2))]
            cited.extend(i.key for i in c.items)
            return format_citation(c, entries, seen).rstrip(".")
        return TOKEN.sub(one, text)

    for source, ex, html, headings in parsed:
        def call(m, ex=ex):
            kind, index = m.group(1), int(m.group(2))
            if kind == "c":
                c = ex.citations[index]
                keys = tuple(i.key for i in c.items)
                cited.extend(keys)
                lead = author_in_text(entries[keys[0]]) if c.items[0].mode == "author-in-text" else ""
                notes.append(Note(len(notes) + 1, format_citation(c, entries, seen), c.location, keys))
            else:
                ref = ex.refs[index]
                foot = ex.footnotes[ref.id]
                before = len(cited)
                body = inline_citations(render_inline(foot.text), ex)
                notes.append(Note(len(notes) + 1, body, ref.location, tuple(cited[before:])))
                lead = ""
            return f"{lead}\ue000n{len(notes)}\ue001"
        out_chapters.append(Chapter(source.name, TOKEN.sub(call, html), tuple(headings)))

    out_chapters = _number_blocks(tables.number_tables(out_chapters, metadata.language))
    out_chapters, references_at = reflist.place(out_chapters)

    listed = list(entries) if "*" in metadata.nocite else [k for k in metadata.nocite if k in entries]
    return Document(metadata, tuple(out_chapters), tuple(notes), reference_list(entries, cited + listed),
                    references_at)


BLOCK = re.compile(r"<(p|li|blockquote)>")


def _number_blocks(chapters: list[Chapter]) -> list[Chapter]:
    """Give every paragraph, list item and quote an id (b1, b2, ...): print pages map onto them."""
    counter = 0

    def add(m):
        nonlocal counter
        counter += 1
        return f'<{m.group(1)} id="b{counter}">'
    return [Chapter(c.name, BLOCK.sub(add, c.html), c.headings) for c in chapters]


def reference_list(entries: dict[str, Entry], cited: list[str]) -> tuple[Reference, ...]:
    """Every cited source once, sorted by author; a repeated author list becomes a 3-em dash."""
    ordered = sorted({k: entries[k] for k in cited}.values(), key=chicago.sort_key)
    out, previous = [], None
    for entry in ordered:
        html = chicago.bibliography_entry(entry)
        if entry.authors and entry.authors == previous:
            lead = chicago.names_bib(entry.authors)
            html = "⸻" + html[len(lead):] if html.startswith(lead) else html
        previous = entry.authors or None
        out.append(Reference(entry.key, html))
    return tuple(out)
