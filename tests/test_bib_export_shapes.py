"""Shapes of real exports (Zotero CSL-JSON, ACM DL, Web of Science, …) that earlier sweeps missed: each
test holds an invented entry written as the tool writes it and the text briefpress prints from it."""
import json

import pytest

from briefpress.bib.model import plain
from briefpress.bib.read import read_text
from briefpress.chicago import bibliography_entry, full_note


def one(text: str, name: str):
    bib = read_text(text, name)
    (entry,) = bib.entries.values()
    return entry, [(p.severity, p.code) for p in bib.problems]


def csl(**item) -> str:
    return json.dumps([{"id": "k", "type": "article-journal", "title": "Seasonal work",
                        "author": [{"family": "Gashi", "given": "Arta"}], "container-title": "Review",
                        "volume": "7", **item}])


def test_a_csl_season_as_a_month_is_the_season():
    # citeproc-js writes seasons as months 13-16 (Zotero), EDTF as 21-24, or a "season" beside the year;
    # pandoc prints "Spring 2012" for each. Before: no date ("n.d.") and a warning.
    for issued in ({"date-parts": [[2012, 13]]}, {"date-parts": [[2012, 21]]},
                   {"date-parts": [[2012]], "season": 1}, {"date-parts": [["2012"]], "season": "Spring"}):
        entry, problems = one(csl(issued=issued), "z.json")
        assert problems == []
        assert plain(full_note(entry)) == "Arta Gashi, “Seasonal Work,” Review 7 (Spring 2012)"
    entry, _ = one(csl(issued={"date-parts": [[2012, 24]]}), "z.json")
    assert "Review 7 (Winter 2012)." in plain(bibliography_entry(entry))


def test_a_csl_season_of_another_name_leaves_the_year():
    # a season that is none of the four ("Michaelmas", a term) is left out, as pandoc prints "Review 7, 2012";
    # before the fix the year was lost with it: the date printed as the item's mapping, with a warning
    for season in ("Michaelmas", 5, "Frühling"):
        entry, problems = one(csl(issued={"date-parts": [[2012]], "season": season}), "z.json")
        assert problems == []
        assert plain(full_note(entry)) == "Arta Gashi, “Seasonal Work,” Review 7 (2012)"


def test_a_csl_literal_date_prints_as_written_without_a_warning():
    entry, problems = one(csl(issued={"literal": "Spring term 2016"}), "z.json")
    assert problems == []  # before: "does not parse; use date-parts …", for what CSL means to print as written
    assert plain(full_note(entry)).endswith("Review 7 (Spring term 2016)")
    _, problems = one(csl(issued={"raw": "sometime in 2016"}), "z.json")
    assert problems == [("warning", "bib.date")]  # a raw date is meant to be parsed: still a warning


ACM = """@article{10.1145/3359999,
author = {Lee, Kim and Garc\\'{\\i}a, Mar\\'{\\i}a},
title = {Article Numbers in Practice},
year = {2019},
issue_date = {November 2019},
publisher = {Association for Computing Machinery},
address = {New York, NY, USA},
volume = {3},
number = {CSCW},
url = {https://doi.org/10.1145/3359999},
doi = {10.1145/3359999},
journal = {Proc. ACM Hum.-Comput. Interact.},
month = nov,
articleno = {142},
numpages = {25},
keywords = {citations, numbering}
}
"""


def test_acm_article_number_stands_where_the_pages_go():
    entry, problems = one(ACM, "acm.bib")
    assert problems == []
    # CMOS 18 14.71; before, the article number was dropped and the article could not be found in the volume
    assert plain(full_note(entry)) == ("Kim Lee and María García, “Article Numbers in Practice,” Proc. ACM "
                                       "Hum.-Comput. Interact. 3, no. CSCW (2019): 142, https://doi.org/10.1145/3359999")
    assert entry.get("eid") == "142"
    both = ACM.replace("articleno = {142},", "articleno = {142},\neid = {e7},")
    assert one(both, "acm.bib")[0].get("eid") == "e7"  # a biblatex eid the writer gave wins


def test_one_volume_is_one_vol():
    entry, _ = one(json.dumps([{"id": "k", "type": "book", "title": "The Prince", "number-of-volumes": "1",
                                "author": [{"family": "Machiavelli", "given": "Niccolò"}], "publisher": "P",
                                "issued": {"date-parts": [[1998]]}}]), "z.json")
    assert plain(full_note(entry)) == "Niccolò Machiavelli, The Prince, 1 vol. (P, 1998)"  # before: "1 vols."
    entry, _ = one("@mvbook{k, author = {Braudel, Fernand}, title = {The Mediterranean}, volumes = {2},"
                   " publisher = {P}, date = {1972/1973}}", "b.bib")
    assert "2 vols." in plain(full_note(entry))


WOS = """@Article{ WOS:000123456700001,
Author = {Hoxha, A. and Berisha, B.},
Title = {{Decentralisation and trust in Kosovo: evidence from {EU} programmes}},
Journal = {{EUROPE-ASIA STUDIES}},
Year = {{2021}},
Volume = {{73}},
Number = {{4}},
Pages = {{650-672}},
Month = {{APR 21}},
Publisher = {{ROUTLEDGE JOURNALS, TAYLOR \\& FRANCIS LTD}},
Type = {{Article}},
Language = {{English}},
DOI = {{10.1080/09668136.2021.1}},
Author-Email = {{a.hoxha@example.org}},
Times-Cited = {{3}},
Unique-ID = {{WOS:000123456700001}},
}
"""


