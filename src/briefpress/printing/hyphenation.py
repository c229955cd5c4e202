"""Hyphenation patterns read faster, applied by :func:`apply` (called by :func:`.layout.prepare`): a
``hyph_*.dic`` file -> the same ``pyphen.HyphDict`` (the same patterns, so the same hyphens).

WeasyPrint hyphenates with pyphen, which reads a language's patterns the first time it is asked for
them: English's 11,000 took ~55 ms, a tenth of the forkserver's warm-up (:func:`.layout.warm_up`), which a
cold build waits for. Pyphen reads each pattern with a regular expression and builds tuples of digits and
letters; here a pattern such as ``.ach4`` is split by removing its digits (the letters, the pattern's
key) and reading each digit's place once: ~3 times faster. A line that is anything else (``^^hh`` escapes,
nonstandard hyphenation ``/...``, two digits in a row, digits outside ASCII) is read by pyphen's own code.
On a pyphen whose reading this module does not know (another release), nothing is changed.
"""

from __future__ import annotations

import inspect
import re

import pyphen

_KNOWN = "for pattern in path.read_text(encoding).split('\\n')[1:]:"  # how pyphen 0.18 reads a file
_ORIGINAL = pyphen.HyphDict.__init__


def apply() -> bool:
    """Put the faster reading in place (idempotent); False when pyphen reads patterns otherwise."""
    if pyphen.HyphDict.__init__ is _init:
        return True
    try:
        known = _KNOWN in inspect.getsource(_ORIGINAL)
    except (OSError, TypeError):
        known = False
    if known:
        pyphen.HyphDict.__init__ = _init
    return known


def _init(self, path) -> None:
    with path.open("rb") as fd:
        encoding = fd.readline().decode()
    if encoding.lower() == "microsoft-cp1251":
        encoding = "cp1251"
    self.patterns = patterns(path.read_text(encoding).split("\n")[1:])
    self.cache = {}
    self.maxlen = max(len(key) for key in self.patterns)


def patterns(lines: list[str]) -> dict[str, tuple[int, tuple]]:
    """A ``hyph_*.dic`` file's lines after its first (the encoding) -> pyphen's ``HyphDict.patterns``:
    each pattern's letters -> (offset of its first non-zero value, its values up to the last non-zero)."""
    out: dict[str, tuple[int, tuple]] = {}
    for line in lines:
        line = line.strip()
        if not line or line.startswith(pyphen.ignored):
            continue
        found = _simple(line)
        if found is None:
            found = _as_pyphen_reads(line)
        if found:
            out[found[0]] = found[1]
    return out


def _simple(line: str):
    """(key, (start, values)) of a pattern of letters and single ASCII digits; () for one pyphen skips (no
    value but zeros); None for one that pyphen's own reading must read."""
    if "^" in line or "/" in line:
        return None
    parts = _SPLIT(line)  # letters, a digit, letters, a digit, ... letters (each run of letters maybe empty)
    if len(parts) == 1:
        return ()  # no digit: only zeros, skipped
    runs = parts[0::2]
    if "" in runs[1:-1]:
        return None  # two digits in a row
    key = "".join(runs)
    if not line.isascii() and any(char.isdecimal() for char in key):
        return None  # a digit pyphen's \d reads and this does not
    values = [0] * (len(key) + 1)
    at = len(runs[0])
    for digit, letters in zip(parts[1::2], runs[1:]):
        values[at] = int(digit)
        at += len(letters)
    end = len(values)
    while end and not values[end - 1]:
        end -= 1
    if not end:
        return ()  # only zeros ("a0b")
    start = 0
    while not values[start]:
        start += 1
    return key, (start, tuple(values[start:end]))


_SPLIT = re.compile("([0-9])").split


def _as_pyphen_reads(line: str):
    """A line read by pyphen's own code (its ``HyphDict.__init__``, one line at a time)."""
    line = pyphen.parse_hex(lambda match: chr(int(match.group(1), 16)), line)
    if "/" in line and "=" in line:
        line, alternative = line.split("/", 1)
        factory = pyphen.AlternativeParser(line, alternative)
    else:
        factory = int
    tags, values = zip(*[(string, factory(i or "0")) for i, string in pyphen.parse(line)])
    if max(values) == 0:
        return ()
    start, end = 0, len(values)
    while not values[start]:
        start += 1
    while not values[end - 1]:
        end -= 1
    return "".join(tags), (start, values[start:end])
