"""Reference managers' BibTeX formatted as citeproc formats it (pandoc 3.9 --citeproc with
chicago-notes-bibliography.csl): each test an invented entry, citeproc's text and briefpress's."""
from briefpress import locale
from briefpress.bib.checks import check_entries
from briefpress.bib.model import plain
from briefpress.bib.read import read_text
from briefpress.chicago import bibliography_entry, full_note
from briefpress.chicago.style import CMOS
from briefpress.document import build_document
from briefpress.metadata import load_metadata
from briefpress.project import SourceFile


def one(text: str):
    bib = read_text(text, "refs.bib")
    (entry,) = bib.entries.values()
    return entry


def test_a_pubstate_in_title_case_stays_as_written():
    # before: "(Routledge, in Revision 2024)", the first word lowered and the second not; citeproc prints "In Revision"
    entry = one("@book{k, author = {Krasniqi, Vjosa}, title = {Courts and Transitions}, publisher = {Routledge},\n"
                "  year = {2024}, pubstate = {In Revision}}")
    assert plain(full_note(entry)) == "Vjosa Krasniqi, Courts and Transitions (Routledge, In Revision 2024)"
    assert plain(bibliography_entry(entry)) == "Krasniqi, Vjosa. Courts and Transitions. Routledge, In Revision 2024."


def test_an_articles_pubstate_is_printed():
    # before: an article's state other than forthcoming or in press was left out ("Journal of Things, 2023");
    # citeproc: "Journal of Things, preprint 2023" (note), capitalised opening a sentence
    entry = one("@article{k, author = {Berisha, Dren}, title = {Learning Sparse Things},\n"
                "  journal = {Journal of Things}, year = {2023}, pubstate = {preprint}}")
    assert plain(full_note(entry)) == "Dren Berisha, “Learning Sparse Things,” Journal of Things, preprint 2023"
    entry = one("@article{k, author = {Krasniqi, Vjosa}, title = {Courts and Transitions},\n"
                "  journal = {Southeast European Politics}, year = {2024}, pubstate = {In Revision}}")
    assert plain(bibliography_entry(entry)) == ("Krasniqi, Vjosa. “Courts and Transitions.” Southeast European "
                                                "Politics, In Revision 2024.")


def test_a_blog_type_is_printed():
    # Zotero's blog post: type = {Blog}, the site in journal; before: "Blog" was taken for EndNote's kind and dropped
    entry = one("@misc{k, author = {Gashi, Besa}, title = {Notes on Municipal Budgets}, type = {Blog},\n"
                "  journal = {Balkan Blog}, year = {2022}, url = {https://example.org/blog/budgets}}")
    assert entry.type == "online"
    assert plain(full_note(entry)) == ("Besa Gashi, “Notes on Municipal Budgets,” Blog, Balkan Blog, 2022, "
                                       "https://example.org/blog/budgets")


def test_an_arxiv_eprint_with_its_prefix_links_to_the_paper():
    # before: https://arxiv.org/abs/arXiv:2305.01234, as citeproc prints it; the paper's own link is
    # https://arxiv.org/abs/2305.01234
    entry = one("@misc{k, author = {Berisha, Dren}, title = {Learning Sparse Things}, year = {2023},\n"
                "  eprint = {arXiv:2305.01234}, archivePrefix = {arXiv}}")
    assert 'href="https://arxiv.org/abs/2305.01234"' in full_note(entry)


def test_one_arxiv_paper_by_http_https_version_or_eprint_is_a_duplicate():
    # before: only URLs written alike were found (http:// and https:// not; an eprint never)
    bib = read_text("""@misc{a, author = {Berisha, Dren}, title = {T}, year = {2023}, url = {http://arxiv.org/abs/2305.01234}}
@misc{b, author = {Berisha, Dren}, title = {T}, year = {2023}, url = {https://arxiv.org/abs/2305.01234v2}}
@misc{c, author = {Berisha, Dren}, title = {T}, year = {2023}, eprint = {2305.01234}, archivePrefix = {arXiv}}
@misc{d, author = {Berisha, Dren}, title = {U}, year = {2023}, url = {https://example.org/page/}}
@misc{e, author = {Berisha, Dren}, title = {U}, year = {2023}, url = {http://www.example.org/page}}
""", "refs.bib")
    found = [p.message for p in check_entries(bib.entries) if p.code == "bib.duplicate"]
    assert found == ["'b' has the same url as 'a'; cite one entry", "'c' has the same url as 'a'; cite one entry",
                     "'e' has the same url as 'd'; cite one entry"]


