"""Text in the metadata that is Markdown with citations (the abstract, the notes on the title and the authors,
``thanks``): where it is written, and its citations.

:func:`span` takes the YAML text and a field's key and returns where the field's value is written
(file, line, column, the value as typed), kept on the :class:`~briefpress.metadata.Metadata`;
:func:`extract` takes the Metadata and returns the abstract's citations and notes
(:func:`briefpress.citations.extract_all`), each at the file, line and column of the metadata file
where it is typed, so that an unknown key there is reported as one in the text is; :func:`title_notes`
the same for each note on the title block, and :func:`subtitle_notes` makes the subtitle's citations notes
there. A YAML value is
not its text (a block scalar's indent, a folded line, quotes): the value's characters are found in
order in what was typed, white space aside.
"""

from __future__ import annotations

import re
from dataclasses import replace

import yaml

from . import safe_yaml
from .diagnostics import SourceLocation


def span(text: str, key: str, path: str, first_line: int = 1) -> tuple:
    """(path, line, column, the value as typed) of the top-level field ``key`` of the YAML ``text``, which
    starts at line ``first_line`` of its file; () when it is not a value written in the text."""
    try:
        root = safe_yaml.compose(text)
    except (yaml.YAMLError, RecursionError):  # reported where the metadata is read
        return ()
    if not isinstance(root, yaml.MappingNode):
        return ()
    for name, value in root.value:
        if name.value == key and isinstance(value, yaml.ScalarNode):
            start, end = value.start_mark, value.end_mark
            return path, start.line + first_line, start.column + 1, text[start.index:end.index]
    return ()


# what a double-quoted YAML scalar's escapes stand for (YAML 1.1, as PyYAML reads them); \\x, \\u, \\U: their hex digits
ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
           "e": "\x1b", " ": " ", '"': '"', "\\": "\\", "/": "/", "N": "\x85", "_": "\xa0", "L": "\u2028",
           "P": "\u2029"}
HEX_DIGITS = {"x": 2, "u": 4, "U": 8}


def _escape(typed: str, q: int) -> tuple[str, int] | None:
    """The character a double-quoted scalar's escape at ``typed[q]`` stands for ('' for a line's closing
    backslash) and its length typed; None: no escape there."""
    if typed[q:q + 1] != "\\" or q + 1 >= len(typed):
        return None
    sign = typed[q + 1]
    if sign == "\n":
        return "", 2
    if sign in HEX_DIGITS:
        digits = typed[q + 2:q + 2 + HEX_DIGITS[sign]]
        try:
            return chr(int(digits, 16)), 2 + len(digits)
        except ValueError:
            return None
    return (ESCAPES[sign], 2) if sign in ESCAPES else None


def _typed_at(value: str, typed: str, offset: int) -> int:
    """Where in ``typed`` (the YAML as written) the character at ``offset`` of ``value`` (the text read) is.
    Both are walked together: their white space is passed over (a block's indent, a folded line, a run of
    spaces), an escape of a double-quoted scalar (\\t, \\xE9, \\U0001F600, a closing \\) is the character it
    gives, a single-quoted scalar's '' one quote; a character typed otherwise (a block's header) is looked
    for a little ahead."""
    q = 0
    rest = [n for n, ch in enumerate(value) if not ch.isspace()]
    for k, n in enumerate(rest):
        ch = value[n]
        while q < len(typed):  # past the white space typed, and the escapes that give white space or nothing
            if typed[q].isspace():
                q += 1
            elif typed[q] != ch and (esc := _escape(typed, q)) and (not esc[0] or esc[0].isspace()):
                q += esc[1]
            else:
                break
        at, size = q, 1
        if typed[q:q + 1] != ch:
            esc = _escape(typed, q)
            if esc and esc[0] == ch:
                size = esc[1]
            elif 0 <= (found := typed.find(ch, q, q + 40)):
                at = found
            else:
                size = 0  # not typed as read: the next character is looked for here
        if n >= offset:
            return min(at, max(len(typed) - 1, 0))
        q = at + size
        if ch == "'" and typed[q:q + 1] == "'" and (k + 1 == len(rest) or value[rest[k + 1]] != "'"):
            q += 1  # '' in a single-quoted scalar
    return min(q, max(len(typed) - 1, 0))