def test_web_of_science_doubled_braces_do_not_protect_a_title():
    entry, problems = one(WOS, "wos.bib")
    assert problems == []
    # before: "Decentralisation and trust in Kosovo: evidence from EU programmes" (the exporter's braces read
    # as the writer's case protection); the inner braces still protect EU
    assert plain(full_note(entry)).startswith(
        "A. Hoxha and B. Berisha, “Decentralisation and Trust in Kosovo: Evidence from EU Programmes,” "
        "Europe-Asia Studies 73, no. 4 (2021): 650–72")
    # outside a Web of Science export, a title braced whole is the writer's: left as written
    jabref = WOS.replace("Unique-ID = {{WOS:000123456700001}},\n", "").replace("Type = {{Article}},\n", "")
    entry, _ = one(jabref, "jabref.bib")
    assert "“Decentralisation and trust in Kosovo: evidence from EU programmes,”" in plain(full_note(entry))


ZOTERO_TANDF = """@article{doe_migration_2019,
\ttitle = {Migration and remittances in {Kosovo}},
\tvolume = {12},
\turl = {https://example.org/a?id=1},
\tdoi = {10.5555/abc_def},
\tlanguage = {en},
\tnumber = {2},
\turldate = {2020-02-03},
\tjournal = {Southeast European and Black Sea Studies},
\tauthor = {Doe, Jane},
\tmonth = mar,
\tyear = {2019},
\tnote = {Publisher: Routledge
\\_eprint: https://example.org/doi/pdf/10.5555/abc\\_def},
\tpages = {123--145},
}
"""


def test_zotero_extra_lines_with_an_escaped_eprint_are_not_printed():
    # Zotero's BibTeX export of a Taylor & Francis article: the Extra field's lines in note, '_eprint' escaped
    entry, problems = one(ZOTERO_TANDF, "zotero.bib")
    assert problems == []
    assert "Publisher" not in plain(bibliography_entry(entry)) and "eprint" not in plain(bibliography_entry(entry))
    assert plain(bibliography_entry(entry)) == (
        "Doe, Jane. “Migration and Remittances in Kosovo.” Southeast European and Black Sea Studies 12, no. 2 "
        "(2019): 123–45. https://doi.org/10.5555/abc_def.")  # before: “… 123–45. Publisher: Routledge _eprint: …”
    assert entry.get("exporter-note").startswith("Publisher: Routledge")


ENDNOTE = """@article{RN42,
   author = {Berisha, Drita and Hoxha, Arben},
   title = {Judicial reform in Kosovo},
   journal = {Review of Central and East European Law},
   volume = {44},
   number = {3},
   pages = {301-330},
   ISSN = {0925-9880},
   url = {<Go to ISI>://WOS:000485000000001},
   year = {2019},
   type = {Journal Article}
}
"""


def test_endnote_go_to_isi_is_an_accession_number_not_a_link():
    entry, problems = one(ENDNOTE, "endnote.bib")
    assert problems == []  # before: "'<Go to ISI>://WOS:…' is not a valid http(s) URL", with nothing to do
    assert entry.get("url") == "" and entry.get("exporter-url") == "<Go to ISI>://WOS:000485000000001"
    assert plain(full_note(entry)).endswith("Review of Central and East European Law 44, no. 3 (2019): 301–30")
    both = ENDNOTE.replace("WOS:000485000000001}", "WOS:000485000000001\nhttps://example.org/rn42}")
    entry, problems = one(both, "endnote.bib")
    assert problems == [] and entry.get("url") == "https://example.org/rn42"


def test_first_last_comma_jr_is_a_suffix():
    entry, problems = one("@book{k, author = {Martin Luther King, Jr. and Gates, Jr., Henry Louis and "
                          "Ludwig van Beethoven, III}, title = {Juniors}, publisher = {P}, year = {2001}}", "s.bib")
    assert problems == []
    # BibTeX's reading (and pandoc's) is "Jr. Martin Luther King": a generation is never a given name
    assert [(n.given, n.particle, n.family, n.suffix) for n in entry.authors] == [
        ("Martin Luther", "", "King", "Jr."), ("Henry Louis", "", "Gates", "Jr."), ("Ludwig", "van", "Beethoven", "III")]
    assert plain(full_note(entry)).startswith("Martin Luther King Jr. et al.,")
    assert plain(bibliography_entry(entry)).startswith(
        "King, Martin Luther, Jr., Henry Louis Gates Jr., and Ludwig van Beethoven III.")
    entry, _ = one("@book{k, author = {Smith, John and Jones, V.}, title = {T}, year = {2001}}", "s.bib")
    assert [(n.given, n.family) for n in entry.authors] == [("John", "Smith"), ("V.", "Jones")]  # an initial stays


MENDELEY = """Automatically generated by Mendeley Desktop 1.19.8
Any changes to this file will be lost if it is regenerated by Mendeley.

BibTeX export options can be customized via Options -> BibTeX in Mendeley Desktop

@article{Gashi2019,
author = {Gashi, Arta and Morina, Besnik},
doi = {10.5555/j.jce.2019.01.001},
file = {:C$\\backslash$:/Users/a/Documents/Mendeley Desktop/Gashi, Morina - 2019.pdf:pdf},
issn = {01475967},
journal = {Journal of Comparative Economics},
number = {1},
pages = {1--19},
title = {{Firm growth after the war: evidence from {Kosovo} and the {EU}}},
volume = {47},
year = {2019}
}
"""


