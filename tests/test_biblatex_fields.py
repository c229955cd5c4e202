"""biblatex fields reference managers export that Chicago prints (issue #10): each field appears in the full
note and/or the bibliography entry in CMOS 18 form. Editor types ("comp.", "compiled by"), ``skipbib``
(cited in notes, never listed, and the PDF check knows), ``shorthand`` ("hereafter cited as"), and the
survey's further fields, one test each."""
import json

import pytest

from briefpress import chicago
from briefpress.bib.model import plain
from briefpress.bib.to_csl import to_csl
from briefpress.bibliography import read_bibliography
from briefpress.pipeline import build
from conftest import pdf_words


def one(bib: str):
    entries, problems = read_bibliography(bib, "refs.bib")
    assert not [p for p in problems if p.severity == "error"], problems
    return next(iter(entries.values()))


def forms(bib: str, locator: str = "") -> tuple[str, str, str]:
    """(full note, short note, bibliography entry) as plain text."""
    e = one(bib)
    return (plain(chicago.full_note(e, locator)), plain(chicago.short_note(e, locator)),
            plain(chicago.bibliography_entry(e)))


# --- editortype, editoratype, editorbtype -----------------------------------------------------------

def test_a_compiler_who_leads_is_comp_not_ed():
    note, short, bib = forms(r"""@collection{c, editor = {Berisha, Lule}, editortype = {compiler},
      title = {Songs of the Highlands}, publisher = {Rilindja}, date = {1978}}""")
    assert note == "Lule Berisha, comp., Songs of the Highlands (Rilindja, 1978)"
    assert bib == "Berisha, Lule, comp. Songs of the Highlands. Rilindja, 1978."
    assert short == "Berisha, Songs of the Highlands"


def test_two_compilers_are_comps():
    _, _, bib = forms(r"""@collection{c, editor = {Berisha, Lule and Gashi, Drita}, editortype = {compiler},
      title = {Songs}, publisher = {Rilindja}, date = {1978}}""")
    assert bib.startswith("Berisha, Lule, and Drita Gashi, comps. Songs.")


def test_a_compiler_after_the_author_is_compiled_by():
    note, _, bib = forms(r"""@book{b, author = {Çabej, Eqrem}, editor = {Demiraj, Shaban}, editortype = {compiler},
      title = {Studime gjuhësore}, langid = {albanian}, publisher = {Rilindja}, date = {1976}}""")
    assert "Studime gjuhësore, comp. Shaban Demiraj (Rilindja, 1976)" in note
    assert "Studime gjuhësore. Compiled by Shaban Demiraj. Rilindja, 1976." in bib


def test_a_chapter_in_a_compiled_book():
    note, _, bib = forms(r"""@incollection{i, author = {Hoxha, Arbër}, title = {Wedding Songs},
      booktitle = {Songs of the Highlands}, editor = {Berisha, Lule}, editortype = {compiler},
      publisher = {Rilindja}, date = {1978}, pages = {10--20}}""", "12")
    assert "in Songs of the Highlands, comp. Lule Berisha (Rilindja, 1978), 12" in note
    assert "In Songs of the Highlands, compiled by Lule Berisha. Rilindja, 1978." in bib


@pytest.mark.parametrize("kind, note_words, bib_words", [
    ("organizer", "organized by Ana Lika", "Organized by Ana Lika"),
    ("founder", "founded by Ana Lika", "Founded by Ana Lika"),
    ("continuator", "continued by Ana Lika", "Continued by Ana Lika"),
    ("redactor", "redacted by Ana Lika", "Redacted by Ana Lika"),
    ("reviser", "revised by Ana Lika", "Revised by Ana Lika"),
    ("collaborator", "in collaboration with Ana Lika", "In collaboration with Ana Lika"),
])
def test_the_other_editor_types_are_spelled_out(kind, note_words, bib_words):
    note, _, bib = forms(rf"""@book{{b, author = {{Hoxha, Arbër}}, editor = {{Lika, Ana}}, editortype = {{{kind}}},
      title = {{Dictionary}}, publisher = {{Toena}}, date = {{2001}}}}""")
    assert f"Dictionary, {note_words} (Toena, 2001)" in note
    assert f"Dictionary. {bib_words}. Toena, 2001." in bib
    assert "ed." not in note


