"""Locale: a language tag -> the words the outputs print in that language.

``load(language, overrides)`` returns :class:`Labels`: the themes' and the code's labels ("Table of
Contents", "References", credits-page labels, EPUB landmarks, cross-reference names) and the
Chicago terms ("ed.", "accessed", "et al."), from one data file per language in this package
(``en``, ``sq``, ``sr-Latn``, ``hr``, ``bs``, ``cnr``, ``mk``, ``de``, ``fr``, ``tr``, ``sl``; ``sr-Cyrl`` and
``bs-Cyrl`` are transliterated from the Latin data). A key a language lacks falls back to English; a
file's ``regions:`` (``fr``'s ``CH``) override its keys for a region; a theme's ``labels:`` override any key. Dates and month names
come from CLDR through Babel (:func:`human_date`); quotation marks from the data files (CLDR's
delimiters, which Babel does not carry). While a document is formatted, :func:`using` makes its
language the one :func:`term` and :func:`human_date` use (the Chicago formatter has no other
way to know it)."""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .translit import to_cyrillic

__all__ = ["Labels", "load", "canonical", "using", "current", "labels", "term", "human_date", "quotes", "requote",
           "babel_locale", "SUPPORTED", "placed", "put"]

DATA = Path(__file__).parent
TRANSLITERATED = {"sr-Cyrl": "sr-Latn", "bs-Cyrl": "bs"}  # Cyrillic data: the Latin file's, transliterated
SUPPORTED = ("en", "sq", "sr-Latn", "sr-Cyrl", "hr", "bs", "bs-Cyrl", "cnr", "mk", "de", "fr", "tr", "sl")


def canonical(language: str) -> str:
    """A BCP 47 tag -> the data it uses: 'en-US' -> 'en', 'de-AT' -> 'de', 'sr' -> 'sr-Cyrl' (CLDR's
    default script for Serbian), 'sr-Latn-RS' -> 'sr-Latn', 'bs-Cyrl-BA' -> 'bs-Cyrl' (Bosnian is Latin
    unless it says Cyrillic); any other language -> itself (English data)."""
    low = (language or "en").replace("_", "-").lower()
    subtags = low.split("-")
    if low.startswith("sr"):  # CLDR's likely script: Latin in Montenegro (sr-ME), else Cyrillic
        return "sr-Latn" if "latn" in subtags or ("me" in subtags and "cyrl" not in subtags) else "sr-Cyrl"
    return "bs-Cyrl" if subtags[0] == "bs" and "cyrl" in subtags else subtags[0]


def _region(language: str) -> str:
    """'fr-CH' -> 'CH', 'sr-Latn-ME' -> 'ME'; '' without a region."""
    return next((s.upper() for s in (language or "").replace("_", "-").split("-")[1:] if len(s) == 2), "")


