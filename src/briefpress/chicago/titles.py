"""Titles: title case (headline style) of English titles (CMOS 18), quoted and italic titles.

Titles are rich text. Case is changed only in text outside ``<span class="nocase">`` (braces in
BibTeX) and math; a word that already has a capital after its first letter (NATO, iPhone) or a digit
is left alone. Only English titles are re-cased (``langid``/``language``; none given = English).
"""

from __future__ import annotations

import functools
import re

from ..locale import labels
from .text import TAG, smart

# CMOS 18 title case (8.160; formerly "headline style", 8.159 in the 17th ed.): lowercase articles, the
# coordinating conjunctions and/but/for/or/nor, "to" and "as", and prepositions of up to four letters;
# the 18th edition capitalises prepositions of five or more letters ("Across", "Between"), which the
# 17th lowercased. "up", "down", "off", "out" are as often adverbs ("Taking Up Arms", capitalised) as
# prepositions, which cannot be told apart here: they keep the case they were written in.
MINOR = frozenset("""a an the and but for or nor as to v. vs. at by from in into like near of on onto over
past per than till upon via with amid atop unto""".split())
AS_WRITTEN = frozenset({"up", "down", "off", "out"})
_COORDINATING = frozenset({"and", "but", "for", "or", "nor", "a", "an", "the", "v.", "vs."})
_MATH = re.compile(r'<span class="math[^"]*">.*?</span>', re.S)
_ATOM = re.compile(r'<span class="math[^"]*">.*?</span>|<span class="nocase">[^<\s]*</span>', re.S)
_UNCUT = re.compile(r"[<\\“”‘\"]|(?<!\w)'")  # markup, TeX, quotations
_LONG_PREPOSITIONS = frozenset("""about above across after against along among around before behind below beneath
beside between beyond despite during except inside outside since through toward towards under until within
without""".split())  # a short title does not end on one
PREFIXES = frozenset("anti co de inter intra mid multi non post pre pro re semi sub trans un".split())
ENGLISH = frozenset({"", "en", "eng", "english", "american", "british", "usenglish", "ukenglish", "canadian",
                     "australian", "newzealand"})
_WORD = re.compile(r"[^\W_][\w'’.]*", re.UNICODE)  # numbers count as words ("of 1999"), never re-cased
_BREAK = re.compile(r"[:?!—.]\s*$")  # a word after these starts a subtitle
_DIGIT = re.compile(r"\d")
_SKIP_OPEN = re.compile(r'<span class="(nocase|smallcaps|math[^"]*)"')
_Q = re.compile(r"<q>(.*?)</q>", re.S)
_TAGS = re.compile(r"<[^>]+>")
_I_SPAN = re.compile(r"<i>(.*?)</i>", re.S)
_SUBTITLE = re.compile(r"(?:(?<=[^\s<>])|(?<=</span>)|(?<=</i>)|(?<=</b>)):\s")  # "{Main Title}: subtitle" too
# a main title of two words or more that ends in its own ? or !, then a subtitle: "Who Governs? Democracy and Power"
_ASKED = re.compile(r"^(\S+\s+[^<]*?\w[?!])\s+(?=[A-Z])")
# a URL, DOI or e-mail address in a title is an address: never re-cased (citeproc's "Https://Example.com")
# (an address's name is matched from its first character only: no rescan of a long word for each of its letters)
_LINK = re.compile(r"\b(?:https?://|ftp://|mailto:|www\.|doi:\s*)\S+|\b10\.\d{4,9}/\S+|(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+",
                   re.I)
# a preposition that is as often an adjective or noun ("the Near East", "the Past Decade"): after an article or a
# possessive it is not the preposition, and capitalised
AMBIGUOUS = frozenset({"near", "past", "like", "over"})
_DETERMINERS = frozenset("a an the this that these those my your his her its our their".split())


def is_english(language: str) -> bool:
    lang = language.strip().lower()
    return lang in ENGLISH or lang.startswith(("en-", "en_"))


