"""Code: the Python-Markdown settings for code (takes nothing, returns extensions and their configs).

Fenced blocks (```` ``` ```` and ``~~~``, with a language: ```` ```python ```` or ```` ``` {.python} ````)
are highlighted with Pygments into ``<div class="highlight"><pre><code>`` with class-named
tokens (``k``, ``s``, ``c``…), styled by templates/common/code.css.j2 in the theme's monospace
font; no language guessing, so the same text always gets the same colours. Inline code needs
nothing beyond Markdown itself; its font comes from the same stylesheet.

For the modules that blank code before reading the text around it: ``FENCED`` (a fenced block, as a
pattern), :class:`Masking` (a pattern holding it, searched in linear time: a text -> its matches),
:func:`fence_starts` (a text -> where a closed block starts) and :class:`Closers` (lines -> the first line
after one that closes its fence; :func:`plain_closer` the closing lines outside a block quote).
"""

from __future__ import annotations

import bisect
import functools
import re

# A fenced block as pandoc closes it: by a fence of the same character at least as long (a '````' block
# may show '```' lines), in a block quote or an item too; a backtick fence's info string holds no backtick.
# Read a line at a time: a fence never closed is looked for to the end (Python-Markdown does the same).
# For the patterns that blank code before reading the text around it (citations, notes, math, LaTeX).
FENCED = r"(?ms:^[ \t>]*(?P<fence>`{3,}(?=[^`\n]*$)|~{3,})[^\n]*\n(?:[^\n]*\n)*?[ \t>]*(?P=fence)[`~]*[ \t]*$)"

NO_FENCE = r"(?!)(?P<fence>)"  # FENCED's place in a pattern, its one group kept: the other groups keep their numbers

EXTENSIONS = ["fenced_code", "codehilite"]
CONFIGS = {"codehilite": {"css_class": "highlight", "guess_lang": False, "use_pygments": True,
                          "linenums": False, "wrapcode": True}}


class Masking:
    """A pattern ``before + FENCED + after`` (FENCED its first alternative), searched in linear time.

    The regex alone looks for a fence's close from each opening line to the end of the text: a file of
    3,000 lines each opening a fence never closed took ~11 s. Here the blocks are found first, by one
    pass over the lines (:func:`fence_starts`); the pattern is tried whole only where a block starts,
    and elsewhere without FENCED. The matches are the same as the pattern's own."""

    def __init__(self, before: str, after: str, flags: int = 0):
        self.source = (before + FENCED + after, flags)
        self.rest = re.compile(before + NO_FENCE + after, flags)

    @functools.cached_property
    def whole(self) -> re.Pattern:
        """The pattern with FENCED, compiled when a text first holds a block (~1 ms each: a paper
        without code never needs the seven the modules make at import)."""
        return re.compile(*self.source)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        endpos = len(text) if endpos is None else min(endpos, len(text))
        starts = [p for p in fence_starts(text[:endpos]) if p >= pos] if "``" in text or "~~" in text else []
        k, other = 0, self.rest.search(text, pos, endpos)
        while pos <= endpos:
            while k < len(starts) and starts[k] < pos:
                k += 1
            if other is not None and other.start() < pos:  # overlapped by a block: looked for after it
                other = self.rest.search(text, pos, endpos)
            if k < len(starts) and (other is None or starts[k] <= other.start()):
                m = self.whole.match(text, starts[k], endpos)  # FENCED, tried first, matches there
            elif other is not None:
                m = other
            else:
                return
            yield m
            pos = m.end() if m.end() > m.start() else m.end() + 1

    def sub(self, repl, text: str) -> str:
        out, last = [], 0
        for m in self.finditer(text):
            out += [text[last:m.start()], repl(m)]
            last = m.end()
        return "".join(out) + text[last:] if out else text


def fence_starts(text: str) -> list[int]:
    """Where FENCED matches in ``text``: the offset of each line opening a block that a later line closes."""
    lines = text.split("\n")
    closers = Closers(lines, _closer)
    found, at = [], 0
    for i, line in enumerate(lines[:-1]):  # an opening line ends with a line break
        content = line.lstrip(" \t>")
        mark = content[:1]
        if mark in "`~" and content.startswith(mark * 3):
            run = len(content) - len(content.lstrip(mark))
            if mark == "~":  # FENCED gives tildes back, down to three: any later line of three or more closes it
                closed = closers.after(i, mark, 3) is not None
            else:
                closed = "`" not in content[run:] and closers.after(i, mark, run) is not None
            if closed:
                found.append(at)
        at += len(line) + 1
    return found


def _closer(line: str) -> tuple[str, int] | None:
    """FENCED's closing line: after ``[ \t>]*``, a run of one fence character, then only '`', '~' and blanks."""
    body = line.lstrip(" \t>").rstrip(" \t")
    if body[:1] not in ("`", "~") or body.strip("`~"):
        return None
    return body[0], len(body) - len(body.lstrip(body[0]))


def plain_closer(line: str) -> tuple[str, int] | None:
    """A line closing a fence outside a block quote (as long or longer, nothing after it): its character and
    length, for :class:`Closers`."""
    body = line.strip()
    return (body[0], len(body)) if body[:1] in ("`", "~") and not body.strip(body[0]) else None


class Closers:
    """The lines able to close a fence (``closer(line)``: its character and length, or None), by character
    and length: the first one after a line is found at once, not by reading every line after it."""

    def __init__(self, lines: list[str], closer):
        self.lines: dict[str, dict[int, list[int]]] = {}
        for i, line in enumerate(lines):
            if (found := closer(line)) is not None:
                self.lines.setdefault(found[0], {}).setdefault(found[1], []).append(i)

    def after(self, i: int, mark: str, length: int, exact: bool = False) -> int | None:
        """The first closing line after line ``i`` of ``mark``, ``length`` long (or longer, unless ``exact``)."""
        first = None
        for n, where in self.lines.get(mark, {}).items():
            if n == length or n > length and not exact:
                k = bisect.bisect_right(where, i)
                if k < len(where) and (first is None or where[k] < first):
                    first = where[k]
        return first