def test_a_note_that_is_a_url_and_a_period_links_without_the_period():
    # before: href="https://example.org/stats." (a broken link), and \url{…}. printed as text, "Https://…" in the
    # bibliography; the note that is only a URL is the link (citeproc prints no note of a @misc at all)
    for note in ("https://example.org/stats.", "\\url{https://example.org/stats}."):
        entry = one("@misc{k, author = {Gashi, Besa}, title = {Statistics Page}, year = {2020},\n"
                    f"  note = {{{note}}}}}")
        assert entry.get("url") == "https://example.org/stats"
        assert bibliography_entry(entry).endswith(
            '<a class="url" href="https://example.org/stats">https://example.org/stats</a>.')


def test_no_is_the_papers_language():
    # before: "no. 5" in every language; the locale files have the term
    entry = one("@misc{k, author = {Gashi, Besa}, title = {Working Papers}, number = {5}, year = {2020}}")
    report = one("@report{k, author = {Gashi, Besa}, title = {Budget Report}, type = {Working paper}, number = {5},\n"
                 "  institution = {KCSS}, year = {2020}}")
    with locale.using("sq"):
        assert "nr. 5" in plain(full_note(entry))
        assert "Nr. 5" in plain(bibliography_entry(entry))
        assert "nr. 5" in plain(full_note(report))
    with locale.using("sr-Latn"):
        assert "br. 5" in plain(full_note(entry))
    assert "no. 5" in plain(full_note(entry))


def test_a_web_page_without_an_owner_prints_its_place():
    # @online with only a location (address): before, the place was left out; citeproc prints it where no owner
    # (organization, publisher) is named, as briefpress prints a book's or a document's place
    entry = one("@online{k, author = {Hoxha, Arben}, title = {The Dialogue at a Glance}, location = {Prishtina},\n"
                "  date = {2021-03-04}, url = {https://example.org/dialogue}}")
    assert plain(full_note(entry)) == ("Arben Hoxha, “The Dialogue at a Glance,” Prishtina, March 4, 2021, "
                                       "https://example.org/dialogue")
    owned = one("@online{k, author = {Hoxha, Arben}, title = {The Dialogue Again}, address = {Prishtina},\n"
                "  publisher = {KCSS}, year = {2021}, url = {https://example.org/dialogue2}}")
    assert plain(bibliography_entry(owned)) == ("Hoxha, Arben. “The Dialogue Again.” KCSS, 2021. "
                                                "https://example.org/dialogue2.")


NEWS = """@article{m1, title = {Talks Resume}, journal = {Koha Ditore}, entrysubtype = {newspaper}, date = {2023-02-10}}
@article{m2, title = {Talks Resume}, journal = {Koha Ditore}, entrysubtype = {newspaper}, date = {2023-03-11}}
@article{m3, title = {Talks End}, journal = {Koha Ditore}, entrysubtype = {newspaper}, date = {2023-03-12}}
"""


def test_two_unsigned_news_articles_alike_are_told_apart_by_date_in_short_notes():
    # before: "Koha Ditore, “Talks Resume,” 3." for both; citeproc adds the date to each (disambiguation), and
    # to no other short note
    bib = read_text(NEWS, "refs.bib")
    meta = load_metadata("title: T\nlanguage: en\ntheme: article\n", "m.yaml", strict=False)
    text = "# One\n\nA [@m1]. B [@m2]. C [@m1, 3]. D [@m2, 4]. E [@m3]. F [@m3, 5].\n"
    d = build_document(meta, [SourceFile(None, "manuscript/01.md", text)], bib.citable(), style=CMOS)
    assert [plain(n.html) for n in d.notes[2:4]] == ["Koha Ditore, “Talks Resume,” February 10, 2023, 3.",
                                                     "Koha Ditore, “Talks Resume,” March 11, 2023, 4."]
    assert plain(d.notes[5].html) == "Koha Ditore, “Talks End,” 5."


def test_mendeleys_ssrn_electronic_journal_is_a_preprint_on_ssrn():
    # Mendeley exports an SSRN paper as an @article in Crossref's "SSRN Electronic Journal"; before: printed as a
    # journal article, "*SSRN Electronic Journal*, 2019"; citeproc: "SSRN Electronic Journal, ahead of print, 2019",
    # a journal that prints nothing. CMOS 18 14.76: a preprint, its server named
    entry = one("@article{Morina2019,\nauthor = {Morina, Ilir},\ndoi = {10.2139/ssrn.3401234},\nissn = {1556-5068},\n"
                "journal = {SSRN Electronic Journal},\ntitle = {Property Rights after Conflict},\nyear = {2019}\n}")
    assert plain(full_note(entry)) == ("Ilir Morina, “Property Rights After Conflict,” preprint, SSRN, 2019, "
                                       "https://doi.org/10.2139/ssrn.3401234")
    assert plain(bibliography_entry(entry)) == ("Morina, Ilir. “Property Rights After Conflict.” Preprint, SSRN, 2019. "
                                                "https://doi.org/10.2139/ssrn.3401234.")
    assert "SSRN Electronic Journal" not in full_note(entry)


