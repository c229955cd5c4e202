"""Constructs found by measuring briefpress on real bibliographies written by others (TeX Live's
hand-kept files, Web of Science, Scopus, EndNote, doi.org, DBLP, ADS, Qiqqa, Mendeley, Zotero exports):
each is shown here by an invented entry of the same shape (tests/fixtures/exports/), and the printed
text of the fields that matter is asserted."""
from briefpress import chicago
from briefpress.bib.model import plain
from briefpress.bib.read import read_text

from test_bib_exports import export  # noqa: E402  (the fixtures' reader, as a build reads them)


def note(entry):
    return plain(chicago.full_note(entry))


def listed(entry):
    return plain(chicago.bibliography_entry(entry))


def test_web_of_science_capitals_are_read_as_words_acronyms_kept():
    entries, problems, _ = export("web-of-science.bib")
    assert problems == []
    e = entries["WOS:000555000100004"]
    assert note(e) == ("Arta Berisha and Milos Jovanovic, “NATO and the EU in the Western Balkans: A Review of "
                       "IEEE-Style Risk Models for Children’s Safety,” IEEE Transactions on Security and Borders 12, "
                       "no. 4 (2021): 301–22, https://doi.org/10.5555/tsb.2021.0412")
    # a place keeps its two-letter codes, a company its form; the braced DOI is a DOI
    assert (e.get("publisher"), e.get("doi")) == ("Springer-Verlag GmbH", "10.5555/tsb.2021.0412")
    assert e.get("location") == "Tiergartenstrasse 17, D-69121 Heidelberg, Germany"
    # the document type is kept, never printed
    assert e.get("exporter-type") == "Article; Proceedings Paper" and "Proceedings Paper" not in listed(e)
    first = entries["WOS:000123456700001"]
    assert "Journal of Southeast European Studies 21" in note(first)
    assert plain(first.get("publisher")) == "Routledge Journals, Taylor & Francis Ltd"


def test_endnote_reference_types_set_the_type_and_are_never_printed():
    entries, _, _ = export("endnote.bib")
    page = entries["RN20"]  # @misc + type = {Web Page}
    assert page.type == "online" and page.get("exporter-type") == "Web Page"
    assert listed(page) == "Gashi, Blerina. “Energy Dependence in the Western Balkans.” 2022. https://example.org/energy."
    thesis = entries["RN21"]  # @phdthesis + type = {Thesis}: the BibTeX type says which thesis
    assert note(thesis) == "Arta Berisha, “Trust Across Borders” (PhD diss., University of Prishtina, 2018)"
    article = entries["RN22"]  # @misc + type = {Journal Article} with a journal
    assert listed(article) == "Krasniqi, Arber. “Minutes of the Dialogue.” Dialogue Records, 2019."
    for e in entries.values():
        assert not {"Journal Article", "Book", "Web Page", "Thesis"} & set(plain(chicago.bibliography_entry(e))
                                                                          .replace(".", "").split(", "))


def test_doi_org_markup_and_entities_are_text():
    entries, problems, _ = export("doi-org.bib")
    assert problems == []
    e = entries["Hoxha_2021"]
    assert e.get("title") == "Cross-border CO<sub>2</sub> trading and n-gram models &amp; trust"
    assert note(e) == ("Ilirjana Hoxha and Arbër Krasniqi, “Cross-Border CO2 Trading and n-Gram Models & Trust,” "
                       "Journal of Balkan Studies 9, no. 3 (2021): 101–20, https://doi.org/10.5555/jbs.2021.09")


def test_scopus_repeated_bookkeeping_field_is_a_warning_and_the_first_is_kept():
    entries, problems, text = export("scopus.bib")
    assert problems == [("warning", "bib.duplicate-field", 19, 1)]
    assert entries["Hoxha2021"].get("funding_details") == "Example Foundation, EF-1"
    assert "cited By" not in listed(entries["Hoxha2021"])


def test_a_repeated_printed_field_with_two_values_is_an_error_the_same_value_a_warning():
    bib = read_text("@book{a, author = {Doe, Jane}, title = {T}, year = 2020,\n year = 2021}\n"
                    "@book{b, author = {Doe, Jane}, title = {U}, year = 2020,\n year = {2020}}", "d.bib")
    found = [(p.severity, p.code, p.location.line) for p in bib.problems if p.code == "bib.duplicate-field"]
    assert found == [("error", "bib.duplicate-field", 2), ("warning", "bib.duplicate-field", 4)]
    assert bib.entries["a"].get("date") == "2020"  # the first, as BibTeX and biber take it


