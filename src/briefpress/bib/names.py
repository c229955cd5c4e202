"""BibTeX name lists -> :class:`~.model.Name` values, by BibTeX's own rules.

Takes a name field as written (LaTeX, outer delimiters removed); returns the names in order and
whether the list ended with ``and others``. Forms: "First von Last", "von Last, First",
"von Last, Jr, First", biblatex's "family=..., given=..." and ``{Corporate Name}`` (one braced
group: an organisation, never split). The "von" part is the run of words that begin in lower case
(``{\\"O}zt{\\"u}rk`` begins upper case; ``{\\'e}`` lower), as BibTeX decides it.
"""

from __future__ import annotations

import functools
import re

from .latex import to_plain
from .model import Name

AND = re.compile(r"\s+and(?=\s)", re.I)  # "Lee, Kim and and others": an empty name between, as BibTeX reads it
_SPACES = re.compile(r"\s+")
_NOT_ONE_SPACE = re.compile(r"\s\s|[^\S ]")  # a run of spaces, or a space other than ' '
_DANGLING_AND = re.compile(r"^and\s+|\s+and$", re.I)
KEYVAL = re.compile(r"^\s*(family|given|prefix|suffix|useprefix)\s*=", re.I)


def _split_top(text: str, sep: re.Pattern | str) -> list[str]:
    """Split at ``sep`` (a character or a pattern) outside braces."""
    pieces = _pattern(sep).split(text)  # part, separator, part, ...
    if "{" not in text:
        return pieces[::2]
    out, current, depth = [], "", 0
    for i, piece in enumerate(pieces):
        if i % 2 and depth == 0:
            out.append(current)
            current = ""
        else:
            current += piece
            if not i % 2:
                depth = max(0, depth + piece.count("{") - piece.count("}"))
    out.append(current)
    return out


@functools.lru_cache(maxsize=None)
def _pattern(sep: re.Pattern | str) -> re.Pattern:
    """The separator as a capturing pattern, so a split keeps it (to rejoin what braces hold)."""
    pattern = sep.pattern if isinstance(sep, re.Pattern) else re.escape(sep)
    return re.compile(f"({pattern})", sep.flags if isinstance(sep, re.Pattern) else 0)


def _words(text: str) -> list[str]:
    """Words at brace depth 0, split on spaces (and ~); a hyphen joins."""
    return [w for w in _split_top(re.sub(r"\s+|(?<!\\)~", " ", text.strip()), " ") if w]


def _is_lower(word: str) -> bool | None:
    """BibTeX's case of a word: its first letter at depth 0, or in a {\\cmd ...} special character.
    A word starting with a plain braced group is caseless (None)."""
    depth, i = 0, 0
    while i < len(word):
        ch = word[i]
        if ch == "{":
            if depth == 0 and word[i + 1:i + 2] == "\\":
                m = re.match(r"\\([a-zA-Z]+|.)\s*\{?\s*([^\W\d_])?", word[i + 1:i + 41])
                if m and m.group(1) in ("i", "j", "oe", "ae", "aa", "o", "l", "ss"):
                    return True
                if m and m.group(1) in ("OE", "AE", "AA", "O", "L"):
                    return False
                if m and m.group(2):
                    return m.group(2).islower()
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and ch.isalpha():
            return ch.islower()
        elif depth == 0 and ch == "\\":
            m = re.match(r"\\([a-zA-Z]+|.)\s*\{?\s*([^\W\d_])?", word[i:i + 40])
            if m and m.group(2):
                return m.group(2).islower()
        elif depth == 1 and i > 0 and word[0] == "{":
            return None
        i += 1
    return None


def _plain(words: list[str], unknown: set) -> str:
    return to_plain(" ".join(words), unknown)


def parse_name(text: str, unknown: set | None = None) -> Name:
    name, commands = _parse_name(text.strip())
    if unknown is not None:
        unknown |= commands
    return name


@functools.lru_cache(maxsize=8192)  # a bibliography names the same people again and again
def _parse_name(text: str) -> tuple[Name, frozenset]:
    unknown: set[str] = set()
    name = _parse(_HOMONYM.sub("", text), unknown)
    if name.given and not name.literal:
        given = initials(name.given)
        if given != name.given:
            name = Name(family=name.family, given=given, particle=name.particle, suffix=name.suffix)
    return name, frozenset(unknown)


# DBLP's number telling people of one name apart ("Wei Wang 0001"), never part of a name: no year begins with 0
_HOMONYM = re.compile(r"(?<=[^\W\d_])\s+0\d{3}(?=\s*(?:,|$))")
_BARE_INITIAL = re.compile(r"(?<![^\s-])([^\W\d_])(?=[\s-]|$)")


