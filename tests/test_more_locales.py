"""The languages added after English, Albanian and Serbian: Croatian, Bosnian (Latin and Cyrillic),
Montenegrin, Macedonian, German, French, Turkish and Slovenian. Every key of English in each, nothing
left in English but the words the language shares; their tags, dates, quotation marks and collation;
and a short paper in each built to PDF, EPUB and HTML, printing the language's words."""
import re
import string

import lxml.html
import pytest
from conftest import epubcheck_problems

from briefpress import locale
from briefpress.locale.collation import sort_key

NEW = ("hr", "bs", "bs-Cyrl", "cnr", "mk", "de", "fr", "tr", "sl")

# (language, key) whose word is the English one in that language too; "*": every language
SAME_AS_ENGLISH = {
    ("*", "isbn"), ("*", "doi"),
    ("de", "listing"), ("de", "listings"), ("de", "lemma"), ("de", "proposition"), ("de", "definition"),
    ("de", "Winter"), ("cnr", "listing"),  # Montenegrin: "Listing", as Serbian
    ("fr", "notes"), ("fr", "contact"), ("fr", "figure"), ("fr", "figures"), ("fr", "section"), ("fr", "sections"),
    ("fr", "proposition"), ("fr", "propositions"), ("fr", "conjecture"), ("fr", "conjectures"),
    ("fr", "solution"), ("fr", "et al."), ("fr", "vol."), ("fr", "version"),
    ("tr", "lemma"), ("tr", "ed."),
    # the editor types' abbreviations (organizer, redactor, reviser, producer) the languages share with English
    *((lang, key) for lang in ("hr", "bs", "cnr", "sl") for key in ("org.", "red.", "rev.", "prod.")),
    *((lang, "preprint") for lang in ("hr", "bs", "cnr", "sl")),  # the loanword, as these languages' papers write it
    ("de", "in"), ("fr", "chap."), ("fr", "comp."), ("fr", "org."), ("fr", "cont."), ("fr", "collab."), ("fr", "prod."),
}


def _own(tag: str) -> dict:
    return locale._data(locale.canonical(tag))


@pytest.mark.parametrize("tag", NEW)
def test_every_key_of_english_and_no_other(tag):
    en, own = locale._data("en"), _own(tag)
    assert set(own["labels"]) == set(en["labels"])
    assert set(own["chicago"]) == set(en["chicago"])


