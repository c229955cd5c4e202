"""Entries shaped like the exports of common tools (invented content): each is read without an error."""
import pytest

from briefpress.bib.read import read_text

EXPORTS = {
    "google-scholar": """@article{hoxha2019border,
  title={Border management and trust},
  author={Hoxha, Ilirjana and Krasniqi, Arb{\\"e}r},
  journal={Journal of Southeast European Studies},
  volume={21},
  number={2},
  pages={145--168},
  year={2019},
  publisher={Taylor \\& Francis}
}""",
    "zotero-bbt": """@article{hoxhaBorderManagementTrust2019,
  title = {Border Management and Trust: {{EU}} Facilitation},
  shorttitle = {Border Management and Trust},
  author = {Hoxha, Ilirjana and Krasniqi, Arbër},
  date = {2019-03},
  journaltitle = {Journal of Southeast European Studies},
  shortjournal = {J. Southeast Eur. Stud.},
  volume = {21},
  number = {2},
  pages = {145--168},
  doi = {10.5555/jsee.2019.0212},
  url = {https://example.org/jsee/0212},
  urldate = {2024-05-01},
  langid = {english},
  keywords = {borders,trust},
  file = {/home/user/Zotero/storage/ABCD1234/Hoxha - 2019.pdf}
}""",
    "zotero-bibtex": """@article{hoxha_border_2019,
\ttitle = {Border {Management} and {Trust}},
\tvolume = {21},
\tissn = {1461-3190},
\turl = {https://example.org/jsee/0212},
\tdoi = {10.5555/jsee.2019.0212},
\tlanguage = {en},
\tnumber = {2},
\turldate = {2024-05-01},
\tjournal = {Journal of Southeast European Studies},
\tauthor = {Hoxha, Ilirjana and Krasniqi, Arbër},
\tmonth = mar,
\tyear = {2019},
\tpages = {145--168},
}""",
    "jabref": """% Encoding: UTF-8

@Article{Hoxha2019,
  author    = {Ilirjana Hoxha and Arbër Krasniqi},
  journal   = {Journal of Southeast European Studies},
  title     = {Border Management and Trust},
  year      = {2019},
  month     = {mar},
  number    = {2},
  pages     = {145--168},
  volume    = {21},
  doi       = {10.5555/jsee.2019.0212},
  publisher = {Informa {UK} Limited},
}

@Comment{jabref-meta: databaseType:biblatex;}""",
    "mendeley": """@article{Hoxha2019,
abstract = {We study trust.},
author = {Hoxha, Ilirjana and Krasniqi, Arb{\\"{e}}r},
doi = {10.5555/jsee.2019.0212},
file = {:home/user/Documents/Mendeley/Hoxha2019.pdf:pdf},
issn = {1461-3190},
journal = {Journal of Southeast European Studies},
keywords = {Borders,Trust},
mendeley-groups = {Balkans},
number = {2},
pages = {145--168},
title = {{Border Management and Trust}},
volume = {21},
year = {2019}
}""",
    "web-of-science": """@article{ WOS:000123456700001,
Author = {Hoxha, Ilirjana and Krasniqi, Arber},
Title = {Border Management and Trust},
Journal = {JOURNAL OF SOUTHEAST EUROPEAN STUDIES},
Year = {2019},
Volume = {21},
Number = {2},
Pages = {145-168},
Month = {MAR},
DOI = {10.5555/jsee.2019.0212},
ISSN = {1461-3190},
Unique-ID = {WOS:000123456700001},
}""",
    "dblp": """@inproceedings{DBLP:conf/bsc/HoxhaK19,
  author       = {Ilirjana Hoxha and
                  Arb{\\"{e}}r Krasniqi},
  title        = {Border Management and Trust},
  booktitle    = {Proceedings of the Balkan Security Conference, {BSC} 2019, Prishtina,
                  Kosovo, October 6-7, 2019},
  pages        = {145--168},
  publisher    = {{KCSS}},
  year         = {2019},
  doi          = {10.5555/jsee.2019.0212},
  timestamp    = {Mon, 07 Oct 2019 10:00:00 +0200},
  biburl       = {https://example.org/dblp/rec/conf/bsc/HoxhaK19.bib},
  bibsource    = {dblp computer science bibliography, https://example.org/dblp}
}""",
}


