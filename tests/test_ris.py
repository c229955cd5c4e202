"""RIS bibliographies (what databases and reference managers export): records read as CSL items, keys as
pandoc makes them when a record has no ID, diagnostics at the record's line."""
from briefpress.bib.ris import read_ris

RIS = """TY  - JOUR
ID  - vukaj2021
AU  - Vukaj, Drita
AU  - van der Berg, Jan, Jr.
TI  - Border Regimes in the
  Western Balkans
T2  - Journal of Regional Security
J2  - J. Reg. Secur.
PY  - 2021
DA  - 2021/03/15/
VL  - 16
IS  - 2
SP  - 101
EP  - 127
SN  - 2217-995X
DO  - https://doi.org/10.5937/jrs0-31337
ER  - 

TY  - CHAP
AU  - Hoxha, Arben
A2  - Lindqvist, Maja
TI  - Policing After Conflict
T2  - Security in Transition
T3  - Studies in Peacebuilding
PY  - 2018///
SP  - 33
EP  - 45
CY  - Prishtina
PB  - Kosovar Centre for Security Studies
SN  - 978-9951-799-00-4
ER  - 

TY  - RPRT
AU  - World Bank
TI  - Western Balkans Regular Economic Report
PY  - 2022
PB  - World Bank
M3  - Working paper
UR  - https://example.org/wbrer
Y2  - 2024/02/01/
ER  - 

TY  - CHAP
AU  - Hoxha, Arben
TI  - A Second Chapter
T2  - Another Volume
PY  - 2018///
ER  - 

TY  - SOMETHING
TI  - An Odd Record
PY  - 2020
ER  - 

TY  - ELEC
TI  - No Author, No Year
"""


def entries():
    found, problems, _ = read_ris(RIS, "refs.ris")
    return {e.key: e for e in found}, problems


def line(text: str) -> int:
    return RIS.split("\n").index(text) + 1


def test_a_record_becomes_an_entry_with_its_fields_names_and_dates():
    found, _ = entries()
    article = found["vukaj2021"]
    assert article.type == "article" and article.line == 1
    assert article.fields["title"] == "Border Regimes in the Western Balkans"  # a wrapped line continues the field
    assert article.fields["journaltitle"] == "Journal of Regional Security"
    assert article.fields["shortjournal"] == "J. Reg. Secur."
    assert article.fields["date"] == "2021-03-15"  # DA is fuller than PY
    assert (article.fields["volume"], article.fields["number"], article.fields["pages"]) == ("16", "2", "101-127")
    assert article.fields["issn"] == "2217-995X" and article.fields["doi"] == "10.5937/jrs0-31337"
    berg = article.names["author"][1]
    assert (berg.family, berg.given, berg.particle, berg.suffix) == ("Berg", "Jan", "van der", "Jr.")
    report = found["World_2022"]
    assert report.names["author"][0].literal and report.names["author"][0].family == "World Bank"
    assert report.fields["urldate"] == "2024-02-01" and report.fields["url"] == "https://example.org/wbrer"
    assert report.fields["institution"] == "World Bank" and report.fields["type"] == "Working paper"


def test_keys_without_an_id_are_pandocs_and_a_repeated_one_gets_a_letter():
    found, _ = entries()
    chapter, second = found["Hoxha_2018///"], found["Hoxha_2018///a"]
    assert chapter.fields["title"] == "Policing After Conflict" and second.fields["title"] == "A Second Chapter"
    assert chapter.fields["booktitle"] == "Security in Transition" and chapter.fields["series"] == "Studies in Peacebuilding"
    assert chapter.names["editor"][0].family == "Lindqvist" and chapter.fields["location"] == "Prishtina"
    assert chapter.fields["isbn"] == "978-9951-799-00-4" and chapter.fields["date"] == "2018"


def test_what_is_wrong_is_said_at_its_line():
    found, problems = entries()
    said = {(d.code, d.location.line, d.severity) for d in problems}
    assert ("bib.unknown-type", line("TY  - SOMETHING"), "warning") in said
    assert found["_2020"].type == "misc"
    assert ("bib.ris-unended", line("TY  - ELEC"), "warning") in said
    assert ("bib.key", line("TY  - ELEC"), "warning") in said  # nothing to make its key from: left out, not fatal
    _, stray, _ = read_ris("Some heading\nTY  - BOOK\nTI  - T\nAU  - A, B\nER  - \n", "x.ris")
    assert [(d.code, d.location.line) for d in stray] == [("bib.ris-line", 1)]
    assert [d.code for d in read_ris("", "x.ris")[1]] == ["bib.empty"]


def test_a_paper_cites_a_ris_file_as_any_other_bibliography(tmp_path):
    from briefpress.pipeline import parse
    (tmp_path / "refs.ris").write_text(RIS.rsplit("TY  - ELEC", 1)[0])
    (tmp_path / "p.md").write_text("---\ntitle: T\nbibliography: refs.ris\n---\n\n# One\n\n"
                                   "Text [@vukaj2021, 110] and [@{Hoxha_2018///}].\n")
    document = parse(tmp_path / "p.md").document
    notes = [n.html for n in document.notes]
    assert "Drita Vukaj and Jan van der Berg Jr., “Border Regimes in the Western Balkans,”" in notes[0]
    assert "<em>Journal of Regional Security</em> 16, no. 2 (2021): 110" in notes[0]
    assert "Arben Hoxha, “Policing After Conflict,” in <em>Security in Transition</em>, ed. Maja Lindqvist" in notes[1]
    assert [r.key for r in document.references] == ["Hoxha_2018///", "vukaj2021"]