@functools.cache
def _data(name: str) -> dict:
    if name in TRANSLITERATED:
        latin = _data(TRANSLITERATED[name])
        return {**latin, **{part: {k: to_cyrillic(v) for k, v in latin.get(part, {}).items()}
                            for part in ("labels", "chicago", "locators", "locators_plural")},
                "locator_words": {to_cyrillic(k): v for k, v in latin.get("locator_words", {}).items()}}
    path = DATA / f"{name}.yaml"
    if not path.is_file():
        return {}
    # libyaml when PyYAML has it (7 ms -> under 1 ms for a language's file): these files are briefpress's own
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@dataclass(frozen=True)
class Labels:
    """One language's labels and terms. ``labels['references']`` or, in templates, ``label('about',
    name='KCSS')``; ``term('ed.')`` for a Chicago term."""
    language: str
    labels: dict
    terms: dict
    quote_marks: tuple
    punctuation_in_quote: bool = True  # a comma goes inside the closing mark (CMOS, American); else after it
    serial_comma: bool = True  # "A, B, and C" (CMOS); else "A, B and C"
    colon: str = ":"  # after "Figure 1": French sets a no-break space before it
    locators: tuple = ()  # (label, printed form): ("chapter", "Kap.")
    locator_words: tuple = ()  # (written word, label): ("s.", "page"), the language's own
    locators_plural: tuple = ()  # (label, form for several): ("chapter", "chaps."); else the one form serves
    citation_quotes: tuple = ()  # a source's marks where they differ from the text's (British English: ‘ ’ “ ”)

    def __getitem__(self, key: str) -> str:
        return self.labels[key]

    def __call__(self, key: str, **values) -> str:
        text = self.labels[key]
        return text.format(**values) if values else text

    def get(self, key: str, default: str = "") -> str:
        return self.labels.get(key, default)

    def term(self, english: str) -> str:
        """A Chicago term in this language; a capitalised one ('Edited by') from its lower-case key."""
        if english in self.terms:
            return self.terms[english]
        low = english[:1].lower() + english[1:]
        if low in self.terms:
            t = self.terms[low]
            return t[:1].upper() + t[1:]
        return english

    def placed(self, english: str, value: str) -> str:
        """A term with what it qualifies: "vol. 2"; a term holding ``{}`` puts the value there ("{}. cilt":
        "2. cilt"), so a language that says it after the number or name needs no code of its own."""
        return put(self.term(english), value)

    def locator(self, label: str, value: str) -> str:
        """A citation's locator with its label in this language: "chap. 3", "Kap. 3", "3. böl." (a form
        holding ``{}``); a range or list takes the plural form where the language has one ("chaps. 3–4", "Bde. 2–3",
        as CSL's locales and pandoc print them)."""
        return put(self.label(label, bool(_SEVERAL.search(value))), value)

    def label(self, name: str, several: bool = False) -> str:
        """A locator's label in this language, plural for more than one ("chaps.") where it has one."""
        return (several and dict(self.locators_plural).get(name)) or dict(self.locators).get(name, name)


_SEVERAL = re.compile(r"\w\s*(?:-{1,3}|[–—,&])\s*\w")  # "3–4", "3, 5", "3 & 5": more than one


def put(form: str, value: str) -> str:
    """A term's form with its value: at its ``{}`` ("{}. cilt", "{} (ed.)"), else after it ("vol. 2")."""
    return form.replace("{}", value) if "{}" in form else f"{form} {value}"


def keys() -> set[str]:
    """Every label key (English has them all): what a theme's ``labels:`` may override."""
    return set(_data("en")["labels"])


@functools.lru_cache(maxsize=32)
def _load(language: str, overrides: tuple) -> Labels:
    name = canonical(language)
    en, own = _data("en"), _data(name)
    region = own.get("regions", {}).get(_region(language), {})
    labels = {**en["labels"], **own.get("labels", {}), **region.get("labels", {}), **dict(overrides)}
    terms = {**en["chicago"], **own.get("chicago", {}), **region.get("chicago", {})}
    marks = region.get("quotes") or own.get("quotes") or en["quotes"]
    locators = {**en["locators"], **own.get("locators", {})}
    # a plural only from the file whose singular is printed: English's "chaps." never follows German's "Kap."
    plural = {**{k: v for k, v in en.get("locators_plural", {}).items() if own is en or k not in own.get("locators", {})},
              **own.get("locators_plural", {})}
    # what an author writes in the language (citations.parse_locator reads these before English's own:
    # Slovenian "op." is a note, English "op." an opus); "Nr." is a number, not an issue
    forms = [*own.get("locators", {}).items(), *own.get("locators_plural", {}).items()]
    words = {**{w.lower(): label for label, w in forms if "{}" not in w and label != "issue"},
             **{w.lower(): label for w, label in own.get("locator_words", {}).items()}} if own is not en else {}
    return Labels(language, labels, terms, tuple(marks), region.get("punctuation_in_quote", own.get("punctuation_in_quote", True)),
                  own.get("serial_comma", True), own.get("colon", ":"), tuple(locators.items()), tuple(words.items()),
                  tuple(plural.items()), tuple(region.get("citation_quotes") or own.get("citation_quotes") or ()))


