"""The PDF's note numbers checked against the document (``note_numbers.py``, ``pdf.note-number``): every
note's call and the start of its text at the page foot print the note's own number, read back from the
PDF; in one piece and in parts (in parallel and in this process), with the abstract's notes before the
text's, notes in headings, tables, captions, notes of several paragraphs, title-block notes, a Serbian
Cyrillic edition, every paper fixture and this repository's paper; and a layout that numbers them wrongly
fails the build with one diagnostic at the note's source, nothing written."""

import re
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from briefpress import pipeline
from briefpress.diagnostics import BuildError
from briefpress.note_numbers import check_note_numbers, named_places, printed_numbers
from briefpress.page_bounds import text_objects

TESTS = Path(__file__).parent
PAPER = TESTS / "fixtures" / "notenumbers"
PAPERS = TESTS / "fixtures" / "papers"
TEMPLATES = TESTS.parent / "templates"


def _readings(pdf: bytes, notes) -> dict:
    doc = pdfium.PdfDocument(pdf)
    try:
        return printed_numbers(named_places(doc), text_objects(doc), notes)
    finally:
        doc.close()


def _own(notes) -> dict:
    return {n.number: (n.number, n.number) for n in notes}


def _image(folder: Path) -> None:
    from PIL import Image
    Image.new("RGB", (60, 30), (40, 90, 140)).save(folder / "quay.png")


def _paged_article(root: Path) -> None:
    """The article theme (it prints the abstract) with sections starting a page: laid out in parts."""
    theme = root / "templates" / "paged"
    shutil.copytree(TEMPLATES / "article", theme)
    shutil.copytree(TEMPLATES / "kcss" / "fonts", theme / "fonts")
    settings = theme / "theme.yaml"
    text = settings.read_text().replace("../kcss/fonts", "fonts")
    settings.write_text(re.sub(r"(?m)^sections_start: auto", "sections_start: page", text))


FILLER = ("The harbour board met in the spring and again in the autumn, each time with the same list of "
          "questions about the crossings, the fares and the winter timetable, and each time it left half "
          "of them for the next meeting. ")


def _project(root: Path) -> Path:
    """A project of four chapter files (a part each), its metadata with an abstract that cites and calls
    a note: the abstract's notes come before the first chapter's."""
    manuscript = root / "manuscript"
    manuscript.mkdir(parents=True)
    shutil.copy(PAPER / "refs.bib", root / "references.bib")
    (manuscript / "metadata.yaml").write_text(
        'title: "Crossings in Parts"\nslug: crossings-parts\nauthors:\n  - name: Ada Quill\n'
        'publisher:\n  name: Coastal Forum\n  short_name: CF\n  web: [example.org]\n  social: []\n'
        '  about: A made-up forum.\ndate: "2024-03"\nlanguage: en\n'
        'abstract: |\n  Ferries carry most winter trips [@brook2021].^[The abstract\'s own note.]\n')
    for k in range(1, 5):
        notes = "".join(f"{FILLER * 2}Point {k}.{i}.^[Note {k}.{i}, long enough to take a line at the foot.]\n\n"
                        for i in range(3))
        (manuscript / f"0{k}-part.md").write_text(f"# Part {k}\n\n{notes}As Alder counted [@alder2019, {k}].\n")
    return root


def _built_readings(path: Path, out: Path, theme=None, parallel=True):
    result = pipeline.build(path, ("pdf",), out, theme=theme, parallel=parallel)
    document = pipeline.parse(path, theme=theme).document
    return result, document, _readings(result.outputs["pdf"].read_bytes(), document.notes)


@pytest.mark.parametrize("theme", ["article", "kcss"])
def test_a_paper_with_notes_everywhere_prints_each_notes_own_number(tmp_path, theme):
    """Notes in the title block, the abstract (printed by the article theme only), a heading, a subheading,
    a table cell and caption, a figure caption, two calls side by side, a note of several paragraphs."""
    shutil.copytree(PAPER, tmp_path / "p")
    _image(tmp_path / "p")
    result, document, read = _built_readings(tmp_path / "p" / "paper.md", tmp_path / "out", theme)
    assert len(document.notes) == (29 if theme == "article" else 27)  # the abstract's two
    assert read == _own(document.notes)
    if theme == "article":  # the title block's notes: marked after the title and the name, and printed
        marks = [mark for mark, _ in document.metadata.title_notes]
        assert marks == ["†", "‡"]
        words = "".join(pdfium.PdfDocument(result.outputs["pdf"].read_bytes())[0].get_textpage().get_text_bounded().split())
        assert "Counts†" in words and "Quill‡" in words and "†Preparedforthemade-upCoastalForum." in words


