"""Short notes that would read alike are told apart as citeproc tells them (pandoc 3.9 --citeproc with
chicago-notes-bibliography.csl): each case an invented pair of sources by one author under one short title."""
from briefpress.bib.model import plain
from briefpress.bib.read import read_text
from briefpress.chicago.style import CMOS
from briefpress.document import build_document
from briefpress.metadata import load_metadata
from briefpress.project import SourceFile


def notes(bib_text: str, keys: list[str]) -> list[str]:
    """Each key cited twice, its second time with a locator: the short notes' text."""
    bib = read_text(bib_text, "refs.bib")
    meta = load_metadata("title: T\nlanguage: en\ntheme: article\n", "m.yaml", strict=False)
    text = "# One\n\n" + " ".join(f"A [@{k}]." for k in keys) + " " + " ".join(f"B [@{k}, 9]." for k in keys) + "\n"
    d = build_document(meta, [SourceFile(None, "manuscript/01.md", text)], bib.citable(), style=CMOS)
    return [plain(n.html) for n in d.notes[len(keys):]]


REPORTS = """@report{r1, author = {{Kosovo Institute}}, title = {Annual Review}, institution = {Alpha Press}, date = {2019}}
@report{r2, author = {{Kosovo Institute}}, title = {Annual Review}, institution = {Beta Press}, date = {2020}}
@report{r3, author = {{Kosovo Institute}}, title = {Quarterly Review}, institution = {Beta Press}, date = {2020}}
"""


def test_two_reports_of_one_author_under_one_title_add_their_publication_facts():
    # before: "Kosovo Institute, Annual Review, 9." for both; citeproc adds the publisher and year, and to no other
    assert notes(REPORTS, ["r1", "r2", "r3"]) == ["Kosovo Institute, Annual Review (Alpha Press, 2019), 9.",
                                                  "Kosovo Institute, Annual Review (Beta Press, 2020), 9.",
                                                  "Kosovo Institute, Quarterly Review, 9."]


def test_two_editions_add_the_edition_and_the_facts():
    bib = """@book{e1, author = {Gashi, Arben}, title = {Politics of the Balkans}, publisher = {Alpha Press}, date = {2018}}
@book{e2, author = {Gashi, Arben}, title = {Politics of the Balkans}, edition = {2}, publisher = {Alpha Press},
  date = {2021}}
"""
    assert notes(bib, ["e1", "e2"]) == ["Gashi, Politics of the Balkans (Alpha Press, 2018), 9.",
                                        "Gashi, Politics of the Balkans, 2nd ed. (Alpha Press, 2021), 9."]


def test_titles_cut_to_one_short_title_are_told_apart_too():
    bib = """@book{s1, author = {Gashi, Arben}, title = {Power and Order: A History}, publisher = {Alpha Press}, date = {2011}}
@book{s2, author = {Gashi, Arben}, title = {Power and Order: The Present}, publisher = {Alpha Press}, date = {2012}}
"""
    assert notes(bib, ["s1", "s2"]) == ["Gashi, Power and Order (Alpha Press, 2011), 9.",
                                        "Gashi, Power and Order (Alpha Press, 2012), 9."]


def test_a_chapter_adds_its_books_editors_and_a_thesis_its_institution():
    bib = """@incollection{c1, author = {Berisha, Lura}, title = {Sovereignty}, booktitle = {Handbook of Politics},
  editor = {Doe, Jane}, publisher = {Alpha Press}, date = {2015}}
@incollection{c2, author = {Berisha, Lura}, title = {Sovereignty}, booktitle = {Handbook of Security},
  editor = {Roe, Sam}, publisher = {Beta Press}, date = {2017}}
@thesis{t1, author = {Berisha, Lura}, title = {Sovereignty}, type = {phdthesis}, institution = {Uni A}, date = {2010}}
"""
    # the thesis's quoted title reads as the chapters' (citeproc compares the text); the comma stays outside
    assert notes(bib, ["c1", "c2", "t1"]) == ["Berisha, “Sovereignty,” ed. Doe (Alpha Press, 2015), 9.",
                                              "Berisha, “Sovereignty,” ed. Roe (Beta Press, 2017), 9.",
                                              "Berisha, “Sovereignty” (Uni A, 2010), 9."]


def test_articles_and_web_pages_alike_add_their_date():
    bib = """@article{j1, author = {Hoxha, Dren}, title = {Borders}, journal = {Security Studies}, volume = {3}, year = {2019}}
@article{j2, author = {Hoxha, Dren}, title = {Borders}, journal = {Survival}, volume = {5}, year = {2020}}
@online{w1, author = {Hoxha, Dren}, title = {About Us}, organization = {Site A}, url = {https://a.example}, date = {2020}}
@online{w2, author = {Hoxha, Dren}, title = {About Us}, organization = {Site B}, url = {https://b.example}, date = {2021}}
"""
    assert notes(bib, ["j1", "j2", "w1", "w2"]) == ["Hoxha, “Borders,” 2019, 9.", "Hoxha, “Borders,” 2020, 9.",
                                                    "Hoxha, “About Us,” 2020, 9.", "Hoxha, “About Us,” 2021, 9."]


def test_a_source_alike_only_to_one_not_cited_adds_nothing():
    bib = read_text(REPORTS, "refs.bib")
    meta = load_metadata("title: T\nlanguage: en\ntheme: article\n", "m.yaml", strict=False)
    d = build_document(meta, [SourceFile(None, "manuscript/01.md", "# One\n\nA [@r1]. B [@r1, 9].\n")],
                       bib.citable(), style=CMOS)
    assert plain(d.notes[1].html) == "Kosovo Institute, Annual Review, 9."
