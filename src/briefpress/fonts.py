"""Fonts: the theme (its loaded settings and font files) + the text an edition sets -> each theme font
subset for print or for screen (HarfBuzz, through uharfbuzz: about a millisecond a font).

:func:`document_text` gathers every character an edition can show, once per build (:func:`likely_text`
guesses it from the manuscript, before the document is made, for the print fonts the layout's workers
load while it is made);
:func:`subset_theme_fonts` returns ``{file name: font bytes}`` for one medium, from that text:

- ``"print"`` (the PDF): each font keeps every character it has on the 128-code-point pages of
  Basic Latin, Latin-1, Latin Extended-A and General Punctuation, and on every page the text
  touches (with upper- and lower-case forms, for ``text-transform``), plus what WeasyPrint draws
  itself (list markers, the hyphen of automatic hyphenation), with every OpenType feature
  (ligatures, small capitals…) and no hinting, as WeasyPrint would embed it. The set depends on
  which pages the text uses, not on which characters, so a typical edit leaves the fonts, and
  the laid-out parts keyed on them, as they were. WeasyPrint lays out with these fonts and embeds
  them as given (:mod:`briefpress.printing.layout`): every part of the PDF embeds the same bytes,
  whether or not the machine has HarfBuzz-Subset, and the merge keeps one copy of each.
- ``"screen"`` (the EPUB and the web edition): exactly the characters used, hinted, smallest.

The fallback fonts (``fonts.fallback``) get only the characters that the body, heading and
monospace fonts lack. Every subset keeps the name records (copyright, licence) and the original
timestamps, so it is byte-identical for the same input. Faces are read once per file version.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import re
from html import unescape
from pathlib import Path

BASE_PAGES = frozenset({0x00, 0x01, 0x02, 0x2000 >> 7})  # code point >> 7: Basic Latin … Latin Extended-A, General Punctuation
GENERATED = "•◦▪‐0123456789"  # drawn by WeasyPrint, not in the text: list markers, auto hyphenation's hyphen, counters
SCREEN_EXTRA = "0123456789 .,;:-–—‘’“”"

CODE = re.compile(r"<code\b[^>]*>(.*?)</code>", re.S)
CODE_START, CODE_END = "\ue100", "\ue101"  # mark code in document_text: it is set in the monospace font


def document_text(document, theme) -> str:
    """Every character an edition can show: the document, its metadata, the labels of its language,
    its "how to cite" and the templates' own words. ``theme``: a loaded ``render_html.Theme``."""
    parts = [c.html for c in document.chapters] + [n.html for n in document.notes] + \
            [r.html for r in document.references]
    parts += _edition_words(document.metadata, theme)
    html = CODE.sub(lambda m: CODE_START + m.group(1) + CODE_END, " ".join(parts))
    return unescape(re.sub(r"<[^>]+>", " ", html))


def likely_text(metadata, chapters, entries, theme) -> str:
    """What :func:`document_text` will most likely hold, known before the document is made: the
    manuscript as written (``chapters``: its source files), the sources it names or lists (``entries``:
    key -> ``bib.model.Entry``) and the words of :func:`document_text` that are not the text's. The print
    fonts depend only on the pages a text touches (:func:`_pages`), and this one nearly always touches
    those the document's text does: the build subsets the print fonts for it while it makes the document,
    and checks them against the document's own (:mod:`briefpress.pipeline`)."""
    text = " ".join(source.text for source in chapters)
    keys = set(CITED.findall(text)) | set(metadata.nocite)
    named = [entries[k] for k in keys if k in entries] if "*" not in metadata.nocite else list(entries.values())
    words = [v for e in named for source in (e, *e.related_entries) for v in (
        *(value for name, value in source.fields.items() if name not in UNPRINTED),
        *(part for names in source.names.values() for n in names
          for part in (n.given, n.particle, n.family, n.suffix)))]
    # entities as the document has them (&alpha; is α); a tag's own letters are Basic Latin, in every subset
    return unescape(" ".join([text, *words, *_made_marks(text, keys, named, theme), *_edition_words(metadata, theme)]))