def test_editora_and_editorb_print_with_their_types():
    note, _, bib = forms(r"""@book{b, author = {Hoxha, Arbër}, title = {Dictionary}, editor = {Lika, Ana},
      editora = {Gashi, Drita}, editoratype = {collaborator}, editorb = {Hoti, Besim}, editorbtype = {reviser},
      publisher = {Toena}, date = {2001}}""")
    assert "Dictionary, ed. Ana Lika, in collaboration with Drita Gashi, revised by Besim Hoti (Toena" in note
    assert "Edited by Ana Lika. In collaboration with Drita Gashi. Revised by Besim Hoti. Toena" in bib


def test_forewords_introductions_and_afterwords_are_named():
    note, _, bib = forms(r"""@book{b, author = {Kadare, Ismail}, title = {Chronicle in Stone},
      translator = {Hamilton, Arshi}, foreword = {Hoxha, Arbër}, introduction = {Lika, Ana}, afterword = {Gashi, Drita},
      publisher = {Canongate}, date = {2007}}""")
    assert ("Chronicle in Stone, trans. Arshi Hamilton, with an introduction by Ana Lika, with a foreword by "
            "Arbër Hoxha, with an afterword by Drita Gashi (Canongate, 2007)") in note
    assert "Translated by Arshi Hamilton. With an introduction by Ana Lika. With a foreword by Arbër Hoxha." in bib


def test_a_compiler_goes_into_the_csl_export_and_back():
    e = one(r"""@collection{c, editor = {Berisha, Lule}, editortype = {compiler}, title = {Songs},
      publisher = {Rilindja}, date = {1978}}""")
    item = to_csl(e)
    assert item["compiler"][0]["family"] == "Berisha" and "editor" not in item
    back = next(iter(read_bibliography(json.dumps([item]), "refs.json")[0].values()))
    assert plain(chicago.bibliography_entry(back)).startswith("Berisha, Lule, comp. Songs.")


# --- skipbib ------------------------------------------------------------------------------------------

SKIP_BIB = r"""
@book{kept, author = {Malcolm, Noel}, title = {Kosovo: A Short History}, publisher = {Macmillan}, date = {1998}}
@book{skipped, author = {Judah, Tim}, title = {Kosovo: War and Revenge}, publisher = {Yale University Press},
  date = {2000}, options = {skipbib=true}}
@book{bare, author = {Vickers, Miranda}, title = {Between Serb and Albanian}, publisher = {Hurst}, date = {1998},
  options = {useprefix, skipbib}}
@book{data, author = {Pettifer, James}, title = {The Kosova Liberation Army}, publisher = {Hurst}, date = {2012},
  options = {dataonly}}
@book{listed, author = {Pettifer, James}, title = {The Albanian Question}, publisher = {Tauris}, date = {2009},
  options = {skipbib=false}}
"""
SKIP_PAPER = """---
title: Skipped Sources
bibliography: refs.bib
nocite: ["@bare"]
---

Malcolm tells it [@kept], Judah too [@skipped, 12], and again [@skipped, 14].
"""


def test_skipbib_options_are_read_in_every_spelling():
    entries = read_bibliography(SKIP_BIB, "refs.bib")[0]
    assert [k for k, e in entries.items() if e.skipbib] == ["skipped", "bare", "data"]
    assert [k for k, e in entries.items() if chicago.notes_only(e)] == ["skipped", "bare", "data"]
    listing = chicago.Style.from_settings({"bibliography": {"house": {"list_notes_only": True}}})
    assert chicago.notes_only(entries["skipped"], listing)  # the entry's own option wins over the theme's listing


def test_a_skipbib_source_is_cited_in_notes_and_left_out_of_the_built_pdf(tmp_path):
    (tmp_path / "refs.bib").write_text(SKIP_BIB, encoding="utf-8")
    (tmp_path / "paper.md").write_text(SKIP_PAPER, encoding="utf-8")
    # the build verifies the reference list: a cited source missing from it would fail it (pdf.reference-missing)
    result = build(tmp_path / "paper.md", ("pdf",))
    assert (result.notes, result.references) == (3, 1)  # nocite does not list a skipbib entry either
    text = pdf_words(result.outputs["pdf"].read_bytes())
    assert "Tim Judah, Kosovo: War and Revenge (Yale University Press, 2000), 12." in text
    assert "Judah, Kosovo, 14." in text
    assert "Malcolm, Noel. Kosovo: A Short History. Macmillan, 1998." in text
    assert "Judah, Tim." not in text and "Vickers" not in text


