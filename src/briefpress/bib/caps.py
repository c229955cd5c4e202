"""Fields written in capitals by an exporter (Web of Science and old library catalogues: titles, journals,
publishers), read as words, as Zotero does on import: "URBAN FORESTRY & URBAN GREENING" -> "Urban Forestry &
Urban Greening", keeping acronyms (IEEE, NMR, DNA; a meeting's own after its name, "(ICS)"), Roman numerals and
words without a vowel; the formatter then sets English titles in headline style. :func:`shouting` tells such a
field, :func:`uncaps` re-cases it; names in capitals are :mod:`.name_caps`'s."""

from __future__ import annotations

import html
import re

# Words kept in capitals when a field written in capitals is read as words
ACRONYMS = frozenset("""IEEE IEE IET ACM SIAM AIAA ASME ASCE AIChE IOP AIP APS ACS RSC BMC BMJ JAMA PLOS PNAS NATO
EU USA US UK UN UNESCO UNICEF OECD NASA ESA ICT DNA RNA HIV AIDS SARS COVID ISPRS IFAC IFIP IEICE SPIE IAU AAS
EPJ EPL JETP CERN GIS GPS ECG EEG MRI NMR CT IR UV ISO ASTM AGU EGU IUCN FAO IMF WTO NGO SME SMES LNCS VLSI
VLDB SIGMOD USSR EC NBER CEPR IZA IMA IMS SPE SAE AAPG ATP RF IOT AI MIT UCL LSE OSCE UNDP UNHCR USAID CSIS RAND
SIPRI IISS KCSS EUI ECFR CEPS UAE PRC DRC ROK DPRK""".split())
MIXED = {"LTD": "Ltd", "INC": "Inc", "CORP": "Corp", "GMBH": "GmbH", "PHD": "PhD", "MCGRAW": "McGraw", "AICHE": "AIChE", "IOT": "IoT", "EV": "eV",
         "MACMILLAN": "Macmillan"}
CAPS_FIELDS = ("title", "subtitle", "journaltitle", "booktitle", "maintitle", "series", "publisher", "location",
               "institution", "organization", "howpublished", "venue", "origlocation")
PLACE_FIELDS = frozenset({"location", "venue", "origlocation"})
# a place's small words, in lower case inside its name: "Rio de Janeiro", "Frankfurt am Main", "Newcastle upon Tyne"
PLACE_PARTICLES = frozenset("de da do dos das del della di du la le les am an im upon on en sur sous of the and".split())
# an organisation's small words, in lower case inside its name: "University of Chicago Press", "Institute for Peace
# and Security", "Éditions de la Sorbonne" (titles are cased again when printed, by their language's rules)
NAME_FIELDS = frozenset({"publisher", "institution", "organization"})
NAME_PARTICLES = frozenset("of and for the in on at to by from with de del della di du des la le les und für der "
                           "die das van von".split())
_LETTERS = re.compile(r"[^\W\d_]+")
_ROMAN = re.compile(r"[IVX]{2,}")
_VOWEL = re.compile(r"[AEIOUYÀ-ÖØ-ÝİĀ-ſ]")
_PLAIN_VOWEL, _CONSONANT = re.compile(r"[AEIOUÀ-ÖØ-Ý]"), re.compile(r"[B-DF-HJ-NP-TV-XZ]")
_TAGGED = re.compile(r"(<[^>]+>)")
_TURKISH = re.compile(r"[İĞŞ]")
_ASCII_LOWER = re.compile(r"[a-z]")


def in_words(name: str, rich: str) -> str:
    """A field as read: one written in capitals (:func:`shouting`) re-cased (:func:`uncaps`), any other as written."""
    place = name in PLACE_FIELDS
    return uncaps(rich, place, name in NAME_FIELDS) if name in CAPS_FIELDS and shouting(rich, place) else rich


