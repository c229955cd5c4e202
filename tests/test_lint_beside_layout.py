"""A PDF build sends its first parts to the workers as soon as they are rendered, and lints while the workers
start and lay them out (pipeline._made, printing/jobs.py): lint's CPU is off the
path to the first layout, and a manuscript with errors still stops before any output, with lint's
errors, whatever the print stage was doing."""
import shutil

import pytest

from briefpress import pipeline
from briefpress.diagnostics import BuildError, Diagnostic
from briefpress.printing import jobs, parts
from briefpress.printing.workers import InProcess
from conftest import ROOT

KITCHEN = ROOT / "tests" / "fixtures" / "papers" / "kitchen"


@pytest.fixture
def kitchen(tmp_path):
    shutil.copytree(KITCHEN, tmp_path / "kitchen")
    return tmp_path / "kitchen" / "paper.md"


def test_lint_runs_once_the_first_parts_are_sent(kitchen, tmp_path, monkeypatch):
    sent, at_lint = [], []
    submit, checked = jobs.Jobs.submit, pipeline._checked
    monkeypatch.setattr(jobs.Jobs, "submit", lambda self, html: sent.append(1) or submit(self, html))
    monkeypatch.setattr(pipeline, "_checked", lambda *a: at_lint.append(len(sent)) or checked(*a))
    result = pipeline.build(kitchen, ("pdf",), tmp_path / "out")
    assert result.outputs["pdf"].exists()
    assert at_lint and at_lint[0] >= 1  # parts were with the workers when lint ran, and lint ran once
    assert len(at_lint) == 1
    assert "  lint (this process, beside the layout)" in result.timings


def test_an_error_lint_finds_beside_the_layout_stops_the_build_before_any_output(kitchen, tmp_path):
    kitchen.write_text(kitchen.read_text() + "\nSee [@nosuchkey2020].\n")
    with pytest.raises(BuildError) as exc:
        pipeline.build(kitchen, ("pdf", "epub"), tmp_path / "out")
    assert [d.code for d in exc.value.diagnostics] == ["cite.unknown-key"]
    assert not any((tmp_path / "out").glob("*.pdf")) and not any((tmp_path / "out").glob("*.epub"))


@pytest.mark.parametrize("manuscript_error, reported", [(True, "cite.unknown-key"), (False, "pdf.resource")])
def test_lint_errors_come_first_when_the_print_stage_fails_before_lint(kitchen, tmp_path, monkeypatch,
                                                                     manuscript_error, reported):
    """The print stage failing before lint ran: lint's errors if it finds any (the failure may be one of their
    consequences), else the print stage's own."""
    if manuscript_error:
        kitchen.write_text(kitchen.read_text() + "\nSee [@nosuchkey2020].\n")

    def failing(*args, **kwargs):
        raise BuildError([Diagnostic("error", "pdf.resource", "the print stage's own")])
    monkeypatch.setattr(parts, "render", failing)
    with pytest.raises(BuildError) as exc:
        pipeline.build(kitchen, ("pdf",), tmp_path / "out")
    assert [d.code for d in exc.value.diagnostics] == [reported]


def test_the_first_parts_are_sent_before_the_workers_say_the_fix_is_in_place(kitchen, tmp_path, monkeypatch):
    """The workers may still be starting (importing WeasyPrint) when the first parts are ready: they are
    queued at once, and the build lints meanwhile; whether the fix applies is asked of the first result."""
    from briefpress.printing import workers
    sent, at_fixed = [], []
    part, fixed = workers.Workers.part, workers.Workers.fixed
    monkeypatch.setattr(workers.Workers, "part", lambda self, *a: sent.append(1) or part(self, *a))
    monkeypatch.setattr(workers.Workers, "fixed", lambda self: at_fixed.append(len(sent)) or fixed(self))
    result = pipeline.build(kitchen, ("pdf",), tmp_path / "out")
    assert result.outputs["pdf"].exists()
    assert at_fixed and at_fixed[0] >= 1


