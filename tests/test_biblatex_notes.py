"""The review of the biblatex fields (issue #10): what a note prints when the data comes from CSL-JSON, CSL-YAML or
a newer Scopus export, a review's reviewed work, a note's first word inside a note, and the Serbian
'hereafter cited as'. Each test fails without its fix."""
import json
import re

from briefpress import chicago
from briefpress.bib.model import plain
from briefpress.bibliography import read_bibliography
from briefpress.locale import using
from briefpress.pipeline import build_screen


def first(text: str, name: str):
    entries, problems = read_bibliography(text, name)
    assert not [p for p in problems if p.severity == "error"], problems
    return next(iter(entries.values()))


def printed(entry) -> str:
    return plain(chicago.full_note(entry, "12")) + " | " + plain(chicago.bibliography_entry(entry))


ARTICLE = {"id": "lika2019", "type": "article-journal", "author": [{"family": "Lika", "given": "Ana"}],
           "title": "Trust", "container-title": "Balkan Studies", "volume": "3", "issued": {"date-parts": [[2019]]}}


def test_zoteros_extra_lines_in_a_csl_json_note_are_not_printed():
    # Zotero's CSL-JSON export carries the Extra field in note, as its BibTeX export does
    e = first(json.dumps([{**ARTICLE, "note": "PMID: 31234567\ntex.ids: lika2019a"}]), "refs.json")
    assert not e.get("note") and e.get("exporter-note").startswith("PMID")
    assert "PMID" not in printed(e) and "tex.ids" not in printed(e)


def test_a_citation_count_in_a_csl_yaml_note_is_not_printed():
    e = first("- id: lika2019\n  type: article-journal\n  title: Trust\n  container-title: Balkan Studies\n"
              "  issued: 2019\n  note: 'Cited By: 2'\n", "refs.yaml")
    assert "Cited" not in printed(e)


def test_a_users_note_in_csl_json_is_still_printed():
    e = first(json.dumps([{**ARTICLE, "type": "book", "volume": "", "publisher": "Toena",
                                "note": "Reprint of the 1950 edition"}]),
              "refs.json")
    assert printed(e) == ("Ana Lika, Trust (Toena, 2019), reprint of the 1950 edition, 12 | "
                          "Lika, Ana. Trust. Toena, 2019. Reprint of the 1950 edition.")


def test_scopus_citation_count_with_its_open_access_flags_is_not_printed():
    # Scopus's BibTeX since 2023: the count, then the open-access flags, in note
    e = first(r"""@ARTICLE{Lika2019, author = {Lika, A.}, title = {Trust}, journal = {Balkan Studies}, year = {2019},
      volume = {3}, note = {Cited by: 12; All Open Access, Green Open Access}, source = {Scopus}}""", "refs.bib")
    assert "Cited" not in printed(e) and "Open Access" not in printed(e)


def test_a_review_names_the_reviewed_work_after_its_title():
    bib = r"""@article{rev, author = {Lika, Ana}, title = {Generals and Ghosts}, journaltitle = {Balkan Studies},
      volume = {3}, number = {2}, date = {2019}, pages = {1--20}, related = {kadare}, relatedtype = {reviewof}}
    @book{kadare, author = {Kadare, Ismail}, title = {The General of the Dead Army}, publisher = {Grove},
      date = {1990}}"""
    e = read_bibliography(bib, "refs.bib")[0]["rev"]
    # CMOS 18 14.102: "review of Title, by Author" before the journal; the book's publication facts are not given
    assert plain(chicago.full_note(e, "12")) == ("Ana Lika, “Generals and Ghosts,” review of The General of the Dead "
                                                  "Army, by Ismail Kadare, Balkan Studies 3, no. 2 (2019): 12")
    assert plain(chicago.bibliography_entry(e)) == (
        "Lika, Ana. “Generals and Ghosts.” Review of The General of the Dead Army, by Ismail Kadare. "
        "Balkan Studies 3, no. 2 (2019): 1–20.")
    assert "<em>The General of the Dead Army</em>" in chicago.full_note(e)


