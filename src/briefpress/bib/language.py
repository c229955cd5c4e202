"""The language of a source whose entry does not give one (no ``langid`` or ``language``), from its title.

Takes a title (rich text, :mod:`.model`); returns a biblatex ``langid`` ('english', 'albanian',
'serbianc', 'turkish', ...) or '' when the title does not tell. Reference managers rarely write a
language (Zotero, Mendeley, Web of Science, Scopus, DergiPark), and CMOS 18 sets only English titles in
title case (8.160; other languages keep their sentence capitalisation, chapter 11), so the formatter
must know whether a title is English. Being wrong one way leaves an English title uncapitalised, which
is worse than capitalising a foreign one: the decision is conservative.

- What is certain decides first, without a detector: a title in Cyrillic or Greek script is not
  English; a title with as many English function words ("the", "of", "and", "'s"; "in", "to", which other
  languages share, count half) as another language's, or more, is English ("Kosovo's Path to the Bundestag", "Vučić's Stance on Russia's War"); one with neither and no
  letter English does not use (a few nouns, "Energy Security 2030") is undecided: title case, as before.
- Otherwise (another language's function words such as "dhe", "und", "ve", or letters English does not
  use: ë, ç, č, ş, ß, é) the lingua detector, restricted to the languages a Balkan publisher meets and
  loaded on first need (about 0.1–0.3 s and 50 MB, low-accuracy mode), weighs the title; it is
  deterministic. With another language's function words and no English ones, the title is foreign and
  the detector says which language; with English ones too (fewer), or only letters, it is foreign only when
  the detector finds English very unlikely (resp. unlikely); else English.

Math is never read; braced words, italics and quotations (names, acronyms, a foreign term or quotation
set off in an English title) are not, unless one of them is the whole title. The result is cached per title.
"""

from __future__ import annotations

import functools
import html
import re
import threading

