"""The text of a BibTeX file around bibtexparser's splitter (:mod:`.split`), for :mod:`.bibtex`: before it, what
it would misread made plain, same length so lines and columns hold (biblatex's ``@commentary``, which bibtexparser
takes for a comment, renamed; a ``%`` comment line between two fields blanked); after it, the text it could not
read as entries explained (a failed block; an entry type of two words, which it takes for a comment)."""

from __future__ import annotations

import re

_COMMENTARY = re.compile(r"@\s*(commentary)\s*[{(]", re.I)


def commentary(text: str) -> str:
    """bibtexparser 2.1 takes any block starting '@comment' for a comment, biblatex's @commentary too: renamed
    '@zommentary' (:mod:`.bibtex` names it back)."""
    return _COMMENTARY.sub(lambda m: m.group(0).replace(m.group(1), "zommentary"), text)


_FIELD_START = re.compile(r"\s*(?:[\w.:+-]+\s*=|\})")
_OPEN, _CLOSE = re.compile(r"(?<!\\)\{"), re.compile(r"(?<!\\)\}")


def comments_between_fields(text: str) -> str:
    """A '%' comment line between two fields of an entry (after a line ending in ',' or '{', before a field; or
    after the last field, before the closing brace) blanked, same length: pandoc and biber skip it, bibtexparser took it into the next
    field's name and the field was lost."""
    lines = text.split("\n")
    comment = [line.lstrip().startswith("%") for line in lines]
    after, following = [""] * len(lines), ""  # the next line of text after each line (one pass back)
    for i in range(len(lines) - 1, -1, -1):
        after[i] = following
        if lines[i].strip() and not comment[i]:
            following = lines[i]
    depth, before = 0, ""  # braces open at the line's start (1: inside an entry, between its fields)
    for i, line in enumerate(lines):
        if comment[i] and depth <= 1:
            # before a field (after one ending in ','), or before the entry's closing brace (after any field)
            if depth == 1 and (before.rstrip().endswith((",", "{")) and _FIELD_START.match(after[i])
                               or after[i].lstrip().startswith("}") and before.count('"') % 2 == 0):
                lines[i] = " " * len(line)
            continue  # a comment's braces are not counted
        depth = max(0, depth + len(_OPEN.findall(line)) - len(_CLOSE.findall(line)))
        if line.strip():
            before = line
    return "\n".join(lines)



# Text between entries that is an entry gone wrong: '@araştırma makalesi { teke545654, journal = ...' (DergiPark's
# Turkish export writes its type in words); bibtexparser, as BibTeX, takes it for a comment.
NOT_ENTRY = re.compile(r"(?m)^[ \t]*(@[^\s{(@=,]+(?:[ \t]+[^\s{(@=,]+)+[ \t]*[{(]\s*([^\s,{}()=]+)\s*,)(?=\s*[\w-]+\s*=)")


def not_entries(comment: str) -> list[tuple[int, str, str]]:
    return [(m.start(1), m.group(2), " ".join(m.group(1).split())) for m in NOT_ENTRY.finditer(comment)]


# a key holding a double quote, up to it: the splitter, as pandoc, reads it as a quoted value's start
KEY_QUOTE = re.compile(r"@\s*\w+\s*[{(]\s*([^\s,{}()=]*\")")


def failure(block, raw: str, keys: list[str]) -> str:
    reason = str(getattr(block, "error", "") or "").strip()
    first = raw.strip().splitlines()[0][:60] if raw.strip() else ""
    what = f"entry '{keys[0]}'" if keys else (repr(first) if first else "this block")
    if re.match(r"@\s*\w+\s*[{(]\s*\w+\s*=", raw):
        return f"cannot parse {what}: it has no key; write @type{{key, field = {{...}}, ...}}"
    quote = KEY_QUOTE.match(raw)
    if quote:  # the splitter, as pandoc, took the key's quote for a quoted value's: no key, braces that never close
        return (f"cannot parse the entry with key '{quote.group(1)}…': a key cannot hold '\"', read as the start of a "
                "quoted value (pandoc refuses the file there too); rename the key")
    if raw.count("{") != raw.count("}"):
        return (f"cannot parse {what}: its braces do not balance ({raw.count('{')} '{{' and {raw.count('}')} '}}'); "
                "close every '{'")
    detail = f" ({reason.splitlines()[0]})" if reason else ""
    return f"cannot parse {what}{detail}; check braces, commas and quotes"
