"""Document: Project + bibliography entries -> the one parsed :class:`Document`.

Every renderer (print HTML, screen HTML, EPUB) reads this tree; nothing is
parsed twice. Each top-level '# Heading' starts a chapter (a single file holds the
whole paper), numbered 1, 2, 3 across files. Chapters keep a token ``\\ue000n<N>\\ue001`` where note N is called,
so each medium places notes its own way. Citation order decides note form:
the first citation of a source is a full note, later ones are short notes (their text and the reference
list's: :mod:`briefpress.note_text`; the errors in the citations: :mod:`briefpress.citation_checks`).
"""

from __future__ import annotations

import html as htmlmod
import re
from dataclasses import dataclass, replace

from markupsafe import Markup

from . import chicago, crossref, figures, locale, meta_text, reflist, tables
from .bibliography import Entry
from .citation_checks import citation_problems
from .citations import TOKEN, Citation, extract_all
from .diagnostics import BuildError, Diagnostic, SourceLocation, error
from .markdown_ext import Heading, render_chapter, render_inline
from .pitfalls import too_deep
from .mathspans import with_file_macros
from .mathtex import number_with_notes, pandoc_spans
from .metadata import Metadata
from .note_text import Reference, author_in_text, end_note, format_citation, quoted_calls, reference_list

NOTE_TOKEN = re.compile("\ue000n(\\d+)\ue001")


@dataclass(frozen=True)
class Chapter:
    name: str  # source file, relative to the project
    html: str  # with note tokens
    headings: tuple[Heading, ...]

    @property
    def title(self) -> Heading:
        """The chapter's '# Heading'; a blank one for the text a single file has before its first."""
        if self.headings and self.headings[0].level == 1:
            return self.headings[0]
        return Heading(1, "", "", "", "")


@dataclass(frozen=True)
class Note:
    number: int
    html: str
    location: SourceLocation
    keys: tuple[str, ...] = ()  # sources cited in it


@dataclass(frozen=True)
class Document:
    metadata: Metadata
    chapters: tuple[Chapter, ...]
    notes: tuple[Note, ...]
    references: tuple[Reference, ...]
    abstract: str = ""  # the metadata's abstract as HTML
    references_at: str = ""  # id of the manuscript's place for the reference list; "" = at the end
    # cited sources the style cites in the notes only (chicago.notes_only: letters, interviews, unpublished
    # papers, social media posts; CMOS 18 14.106 ff.): left out of the reference list on purpose
    notes_only: tuple[str, ...] = ()

    @property
    def headings(self) -> list[Heading]:
        return [h for c in self.chapters for h in c.headings]

    @property
    def lists_references(self) -> bool:
        """A reference list of its own at the end: there are references and the manuscript places none.
        (A paper that cites nothing gets no empty "References".)"""
        return bool(self.references) and not self.references_at


def build_document(metadata: Metadata, chapters, entries: dict[str, Entry], labels: dict | None = None,
                   style: chicago.Style = chicago.CMOS, title_block: bool = True, files: tuple = ()) -> Document:
    """chapters: SourceFile values in reading order. Formatted in the metadata's language (Chicago terms,
    dates, quotation marks, figure and table names: :mod:`briefpress.locale`), with ``labels`` (a theme's
    overrides) over the language's, and ``style``: the theme's Chicago house forms. ``title_block``: the
    theme prints the title block (:func:`briefpress.render_html.prints_abstract`): the citations in its
    notes (thanks, notes on the title and names) are printed in them, the subtitle's are notes among
    them, and the abstract's are the first notes, as pandoc numbers them; else they make none (a note no
    page calls) and list no source. ``files``: the bibliography files in use (the project's), which an unknown
    key's error names, as lint's does (:func:`citation_problems`)."""
    with locale.using(metadata.language, labels, metadata.labels):
        return _build_document(metadata, chapters, entries, style, title_block, files)