_MATH = re.compile(r'<span class="math[^"]*">.*?</span>', re.S)
_SKIPPED = re.compile(r'<span class="nocase">.*?</span>|<i>.*?</i>|<q>.*?</q>', re.S)
_TAGS = re.compile(r"<[^>]+>")
_QUOTED = re.compile(r"“[^”]*”|‘[^’]*’(?!\w)|\"[^\"]*\"")
_POSSESSIVE = re.compile(r"[^\W\d_]['’]s\b")  # "Gaulle's": English
_WORD = re.compile(r"(?<![\w-])[^\W\d_]+(?![\w-]|\.\w)")  # a word by itself: not "e" of "e-documents", "LaTeX2e", "e.g."
_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC_GREEK = re.compile(r"[\u0370-\u03ff\u0400-\u052f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# letters no English word needs (an English title with a foreign name goes to the detector, which weighs it)
_FOREIGN_LETTERS = re.compile(r"[ëËçÇčČćĆšŠžŽđĐşŞğĞıİäÄöÖüÜßàÀâÂèÈéÉêÊîÎïÏôÔùÙûÛñÑãÃõÕòÒìÌáÁíÍóÓúÚœŒłŁńŃśŚźŹżŻąĄęĘřŘůŮťŤďĎňŇ]")
ENGLISH = frozenset("""the of and for with from by its their his her our this that these those how what why
when where who which whose between among against into about through towards toward within without beyond
are was were has have been not or at new after under during""".split())
# English function words that are also other languages' (German in, an; Italian in, per; Portuguese as;
# Serbian to, on; Dutch is): half a word each, so "La politica in Europa" is not English by its "in"
SHARED = frozenset("in as an to on is per".split())
# other languages' function words (English ones taken out): one sends the title to the detector, and they
# vote for the language the detector then chooses among ("Les poissons de l'Iran" is French, not Portuguese);
# Serbian, Croatian and Bosnian share theirs (keys: lingua's ISO 639-1 codes)
FUNCTION_WORDS = {
    ("SQ",): """dhe në ne të te së se për nga mbi si ose apo pas ndaj deri mes midis rreth kundër drejt e tek ku nuk
             është janë një nje kjo këtë edhe por prej gjatë brenda sipas i""",
    ("SR", "HR", "BS"): """i u na za od iz sa kao je su ili ali da što sto koji koja koje kroz između izmedju prema bez
                        kod protiv nakon tokom tijekom među medju uz ka o""",
    ("TR",): "ve ile bir bu için icin olarak ki gibi kadar üzerine üzerinde arasında sonra önce veya nasıl da de",
    ("DE",): """der die das und des den dem ein eine einer eines im zum zur von vom mit für auf aus bei nach über unter
             zwischen ist sind nicht als oder wie zu um gegen durch""",
    ("FR",): """le la les du de des et en une un dans pour sur par avec au aux entre est sont ou qui que ce cette leur
             sous vers l d qu""",
    ("IT",): """il lo la le gli della delle dello dei degli del di ed e i nel nella nei negli sul sulla tra fra una un
             che è dal dalla alla al ai come dell dall nell sull con""",
    ("ES",): "el los las la y con por para sobre una del de en que sus su al",
    ("PT",): "em na um uma com pelo pela como dos das da e o os de que",  # not "do": "Do Sanctions Work?"
}
VOTES: dict[str, set] = {}
for _codes, _words in FUNCTION_WORDS.items():
    for _word in _words.split():
        VOTES.setdefault(_word, set()).update(_codes)
FOREIGN = frozenset(VOTES) - ENGLISH - SHARED
PARTICLES = frozenset("de da di van von der den del della la le el al du dos das ter ten zu en".split())  # weak
# evidence: names' particles, "en" (en route, en français)
# lingua's languages for a KCSS-like publisher; a title in them is told apart from English
LANGUAGES = ("ENGLISH", "ALBANIAN", "SERBIAN", "BOSNIAN", "CROATIAN", "MACEDONIAN", "SLOVENE", "BULGARIAN",
             "RUSSIAN", "UKRAINIAN", "TURKISH", "GERMAN", "FRENCH", "ITALIAN", "SPANISH", "PORTUGUESE", "DUTCH",
             "POLISH", "CZECH", "GREEK")
# ISO 639-1 -> biblatex langid (locale's table); Serbian by its script
LANGID = {"en": "english", "sq": "albanian", "bs": "bosnian", "hr": "croatian", "mk": "macedonian",
          "sl": "slovene", "bg": "bulgarian", "ru": "russian", "uk": "ukrainian", "tr": "turkish", "de": "german",
          "fr": "french", "it": "italian", "es": "spanish", "pt": "portuguese", "nl": "dutch", "pl": "polish",
          "cs": "czech", "el": "greek"}
NOT_ENGLISH = 0.1  # a title with letters English does not use is foreign when English's confidence is below this
NOT_ENGLISH_WITH_ENGLISH_WORDS = 0.01  # ... one with English function words (fewer than foreign ones), below this


@functools.lru_cache(maxsize=8192)
def title_language(title: str) -> str:
    """A title (rich text) -> its biblatex langid, or '' when it cannot be told."""
    if "<" in title:
        title = _MATH.sub(" ", title)
        spans = _SKIPPED.findall(title)  # a title all braced ({{...}}, as exporters protect case) is read
        whole = len(spans) == 1 and spans[0] == title.strip()
        text = html.unescape(_TAGS.sub("", title if whole else _SKIPPED.sub(" ", title)))
    else:
        text = title
    if "“" in text or "‘" in text or '"' in text:  # a quotation set off in the title: perhaps another language's
        unquoted = _QUOTED.sub(" ", text)
        text = unquoted if _LETTER.search(unquoted) else text
    if not _LETTER.search(text):
        return ""
    # a one-letter word counts as another language's only in lower case: "i" is Serbian, "I" English
    words = [w.lower() for w in _WORD.findall(text) if len(w) > 1 or w.islower()]
    script = _CYRILLIC_GREEK.search(text)
    if script and len(_CYRILLIC_GREEK.findall(text)) > len(_LATIN.findall(text)):
        return _detect(text, 1.0) or ("greek" if "\u0370" <= script.group() <= "\u03ff" else "")
    english, found = 0.0, []
    for w in words:
        if w in ENGLISH:
            english += 1
        elif w in SHARED:
            english += 0.5
        elif w in FOREIGN:
            found.append(w)
    if "'" in text or "’" in text:
        english += len(_POSSESSIVE.findall(text))
    foreign = len(found)
    if english and english >= foreign:  # "What I Saw in Kosovo", "Charles de Gaulle's Europe": names do not outweigh
        return "english"
    if not foreign and not _FOREIGN_LETTERS.search(text):
        return ""  # "Energy Security 2030": nothing tells
    # another language's function words outweigh. Without English ones, a word such as "und", "dhe", "ve"
    # (not a name's particle: de, van, von) makes the title foreign: the detector says which language (short
    # titles fool it into English: "Imperien und Nationen"). Beside English function words the title is foreign
    # only if the detector finds English very unlikely; with only particles or letters (names), unlikely.
    strong = foreign - sum(w in PARTICLES for w in found)
    bar = NOT_ENGLISH_WITH_ENGLISH_WORDS if english else 2.0 if strong else NOT_ENGLISH
    return _detect(text, bar, _voted(found)) or ("english" if english else "")


def _voted(found: list[str]) -> frozenset:
    """The languages whose function words the title has most of (ISO codes); empty when it has none."""
    tally: dict[str, int] = {}
    for word in found:
        for code in VOTES[word]:
            tally[code] = tally.get(code, 0) + 1
    best = max(tally.values(), default=0)
    return frozenset(code for code, n in tally.items() if n == best)


def _detect(text: str, bar: float, among: frozenset = frozenset()) -> str:
    """'english' when English's confidence reaches ``bar`` (above 1: never), else the likeliest other language
    (of ``among``, when the function words narrowed it down); '' without a detector."""
    detector = _detector()
    if detector is None:
        return ""
    values = detector.compute_language_confidence_values(text)
    if not values:
        return ""
    p_english = next((v.value for v in values if v.language.iso_code_639_1.name == "EN"), 0.0)
    if p_english >= bar:
        return "english"
    others = [(v.language.iso_code_639_1.name, v.value) for v in values if v.language.iso_code_639_1.name != "EN"]
    voted = next(((c, p) for c, p in others if c in among), others[0])
    # the voted language, unless the detector is sure of another (Polish "i" votes Albanian and Serbian too)
    code = (others[0] if others[0][1] > 3 * voted[1] else voted)[0].lower()
    if code == "sr":
        return "serbianc" if _CYRILLIC_GREEK.search(text) else "serbian"
    return LANGID.get(code, "")


_LOCK = threading.Lock()
_BUILT: list = []


def _detector():
    """lingua's detector for LANGUAGES, built on first need (its models load lazily, per language)."""
    if not _BUILT:
        with _LOCK:
            if not _BUILT:
                try:
                    from lingua import Language, LanguageDetectorBuilder
                except ImportError:  # pragma: no cover - a declared dependency
                    _BUILT.append(None)
                else:
                    languages = [getattr(Language, name) for name in LANGUAGES]
                    _BUILT.append(LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build())
    return _BUILT[0]