def test_mendeley_doubled_title_braces_do_not_protect_it():
    entry, problems = one(MENDELEY, "library.bib")
    assert problems == []
    # before: “Firm growth after the war: evidence from Kosovo and the EU” (Mendeley braces every title)
    assert "“Firm Growth After the War: Evidence from Kosovo and the EU,”" in plain(full_note(entry))
    no_header = MENDELEY[MENDELEY.index("@article"):]
    entry, _ = one(no_header.replace("year = {2019}", "mendeley-groups = {PhD},\nyear = {2019}"), "library.bib")
    assert "“Firm Growth After the War:" in plain(full_note(entry))  # its own field says Mendeley too
    entry, _ = one(no_header, "library.bib")  # a writer's braces around a whole title: kept as written
    assert "“Firm growth after the war: evidence from Kosovo and the EU,”" in plain(full_note(entry))


def test_chinese_japanese_korean_names_are_family_name_first_without_comma():
    entry, problems = one("@article{k, author = {张, 伟 and Smith, John and 山田, 太郎 and 김, 민수}, title = {Belt and Road},"
                          " journal = {China Quarterly}, year = {2021}, volume = {245}}", "zh.bib")
    assert problems == []
    # before: "伟 张, John Smith, 太郎 山田, and 민수 김" (read as Western names: given name first)
    assert plain(bibliography_entry(entry)).startswith("张伟, John Smith, 山田太郎, and 김민수. “Belt and Road.”")
    entry, _ = one(json.dumps([{"id": "k", "type": "book", "title": "T", "publisher": "P",
                                "author": [{"family": "王", "given": "小明"}], "issued": {"date-parts": [[2020]]}}]),
                   "z.json")
    assert plain(full_note(entry)) == "王小明, T (P, 2020)" and plain(bibliography_entry(entry)).startswith("王小明. T.")


YAML = """---
references:
- id: yaml1
  type: article-journal
  author:
  - family: Krasniqi
    given: Dua
  issued: 2021-05
  title: 'Trust in *local* institutions after **2008**: [iPhone]{.nocase} surveys of CO~2~ and file_names'
  container-title: East European Politics
  volume: 37
  URL: https://example.org/a_b_*c*
- id: yaml2
  type: book
  author:
  - family: Berisha
    given: Drita
  issued:
  - year: 2018
    month: 3
  - year: 2019
  title: Kosovo* after independence
  publisher: Routledge
...
"""


def test_csl_yaml_text_is_markdown_as_pandoc_reads_it():
    bib = read_text(YAML, "refs.yaml")
    assert [(p.severity, p.code) for p in bib.problems] == []
    entry = bib.entries["yaml1"]
    # before: the asterisks printed: “Trust in *local* Institutions after **2008**: [iPhone]{.nocase} …”
    assert entry.get("title") == ('Trust in <i>local</i> institutions after <b>2008</b>: <span class="nocase">iPhone'
                                  '</span> surveys of CO<sub>2</sub> and file_names')
    assert entry.get("url") == "https://example.org/a_b_*c*"  # a URL is taken literally
    assert bibliography_entry(entry).startswith("Krasniqi, Dua. “Trust in <i>Local</i> Institutions After <b>2008</b>")
    plain_yaml = YAML.replace("---\n", "", 1).replace("...\n", "")  # a .yml file without document markers
    assert read_text(plain_yaml, "refs.yml").entries["yaml1"].get("title").startswith("Trust in <i>local</i>")
    # a CSL-JSON file's text is not Markdown: its markup is HTML
    json_bib = read_text(json.dumps([{"id": "j", "type": "book", "title": "A *starred* title"}]), "refs.json")
    assert json_bib.entries["j"].get("title") == "A *starred* title"


def test_pandoc_citeproc_yaml_dates_as_a_list_of_parts():
    entry = read_text(YAML, "refs.yaml").entries["yaml2"]
    # before: "n.d." and a warning ("issued '[{'year': 2018}]' does not parse")
    assert entry.get("date") == "2018-03/2019"
    assert plain(full_note(entry)) == "Drita Berisha, Kosovo* After Independence (Routledge, 2018–2019)"  # a book: the years


def test_a_thesis_names_the_database_holding_it():
    item = {"id": "k", "type": "thesis", "title": "Local government in Kosovo", "publisher": "University of Prishtina",
            "genre": "PhD Thesis", "archive": "ProQuest Dissertations & Theses Global", "archive_location": "AAT 3300426",
            "author": [{"family": "Gashi", "given": "Arta"}], "issued": {"date-parts": [[2019]]}}
    entry, problems = one(json.dumps([item]), "zotero.json")
    assert problems == []
    # before: both dropped (Zotero's Archive and Loc. in Archive); CMOS 18 14.113 names the database and its number
    assert plain(full_note(entry)) == ("Arta Gashi, “Local Government in Kosovo” (PhD diss., University of Prishtina, "
                                       "2019), AAT 3300426, ProQuest Dissertations & Theses Global")
    assert plain(bibliography_entry(entry)).endswith("2019. AAT 3300426, ProQuest Dissertations & Theses Global.")
    letter = {**item, "type": "manuscript", "archive": "Hoover Institution Archives", "archive_location": "Box 3"}
    entry, _ = one(json.dumps([letter]), "zotero.json")
    assert entry.get("library") == "Box 3, Hoover Institution Archives"  # before: "Hoover Institution Archives"