def load(language: str, overrides: dict | None = None, paper: dict | None = None) -> Labels:
    """The labels of a language, with a theme's ``labels:`` over them: key -> text for every language,
    and a language tag -> {key: text} for one (``sq:``, ``sr-Cyrl:``; ``sr-Latn:`` also serves sr-Cyrl
    and ``bs:`` bs-Cyrl, transliterated, unless the theme has the Cyrillic tag too); ``paper``'s own
    (key -> text) over all."""
    language = language or "en"
    name = canonical(language)
    chosen = {k: v for k, v in (overrides or {}).items() if isinstance(v, str)}
    per = {canonical(k): v for k, v in (overrides or {}).items() if isinstance(v, dict)}
    latin = TRANSLITERATED.get(name)
    if latin and name not in per and latin in per:
        per[name] = {k: to_cyrillic(v) for k, v in per[latin].items()}
    chosen.update(per.get(name, {}))
    chosen.update(paper or {})
    return _load(language, tuple(sorted(chosen.items())))


_CURRENT: contextvars.ContextVar[Labels] = contextvars.ContextVar("briefpress_labels")


@contextlib.contextmanager
def using(language: str, overrides: dict | None = None, paper: dict | None = None):
    """Format in ``language`` (with a theme's label overrides, and the paper's own over them) for the
    duration of the block: the Chicago terms, dates, figure and table names."""
    token = _CURRENT.set(load(language or "en", overrides, paper))
    try:
        yield
    finally:
        _CURRENT.reset(token)


def labels() -> Labels:
    """The labels of the language being formatted (English outside :func:`using`)."""
    return _CURRENT.get(None) or _english()


@functools.cache
def _english() -> Labels:  # asked for once per Chicago term outside using(): built once
    return load("en")


def current() -> str:
    return labels().language


def term(english: str) -> str:
    """A Chicago term in the language being formatted ('ed.' -> 'red.' in Albanian)."""
    return labels().term(english)


def placed(english: str, value: str) -> str:
    """A Chicago term with its value, in the order of the language being formatted ("vol. 2", "2. cilt")."""
    return labels().placed(english, value)


def babel_locale(language: str) -> str:
    name = canonical(language)
    if name == "en" and _region(language):  # en-GB, en-AU: CLDR's own dates ("15 March 2024"), where it has them
        from babel import localedata
        if localedata.exists(f"en_{_region(language)}"):
            return f"en_{_region(language)}"
    # Montenegrin: CLDR has no cnr of its own and reads it as Serbian Latin in Montenegro
    return {"sr-Latn": "sr_Latn", "sr-Cyrl": "sr_Cyrl", "bs-Cyrl": "bs_Cyrl", "cnr": "sr_Latn_ME"}.get(name, name)


_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def human_date(value: str, language: str | None = None) -> str:
    """'2025-03-01' -> 'March 1, 2025' / '1 mars 2025' / '1. март 2025.'; '2025-03' -> 'March 2025';
    a year stays a year; anything else unchanged. CLDR's long date and year-month forms (Babel)."""
    from babel.core import UnknownLocaleError
    from babel.dates import format_date, format_skeleton

    m = _DATE.match(value or "")
    if not m:
        return value
    year, month, day = m.groups()
    if not month:
        return year
    lang = language or current()
    try:
        when = datetime.date(int(year), int(month), int(day or 1))
        loc = babel_locale(lang)
        text = format_date(when, "long", locale=loc) if day else format_skeleton("yMMMM", when, locale=loc)
        # CLDR's Serbian and Croatian forms end in a period ("7. март 2025."); the punctuation around a date
        # is the text's. Macedonian's "2025 г." keeps its abbreviation's.
        return re.sub(r"(?<=\d)\.$", "", text)
    except (ValueError, UnknownLocaleError):
        return human_date(value, "en") if canonical(lang) != "en" else value


def quotes(language: str) -> tuple[str, str, str, str]:
    """(open, close, inner open, inner close) quotation marks of a language (CLDR's; French's with the
    narrow no-break space inside them)."""
    return load(language).quote_marks