@pytest.mark.parametrize("tool", sorted(EXPORTS))
def test_exports_read_cleanly(tool):
    bib = read_text(EXPORTS[tool], f"{tool}.bib")
    assert not [p for p in bib.problems if p.severity == "error"], bib.problems
    (entry,) = bib.entries.values()
    assert [n.family for n in entry.authors] == ["Hoxha", "Krasniqi"]
    assert entry.authors[1].given in ("Arbër", "Arber")
    assert entry.get("date").startswith("2019")
    assert "Border" in entry.get("title") and "{" not in entry.get("title")
    assert entry.get("journaltitle") or entry.get("booktitle")
    assert entry.get("pages") in ("145–168", "145-168")


# --- Whole files shaped like each tool's export (tests/fixtures/exports/, invented entries), read as a
# build reads them (bytes -> text -> entries) and formatted; each construct's outcome is asserted.

from pathlib import Path  # noqa: E402

import re  # noqa: E402

from briefpress import chicago  # noqa: E402
from briefpress.bib.model import plain  # noqa: E402
from briefpress.bib.read import read_bibliographies  # noqa: E402
from briefpress.source_files import _read_bibs  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures" / "exports"


def export(name):
    """(entries, problems as (severity, code, line, col), the file's text as read)."""
    path = FIXTURES / name
    files = _read_bibs([path], FIXTURES)
    bib = read_bibliographies(files)
    problems = [(p.severity, p.code, p.location.line, p.location.col) for p in (*files[0].warnings, *bib.problems)]
    return bib.entries, problems, files[0].text


def line_of(text, needle):
    return text.split("\n").index(next(line for line in text.split("\n") if needle in line)) + 1


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.bib")))
def test_every_export_reads_and_formats_without_an_error(name):
    entries, problems, _ = export(name)
    assert entries and not [p for p in problems if p[0] == "error"], problems
    for entry in entries.values():
        note, listed = chicago.full_note(entry), chicago.bibliography_entry(entry)
        lead = (entry.authors or entry.role("editor"))[0].family
        assert lead in listed and lead in note
        words = [w for w in re.findall(r"\w+", plain(entry.get("title")).lower()) if len(w) > 3][:3]
        assert words and all(w in plain(note).lower() and w in plain(listed).lower() for w in words), (note, listed)
        no_math = MATH.sub("", note + listed)
        assert "\\" not in no_math and "{" not in no_math and "}" not in no_math


MATH = re.compile(r'<span class="math inline">.*?</span>')


def test_zotero_bibtex():
    entries, problems, text = export("zotero-bibtex.bib")
    e = entries["hoxha_border_2019"]
    # Zotero escapes URLs as LaTeX: undone, with a note at the field's line
    assert e.get("url") == "https://example.org/jsee/2019/0212?ref=rss_feed&lang=en"
    assert problems == [("info", "bib.url", 7, 1)]
    # Zotero's Extra line in note is its own data, kept unprinted (exporters.bookkeeping_note)
    assert not e.get("note") and e.get("exporter-note").startswith("Publisher: Routledge")
    assert e.get("date") == "2019-03" and e.get("langid") == "" and e.language == "en"
    assert e.get("shorttitle") == 'Border <span class="nocase">Management</span> and <span class="nocase">Trust</span>'
    assert e.authors[2].literal and e.authors[2].family == "Kosovar Centre for Security Studies"
    assert e.get("file").startswith("Full Text PDF:/home/user/Zotero/storage/")
    assert "{\\textquotedblleft}" in e.get("abstract")  # never printed: kept as written, not decoded
    book = entries["gashi_dialogu_2021"]
    assert "–" in book.get("title") and book.get("location") == "Prishtinë"  # {\textendash}, address
    assert entries["peric_odbrana_2018"].role("editor")[0].family == "Šarić"


def test_zotero_better_biblatex():
    entries, problems, _ = export("zotero-bbt.bib")
    assert problems == []
    report = entries["kcssKosovoSecurityBarometer2022"]
    assert "Barometer</span> – <span" in report.get("title")  # \textendash{}
    assert report.get("note").startswith("“The barometer”")  # {\textquotedblleft}...{\textquotedblright}
    assert report.get("institution") == '<span class="nocase">KCSS</span>' and report.get("date") == "2022-12-15"
    thesis = entries["krasniqiNeutralityDoctrine2020"]
    assert (thesis.type, thesis.get("type")) == ("thesis", "phdthesis") and "2007–2019" in thesis.get("title")
    article = entries["hoxhaBorderManagementTrust2019"]
    assert article.get("url") == "https://example.org/jsee/2019/0212?ref=rss_feed"  # BBT writes URLs bare
    assert (article.get("shortjournal"), article.get("keywords")) == ("J. Southeast Eur. Stud.", "borders,Kosovo,trust")