def test_initials_without_periods_get_them():
    # Google Scholar: "Robinson, James A"; Scopus / Web of Science: "Selimi, V"; before: "James A Robinson"
    entry, problems = one("@article{k, title={Why nations fail}, author={Acemoglu, Daron and Robinson, James A and "
                          "Selimi, V and Morin, J-P and Krasniqi, Dua}, journal={Econometrica}, year={2012}}", "gs.bib")
    assert problems == []
    assert plain(bibliography_entry(entry)).startswith(
        "Acemoglu, Daron, James A. Robinson, V. Selimi, J.-P. Morin, and Dua Krasniqi. “Why Nations Fail.”")
    entry, _ = one(json.dumps([{"id": "k", "type": "book", "title": "T", "author": [{"family": "Hoxha", "given": "A B"}],
                                "publisher": "P", "issued": {"date-parts": [[2020]]}}]), "z.json")
    assert plain(full_note(entry)) == "A. B. Hoxha, T (P, 2020)"


REFER = "%0 Journal Article\n%A Hoxha, Arben\n%T Trust in courts\n%J Review\n%D 2019\n%V 3\n%P 1-10\n\n"


def test_endnote_tagged_format_is_refused_with_what_to_export():
    for name in ("library.enw", "library.txt", "library.bib"):
        bib = read_text(REFER, name)
        # before: a warning that the file is empty, though it holds a record
        assert [(p.severity, p.code) for p in bib.problems] == [("error", "bib.format")]
        assert "Refer" in bib.problems[0].message and "RIS" in bib.problems[0].message
    bib = read_text("% Exported by hand\n%0 is no record here\n@book{a, title = {T}, publisher = {P}, year = {2000}}",
                    "refs.bib")
    assert list(bib.entries) == ["a"] and bib.problems == ()  # a BibTeX file with comments stays BibTeX


def test_ris_saved_as_text_is_read_as_ris():
    ris = "TY  - JOUR\r\nTI  - Trust in courts\r\nAU  - Hoxha, Arben\r\nT2  - Review\r\nPY  - 2019\r\nVL  - 3\r\nER  - \r\n"
    bib = read_text(ris, "savedrecs.txt")  # Web of Science's and EndNote's RIS export, saved as .txt
    assert bib.problems == ()  # before: "the bibliography file is empty"
    assert plain(full_note(bib.entries["Hoxha_2019"])) == "Arben Hoxha, “Trust in Courts,” Review 3 (2019)"
    # JSTOR's header lines before the first record (before this fix: "no entries", as BibTeX); a BibTeX file
    # named .txt is still BibTeX
    jstor = 'Provider: JSTOR http://www.jstor.org\r\nDatabase: JSTOR\r\nContent: text/plain; charset="UTF-8"\r\n\r\n'
    bib = read_text(jstor + ris, "citations.txt")
    assert bib.problems == () and list(bib.entries) == ["Hoxha_2019"]
    bib = read_text("% Encoding: UTF-8\n\n@article{k, title={TY  - JOUR}, author={Doe, Jane}, journal={R}, year={2020}}\n",
                    "refs.txt")
    assert bib.problems == () and list(bib.entries) == ["k"]


ZOTERO_EXTRA = """@book{weber_protestant_2001,
\taddress = {London},
\tseries = {Routledge {Classics}},
\ttitle = {The {Protestant} ethic and the spirit of capitalism},
\tisbn = {978-0-415-25559-3},
\tpublisher = {Routledge},
\tauthor = {Weber, Max},
\ttranslator = {Parsons, Talcott},
\tyear = {2001},
\tnote = {original-date: 1905},
}

@book{doe_courts_2026,
\ttitle = {Courts in transition: {Kosovo}, {Serbia} and {North} {Macedonia} after 1999},
\tpublisher = {Yale University Press},
\tauthor = {Doe, Jane},
\tyear = {2026},
\tnote = {Status: forthcoming
Publisher-place: New Haven},
}
"""


def test_zotero_extra_lines_that_print_are_read():
    # Zotero's plain BibTeX export writes the Extra field, Zotero's place for an original date or a status, in note
    bib = read_text(ZOTERO_EXTRA, "zotero.bib")
    assert [(p.severity, p.code) for p in bib.problems] == []
    weber, doe = bib.entries["weber_protestant_2001"], bib.entries["doe_courts_2026"]
    # before: the note hidden as the exporter's and the 1905 with it
    assert plain(full_note(weber)).endswith("Routledge Classics (1905; Routledge, 2001)")
    assert plain(full_note(doe)).endswith("(Yale University Press, forthcoming 2026)")  # before: "(…, 2026)"
    assert doe.get("location") == ""  # a line nothing prints stays the exporter's


def test_a_braced_word_does_not_stop_the_short_title():
    from briefpress.chicago import short_note
    bib = read_text(ZOTERO_EXTRA, "zotero.bib")
    # Zotero braces every capitalised word; before, such a title was never cut: "The Protestant Ethic and …"
    assert plain(short_note(bib.entries["weber_protestant_2001"])) == "Weber, Protestant Ethic and the Spirit of Capitalism"
    assert plain(short_note(bib.entries["doe_courts_2026"])) == "Doe, Courts in Transition"
    entry, _ = one("@book{k, author = {Doe, Jane}, title = {The {NATO} Enlargement Debate in the Western Balkans},"
                   " publisher = {P}, year = {2020}}", "b.bib")
    assert plain(short_note(entry)) == "Doe, NATO Enlargement Debate"


