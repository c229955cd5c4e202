"""The gaps the publisher's languages had: locator labels printed in English in every language ("chap. 3" in a
German paper), locator words written in the paper's language not read (pandoc reads a German paper's "S. 5" as
page 5), and Turkish terms set before what they qualify ("cilt 2", "içinde Kitap") where Turkish sets them
after ("2. cilt", "Kitap içinde")."""
import re

import pytest

from briefpress import chicago, locale
from briefpress.bibliography import read_bibliography
from briefpress.citations import LOCATOR_TERMS, extract_all, parse_locator
from briefpress.note_text import format_citation

BIB = r"""
@book{kniha, author = {Vukić, Mirna}, title = {Granice i ljudi}, publisher = {Buybook}, date = {2021}}
@incollection{poglavlje, author = {Demir, Ayşe}, title = {Sınır ve Devlet}, booktitle = {Balkanlarda Güvenlik},
  editor = {Kaya, Mehmet}, chapter = {3}, publisher = {İletişim}, date = {2019}, pages = {45--67}}
@book{tom, author = {Yılmaz, Can}, title = {Osmanlı Tarihi}, volume = {2}, part = {1}, publisher = {Ötüken},
  date = {2015}, translator = {Arslan, Ahmet}}
@article{clanak, author = {Demir, Ayşe}, title = {Kosova}, journaltitle = {Bilig}, volume = {12}, number = {3},
  date = {2020}, pages = {1--20}}
@book{derleme, editor = {Kaya, Mehmet}, title = {Derleme}, publisher = {İletişim}, date = {2018}}
@book{onsoz, author = {Yılmaz, Can}, title = {Yol}, foreword = {Kaya, Mehmet}, publisher = {İletişim}, date = {2018}}
"""
ENTRIES = read_bibliography(BIB, "refs.bib")[0]


def cite(markdown: str, language: str) -> list[str]:
    """Each citation of ``markdown`` as its note prints in a paper in ``language`` (the first note of each source
    is its full note), tags and the entry's title left out."""
    seen: set = set()
    with locale.using(language):
        notes = [format_citation(c, ENTRIES, seen, language) for c in extract_all(markdown, "paper.md").citations]
    return [re.sub(r"<[^>]+>", "", n) for n in notes]


def tail(note: str) -> str:
    """The locator and any words after it: what follows the last comma of a full or short note."""
    return note.rsplit(", ", 1)[-1]


# written in English (as every paper could write them so far) -> printed in the paper's language, as CSL's
# locale files abbreviate them where they have the language (de-DE, fr-FR, hr-HR, sr-Latn-RS, tr-TR, sl-SI)
WRITTEN = "[@kniha, chap. 3] [@kniha, sec. 2] [@kniha, para. 4] [@kniha, fig. 2] [@kniha, vol. 2] [@kniha, n. 7]"
PRINTED = {
    "en": ["chap. 3.", "sec. 2.", "para. 4.", "fig. 2.", "vol. 2.", "n. 7."],
    "de": ["Kap. 3.", "Abschn. 2.", "Abs. 4.", "Abb. 2.", "Bd. 2.", "Anm. 7."],
    "fr": ["chap. 3.", "sect. 2.", "paragr. 4.", "fig. 2.", "vol. 2.", "n. 7."],
    "hr": ["pogl. 3.", "odj. 2.", "par. 4.", "sl. 2.", "sv. 2.", "bilj. 7."],
    "sr-Latn": ["pogl. 3.", "odelj. 2.", "par. 4.", "sl. 2.", "tom 2.", "nap. 7."],
    "sr-Cyrl": ["погл. 3.", "одељ. 2.", "пар. 4.", "сл. 2.", "том 2.", "нап. 7."],
    "bs": ["pogl. 3.", "odj. 2.", "par. 4.", "sl. 2.", "tom 2.", "bilj. 7."],
    "bs-Cyrl": ["погл. 3.", "одј. 2.", "пар. 4.", "сл. 2.", "том 2.", "биљ. 7."],
    "cnr": ["pogl. 3.", "odj. 2.", "par. 4.", "sl. 2.", "tom 2.", "nap. 7."],
    "mk": ["гл. 3.", "оддел. 2.", "пар. 4.", "сл. 2.", "том 2.", "заб. 7."],
    "sq": ["kap. 3.", "sek. 2.", "par. 4.", "fig. 2.", "vëll. 2.", "shën. 7."],
    "tr": ["böl. 3.", "blm. 2.", "par. 4.", "şek. 2.", "c. 2.", "n. 7."],
    "sl": ["pogl. 3.", "razd. 2.", "odst. 4.", "sl. 2.", "zv. 2.", "op. 7."],
}


@pytest.mark.parametrize("language", sorted(PRINTED))
def test_locator_labels_print_in_the_papers_language(language):
    notes = cite(WRITTEN, language)
    assert [tail(n) for n in notes] == PRINTED[language]