def test_hand_kept_tex_archive_file():
    entries, problems, _ = export("tex-archive.bib")
    assert [(p[1], p[2]) for p in problems] == [("bib.url", 14), ("bib.date", 24), ("bib.url", 41)]
    e = entries["Hoxha:TB40-1-10"]  # TeX logos, \Dash, \pkg; pages and month of '??' are unknown, not text
    assert listed(e) == ("Hoxha, Ilirjana. “Typesetting Albanian with METAFONT and LaTeX—A Report on babel.” "
                         "TUGboat 40, no. 1 (2019). https://example.org/tb40-1/hoxha.pdf.")
    assert "pages" not in e.fields and e.get("date") == "2019"  # month = "????": the year stands
    inc = entries["Gashi:TB41-2-5"]  # month = "spring": the year, with a warning; "Inc." ends the title once
    assert listed(inc) == "Gashi, Blerina. “Fonts for Kosovo, Inc.” TUGboat 41, no. 2 (2020): 5–9."
    conf = entries["Krasniqi:1999:TT"]  # month = dec # " 5--9,": the conference's days; the title's period dropped
    assert conf.get("date") == "1999-12-05/1999-12-09"
    assert note(conf) == "Arbër Krasniqi, “Tables and Trust,” in Proc. IEEE Balkan Conference ’99 (Prishtina, Kosovo, 1999)"
    data = entries["Berisha:2000"]  # a URL broken over two lines is one URL; no space before the title's end
    assert data.get("url") == "http://www.example.org/border/data.html"
    assert listed(data).startswith("Berisha, Arta. Border data of the Western Balkans, 2000 edition. 2000.")


def test_qiqqa_chapter_with_its_book_in_journal():
    entries, problems, _ = export("qiqqa.bib")
    assert problems == []
    assert note(entries["krasniqi2006present"]) == ("Arbër Krasniqi, “The Present Situation of Border Studies,” in "
                                                    "Collected Essays on the Balkans, vol. 3 (2006)")


def test_a_closing_quote_after_a_braced_word_closes():
    entries, _, _ = export("zotero-bbt.bib")
    assert listed(entries["hoxhaKosovoTrialsFrozen2018"]).startswith(
        "Hoxha, Ilirjana. Kosovo’s Trials in the ‘Frozen Conflict’")


def test_entry_sets_and_multivolume_parents_are_not_unusable():
    text = """@set{both, entryset = {a,b}}
@mvcollection{hist, title = {History of Philosophy}, editor = {Doe, Jane}, date = 1997}
@collection{hist1, crossref = {hist}, volume = {1}}
@book{a, author = {Doe, Jane}, title = {A}, date = 2001}
@book{b, author = {Doe, Jane}, title = {B}, date = 2002}"""
    bib = read_text(text, "s.bib")
    assert [(p.severity, p.code, p.location.line) for p in bib.problems
            if p.code != "bib.missing-field"] == [("warning", "bib.set", 1)]
    assert "History of Philosophy" in listed(bib.entries["hist1"])


def test_tugboat_macro_names_print_as_written():
    bib = read_text(r"@article{a, author = {Doe, Jane}, title = {On \cs{relax} and \macro{\par}}, journal = {J}, "
                    "year = 2020}", "t.bib")
    assert plain(bib.entries["a"].get("title")) == "On \\relax and \\par"


def test_dergipark_turkish_capitals_and_empty_fields():
    entries, problems, _ = export("dergipark.bib")
    assert problems == []
    e = entries["dergipark1001"]  # Turkish capitals: İ is i, I is ı; empty address and doi are no values
    assert plain(e.get("title")) == "Kosova Ve Sırbistan Arasındaki Diyaloğun İlk Yılları Üzerine"
    assert "doi" not in e.fields and "location" not in e.fields