# --- shorthand ----------------------------------------------------------------------------------------

def test_a_shorthand_is_announced_in_the_first_note_and_cited_by_later():
    bib = r"""@book{fr, author = {{Foreign Relations of the United States}}, title = {Foreign Relations of the
      United States, 1952--1954}, shorthand = {FRUS}, publisher = {GPO}, date = {1983}}"""
    note, short, entry = forms(bib, "45")
    assert note.endswith("(GPO, 1983), 45 (hereafter cited as FRUS)")
    assert short == "FRUS, 45"
    assert "hereafter" not in entry and "FRUS." not in entry


def test_shorthandintro_words_the_parenthesis():
    note, short, _ = forms(r"""@book{b, author = {Hoxha, Arbër}, title = {Collected Papers}, shorthand = {\emph{CP}},
      shorthandintro = {cited below as \emph{CP}}, publisher = {Toena}, date = {2001}}""")
    assert note.endswith("(Toena, 2001) (cited below as CP)") and short == "CP"


# --- the survey's further fields ---------------------------------------------------------------------

def test_pubstate_forthcoming_stands_for_the_missing_date():
    note, _, bib = forms(r"""@book{b, author = {Hoxha, Arbër}, title = {The Northern Question},
      publisher = {Yale University Press}, pubstate = {forthcoming}}""")
    assert note == "Arbër Hoxha, The Northern Question (Yale University Press, forthcoming)"
    assert bib == "Hoxha, Arbër. The Northern Question. Yale University Press, forthcoming."


def test_pubstate_before_a_known_year_and_in_press():
    note, _, bib = forms(r"""@incollection{c, author = {Hoxha, Arbër}, title = {Borders}, booktitle = {The Balkans Now},
      editor = {Lika, Ana}, publisher = {Routledge}, date = {2026}, pubstate = {forthcoming}}""")
    assert note.endswith("ed. Ana Lika (Routledge, forthcoming 2026)")  # as the CSL style for CMOS 18 prints it
    _, _, bib = forms(r"""@report{r, author = {Hoxha, Arbër}, title = {Northern Municipalities}, type = {Policy brief},
      institution = {KCSS}, pubstate = {inpress}}""")
    assert "KCSS, in press." in bib


def test_any_pubstate_stands_before_the_date_as_the_type_prints_it():
    # pandoc --citeproc: "(Toena, pre-published 2024)", "“Title,” pre-published May 4, 2023" (biblatex's English
    # "pre-published"; Better BibLaTeX writes pubstate = {prepublished} for every arXiv preprint). Before: the state
    # after the facts, "(Toena, 2024), prepublished", and "preprint" there too
    note, _, bib = forms(r"""@book{b, author = {Hoxha, Arbër}, title = {Borders}, publisher = {Toena}, date = {2024-05-04},
      pubstate = {prepublished}}""")
    assert note == "Arbër Hoxha, Borders (Toena, pre-published 2024)" and bib.endswith("Toena, pre-published 2024.")
    note, _, bib = forms(r"""@online{o, author = {Krasniqi, Dea}, title = {Trust}, date = {2023-05-04}, eprinttype = {arxiv},
      eprint = {2305.01234}, pubstate = {preprint}}""")
    assert note == "Dea Krasniqi, “Trust,” preprint May 4, 2023, https://arxiv.org/abs/2305.01234"
    assert bib == "Krasniqi, Dea. “Trust.” Preprint May 4, 2023. https://arxiv.org/abs/2305.01234."
    note, _, _ = forms(r"""@book{b, author = {Hoxha, Arbër}, title = {Borders}, publisher = {Toena}, pubstate = {preprint}}""")
    assert note == "Arbër Hoxha, Borders (Toena, preprint)"  # no "n.d." beside it