def _placeholders(text: str) -> set:
    """The named ones: ``{}`` is where a term places its value (locale.put: "{}. cilt"), never formatted."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("tag", NEW)
def test_nothing_left_in_english_and_placeholders_kept(tag):
    en, own = locale._data("en"), _own(tag)
    english = []
    for part in ("labels", "chicago"):
        for key, value in own[part].items():
            assert isinstance(value, str) and value.strip(), (part, key)
            assert _placeholders(value) == _placeholders(en[part][key]), (part, key)  # format() needs the same names
            if value == en[part][key] and ("*", key) not in SAME_AS_ENGLISH and (tag.split("-")[0], key) not in SAME_AS_ENGLISH:
                english.append(key)
    assert english == []


def test_the_allow_list_names_only_words_that_are_the_same():
    """An entry the data no longer needs (the word was translated) goes from the list."""
    en = locale._data("en")
    for lang, key in SAME_AS_ENGLISH - {("*", "isbn"), ("*", "doi")}:
        own = locale._data(lang)
        part = "labels" if key in own["labels"] else "chicago"
        assert own[part][key] == en[part][key], (lang, key)


@pytest.mark.parametrize("tag, data", [
    ("de-DE", "de"), ("de-AT", "de"), ("de_CH", "de"), ("hr-HR", "hr"), ("hr-BA", "hr"), ("bs-BA", "bs"),
    ("bs-Latn-BA", "bs"), ("bs-Cyrl-BA", "bs-Cyrl"), ("cnr-ME", "cnr"), ("mk-MK", "mk"), ("fr-FR", "fr"),
    ("fr-CH", "fr"), ("fr-BE", "fr"), ("tr-TR", "tr"), ("sl-SI", "sl"), ("sr-Latn-ME", "sr-Latn"),
    ("sr-ME", "sr-Latn"),  # CLDR's likely script for Serbian in Montenegro
])
def test_tags_find_their_data(tag, data):
    assert locale.canonical(tag) == data
    assert locale.canonical(tag) in locale.SUPPORTED
    assert locale.load(tag)["references"] == locale.load(data)["references"] != "References"


def test_theme_labels_for_a_new_language_and_its_cyrillic():
    overrides = {"de": {"references": "Quellen"}, "bs": {"notes": "Napomene"}, "hr-HR": {"notes": "Napomene"}}
    assert locale.load("de-AT", overrides)["references"] == "Quellen"
    assert locale.load("bs-Cyrl", overrides)["notes"] == "Напомене"  # bs's, transliterated
    assert locale.load("hr", overrides)["notes"] == "Napomene"
    assert locale.load("de")["references"] == "Literaturverzeichnis"


def test_a_montenegrin_source_stays_montenegrin():
    # langcodes would make cnr CLDR's alias sr-ME (Serbian): its quotation marks and lang span are Montenegrin
    assert locale.bcp47("cnr") == locale.bcp47("montenegrin") == "cnr"
    assert locale.bcp47("hrv") == "hr" and locale.bcp47("mac") == "mk" and locale.bcp47("ger") == "de"
    assert locale.langid("cnr") == "cnr" and locale.langid("hr") == "croatian" and locale.langid("de-AT") == "german"


@pytest.mark.parametrize("tag, day, month", [
    ("hr", "7. ožujka 2025", "ožujak 2025"),  # CLDR's Croatian: the genitive after a day
    ("bs", "7. mart 2025", "mart 2025"),
    ("cnr", "7. mart 2025", "mart 2025"),
    ("mk", "7 март 2025\u202fг.", "март 2025\u202fг."),  # the abbreviation's period stays
    ("de", "7. März 2025", "März 2025"),
    ("fr", "7 mars 2025", "mars 2025"),
    ("tr", "7 Mart 2025", "Mart 2025"),
    ("sl", "7. marec 2025", "marec 2025"),
])
def test_dates_in_each_language(tag, day, month):
    assert locale.human_date("2025-03-07", tag) == day
    assert locale.human_date("2025-03", tag) == month


@pytest.mark.parametrize("tag, expected", [
    ("de", "„Ein ‚Fluss‘ im Tal“, Wasser’s"),
    ("hr", "„Ein ‚Fluss‘ im Tal“, Wasser’s"),
    ("sl", "„Ein ‚Fluss‘ im Tal“, Wasser’s"),
    ("mk", "„Ein ‚Fluss‘ im Tal“, Wasser’s"),
    ("bs", "„Ein ‘Fluss’ im Tal”, Wasser’s"),
    ("cnr", "„Ein ‘Fluss’ im Tal“, Wasser’s"),
    ("tr", "“Ein ‘Fluss’ im Tal”, Wasser’s"),  # English marks; the comma after them
    ("fr", "«\u202fEin «\u202fFluss\u202f» im Tal\u202f», Wasser’s"),  # narrow no-break spaces inside
    ("fr-CH", "«\u202fEin ‹\u202fFluss\u202f› im Tal\u202f», Wasser’s"),
])
def test_quotation_marks_and_the_comma_after_them(tag, expected):
    assert locale.requote("“Ein ‘Fluss’ im Tal,” Wasser’s", tag) == expected


def test_a_period_stays_inside_and_english_and_albanian_keep_the_comma_inside():
    assert locale.requote("Er sagte: “Geh.”", "de") == "Er sagte: „Geh.“"  # it may end the quoted sentence
    assert locale.requote("“Title,” x", "en") == "“Title,” x"
    assert locale.requote("“Titulli,” x", "sq") == "«Titulli,» x"


def _sorted(words, tag):
    return sorted(words, key=lambda w: sort_key(w, tag))


@pytest.mark.parametrize("tag", ["hr", "bs", "cnr", "hr-HR"])
def test_croatian_bosnian_montenegrin_alphabet_order(tag):
    words = ["Žarko", "Zorić", "Šarić", "Sava", "Ljubić", "Lukić", "Đurić", "Džeko", "Dinić", "Ćorić", "Čolak",
             "Cvitan", "Njavro", "Nikić"]
    assert _sorted(words, tag) == ["Cvitan", "Čolak", "Ćorić", "Dinić", "Džeko", "Đurić", "Lukić", "Ljubić",
                                   "Nikić", "Njavro", "Sava", "Šarić", "Zorić", "Žarko"]


def test_macedonian_alphabet_order_before_latin():
    words = ["Smith", "Шапкарев", "Џепароски", "Ќосев", "Тодоров", "Ѕвездан", "Зоран", "Ѓорѓиев", "Дамевски",
             "Гаврил", "Јанев", "Иванов", "Љупчо", "Лазар"]
    assert _sorted(words, "mk") == ["Гаврил", "Дамевски", "Ѓорѓиев", "Зоран", "Ѕвездан", "Иванов", "Јанев", "Лазар",
                                    "Љупчо", "Тодоров", "Ќосев", "Џепароски", "Шапкарев", "Smith"]
    # without the tailoring (DUCET) Ѓ sorts as a Г with an accent, among the Г words
    assert _sorted(["Дамевски", "Гоце", "Ѓорѓиев"], "en") == ["Ѓорѓиев", "Гоце", "Дамевски"]
    assert _sorted(["Дамевски", "Гоце", "Ѓорѓиев"], "mk") == ["Гоце", "Дамевски", "Ѓорѓиев"]


def test_german_and_french_keep_the_unicode_order():
    assert _sorted(["Zobel", "Ärzte", "Abel", "Ober", "Öhler"], "de") == ["Abel", "Ärzte", "Ober", "Öhler", "Zobel"]


# A short paper per language: (title, heading, a sentence with a typed quotation, figure caption, table
# caption, a book's title, an article's title), then what it must print.
PAPERS = {
    "hr": ("Voda i sigurnost", "Uvod", 'Rijeke regije su "zajednički resursi"', "Oborine po godinama",
           "Protok po godinama", "Granice i voda", "Rijeke preko granica"),
    "bs": ("Voda i sigurnost", "Uvod", 'Rijeke regiona su "zajednički resursi"', "Padavine po godinama",
           "Protok po godinama", "Granice i voda", "Rijeke preko granica"),
    "bs-Cyrl": ("Вода и сигурност", "Увод", 'Ријеке региона су "заједнички ресурси"', "Падавине по годинама",
                "Проток по годинама", "Границе и вода", "Ријеке преко граница"),
    "cnr": ("Voda i bezbjednost", "Uvod", 'Rijeke regiona su "zajednički resursi"', "Padavine po godinama",
            "Protok po godinama", "Granice i voda", "Rijeke preko granica"),
    "mk": ("Вода и безбедност", "Вовед", 'Реките во регионот се "заеднички ресурси"', "Врнежи по години",
           "Проток по години", "Граници и вода", "Реки преку граници"),
    "de": ("Wasser und Sicherheit", "Einleitung", 'Die Flüsse der Region sind "geteilte Ressourcen"',
           "Niederschlag nach Jahr", "Abfluss nach Jahr", "Grenzen und Wasser", "Flüsse über Grenzen"),
    "fr": ("Eau et sécurité", "Introduction", 'Les rivières de la région sont des "ressources partagées"',
           "Précipitations par année", "Débit par année", "Frontières et eau", "Rivières sans frontières"),
    "tr": ("Su ve güvenlik", "Giriş", 'Bölgenin nehirleri "ortak kaynaklardır"', "Yıllara göre yağış",
           "Yıllara göre akış", "Sınırlar ve su", "Sınır ötesi nehirler"),
    "sl": ("Voda in varnost", "Uvod", 'Reke v regiji so "skupni viri"', "Padavine po letih", "Pretok po letih",
           "Meje in voda", "Reke prek meja"),
}

# toc, references, notes, figure, table; the note's roles and edition; the bibliography's; accessed; n.d.;
# the typed quotation; the article in a note ("and", the quoted title, "no.")
EXPECTED = {
    "hr": ("Sadržaj", "Literatura", "Bilješke", "Slika 1:", "Tablica 1:", "ur. Max Berger, prev. Mila Kranjc, 2. izd.",
           "Ur. Max Berger. Prev. Mila Kranjc. 2. izd.", "pristupljeno 12. rujna 2024", "b. g.", "„zajednički resursi“",
           "Lena Kraus i Petar Novak, „Rijeke preko granica“, Regional Studies 4, br. 2"),
    "bs": ("Sadržaj", "Literatura", "Bilješke", "Slika 1:", "Tabela 1:", "ur. Max Berger, prev. Mila Kranjc, 2. izd.",
           "Ur. Max Berger. Prev. Mila Kranjc. 2. izd.", "pristupljeno 12. septembar 2024", "b. d.",
           "„zajednički resursi”", "Lena Kraus i Petar Novak, „Rijeke preko granica”, Regional Studies 4, br. 2"),
    "bs-Cyrl": ("Садржај", "Литература", "Биљешке", "Слика 1:", "Табела 1:", "ур. Max Berger, прев. Mila Kranjc, 2. изд.",
                "Ур. Max Berger. Прев. Mila Kranjc. 2. изд.", "приступљено 12. септембар 2024", "б. д.",
                "„заједнички ресурси”", "Lena Kraus и Petar Novak, „Ријеке преко граница”, Regional Studies 4, бр. 2"),
    "cnr": ("Sadržaj", "Literatura", "Napomene", "Slika 1:", "Tabela 1:", "ur. Max Berger, prev. Mila Kranjc, 2. izd.",
            "Ur. Max Berger. Prev. Mila Kranjc. 2. izd.", "pristupljeno 12. septembar 2024", "b. d.",
            "„zajednički resursi“", "Lena Kraus i Petar Novak, „Rijeke preko granica“, Regional Studies 4, br. 2"),
    "mk": ("Содржина", "Библиографија", "Белешки", "Слика 1:", "Табела 1:", "ур. Max Berger, прев. Mila Kranjc, 2. изд.",
           "Ур. Max Berger. Прев. Mila Kranjc. 2. изд.", "пристапено 12 септември 2024\u202fг.", "б. д.",
           "„заеднички ресурси“", "Lena Kraus и Petar Novak, „Реки преку граници“, Regional Studies 4, бр. 2"),
    "de": ("Inhaltsverzeichnis", "Literaturverzeichnis", "Anmerkungen", "Abbildung 1:", "Tabelle 1:",
           "Hrsg. Max Berger, übers. v. Mila Kranjc, 2. Aufl.",
           "Herausgegeben von Max Berger. Übersetzt von Mila Kranjc. 2. Aufl.", "abgerufen am 12. September 2024",
           "o. J.", "„geteilte Ressourcen“", "Lena Kraus und Petar Novak, „Flüsse über Grenzen“, Regional Studies 4, Nr. 2"),
    "fr": ("Table des matières", "Bibliographie", "Notes", "Figure 1\u00a0:", "Tableau 1\u00a0:",
           "éd. Max Berger, trad. Mila Kranjc, 2e éd.", "Sous la direction de Max Berger. Traduit par Mila Kranjc. 2e éd.",
           "consulté le 12 septembre 2024", "s. d.", "«\u202fressources partagées\u202f»",
           "Lena Kraus et Petar Novak, «\u202fRivières sans frontières\u202f», Regional Studies 4, nº 2"),
    "tr": ("İçindekiler", "Kaynakça", "Notlar", "Şekil 1:", "Tablo 1:", "ed. Max Berger, çev. Mila Kranjc, 2. baskı",
           # Turkish word order: the name before "(ed.)", the ordinal before "sayı" (test_locale_gaps.py)
           "Max Berger (ed.). Çeviren: Mila Kranjc. 2. baskı", "erişim tarihi 12 Eylül 2024", "t.y.",
           "“ortak kaynaklardır”", "Lena Kraus ve Petar Novak, “Sınır ötesi nehirler”, Regional Studies 4, 2. sayı"),
    "sl": ("Kazalo", "Literatura", "Opombe", "Slika 1:", "Tabela 1:", "ur. Max Berger, prev. Mila Kranjc, 2. izd.",
           "Ur. Max Berger. Prev. Mila Kranjc. 2. izd.", "pridobljeno 12. september 2024", "b. d.", "„skupni viri“",
           "Lena Kraus in Petar Novak, „Reke prek meja“, Regional Studies 4, št. 2"),
}


def _paper(tag: str) -> tuple[str, str]:
    title, heading, sentence, figure, table, book, article = PAPERS[tag]
    markdown = f"""---