@functools.lru_cache(maxsize=4096)  # a title is re-cased for its note, short note, entry and sort key
def headline(rich: str) -> str:
    """Title case (headline style) of an English title, CMOS 18 rules (see MINOR)."""
    if not rich:
        return rich
    pieces = TAG.split(rich) if "<" in rich else [rich]
    # every word that may be re-cased: (piece index, start, end, skipped), and where it starts in the
    # text without tags, so the text between two words (tags left out) is one slice
    words, at = [], []
    flat_parts, offset = [], 0
    depth, skip_at = 0, []
    for i, piece in enumerate(pieces):
        if i % 2:
            if piece.startswith("<span"):
                depth += 1
                if _SKIP_OPEN.match(piece):
                    skip_at.append(depth)
            elif piece == "</span>":
                if skip_at and skip_at[-1] == depth:
                    skip_at.pop()
                depth -= 1
            continue
        skipped = bool(skip_at)
        links = [m.span() for m in _LINK.finditer(piece)] if ("/" in piece or "@" in piece) else ()
        for m in _WORD.finditer(piece):
            words.append((i, m.start(), m.end(), skipped or any(a <= m.start() < b for a, b in links)))
            at.append(offset + m.start())
        flat_parts.append(piece)
        offset += len(piece)
    if not words:
        return rich
    flat = "".join(flat_parts)
    last = len(words) - 1
    edits: dict[int, list] = {}
    prev, prev_end = "", 0
    for n, (i, s, e, skipped) in enumerate(words):
        start = at[n]
        before = flat[prev_end:start] if n else ""
        word = flat[start:start + e - s]
        previous, prev, prev_end = prev, word, start + e - s
        if skipped:
            continue
        # the first and last word, one after a colon or dash, and the first element of a compound (CMOS 8.161:
        # "A Near-Death Experience", "The Over-the-Counter Market") are capitalised, minor or not
        edge = n == 0 or n == last or (before != " " and bool(_BREAK.search(before)))
        first = flat[prev_end:prev_end + 2]  # "near-": the first element of a hyphenated compound
        edge = edge or (first[:1] == "-" and first[1:].isalpha() and before[-1:] != "-" and len(word) > 1)
        new = _case_word(word, edge, before, previous if n else "")
        if new != word:
            edits.setdefault(i, []).append((s, e, new))
    out = pieces
    for i, changes in edits.items():
        text = out[i]
        for s, e, new in reversed(changes):
            text = text[:s] + new + text[e:]
        out[i] = text
    return "".join(out)


def _case_word(word: str, edge: bool, before: str, prev: str) -> str:
    if prev and (before in ("", "'", "’") or not before[-1].isspace() and before[-1] not in "-–—/:“‘\"'("):
        return word  # inside a word: "(De)radicalisation", "<span>Serbia</span>'s", "2<sup>nd</sup>"
    if word.lower() in AMBIGUOUS and prev.lower() in _DETERMINERS and before.isspace():
        return _cap(word) if word.islower() or word.istitle() else word
    # after a hyphen the case depends on the word before: after a prefix ("Anti-") it stays as written
    compound = 0 if before != "-" else 2 if prev.lower() in PREFIXES else 1
    return _case(word, edge, compound)


@functools.lru_cache(maxsize=16384)  # words recur across titles
def _case(word: str, edge: bool, compound: int) -> str:
    if len(word) == 1 and word != "a" and not edge:
        return word  # a letter as such ("the letters é, ô"), a variable
    rest = word[1:]
    if rest != rest.lower() or _DIGIT.search(word) or "." in word[:-1] or word[:1].isdigit():
        return word  # NATO, iPhone, U.S., 1990s: as written
    low = word.lower()
    if compound:
        # second part of a hyphenated compound (CMOS 8.161 in the 17th ed.): capitalised, except minor words and after
        # a prefix that is not a word by itself ("Anti-inflation", "Co-operation")
        if low in MINOR or compound == 2:
            return word
        return _cap(word)
    if not edge and low in AS_WRITTEN:
        return word
    if not edge and low in MINOR:
        return low if word[:1].isupper() and word[1:].islower() or word.islower() else word
    return _cap(word)


def _cap(word: str) -> str:
    first = word[:1].upper()
    return first + word[1:] if len(first) == 1 else word  # "ß".upper() is "SS": leave it


_NON_LATIN = re.compile(r"[\u0370-\u03ff\u0400-\u052f]")  # Greek, Cyrillic
_FIRST_WORD = re.compile(r"[\w'’-]*")


def recase(rich: str, language: str) -> str:
    """Title case for English titles; a title in Greek or Cyrillic script is never English. Other languages
    keep their capitalisation (sentence style, CMOS 18 chapter 11), whose first word has a capital: one
    written all in lower case gets it ("de natura deorum" -> "De natura deorum"; "eKosova" stays)."""
    if is_english(language) and not _NON_LATIN.search(rich):
        return headline(rich)
    if rich[:1].islower() and not _LINK.match(rich):
        first = _FIRST_WORD.match(rich).group()
        if first.islower() and len(first[:1].upper()) == 1:
            return first[:1].upper() + rich[1:]
    return rich


def join_subtitle(title: str, subtitle: str) -> str:
    if not subtitle:
        return title
    sep = " " if _TAGS.sub("", title)[-1:] in ("?", "!", ":", ".") else ": "
    return f"{title}{sep}{subtitle}"


