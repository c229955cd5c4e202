"""Reference-list collation by the language's alphabet: the Unicode Collation Algorithm (pyuca, DUCET)
tailored with the alphabet's own letters, as CLDR tailors it.

Takes a text and a language tag; returns a sort key. Albanian sorts ç after c, dh after d, ë after e,
gj after g, ll after l, nj after n, rr after r, sh after s, th after t, xh after x, zh after z; Serbian
(Latin), and Croatian, Bosnian and Montenegrin, which share its alphabet, č, ć after c, dž, đ after d, lj
after l, nj after n, š after s, ž after z; Serbian Cyrillic follows the azbuka (ђ after д, ј after и, љ
after л, њ after н, ћ after т, џ after ч), Macedonian its own (ѓ after д, ѕ after з, ќ after т), both
before Latin. A letter of the
alphabet keeps the primary weight of its first base letter and gets a rank after it; every other
character keeps DUCET's weights (scaled, so the ranks fit between them)."""

from __future__ import annotations

import functools
import re
import unicodedata

ALPHABETS = {
    "sq": "a b c ç d dh e ë f g gj h i j k l ll m n nj o p q r rr s sh t th u v x xh y z zh",
    "sr-Latn": "a b c č ć d dž đ e f g h i j k l lj m n nj o p r s š t u v z ž",
    "sr-Cyrl": "а б в г д ђ е ж з и ј к л љ м н њ о п р с т ћ у ф х ц ч џ ш",
    "mk": "а б в г д ѓ е ж з ѕ и ј к л љ м н њ о п р с т ќ у ф х ц ч џ ш",
}
_SCALE = 64
REORDERED = {"sr-Cyrl", "mk"}  # CLDR's Serbian and Macedonian collations put Cyrillic before Latin ([reorder Cyrl])


def alphabet_for(language: str) -> str:
    """The tailored alphabet of a BCP 47 tag ('' for DUCET order): sr is Cyrillic, as in CLDR; Croatian,
    Bosnian and Montenegrin use Serbian Latin's."""
    from . import canonical
    name = canonical(language)
    if name in ("sr-Latn", "hr", "bs", "cnr"):
        return "sr-Latn"
    if name in ("sr-Cyrl", "bs-Cyrl"):
        return "sr-Cyrl"
    return name if name in ("sq", "mk") else ""


ENTRY = re.compile(r"^([0-9A-F][0-9A-F ]*[0-9A-F]) *; ([^#\n]*\])", re.M)  # code points ; weights
IMPLICIT = re.compile(r"^@implicitweights ([0-9A-F]+)\.\.([0-9A-F]+); *([0-9A-F]+)", re.M)


@functools.cache
def _collator():
    """pyuca's DUCET collator, its table read into a dictionary (the code points of an entry, as DUCET
    writes them -> the rest of its line, as text), each entry's weights parsed when a text first uses it
    (a reference list uses a few hundred of the 30,000): a build's reading of DUCET takes about 12 ms, not
    0.14 s with pyuca's own reading, 0.045 s with a trie of unparsed weights or 33 ms with a regular
    expression over the whole file (``ENTRY``, which :func:`entries` gives the same as)."""
    from pyuca import Collator
    from pyuca.collator import COLL_ELEMENT_PATTERN

    class Weights:
        """pyuca's Trie, as far as the collator asks: the longest entry that starts a key."""

        def __init__(self, text: str):
            self.entries = entries(text)
            self.longest = max(k.count(" ") for k in self.entries) + 1  # DUCET's longest contraction

        def find_prefix(self, key):
            for length in range(min(self.longest, len(key)), 0, -1):
                name = " ".join(f"{c:04X}" for c in key[:length])
                value = self.entries.get(name)
                if value:
                    if isinstance(value, str):  # its weights: before the line's comment
                        value = self.entries[name] = [[int(w, 16) for w in m.groups()] for m in
                                                      COLL_ELEMENT_PATTERN.finditer(value.partition("#")[0])]
                    return key[:length], value, key[length:]
            return key[:0], None, key

    class Ducet(Collator):
        def load(self, filename):
            with open(filename, encoding="utf-8") as keys:
                text = keys.read()
            self.table = Weights(text)
            self.implicit_weights = implicit_weights(text)

    return Ducet()