@pytest.mark.parametrize("bib, facts", [
    ("@software{s, author = {Doe, Jane}, title = {Tool}, publisher = {P}, date = {2020-05-04}, pubstate = {prepublished}}",
     "Jane Doe, Tool, P, pre-published May 4, 2020"),
    ("@patent{p, author = {Doe, Jane}, title = {Gadget}, number = {123}, date = {2020-05-04}, pubstate = {forthcoming}}",
     "Jane Doe, Gadget, Patent 123, forthcoming May 4, 2020"),
    ("@software{s, author = {Doe, Jane}, title = {Tool}, publisher = {P}, date = {2020-05-04}}",
     "Jane Doe, Tool, P, released May 4, 2020"),
])
def test_a_pubstate_stands_for_released_and_issued(bib, facts):
    # pandoc --citeproc: "Tool, P, pre-published May 4, 2020". Before: "released pre-published May 4, 2020",
    # "issued forthcoming May 4, 2020", the verb before the state that stands in the date's place
    assert forms(bib)[0] == facts


def test_a_huge_pubstate_without_a_date_is_read_at_once():
    # the words before a date were found by a pattern that tried every pair of characters: a 195,000-character
    # pubstate (words and spaces, no date) took hours per note; each run of spaces is tried once now
    state = "under review " * 15_000
    note, short, bib = forms("@book{b, author = {Hoxha, Arbër}, title = {Borders}, publisher = {Toena},"
                             f" pubstate = {{{state}}}}}")
    assert note.startswith("Arbër Hoxha, Borders (Toena, under review under review") and short == "Hoxha, Borders"
    assert bib.startswith("Hoxha, Arbër. Borders. Toena, under review under review")


def test_a_pubstate_is_no_missing_date_for_lint():
    _, problems = read_bibliography(r"""@book{b, author = {Hoxha, Arbër}, title = {Borders}, publisher = {Toena},
      pubstate = {forthcoming}}""", "refs.bib")
    assert not [p for p in problems if p.code == "bib.missing-field"]


def test_note_follows_the_publication_facts():
    note, _, bib = forms(r"""@book{b, author = {Malcolm, Noel}, title = {Kosovo: A Short History}, publisher = {Macmillan},
      date = {1998}, note = {Reprinted with a new preface}, url = {https://example.org/k}}""", "12")
    # a description runs on in lower case in a note; the link stays last (CMOS 18)
    assert note == ("Noel Malcolm, Kosovo: A Short History (Macmillan, 1998), reprinted with a new preface, 12, "
                    "https://example.org/k")
    assert bib == "Malcolm, Noel. Kosovo: A Short History. Macmillan, 1998. Reprinted with a new preface. https://example.org/k."


def test_a_note_that_starts_with_a_name_keeps_its_capital():
    note, _, _ = forms(r"""@online{o, author = {Hoxha, Arbër}, title = {Northern Dialogue}, organization = {KCSS},
      date = {2023}, note = {Kosovo edition}}""")
    assert note.endswith("KCSS, 2023, Kosovo edition")


def test_addendum_closes_the_entry_before_the_link():
    note, _, bib = forms(r"""@book{b, author = {Malcolm, Noel}, title = {Bosnia: A Short History}, publisher = {Macmillan},
      date = {1994}, addendum = {Page references are to the 2002 edition}, doi = {10.1/x}}""")
    assert bib == ("Malcolm, Noel. Bosnia: A Short History. Macmillan, 1994. Page references are to the 2002 edition. "
                   "https://doi.org/10.1/x.")
    # inside a note a description runs on in lower case (test_biblatex_notes)
    assert "(Macmillan, 1994), page references are to the 2002 edition, https://doi.org/10.1/x" in note


def test_an_unpublished_source_does_not_print_its_note_twice():
    note, _, _ = forms(r"""@unpublished{u, author = {Hoxha, Arbër}, title = {Borders},
      note = {Paper presented at the ISA Convention}, date = {2022}}""")
    assert note.count("presented") == 1


def test_origtitle_and_origpublisher_tell_the_original_publication():
    note, _, bib = forms(r"""@book{b, author = {Kadare, Ismail}, title = {The General of the Dead Army},
      translator = {Ratner, Derek}, origtitle = {Gjenerali i ushtrisë së vdekur}, origlanguage = {albanian},
      origpublisher = {Naim Frashëri}, origdate = {1963}, publisher = {Grossman}, date = {1972}}""")
    assert note == ("Ismail Kadare, The General of the Dead Army, trans. Derek Ratner (Grossman, 1972), originally "
                    "published as Gjenerali i ushtrisë së vdekur (Naim Frashëri, 1963)")
    # the original title keeps its own language's case
    assert bib.endswith("Grossman, 1972. Originally published as Gjenerali i ushtrisë së vdekur (Naim Frashëri, 1963).")
    e = one(r"""@book{b, author = {Kadare, Ismail}, title = {Chronicle}, origtitle = {Kronikë në gur},
      publisher = {Canongate}, date = {2007}}""")
    assert "<em>Kronikë në gur</em>" in chicago.bibliography_entry(e)