def shouting(rich: str, place: bool = False) -> bool:
    """Written in capitals: two words or more (a place, one: "WASHINGTON"), every letter upper case, some word not
    an acronym: of four letters or more (in a place, three, with a vowel and a consonant: "LA PAZ", "ULM"; not "UAE",
    "NYC")."""
    if "<" not in rich and "&" not in rich and _ASCII_LOWER.search(rich):  # nearly every field: a lower-case letter, found early
        return False
    text = html.unescape(_TAGGED.sub(" ", rich) if "<" in rich else rich)
    if text != text.upper():
        return False
    words = _LETTERS.findall(text)
    return ((len(words) >= 2 or place) and any(c.isupper() for c in text)
            and any((len(w) > 3 or place and len(w) == 3 and _PLAIN_VOWEL.search(w) and _CONSONANT.search(w))
                    and w not in ACRONYMS for w in words))


def uncaps(rich: str, place: bool = False, name: bool = False) -> str:
    """A field written in capitals -> its words capitalised ("URBAN FORESTRY & URBAN GREENING" ->
    "Urban Forestry & Urban Greening"); acronyms kept, and in a place a state's or country's two-letter code after
    its city ("WASHINGTON, DC", "WASHINGTON DC"; not "ST. LOUIS" nor "LA PAZ") and its small words in lower case
    ("Rio de Janeiro"); in an organisation's ``name``, its small words in lower case ("University of Chicago
    Press"). The text of case-protected spans and math inside the field is left alone."""
    whole = re.fullmatch(r'<span class="nocase">(.*)</span>', rich, re.S)
    if whole and "<span" not in whole.group(1):
        rich = whole.group(1)  # a whole field in braces (WoS: Title = {{...}}): the capitals were the exporter's
    pieces = _TAGGED.split(rich)
    turkish = bool(_TURKISH.search(rich))  # İ, Ğ, Ş: a dotless I is ı ("KILIÇ" -> "Kılıç")
    stack: list[bool] = []  # open spans: True for one whose text is left alone
    before = ""
    for i, piece in enumerate(pieces):
        if i % 2:
            if piece.startswith("<span"):
                stack.append(piece.startswith(('<span class="nocase"', '<span class="math')))
            elif piece == "</span>" and stack:
                stack.pop()
            continue
        if piece and not any(stack):
            small = PLACE_PARTICLES if place else NAME_PARTICLES if name else frozenset()
            pieces[i] = _words(piece, before, place, turkish, small)
        before = piece[-1:] or before
    return "".join(pieces)


def _lower(word: str, turkish: bool) -> str:
    if turkish:
        word = word.replace("I", "ı").replace("İ", "i")
    return word.lower().replace("i\u0307", "i")


# a conference's acronym in parentheses after its name: "… ON SECURITY (ICS)", "(ICSE 2019)", "(CHI '19)"
_ACRONYM_AFTER = re.compile(r"\)|\s+'?\d")
_MEETING = re.compile(r"CONFERENCE|SYMPOSIUM|WORKSHOP|CONGRESS|MEETING|PROCEEDINGS", re.I)


def _words(text: str, before: str, place: bool, turkish: bool = False, small: frozenset = frozenset()) -> str:
    out, last = [], 0
    for m in _LETTERS.finditer(text):
        word, prev = m.group(), (text[m.start() - 1] if m.start() else before)
        if word in MIXED:
            new = MIXED[word]
        elif m.start() and text[:m.start()].strip() and word.lower() in small:
            new = _lower(word, turkish)
        elif place and len(word) == 2 and text.startswith(".", m.end()):  # "ST. LOUIS", "FT. WORTH": abbreviations
            new = word[:1] + _lower(word[1:], turkish)
        elif (word in ACRONYMS or _ROMAN.fullmatch(word) or (len(word) > 1 and not _VOWEL.search(word))
              or (place and len(word) == 2 and _code(text, m))
              or (prev == "(" and _ACRONYM_AFTER.match(text, m.end()) and _MEETING.search(text, 0, m.start()))):
            new = word
        elif prev and prev in "'’":
            new = _lower(word, turkish)  # CHILDREN'S -> Children's
        else:
            new = word[:1] + _lower(word[1:], turkish)
        out.append(text[last:m.start()] + new)
        last = m.end()
    return "".join(out) + text[last:]


def _code(text: str, m: re.Match) -> bool:
    """A two-letter word of a place that is a code: after a comma ("Cambridge, MA"), or last after the city's name
    ("Washington DC"), not followed by a period ("ST. LOUIS")."""
    before, after = text[:m.start()].rstrip(), text[m.end():]
    return not after.startswith(".") and (before.endswith(",") or bool(before) and not after.strip())