def test_an_unknown_key_names_the_bibliography_files_in_use_and_endnote_xml_says_what_to_export(tmp_path):
    from briefpress.lint import lint_path
    (tmp_path / "refs.ris").write_text(RIS.rsplit("TY  - ELEC", 1)[0])
    (tmp_path / "lib.xml").write_text("<?xml version='1.0'?><xml><records/></xml>\n")
    (tmp_path / "p.md").write_text("---\ntitle: T\nbibliography: [refs.ris, lib.xml]\n---\n\n# One\n\nText [@vukaj2020].\n")
    found = {d.code: str(d) for d in lint_path(tmp_path / "p.md") if d.severity == "error"}
    assert "did you mean 'vukaj2021'?; add it to one of lib.xml, refs.ris or fix the key" in found["cite.unknown-key"]
    assert found["bib.format"].startswith("lib.xml:1:1: error: EndNote XML is not read: export the library as RIS")


def test_exporters_habits_are_read_as_in_a_bibtex_file():
    # Web of Science's capitals were printed as such (a BibTeX export of the same record is re-cased); a
    # report's number in SN (Zotero) was taken for an ISBN and lost; PubMed's DOI in M3 was lost too
    text = ("TY  - JOUR\nID  - wos\nAU  - SMITH, JOHN\nAU  - Doe, JK\nTI  - BORDER SECURITY IN THE BALKANS: A REVIEW\n"
            "T2  - JOURNAL OF PEACE RESEARCH\nPY  - 2019\nM3  - doi: 10.1177/0022343319000000\nER  - \n\n"
            "TY  - RPRT\nID  - brief\nAU  - Krasniqi, Era\nTI  - A Report\nPB  - KCSS\nPY  - 2023\nSN  - 7/2023\nER  - \n\n"
            "TY  - RPRT\nID  - isbn\nAU  - Krasniqi, Era\nTI  - A Report\nPY  - 2023\nSN  - 978-9951-799-00-4\nER  - \n")
    found = {e.key: e for e in read_ris(text, "x.ris")[0]}
    wos = found["wos"]
    assert wos.fields["title"] == "Border Security In The Balkans: A Review"  # the formatter lowers "in the"
    assert wos.fields["journaltitle"] == "Journal Of Peace Research"
    assert (wos.names["author"][0].family, wos.names["author"][0].given) == ("Smith", "John")
    assert wos.names["author"][1].given == "JK"  # initials stay
    assert wos.fields["doi"] == "10.1177/0022343319000000"
    assert found["brief"].fields["number"] == "7/2023" and "isbn" not in found["brief"].fields
    assert found["isbn"].fields["isbn"] == "978-9951-799-00-4" and "number" not in found["isbn"].fields


def test_a_web_of_science_record_reads_as_its_bibtex_export_does(tmp_path):
    import re

    from briefpress.pipeline import parse
    (tmp_path / "wos.ris").write_text("TY  - JOUR\nID  - wos\nAU  - SMITH, JOHN\nTI  - BORDER SECURITY IN THE BALKANS\n"
                                      "T2  - JOURNAL OF PEACE RESEARCH\nPY  - 2019\nVL  - 56\nER  - \n")
    (tmp_path / "wos.bib").write_text("@article{wos, author={SMITH, JOHN}, title={BORDER SECURITY IN THE BALKANS},"
                                      " journal={JOURNAL OF PEACE RESEARCH}, year={2019}, volume={56}}\n")
    notes = []
    for name in ("wos.ris", "wos.bib"):
        (tmp_path / "p.md").write_text(f"---\ntitle: T\nbibliography: {name}\n---\n\n# One\n\nText [@wos].\n")
        notes.append(re.sub("<[^>]+>", "", parse(tmp_path / "p.md").document.notes[0].html))
    assert notes[0] == notes[1] == "John Smith, “Border Security in the Balkans,” Journal of Peace Research 56 (2019)."


def test_an_unknown_key_with_no_bibliography_says_where_one_is_read_from(tmp_path):
    # it said "add it to the bibliography", which a file citing with none in use does not have
    from briefpress.lint import lint_path
    (tmp_path / "p.md").write_text("---\ntitle: T\n---\n\n# One\n\nText [@smith2020].\n")
    (said,) = [d.message for d in lint_path(tmp_path / "p.md") if d.code == "cite.unknown-key"]
    assert "add it to a bibliography named in the front matter ('bibliography: references.bib')" in said
    (tmp_path / "manuscript").mkdir()
    (tmp_path / "manuscript" / "metadata.yaml").write_text("title: P\nauthors: [A. Writer]\ndate: 2026-01-01\n")
    (tmp_path / "manuscript" / "01.md").write_text("# One\n\nText [@smith2020].\n")
    (said,) = [d.message for d in lint_path(tmp_path) if d.code == "cite.unknown-key"]
    assert "add it to references.bib or" in said


def test_the_header_lines_jstor_writes_before_the_records_are_no_stray_lines():
    text = ('Provider: JSTOR http://www.jstor.org\nDatabase: JSTOR\nContent: text/plain; charset="UTF-8"\n\n'
            "TY  - JOUR\nAU  - Doe, Jane\nTI  - T\nPY  - 2019\nER  - \n\nStray: line\n")
    found, problems, _ = read_ris(text, "j.ris")
    assert [e.key for e in found] == ["Doe_2019"]
    assert [(d.code, d.location.line) for d in problems] == [("bib.ris-line", 11)]  # after a record it is stray