def _made_marks(text: str, keys: set, named: list, theme) -> list[str]:
    """What the document's text holds that its manuscript does not write: the marks of its note calls
    (``document.NOTE_TOKEN``, a private-use character either side), and the 3-em dash of a repeated
    author list where the theme's house form asks for one (``note_text.reference_list``)."""
    from .chicago import Style

    marks = ["\ue000\ue001"] if keys or "^" in text else []
    lists = [tuple(e.names.get("author") or e.names.get("editor") or ()) for e in named]
    signed = [names for names in lists if names]
    if Style.from_settings(theme.settings).repeated_names_dash and len(set(signed)) < len(signed):
        marks.append("⸻")
    return marks


CITED = re.compile(r"@\{?([^\s,;\]\[{}]+)")  # a citation's key, as pandoc's [@key] and @key write it (a guess: likely_text)
UNPRINTED = frozenset({"abstract", "annotation", "annote", "file", "keywords", "langid", "mendeley-tags"})


def _edition_words(meta, theme) -> list[str]:
    """The words of an edition besides its text: the metadata, the labels, "how to cite", the templates."""
    from . import cite
    from .render_html import labels_of

    parts = [str(v) for v in vars(meta).values()] + [a.name for a in meta.authors]
    if meta.publisher:
        parts += [str(v) for v in vars(meta.publisher).values()]
    parts += list(labels_of(meta, theme).labels.values()) + [cite.how_to_cite(meta)]
    # every format's templates; one that is not UTF-8, or cannot be read, is reported by the build of the
    # format that renders it
    for path in sorted(theme.dir.rglob("*.j2")):
        with contextlib.suppress(OSError):
            parts.append(path.read_text(encoding="utf-8", errors="ignore"))
    return parts


@functools.lru_cache(maxsize=32)
def _face(path: str, size: int, mtime: float):
    """A font file's HarfBuzz face, the code points it maps and its OpenType features, read once per
    version of the file."""
    import uharfbuzz as hb

    try:
        blob = hb.Blob.from_file_path(path)
    except hb.HarfBuzzError:  # cannot be opened (permission denied): no characters, as a file that is not a
        blob = hb.Blob(b"")   # font; the theme's check (theme_config) says why
    face = hb.Face(blob)
    features = set()
    for table in ("GSUB", "GPOS"):
        for script, _ in enumerate(face.get_table_script_tags(table)):
            languages = len(face.get_script_language_tags(table, script))
            for language in [0xFFFF, *range(languages)]:  # 0xFFFF: the script's default language
                features.update(face.get_language_feature_tags(table, script, language))
    return face, frozenset(face.unicodes), frozenset(features)


def face(path: Path):
    stat = path.stat()
    return _face(str(path), stat.st_size, stat.st_mtime)


def _subset(path: Path, unicodes, medium: str) -> bytes:
    stat = path.stat()
    return _subset_of(str(path), stat.st_size, stat.st_mtime, frozenset(unicodes), medium)


@functools.lru_cache(maxsize=64)  # the print HTML of each part asks again when the build gave no subsets
def _subset_of(path: str, size: int, mtime: float, unicodes: frozenset[int], medium: str) -> bytes:
    import uharfbuzz as hb

    font, _, features = _face(path, size, mtime)
    wanted = hb.SubsetInput()
    wanted.unicode_set.update(unicodes)
    wanted.name_id_set.update(range(256))  # keep the copyright and licence names
    if medium == "print":
        # Every feature the font has (small capitals, figures…), named: an inverted set loses the kerning.
        wanted.layout_feature_tag_set.update(int.from_bytes(tag.encode(), "big") for tag in sorted(features))
        wanted.flags = hb.SubsetFlags.NO_HINTING  # the PDF's fonts have none: WeasyPrint drops it too
    return hb.subset(font, wanted).blob.data


def subset_font(path: Path, text: str) -> bytes:
    """One font for screen: the characters of ``text`` (and digits and common punctuation)."""
    return _subset(path, {ord(c) for c in set(text + SCREEN_EXTRA)}, "screen")


def _pages(text: str) -> frozenset[int]:
    chars = set(text + GENERATED)
    chars |= {v for c in chars for v in c.upper() + c.lower()}  # text-transform: uppercase, lowercase
    return BASE_PAGES | {ord(c) >> 7 for c in chars}


def _state(path: Path) -> tuple[int, float]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime


@functools.lru_cache(maxsize=8)
def _print_subsets(folder: str, states: tuple, roles: tuple, pages: frozenset[int]) -> tuple:
    """The print subsets of the fonts (``states``: each file with its size and time, ``roles``: each file's
    role) for text on ``pages``, as (file, bytes) pairs."""
    role, state = dict(roles), {file: (str(Path(folder) / file), size, mtime) for file, size, mtime in states}
    cover = {file: _face(*state[file])[1] for file in state}
    on_pages = {f: {u for u in cover[f] if u >> 7 in pages} for f in cover}
    # A character every text and monospace font has never falls back: the fallbacks need the others,
    # and the spaces and other invisible characters, which Pango sets in the font of the characters
    # around them (a list marker "◦ " from a fallback font takes its space from it too).
    everywhere = frozenset.intersection(*(cover[f] for f in cover if role[f] != "fallback"))
    wanted = {f: on_pages[f] - {u for u in everywhere if chr(u).isprintable() and u != 0x20}
              if role[f] == "fallback" else on_pages[f] for f in cover}
    return tuple((f, _subset(Path(folder) / f, wanted[f], "print")) for f in cover)


def subset_theme_fonts(theme, text: str, medium: str = "screen") -> dict[str, bytes]:
    """Each theme font file -> its subset for ``medium`` ("print" or "screen"). ``theme``: a loaded
    ``render_html.Theme`` (its settings and fonts folder); ``text``: :func:`document_text`.
    The monospace font (``fonts.mono``) sets code only: on screen it gets the characters of code."""
    fonts = theme.settings["fonts"]
    files = fonts["files"]
    role = {file: "mono" if family == fonts.get("mono") else "fallback" if family in fonts.get("fallback", [])
            else "text" for family, _, _, file in files}
    plain = text.replace(CODE_START, " ").replace(CODE_END, " ")
    if medium == "print":
        # the print subsets depend on the pages of code points the text touches, not on the text: the
        # build asks three times (the stylesheet guessed, the document's, the print stage), ~4 ms each
        states = tuple((file, *_state(theme.fonts_dir / file)) for file in role)
        return dict(_print_subsets(str(theme.fonts_dir), states, tuple(role.items()), _pages(plain)))
    code = "".join(re.findall(f"{CODE_START}(.*?){CODE_END}", text, re.S))
    cover = {file: face(theme.fonts_dir / file)[1] for _, _, _, file in files}

    def union(kind: str) -> set[int]:
        return set().union(*(cover[f] for f in cover if role[f] == kind))

    text_cover, code_cover = union("text"), union("mono") or union("text")
    lacking = {ord(c) for c in plain if ord(c) not in text_cover} | {ord(c) for c in code
                                                                      if ord(c) not in code_cover}
    extra = {ord(c) for c in SCREEN_EXTRA}
    wanted = {f: {ord(c) for c in code} | extra if role[f] == "mono" else lacking | extra
              if role[f] == "fallback" else {ord(c) for c in plain} | extra for f in cover}
    return {f: _subset(theme.fonts_dir / f, wanted[f], medium) for f in cover}


DATA_URL = "data:font/ttf;base64,"  # printing.layout knows the fonts given subset by it


def data_url(font: bytes) -> str:
    """A font as a ``data:`` URL for ``@font-face``: the layout embeds such fonts as given."""
    return DATA_URL + base64.b64encode(font).decode()


EMBED_DROP = ("BASE", "DSIG", "EBDT", "EBLC", "EBSC", "GDEF", "GPOS", "GSUB", "JSTF", "LTSH", "PCLT", "SVG ")


def keep_glyphs(font: bytes, glyphs) -> bytes:
    """A font program reduced to the glyphs a PDF draws, each keeping its number (the PDF's text refers to
    glyphs by number): outlines and metrics, without the layout tables a viewer does not read."""
    import uharfbuzz as hb

    wanted = hb.SubsetInput()
    wanted.glyph_set.update(glyphs)
    wanted.name_id_set.update(range(256))
    drop = wanted.sets(hb.SubsetInputSets.DROP_TABLE_TAG)
    for tag in EMBED_DROP:
        drop.add(int.from_bytes(tag.encode(), "big"))
    wanted.flags = hb.SubsetFlags.RETAIN_GIDS | hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.DESUBROUTINIZE
    return hb.subset(hb.Face(font), wanted).blob.data