@pytest.mark.parametrize("parallel", [True, False])
def test_parts_after_an_abstract_with_notes_carry_the_count_on(tmp_path, parallel):
    _paged_article(_project(tmp_path))
    result, document, read = _built_readings(tmp_path, tmp_path / "out", "paged", parallel)
    assert len([stage for stage in result.timings if stage.startswith("  layout 0")]) == 4  # a part each
    assert len(document.notes) == 2 + 4 * 4
    assert read == _own(document.notes)


def _restart_after_the_abstract(monkeypatch):
    """Last session's defect, made again: each part's note counter starts without the abstract's notes."""
    from briefpress.printing import parts
    real = parts.render_print
    abstract_notes = []

    def render(document, theme, part=None, css=None):
        html = real(document, theme, part, css)
        count = len(re.findall(r'id="fnref-\d+"', document.abstract and real.__globals__["print_notes"](
            document.abstract, document)))
        abstract_notes.append(count)
        return re.sub(r"counter-reset: footnote (\d+)", lambda m: f"counter-reset: footnote {int(m.group(1)) - count}",
                      html)
    monkeypatch.setattr(parts, "render_print", render)
    return abstract_notes


def test_a_count_that_restarts_after_the_abstract_fails_the_build(tmp_path, monkeypatch):
    _paged_article(_project(tmp_path))
    abstract_notes = _restart_after_the_abstract(monkeypatch)
    out = tmp_path / "out"
    with pytest.raises(BuildError) as caught:
        pipeline.build(tmp_path, ("pdf",), out, theme="paged", parallel=False)
    assert set(abstract_notes) == {2}
    problems = [d for d in caught.value.diagnostics if d.code == "pdf.note-number"]
    assert len(problems) == 1, caught.value.diagnostics  # one diagnostic for the whole run of wrong notes
    [problem] = problems
    assert (problem.location.path, problem.location.line) == ("manuscript/01-part.md", 3)
    assert "note 3 on page" in problem.message and "its call prints 1" in problem.message
    assert "its text at the page foot starts with 1, expected 3" in problem.message
    assert "15 more notes" in problem.message and "(notes 4–18)" in problem.message
    assert not out.exists() or not list(out.glob("*.pdf"))  # nothing written


def test_the_check_reads_a_wrong_marker_at_the_foot_alone(tmp_path):
    """A call that is right and a note text that starts with another number (a theme's marker gone wrong)."""
    import weasyprint
    from briefpress.document import Note
    from briefpress.diagnostics import SourceLocation
    fonts = TEMPLATES / "kcss" / "fonts"
    css = ("@font-face { font-family: F; src: url(NotoSerif-Regular.ttf) } @page { size: 120mm 90mm; margin: 10mm }"
           " body { font: 10pt/1.3 F } .footnote { float: footnote }"
           " ::footnote-call { content: counter(footnote); vertical-align: super; font-size: 72% }"
           " #fn-2::footnote-marker { content: '7. ' } ::footnote-marker { content: counter(footnote) '. ' }")
    html = (f"<style>{css}</style><p>One<a id=fnref-1></a><span class=footnote id=fn-1>First.</span> and two"
            f"<a id=fnref-2></a><span class=footnote id=fn-2>Second.</span> end.</p>")
    pdf = weasyprint.HTML(string=html, base_url=str(fonts)).write_pdf()
    notes = [Note(n, "", SourceLocation("paper.md", 3 + n, 5)) for n in (1, 2)]
    assert _readings(pdf, notes) == {1: (1, 1), 2: (2, 7)}
    doc = pdfium.PdfDocument(pdf)
    [problem] = check_note_numbers(named_places(doc), text_objects(doc), notes)
    assert problem.code == "pdf.note-number" and str(problem.location) == "paper.md:5:5"
    assert problem.message.startswith("note 2 on page 1: its text at the page foot starts with 7, expected 2")