def locate(at: tuple, value: str, location: SourceLocation) -> SourceLocation:
    """A location in ``value`` (line 1 its first line) -> the same place in the file the value was read from."""
    path, line, col, typed = at
    lines = value.split("\n")
    offset = sum(len(lines[n]) + 1 for n in range(min(location.line - 1, len(lines)))) + max(location.col - 1, 0)
    p = _typed_at(value, typed, offset)
    before = typed[:p]
    if "\n" not in before:
        return SourceLocation(path, line, col + p)
    return SourceLocation(path, line + before.count("\n"), p - before.rfind("\n"))


def _extracted(text: str, at: tuple, in_note: bool = False, more: tuple = ()):
    """``more``: (Markdown, where it is typed) read after ``text``, a blank line between (the definitions of
    the notes the abstract calls, written in the text)."""
    from .citations import Extracted, extract, extract_all  # which read the Markdown's modules (metadata.py imports this)
    parts, line = [], 1  # (its first line in what is read, its text, where it is typed)
    for value, where in ((text, at), *more):
        parts.append((line, value, where))
        line += value.count("\n") + 2
    text = "\n\n".join(value for _, value, _ in parts)
    if in_note:  # a note's citations are printed in it, the space before them kept
        marked, found = extract(text, at[0], in_note=True)
        ex = Extracted(marked, tuple(found), (), {})
    else:
        ex = extract_all(text, at[0])

    def moved(item):
        first, value, where = [p for p in parts if p[0] <= item.location.line][-1]
        return replace(item, location=locate(where, value, replace(item.location, line=item.location.line - first + 1)))
    return replace(ex, citations=tuple(moved(c) for c in ex.citations), refs=tuple(moved(r) for r in ex.refs),
                   footnotes={k: moved(f) for k, f in ex.footnotes.items()})


def title_notes(metadata) -> list[tuple[str, object]]:
    """The notes on the title and the authors and ``thanks`` (title_notes.py): (mark, their citations), each
    at its place in the file."""
    places = metadata.title_notes_at or [("", 1, 1, note) for _, note in metadata.title_notes]
    return [(mark, _extracted(note, at, in_note=True)) for (mark, note), at in zip(metadata.title_notes, places)]


def extract(metadata, name: str = "abstract"):
    """The citations and notes (:class:`briefpress.citations.Extracted`) of the abstract (or the subtitle),
    at their places in the metadata file (None: there is none)."""
    text = getattr(metadata, name)
    if not text:
        return None
    return _extracted(text, getattr(metadata, f"{name}_at") or ("", 1, 1, text),
                      more=metadata.abstract_notes if name == "abstract" else ())


MARKED = re.compile(r'<sup class="marks">[^<]*</sup>')


def unmarked(html: str) -> str:
    """The subtitle made by :func:`subtitle_notes` -> its text without the notes' marks, for where no markup or
    note can go (the citation files, the web page's metadata)."""
    from markupsafe import Markup
    return Markup(MARKED.sub("", html)).striptags()


def subtitle_notes(metadata, ex, note):
    """The subtitle's citations as notes on the title block (pandoc makes them notes): each call a mark
    (after an in-text citation's name), each note with the title's notes, marked as they are. ``note``:
    a citation -> (the name an in-text one prints, the note's HTML). Returns the Metadata anew."""
    from markupsafe import Markup

    from . import locale
    from .citations import TOKEN
    from .markdown_ext import render_inline
    from .title_notes import _mark
    listed = list(metadata.title_notes)

    def mark(m):
        lead, html = note(ex.citations[int(m.group(2))])
        sign = _mark(len(listed))
        listed.append((sign, Markup(html)))
        return f'{lead}<sup class="marks">{sign}</sup>'
    subtitle = Markup(TOKEN.sub(mark, locale.requote(render_inline(ex.text), metadata.language)))
    return replace(metadata, subtitle=subtitle, title_notes=tuple(listed))
