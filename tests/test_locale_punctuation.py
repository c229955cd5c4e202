"""Punctuation as each language writes it: no serial comma before the word for "and" but in English;
a comma or period after the closing quotation mark where the language sets it there
(``punctuation_in_quote: false``), in the reference list, the notes and a note's final period; the
Chicago terms for "vols." and "version" in every language."""
import pytest

from briefpress import chicago, locale
from briefpress.bib.model import Entry, Name
from briefpress.citations import Citation, parse_bracket
from briefpress.note_text import format_citation, in_own_language

THREE = (Name("Kraus", "Lena"), Name("Novak", "Petar"), Name("Horvat", "Ana"))
NO_SERIAL = {"de": "und", "fr": "et", "hr": "i", "bs": "i", "cnr": "i", "mk": "и", "tr": "ve", "sl": "in",
             "sq": "dhe", "sr-Latn": "i"}


@pytest.mark.parametrize("tag, word", NO_SERIAL.items())
def test_no_serial_comma_before_and_but_in_english(tag, word):
    with locale.using(tag):
        assert chicago.names_bib(THREE[:2]) == f"Kraus, Lena {word} Petar Novak"
        assert chicago.names_bib(THREE) == f"Kraus, Lena, Petar Novak {word} Ana Horvat"
        assert chicago.names_note(THREE[:2]) == f"Lena Kraus {word} Petar Novak"


def test_english_keeps_the_serial_comma():
    with locale.using("en"):
        assert chicago.names_bib(THREE[:2]) == "Kraus, Lena, and Petar Novak"
        assert chicago.names_bib(THREE) == "Kraus, Lena, Petar Novak, and Ana Horvat"
    with locale.using("sr-Cyrl"):  # the Latin file's setting, transliterated words
        assert chicago.names_bib(THREE[:2]) == "Kraus, Lena и Petar Novak"


def _article(tag: str, title: str = "Flüsse") -> Entry:
    return Entry(key="k", type="article", names={"author": THREE[:1]},
                 fields={"title": title, "journaltitle": "Regional Studies", "volume": "4", "date": "2021",
                         "langid": tag})


def _bib(tag: str, entry: Entry | None = None) -> str:
    entry = entry or _article(tag)
    with locale.using(tag):
        return in_own_language(chicago.bibliography_entry(entry), entry, tag)


def _note(tag: str, seen: bool, text: str = "@k, 12", entry: Entry | None = None) -> str:
    with locale.using(tag):
        return format_citation(Citation(parse_bracket(text), None), {"k": entry or _article(tag)},
                               {"k"} if seen else set(), tag)


@pytest.mark.parametrize("tag, title", [("de", "„Flüsse“. "), ("fr", "«\u202fFlüsse\u202f». "), ("hr", "„Flüsse“. "),
                                        ("bs", "„Flüsse”. "), ("tr", "“Flüsse”. "), ("sl", "„Flüsse“. ")])
def test_the_period_after_a_quoted_title_follows_the_closing_mark(tag, title):
    assert title in _bib(tag)
    assert title.replace(". ", ", ") in _note(tag, seen=False)  # the comma too
    assert _note(tag, seen=True) == f"Kraus, {title.strip()[:-1]}, 12."


def test_a_quotation_in_a_title_keeps_the_period_after_both_marks():
    assert "„Über ‚Sein‘“. <em>" in _bib("de", _article("de", "Über <q>Sein</q>"))
    assert "“On ‘Being.’” <em>" in _bib("en", _article("en", "On <q>Being</q>"))


def test_english_and_albanian_keep_the_period_inside():
    assert "“Flüsse.” " in _bib("en")
    assert "«Flüsse.» " in _bib("sq")


def test_a_titles_own_question_mark_or_abbreviation_stays_inside():
    assert "„Wer zahlt?“ <em>Regional" in _bib("de", _article("de", "Wer zahlt?"))
    assert "„Textset, Inc.“ <em>Regional" in _bib("de", _article("de", "Textset, Inc."))


@pytest.mark.parametrize("tag, end", [("bs", "„Flüsse”."), ("tr", "“Flüsse”."), ("de", "„Flüsse“."),
                                      ("en", "“Flüsse.”")])
def test_a_notes_final_period_follows_the_languages_placement(tag, end):
    assert _note(tag, seen=True, text="@k").endswith(end)


@pytest.mark.parametrize("tag, end", [("bs", "„Flüsse”, passim."), ("tr", "“Flüsse”, passim."),
                                      ("en", "“Flüsse,” passim.")])
def test_a_suffixs_comma_follows_the_languages_placement(tag, end):
    assert _note(tag, seen=True, text="@k passim").endswith(end)


@pytest.mark.parametrize("tag, vols, version", [("en", "3 vols.", "version 2.1"), ("de", "3 Bde.", "Version 2.1"),
                                                ("hr", "3 sv.", "verzija 2.1"), ("tr", "3 cilt", "sürüm 2.1"),
                                                ("sq", "3 vëll.", "versioni 2.1"), ("sr-Cyrl", "3 том.", "верзија 2.1")])
def test_volumes_and_version_in_the_languages_words(tag, vols, version):
    book = Entry(key="b", type="book", names={"author": THREE[:1]},
                 fields={"title": "Karst", "volumes": "3", "publisher": "Verlag", "date": "2019", "langid": tag})
    report = Entry(key="r", type="report", names={"author": THREE[:1]},
                   fields={"title": "Karst", "version": "2.1", "institution": "Institut", "date": "2019", "langid": tag})
    with locale.using(tag):
        assert vols in chicago.full_note(book)
        assert version in chicago.full_note(report)
        assert version[:1].upper() + version[1:] in chicago.bibliography_entry(report)


@pytest.mark.parametrize("tag", ["sq", "sr-Latn"])
def test_the_first_languages_have_the_new_terms_too(tag):
    own = locale._data(tag)["chicago"]
    assert own["vols."] and own["version"] and own["version"] != "version"


@pytest.mark.parametrize("tag, figure, table", [("fr", "Figure 1\u00a0:", "Tableau 1\u00a0:"),
                                                ("fr-CH", "Figure 1\u00a0:", "Tableau 1\u00a0:"),
                                                ("de", "Abbildung 1:", "Tabelle 1:"), ("en", "Figure 1:", "Table 1:")])
def test_a_french_caption_sets_a_no_break_space_before_its_colon(tag, figure, table):
    from briefpress import figures
    from briefpress.citations import extract_all
    from briefpress.document import Chapter
    from briefpress.markdown_ext import render_chapter
    from briefpress.tables import number_tables
    html = render_chapter(extract_all("# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nTable: Eau.\n", "t.md").text)[0]
    with locale.using(tag):
        assert f'<span class="table-label">{table}</span>' in number_tables([Chapter("t.md", html, ())], tag)[0].html
        fig = figures.number_html(['<figure class="figure"><img src="a.png"><figcaption>Eau</figcaption></figure>'])[0]
    assert f'<span class="figure-label">{figure}</span>' in fig