def test_a_braced_leading_article_is_dropped_from_the_short_title():
    from briefpress.chicago import short_note
    # before: a braced article counted as a word like any other and stayed ("The NATO Summit"), where a bare
    # "The" is dropped
    for title in ("{The} {NATO} Summit in Vilnius and Its Aftermath", "The {NATO} Summit in Vilnius and Its Aftermath"):
        entry, _ = one(f"@book{{k, author = {{Doe, Jane}}, title = {{{title}}}, publisher = {{P}}, year = {{2020}}}}",
                       "b.bib")
        assert plain(short_note(entry)) == "Doe, NATO Summit"
    entry, _ = one("@book{k, author = {Doe, Jane}, title = {{The}}, publisher = {P}, year = {2020}}", "b.bib")
    assert plain(short_note(entry)) == "Doe, The"  # a title that is the article alone keeps it


def test_csl_yaml_emphasis_is_found_within_a_long_title_and_not_across_an_unclosed_mark():
    # the emphasis search is bounded (an unclosed mark was sought to the value's end from each mark: quadratic);
    # a title's emphasis, however long, is still found, and marks left open stay as written, as pandoc leaves them
    words = " ".join(["stability"] * 30)  # 299 characters in italics
    yaml = f"---\nreferences:\n- id: y\n  type: book\n  title: 'The *{words}* of C*-algebras and x_1 ' \n...\n"
    title = read_text(yaml, "refs.yaml").entries["y"].get("title")
    assert title == f"The <i>{words}</i> of C*-algebras and x_1"


def test_csl_yaml_math_is_a_formula_and_code_is_not_markdown():
    # pandoc reads $…$ as TeX math and `…` as code before emphasis and superscripts; before the fix the
    # superscript marks in a formula were read as Markdown ("$a<sup>{2}b</sup>{3}$"), its escapes undone, and
    # a formula printed with its dollars
    title = r"Bounds for $a^{2}b^{3}$ and $\{x<y\}$ in `a*b*c` *sums*, $5 and $10 each"
    yaml = "---\nreferences:\n- id: y\n  type: book\n  title: " + json.dumps(title) + "\n...\n"
    math = '<span class="math inline">\\(a^{2}b^{3}\\)</span> and <span class="math inline">\\(\\{x&lt;y\\}\\)</span>'
    assert read_text(yaml, "refs.yaml").entries["y"].get("title") == (
        f"Bounds for {math} in `a*b*c` <i>sums</i>, $5 and $10 each")
    # as the BibTeX reader holds a formula
    bibtex = read_text(r"@book{y, title = {Bounds for $a^{2}b^{3}$ and $\{x<y\}$}}", "b.bib").entries["y"].get("title")
    assert bibtex == f"Bounds for {math}"
    only = read_text("---\nreferences:\n- id: y\n  type: book\n  title: 'On $x$ bounds'\n...\n", "r.yaml")
    assert only.entries["y"].get("title") == 'On <span class="math inline">\\(x\\)</span> bounds'  # no other mark


WOS_TAGGED = ("\ufeffFN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Hoxha, A\nAF Hoxha, Arben\n"
              "TI Trust in courts\nSO REVIEW OF LAW\nPY 2019\nVL 3\nUT WOS:000111222333444\nER\n\nEF\n")
MEDLINE = "PMID- 31000001\nOWN - NLM\nTI  - Trust in courts.\nFAU - Hoxha, Arben\nAU  - Hoxha A\nDP  - 2019 Mar\n\n"


def test_web_of_science_plain_text_and_pubmed_medline_are_refused_with_what_to_export():
    # Web of Science's "Plain text file" export (savedrecs.txt) and PubMed's "Citation manager" file (.nbib) are
    # tagged formats of their own, not RIS; before, read as BibTeX: "no entries" (bib.empty), and nothing said why
    for text, name, says in ((WOS_TAGGED, "savedrecs.txt", "RIS (other reference software)"),
                             (MEDLINE, "pubmed.nbib", "reference manager")):
        bib = read_text(text, name)
        assert bib.entries == {}
        (problem,) = bib.problems
        assert (problem.severity, problem.code, problem.location.line) == ("error", "bib.format", 1)
        assert says in problem.message


def test_csl_yaml_dashes_ellipses_and_links_are_read_as_pandoc_reads_them():
    # pandoc's Markdown: "--" an en dash, "---" an em dash, "..." an ellipsis, a link its text, an autolink its
    # address; before, they printed as typed ("1999--2009", "[the data](https://…)", "<https://…>")
    yaml = ("---\nreferences:\n- id: k\n  type: article-journal\n  title: 'Kosovo 1999--2009 --- and after...'\n"
            "  container-title: Review\n  volume: 3\n  page: 112--115\n  issued: 2020\n"
            "  note: 'See <https://a.org/x_y_z> and [the data](https://b.org/d_e_f), \\-\\- as typed'\n...\n")
    entry = read_text(yaml, "r.yaml").entries["k"]
    assert entry.get("title") == "Kosovo 1999\u20132009 \u2014 and after\u2026"
    assert entry.get("note") == "See https://a.org/x_y_z and the data, -- as typed"
    assert plain(full_note(entry)).endswith("Review 3 (2020): 112\u201315, see https://a.org/x_y_z and the data, -- as typed")
    # CSL-JSON's text is taken as written, as citeproc takes it
    json_text = json.dumps([{"id": "k", "type": "book", "title": "Kosovo 1999--2009"}])
    assert read_text(json_text, "r.json").entries["k"].get("title") == "Kosovo 1999--2009"