def test_the_serbian_cyrillic_edition_prints_arabic_numerals(tmp_path):
    from briefpress.editions import build_all
    shutil.copytree(TESTS / "fixtures" / "editions", tmp_path / "ed")
    results = build_all(tmp_path / "ed", ("pdf",), tmp_path / "out")
    for edition, result in zip(("sq", "sr"), results):
        document = pipeline.parse(tmp_path / "ed", edition=edition).document
        assert document.notes and _readings(result.outputs["pdf"].read_bytes(), document.notes) == _own(document.notes)


def test_this_repositorys_paper_prints_its_35_notes_numbers(built):
    _, pdf, document = built
    assert len(document.notes) == 35 and _readings(pdf, document.notes) == _own(document.notes)


FIXTURES = [(PAPERS / name / "paper.md", []) for name in ("arxiv", "citations", "csljson", "german", "harbour",
                                                           "jabref", "joss", "kitchen", "policy", "quarto",
                                                           "rmarkdown", "sweep", "workingpaper")]
FIXTURES += [(PAPERS / "hashtwo" / "paper.md", ["paper.bib"]), (PAPERS / "dialects" / "mmd.md", []),
             (PAPERS / "dialects" / "obsidian.md", [])]


@pytest.mark.parametrize("path, bibs", FIXTURES, ids=lambda v: v.parent.name + "/" + v.name if isinstance(v, Path) else "")
def test_every_paper_fixture_prints_each_notes_own_number(tmp_path, path, bibs):
    shutil.copytree(path.parent, tmp_path / "p")
    paper = tmp_path / "p" / path.name
    bibs = [tmp_path / "p" / b for b in bibs] or None
    result = pipeline.build(paper, ("pdf",), tmp_path / "out", bibs=bibs, parallel=False)
    document = pipeline.parse(paper, bibs).document
    assert document.notes and _readings(result.outputs["pdf"].read_bytes(), document.notes) == _own(document.notes)


def test_a_title_block_that_drops_its_notes_fails_the_build(tmp_path):
    """The title block's marks come from the template: a theme that prints the mark but not the note."""
    shutil.copytree(PAPER, tmp_path / "p")
    _image(tmp_path / "p")
    _paged_article(tmp_path / "p")
    parts = tmp_path / "p" / "templates" / "paged" / "parts.html.j2"
    text = parts.read_text()
    dropped = re.sub(r"\{% for mark, note in meta.title_notes %\}.*?\{% endfor %\}", "", text, flags=re.S)
    assert dropped != text
    parts.write_text(dropped)
    with pytest.raises(BuildError) as caught:
        pipeline.build(tmp_path / "p" / "paper.md", ("pdf",), tmp_path / "out", theme="paged", parallel=False)
    found = [(d.code, str(d.location), d.message.split(" is printed")[0]) for d in caught.value.diagnostics]
    assert found == [("pdf.note-number", "paper.md:2:31", "the title block's note †"),
                     ("pdf.note-number", "paper.md:12:11", "the title block's note ‡")]


HANGING = " .footnote { margin-left: 2em } ::footnote-marker { display: inline-block; width: 2em; margin-left: -2em }"
RUN_ON = " .footnote { footnote-display: inline }"


