"""Sources cited in notes only (CMOS 18 14.106, 14.110, 14.111, 14.114, 14.115): letters and other personal
communications, interviews, unpublished manuscripts and papers read at meetings the reader cannot retrieve,
and social media posts are cited in full in the notes and left out of the reference list by the plain style;
a theme's ``bibliography: house: list_notes_only: true`` lists them; the PDF check knows which are left out."""
from dataclasses import replace

import pytest

from briefpress import chicago
from briefpress.bibliography import read_bibliography
from briefpress.pipeline import build
from briefpress.render_html import toc_entries
from briefpress.verify import verify_pdf
from conftest import pdf_words

BIB = r"""
@letter{letter, author = {Rugova, Ibrahim}, title = {Letter to the Editor}, date = {1998-03-05}}
@letter{openletter, author = {Rugova, Ibrahim}, title = {Open Letter to the Council}, date = {1998-04-01},
  url = {https://example.org/open-letter}}
@unpublished{draft, author = {Mustafa, Besim}, title = {The Plan Revisited}, date = {2024}}
@unpublished{talk, author = {Hoxha, Ilirjana}, title = {Sovereignty by Other Means}, date = {2022-03-30},
  howpublished = {Paper presented at the ISA Annual Convention}, venue = {Nashville}}
@unpublished{deposited, author = {Hoxha, Ilirjana}, title = {A Working Draft}, date = {2022},
  institution = {University of Prishtina}}
@misc{interview, author = {Thaçi, Vlora}, title = {Interview by the author}, location = {Mitrovica},
  date = {2022-09-14}}
@misc{notes, author = {Basha, Ilir}, title = {Notes on the North}, date = {2021}, howpublished = {Unpublished field notes}}
@online{post, author = {Shala, Driton}, entrysubtype = {social}, organization = {X}, date = {2023-12-12},
  url = {https://example.org/x/status/1}}
@book{book, author = {Malcolm, Noel}, title = {Kosovo: A Short History}, publisher = {Macmillan}, date = {1998}}
"""
ENTRIES = read_bibliography(BIB, "refs.bib")[0]


def test_personal_and_unpublished_sources_are_cited_in_notes_only():
    only = {k for k, e in ENTRIES.items() if chicago.notes_only(e)}
    assert only == {"letter", "draft", "talk", "interview", "notes", "post"}
    # what a reader can retrieve is listed: a letter published online, a draft a university holds
    assert not {"openletter", "deposited", "book"} & only
    assert not any(chicago.notes_only(e, chicago.Style(list_notes_only=True)) for e in ENTRIES.values())


def test_the_note_says_what_the_source_is():
    assert chicago.full_note(ENTRIES["letter"]) == ("Ibrahim Rugova, “Letter to the Editor,” personal communication, "
                                                    "March 5, 1998")
    assert "personal communication" not in chicago.full_note(ENTRIES["openletter"])
    assert chicago.full_note(ENTRIES["draft"]) == "Besim Mustafa, “The Plan Revisited,” unpublished manuscript, 2024"
    assert chicago.full_note(ENTRIES["talk"]).endswith("paper presented at the ISA Annual Convention, Nashville, "
                                                       "March 30, 2022")
    assert chicago.full_note(ENTRIES["interview"]) == "Vlora Thaçi, “Interview by the Author,” Mitrovica, September 14, 2022"


PAPER = """---
title: Notes Only
bibliography: refs.bib
---

# Introduction

A letter says so [@letter], a book agrees [@book], and so does a post [@post].
The letter again [@letter, 2].
"""


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    folder = tmp_path_factory.mktemp("notes-only")
    (folder / "refs.bib").write_text(BIB, encoding="utf-8")
    (folder / "paper.md").write_text(PAPER, encoding="utf-8")
    return folder


def test_the_built_pdf_cites_them_in_notes_and_lists_only_the_rest(paper):
    result = build(paper / "paper.md", ("pdf",))  # the build verifies the reference list itself
    assert (result.notes, result.references) == (4, 1)
    text = pdf_words(result.outputs["pdf"].read_bytes())
    assert "Ibrahim Rugova, “Letter to the Editor,” personal communication, March 5, 1998." in text
    assert "Rugova, “Letter to the Editor,” 2." in text  # later notes are short notes, as for any source
    assert "Malcolm, Noel. Kosovo: A Short History. Macmillan, 1998." in text
    assert "Rugova, Ibrahim." not in text and "Shala, Driton." not in text


def test_a_theme_may_list_them(paper):
    from briefpress.document import build_document
    from briefpress.lint import read_entries
    from briefpress.project import load_project
    project = load_project(paper / "paper.md")
    entries = read_entries(project).entries
    plain = build_document(project.metadata, project.chapters, entries)
    assert [r.key for r in plain.references] == ["book"] and plain.notes_only == ("letter", "post")
    listing = chicago.Style.from_settings({"bibliography": {"house": {"list_notes_only": True}}})
    listed = build_document(project.metadata, project.chapters, entries, style=listing)
    assert [r.key for r in listed.references] == ["book", "letter", "post"] and listed.notes_only == ()
    assert listed.references[1].html.startswith("Rugova, Ibrahim. “Letter to the Editor.” Personal communication")


def test_the_switch_is_validated_like_the_others(tmp_path):
    from briefpress.theme_config import theme_problems
    (tmp_path / "theme.yaml").write_text("bibliography:\n  house:\n    list_notes_only: sometimes\n", encoding="utf-8")
    problems = [d for d in theme_problems(tmp_path) if "list_notes_only" in d.message]
    assert problems and "true or false" in problems[0].message


def test_the_reference_check_knows_what_is_left_out_on_purpose(built):
    _, pdf, document = built
    toc = toc_entries(document, 1)
    families = ["KCSS Sans", "KCSS Serif"]
    first = document.references[0].key
    trimmed = replace(document, references=document.references[1:])
    assert "pdf.reference-missing" in {d.code for d in verify_pdf(pdf, trimmed, toc, families)}
    # left out by the style's decision: no error; any other source missing still is one
    on_purpose = replace(trimmed, notes_only=(first,))
    assert "pdf.reference-missing" not in {d.code for d in verify_pdf(pdf, on_purpose, toc, families)}
    second = replace(on_purpose, references=on_purpose.references[1:])
    missing = [d for d in verify_pdf(pdf, second, toc, families) if d.code == "pdf.reference-missing"]
    assert missing and all(document.references[1].key in d.message for d in missing)


def test_only_a_title_that_describes_the_source_makes_a_misc_entry_personal():
    """CMOS's descriptions ("Interview by the author", "Letter to …") mark an unpublished source; a work's own
    title that happens to start with "Letter" does not, nor does a described entry someone published."""
    entries = read_bibliography(r"""
@misc{described, author = {Krasniqi, Arta}, title = {Letter to the author}, date = {2020-05-02}}
@misc{mailed, author = {Krasniqi, Arta}, title = {Email with the editors}, date = {2020-05-03}}
@misc{titled, author = {Kelmendi, Gent}, title = {Letter from a Border Town}, date = {1999}}
@misc{published, author = {Krasniqi, Arta}, title = {Interview with the Minister}, publisher = {Koha Press}, date = {2021}}
""", "refs.bib")[0]
    assert {k for k, e in entries.items() if chicago.notes_only(e)} == {"described", "mailed"}
    assert chicago.full_note(entries["titled"]) == "Gent Kelmendi, <em>Letter from a Border Town</em>, 1999"