_DOUBLE = re.compile(r"“([^“”]*)”")
_SINGLE = re.compile(r"(?<![^\W\d_])‘([^‘’]*)’(?![^\W\d_])")


def requote(html: str, language: str, citation: bool = False) -> str:
    """English quotation marks (“ ” and ‘ ’, as the formatter writes them) -> the language's; an
    apostrophe (’ inside a word) stays. A language that sets a comma after the closing mark
    (``punctuation_in_quote: false``: „Titel“, not „Titel,“) gets it moved there; a period stays, as
    it may end a quoted sentence. ``citation``: ``html`` is a formatted source, in the language's
    ``citation_quotes`` where it has them (British English's ‘ ’: its text keeps the marks as written)."""
    own = load(language)
    q, inside = (own.citation_quotes if citation and own.citation_quotes else own.quote_marks), own.punctuation_in_quote
    if q[:2] == ("“", "”") and (inside or (own.citation_quotes and not citation)):
        return html

    def pair(m, start, end):
        text = m.group(1)
        return f"{start}{text}{end}" if inside or not text.endswith(",") else f"{start}{text[:-1]}{end},"
    # the inner pair through stand-ins (not U+E000/E001: the note tokens), so its new marks are not read as outer ones
    html = _SINGLE.sub(lambda m: pair(m, "\ue010", "\ue011"), html)
    html = _DOUBLE.sub(lambda m: pair(m, q[0], q[1]), html)
    return html.replace("\ue010", q[2]).replace("\ue011", q[3])


# biblatex / babel language names (langid) -> BCP 47; babel's "serbian" is Latin script, "serbianc" Cyrillic
_LANGID = {"english": "en", "american": "en-US", "british": "en-GB", "usenglish": "en-US", "ukenglish": "en-GB",
           "albanian": "sq", "serbian": "sr-Latn", "serbianc": "sr-Cyrl", "croatian": "hr", "bosnian": "bs",
           "german": "de", "ngerman": "de", "french": "fr", "italian": "it", "spanish": "es", "russian": "ru",
           "macedonian": "mk", "slovene": "sl", "slovenian": "sl", "bulgarian": "bg", "turkish": "tr",
           "greek": "el", "polish": "pl", "czech": "cs", "ukrainian": "uk", "portuguese": "pt", "dutch": "nl",
           "cnr": "cnr", "montenegrin": "cnr"}  # cnr itself: langcodes would make it CLDR's alias, sr-ME
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def bcp47(langid: str, text: str = "") -> str:
    """A source's ``langid`` ('english', 'serbian', 'sr', 'en-US') -> a BCP 47 tag ('' when unset); a
    Serbian source without a script in its tag is Cyrillic when its ``text`` (the title) is."""
    value = (langid or "").strip()
    tag = _LANGID.get(value.lower(), value.replace("_", "-"))
    # ISO 639-2 (eng, ger, alb), as catalogues write it; langcodes takes ASCII only ('срп' stays as written)
    if len(tag) == 3 and tag.isascii() and tag.isalpha() and tag.lower() not in _LANGID:
        import langcodes
        tag = langcodes.standardize_tag(tag.lower())
    if tag.lower() in ("sr", "sr-latn") and value.lower() in ("sr", "srp", "serbian"):  # the script from the text
        return "sr-Cyrl" if _CYRILLIC.search(text) else "sr-Latn"
    return tag


def langid(tag: str) -> str:
    """A BCP 47 tag -> biblatex's ``langid`` for it ('sq' -> 'albanian', 'sr-Cyrl' -> 'serbianc'); the tag
    itself when biblatex has no name for it. The inverse of :func:`bcp47`, from the same table."""
    canon = canonical(tag)
    return next((name for name, t in _LANGID.items() if t == canon), tag)


def same_language(a: str, b: str) -> bool:
    return canonical(a) == canonical(b) if canonical(a) in SUPPORTED or canonical(b) in SUPPORTED else \
        a.lower().split("-")[0] == b.lower().split("-")[0]