def test_mendeley():
    entries, problems, _ = export("mendeley.bib")
    assert problems == []  # the header lines are text outside entries: ignored, as BibTeX ignores them
    e = entries["Hoxha2019"]
    assert e.authors[1].given == "Arbër"  # {\"{e}}
    # {{...}}: Mendeley braces every title, so the braces are its own, no case protection (test_bib_export_shapes)
    assert e.get("title") == "Border Management and Trust"
    assert e.get("file") == ":home/user/Documents/Mendeley Desktop/Hoxha, Krasniqi - 2019 - Border Management and Trust.pdf:pdf"
    assert e.get("mendeley-groups") == "Balkans/Borders,Thesis" and e.get("issn") == "1461-3190"
    assert entries["Peric2018"].get("publisher") == "Institut za međunarodnu politiku"  # {\dj}
    assert entries["Gashi2020"].get("date") == "2020-10-06"  # an ISO date wins over year


def test_jabref():
    entries, problems, _ = export("jabref.bib")
    assert problems == []  # @Comment{jabref-meta: ...} blocks and '% Encoding' are not entries
    e = entries["Hoxha2019"]
    assert [(n.given, n.family) for n in e.authors] == [("Ilirjana", "Hoxha"), ("Arbër", "Krasniqi")]
    assert (e.get("owner"), e.get("timestamp"), e.get("groups")) == ("ilirjana", "2024-05-01", "Borders, Thesis")
    assert e.get("date") == "2019-03" and e.get("publisher") == 'Informa <span class="nocase">UK</span> Limited'
    assert entries["Peric2018"].get("comment") == "Chapter 3 is the useful one."


def test_google_scholar():
    entries, problems, _ = export("google-scholar.bib")
    assert problems == []
    e = entries["hoxha2019border"]
    assert "author" in e.et_al and e.get("publisher") == "Taylor &amp; Francis"
    empty = entries["selimi2017trust"]  # volume={}, number={}, pages={}: no values, not empty ones
    assert not ({"volume", "number", "pages"} & set(empty.fields))
    assert entries["krasniqi2020neutrality"].type == "thesis"
    assert "et al." in chicago.bibliography_entry(e)


def test_dblp():
    entries, problems, text = export("dblp.bib")
    assert problems == []
    e = entries["DBLP:conf/bsc/HoxhaK19"]
    assert [n.family for n in e.authors] == ["Hoxha", "Krasniqi"]  # 'and' at a line end, names indented
    assert e.field_lines["title"] == line_of(text, "Border Management and Trust")
    assert e.get("biburl").startswith("https://example.org/dblp/") and e.get("bibsource").startswith("dblp")
    child = entries["DBLP:conf/bsc/Gashi20"]  # crossref to an @proceedings parent
    assert [n.family for n in child.role("editor")] == ["Selimi", "Perić"]
    assert child.get("publisher") == '<span class="nocase">KCSS</span>' and child.get("isbn") == "978-9951-00-001-7"
    assert child.get("booktitle") == '<span class="nocase">BSC</span>'  # the child's own booktitle wins
    corr = entries["DBLP:journals/corr/abs-2101-01234"]
    assert (corr.get("eprinttype"), corr.get("eprint")) == ("arXiv", "2101.01234")


def test_arxiv_and_ads():
    entries, problems, _ = export("arxiv-ads.bib")
    assert problems == []
    apj = entries["2021ApJ...912L...1H"]
    assert apj.get("journaltitle") == "Astrophysical Journal Letters"  # journal = {\apjl}
    assert entries["2019MNRAS.488.1234G"].get("journaltitle") == "Monthly Notices of the Royal Astronomical Society"
    assert entries["2018AandA...615A..12B"].get("journaltitle") == "Astronomy and Astrophysics"
    assert '<span class="math inline">\\(\\sim\\)</span>' in apj.get("title")  # {\ensuremath{\sim}}
    assert [n.family for n in apj.authors] == ["Hoxha", "Krasniqi", "Müller"]  # {Hoxha}, {M{\"u}ller}
    assert (apj.get("eprinttype"), apj.get("eprintclass"), apj.get("eid")) == ("arXiv", "astro-ph.GA", "L1")
    assert apj.get("date") == "2021-05" and apj.get("adsnote").startswith("Provided by")
    assert "Astrophysical Journal Letters" in chicago.bibliography_entry(apj)
    arxiv = entries["selimi2024hybrid"]
    assert (arxiv.get("eprinttype"), arxiv.get("eprintclass")) == ("arXiv", "cs.CR")