def initials(given: str) -> str:
    """An initial without its period, as Google Scholar and Scopus export them ("Robinson, James A") -> with it
    ("James A.": initials take periods in CMOS, as citeproc prints them); "J-P" -> "J.-P."."""
    if len(given) > 60 or not _BARE_INITIAL.search(given):
        return given
    return _BARE_INITIAL.sub(lambda m: m.group(1) + "." if m.group(1).isupper() else m.group(1), given)


SUFFIX = re.compile(r"(?:Jr|Sr|Jnr|Snr)\.?|II|III|IV")


def _parse(text: str, unknown: set) -> Name:
    if KEYVAL.match(text):
        parts = {}
        for item in _split_top(text, ","):
            key, _, value = item.partition("=")
            parts[key.strip().lower()] = to_plain(value.strip().strip("{}"), unknown)
        return Name(family=parts.get("family", ""), given=parts.get("given", ""),
                    particle=parts.get("prefix", ""), suffix=parts.get("suffix", ""))
    if text.startswith("{") and _split_top(text, " ") == [text] and text.endswith("}") \
            and not text[1:2] == "\\" and _balanced_once(text):
        return Name(family=to_plain(text[1:-1], unknown), literal=True)
    commas = [p.strip() for p in _split_top(text, ",")]
    if len(commas) == 1:
        words = _words(commas[0])
        if len(words) == 1:
            return Name(family=_plain(words, unknown))
        # First von Last: von starts at the first lower-case word (not the last word) and ends at the
        # last lower-case word before the last word.
        lows = [i for i, w in enumerate(words[:-1]) if _is_lower(w)]
        if lows:
            first, von, last = words[:lows[0]], words[lows[0]:lows[-1] + 1], words[lows[-1] + 1:]
        else:
            first, von, last = words[:-1], [], words[-1:]
        return Name(family=_plain(last, unknown), given=_plain(first, unknown), particle=_plain(von, unknown))
    if len(commas) == 2 and SUFFIX.fullmatch(commas[1]) and commas[0]:
        # "Martin Luther King, Jr.": BibTeX would take "Jr." for the given name ("Jr. Martin Luther King");
        # a generation is never a given name, so this is First Last, Suffix (as Google Scholar and hand-kept files write it)
        whole = _parse(commas[0], unknown)
        if not whole.literal:
            return Name(family=whole.family, given=whole.given, particle=whole.particle,
                        suffix=to_plain(commas[1], unknown))
    von_last = _words(commas[0])
    lows = [i for i, w in enumerate(von_last[:-1]) if _is_lower(w)]
    von, last = (von_last[:lows[-1] + 1], von_last[lows[-1] + 1:]) if lows else ([], von_last)
    if len(commas) == 2:
        jr, first = "", commas[1]
    else:
        jr, first = commas[1], ", ".join(commas[2:])
    return Name(family=_plain(last, unknown), given=to_plain(first, unknown), particle=_plain(von, unknown),
                suffix=to_plain(jr, unknown))


def _balanced_once(text: str) -> bool:
    """``{...}`` is one group (not ``{A} and {B}``)."""
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch == "{") - (ch == "}")
        if depth == 0 and i < len(text) - 1:
            return False
    return True


def parse_names(text: str, unknown: set | None = None) -> tuple[tuple[Name, ...], bool]:
    """A name list -> (names, ended with 'and others')."""
    names, et_al, commands = _parse_names(text)
    if unknown is not None and commands:
        unknown |= commands
    return names, et_al


@functools.lru_cache(maxsize=4096)  # the same author lists come back (and the reader reads a file once per edit)
def _parse_names(text: str) -> tuple[tuple[Name, ...], bool, frozenset]:
    unknown: set[str] = set()
    names, et_al = _parse_list(text, unknown)
    return names, et_al, frozenset(unknown)


# A letter command before a space inside a name: TeX eats the space ('H\\aa kansson' is Håkansson), so it
# is braced before the name is split into words
_LETTER_COMMAND = re.compile(r"\\(aa|AA|ae|AE|oe|OE|o|O|ss|l|L|i|j|dh|DH|th|TH|ng|NG|dj|DJ) +(?=[^\W\d_])")


def _parse_list(text: str, unknown: set) -> tuple[tuple[Name, ...], bool]:
    if "\\" in text:
        text = _LETTER_COMMAND.sub(r"{\\\1}", text)
    # one space for each run (the "and" patterns would rescan a long run from each of its spaces: quadratic)
    text = text.strip()
    if _NOT_ONE_SPACE.search(text):  # a search, not a rewrite of every list (5,000 entries: ~20 ms)
        text = _SPACES.sub(" ", text)
    # "Smith, John and ": an "and" with no name after (or before) it joins nothing, as BibTeX reads it
    if text[:3].lower() == "and" or text[-3:].lower() == "and":
        text = _DANGLING_AND.sub("", text)
    items = [p.strip() for p in _split_top(text, AND) if p.strip()]
    et_al = bool(items) and items[-1].lower() == "others"
    if et_al:
        items = items[:-1]
    return tuple(parse_name(i, unknown) for i in items), et_al