def test_origdate_of_a_reprinted_chapter():
    note, _, bib = forms(r"""@incollection{c, author = {Durham, Edith}, title = {The Land of the Living Past},
      booktitle = {Travels in Albania}, editor = {Lika, Ana}, origdate = {1909}, publisher = {Virago}, date = {1985}}""")
    assert note.endswith("ed. Ana Lika (1909; Virago, 1985)")  # as a reprinted book's, and as citeproc prints it
    assert bib.endswith("edited by Ana Lika. 1909; Virago, 1985.")


def test_journalsubtitle_joins_the_journal_title():
    note, _, _ = forms(r"""@article{a, author = {Hoxha, Arbër}, title = {Borders}, journaltitle = {Südosteuropa},
      journalsubtitle = {Journal of Politics and Society}, volume = {68}, number = {2}, date = {2020}, pages = {1--20}}""")
    assert "“Borders,” Südosteuropa: Journal of Politics and Society 68, no. 2 (2020): 1–20" in note
    e = one(r"""@article{a, title = {Borders}, journaltitle = {Südosteuropa}, journalsubtitle = {Journal}, date = {2020}}""")
    assert "<em>Südosteuropa: Journal</em>" in chicago.full_note(e)


def test_issuetitle_makes_an_article_part_of_a_special_issue():
    note, _, bib = forms(r"""@article{a, author = {Hoxha, Arbër}, title = {Borders and Memory},
      journaltitle = {Nationalities Papers}, issuetitle = {Memory in the Balkans}, editor = {Lika, Ana}, volume = {48},
      number = {3}, date = {2020}, pages = {401--420}}""")
    assert note == ("Arbër Hoxha, “Borders and Memory,” in “Memory in the Balkans,” ed. Ana Lika, special issue, "
                    "Nationalities Papers 48, no. 3 (2020): 401–20")
    # the bibliography spells the role out, as for any editor there ("edited by"; CSL's chicago style does too)
    assert bib.startswith("Hoxha, Arbër. “Borders and Memory.” In “Memory in the Balkans,” edited by Ana Lika, "
                          "special issue, Nationalities Papers 48, no. 3 (2020): 401–20.")


def test_a_numbered_journal_series_is_an_ordinal():
    note, _, _ = forms(r"""@article{a, author = {Hoxha, Arbër}, title = {Borders}, journaltitle = {Slavonic Review},
      series = {3}, volume = {12}, number = {2}, date = {1950}, pages = {1--20}}""")
    assert "Slavonic Review, 3rd ser., 12, no. 2 (1950): 1–20" in note


def test_part_of_a_volume():
    note, _, bib = forms(r"""@book{b, author = {Hoxha, Arbër}, title = {A History of Albania}, volume = {2}, part = {1},
      publisher = {Toena}, date = {2002}}""")
    assert note == "Arbër Hoxha, A History of Albania, vol. 2, pt. 1 (Toena, 2002)"
    assert "Vol. 2, pt. 1. Toena, 2002." in bib


def test_maintitle_of_a_chapters_volume():
    note, _, bib = forms(r"""@inbook{c, author = {Hoxha, Arbër}, title = {The Ottoman Era},
      booktitle = {From the Beginnings to 1912}, maintitle = {A History of Albania}, volume = {1}, publisher = {Toena},
      date = {2002}, pages = {100--150}}""")
    assert "in From the Beginnings to 1912, vol. 1 of A History of Albania (Toena, 2002)" in note
    assert "In From the Beginnings to 1912, vol. 1 of A History of Albania. Toena, 2002." in bib


def test_eventtitle_eventdate_and_venue_of_a_paper_without_proceedings():
    note, _, bib = forms(r"""@inproceedings{p, author = {Hoxha, Arbër}, title = {Borders Revisited},
      eventtitle = {Annual Balkan Studies Conference}, eventdate = {2019-05-03}, venue = {Prishtina}, date = {2019},
      url = {https://example.org/p}}""")
    assert note == ("Arbër Hoxha, “Borders Revisited” (paper presented at Annual Balkan Studies Conference, Prishtina, "
                    "May 3, 2019), https://example.org/p")
    assert bib == ("Hoxha, Arbër. “Borders Revisited.” Paper presented at Annual Balkan Studies Conference, Prishtina, "
                   "May 3, 2019. https://example.org/p.")