def test_ieee_control_entry_is_not_a_source():
    entries, problems, _ = export("ieee.bib")
    assert list(entries) == ["hoxha2019", "gashi2020"] and problems == []
    assert entries["gashi2020"].get("issn") == "2159-0000" and entries["gashi2020"].get("date") == "2020-10"
    assert "145–68" in chicago.bibliography_entry(entries["hoxha2019"])


def test_acm():
    entries, problems, _ = export("acm.bib")
    assert problems == []
    paper = entries["10.5555/3400000.3400012"]
    # address is the publisher's place, location the conference's
    assert (paper.get("location"), paper.get("venue")) == ("New York, NY, USA", "Prishtina, Kosovo")
    assert paper.get("pages") == "145–168" and paper.get("numpages") == "24"
    article = entries["10.5555/3500000.3500034"]
    assert (article.get("eid"), article.get("issue_date")) == ("34", "March 2021")  # articleno: biblatex's eid


def test_web_of_science_bom_crlf_upper_case_fields():
    entries, problems, text = export("web-of-science.bib")
    assert problems == []
    e = entries["WOS:000123456700001"]
    assert [n.family for n in e.authors] == ["Hoxha", "Krasniqi", "Mueller"]  # a list over three lines
    assert e.get("title") == "Border Management and Trust: Evidence from the Merdare Crossing"
    assert (e.get("date"), e.get("pages"), e.get("doi")) == ("2019-03", "145-168", "10.5555/jsee.2019.0212")
    assert (e.get("unique-id"), e.get("da"), e.get("times-cited")) == ("WOS:000123456700001", "2024-05-01", "3")
    second = entries["WOS:000987654300012"]  # BOM and CRLF do not shift lines
    assert second.line == line_of(text, "@inproceedings{ WOS:000987654300012")
    assert second.field_lines["note"] == line_of(text, "Note = {Balkan Security")


def test_endnote_in_windows_1252_is_read_with_a_warning():
    entries, problems, _ = export("endnote.bib")
    assert problems == [("warning", "bib.encoding", 2, 15)]  # the first byte that is not UTF-8: ü
    e = entries["RN12"]
    assert e.get("title") == "“Hybrid” threats – a European view"  # 0x93 0x94 0x96
    assert [n.family for n in e.authors] == ["Müller", "Lefèvre"]
    assert entries["RN14"].get("location") == "Genève"


def test_latin_1_and_windows_1250_are_told_apart():
    entries, problems, _ = export("latin1.bib")
    assert problems == [("warning", "bib.encoding", 2, 30)]
    assert entries["weber2011"].get("publisher") == "Verlag für Öffentliche Sicherheit"
    entries, problems, _ = export("windows-1250.bib")
    assert [p[1] for p in problems] == ["bib.encoding"]
    e = entries["jovanovic2016"]
    assert [(n.given, n.family) for n in e.authors] == [("Miloš", "Jovanović"), ("Čedomir", "Đorđević")]


def test_the_encoding_warning_names_the_encoding():
    from briefpress.bib.encoding import decode
    (note,) = decode("@book{a, title = {Caf\u00e9 \u201cx\u201d}}".encode("cp1252"), "a.bib")[1]
    assert "read as Windows-1252" in note.message and "save it as UTF-8" in note.message
    text, (note,) = decode(b"% Encoding: ISO8859_2\n@book{a, title = {\xe8}}", "a.bib")
    assert "{č}" in text and "ISO 8859-2" in note.message and "as the file declares" in note.message
    assert decode("@book{a, title = {Ç}}".encode("utf-8-sig"), "a.bib") == ("@book{a, title = {Ç}}", ())


def test_an_unknown_latex_command_is_one_warning_at_its_first_use():
    text = "@book{a,\n  title = {The \\foo{Bar} Report},\n  note = {\\foo again}}\n@book{b, title = {\\foo{x} \\baz}}"
    bib = read_text(text, "r.bib")
    found = sorted((p.severity, p.location.line, p.location.col, p.message.split(" (")[0].split(":")[0:2])
                   for p in bib.problems if p.code == "bib.latex")
    assert found == [("warning", 2, 16, ["'a'", " unknown LaTeX command \\foo"]),
                     ("warning", 4, 27, ["'b'", " unknown LaTeX command \\baz"])]
    assert "(and in 1 more entries)" in [p.message for p in bib.problems if "\\foo" in p.message][0]
    assert bib.entries["a"].get("title") == "The Bar Report"  # the argument's text is kept
