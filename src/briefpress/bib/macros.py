"""BibTeX field values as written -> their text: ``{..}``, ``".."``, numbers, ``@string`` macros
(and the month macros ``jan``..``dec``) joined by ``#``.

:func:`evaluate` takes the value as written, the macros known so far (lower-case name -> text) and a set
that collects the names of unknown macros (kept as written); returns the text, braces inside kept.
A value that macros make longer than :data:`MAX_VALUE` characters (and than it is written) raises
:class:`TooLong`: ten @strings, each ten copies of the one before, would be 10^10 characters.
"""

from __future__ import annotations

import re

MONTH_MACROS = {m: name for m, name in zip(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(),
    "January February March April May June July August September October November December".split())}


MAX_VALUE = 100_000  # characters: 30 times the longest abstract in the bibliographies we measured


class TooLong(ValueError):
    """The macros expand a value past MAX_VALUE characters."""


def evaluate(raw: str, strings: dict[str, str], unknown_macros: set) -> str:
    """A field value as written (``{..}``, ``".."``, number, macro, joined by ``#``) -> its text."""
    raw = raw.strip()
    if "#" not in raw:  # no concatenation (nearly every value): braces or quotes around the text
        if raw[:1] in "{\"" and raw[-1:] == ("}" if raw[:1] == "{" else '"') and len(raw) >= 2:
            return raw[1:-1]
    elif raw[:1] == "{" and raw[-1:] == "}" and _one_group(raw):
        return raw[1:-1]
    out, size, limit = [], 0, max(MAX_VALUE, len(raw))
    for piece in _split_hash(raw):
        piece = piece.strip()
        if piece[:1] in "{\"" and len(piece) >= 2:
            out.append(piece[1:-1])
        elif piece.isdigit() or not piece:
            out.append(piece)
        elif piece.lower() in strings:
            out.append(strings[piece.lower()])
        elif piece.lower() in MONTH_MACROS:
            out.append(MONTH_MACROS[piece.lower()])
        else:
            unknown_macros.add(piece)
            out.append(piece)
        size += len(out[-1])
        if size > limit:
            raise TooLong(f"its macros make it longer than {MAX_VALUE:,} characters")
    return "".join(out)


BRACE = re.compile(r"[{}]")


def _one_group(raw: str) -> bool:
    """``{...}`` is one group, not ``{a} # {b}``."""
    inner = raw[1:-1]
    if "{" not in inner and "}" not in inner:
        return True
    depth = 0
    for m in BRACE.finditer(inner):
        depth += 1 if m.group() == "{" else -1
        if depth < 0:
            return False
    return True


def _split_hash(raw: str) -> list[str]:
    parts, depth, quoted, start = [], 0, False, 0
    for i, ch in enumerate(raw):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0:
            quoted = not quoted
        elif ch == "#" and depth == 0 and not quoted:
            parts.append(raw[start:i])
            start = i + 1
    parts.append(raw[start:])
    return parts