def test_an_entry_type_of_two_words_is_one_error_not_a_silent_loss():
    text = "@article{a, author = {Doe, Jane}, title = {A}, year = 2020}\n\n@araştırma makalesi { teke1,\n" \
           "  journal = {Dergisi},\n  title = {B}}\n"
    bib = read_text(text, "t.bib")
    (problem,) = [p for p in bib.problems if p.severity == "error"]
    assert (problem.code, problem.location.line, problem.location.col) == ("bib.parse", 3, 1)
    assert "'@araştırma makalesi { teke1,' is not read as an entry" in problem.message
    assert "teke1" in bib.known_keys  # its citations are not also 'unknown'


def test_strings_of_an_earlier_file_serve_the_later_ones_as_in_bibtex():
    from briefpress.bib.read import read_bibliographies

    class F:
        def __init__(self, name, text):
            self.name, self.text = name, text

    abbreviations = F("IEEEabrv.bib", '@STRING{IEEE_J_SB = "{IEEE} Trans. Security Borders"}\n')
    refs = F("refs.bib", "@article{a, author = {Doe, Jane}, title = {T}, journal = IEEE_J_SB, year = 2020}")
    bib = read_bibliographies([abbreviations, refs])
    assert [p.code for p in bib.problems] == []  # no 'undefined macro', no 'empty file' for the strings' file
    assert plain(bib.entries["a"].get("journaltitle")) == "IEEE Trans. Security Borders"
    alone = read_bibliographies([refs])  # without it, the macro's name stands, with a warning
    assert [p.code for p in alone.problems] == ["bib.macro"]


def test_jabref_names_with_a_letter_command_before_a_space():
    entries, problems, _ = export("jabref.bib")
    assert problems == []
    e = entries["Hakansson2012"]  # TeX eats the space after \aa and \o; '{\d}' (dot below) has no letter: it marks the one before, no brace leaks
    assert [n.family for n in e.authors] == ["Håkansson", "Gashi", "Gụmundsdóttir"]
    assert [n.given for n in e.authors][:2] == ["N. Arta", "Bjørn"]
    assert "}" not in listed(e) and listed(e).startswith("Håkansson, N. Arta, Bjørn Gashi, and Ilirjana Gụmundsdóttir.")


def test_an_ancient_work_known_by_its_abbreviation_is_cited_by_it():
    bib = read_text("@book{AchTat,\n  keywords = {ancient},\n  shortauthor = {Tatios, Achilleus},\n"
                    "  shorthand = {Ach. Tat.},\n}", "ancient.bib")
    assert [p.code for p in bib.problems] == []
    e = bib.entries["AchTat"]
    assert (note(e), plain(chicago.short_note(e, "2.3")), listed(e)) == (
        "Ach. Tat.", "Ach. Tat., 2.3", "Tatios, Achilleus. Ach. Tat.")


def test_a_written_description_that_is_also_an_exporters_kind_is_printed():
    """EndNote's and Web of Science's kinds in ``type`` are read as theirs only where they can be: a biblatex
    description that is also such a name ("Press release", "Map", one word such as "Review" outside a Web of
    Science export) is printed, as biblatex prints it; in a Web of Science export it is the kind, not printed."""
    bib = read_text("@misc{pr, author = {{Example Council}}, title = {Ministers Meet in Prishtina}, type = {Press release},"
                    " date = {2023-05-01}}\n@misc{map, author = {Gashi, Blerina}, title = {Borders of Kosovo}, "
                    "type = {Map}, publisher = {Example Press}, date = {2020}}\n@misc{rev, author = {Hoxha, Ilirjana}, "
                    "title = {Review of Border Studies}, type = {Review}, date = {2021}}\n@article{wos, author = "
                    "{Hoxha, Ilirjana}, title = {Border Studies}, journal = {Balkan Journal}, type = {Review}, "
                    "year = {2021}, unique-id = {WOS:000000000000001}}", "k.bib")
    assert [bib.entries[k].get("type") for k in ("pr", "map", "rev")] == ["Press release", "Map", "Review"]
    assert listed(bib.entries["pr"]) == "Example Council. Ministers Meet in Prishtina. Press release. 2023."
    assert "Map" in listed(bib.entries["map"]) and "Review." in listed(bib.entries["rev"])
    assert bib.entries["wos"].get("exporter-type") == "Review" and "Review." not in listed(bib.entries["wos"])