def quoted(title: str, closing: str = "") -> str:
    """Title in double quotes, the following comma or period inside (CMOS 6.9, 17th and 18th eds.); a quotation inside
    becomes single quotes, with the punctuation inside both marks. A language formatted with
    ``punctuation_in_quote: false`` (German, French, the South Slavic languages…) sets it after them: „Titel“."""
    title = smart(_Q.sub(r"‘\1’", title) if "<q>" in title else title)
    title = title.replace("“", "‘").replace("”", "’") if "“" in title else title
    plain_end = _TAGS.sub("", title)[-1:] if title.endswith(">") else title[-1:]
    if plain_end in "?!" or (plain_end == "." and closing == "."):  # "Textset, Inc.": its period ends the title
        closing = ""
    if not labels().punctuation_in_quote:
        return f"“{title}”{closing}"
    if title.endswith("’") and closing:
        return f"“{title[:-1]}{closing}’”"
    return f"“{title}{closing}”"


def italic(title: str) -> str:
    """Italic title; italics inside it are set in roman (CMOS 8.171 in the 17th ed.)."""
    title = smart(_Q.sub(r"“\1”", title) if "<q>" in title else title)
    if "<i>" in title:
        title = _I_SPAN.sub(r"</em>\1<em>", title)
    return f"<em>{title}</em>".replace("<em></em>", "")


def roman(title: str) -> str:
    return smart(_Q.sub(r"“\1”", title) if "<q>" in title else title)


def short_title(entry_fields, language: str = "", cut: bool = True) -> str:
    """The short-note title: ``shorttitle``, else the title before its subtitle (CMOS 18 13.33), and an
    English one cut to its first four words without a leading article (The, A, An) or trailing minor
    words: "Poverty and Inequality in Latin America" -> "Poverty and Inequality". A formula (a math span)
    or a braced word counts as one word; a title with other markup or a quotation is only cut at its subtitle, so no
    tag or quotation is split; nor is any title when ``cut`` is false (a house style keeping whole main
    titles, which CMOS allows: "usually")."""
    short = entry_fields.get("shorttitle", "")
    if short:
        return short
    title = _SUBTITLE.split(entry_fields.get("title", ""), maxsplit=1)[0]
    asked = _ASKED.match(title)
    title = asked.group(1) if asked else title
    # a formula counts as one word and is never split; so does a word braced to keep its case (Zotero's
    # BibTeX export braces every capitalised word: "The {Protestant} Ethic")
    maths = _ATOM.findall(title)
    bare = _ATOM.sub(lambda m: f"\ue010{maths.index(m.group(0))}\ue011", title)
    # a question or exclamation is whole or nothing: "What Is to Be Done?" is not "What Is"
    asks = bare.rstrip().endswith(("?", "!"))
    if not cut or asks or _UNCUT.search(bare) or not is_english(language) or _NON_LATIN.search(bare):
        return title
    words = bare.split()
    if len(words) > 1 and re.fullmatch("\ue010(\\d+)\ue011", words[0]) and \
            TAG.sub("", maths[int(words[0][1:-1])]).lower() in ("the", "a", "an"):
        words = words[1:]  # a braced leading article ("{The} {NATO} Summit") is dropped as a bare one is
    words = _cut_words(words)
    return re.sub("\ue010(\\d+)\ue011", lambda m: maths[int(m.group(1))], " ".join(words)).rstrip(",;:")


def _cut_words(words: list[str]) -> list[str]:
    if len(words) > 1 and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    if len(words) <= 4:
        return words
    minor = MINOR | AS_WRITTEN | _LONG_PREPOSITIONS
    opens = minor - _COORDINATING  # a preposition, "to" or "as" opens a phrase; "and" joins one

    def boundary(k: int) -> bool:  # words[:k] is a phrase of its own: the next word opens another
        last, following = words[k - 1], words[k].lower().strip(",;")
        return following in opens and last.lower().strip(",;") not in minor and not last.endswith(("’s", "'s"))
    # Cut only where a phrase ends ("Principles of Good Neighbourliness | in Law"), never inside one
    # ("Study Spaces and Academic | Performance" stays whole), nor to a lone word ("Proof | of Alon’s …",
    # "Democratization | in the Western Balkans after …"): then at a fifth word rather than the first.
    cut = next((k for k in (4, 3, 2) if boundary(k)), None)
    if cut is None and boundary(1) and len(words) > 5 and boundary(5) and words[5].lower() != "of":
        cut = 5  # where the only phrase break left a lone word; "… the Spirit | of Capitalism" stays whole
    return words[:cut] if cut else words