WOS_MEETING = """@inproceedings{ WOS:000123456700002,
Author = {Hoxha, Arben},
Title = {{Trust in courts}},
Booktitle = {{2019 IEEE INTERNATIONAL CONFERENCE ON SECURITY (ICS)}},
Year = {{2019}},
Organization = {{IEEE}},
Unique-ID = {{WOS:000123456700002}},
}
"""


def test_web_of_science_meeting_acronym_in_parentheses_stays_in_capitals():
    # Web of Science's booktitles are in capitals; the meeting's own acronym after its name is one
    # (before: "… Conference on Security (Ics)")
    entry, problems = one(WOS_MEETING, "wos.bib")
    assert problems == []
    assert "in 2019 IEEE International Conference on Security (ICS) (IEEE, 2019)" in plain(full_note(entry))
    for later, printed in (("ICS 2019", "ICS 2019"), ("ICS '19", "ICS ’19")):
        entry, _ = one(WOS_MEETING.replace("(ICS)", f"({later})"), "wos.bib")
        assert f"Conference on Security ({printed})" in plain(full_note(entry))
    # a word in parentheses in a title that names no meeting is a word: "(Review)"
    entry, _ = one(WOS_MEETING.replace("{{Trust in courts}}", "{{TRUST IN COURTS OF KOSOVO (REVIEW)}}"), "wos.bib")
    assert "“Trust in Courts of Kosovo (Review),”" in plain(full_note(entry))


def test_dblp_homonym_number_is_no_part_of_a_name():
    # DBLP tells people of one name apart by a number ("Wei Wang 0001"); before, it was read as the family name:
    # "0001, Wei Wang". A year after a name ("Census 2011") stays, as no year begins with 0
    entry, problems = one("@article{DBLP:journals/x/WangW20, author = {Wei Wang 0001 and Wang 0002, Jun and "
                          "Census 2011}, title = {T}, journal = {R}, year = {2020}}", "dblp.bib")
    assert problems == []
    assert [(n.given, n.family) for n in entry.authors] == [("Wei", "Wang"), ("Jun", "Wang"), ("Census", "2011")]
    assert plain(bibliography_entry(entry)).startswith("Wang, Wei, Jun Wang, and Census 2011. “T.”")


def test_a_document_number_follows_its_kind():
    # Zotero's SSRN preprint: its kind and number ("SSRN Scholarly Paper no. 1234567", as pandoc prints it);
    # before, the number was lost
    entry, problems = one("@misc{doe_courts_2020, address = {Rochester, NY}, type = {{SSRN} {Scholarly} {Paper}},"
                          " title = {Courts in transition}, doi = {10.2139/ssrn.1234567}, number = {1234567},"
                          " publisher = {Social Science Research Network}, author = {Doe, Jane}, year = {2020}}", "z.bib")
    assert problems == []
    assert plain(full_note(entry)) == ("Jane Doe, Courts in Transition, SSRN Scholarly Paper no. 1234567, Social "
                                       "Science Research Network, 2020, https://doi.org/10.2139/ssrn.1234567")  # no place (CMOS 18, citeproc)
    assert "Courts in Transition. SSRN Scholarly Paper No. 1234567. Social" in plain(bibliography_entry(entry))
    entry, _ = one("@misc{k, type = {Preprint}, title = {T}, number = {arXiv:2001.01234v2}, author = {Doe, Jane},"
                   " year = {2020}}", "z.bib")
    assert plain(full_note(entry)).startswith("Jane Doe, T, Preprint arXiv:2001.01234v2, 2020")  # no "no." before it


def test_a_preprint_number_prints_without_a_kind_and_on_a_web_page():
    # Zotero's BibTeX of an arXiv preprint (@misc, its id in number, no type) and a working paper posted as a web
    # page (@online with type and number): citeproc prints the number after the title, with the kind when there is
    # one; the kind in title case in the bibliography only before a number. Before, both numbers were lost and a
    # misc printed its place beside its publisher
    entry, _ = one("@misc{k, title = {Trust in Institutions}, number = {arXiv:2305.01234}, publisher = {arXiv},"
                   " author = {Krasniqi, Dea}, year = {2023}, month = may}", "z.bib")
    assert plain(full_note(entry)) == "Dea Krasniqi, Trust in Institutions, arXiv:2305.01234, arXiv, 2023"
    assert plain(bibliography_entry(entry)) == "Krasniqi, Dea. Trust in Institutions. arXiv:2305.01234. arXiv, 2023."
    entry, _ = one("@misc{k, title = {Courts}, number = {3801234}, publisher = {SSRN}, address = {Rochester, NY},"
                   " author = {Hoxha, Arben}, year = {2021}}", "z.bib")
    assert plain(full_note(entry)) == "Arben Hoxha, Courts, no. 3801234, SSRN, 2021"
    assert plain(bibliography_entry(entry)) == "Hoxha, Arben. Courts. No. 3801234. SSRN, 2021."
    entry, _ = one("@online{k, title = {Courts}, number = {17}, type = {Working paper}, organization = {SSRN},"
                   " author = {Hoxha, Arben}, date = {2021-06-15}, url = {https://example.org/y}}", "z.bib")
    assert plain(full_note(entry)) == ("Arben Hoxha, “Courts,” Working paper no. 17, SSRN, June 15, 2021, "
                                       "https://example.org/y")
    assert plain(bibliography_entry(entry)).startswith("Hoxha, Arben. “Courts.” Working Paper No. 17. SSRN, June 15")
    entry, _ = one("@online{k, title = {Courts}, type = {Press release}, organization = {Example Council},"
                   " date = {2021-06-15}, url = {https://example.org/y}}", "z.bib")
    assert "“Courts.” Press release. June 15, 2021." in plain(bibliography_entry(entry))