def test_a_notes_common_first_word_runs_on_in_lower_case_a_name_keeps_its_capital():
    e = first(r"""@misc{okoye, author = {Okoye, Ngozi}, title = {Flood Levies}, year = {2020}, note = {Working paper},
      url = {https://example.org/o}}""", "refs.bib")
    assert plain(chicago.full_note(e, "12")) == "Ngozi Okoye, Flood Levies, 2020, working paper, 12, https://example.org/o"
    assert plain(chicago.bibliography_entry(e)) == "Okoye, Ngozi. Flood Levies. 2020. Working paper. https://example.org/o."
    e = first(r"""@book{b, author = {Okoye, Ngozi}, title = {Flood Levies}, publisher = {Toena}, year = {2020},
      addendum = {Page references are to the 2022 edition}}""", "refs.bib")
    assert "(Toena, 2020), page references are to the 2022 edition, 12" in plain(chicago.full_note(e, "12"))
    e = first(r"""@book{b, author = {Okoye, Ngozi}, title = {Flood Levies}, publisher = {Toena}, year = {2020},
      note = {Prishtina edition}}""", "refs.bib")
    assert "(Toena, 2020), Prishtina edition" in plain(chicago.full_note(e))
    e = first(r"""@book{b, author = {Okoye, Ngozi}, title = {Flood Levies}, publisher = {Toena}, year = {2020},
      pubstate = {Under review}}""", "refs.bib")  # a state written out, not one of biblatex's keys
    assert plain(chicago.full_note(e)).endswith("(Toena, under review 2020)")  # in the date's place, as citeproc
    assert plain(chicago.bibliography_entry(e)).endswith("Toena, under review 2020.")


def test_serbian_hereafter_cited_as_takes_its_colon():
    e = first(r"""@book{fr, author = {{United States Department of State}}, title = {Foreign Relations},
      shorthand = {FRUS}, publisher = {GPO}, date = {1983}}""", "refs.bib")
    with using("sr-Latn"):
        assert plain(chicago.full_note(e, "45")).endswith("(GPO, 1983), 45 (u daljem tekstu: FRUS)")
    with using("sr-Cyrl"):
        assert plain(chicago.full_note(e, "45")).endswith("45 (у даљем тексту: FRUS)")


def test_a_csl_part_number_is_the_volumes_part():
    e = first(json.dumps([{"id": "h", "type": "book", "author": [{"family": "Lika", "given": "Ana"}],
                           "title": "History", "volume": "2", "part-number": "1", "publisher": "Toena",
                           "issued": {"date-parts": [[2019]]}}]), "refs.json")
    assert plain(chicago.full_note(e)) == "Ana Lika, History, vol. 2, pt. 1 (Toena, 2019)"


def test_pagination_labels_a_bare_locator_but_not_a_written_page(tmp_path):
    (tmp_path / "refs.bib").write_text(r"""@book{d, author = {Lika, Ana}, title = {Dictionary of Law}, publisher = {Toena},
      date = {2019}, pagination = {column}}""", encoding="utf-8")
    (tmp_path / "paper.md").write_text("---\ntitle: T\nbibliography: refs.bib\n---\n\n"
                                       "A.[@d, p. 12] B.[@d, 13] C.[@d, 15-16] D.[@d, sec. 4]\n", encoding="utf-8")
    html, _ = build_screen(tmp_path / "paper.md")
    notes = [plain(n) for n in re.findall(r'role="doc-endnote">(.*?)</li>', html, re.S)]
    # "p. 12" is a page, whatever the entry counts; a bare number counts columns; a range takes the en dash and
    # the plural, as biblatex (the columns string), CSL and pandoc print it
    assert [n.split(" ", 1)[1] for n in notes] == ["Ana Lika, Dictionary of Law (Toena, 2019), 12.",
                                                   "Lika, Dictionary of Law, col. 13.",
                                                   "Lika, Dictionary of Law, cols. 15–16.",
                                                   "Lika, Dictionary of Law, sec. 4."]


def test_several_related_works_share_one_label():
    entries = read_bibliography(r"""@book{multi, author = {Lika, Ana}, title = {Collected Essays}, publisher = {Toena},
      date = {2019}, related = {one,two}, relatedtype = {reprintof}}
    @book{one, author = {Lika, Ana}, title = {Borders}, publisher = {Rilindja}, date = {1980}}
    @book{two, author = {Lika, Ana}, title = {Bridges}, publisher = {Rilindja}, date = {1985}}""", "refs.bib")[0]
    assert plain(chicago.bibliography_entry(entries["multi"])) == (
        "Lika, Ana. Collected Essays. Toena, 2019. Reprint of Borders (Rilindja, 1980); Bridges (Rilindja, 1985).")


def test_a_paper_dated_by_its_meeting_is_no_missing_date_for_lint():
    _, problems = read_bibliography(r"""@inproceedings{p, author = {Lika, Ana}, title = {Border Talk},
      eventtitle = {Balkan Studies Conference}, venue = {Prishtina}, eventdate = {2019-05-03},
      url = {https://example.org/p}}""", "refs.bib")
    assert not [p.message for p in problems if p.code == "bib.missing-field"]