def _build_document(metadata: Metadata, chapters, entries: dict[str, Entry], style: chicago.Style,
                    title_block: bool = True, files: tuple = ()) -> Document:
    entries = chicago.in_paper_language(entries, metadata.language)
    problems: list[Diagnostic] = []
    in_abstract = meta_text.extract(metadata)  # its unknown keys are errors at their place, as the text's
    in_subtitle = meta_text.extract(metadata, "subtitle") if "@" in metadata.subtitle else None
    on_title = meta_text.title_notes(metadata)
    single = any(getattr(source, "single", False) for source in chapters)
    for ex in [e for e in (in_abstract, in_subtitle) if e] + [ex for _, ex in on_title]:
        problems += citation_problems(ex, entries, files, single)
    parsed, taken, number = [], set(), 0
    for source in chapters:
        if deep := too_deep(source.text, source.name):  # lint says so too, with every other error
            raise BuildError(deep)
        ex = extract_all(source.text, source.name)
        problems += citation_problems(ex, entries, files, getattr(source, "single", False))
        html, headings = render_chapter(ex.text, number + 1, frozenset(taken))
        number += sum(1 for h in headings if h.level == 1 and h.number)
        if not getattr(source, "single", False) and (not headings or headings[0].level != 1):
            problems.append(error("chapter.no-title", "a chapter file must start with a '# Title' heading",
                                  SourceLocation(source.name, 1, 1)))
        taken.update(h.id for h in headings)
        parsed.append((source, ex, html, headings))
    if problems:
        raise BuildError(problems)

    seen: set = set()
    cited: list[str] = []
    alike = chicago.cited_sources(entries, [in_abstract, in_subtitle, *(ex for _, ex in on_title), *(p[1] for p in parsed)])
    notes: list[Note] = []
    out_chapters = []

    def inline_citations(text: str, ex) -> str:
        def one(m):
            c = ex.citations[int(m.group(2))]
            cited.extend(entries[i.key].key for i in c.items)
            # inside the note's sentence, no period of its own: one inside a closing quote (“Title.”) was kept
            # before any text that followed ("see Gashi, “Data.”.")
            text, rest = format_citation(c, entries, seen, metadata.language, style, False, alike), m.string[m.end():].strip()
            full = end_note(text, metadata.language)
            if c.items[0].mode == "author-in-text":
                return text
            # a bracketed citation in a note's sentence is set in parentheses, as citeproc sets it; one that
            # opens the note is its citation, printed as a note is (its period when the note ends with it)
            if m.string[:m.start()].strip():
                return f"({text})"
            return full if not rest else text
        return TOKEN.sub(one, text)

    def call(m, ex, own_text: str):
        kind, index = m.group(1), int(m.group(2))
        if kind == "c":
            c = ex.citations[index]
            keys = tuple(entries[i.key].key for i in c.items)
            cited.extend(keys)
            lead = author_in_text(entries[keys[0]], style) if c.items[0].mode == "author-in-text" else ""
            notes.append(Note(len(notes) + 1, format_citation(c, entries, seen, metadata.language, style, cited=alike),
                              c.location, keys))
        else:
            ref = ex.refs[index]
            foot = ex.footnotes[ref.id]
            before = len(cited)
            note_text = with_file_macros(foot.text, own_text)  # rendered apart from the file's macros
            body = inline_citations(locale.requote(render_inline(note_text), metadata.language), ex)
            notes.append(Note(len(notes) + 1, body, ref.location, tuple(cited[before:])))
            lead = ""
        return f"{lead}\ue000n{len(notes)}\ue001"

    if title_block and any(ex.citations for _, ex in on_title):  # notes: their citations printed in them
        metadata = replace(metadata, title_notes=tuple(
            (mark, Markup(inline_citations(locale.requote(render_inline(ex.text), metadata.language), ex)))
            for mark, ex in on_title))
    if title_block and in_subtitle and in_subtitle.citations:
        def subtitle_note(c):  # -> (an in-text citation's name, the note)
            keys = [entries[i.key].key for i in c.items]
            cited.extend(keys)
            lead = author_in_text(entries[keys[0]], style) if c.items[0].mode == "author-in-text" else ""
            return lead, format_citation(c, entries, seen, metadata.language, style, cited=alike)
        metadata = meta_text.subtitle_notes(metadata, in_subtitle, subtitle_note)
    abstract = ""
    if in_abstract:  # read first, as pandoc reads the metadata before the text: its notes come first
        abstract = figures.alt_citations(render_chapter(in_abstract.text)[0],
                                         lambda i: _lead(in_abstract.citations[i], entries, style))
        abstract = TOKEN.sub(lambda m: call(m, in_abstract, metadata.abstract) if title_block else "",
                             quoted_calls(abstract, in_abstract.citations, metadata.language))
    for source, ex, html, headings in parsed:
        html = figures.alt_citations(html, lambda i, ex=ex: _lead(ex.citations[i], entries, style))  # before the notes
        html = TOKEN.sub(lambda m, ex=ex, text=source.text: call(m, ex, text), quoted_calls(html, ex.citations, metadata.language))
        out_chapters += split_chapters(source.name, html, [_heading_citations(h, ex, entries, style, metadata.language) for h in headings])

    out_chapters = _number_blocks(tables.number_tables(out_chapters, metadata.language))
    # the text's typed quotes ("…") were made English ones; the paper's language may want „…“ or «…»
    out_chapters = [replace(c, html=locale.requote(c.html, metadata.language)) for c in out_chapters]
    out_chapters, references_at = reflist.place(out_chapters)
    # the abstract's equations first, then the text's, a note's where it is called
    (abstract, *htmls), note_htmls = number_with_notes([abstract, *(c.html for c in out_chapters)], [n.html for n in notes])
    out_chapters = [Chapter(c.name, h, c.headings) for c, h in zip(out_chapters, htmls)]
    # Titles from the bibliography may carry pandoc's math spans.
    notes = [Note(n.number, pandoc_spans(h), n.location, n.keys) for n, h in zip(notes, note_htmls)]
    out_chapters, notes = crossref.finish(out_chapters, notes, chapters)  # figures, images, @fig:x

    listed = ([k for k, e in entries.items() if e.key == k] if "*" in metadata.nocite
              else [entries[k].key for k in metadata.nocite if k in entries])
    listed = [k for k in listed if not entries[k].skipbib]  # biblatex's skipbib wins over nocite, as in biblatex
    # a source named in nocite is listed as asked; one only cited is left out when the style cites it in notes only
    unlisted = tuple(sorted({k for k in cited if chicago.notes_only(entries[k], style)} - set(listed)))
    references = () if metadata.suppress_bibliography else tuple(Reference(r.key, pandoc_spans(r.html)) for r in
                                                                 reference_list(entries, [k for k in cited + listed if k not in unlisted], metadata.language, style))
    return Document(metadata, tuple(out_chapters), tuple(notes), references, abstract, references_at, unlisted)


