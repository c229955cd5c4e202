"""BibTeX text -> bibtexparser 2 blocks, as ``bibtexparser.parse_string(text, parse_stack=[])`` returns them, about
twice as fast (0.26 s -> 0.12 s on the bench's 5,000 entries).

bibtexparser's splitter walks every brace, quote, comma and newline of the file as a separate
Python step; on a 5,000-entry file that alone takes longer than the rest of the reading. Here one
compiled pattern reads a whole ``key = value`` field (values nested up to six brace levels deep)
inside an ``@type{key, ...}`` entry. The pattern only accepts what bibtexparser's rules read the
same way (its quote and brace tracking, its ``\\``-escaped delimiters, its line counting); anything
else in an entry (a ``(``-delimited entry, deeper nesting, ``@type{`` inside a value, a backslash
before a newline, a syntax error) is left to bibtexparser's own code from the entry's start, so
blocks, lines and failures are exactly bibtexparser's (``tests/test_bib_split.py`` compares both on
generated and broken input). bibtexparser is pinned to 2.1 in pyproject.toml because this relies on
its splitter's internals.
"""

from __future__ import annotations

import re

from bibtexparser.library import Library
from bibtexparser.model import Field
from bibtexparser.splitter import _MARK_PATTERN, Splitter

from ..atomic import once

_NOT_BLOCK_START = r"@(?!\w*[ \t]*[{(])"  # an '@' bibtexparser does not take for a new block
_BRACED = r"[^{}\\@]+|\\[{}]|\\(?![{}\n])|" + _NOT_BLOCK_START  # one unit inside braces (no group)

# Each repeat is matched once (atomic.once, as a possessive repeat reads): one field of a 5,000-entry file
# read once, never tried again unit by unit.


def _group(depth: int) -> str:
    inner = _BRACED if depth == 1 else f"{_BRACED}|{_group(depth - 1)}"
    return r"\{" + once(f"(?:{inner})*") + r"\}"


def _quoted() -> str:
    """Inside quotes braces are not counted and '{"}' is a quote character (bibtexparser's rules)."""
    return '"' + once(r'(?:\{"\}|[^"\\@{]+|\{(?!"\})|\\"|\\(?!["\n])|' + _NOT_BLOCK_START + ")*") + '"'


def _value() -> str:
    """At depth 0: text (macros, numbers, '#', '='), escaped delimiters, quoted strings, brace groups."""
    return once(r'(?:[^{}",\\@]+|\\[{}",]|\\(?![{}",\n])|' + _NOT_BLOCK_START + "|" + _quoted() + "|" + _group(6) + ")*")


def _key() -> str:
    return once(r'[^{}",=\\@]*')


FIELD = re.compile(f"(?P<key>{_key()})=(?P<value>{_value()})[,}}]")
# Every field of an entry up to its closing brace (the last field with or without a comma after it).
FIELDS = re.compile(once(f"(?:{_key()}={_value()},)*") + f"(?:{_key()}={_value()}|\\s*)\\}}")


# A URL as the key (``@misc{https://example.org/?p=5,``, as some exports key a web page): its '=' is no field's.
# (atomic: a long token of '=' is read once, not once per '=')
_URL_KEY = re.compile(once(r"[ \t]*") + r"[A-Za-z]" + once(r"[\w+.-]*") + "://" + once(r'[^\s,{}"=]*') + "="
                      + once(r'[^\s,{}"]*') + once(r"[ \t]*") + ",")
# bibtexparser's failed block for one: it ends at the key's first '='
_FAILED_URL_KEY = re.compile(r"@[A-Za-z]+[ \t]*\{[ \t]*[A-Za-z][\w+.-]*://[^\s,{}\"=]*=$")


class FastSplitter(Splitter):
    """bibtexparser's Splitter with a one-pattern path for the fields of ``{``-delimited entries."""

    def _move_to_end_of_entry(self, first_key_start: int):
        if self._closing_delimiter != "}" or self._unaccepted_mark is not None:
            return super()._move_to_end_of_entry(first_key_start)
        text = self.bibstr
        whole = FIELDS.match(text, first_key_start)
        if whole is None:  # not a shape the pattern knows: bibtexparser reads the entry
            return super()._move_to_end_of_entry(first_key_start)
        end, line = whole.end(), self._current_line
        fields, keys, duplicates = [], set(), set()
        # The fields follow one another, so each match of findall starts where the last ended.
        for m in FIELD.finditer(text, first_key_start, end):
            key, value = m.group("key"), m.group("value")
            line += key.count("\n")  # a field's line is the line of its '='
            key = key.strip()
            if key in keys:
                duplicates.add(key)
            keys.add(key)
            fields.append(Field(key, value.strip(), line))
            line += value.count("\n")
        self._current_line += text.count("\n", first_key_start, end)
        self._markiter = _MARK_PATTERN.finditer(text, end)
        self._current_char_index = end - 1
        return fields, end, duplicates


class URLKeySplitter(FastSplitter):
    """And URL keys with a query: bibtexparser takes their first '=' for a field's and fails the entry; pandoc
    reads them."""

    def _handle_entry(self, m, m_val):
        if self._unaccepted_mark is None and (key := _URL_KEY.match(self.bibstr, m.end() + 1)):
            self._markiter = _MARK_PATTERN.finditer(self.bibstr, key.end() - 1)  # next mark: the key's comma
        return super()._handle_entry(m, m_val)


def split(text: str) -> Library:
    """The blocks of a BibTeX text (no middleware), as ``bibtexparser.parse_string(text, parse_stack=[])``, but for
    a URL key with a query, which it cannot read."""
    library = FastSplitter(text).split()
    # only a file where bibtexparser failed such an entry is split again, looking at each entry's key
    if any(_FAILED_URL_KEY.match(block.raw or "") for block in library.failed_blocks):
        library = URLKeySplitter(text).split()
    return library