def test_a_csl_legal_case_keeps_its_law_report():
    # Zotero's case: the reporter is the container ("U.S."); before, it was dropped and the case printed as a
    # book, "Brown v. Board of Education, vol. 347 (Supreme Court, 1954), 483"
    case = {"id": "brown", "type": "legal_case", "title": "Brown v. Board of Education", "container-title": "U.S.",
            "volume": "347", "page": "483", "authority": "Supreme Court", "issued": {"date-parts": [[1954]]}}
    entry, problems = one(json.dumps([case]), "z.json")
    assert problems == []
    assert plain(full_note(entry)).startswith("Brown v. Board of Education, 347 U.S. 483 (")
    bibtex, _ = one("@jurisdiction{brown, title = {Brown v. Board of Education}, journaltitle = {U.S.}, volume = {347},"
                    " pages = {483}, institution = {Supreme Court}, date = {1954}}", "b.bib")
    assert full_note(entry) == full_note(bibtex)  # as biblatex's case reads


def test_a_short_title_is_not_a_lone_noun_cut_before_of():
    from briefpress.chicago import short_note
    # the braced word let the cut reach this title (arXiv's BibTeX, tests/fixtures/papers/arxiv): cut after its
    # first word it printed "Friedman, Proof"; a noun and its "of" phrase stay together
    entry, _ = one("@article{k, author = {Friedman, Joel}, title = {A proof of {Alon's} second eigenvalue conjecture},"
                   " journal = {Mem. AMS}, year = {2008}}", "a.bib")
    assert plain(short_note(entry)) == "Friedman, “Proof of Alon’s Second Eigenvalue Conjecture”"
    entry, _ = one("@book{k, author = {Doe, Jane}, title = {Growth in the Western Balkans since 1999},"
                   " publisher = {P}, year = {2020}}", "a.bib")
    # other phrases still open a cut, but never after a lone first word ("Doe, Growth"): at the fifth word
    assert plain(short_note(entry)) == "Doe, Growth in the Western Balkans"


def test_google_scholars_misc_preprint_prints_its_journal():
    # Google Scholar's BibTeX of an arXiv preprint: @misc with the id only in journal. Before, the journal was dropped,
    # "Dea Krasniqi, Trust in Institutions, 2023", with nothing to find it by; pandoc --citeproc prints the journal
    # ("in arXiv Preprint …"); read as the @article Google Scholar writes for other preprints, printed as that is
    entry, problems = one("@misc{gs2023, title={Trust in institutions}, author={Krasniqi, Dea},"
                          " journal={arXiv preprint arXiv:2305.01236}, year={2023}}", "scholar.bib")
    assert not [p for p in problems if p.severity != "info"]
    assert plain(full_note(entry)) == "Dea Krasniqi, “Trust in Institutions,” arXiv Preprint arXiv:2305.01236, 2023"
    assert plain(bibliography_entry(entry)) == "Krasniqi, Dea. “Trust in Institutions.” arXiv Preprint arXiv:2305.01236, 2023."


@pytest.mark.parametrize("field", ["note", "howpublished"])
@pytest.mark.parametrize("value", [r"\url{https://example.org/d3}", "https://example.org/d3"])
def test_a_note_that_is_only_a_url_is_the_link(field, value):
    # old BibTeX styles had no url field: note = {\url{…}} as howpublished = {\url{…}}. Before, a note printed as text
    # after the facts, "N.d. Https://example.org/d3." (capitalised as a sentence), and no "accessed" with it
    entry, _ = one(f"@misc{{k, author = {{Gashi, Blerina}}, title = {{Undated}}, {field} = {{{value}}},"
                   " urldate = {2024-01-02}}", "old.bib")
    assert entry.get("url") == "https://example.org/d3" and not entry.get(field)
    assert plain(bibliography_entry(entry)) == ("Gashi, Blerina. Undated. N.d. Accessed January 2, 2024. "
                                                "https://example.org/d3.")


@pytest.mark.parametrize("field", ["note", "howpublished"])
def test_a_url_only_in_a_note_makes_a_zotero_misc_with_a_site_a_web_page(field):
    # @misc with its site in journal and its link in note (or howpublished) = {\url{…}}: read as the same entry with
    # url = {…}, a web page listed under its site. Before, the link was taken from the note only after the entry had
    # been read as Google Scholar's preprint (no URL yet), "“Post.” BBC News, 2020." (or left a misc, "“Post.” In BBC
    # News")
    entry, _ = one(f"@misc{{w, title = {{Post}}, journal = {{BBC News}}, {field} = {{\\url{{https://example.org/bbc}}}},"
                   " year = {2020}}", "z.bib")
    assert entry.type == "online"
    assert plain(bibliography_entry(entry)) == "BBC News. “Post.” 2020. https://example.org/bbc."


def test_a_misc_prints_its_series_after_its_number():
    # a working paper in a series, @misc: citeproc prints "Courts, no. 12, Working Papers, SSRN, 2021". Before, the
    # series was dropped, so the number (printed since a misc's number prints without a kind) named no series
    entry, _ = one("@misc{k, title = {Courts}, series = {Working Papers}, number = {12}, publisher = {SSRN},"
                   " author = {Hoxha, Arben}, year = {2021}}", "z.bib")
    assert plain(full_note(entry)) == "Arben Hoxha, Courts, no. 12, Working Papers, SSRN, 2021"
    assert plain(bibliography_entry(entry)) == "Hoxha, Arben. Courts. No. 12. Working Papers. SSRN, 2021."