def test_news_articles_alike_are_dated_only_when_both_are_cited():
    # review: an unsigned piece was dated in its short note when another of its paper and title was only in the
    # .bib file, or listed by nocite; citeproc tells apart the cited sources only: "Koha Ditore, “Talks Resume,” 3."
    bib = read_text(NEWS, "refs.bib")
    text = "# One\n\nA [@m1]. C [@m1, 3]. E [@m3].\n"
    for nocite in ("", "nocite: '@m2'\n"):
        meta = load_metadata(f"title: T\nlanguage: en\ntheme: article\n{nocite}", "m.yaml", strict=False)
        d = build_document(meta, [SourceFile(None, "manuscript/01.md", text)], bib.citable(), style=CMOS)
        assert plain(d.notes[1].html) == "Koha Ditore, “Talks Resume,” 3."
        assert len(d.references) == (3 if nocite else 2)


def test_ssrn_electronic_journal_with_crossrefs_publisher_names_ssrn():
    # review: Mendeley writes Crossref's publisher of SSRN's DOIs, Elsevier BV: "preprint, Elsevier BV, 2019"; the
    # preprint's server is SSRN (a publisher written otherwise stays)
    entry = one("@article{Morina2019,\nauthor = {Morina, Ilir},\ndoi = {10.2139/ssrn.3401234},\n"
                "journal = {SSRN Electronic Journal},\npublisher = {Elsevier BV},\n"
                "title = {Property Rights after Conflict},\nyear = {2019}\n}")
    assert plain(full_note(entry)) == ("Ilir Morina, “Property Rights After Conflict,” preprint, SSRN, 2019, "
                                       "https://doi.org/10.2139/ssrn.3401234")
    other = one("@article{k, author = {Morina, Ilir}, journal = {SSRN Electronic Journal},\n"
                "publisher = {Social Science Research Network}, title = {Property Rights}, year = {2019}}")
    assert "preprint, Social Science Research Network, 2019" in plain(full_note(other))


def test_a_pubstate_in_sentence_case_with_a_name_runs_on_in_lower_case():
    # review: "Under review at JOP" was taken for title case (a capital after its first word) and kept its
    # capital mid-sentence, against the rule for a state in sentence case ("under review"); title case stays
    entry = one("@book{k, author = {Krasniqi, Vjosa}, title = {Courts}, publisher = {Routledge},\n"
                "  year = {2024}, pubstate = {Under review at JOP}}")
    assert plain(full_note(entry)) == "Vjosa Krasniqi, Courts (Routledge, under review at JOP 2024)"
    assert plain(bibliography_entry(entry)) == "Krasniqi, Vjosa. Courts. Routledge, under review at JOP 2024."
    entry = one("@article{k, author = {Krasniqi, Vjosa}, title = {Courts}, journal = {Politics},\n"
                "  year = {2024}, pubstate = {Revise and Resubmit}}")
    assert plain(full_note(entry)) == "Vjosa Krasniqi, “Courts,” Politics, Revise and Resubmit 2024"


def test_a_journal_article_with_its_preprints_eprint_is_no_duplicate_of_the_preprint():
    # review: the article (DOI, and the arXiv eprint of its preprint) was "the same url" as the preprint's entry;
    # its link is its DOI, and the two are two versions a paper may cite (the eprint still is one paper's URL)
    bib = read_text("""@article{a, author = {Berisha, Dren}, title = {T}, journal = {JMLR}, year = {2024},
  doi = {10.1234/jmlr.5}, eprint = {2305.01234}, archivePrefix = {arXiv}}
@misc{b, author = {Berisha, Dren}, title = {T}, year = {2023}, url = {https://arxiv.org/abs/2305.01234}}
@misc{c, author = {Berisha, Dren}, title = {T}, year = {2023}, eprint = {2305.01234v3}, archivePrefix = {arXiv}}
""", "refs.bib")
    found = [p.message for p in check_entries(bib.entries) if p.code == "bib.duplicate"]
    assert found == ["'c' has the same url as 'b'; cite one entry"]


