"""Citations: Markdown text -> text with note tokens, plus the citations and notes found.

Parses pandoc's citation syntax (``[@key]``, ``[see @key, p. 4; @other]``,
``[-@key]``, in-text ``@key [p. 4]``, ``@{key}`` for a key the plain form cannot hold,
``\\@`` to escape) and footnotes
(``[^id]`` with ``[^id]: text`` definitions), recording the file, line and
column of each. Every call is replaced by a token ``\\ue000<kind><n>\\ue001``
that Markdown leaves alone; :mod:`briefpress.document` numbers the notes later.
As pandoc does for note styles, a bracketed citation swallows the space before
it and moves trailing punctuation in front of the note call.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from itertools import accumulate

from . import crossref, examples, inline_notes, latexrefs, lists, pandoc_text, rawlatex, tables
from .code import Masking
from .diagnostics import LineIndex, SourceLocation, line_col
from .mathspans import indented_code, masked as _math_masked

PAD = "\ue002"
TOKEN = re.compile("\ue000([cf])(\\d+)\ue001")
# pandoc's keys: a word character, then word characters and single internal punctuation; any other key
# (a NASA ADS key such as 1973A&A....24..337S, one ending in punctuation) is written in braces: @{key}
KEY = r"(?:\{[^{}\s]+\}|\w(?:\w|[:.#$%&\-+?<>~/](?=\w))*)"
# Things inside which '@' and '[' mean nothing: code, autolinks, link targets, raw HTML, comments.
# A link target is masked without its ']': the brackets stay balanced for what follows.
# the lookahead: a fence's line start, else the characters the other alternatives start with (3-5x faster)
MASK = Masking(r"(?s)(?:(?m:^)|(?=[`<(]))(?:", r"|(?<!`)(`+)(?=`{0,2}(?!`))(?:(?!\n[ \t]*\n).)+?(?<!`)\2(?!`)|<!--.*?-->|<https?:[^>\s]*>|(?<=\])\([^)\s]*\)"
                  r"|</?[A-Za-z][^<>\n]*>)")
ITEM = re.compile(rf"^(?P<prefix>.*?)(?:(?<=\s)|^)(?P<suppress>-)?@(?P<key>{KEY})(?P<suffix>.*)$", re.S)
# '-@key' outside brackets (in a span, [-@key]{.x}, or the text) is pandoc's suppress-author citation
INTEXT = re.compile(rf"(?:(?<![\w@\\])(?P<suppress>-))?(?<![\w@\\])@(?P<key>{KEY})(?:\s?\[(?P<suffix>[^\]@]*)\])?")
FOOTDEF = re.compile(r"(?m)^\[\^([^\]\s]+)\]:[ \t]*(.*(?:\n(?:[ \t]{4}.*|[ \t]*(?=\n[ \t]{4})))*)")
BLANK = re.compile(r"[^\n \t]")
FOOTREF = re.compile(r"\[\^([^\]\s]+)\](?!:)")

LOCATOR_TERMS = {
    "p.": "page", "pp.": "page", "page": "page", "pages": "page", "chap.": "chapter", "ch.": "chapter",
    "chapter": "chapter", "sec.": "section", "sect.": "section", "section": "section", "§": "section",
    "para.": "paragraph", "paras.": "paragraph", "¶": "paragraph", "fig.": "figure", "vol.": "volume",
    "vols.": "volume", "n.": "note", "nn.": "note", "l.": "line", "ll.": "line", "col.": "column",
    "fol.": "folio", "no.": "number", "pt.": "part", "bk.": "book", "art.": "article",
    # the plurals CSL's en-US has, which pandoc reads: "chaps. 3-4"
    "chaps.": "chapter", "secs.": "section", "sects.": "section", "figs.": "figure", "cols.": "column",
    "fols.": "folio", "nos.": "number", "pts.": "part", "bks.": "book", "arts.": "article",
}
TERMS = sorted(LOCATOR_TERMS, key=len, reverse=True)  # 'pp.' before 'p.'


def _values(first: str) -> str:
    """A locator's numbers, each starting with ``first``: 14-15, 14--15, 14–15; sec. 3.2, ch. 2.4-2.6; a page
    and the next ones, "5 f.", "5 ff." (German and English), is one locator, as pandoc prints it."""
    number = rf"{first}\w*(?:\.\d\w*)*(?:\s?ff?\.)?"
    return rf"{number}(?:\s*(?:--?-?|[–—,&])\s*{number})*"


# a number, or a word that is a Roman numeral whole ("vii", "XIV"): "Vorwort", "vier", "Introduction" are the
# citation's own words ("S. Vorwort", "p. Introduction"), as pandoc reads them
LOCATOR_VALUE = _values(r"(?:\d|(?=(?:[IVXLC]+|[ivxlc]+)(?!\w)))")
LABELLED = re.compile(rf"^[\s\u00a0~]*({LOCATOR_VALUE})")  # after its label; p.~5: a TeX tie
BARE = re.compile("^(" + _values(r"\d") + ")")  # no label: a page, digits only
NOTE = re.compile(r"[ \u00a0~]+(nn?)\.?[ \u00a0~]*(\d+(?:\s*(?:--?-?|[–—])\s*\d+)?)(?![\w.])")  # '12 n. 3'


@dataclass(frozen=True)
class CiteItem:
    key: str
    prefix: str = ""
    suffix: str = ""
    locator: str = ""
    label: str = ""  # "page", "chapter", ... when there is a locator
    mode: str = "normal"  # "normal", "suppress-author" or "author-in-text"
    raw_suffix: str = ""  # everything after the key, as written


@dataclass(frozen=True)
class Citation:
    items: tuple[CiteItem, ...]
    location: SourceLocation
    in_note: bool = False  # inside an author's footnote: rendered inline there
    moved: str = ""  # the punctuation after the citation, moved in front of its note call (note_text.quoted_calls)


@dataclass(frozen=True)
class Footnote:
    id: str
    text: str  # Markdown, with its own citation tokens
    location: SourceLocation


@dataclass(frozen=True)
class FootnoteRef:
    id: str
    location: SourceLocation


@dataclass(frozen=True)
class Extracted:
    text: str  # the Markdown with tokens in place of calls
    citations: tuple[Citation, ...]  # token 'c<n>' is citations[n]
    refs: tuple[FootnoteRef, ...]  # token 'f<n>' is refs[n]
    footnotes: dict  # id -> Footnote


def _dashes(locator: str) -> str:
    """'14--15' as typed in Markdown (smarty has not run yet) -> '14–15'."""
    return re.sub(r"-{2,3}", "–", locator)


@functools.lru_cache(maxsize=32)
def _terms(words: tuple) -> tuple[dict, list]:
    """English's locator words with a language's over them (``locale.Labels.locator_words``), longest first."""
    table = {**LOCATOR_TERMS, **dict(words)}
    return table, sorted(table, key=len, reverse=True)


def parse_locator(suffix: str, words: tuple = ()) -> tuple[str, str, str]:
    """', pp. 33-35, and passim' -> ('33-35', 'page', ', and passim'), as citeproc reads it; ``words`` are
    the paper's language's ("S.", "Kap.": pandoc reads a German paper's "S. 5" as page 5)."""
    table, terms = _terms(words) if words else (LOCATOR_TERMS, TERMS)
    comma = re.match(r"^\s*,\s*", suffix)
    rest = suffix[comma.end():] if comma else suffix.lstrip()
    if rest.startswith("{") and "}" in rest:
        end = rest.index("}")
        inside = rest[1:end]  # '{pp. iv, vi-xi}': its label read as outside braces, the rest as written
        term = next((t for t in terms if inside.lower().startswith(t)), None)
        if term and inside[len(term):len(term) + 1] in (" ", "\u00a0", "~"):
            return _dashes(inside[len(term):].strip(" \u00a0~")), table[term], rest[end + 1:]
        return inside, "page", rest[end + 1:]
    # the longest word written is the label, or there is none: "s.v. Demokratie" is not "s." (a German page)
    # and "v." (page v)
    term = next((t for t in terms if rest.lower().startswith(t)), None)
    value = LABELLED.match(rest[len(term):]) if term else None
    if value:
        return _with_note(_dashes(value.group(1)), table[term], rest[len(term) + value.end():])
    bare = BARE.match(rest)
    if comma and bare:
        return _with_note(_dashes(bare.group(1)), "page", rest[bare.end():])
    return "", "", suffix


def _with_note(locator: str, label: str, rest: str) -> tuple[str, str, str]:
    """A page's note written after it, '12 n. 3' or '12 nn. 3-4', is one locator, set as Chicago sets it:
    '12n3', '12nn3–4' (CMOS 18 14.55); citeproc prints it as written. After a comma it is the suffix."""
    note = NOTE.match(rest) if label == "page" else None
    if not note:
        return locator, label, rest
    numbers = _dashes("".join(note.group(2).split()))
    return locator + note.group(1) + numbers, label, rest[note.end():]


def _key(written: str) -> str:
    """The key as the bibliography has it: ``@{key}`` without its braces."""
    return written[1:-1].strip() if written.startswith("{") else written


def parse_bracket(content: str) -> tuple[CiteItem, ...] | None:
    """The inside of ``[...]`` -> cite items, or None when it is not a citation."""
    items = []
    for part in content.split(";"):
        m = ITEM.match(part.strip())
        if not m:
            return None
        locator, label, suffix = parse_locator(m.group("suffix"))
        items.append(CiteItem(key=_key(m.group("key")), prefix=m.group("prefix").strip(),
                              suffix=suffix.strip(), locator=locator, label=label,
                              mode="suppress-author" if m.group("suppress") else "normal",
                              raw_suffix=m.group("suffix")))
    return tuple(items) if items else None


@functools.lru_cache(maxsize=512)  # each chapter's text is read three times (its citations, notes, lint)
def _masked(text: str) -> str:
    """text with code (fenced, inline, indented), math, autolinks and raw HTML blanked out (same length, so
    offsets hold)."""
    # spaces and line breaks kept: a fence's lines in a note still show the note's indentation (FOOTDEF)
    masked = MASK.sub(lambda m: BLANK.sub("\0", m.group()), _math_masked(text))
    parts, pos = [], 0
    for start, end in indented_code(masked):
        parts += [masked[pos:start], "\0" * (end - start)]
        pos = end
    return tables.cells_masked(text, "".join(parts) + masked[pos:], _masked)


def _brackets(text: str):
    """Yield (start, end) of top-level [...] groups that are not links or footnotes, and of those
    directly inside an image's alt text (a figure caption may cite)."""
    depth, start, inner = 0, -1, -1
    for i, ch in enumerate(text):
        if ch == "[" and (i == 0 or text[i - 1] != "\\"):
            if depth == 0:
                start = i
            elif depth == 1 and text[start - 1:start] == "!":
                inner = i
            depth += 1
        elif ch == "]" and depth and text[i - 1] != "\\":
            depth -= 1
            nxt = text[i + 1:i + 2]
            # '{': a bracketed span ([@key]{.x}), whose citations pandoc reads as in the text: @key. A ':' after
            # it is no link definition's: pandoc reads '[@key]: text' as a citation, even opening a line
            if depth == 0 and nxt not in ("(", "[", "{", "\0") and text[start + 1:start + 2] != "^":
                yield start, i + 1
            elif depth == 1 and inner >= 0 and nxt not in ("(", "[", "{", "\0") and text[inner + 1:inner + 2] != "^":
                yield inner, i + 1
            if depth <= 1:
                inner = -1


PUNCT = re.compile(r"[.,;:!?]+")
NOT_PROSE = re.compile(r"[ \t>]*(?:#|:::|\||[-=+]+[ \t]*$|`{3}|~{3}|<)")


def extract(text: str, path: str, line_offset: int = 0, in_note: bool = False,
            start_index: int = 0, col_offsets: tuple[int, int] = (0, 0)) -> tuple[str, list[Citation]]:
    """Replace citations in ``text`` by tokens; return the new text and the citations found."""
    masked = _masked(text)
    found = []  # (start, end, Citation)
    for start, end in _brackets(masked):
        items = parse_bracket(text[start + 1:end - 1])
        if items is not None:
            found.append((start, end, items))
    # Brackets by start, each with the furthest end of it and those before it: an image's alt text and a
    # bracket inside it both come, the inner first, so the order found is not the order of the starts.
    spans = sorted((s, e) for s, e, _ in found)
    starts, reach = [s for s, _ in spans], list(accumulate((e for _, e in spans), max))
    for m in INTEXT.finditer(masked):
        i = bisect_right(starts, m.start()) - 1  # inside a bracket iff one opened before it reaches past it
        if i >= 0 and m.start() < reach[i]:
            continue
        locator, label, suffix = parse_locator(m.group("suffix") or "")
        item = CiteItem(key=_key(m.group("key")), suffix=suffix.strip(), locator=locator, label=label,
                        mode="suppress-author" if m.group("suppress") else "author-in-text",
                        raw_suffix=m.group("suffix") or "")
        found.append((m.start(), m.end(), (item,)))
    found.sort()

    out, pos, citations = [], 0, []
    where = LineIndex(text) if len(found) > 1 else functools.partial(line_col, text)
    for start, end, items in found:
        line, col = where(start)
        col += col_offsets[0] if line == 1 else col_offsets[1]
        citations.append(Citation(items, SourceLocation(path, line + line_offset, col), in_note))
        token = f"\ue000c{start_index + len(citations) - 1}\ue001"
        before = text[pos:start]
        if items[0].mode != "author-in-text" and not in_note:
            # a citation opening a line of its paragraph: the note goes on the line before, as pandoc
            # drops the space before a note; the line break follows the note (lines keep their numbers)
            wrap = re.search(r"\S[ \t]*(\n[ \t>]*)\Z", before)
            if wrap and NOT_PROSE.match(before[:wrap.start(1)].rsplit("\n", 1)[-1]):
                wrap = None  # the line before is a heading, a table row, a div fence: not the same paragraph
            if wrap:
                before = before[:wrap.start(1)]
            spaced = bool(wrap) or before[-1:] in (" ", "\t")
            before = before.rstrip(" \t")
            punct = PUNCT.match(text, end)  # not text[end:]: a copy of the rest for each citation was quadratic
            if punct:
                token = punct.group() + token
                end = punct.end()
                if spaced:  # '"f" [@k],' sets “f,”¹ in English; '"f"[@k],' “f”,¹, as pandoc (note_text.quoted_calls)
                    citations[-1] = replace(citations[-1], moved=punct.group())
            if wrap:
                token += wrap.group(1)
        out.append(before + token)
        pos = end
    out.append(text[pos:])
    return _unescape_at("".join(out)), citations


def _unescape_at(text: str) -> str:
    # \@ is pandoc's escape for a literal @; Markdown would print the backslash. In code it is the code's text.
    if "\\@" not in text:
        return text
    masked = _masked(text)
    return re.sub(r"\\@", lambda m: m.group() if masked[m.start()] == "\0" else "&#64;", text)


def _inline_notes(body: str, path: str, footnotes: dict, cites: list) -> str:
    """Each ^[note] -> a call [^^n] of a footnote '^n' (padded, so lines and columns hold)."""
    out, pos = [], 0
    where = LineIndex(body)
    for start, end in inline_notes.spans(body, _masked(body)):
        line, col = where(start)
        note_text, found = extract(body[start + 2:end - 1], path, line_offset=line - 1, in_note=True,
                                   start_index=len(cites), col_offsets=(col + 1, 0))
        cites.extend(found)
        note_id = f"^{len(footnotes) + 1}"
        footnotes[note_id] = Footnote(note_id, note_text.strip(), SourceLocation(path, line, col))
        call = f"[^{note_id}]"
        out.append(body[pos:start] + call + "".join("\n" if ch == "\n" else PAD for ch in body[start + len(call):end]))
        pos = end
    return "".join(out) + body[pos:]


def prepared(text: str) -> str:
    """A chapter's Markdown as citations are read from it: pandoc's forms normalised, (@) example lists
    numbered, \\cite -> [@k], pandoc's reference links -> cross-references (latexrefs.py), and @fig:x marked as no citation (lint's cross-reference check reads the same)."""
    return crossref.mark(latexrefs.translate(rawlatex.translate(examples.number(pandoc_text.normalize(text)))))


@functools.lru_cache(maxsize=512)
def extract_all(text: str, path: str) -> Extracted:
    """Footnote definitions, footnote calls and citations of one Markdown file (and its inline notes)."""
    source, text = text, prepared(text)
    columns = _source_columns(source, text)
    text = tables.normalize(text, path).text  # cells no longer depend on columns: tokens may be shorter
    footnotes: dict[str, Footnote] = {}
    body_parts, pos = [], 0
    masked = _masked(text)
    all_cites: list[Citation] = []
    where = LineIndex(text)  # thousands of notes: each line found without counting from the start
    for m in FOOTDEF.finditer(masked):
        line, _ = where(m.start())
        raw = re.sub(r"(?m)^[ \t]{4}", "", text[m.start(2):m.end(2)])
        # Columns count from the line start: the '[^id]: ' label, then the 4-space indent.
        note_text, cites = extract(raw, path, line_offset=line - 1, in_note=True, start_index=len(all_cites),
                                   col_offsets=(m.start(2) - m.start(), 4))
        all_cites.extend(cites)
        footnotes[m.group(1)] = Footnote(m.group(1), note_text.strip(), SourceLocation(path, line, 1))
        body_parts.append(text[pos:m.start()])
        body_parts.append("\n" * text.count("\n", m.start(), m.end()))  # keep line numbers
        pos = m.end()
    body_parts.append(text[pos:])
    body = "".join(body_parts)
    body = _inline_notes(body, path, footnotes, all_cites)

    refs: list[FootnoteRef] = []
    where = LineIndex(body)

    def ref(m):
        line, col = where(m.start())
        refs.append(FootnoteRef(m.group(1), SourceLocation(path, line, col)))
        token = f"\ue000f{len(refs) - 1}\ue001"
        # Padded to the call's length so that later columns on the line stay true.
        return token + PAD * max(0, len(m.group()) - len(token))

    masked = _masked(body)  # '[^1]' in code or math is its text, as pandoc prints it
    body = FOOTREF.sub(lambda m: m.group() if masked[m.start()] == "\0" else ref(m), body)
    body, cites = extract(body, path, start_index=len(all_cites))
    body = body.replace(PAD, "")
    all_cites = [replace(c, location=columns(c.location)) for c in all_cites + cites]
    refs = [replace(r, location=columns(r.location)) for r in refs]
    return Extracted(body, tuple(all_cites), tuple(refs), footnotes)


def _source_columns(source: str, text: str):
    """A place in the prepared text -> the same place in the source: lists re-indent their lines."""
    pairs = {n: pair for n, pair in enumerate(zip(source.split("\n"), text.split("\n")), 1) if pair[0] != pair[1]}

    def column(location: SourceLocation) -> SourceLocation:
        pair = pairs.get(location.line)
        return replace(location, col=lists.source_col(*pair, location.col)) if pair and location.col else location
    return column