def entries(text: str) -> dict[str, str]:
    """DUCET's entries: the code points of each (``"0041"``, ``"004C 00B7"``) -> the rest of its line
    (its weights, then a comment), as ``ENTRY`` finds them, by splitting lines (a regular expression over
    1.8 MB took 22 ms, this 9 ms)."""
    out = {}
    for line in text.split("\n"):
        if line[:1] in HEX:
            key, sep, rest = line.partition(";")
            if sep:
                out[key.rstrip()] = rest
    return out


HEX = frozenset("0123456789ABCDEF")


def implicit_weights(text: str) -> list[list[int]]:
    """DUCET's ``@implicitweights`` lines (a few, near its start), found by a plain search, not a pattern tried
    at every line of the file (8 ms)."""
    out, at = [], text.find("@implicitweights")
    while at != -1:
        found = IMPLICIT.match(text, at) if at == 0 or text[at - 1] == "\n" else None
        if found:
            out.append([int(found.group(1), 16), int(found.group(2), 16), int(found.group(3), 16)])
        at = text.find("@implicitweights", at + 1)
    return out


@functools.cache
def _tailoring(name: str) -> tuple[re.Pattern, dict]:
    letters = ALPHABETS[name].split()
    ranks: dict[str, int] = {}
    seen: dict[int, int] = {}
    if name in REORDERED:  # the alphabet's letters in their order, all before the Latin letters
        first = _primary("a") * _SCALE
        ranks = {letter: first - len(letters) + i for i, letter in enumerate(letters)}
        letters = []
    for letter in letters:
        base = _primary(unicodedata.normalize("NFD", letter)[0])
        rank = seen.get(base, 0)
        seen[base] = rank + 1
        ranks[letter] = base * _SCALE + rank
    # longest letters first: "dh" before "d", "lj" before "l"
    pattern = re.compile("|".join(re.escape(x) for x in sorted(ranks, key=len, reverse=True)), re.I)
    return pattern, ranks


def _primary(char: str) -> int:
    return next((e[0] for e in _collator().collation_elements(char) if e[0]), 0)


@functools.lru_cache(maxsize=1 << 16)
def levels(segment: str, name: str = "") -> tuple[tuple, tuple, tuple]:
    """The three weight levels of one word (memoised: names and title words repeat)."""
    if not name:
        elems = _collator().collation_elements(unicodedata.normalize("NFD", segment))
        return tuple(tuple(e[lv] for e in elems if len(e) > lv and e[lv]) for lv in (0, 1, 2))
    pattern, ranks = _tailoring(name)
    primary, secondary, tertiary = [], [], []
    pos = 0
    text = unicodedata.normalize("NFC", segment)
    for m in list(pattern.finditer(text)) + [None]:
        gap = text[pos:m.start()] if m else text[pos:]
        for e in _collator().collation_elements(unicodedata.normalize("NFD", gap)) if gap else ():
            if e[0]:
                primary.append(e[0] * _SCALE)
            if len(e) > 1 and e[1]:
                secondary.append(e[1])
            if len(e) > 2 and e[2]:
                tertiary.append(e[2])
        if m is None:
            break
        primary.append(ranks[m.group(0).lower()])
        secondary.append(0x20)
        tertiary.append(0x02 if m.group(0)[0].islower() else 0x08)  # lower case first, as DUCET
        pos = m.end()
    return tuple(primary), tuple(secondary), tuple(tertiary)


_SPACES = re.compile(r"(\s+)")


def sort_key(text: str, language: str = "") -> tuple:
    """The collation key of a text in a language (DUCET for a language without a tailoring)."""
    name = alphabet_for(language)
    segs = [levels(seg, name) for seg in _SPACES.split(text) if seg]
    out: list = []
    for lv in (0, 1, 2):
        if lv:
            out.append(0)
        for seg in segs:
            out.extend(seg[lv])
    return tuple(out)