def test_a_csl_documents_or_web_pages_genre_prints_with_its_number():
    # Zotero's CSL-JSON: the kind of document in genre (read as biblatex's type). pandoc --citeproc prints it,
    # "SSRN Scholarly Paper no. 3801234", "Working paper no. 17"; before, only "no. …": the genre was taken for one
    # implied by the type, as @interview implies "interview"
    entry, _ = one(json.dumps([{"id": "d", "type": "document", "title": "Courts", "genre": "SSRN Scholarly Paper",
                                "number": "3801234", "publisher": "SSRN", "author": [{"family": "Hoxha", "given": "Arben"}],
                                "issued": {"date-parts": [[2021]]}}]), "z.json")
    assert plain(full_note(entry)) == "Arben Hoxha, Courts, SSRN Scholarly Paper no. 3801234, SSRN, 2021"
    entry, _ = one(json.dumps([{"id": "w", "type": "webpage", "title": "Courts", "genre": "Working paper", "number": "17",
                                "publisher": "SSRN", "URL": "https://example.org/y", "issued": {"date-parts": [[2021]]},
                                "author": [{"family": "Hoxha", "given": "Arben"}]}]), "z.json")
    assert plain(bibliography_entry(entry)) == ("Hoxha, Arben. “Courts.” Working Paper No. 17. SSRN, 2021. "
                                                "https://example.org/y.")
    entry, _ = one("@interview{i, title = {Talk}, author = {Doe, Jane}, year = {2021}, publisher = {Radio}}", "z.bib")
    assert plain(full_note(entry)) == "Jane Doe, Talk, Radio, 2021"  # "interview" is implied, not printed


def test_a_place_exported_in_capitals_is_read_as_words_its_state_code_kept():
    # citeproc prints the field as given ("WASHINGTON, DC"); CMOS 18 the usual form, as the reader already re-cased
    # a location of two words or more. Before: a venue stayed in capitals ("paper presented at …, WASHINGTON, DC"), a
    # one-word place too ("(WASHINGTON, 2017)"), and every two-letter word of a place was taken for a code
    # ("ST. Louis", "Rio DE Janeiro")
    entry, _ = one("@inproceedings{k, author = {Gashi, Arta}, title = {A Talk}, eventtitle = {Annual Meeting},\n"
                   "  venue = {WASHINGTON, DC}, eventdate = {2019-04-02}}", "r.bib")
    assert plain(full_note(entry)) == ("Arta Gashi, “A Talk” (paper presented at Annual Meeting, Washington, DC, "
                                       "April 2, 2019)")
    for written, read in (("WASHINGTON", "Washington"), ("WASHINGTON, DC", "Washington, DC"),
                          ("WASHINGTON DC", "Washington DC"), ("ST. LOUIS, MO", "St. Louis, MO"),
                          ("RIO DE JANEIRO, BRAZIL", "Rio de Janeiro, Brazil"), ("BOSTON, MA, USA", "Boston, MA, USA"),
                          ("Cambridge, MA", "Cambridge, MA"), ("Washington, D.C.", "Washington, D.C."),
                          # a place whose words are of three letters; a country's acronym kept, an acronym alone too
                          ("LA PAZ", "La Paz"), ("ULM", "Ulm"), ("DUBAI, UAE", "Dubai, UAE"), ("NYC", "NYC")):
        entry, _ = one(f"@book{{k, author = {{Gashi, Arta}}, title = {{A Book}}, address = {{{written}}}, year = {{2017}}}}",
                       "r.bib")
        assert plain(bibliography_entry(entry)) == f"Gashi, Arta. A Book. {read}, 2017.", written
    # a RIS record's place alike
    entry, _ = one("TY  - BOOK\nAU  - Gashi, Arta\nTI  - A Book\nCY  - ST. LOUIS, MO\nPY  - 2017\nER  - \n", "r.ris")
    assert plain(bibliography_entry(entry)) == "Gashi, Arta. A Book. St. Louis, MO, 2017."


def test_an_organisation_exported_in_capitals_keeps_its_small_words_in_lower_case():
    # A title is cased again when printed; a publisher or institution is printed as read: "UNIVERSITY OF CHICAGO
    # PRESS" read as "University Of Chicago Press", "THE MIT PRESS" as "The Mit Press"
    for field, written, read in (("publisher", "UNIVERSITY OF CHICAGO PRESS", "University of Chicago Press"),
                                 ("publisher", "THE MIT PRESS", "The MIT Press"),
                                 ("publisher", "ÉDITIONS DE LA SORBONNE", "Éditions de la Sorbonne"),
                                 ("publisher", "Press of the University", "Press of the University")):
        entry, _ = one(f"@book{{k, author = {{Gashi, Arta}}, title = {{A Book}}, {field} = {{{written}}}, "
                       "year = {2017}}", "r.bib")
        assert plain(bibliography_entry(entry)) == f"Gashi, Arta. A Book. {read}, 2017.", written
    entry, _ = one("@report{k, author = {Gashi, Arta}, title = {A Report}, institution = {INSTITUTE FOR PEACE AND "
                   "SECURITY}, year = {2017}}", "r.bib")
    assert "Institute for Peace and Security" in plain(bibliography_entry(entry))