def test_an_articles_other_state_keeps_its_date_and_a_volumes_form():
    # review: the branch's "every state" lost the day and month ("submitted 2023"), set a colon before the pages
    # after a comma ("J, submitted 2023: 3–9") and printed the state beside a volume, which citeproc leaves out
    forms = {"date = {2023-05-04}": "J, pre-published May 4, 2023, 3–9",
             "date = {2023-05}": "J, pre-published May 2023, 3–9",
             "date = {2023-05-04}, volume = {4}": "J 4 (May 2023): 3–9",
             "date = {2023}, volume = {4}, number = {2}": "J 4, no. 2 (2023): 3–9"}
    for fields, form in forms.items():
        entry = one("@article{k, author = {Berisha, Dren}, title = {Sparse Things}, journaltitle = {J},\n"
                    f"  {fields}, pubstate = {{prepublished}}, pages = {{3-9}}}}")
        assert plain(full_note(entry)) == f"Dren Berisha, “Sparse Things,” {form}"
    entry = one("@article{k, author = {Berisha, Dren}, title = {Sparse Things}, journaltitle = {J},\n"
                "  date = {2023-05-04}, volume = {4}, pubstate = {forthcoming}}")
    assert plain(full_note(entry)) == "Dren Berisha, “Sparse Things,” J 4, forthcoming 2023"


def test_two_unsigned_web_pages_alike_are_told_apart_by_date_in_short_notes():
    # review: only news articles were dated; a ministry's two statements read "Ministry, “Statement,” 3" for
    # both, where citeproc prints "Ministry, “Statement,” March 4, 2021, 3"
    bib = read_text("""@online{o1, title = {Statement}, organization = {Ministry}, date = {2021-03-04}, url = {https://example.org/1}}
@online{o2, title = {Statement}, organization = {Ministry}, date = {2021-05-04}, url = {https://example.org/2}}
@online{o3, title = {Budget}, organization = {Ministry}, date = {2021-06-04}, url = {https://example.org/3}}
""", "refs.bib")
    meta = load_metadata("title: T\nlanguage: en\ntheme: article\n", "m.yaml", strict=False)
    text = "# One\n\nA [@o1]. B [@o2]. C [@o3]. D [@o1, 3]. E [@o2]. F [@o3, 4].\n"
    d = build_document(meta, [SourceFile(None, "manuscript/01.md", text)], bib.citable(), style=CMOS)
    assert [plain(n.html) for n in d.notes[3:]] == ["Ministry, “Statement,” March 4, 2021, 3.",
                                                    "Ministry, “Statement,” May 4, 2021.", "Ministry, “Budget,” 4."]


def test_a_web_pages_location_that_is_no_place_is_not_printed():
    # review: with a web page's place printed, location = {Online} or a web address came out as one,
    # "Arben Hoxha, “The Dialogue,” Online, March 4, 2021" (citeproc prints whatever is written; CMOS 18 prints no
    # place for a web page); a place is still printed
    for where in ("Online", "www.example.org", "https://example.org/dialogue", "example.org"):
        entry = one("@online{k, author = {Hoxha, Arben}, title = {The Dialogue}, location = {" + where + "},\n"
                    "  date = {2021-03-04}, url = {https://example.org/dialogue}}")
        assert plain(full_note(entry)) == ("Arben Hoxha, “The Dialogue,” March 4, 2021, "
                                           "https://example.org/dialogue"), where
    entry = one("@online{k, author = {Hoxha, Arben}, title = {The Dialogue}, location = {Washington, D.C.},\n"
                "  date = {2021-03-04}, url = {https://example.org/dialogue}}")
    assert "Washington, D.C., March 4, 2021" in plain(full_note(entry))


def test_a_magazine_or_newspaper_articles_pubstate_is_printed_before_its_date():
    # before: the state was dropped ("*The Atlantic*, May 2024"); citeproc: "The Atlantic, in press May 2024", the
    # state before the date as for a journal article, whose "in press" is "forthcoming" here (CMOS 18 14.72)
    entry = one("@article{k, author = {Berisha, Lura}, title = {Old Alliances}, journal = {The Atlantic},\n"
                "  entrysubtype = {magazine}, date = {2024-05}, pubstate = {inpress}}")
    assert plain(full_note(entry)) == "Lura Berisha, “Old Alliances,” The Atlantic, forthcoming May 2024"
    assert plain(bibliography_entry(entry)) == "Berisha, Lura. “Old Alliances.” The Atlantic, forthcoming May 2024."
    entry = one("@article{k, author = {Hoxha, Dren}, title = {Letter from Prishtina}, journal = {The Guardian},\n"
                "  entrysubtype = {newspaper}, date = {2024-06-02}, pubstate = {submitted}}")
    assert plain(full_note(entry)) == "Dren Hoxha, “Letter from Prishtina,” The Guardian, submitted June 2, 2024"
    # undated and unsigned: the state alone, capitalised where it opens the bibliography's sentence
    entry = one("@article{k, title = {The Quiet Border}, journal = {The Economist}, entrysubtype = {magazine},\n"
                "  pubstate = {forthcoming}}")
    assert plain(full_note(entry)) == "“The Quiet Border,” The Economist, forthcoming"
    assert plain(bibliography_entry(entry)) == "The Economist. “The Quiet Border.” Forthcoming."