title: {title}
author: Ana Kovač
lang: {tag}
date: 2025-03-07
---

# {heading}

{sentence} [@vogel2019, 12]. Regional Studies [@kraus2021; @undated]. Portal [@portal].

![{figure}](chart.png)

| A | B |
|---|---|
| 1 | 2 |

Table: {table}
"""
    bib = f"""@book{{vogel2019, author = {{Vogel, Anna}}, editor = {{Berger, Max}}, translator = {{Kranjc, Mila}},
  title = {{{book}}}, publisher = {{Beispielverlag}}, date = {{2019}}, edition = {{2}}, langid = {{{tag}}}}}
@article{{kraus2021, author = {{Kraus, Lena and Novak, Petar}}, title = {{{article}}},
  journaltitle = {{Regional Studies}}, volume = {{4}}, number = {{2}}, pages = {{10--25}}, date = {{2021}}, langid = {{{tag}}}}}
@book{{undated, author = {{Horvat, Ivo}}, title = {{Karst}}, publisher = {{Beispielverlag}}, langid = {{{tag}}}}}
@online{{portal, author = {{Petrović, Jana}}, title = {{Portal}}, url = {{https://example.org/p}},
  urldate = {{2024-09-12}}, langid = {{{tag}}}}}
"""
    return markdown, bib


def _pdf_text(path) -> str:
    import pypdfium2
    doc = pypdfium2.PdfDocument(str(path))
    try:
        return " ".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()


def _words(text: str) -> str:
    """Line breaks and runs of spaces folded to one space, a word hyphenated at a line's end ("Her‐
    ausgegeben") whole again; the no-break spaces kept (str.split would take them for spaces)."""
    return re.sub(r"[ \t\r\n]+", " ", text).replace("\u2010 ", "")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Every language's paper, built to PDF, EPUB and HTML: tag -> (outputs, PDF words, HTML text)."""
    from PIL import Image

    from briefpress.pipeline import build
    out = {}
    for tag in PAPERS:
        folder = tmp_path_factory.mktemp(tag)
        markdown, bib = _paper(tag)
        (folder / "paper.md").write_text(markdown, encoding="utf-8")
        (folder / "paper.bib").write_text(bib, encoding="utf-8")
        Image.new("RGB", (300, 150), (34, 170, 102)).save(folder / "chart.png")
        result = build(folder / "paper.md", ("pdf", "epub", "html"), folder / "out", folder / "paper.bib", theme="kcss")
        html = lxml.html.parse(str(result.outputs["html"])).getroot().body.text_content()
        out[tag] = result.outputs, _words(_pdf_text(result.outputs["pdf"])), _words(html)
    return out


@pytest.mark.parametrize("tag", PAPERS)
def test_a_paper_prints_its_languages_labels_and_terms(built, tag):
    _, pdf, html = built[tag]
    toc, refs, notes, figure, table, note, bib, accessed, undated, quoted, article = EXPECTED[tag]
    for text in (pdf, html):
        for expected in (refs, figure, table, note, accessed, undated, quoted, article):
            assert expected in text, expected
    assert toc in pdf and bib in html and notes in html
    assert re.search(rf"\b{re.escape(bib.split('.')[0])}\b", pdf)  # the bibliography's "Edited by"


@pytest.mark.parametrize("tag", PAPERS)
def test_no_english_word_is_printed(built, tag):
    _, pdf, html = built[tag]
    own = locale.load(tag)
    english = ["Table of Contents", "References", "Notes", "Figure 1", "Table 1", "How to cite", "Edited by",
               "Translated by", "accessed", "n.d.", "trans.", " and Petar"]
    for word in english:
        if word in (own["notes"], own["figure"] + " 1"):  # French "Notes", "Figure"
            continue
        assert word not in pdf and word not in html, word


@pytest.mark.parametrize("tag", PAPERS)
def test_the_epub_passes_epubcheck(built, tag, tmp_path):
    outputs, *_ = built[tag]
    assert epubcheck_problems(outputs["epub"], tmp_path) == []