def test_pagination_labels_a_bare_locator():
    e = one(r"""@book{b, author = {Hoxha, Arbër}, title = {Dictionary of Balkan History}, pagination = {column},
      publisher = {Toena}, date = {2002}}""")
    assert chicago.full_note(e, "45").endswith("(Toena, 2002), col. 45")
    assert chicago.short_note(e, "46") == "Hoxha, <em>Dictionary of Balkan History</em>, col. 46"
    assert chicago.short_note(e, "3", "chapter").endswith("chap. 3")  # a label of the citation's own wins


def test_titleaddon_follows_the_title_in_roman():
    e = one(r"""@book{b, author = {Hoxha, Arbër}, title = {Borders of Memory}, titleaddon = {exhibition catalog},
      publisher = {National Gallery}, date = {2019}}""")
    assert chicago.full_note(e) == "Arbër Hoxha, <em>Borders of Memory</em>, exhibition catalog (National Gallery, 2019)"
    assert chicago.bibliography_entry(e) == ("Hoxha, Arbër. <em>Borders of Memory</em>. Exhibition catalog. "
                                             "National Gallery, 2019.")
    note, short, _ = forms(r"""@online{o, author = {Hoxha, Arbër}, title = {Northern Dialogue},
      titleaddon = {transcript}, organization = {KCSS}, date = {2023}}""")
    assert note == "Arbër Hoxha, “Northern Dialogue,” transcript, KCSS, 2023" and short == "Hoxha, “Northern Dialogue”"


def test_booktitleaddon_follows_the_books_title():
    e = one(r"""@incollection{c, author = {Hoxha, Arbër}, title = {Borders}, booktitle = {The Balkans Now},
      booktitleaddon = {conference volume}, editor = {Lika, Ana}, publisher = {Routledge}, date = {2021}}""")
    assert "in <em>The Balkans Now</em>, conference volume, ed. Ana Lika (Routledge, 2021)" in chicago.full_note(e)


def test_version_of_a_web_page():
    note, _, bib = forms(r"""@online{o, author = {Hoxha, Arbër}, title = {Data Dictionary}, version = {1.2},
      organization = {KCSS}, date = {2023}, url = {https://example.org/d}}""")
    assert note == "Arbër Hoxha, “Data Dictionary,” version 1.2, KCSS, 2023, https://example.org/d"
    assert "“Data Dictionary.” Version 1.2. KCSS, 2023." in bib


def test_howpublished_of_a_booklet():
    note, _, bib = forms(r"""@booklet{b, author = {Hoxha, Arbër}, title = {Know Your Rights},
      howpublished = {Distributed by the Ombudsperson}, date = {2018}}""")
    assert note == "Arbër Hoxha, Know Your Rights (Distributed by the Ombudsperson, 2018)"
    assert bib == "Hoxha, Arbër. Know Your Rights. Distributed by the Ombudsperson, 2018."


@pytest.mark.parametrize("note", [
    "cited By 2",  # Scopus, Mendeley
    r"Publisher: Routledge {\textbar} Taylor \& Francis",  # Zotero's Extra field in its BibTeX export
    "PMID: 31234567\ntex.ids: hoxha2019",
    "arXiv: 2101.00001",
])
def test_an_exporters_bookkeeping_note_is_not_printed(note):
    e = one(rf"""@article{{a, author = {{Hoxha, Arbër}}, title = {{Borders}}, journaltitle = {{Südosteuropa}}, volume = {{6}},
      date = {{2020}}, note = {{{note}}}}}""")
    printed = plain(chicago.full_note(e)) + plain(chicago.bibliography_entry(e))
    assert one(r"@book{b, title = {A {\textbar} B}}").get("title") == "A | B"  # what the Zotero line showed before
    assert not e.get("note") and e.get("exporter-note") and ":" not in printed and "cited" not in printed


