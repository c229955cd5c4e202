"""biblatex fields reference managers export that Chicago prints (issue #10): each field appears in the full
note and/or the bibliography entry in CMOS 18 form. Editor types ("comp.", "compiled by"), ``skipbib``
(cited in notes, never listed, and the PDF check knows), ``shorthand`` ("hereafter cited as"), and the
survey's further fields, one test each."""
import pytest

from briefpress import chicago
from briefpress.bib.model import plain
from briefpress.bib.to_csl import to_csl
from briefpress.bibliography import read_bibliography


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
    import json
    back = next(iter(read_bibliography(json.dumps([item]), "refs.json")[0].values()))
    assert plain(chicago.bibliography_entry(back)).startswith("Berisha, Lule, comp. Songs.")


# --- skipbib ------------------------------------------------------------------------------------------

SKIP_BIB = r"""
@book{kept, author = {Malcolm, Noel}, title = {Kosovo: A Short History}, publisher = {Macmillan}, date = {1998}}
@book{skipped, author = {Judah, Tim}, title = {Kosovo: War and Revenge}, publisher = {Yale University Press},
  date = {2000}, options = {skipbib=true}}
@book{bare, author = {Vickers, Miranda}, title = {Between Serb and Albanian}, publisher = {Hurst}, date = {1998},
  options = {useprefix, skipbib}}
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
    assert [k for k, e in entries.items() if e.skipbib] == ["skipped", "bare"]
    assert all(chicago.notes_only(e) for k, e in entries.items() if k != "kept")
    listing = chicago.Style.from_settings({"bibliography": {"house": {"list_notes_only": True}}})
    assert chicago.notes_only(entries["skipped"], listing)  # the entry's own option wins over the theme's listing


def test_a_skipbib_source_is_cited_in_notes_and_left_out_of_the_built_pdf(tmp_path):
    from briefpress.pipeline import build
    from conftest import pdf_words
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
