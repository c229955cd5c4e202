"""The paper laid out in parts (the front, then a part per page-starting section) and merged is the
paper laid out in one piece; a rebuild that reuses the parts of the last build gives a full build's bytes."""
import io
import json
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from briefpress.chicago import Style

from printing_helpers import render_pdf
from briefpress.document import build_document
from briefpress.lint import read_entries
from briefpress.pipeline import build
from briefpress.project import load_project
from briefpress.printing.parts import REFERENCES, part_starts, references_apart
from briefpress.render_html import Theme, load_theme, render_print
from conftest import ROOT


def _page_texts(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    texts = [doc[i].get_textpage().get_text_bounded() for i in range(len(doc))]
    doc.close()
    return texts


def test_the_parts_print_exactly_what_one_piece_prints(built):
    _, pdf, document = built
    theme = load_theme(ROOT / "templates" / "kcss")
    whole = render_pdf(render_print(document, theme), theme.dir, (ROOT, theme.dir))
    assert whole.pages == built[0].pages
    assert _page_texts(pdf) == _page_texts(whole.pdf)  # every page: body, notes, running heads, numbers


def test_each_part_starts_with_a_chapter_that_starts_a_page(built):
    document = built[2]
    theme = load_theme(ROOT / "templates" / "kcss")
    starts = part_starts(document, theme)
    chapters = document.chapters
    assert starts[0] == 0 and len(starts) == sum(1 for c in chapters if c.title.number) + 1  # the unnumbered run
    for i, chapter in enumerate(chapters):  # a numbered section, or the chapter after one, starts a page
        assert (i in starts) == (i == 0 or bool(chapter.title.number) or bool(chapters[i - 1].title.number))
    for start in ("right", "auto"):  # blank pages would depend on where a part starts; the text would run on
        assert part_starts(document, Theme(theme.dir, dict(theme.settings, sections_start=start))) is None


@pytest.mark.parametrize("start", ["right", "auto"])
def test_every_sections_start_prints_what_one_piece_prints(built, project_copy, start):
    """`page` is test_the_parts_print_exactly_what_one_piece_prints; the other options, built as the
    CLI builds them (two workers), print page for page what the whole paper laid out at once prints."""
    settings = project_copy / "templates" / "kcss" / "theme.yaml"
    settings.write_text(settings.read_text().replace("sections_start: page", f"sections_start: {start}"))
    result = build(project_copy, ("pdf",), project_copy / "build")
    project = load_project(project_copy)
    theme = load_theme(project.theme_dir)
    document = build_document(project.metadata, project.chapters, dict(read_entries(project).entries),
                              theme.settings.get("labels"), Style.from_settings(theme.settings))  # as the build does
    whole = render_pdf(render_print(document, theme), theme.dir, (project_copy, theme.dir))
    pdf = result.outputs["pdf"].read_bytes()
    assert _page_texts(pdf) == _page_texts(whole.pdf)
    assert result.pages == whole.pages != built[0].pages  # the option took effect: blank pages, or none between sections
    _assert_real_fonts(pdf)


@pytest.mark.parametrize("chars_per_page", [400, 400000])
def test_wrong_guesses_cost_time_not_bytes(built, project_copy, chars_per_page):
    """A first build guesses the pages of the parts it has not laid out: the middle part's first page,
    and, with a worker idle, the part waiting for one still running. Guessed far too long or too short,
    the parts laid out from a wrong page are laid out again: the paper is the same."""
    settings = project_copy / "templates" / "kcss" / "theme.yaml"
    text = settings.read_text()
    assert "chars_per_page: 3550" in text  # the guess this test makes wrong (else it would test nothing)
    settings.write_text(text.replace("chars_per_page: 3550", f"chars_per_page: {chars_per_page}"))
    result = build(project_copy, ("pdf",), project_copy / "build")  # two workers, as the CLI builds
    assert result.outputs["pdf"].read_bytes() == built[1]


def test_wrong_hints_cost_time_not_bytes(built, project_copy):
    hints = project_copy / "build" / ".layout-hints.json"  # the layout state lives in the output folder
    hints.parent.mkdir()
    document = built[2]
    names = [document.chapters[i].name for i in part_starts(document, load_theme(ROOT / "templates" / "kcss"))]
    assert references_apart(document)
    names.append(REFERENCES)  # the reference list and back cover, a part of their own after the last chapter
    wrong = {name: 1 + (i % 3) * 2 for i, name in enumerate(names)}  # every part's page count guessed wrong
    hints.write_text(json.dumps({"front": 5, "parts": wrong}))  # the front wrong too
    result = build(project_copy, ("pdf",), project_copy / "build")
    assert result.outputs["pdf"].read_bytes() == built[1]
    settled = json.loads(hints.read_text())
    assert settled["front"] == 3 and sorted(settled["parts"]) == sorted(names)
    assert 3 + sum(settled["parts"].values()) == built[0].pages  # the last part ends with the back cover
    for name in names[1:]:  # each part's first page is where its first heading is in the PDF
        assert sum(settled["parts"][n] for n in names[:names.index(name)]) == _pages_before(built[1], name, document)


def _pages_before(pdf: bytes, part_name: str, document) -> int:
    """Pages from the first page after the front to the page before the part's first heading."""
    heading = next((c.title.id for c in document.chapters if c.name == part_name), "references")
    reader = pikepdf.open(io.BytesIO(pdf))
    names = reader.Root.Names.Dests.Names
    dests = {str(names[i]): names[i + 1] for i in range(0, len(names), 2)}
    page_of = {p.obj.objgen: i for i, p in enumerate(reader.pages)}
    return page_of[dests[heading][0].objgen] - 3


def test_one_structure_tree_outline_and_name_tree_for_the_merged_parts(built):
    pdf = pikepdf.open(io.BytesIO(built[1]))
    tree = pdf.Root.StructTreeRoot
    nums = tree.ParentTree.Nums
    keys = [int(nums[i]) for i in range(0, len(nums), 2)]
    assert keys == list(range(len(keys))) and int(tree.ParentTreeNextKey) == len(keys)
    assert [int(p.obj.StructParents) for p in pdf.pages] == list(range(len(pdf.pages)))
    annotation_keys = [int(a.StructParent) for p in pdf.pages for a in p.obj.get("/Annots", [])]
    assert sorted(annotation_keys) == list(range(len(pdf.pages), len(keys)))
    document = tree.K[0]
    assert all(kid.P.objgen == document.objgen for kid in document.K)
    pages = {p.obj.objgen for p in pdf.pages}
    stack, seen = list(document.K), 0
    while stack:
        element = stack.pop()
        if isinstance(element, pikepdf.Dictionary) and element.get("/Type") == "/StructElem":
            seen += 1
            assert "/Pg" not in element or element.Pg.objgen in pages
            kids = element.get("/K")
            stack += list(kids) if isinstance(kids, pikepdf.Array) else []
    assert seen > 1000
    names = [str(n) for n in pdf.Root.Names.Dests.Names[::2]]
    assert names == sorted(names) and len(names) == len(set(names))
    assert str(pdf.Root.Lang) == "en" and str(pdf.docinfo.Title).startswith("How Does the Serbian")


def test_without_the_weasyprint_fix_the_paper_is_laid_out_in_one_piece_with_a_notice(built, project_copy, monkeypatch):
    from weasyprint.layout import block

    from briefpress.printing import weasyprint_fix
    monkeypatch.setattr(weasyprint_fix, "apply", lambda: False)  # as on a WeasyPrint release it does not fit
    monkeypatch.setattr(block, "_linebox_layout", weasyprint_fix.ORIGINAL)
    result = build(project_copy, ("pdf",), project_copy / "build", parallel=False)  # verified: notes on their page
    assert [d.code for d in result.warnings if d.code == "pdf.weasyprint-fix"] == ["pdf.weasyprint-fix"]
    assert {k.strip() for k in result.timings if k.startswith("  layout")} == {"layout whole"}  # one piece
    # The re-layout started the paragraph of the note WeasyPrint 70 sets a page late on a new page.
    assert _page_texts(result.outputs["pdf"].read_bytes()) != _page_texts(built[1])
    _assert_real_fonts(result.outputs["pdf"].read_bytes())


def test_sections_start_is_checked_and_the_old_settings_named(tmp_path):
    import shutil

    from briefpress.theme_config import theme_problems
    theme = tmp_path / "kcss"
    shutil.copytree(ROOT / "templates" / "kcss", theme)
    settings = theme / "theme.yaml"
    text = settings.read_text()
    assert theme_problems(theme) == []
    settings.write_text(text.replace("sections_start: page", "sections_start: left"))
    [problem] = theme_problems(theme)
    assert problem.code == "theme.invalid" and "page, right, auto" in problem.message
    assert problem.location.line == text.splitlines().index(next(
        line for line in text.splitlines() if line.startswith("sections_start"))) + 1
    for old, now in (("sections_start_right: true", "right"), ("sections_start_page: false", "auto")):
        settings.write_text(text.replace("sections_start: page", old))
        [problem] = theme_problems(theme)
        assert problem.code == "theme.unknown" and f"is now 'sections_start: {now}'" in problem.message


def test_a_rebuild_lays_out_only_what_changed_and_gives_a_full_builds_bytes(built, project_copy, tmp_path):
    """Three edits, each rebuilt with the parts of the last PDF (kept in the output folder, or in
    memory as the live preview keeps them) and compared byte for byte with a build from nothing:
    a sentence (only its section is laid out again), a note (the note numbers of every later section
    move), a long paragraph (its section gains pages: every later section and the TOC move)."""
    out = project_copy / "build"
    last = build(project_copy, ("pdf",), out)
    assert last.outputs["pdf"].read_bytes() == built[1]
    assert len(list((out / ".layout-parts").glob("*.pdf"))) == len(part_starts(built[2], load_theme(
        ROOT / "templates" / "kcss"))) + 2  # the front, each part and the reference list's
    manuscript = project_copy / "manuscript"
    order = [c.name for c in built[2].chapters]
    edits = [("10-concluding-reflection", "\n\nAn added sentence for the test.\n"),
             ("05-russia", "\n\nA sentence with an added note.[^added]\n\n[^added]: The added note.\n"),
             ("04-overview", "\n\n" + "A long added paragraph that adds pages. " * 300 + "\n")]
    for n, (stem, added) in enumerate(edits):
        chapter = manuscript / f"{stem}.md"
        chapter.write_text(chapter.read_text() + added)
        again = build(project_copy, ("pdf",), out)
        memory = build(project_copy, ("pdf",), tmp_path / f"memory{n}", parallel=False, parts=last.parts)
        full = build(project_copy, ("pdf",), tmp_path / f"full{n}")
        assert again.outputs["pdf"].read_bytes() == full.outputs["pdf"].read_bytes()
        assert memory.outputs["pdf"].read_bytes() == full.outputs["pdf"].read_bytes()
        laid_out = {k.strip()[len("layout "):] for k in again.timings if k.strip().startswith("layout ")}
        later = {Path(name).stem for name in order[order.index(f"manuscript/{stem}.md"):]}
        if n == 0:
            assert laid_out == {stem}  # every other section and the front were taken as they were
        elif n == 1:
            assert again.notes == last.notes + 1 and later <= laid_out  # every later section's note numbers moved
            assert not laid_out & {"00-about-the-author", "03-introduction", "04-overview"}
        else:
            assert again.pages > last.pages and later | {"front"} <= laid_out
            assert not laid_out & {"00-about-the-author", "03-introduction"}
        assert sorted(p.stem for p in (out / ".layout-parts").glob("*.pdf")) == sorted(again.parts)
        last = again



def test_a_kept_part_left_short_is_laid_out_again(built, project_copy):
    """The parts are kept without waiting for the disk (a cache): one that a crash left short is not
    taken, but laid out again, and the paper is the same."""
    out = project_copy / "build"
    build(project_copy, ("pdf",), out)
    part = sorted((out / ".layout-parts").glob("*.pdf"))[0]
    part.write_bytes(part.read_bytes()[:1000])
    again = build(project_copy, ("pdf",), out)
    assert again.outputs["pdf"].read_bytes() == built[1]
    assert sum(k.strip().startswith("layout ") for k in again.timings) == 1  # that part only
    assert part.read_bytes() == again.parts[part.stem].pdf


def _outline(font, gid: int):
    glyph = font["glyf"][font.getGlyphName(gid)]
    coordinates, ends, _ = glyph.getCoordinates(font["glyf"])
    return list(coordinates), list(ends)


def test_the_merged_pdf_embeds_each_face_once_with_the_glyphs_drawn(built):
    """Every part embeds the build's subset of each font whole; the merged PDF keeps one copy of each,
    reduced to the glyphs the pages draw, each as the layout's font draws it."""
    from fontTools.ttLib import TTFont

    from briefpress.fonts import document_text, subset_theme_fonts

    theme = load_theme(ROOT / "templates" / "kcss")
    laid_out = subset_theme_fonts(theme, document_text(built[2], theme), "print")
    files = {f"{family}{'-Bold' if weight == 700 else ''}{'-Italic' if style == 'italic' else ''}".replace(" ", "-"): file
             for family, weight, style, file in theme.settings["fonts"]["files"]}
    programs: dict[str, set] = {}
    with pikepdf.open(io.BytesIO(built[1])) as reader:
        for obj in reader.objects:
            if not (isinstance(obj, pikepdf.Dictionary) and obj.get("/Subtype") == "/CIDFontType2"):
                continue
            name = str(obj.BaseFont).split("+", 1)[-1]
            program = obj.FontDescriptor.FontFile2
            programs.setdefault(name, set()).add(program.objgen)
            font, layout = TTFont(io.BytesIO(program.read_bytes())), TTFont(io.BytesIO(laid_out[files[name]]))
            widths, drawn = list(obj.W), set()
            for first, run in zip(widths[::2], widths[1::2]):
                drawn.update(range(int(first), int(first) + len(run)))
            assert all(_outline(font, g) == _outline(layout, g) for g in drawn)  # same glyph numbers and shapes
            outlined = sum(1 for g in range(len(font.getGlyphOrder())) if _outline(font, g)[1])
            assert outlined < len(layout.getGlyphOrder()) / 2  # the glyphs drawn (and their parts), not the subset
            assert "GSUB" not in font and "GPOS" not in font  # what a viewer reads, nothing more
    assert len(programs) >= 5 and all(len(streams) == 1 for streams in programs.values())  # 3 parts, one copy each


def _font_programs(pdf: bytes) -> list[bytes]:
    with pikepdf.open(io.BytesIO(pdf)) as reader:
        return [o[key].read_bytes() for o in reader.objects
                if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/FontDescriptor"
                for key in ("/FontFile", "/FontFile2", "/FontFile3") if key in o]


def test_weasyprint_embeds_the_fonts_given_subset_as_they_are(monkeypatch):
    """Neither HarfBuzz-Subset nor fontTools touches them, so the PDF is the same on every machine.
    A part embeds a stub naming the font; the merge puts the given font back, reduced to the glyphs drawn."""
    from fontTools.ttLib import TTFont
    from weasyprint.pdf import fonts as weasyprint_fonts

    from briefpress.fonts import data_url, subset_theme_fonts
    from briefpress.printing.merge import merge_parts
    from briefpress.printing.model import stub
    from printing_helpers import write_part

    def refuse(*args):
        raise AssertionError("WeasyPrint subset a font given subset")

    theme = load_theme(ROOT / "templates" / "kcss")
    serif = subset_theme_fonts(theme, "Kosovo", "print")["NotoSerif-Regular.ttf"]
    html = (f'<html lang="en"><style>@font-face {{ font-family: "KCSS Serif"; src: url("{data_url(serif)}"); }} '
            f'body {{ font-family: "KCSS Serif" }}</style><body><p>Kosovo and Serbia</p></body></html>')
    first = write_part(html, theme.dir, (theme.dir,)).pdf
    monkeypatch.setattr(weasyprint_fonts.Font, "_harfbuzz_subset", refuse)
    monkeypatch.setattr(weasyprint_fonts.Font, "_fonttools_subset", refuse)
    assert write_part(html, theme.dir, (theme.dir,)).pdf == first
    assert _font_programs(first) == [stub(serif)]  # the part: a stub for the font as given
    merged = merge_parts([first], [serif])
    [program] = _font_programs(merged)
    font, given = TTFont(io.BytesIO(program)), TTFont(io.BytesIO(serif))
    assert len(font.getGlyphOrder()) <= len(given.getGlyphOrder())  # glyph numbers kept, none added
    assert sum(1 for g in font.getGlyphOrder() if font["glyf"][g].numberOfContours) \
        < sum(1 for g in given.getGlyphOrder() if given["glyf"][g].numberOfContours)  # only what is drawn
    with pikepdf.open(io.BytesIO(merged)) as reader:
        [stream] = [o.FontFile2 for o in reader.objects
                    if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/FontDescriptor"]
        assert int(stream.Length1) == len(program)
    with pytest.raises(ValueError, match="stub"):
        merge_parts([first], [])  # a stub whose font was not given never reaches a PDF


def _assert_real_fonts(pdf: bytes) -> None:
    """Every font program of a PDF is a real font (whole or reduced), never a part's stub."""
    import uharfbuzz as hb

    from briefpress.printing.model import STUB

    programs = _font_programs(pdf)
    assert programs
    for program in programs:
        assert STUB not in program
        assert hb.Face(program).glyph_count > 1 and hb.Face(program).upem > 0  # parses as a font


def test_no_stub_reaches_the_paper(built):
    """The parts embed stubs for the build's fonts; the merged paper embeds the fonts (one piece: the
    ``sections_start`` options and the fallback without the WeasyPrint fix are checked in their tests)."""
    _assert_real_fonts(built[1])


def test_the_pdf_is_the_same_with_or_without_harfbuzz_subset(tmp_path, monkeypatch):
    """The theme's fonts reach WeasyPrint subset already and are embedded as they are: whether the
    machine has HarfBuzz-Subset (WeasyPrint would use it) or not (fontTools) changes no byte."""
    from weasyprint.pdf import fonts as weasyprint_fonts

    paper = ROOT / "tests" / "fixtures" / "papers" / "kitchen" / "paper.md"
    first = build(paper, ("pdf",), tmp_path / "a", parallel=False).outputs["pdf"].read_bytes()
    monkeypatch.setattr(weasyprint_fonts, "harfbuzz_subset", None)  # as on a machine without it
    assert build(paper, ("pdf",), tmp_path / "b", parallel=False).outputs["pdf"].read_bytes() == first


def test_a_part_key_covers_every_theme_file_a_stylesheet_may_name(tmp_path):
    """A theme file the HTML only names (the logo, a background image in the CSS) changes the parts' key,
    so a rebuild lays them out again instead of reusing a part drawn with the old file."""
    import shutil

    from briefpress.printing.jobs import files_digest
    theme_dir = tmp_path / "kcss"
    shutil.copytree(ROOT / "templates" / "kcss", theme_dir)
    theme = load_theme(theme_dir)
    before = files_digest(theme)
    assert files_digest(load_theme(theme_dir)) == before
    (theme_dir / "paper-texture.png").write_bytes(b"\x89PNG first")
    first = files_digest(load_theme(theme_dir))
    (theme_dir / "paper-texture.png").write_bytes(b"\x89PNG second")
    assert len({before, first, files_digest(load_theme(theme_dir))}) == 3


def test_a_part_key_covers_the_print_packages_code(tmp_path):
    """A change to the print package's code (a WeasyPrint edit that draws differently, in the same release)
    changes the parts' key: a rebuild does not reuse parts the other code laid out."""
    import shutil

    from briefpress.printing import jobs
    folder = tmp_path / "printing"
    shutil.copytree(Path(jobs.__file__).parent, folder, ignore=shutil.ignore_patterns("__pycache__"))
    before = jobs.code_digest.__wrapped__(folder)
    assert before == jobs.code_digest() == jobs.code_digest.__wrapped__(folder)
    leaders = folder / "leaders.py"
    leaders.write_text(leaders.read_text() + "\n# drawn otherwise\n")
    assert jobs.code_digest.__wrapped__(folder) != before


def test_the_workers_temporary_files_go_in_a_folder_removed_with_them():
    # WeasyPrint writes each @font-face font to a folder it removes only when the font configuration is
    # freed, which a worker ended by os._exit never does: every build left two folders in /tmp before.
    from briefpress.printing import workers

    kept = workers.start()  # as the live preview keeps them, ended by kill()
    assert kept.submit("tempfile:gettempdir").result() == kept.folder and Path(kept.folder).is_dir()
    kept.kill()
    assert not Path(kept.folder).exists()
    with workers.pool() as built:  # as a build uses them
        assert built.submit("tempfile:gettempdir").result() == built.folder
    assert not Path(built.folder).exists()


@pytest.mark.parametrize("size, chars_per_page", [(3, 3550), (4, 400), (4, 400000)])
def test_more_workers_give_the_same_bytes(built, project_copy, size, chars_per_page):
    """A machine with more cores runs a worker per core (cores.cores), and idle workers each start
    a part on a guessed page: with the guesses right, too long or too short, the paper is the same."""
    from briefpress.printing import workers

    settings = project_copy / "templates" / "kcss" / "theme.yaml"
    settings.write_text(settings.read_text().replace("chars_per_page: 3550", f"chars_per_page: {chars_per_page}"))
    with workers.pool(size=size) as pool:
        assert pool.size == size and pool.fixed() and len(pool.ready) == size
        result = build(project_copy, ("pdf",), project_copy / "build", workers=pool)
    assert result.outputs["pdf"].read_bytes() == built[1]


def test_a_worker_collects_its_garbage_between_parts_and_skips_what_it_inherited():
    # The collector is off while a worker lays out a part (in_worker.run), on again afterwards, so a
    # worker's memory is that of a few parts; what the forkserver had (WeasyPrint) is frozen, never scanned.
    from briefpress.printing import workers

    with workers.pool(size=2) as pool:
        pool.submit("lay_out_and_write", "<p>A part</p>", ROOT, (ROOT,)).result()
        assert pool.submit("gc:isenabled").result() is True
        assert pool.submit("gc:get_freeze_count").result() > 10_000


@pytest.mark.parametrize("garbage, full", [(0, True), (10**9, False)])
def test_a_worker_collects_once_its_result_is_sent(monkeypatch, garbage, full):
    """The collector stays off while a part is laid out and while the pool sends its result (it holds
    the result till then): a pass then made the build wait for it between every part and the next.
    Once the pool drops the result, the collector is on, after a pass over the young objects, or over
    all of them once the parts have left ``GARBAGE`` objects."""
    import gc

    from briefpress.printing import in_worker
    monkeypatch.setattr(in_worker, "_IN_WORKER", True)  # as in a worker: the collector off during the job
    monkeypatch.setattr(in_worker, "GARBAGE", garbage)
    gc.collect()
    html = "<html><body>" + "<p>A part <em>with</em> words.</p>" * 200 + "</body></html>"
    try:
        written = in_worker.run("lay_out_and_write", html, ROOT, (ROOT,))
        assert not gc.isenabled()  # the result not sent yet
        left = gc.get_count()[0]
        full_passes = gc.get_stats()[2]["collections"]
        del written  # sent: the pool drops it
        assert gc.isenabled()
        assert gc.get_count()[0] < 1000 < left
        assert (gc.get_stats()[2]["collections"] > full_passes) is full
    finally:
        gc.enable()


def test_a_worker_whose_job_fails_collects_again(monkeypatch):
    import gc

    from briefpress.printing import in_worker
    monkeypatch.setattr(in_worker, "_IN_WORKER", True)
    try:
        with pytest.raises(AttributeError):
            in_worker.run("no_such_job")
        assert gc.isenabled()
    finally:
        gc.enable()


def test_workers_one_per_core_at_least_two_at_most_eight(monkeypatch, tmp_path):
    from briefpress.printing import cores as machine, workers

    monkeypatch.setattr(machine, "CPU_QUOTA", (str(tmp_path / "v2" / "cpu.max"), str(tmp_path / "v1" / "cpu.cfs_quota_us")))
    for available, expected in ((1, 2), (2, 2), (6, 6), (64, 8)):
        monkeypatch.setattr(workers.os, "sched_getaffinity", lambda pid, n=available: set(range(n)), raising=False)
        assert workers.cores() == expected
    # a container on a 64-core host, allowed 3 cores (cgroup v2), 2.5 (v1), or no quota
    (tmp_path / "v2").mkdir()
    (tmp_path / "v2" / "cpu.max").write_text("300000 100000\n")
    assert workers.cores() == 3
    (tmp_path / "v2" / "cpu.max").write_text("max 100000\n")
    assert workers.cores() == 8
    (tmp_path / "v2" / "cpu.max").unlink()
    (tmp_path / "v1").mkdir()
    (tmp_path / "v1" / "cpu.cfs_quota_us").write_text("250000\n")
    (tmp_path / "v1" / "cpu.cfs_period_us").write_text("100000\n")
    assert workers.cores() == 3
    (tmp_path / "v1" / "cpu.cfs_quota_us").write_text("-1\n")
    assert workers.cores() == 8


def test_a_part_goes_to_a_worker_without_its_stylesheet_and_comes_back_the_same(built):
    """The parts' stylesheet (the fonts: hundreds of kB) goes to the workers once, in a file of the pool's
    folder (Workers.part); each part carries a placeholder in its place, and is laid out from the same
    HTML, so to the same bytes, as a part sent whole."""
    from briefpress.printing import workers
    from briefpress.printing.model import SHARED_SIZE, SHEET, PrintPart

    document = built[2]
    theme = load_theme(ROOT / "templates" / "kcss")
    htmls = [render_print(document, theme, PrintPart(first=k, stop=k + 1, start_page=9, notes_before=3))
             for k in (len(document.chapters) - 2, len(document.chapters) - 1)]
    assert all(len(html) > SHARED_SIZE * 10 for html in htmls)
    sent = []
    with workers.pool(size=2) as pool:
        original = pool.submit
        pool.submit = lambda name, *args: sent.append((name, args)) or original(name, *args)
        shared = [pool.part(html, theme.dir, (ROOT, theme.dir)).result() for html in htmls]
        sheets = sorted(p.name for p in Path(pool.folder).glob("sheet-*"))
        whole = [original("lay_out_and_write", html, theme.dir, (ROOT, theme.dir)).result() for html in htmls]
    assert [s.pdf for s in shared] == [w.pdf for w in whole]
    assert len(sheets) == 1 and sheets[0].endswith(".css")  # one file for both parts
    assert [name for name, _ in sent] == ["lay_out_and_write_shared"] * 2
    assert all(SHEET in args[0] and len(args[0]) < SHARED_SIZE * 4 for _, args in sent)


def test_a_stylesheet_sent_in_a_file_comes_back_with_its_line_ends_as_they_were(tmp_path):
    """The file is bytes, not text: read back as text, a carriage return (a theme setting printed into
    the stylesheet) came back as a line feed, another HTML, so another PDF (its identifier is the HTML's)."""
    from briefpress.printing import workers
    from briefpress.printing.model import SHARED_SIZE

    sheet = "/* a theme's note\r\nwith a lone\rreturn */ p { color: #123 }\n" + "/* filler */\n" * 2000
    html = f"<html><head><style>{sheet}</style></head><body><p>A paragraph.</p></body></html>"
    assert len(sheet) > SHARED_SIZE
    with workers.pool(size=2) as pool:
        shared = pool.part(html, tmp_path, (tmp_path,)).result()
        whole = pool.submit("lay_out_and_write", html, tmp_path, (tmp_path,)).result()
    assert shared.pdf == whole.pdf


def test_parts_read_before_the_merge_give_the_bytes_of_parts_read_by_it():
    # The build reads each part as it comes back, beside the layout of the others (parts._Sections._read_one).
    from briefpress.fonts import data_url, subset_theme_fonts
    from briefpress.printing.merge import merge_parts, open_part
    from printing_helpers import write_part

    theme = load_theme(ROOT / "templates" / "kcss")
    serif = subset_theme_fonts(theme, "Kosovo Serbia Pristina", "print")["NotoSerif-Regular.ttf"]
    face = f'<style>@font-face {{ font-family: "KCSS Serif"; src: url("{data_url(serif)}"); }} ' \
           'body { font-family: "KCSS Serif" }</style>'
    parts = [write_part(f'<html lang="en">{face}<body><h1 id="h{i}">Part {i}</h1><p>Kosovo <a href="#h0">and</a> '
                        f'Serbia {i}</p></body></html>', theme.dir, (theme.dir,)).pdf for i in range(4)]
    merged = merge_parts(parts, [serif])
    assert merge_parts(parts, [serif], [open_part(parts[1]), None, open_part(parts[3])]) == merged
    assert merge_parts(parts, [serif], [open_part(p) for p in parts[1:]]) == merged
    with pikepdf.open(io.BytesIO(merged)) as pdf:
        assert len(pdf.pages) == 4


def test_the_merged_paper_has_one_structure_tree_the_margin_boxes_elements_under_its_document():
    # WeasyPrint tags each margin box as a NonStruct whose parent is the Document element, unlisted by it:
    # carried as they were, they brought every part's Document and structure tree into the paper.
    from briefpress.printing.merge import merge_parts, open_part
    from printing_helpers import write_part

    theme = load_theme(ROOT / "templates" / "kcss")
    page = "<style>@page { @bottom-center { content: counter(page) } @top-left { content: 'Brief' } }</style>"
    parts = [write_part(f'<html lang="en">{page}<body><h1>Part {i}</h1><p>Text {i}</p>'
                        f'<p style="break-before: page">More {i}</p></body></html>', theme.dir, (theme.dir,)).pdf
             for i in range(3)]
    with pikepdf.open(io.BytesIO(parts[1])) as part:  # what WeasyPrint writes
        document = part.Root.StructTreeRoot.K[0]
        listed = {k.objgen for k in document.K}
        assert any(o.get("/S") == "/NonStruct" and o.P.objgen == document.objgen and o.objgen not in listed
                   for o in part.objects if isinstance(o, pikepdf.Dictionary) and "/P" in o)
    for merged in (merge_parts(parts), merge_parts(parts, (), [open_part(parts[1]), None])):
        with pikepdf.open(io.BytesIO(merged)) as pdf:
            root = pdf.Root.StructTreeRoot
            assert [o.objgen for o in pdf.objects if isinstance(o, pikepdf.Dictionary)
                    and o.get("/Type") == "/StructTreeRoot"] == [root.objgen]
            elements = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/StructElem"]
            assert sum(o.get("/S") == "/Document" for o in elements) == 1
            for element in elements:  # each leads up to the one tree
                while element.objgen != root.objgen:
                    element = element.P