@pytest.mark.parametrize("layout", [HANGING, RUN_ON], ids=["hanging", "run-on"])
@pytest.mark.parametrize("wrong", [False, True, "letters"], ids=["right", "wrong-marker", "letters"])
def test_a_marker_beside_a_note_that_is_a_number_is_read(tmp_path, layout, wrong):
    """Notes whose text is a year: a theme's hanging notes put the marker left of the note's box, whose text
    starts at it; notes run on in one line put the note before's text there. Neither is a false alarm
    (both were, one after the other), nor is a theme's marker in letters (not read), and a wrong marker is
    still caught."""
    import weasyprint
    from briefpress.document import Note
    from briefpress.diagnostics import SourceLocation
    fonts = TEMPLATES / "kcss" / "fonts"
    css = ("@font-face { font-family: F; src: url(NotoSerif-Regular.ttf) } @page { size: 120mm 90mm; margin: 10mm }"
           " body { font: 10pt/1.3 F } .footnote { float: footnote }"
           " ::footnote-call { content: counter(footnote); vertical-align: super; font-size: 72% }"
           " ::footnote-marker { content: counter(footnote) '.' }" + layout
           + (" ::footnote-marker { content: counter(footnote, lower-alpha) '.' }" if wrong == "letters" else
              " #fn-2::footnote-marker { content: '7.' }" if wrong else ""))
    html = (f"<style>{css}</style><p>One<a id=fnref-1></a><span class=footnote id=fn-1>1990.</span>"
            f" and two<a id=fnref-2></a><span class=footnote id=fn-2>2019.</span> end.</p>")
    pdf = weasyprint.HTML(string=html, base_url=str(fonts)).write_pdf()
    notes = [Note(n, "", SourceLocation("paper.md", 3 + n, 5)) for n in (1, 2)]
    doc = pdfium.PdfDocument(pdf)
    problems = check_note_numbers(named_places(doc), text_objects(doc), notes)
    if wrong == "letters":
        assert _readings(pdf, notes) == {1: (1, None), 2: (2, None)} and problems == []
    elif not wrong:
        assert _readings(pdf, notes) == {1: (1, 1), 2: (2, 2)} and problems == []
    else:
        [problem] = problems
        assert problem.message.startswith("note 2 on page 1: its text at the page foot starts with ")
        assert str(problem.location) == "paper.md:5:5"


def test_the_message_names_the_other_wrong_notes_as_they_are(monkeypatch):
    """One more wrong note is named alone ("notes 3–3" before); a run of them by its first and last."""
    from briefpress import note_numbers
    from briefpress.document import Note
    from briefpress.diagnostics import SourceLocation
    notes = [Note(n, "", SourceLocation("paper.md", n, 1)) for n in (1, 2, 3, 4)]
    for wrong, tail in (({2, 3}, "; note 3 prints a number not its own too:"),
                        ({2, 3, 4}, "; 2 more notes print a number not their own (notes 3–4):"),
                        ({2}, ", expected 2: the print layout")):
        monkeypatch.setattr(note_numbers, "printed_numbers", lambda places, pages, notes: {
            n.number: (n.number, n.number + 1 if n.number in wrong else n.number) for n in notes})
        [problem] = check_note_numbers({"fnref-2": (0, 0, 0)}, [], notes)
        assert problem.message.startswith("note 2 on page 1: its text at the page foot starts with 3, expected 2")
        assert tail in problem.message


def test_a_title_block_that_prints_neither_abstract_nor_notes_builds(tmp_path):
    """A theme whose title block prints the title alone (no abstract: the build makes none of the title
    block's notes, as for KCSS's title page) is not told its notes are lost: it failed the build before."""
    shutil.copytree(PAPER, tmp_path / "p")
    _image(tmp_path / "p")
    _paged_article(tmp_path / "p")
    page = tmp_path / "p" / "templates" / "paged" / "print.html.j2"
    text = page.read_text()
    plain = re.sub(r"\{\{ parts\.title_page\(meta, abstract\) \}\}", "<h1>{{ meta.title }}</h1>", text)
    assert plain != text and "abstract" not in plain
    page.write_text(plain)
    result = pipeline.build(tmp_path / "p" / "paper.md", ("pdf",), tmp_path / "out", theme="paged", parallel=False)
    document = pipeline.parse(tmp_path / "p" / "paper.md", theme="paged").document
    assert [mark for mark, _ in document.metadata.title_notes] == ["†", "‡"]
    assert result.outputs["pdf"].exists() and _readings(result.outputs["pdf"].read_bytes(), document.notes) == _own(document.notes)


def test_a_destination_with_no_place_on_its_page_is_not_given_another_ones():
    """A named destination that fits the page (/FitH: no x) was given the place of the one read before it."""
    import io
    import math
    import pypdf
    import weasyprint
    pdf = weasyprint.HTML(string="<p id=a style='margin-left: 100px'>A</p><p id=b>B</p>").write_pdf()
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    writer.add_named_destination("zfit", 0)  # a /FitH destination (no x), read after b's
    out = io.BytesIO()
    writer.write(out)
    places = named_places(pdfium.PdfDocument(out.getvalue()))
    assert places["a"][1] > places["b"][1] > 0 and places["zfit"][0] == 0
    assert math.isnan(places["zfit"][1]) and math.isnan(places["zfit"][2])
