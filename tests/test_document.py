"""Document stage: note numbering, full then short notes, citations inside notes, reference list, errors."""
import pytest

from briefpress.bibliography import parse_bibliography
from briefpress.diagnostics import BuildError
from briefpress.document import build_document
from briefpress.metadata import load_metadata
from briefpress.source_files import SourceFile

BIB = parse_bibliography("""
@article{lavrov2025statement, author = {Lavrov, Sergey}, title = {Statement: And Answers},
  journaltitle = {MID}, entrysubtype = {newspaper}, date = {2025-02-17}, url = {https://mid.ru/x}}
@online{karcic2023serbia, author = {Karčić, Hamza}, title = {Serbia Is Taking a Page}, date = {2023},
  url = {https://fp.com/y}}
""", "refs.bib")
META = load_metadata("title: T\nlanguage: en\n", "m.yaml", strict=False)


def doc(*texts):
    files = [SourceFile(None, f"manuscript/0{i}.md", t) for i, t in enumerate(texts)]
    return build_document(META, files, BIB)


def test_first_citation_full_then_short_and_numbering_runs_across_files():
    d = doc("# One\n\nA [@lavrov2025statement, p. 4].\n", "# Two\n\nB [see @lavrov2025statement; @karcic2023serbia].\n")
    assert [n.number for n in d.notes] == [1, 2]
    assert d.notes[0].html.startswith("Sergey Lavrov, “Statement: And Answers,” <em>MID</em>, February 17, 2025, 4,")
    assert d.notes[1].html.startswith("See Lavrov, “Statement”; Hamza Karčić, “Serbia Is Taking a Page,”")
    assert d.notes[1].html.endswith(".")
    assert "A.\ue000n1\ue001" in d.chapters[0].html


def test_citation_inside_an_authors_footnote_is_inline():
    d = doc("# One\n\nText[^a] and [@karcic2023serbia].\n\n[^a]: As argued in [@lavrov2025statement].\n")
    assert len(d.notes) == 2
    assert d.notes[0].html.startswith("As argued in (Sergey Lavrov, “Statement: And Answers,”")  # in parentheses, as citeproc
    assert d.notes[0].keys == ("lavrov2025statement",)
    assert d.notes[1].html.startswith("Hamza Karčić")


def test_reference_list_has_every_cited_source_sorted():
    d = doc("# One\n\nA [@lavrov2025statement] B[^n].\n\n[^n]: See [@karcic2023serbia].\n")
    assert [r.key for r in d.references] == ["karcic2023serbia", "lavrov2025statement"]


def test_unknown_key_names_file_line_column_and_suggests():
    with pytest.raises(BuildError) as exc:
        doc("# One\n\nSee also the statement [@lavrov2025].\n")
    (d,) = exc.value.diagnostics
    assert str(d) == ("manuscript/00.md:3:24: error: unknown citation key 'lavrov2025' — did you mean "
                      "'lavrov2025statement'? add it to refs.bib or fix the key (write \\@ for a literal @) "
                      "[cite.unknown-key]").replace("? add", "?; add")


def test_footnote_without_definition():
    with pytest.raises(BuildError) as exc:
        doc("# One\n\nText[^missing].\n")
    assert exc.value.diagnostics[0].code == "note.undefined"


def test_a_short_note_inside_a_notes_sentence_takes_no_period_of_its_own():
    # a short note ends in a quoted title; inside a footnote's sentence it got the period a note of its own takes,
    # inside the quotes: "see Karčić, “Serbia Is Taking a Page.”." and "(Karčić, “Serbia Is Taking a Page.”)";
    # pandoc --citeproc: "see Karčić, “Serbia Is Taking a Page”."
    d = doc("# One\n\nA [@karcic2023serbia]. B[^b] C[^c] D[^d]\n\n[^b]: As argued, see @karcic2023serbia.\n\n"
            "[^c]: As argued (see [@karcic2023serbia]), it holds.\n\n[^d]: [@karcic2023serbia]\n")
    assert d.notes[1].html == "As argued, see Karčić, “Serbia Is Taking a Page”."
    assert d.notes[2].html == "As argued (see (Karčić, “Serbia Is Taking a Page”)), it holds."
    assert d.notes[3].html == "Karčić, “Serbia Is Taking a Page.”"  # a note of its own ends with its period
