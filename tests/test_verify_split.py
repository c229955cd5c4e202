"""The PDF's verification split between two processes (``verify.py``'s ``elsewhere``, ``page_facts.py``):
an idle layout worker reads the second half of the pages while the build reads the first. What the
checks read on the pages is the same whichever process reads which page, and a problem on a page of
either half is found, with the same diagnostic, as when one process reads them all."""

from types import SimpleNamespace
from pathlib import Path

import pypdfium2 as pdfium

from briefpress.diagnostics import SourceLocation
from briefpress.document import Note
from briefpress.note_numbers import named_places
from briefpress.page_facts import page_facts
from briefpress.printing import workers
from briefpress.verify import AHEAD, SPLIT_FROM, verify_pdf

FONTS = Path(__file__).parent.parent / "templates" / "kcss" / "fonts"
PAGES = 12


def _paper() -> tuple[bytes, list]:
    """A page per paragraph, each with a note; on page 3 and page 10 the note's marker prints 7 and a line
    runs off the page."""
    import weasyprint
    css = ("@font-face { font-family: F; src: url(NotoSerif-Regular.ttf) } @page { size: 120mm 90mm; margin: 10mm }"
           " body { font: 10pt/1.3 F } p { break-after: page } .footnote { float: footnote }"
           " ::footnote-call { content: counter(footnote); vertical-align: super; font-size: 72% }"
           " ::footnote-marker { content: counter(footnote) '. ' } #fn-3::footnote-marker, #fn-10::footnote-marker"
           " { content: '7. ' } .wide { white-space: nowrap }")
    paragraphs = "".join(
        f"<p>Page {n}<a id=fnref-{n}></a><span class=footnote id=fn-{n}>Note {n}.</span>"
        + (f" <span class=wide>{'a line too long to wrap on this page ' * 6} end {n}</span>" if n in (3, 10) else "")
        + "</p>" for n in range(1, PAGES + 1))
    pdf = weasyprint.HTML(string=f"<style>{css}</style>{paragraphs}", base_url=str(FONTS)).write_pdf()
    notes = [Note(n, "", SourceLocation("paper.md", n, 1)) for n in range(1, PAGES + 1)]
    return pdf, notes


def _document(notes) -> SimpleNamespace:
    chapter = SimpleNamespace(name="paper.md", html="<p>a line too long to wrap on this page</p>",
                              title=SimpleNamespace(id="intro"))
    metadata = SimpleNamespace(title_text="", title_notes=(), suppress_bibliography=False)
    return SimpleNamespace(notes=notes, chapters=[chapter], metadata=metadata, references=[], notes_only=set())


def test_two_halves_read_what_the_whole_reads():
    pdf, notes = _paper()
    doc = pdfium.PdfDocument(pdf)
    places = named_places(doc)
    numbers = [n.number for n in notes]
    chapters = [("paper.md", "<p>a line too long to wrap on this page</p>")]
    whole = page_facts(doc, places, 0, len(doc), numbers, chapters)
    halves = [page_facts(doc, places, a, b, numbers, chapters) for a, b in ((0, 5), (5, len(doc)))]
    assert len(doc) == PAGES >= SPLIT_FROM
    assert [d.message for d in whole.off_page] == [d.message for h in halves for d in h.off_page]
    assert [d.message.split(" (")[0] for d in whole.off_page] == ["text runs off page 3", "text runs off page 10"]
    assert whole.numbers == {k: v for h in halves for k, v in h.numbers.items()}
    assert whole.numbers["fn-3"] == whole.numbers["fn-10"] == 7 and whole.numbers["fn-4"] == 4
    assert whole.fonts == halves[0].fonts | halves[1].fonts and whole.fonts