def test_web_of_sciences_conference_note_is_not_printed_but_a_users_note_is():
    e = one(r"""@inproceedings{ WOS:000987654300012, Author = {Gashi, Blerina}, Title = {Energy and Dependence},
      Booktitle = {2020 BALKAN SECURITY CONFERENCE (BSC)}, Year = {2020}, Publisher = {KCSS},
      Note = {Balkan Security Conference (BSC), Prishtina, KOSOVO, OCT 06-07, 2020}, Unique-ID = {WOS:000987654300012}}""")
    assert "OCT" not in chicago.bibliography_entry(e)
    e = one(r"""@article{a, author = {Hoxha, Arbër}, title = {Borders}, journaltitle = {J}, date = {2020},
      note = {Special issue: Borders: a note of the author's}}""")
    assert "Special issue: Borders" in chicago.bibliography_entry(e)


RELATED = r"""
@book{kadare1963, author = {Kadare, Ismail}, title = {Gjenerali i ushtrisë së vdekur}, langid = {albanian},
  publisher = {Naim Frashëri}, date = {1963}, shorthand = {GJ}}
@book{kadare1972, author = {Kadare, Ismail}, title = {The General of the Dead Army}, translator = {Ratner, Derek},
  publisher = {Grossman}, date = {1972}, related = {kadare1963}, relatedtype = {origpubas}}
@incollection{durham, author = {Durham, Edith}, title = {The Land of the Living Past}, booktitle = {Travels},
  publisher = {Virago}, date = {1985}, related = {durham1909}, relatedtype = {reprintfrom}}
@article{durham1909, author = {Durham, Edith}, title = {The Land of the Living Past}, journaltitle = {Geographical Journal},
  volume = {33}, number = {2}, date = {1909}, pages = {1--20}, related = {durham}, relatedtype = {reprintas}}
@book{volumes, author = {Durham, Edith}, title = {Works}, publisher = {Virago}, date = {1985}, related = {durham},
  relatedtype = {multivolume}}
"""


def test_related_reprints_and_translations_print_their_original():
    entries, problems = read_bibliography(RELATED, "refs.bib")
    note = plain(chicago.full_note(entries["kadare1972"]))
    assert note == ("Ismail Kadare, The General of the Dead Army, trans. Derek Ratner (Grossman, 1972), originally "
                    "published as Gjenerali i ushtrisë së vdekur (Naim Frashëri, 1963)")  # the author not named again
    assert plain(chicago.bibliography_entry(entries["durham"])) == (
        "Durham, Edith. “The Land of the Living Past.” In Travels. Virago, 1985. Reprinted from “The Land of the "
        "Living Past,” Geographical Journal 33, no. 2 (1909): 1–20.")
    # two entries naming each other: each prints the other once, no loop
    assert plain(chicago.bibliography_entry(entries["durham1909"])).endswith(
        "Reprinted as “The Land of the Living Past,” in Travels (Virago, 1985).")
    # a relatedtype the formatter does not print keeps lint's note, and only that one
    related_notes = [p.message for p in problems if p.code == "bib.related"]
    assert len(related_notes) == 1 and "'volumes'" in related_notes[0] and "multivolume" in related_notes[0]


def test_library_says_where_an_unpublished_source_is_held():
    e = one(r"""@letter{l, author = {Rugova, Ibrahim}, title = {Letter to Adem Demaçi}, date = {1991-02-03},
      library = {Archives of Kosovo, Prishtina}}""")
    assert not chicago.notes_only(e)  # held by an archive: listed (chicago.types.retrievable)
    assert plain(chicago.full_note(e)) == ("Ibrahim Rugova, “Letter to Adem Demaçi,” February 3, 1991, "
                                           "Archives of Kosovo, Prishtina")
    assert plain(chicago.bibliography_entry(e)).endswith("February 3, 1991, Archives of Kosovo, Prishtina.")
    e = one(r"""@misc{i, author = {Thaçi, Vlora}, title = {Interview by the author}, date = {2022-09-14},
      library = {KCSS Oral History Collection}}""")
    assert plain(chicago.full_note(e)).endswith("September 14, 2022, KCSS Oral History Collection")


def test_a_named_issue_of_a_whole_periodical():
    note, _, bib = forms(r"""@periodical{p, title = {Kosovo Security Review}, volume = {3}, number = {1}, issue = {Spring},
      date = {2020}}""")
    assert note == "Kosovo Security Review 3, no. 1 (Spring 2020)" and bib == note + "."
