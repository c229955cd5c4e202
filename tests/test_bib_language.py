"""The language of an entry without langid, decided from its title (bib.language): only English titles are
set in title case (CMOS 18 8.160), other languages keep the capitalisation they were written in; English
titles naming foreign people or places stay English. Invented titles."""
import subprocess
import sys

import pytest

from briefpress import chicago
from briefpress.bib.language import title_language
from briefpress.bib.model import plain
from briefpress.bibliography import read_bibliography
from briefpress.note_text import in_own_language


def one(fields: str):
    entries, problems = read_bibliography("@book{k, author = {Hoxha, Arta}, publisher = {Pub}, date = {2021}, "
                                          + fields + "}", "t.bib")
    assert not [p for p in problems if p.severity == "error"]
    return entries["k"]


@pytest.mark.parametrize("title, language", [
    ("Siguria në Ballkanin Perëndimor dhe roli i BE-së", "albanian"),
    ("Analiza e politikave të sigurisë", "albanian"),
    ("Die Sicherheitspolitik der Europäischen Union", "german"),
    ("Imperien und Nationen", "german"),  # two nouns and 'und': the detector alone would say English
    ("Türkiye'nin Balkan politikası ve Kosova", "turkish"),
    ("La politique étrangère de la France dans les Balkans", "french"),
    ("Gli Stati Uniti e i Balcani occidentali", "italian"),
    ("Безбедносна политика Србије", "serbianc"),
    ("Les poissons de l’Iran", "french"),  # its function words choose among the detector's languages
    ("La politica in Europa", "italian"),  # "in" is Italian too: half an English word
    ("<q>Siguria në Ballkan dhe BE</q>", "albanian"),  # a title all quoted is read
])
def test_a_title_in_another_language_is_not_english(title, language):
    assert title_language(title) == language


@pytest.mark.parametrize("title", [
    "Kosovo's path to the Bundestag", "The Ballkan Rruga project", "Vučić's stance on the war in Ukraine",
    "What I saw in Kosovo", "Charles de Gaulle's Europe", "Đukanović and the Montenegrin church",
    "Ursula von der Leyen and the Commission", "Arabic mathematical e-documents and LaTeX2e",
    "‘Verheissung und Versprechen’: a study of the translation",  # a quotation set off in it is not read
])
def test_an_english_title_with_foreign_names_stays_english_and_is_title_cased(title):
    entry = one(f"title = {{{title}}}")
    assert entry.language in ("english", "")
    words = plain(chicago.bibliography_entry(entry)).split(". ")[1].split()
    assert all(w.lstrip("‘“")[0].isupper() or w in ("to", "the", "in", "and", "on", "of") or w.startswith("e-")
               for w in words), words


def test_without_anything_to_tell_a_title_is_undecided_and_title_cased_as_before():
    entry = one("title = {Energy security 2030}")
    assert entry.language == ""
    assert "Energy Security 2030" in chicago.bibliography_entry(entry)


def test_a_foreign_title_keeps_its_capitalisation_in_every_form():
    entry = one("title = {Siguria në Ballkanin Perëndimor dhe roli i BE-së}")
    for text in (chicago.full_note(entry), chicago.bibliography_entry(entry), chicago.short_note(entry)):
        assert "Siguria në Ballkanin Perëndimor dhe roli" in text


def test_a_written_language_wins_over_the_title():
    assert one("title = {Politika e jashtme}, langid = {english}").language == "english"
    assert "Politika e Jashtme" in chicago.bibliography_entry(one("title = {Politika e jashtme}, langid = {english}"))
    entry = one("title = {The path of the state}, language = {albanian}")
    assert entry.language == "albanian" and "The path of the state" in chicago.bibliography_entry(entry)


def test_the_decided_language_sets_the_lang_of_the_note_and_only_a_stated_one_its_quotation_marks():
    def article(extra=""):
        entries, _ = read_bibliography("@article{a, author = {Hoxha, Arta}, title = {Siguria në Ballkanin "
                                       "Perëndimor dhe roli i BE-së}, journal = {Revista}, date = {2021}" + extra + "}",
                                       "t.bib")
        return entries["a"]
    entry = article()
    html = in_own_language(chicago.full_note(entry), entry, "en")
    assert html.startswith('<span lang="sq">') and "“Siguria" in html  # hyphenated as Albanian, English marks
    stated = article(", langid = {albanian}")
    assert "“Siguria" not in in_own_language(chicago.full_note(stated), stated, "en")
    english = one("title = {The path of the state}")
    assert not in_own_language(chicago.full_note(english), english, "en").startswith("<span lang")


def test_in_a_paper_in_another_language_english_titles_are_title_cased_and_undecided_ones_are_not():
    entries = {"en": one("title = {The path of the state}"), "none": one("title = {Energy security 2030}")}
    entries = chicago.in_paper_language(entries, "sq")
    assert "The Path of the State" in chicago.bibliography_entry(entries["en"])
    assert "Energy security 2030" in chicago.bibliography_entry(entries["none"])  # the paper's: as written


def test_titles_decided_by_their_words_never_load_the_detector():
    # braced names, an italic foreign term and math are not read: nothing there tells a language
    code = ("import sys; from briefpress.bib.language import title_language as t; "
            "assert [t('The path of the state'), t('Energy security'), t('Kosovo’s path to the Bundestag'), "
            "t('<span class=\"nocase\">NATO</span> <i>de facto</i> reform <span class=\"math inline\">\\\\(x\\\\)</span>')] "
            "== ['english', '', 'english', '']; print('lingua' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_the_decision_is_deterministic():
    titles = ["Siguria në Ballkanin", "Politika Srbije prema Kosovu", "Sicherheit und Ordnung", "Café culture"]
    first = [title_language(t) for t in titles]
    title_language.cache_clear()
    assert [title_language(t) for t in titles] == first