@pytest.mark.parametrize("language", [l for l in locale.SUPPORTED if l != "en"])
def test_every_language_has_a_label_for_every_locator(language):
    """A label English has and a language lacks would print in English there."""
    english = dict(locale.load("en").locators)
    own = locale._data(locale.canonical(language)).get("locators", {})
    if language in locale.TRANSLITERATED:
        own = locale._data(locale.TRANSLITERATED[language])["locators"]
    assert set(own) == set(english)
    assert set(english) >= set(LOCATOR_TERMS.values()) - {"page"}


@pytest.mark.parametrize("language, written, printed", [
    # what pandoc 3.9 (citeproc, chicago-notes-bibliography) prints for a paper with that `lang`
    ("de", "[@kniha, S. 5]", "5."),
    ("de", "[@kniha, Kap. 3]", "Kap. 3."),
    ("de", "[@kniha, Kapitel 3]", "Kap. 3."),
    ("de", "[@kniha, Abb. 2]", "Abb. 2."),
    ("de", "[@kniha, Sp. 3]", "Sp. 3."),
    ("hr", "[@kniha, str. 5]", "5."),
    ("hr", "[@kniha, poglavlje 3]", "pogl. 3."),
    ("tr", "[@kniha, s. 5]", "5."),
    ("tr", "[@kniha, bölüm 3]", "böl. 3."),
    ("tr", "[@kniha, şek. 2]", "şek. 2."),
    ("fr", "[@kniha, chapitre 3]", "chap. 3."),
    ("sq", "[@kniha, f. 5]", "5."),
    ("sr-Cyrl", "[@kniha, стр. 5]", "5."),
    # English words are read in every language (pandoc prints them as written there: "chap. 3"); the paper's
    # language's label prints
    ("de", "[@kniha, chap. 3]", "Kap. 3."),
    ("de", "[@kniha, p. 5]", "5."),
])
def test_locator_words_written_in_the_papers_language_are_read(language, written, printed):
    assert tail(cite(written, language)[0]) == printed


def test_a_languages_own_word_wins_over_englishs():
    """Slovenian "op." is a note (opomba), English "op." an opus."""
    assert parse_locator(", op. 3", locale.load("sl").locator_words)[:2] == ("3", "note")
    assert parse_locator(", op. 3", locale.load("de").locator_words)[:2] == ("3", "opus")


def test_an_english_paper_does_not_read_other_languages_words():
    """"S. 5" is no locator in English: it stays the citation's own words, as pandoc prints it."""
    assert tail(cite("[@kniha, S. 5]", "en")[0]) == "S. 5."
    assert locale.load("en").locator_words == ()


def test_a_page_written_in_the_language_stays_a_page_whatever_the_entry_counts():
    """An entry whose pagination counts columns labels a bare number "col."; "S. 5" says it is a page."""
    entries = {**ENTRIES, "kniha": ENTRIES["kniha"].__class__(**{**ENTRIES["kniha"].__dict__,
                                                                 "fields": {**ENTRIES["kniha"].fields, "pagination": "column"}})}
    with locale.using("de"):
        bare, page = (re.sub(r"<[^>]+>", "", format_citation(c, entries, set(), "de"))
                      for c in extract_all("[@kniha, 5] [@kniha, S. 5]", "p.md").citations)
    assert tail(bare) == "Sp. 5." and tail(page) == "5."


# --- word order: a term holding {} places what it qualifies there ---

def forms(key: str, language: str) -> tuple[str, str]:
    with locale.using(language):
        e = ENTRIES[key]
        return (re.sub(r"<[^>]+>", "", chicago.full_note(e)), re.sub(r"<[^>]+>", "", chicago.bibliography_entry(e)))


def test_turkish_chapter_and_book_follow_turkish_word_order():
    note, bib = forms("poglavlje", "tr")
    assert "3. bölüm Balkanlarda Güvenlik içinde" in note and "3. bölüm Balkanlarda Güvenlik içinde" in bib
    assert "Mehmet Kaya (ed.)" in bib


def test_turkish_volume_number_and_part_take_the_ordinal_before_the_noun():
    note, bib = forms("tom", "tr")
    assert "2. cilt, 1. kısım" in note and "Çeviren: Ahmet Arslan" in bib
    note, bib = forms("clanak", "tr")
    assert "Bilig 12, 3. sayı (2020)" in note


def test_turkish_credits_name_after_their_word():
    note, bib = forms("onsoz", "tr")
    assert "önsöz: Mehmet Kaya" in note and "Önsöz: Mehmet Kaya." in bib