def test_a_worker_reading_half_the_pages_finds_the_same_problems():
    pdf, notes = _paper()
    document = _document(notes)
    alone = verify_pdf(pdf, document, [], ["Noto Serif"], outline_entries=[])
    with workers.pool(size=2) as pool:
        asked = []

        def elsewhere(name, *args):
            asked.append(args[1:3])
            return pool.submit(name, *args)

        split = verify_pdf(pdf, document, [], ["Noto Serif"], outline_entries=[], elsewhere=elsewhere)
    assert asked == [((PAGES + AHEAD) // 2, PAGES)]  # the second half was read by the worker
    assert [(d.code, d.message, str(d.location)) for d in split] == [
        (d.code, d.message, str(d.location)) for d in alone]
    codes = [d.code for d in alone]
    assert codes.count("pdf.text-off-page") == 2  # page 3 (this process) and page 10 (the worker: 9 on)
    [numbers] = [d for d in alone if d.code == "pdf.note-number"]
    assert numbers.message.startswith("note 3 on page 3: its text at the page foot starts with 7")
    assert "note 10 prints a number not its own too" in numbers.message  # read by the worker


def test_a_worker_given_its_half_before_the_pdf_exists_finds_the_same_problems(tmp_path):
    """pages_ahead.py: the job is given as the merge starts (the worker imports PDFium meanwhile) and
    waits for the PDF in a file of the pool's folder, which the verification writes when it asks for
    those pages: the same diagnostics as one process reading them all."""
    from briefpress.pages_ahead import PagesAhead
    from briefpress.verify import split

    pdf, notes = _paper()
    document = _document(notes)
    alone = verify_pdf(pdf, document, [], ["Noto Serif"], outline_entries=[])
    with workers.pool(size=2) as pool:
        ahead = PagesAhead(pool, document)
        ahead.start(PAGES)
        assert ahead.ready and ahead.pages == (split(PAGES, ready=True), PAGES)
        assert not ahead.future.done()  # waiting for the PDF
        found = verify_pdf(pdf, document, [], ["Noto Serif"], outline_entries=[], elsewhere=ahead.elsewhere,
                           ready=True)
        assert ahead.given and ahead.future.result() is not None  # the job read the worker's half
        ahead.release()  # nothing more: the job has its PDF
    assert [(d.code, d.message, str(d.location)) for d in found] == [
        (d.code, d.message, str(d.location)) for d in alone]
    assert [d.code for d in found].count("pdf.text-off-page") == 2


def test_a_job_given_ahead_and_not_asked_for_its_pages_is_let_go():
    """A verification that reads other pages (or none elsewhere) lets the waiting job go: a pool that
    ends waits for its jobs."""
    from briefpress.pages_ahead import PagesAhead

    pdf, notes = _paper()
    document = _document(notes)
    with workers.pool(size=2) as pool:
        ahead = PagesAhead(pool, document)
        ahead.start(PAGES)
        verify_pdf(pdf, document, [], ["Noto Serif"], outline_entries=[], elsewhere=ahead.elsewhere)  # not ready: another split
        assert not ahead.given
        ahead.release()
        assert ahead.future.result(timeout=30) is None


def test_the_wait_for_a_pdf_never_written_ends(monkeypatch, tmp_path):
    from briefpress import page_facts

    monkeypatch.setattr(page_facts, "WAIT", 0.05)
    assert page_facts.page_facts_once_written(str(tmp_path / "never.pdf"), 0, 1, [], []) is None


def test_a_half_the_other_process_did_not_read_is_read_here():
    """verify_pdf reads the other half itself when the job waited for its PDF in vain (None)."""
    from concurrent.futures import Future

    pdf, notes = _paper()
    document = _document(notes)
    alone = verify_pdf(pdf, document, [], ["Noto Serif"], outline_entries=[])

    def elsewhere(name, *args):
        nothing = Future()
        nothing.set_result(None)
        return nothing

    found = verify_pdf(pdf, document, [], ["Noto Serif"], outline_entries=[], elsewhere=elsewhere)
    assert [(d.code, d.message) for d in found] == [(d.code, d.message) for d in alone]