def test_a_result_waiting_is_taken_before_a_chore(project_copy, tmp_path, monkeypatch):
    """This process's chores (lint, imports, the last part's HTML) run one at a time, only while no part's
    result waits: a worker whose part is done gets its next one first. In one process every part is laid
    out as it is sent, so every part is sent before lint runs."""
    sent, at_lint = [], []
    submit, checked = jobs.Jobs.submit, pipeline._checked
    monkeypatch.setattr(jobs.Jobs, "submit", lambda self, html: sent.append(1) or submit(self, html))
    monkeypatch.setattr(pipeline, "_checked", lambda *a: at_lint.append(len(sent)) or checked(*a))
    pipeline.build(project_copy, ("pdf",), tmp_path / "out", parallel=False)  # the paper: a part a section
    assert len(sent) > 3 and at_lint == [len(sent)]


def test_the_next_parts_html_is_made_while_the_part_before_it_is_laid_out():
    """While no result waits, this process makes the HTML of the part after each one being laid out, at
    the page that part's guessed length gives: the next part is sent as soon as its predecessor is done."""
    from concurrent.futures import Future

    from briefpress.printing.parts import _Sections, part_starts
    parsed = pipeline.parse(ROOT)
    document, theme = parsed.document, parsed.theme
    sections = _Sections(document, theme, jobs.Jobs(InProcess(), theme, (), {}, False), part_starts(document, theme), None)
    running = {0: (3, "digest", Future()), sections.middle: (20, "digest", Future())}
    made = sections._ahead(running, {})
    assert made is not None
    made()
    assert (1, 3 + sections.guessed[0]) in sections.htmls  # the first chain's next part, at its guessed page
    made = sections._ahead(running, {})
    made()
    assert (sections.middle + 1, 20 + sections.guessed[sections.middle]) in sections.htmls
    assert sections._ahead(running, {}) is None  # both made: nothing more until another part runs
    assert sections.middle > 2
    running[1] = (3 + sections.guessed[0], "digest", Future())  # sent: its own next part's turn
    sections._ahead(running, {})()
    assert (2, 3 + sections.guessed[0] + sections.guessed[1]) in sections.htmls


def test_the_callers_chores_wait_for_the_first_part_back():
    """A chore runs to its end: lint (~0.1 s) run before any part was back kept the worker of a short first
    part idle until it ended. Until a part is back only the next parts' HTML is made; then lint first."""
    from concurrent.futures import Future

    from briefpress.printing.parts import _Sections, part_starts
    parsed = pipeline.parse(ROOT)
    document, theme = parsed.document, parsed.theme
    lint = []
    sections = _Sections(document, theme, jobs.Jobs(InProcess(), theme, (), {}, False), part_starts(document, theme), None,
                         meanwhile=[lambda: lint.append(1)])
    running = {0: (3, "digest", Future()), sections.middle: (20, "digest", Future())}
    for _ in range(2):
        sections._chore(running, {})()  # the two chains' next parts' HTML
    assert (1, 3 + sections.guessed[0]) in sections.htmls and not lint
    assert sections._chore(running, {}) is None and not lint  # nothing else until a part is back
    del running[0]
    sections._chore(running, {0: (3, "digest", None)})()
    assert lint == [1]


def test_the_callers_chores_run_while_the_workers_are_not_yet_forked():
    """While the forkserver still warms up (or waits for the stylesheet) no part can come back: lint runs
    then, on a core that would wait, not beside the layout; the next parts' HTML still comes first."""
    from concurrent.futures import Future

    from briefpress.printing.parts import _Sections, part_starts
    parsed = pipeline.parse(ROOT)
    document, theme = parsed.document, parsed.theme
    pool = type("Pool", (), {"forked": False, "started": lambda self: self.forked})()
    lint = []
    sections = _Sections(document, theme, jobs.Jobs(pool, theme, (), {}, False), part_starts(document, theme), None,
                         meanwhile=[lambda: lint.append(1), lambda: lint.append(2)])
    running = {0: (3, "digest", Future()), sections.middle: (20, "digest", Future())}
    for _ in range(2):
        sections._chore(running, {})()  # the two chains' next parts' HTML
    assert not lint
    sections._chore(running, {})()
    assert lint == [1]
    pool.forked = True  # the workers run: the next chore waits for the first part back
    assert sections._chore(running, {}) is None and lint == [1]
    pool.forked = False
    sections._chore(running, {})()
    assert lint == [1, 2]
    later = len(sections.later)
    sections._chore(running, {})()  # the stage's own (the merge's import) once the caller's are done
    assert len(sections.later) == later - 1