@pytest.mark.parametrize("language, chapter, volume, editor", [
    ("en", "chap. 3 in Balkanlarda", "vol. 2, pt. 1", "edited by Mehmet Kaya"),
    ("de", "Kap. 3 in Balkanlarda", "Bd. 2, Teil 1", "herausgegeben von Mehmet Kaya"),
    ("fr", "chap. 3 dans Balkanlarda", "vol. 2, part. 1", "sous la direction de Mehmet Kaya"),
    ("hr", "pogl. 3 u Balkanlarda", "sv. 2, dio 1", "ur. Mehmet Kaya"),
    ("sr-Cyrl", "погл. 3 у Balkanlarda", "том 2, део 1", "ур. Mehmet Kaya"),
])
def test_other_languages_keep_the_word_before_the_number(language, chapter, volume, editor):
    """German, French and the Slavic languages say the word first, as English does ("Bd. 2", "pogl. 3 u")."""
    note, bib = forms("poglavlje", language)
    assert chapter in note and editor in bib
    assert volume in forms("tom", language)[0]


def test_placed_puts_the_value_at_the_placeholder_or_after_the_word():
    assert locale.put("{}. cilt", "2") == "2. cilt"
    assert locale.put("vol.", "2") == "vol. 2"
    with locale.using("tr"):
        assert locale.placed("in", "Kitap") == "Kitap içinde"
        assert locale.labels().term("{n}. ed.").format(n=2) == "2. baskı"


@pytest.mark.parametrize("language", locale.SUPPORTED)
def test_no_placeholder_is_printed(language):
    """A term with {} is only ever placed: none reaches the page as "{}"."""
    for key in ENTRIES:
        note, bib = forms(key, language)
        assert "{" not in note + bib, (key, note, bib)
    assert "{" not in "".join(cite(WRITTEN, language))


# --- the review's: what is not a locator stays the citation's own words ---

@pytest.mark.parametrize("language, written, printed", [
    # a word that only starts with a Roman numeral's letter is no locator ("V", "L", "I", "C"), as pandoc reads it
    ("de", "[@kniha, S. Vorwort]", "S. Vorwort."),
    ("de", "[@kniha, s. Literaturverzeichnis]", "s. Literaturverzeichnis."),  # s.: siehe
    ("de", "[@kniha, Seite vier]", "Seite vier."),
    # as written, its abbreviation's space a no-break space, as pandoc's smart sets it (inline_syntax.py)
    ("en", "[@kniha, p. Introduction]", "p.\u00a0Introduction."),
    ("en", "[@kniha, sec. Conclusion]", "sec.\u00a0Conclusion."),
    ("de", "[@kniha, S. XIV]", "XIV."),  # a Roman numeral whole still is one
    ("en", "[@kniha, p. vii]", "vii."),
    ("en", "[@kniha, n.d.]", "n.d."),  # a letter is no numeral where it was none before (d, m)
    # "s.v." is sub verbo, not "s." (a German or Turkish page) and "v." (page v)
    ("de", "[@kniha, s.v. Demokratie]", "s.v. Demokratie."),
    ("de", "[@kniha, s. v. Demokratie]", "s. v. Demokratie."),
    ("tr", "[@kniha, s. v. Demokrasi]", "s. v. Demokrasi."),
    # a page and the next ones is one locator: "5 f.", as pandoc 3.9 prints it, not "5, f."
    ("de", "[@kniha, S. 5 f.]", "5 f."),
    ("de", "[@kniha, 5 ff.]", "5 ff."),
    ("de", "[@kniha, S. 5ff.]", "5ff."),
    ("en", "[@kniha, p. 5 f., 9]", "5 f., 9."),
])
def test_what_is_no_locator_stays_as_written(language, written, printed):
    note = cite(written, language)[0]
    assert note.endswith(", " + printed), note


@pytest.mark.parametrize("language, written, printed", [
    # a range or a list takes the plural label, as CSL's locales and pandoc 3.9 print it ("chaps. 3–4")
    ("en", "[@kniha, chap. 3--4]", "chaps. 3–4."),
    ("en", "[@kniha, chaps. 3--4]", "chaps. 3–4."),  # the plural written is read, as pandoc reads it
    ("en", "[@kniha, sec. 3.2-3.4]", "secs. 3.2–3.4."),
    ("en", "[@kniha, n. 3--5]", "nn. 3–5."),
    ("en", "[@kniha, chap. 3]", "chap. 3."),
    ("de", "[@kniha, Bd. 2--3]", "Bde. 2–3."),
    ("de", "[@kniha, Bde. 2--3]", "Bde. 2–3."),
    ("de", "[@kniha, Kap. 3--4]", "Kap. 3–4."),  # one form for one and several: never English's "chaps."
    ("sr-Cyrl", "[@kniha, vol. 2--3]", "томови 2–3."),
    ("hr", "[@kniha, chap. 3--4]", "pogl. 3–4."),
])
def test_several_take_the_plural_label(language, written, printed):
    assert tail(cite(written, language)[0]) == printed