def _heading_citations(heading, ex, entries: dict[str, Entry], style: chicago.Style, language: str):
    """A heading for the TOC and the bookmarks: an in-text citation's name and its punctuation as the
    heading prints them (“q,” in English: :func:`quoted_calls`), no note call (the bookmarks are the
    heading's printed text)."""
    if "\ue000" not in heading.title_html:
        return heading

    lead = lambda m: _lead(ex.citations[int(m.group(2))], entries, style)  # noqa: E731
    html = re.sub(r"\s{2,}", " ", TOKEN.sub(lead, quoted_calls(heading.title_html, ex.citations, language))).strip()
    return replace(heading, title_html=html, title_text=htmlmod.unescape(re.sub(r"<[^>]+>", "", html)).strip())


def _lead(c: Citation, entries: dict[str, Entry], style: chicago.Style) -> str:
    """The words a citation prints in the text, beside its note call: an in-text citation's name, else none."""
    return author_in_text(entries[c.items[0].key], style) if c.items[0].mode == "author-in-text" else ""


def split_chapters(name: str, html: str, headings) -> list[Chapter]:
    """One chapter per top-level '# Heading' (a single file holds the whole paper), and one for any
    text before the first; every page, TOC entry and EPUB file follows from these chapters."""
    starts = [h for h in headings if h.top]
    cuts = [re.search(rf'<h1\b[^>]*\bid="{re.escape(h.id)}"', html).start() for h in starts]
    if not cuts:
        return [Chapter(name, html, tuple(headings))]
    index = [headings.index(h) for h in starts]
    pieces = []
    if re.sub(r"(?s)<!--.*?-->", "", html[:cuts[0]]).strip():
        pieces.append(Chapter(name, html[:cuts[0]], tuple(headings[:index[0]])))
    else:  # only blank lines or comments before the first heading: they stay with it
        cuts[0], index[0] = 0, 0
    for k, cut in enumerate(cuts):
        stop = cuts[k + 1] if k + 1 < len(cuts) else len(html)
        end = index[k + 1] if k + 1 < len(index) else len(headings)
        pieces.append(Chapter(name, html[cut:stop], tuple(headings[index[k]:end])))
    return pieces


BLOCK = re.compile(r"<(p|li|blockquote)>")


def _number_blocks(chapters: list[Chapter]) -> list[Chapter]:
    """Give every paragraph, list item and quote an id (b<chapter>-1, b<chapter>-2, ...): print pages map
    onto them. Counted per chapter, so an edit leaves the other chapters' HTML (and laid-out print
    parts, :mod:`briefpress.printing.parts`) as they were."""
    out = []
    for i, chapter in enumerate(chapters, start=1):
        counter = 0

        def add(m):
            nonlocal counter
            counter += 1
            return f'<{m.group(1)} id="b{i}-{counter}">'
        out.append(Chapter(chapter.name, BLOCK.sub(add, chapter.html), chapter.headings))
    return out
