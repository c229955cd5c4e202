from pathlib import Path

import pytest

from briefpress.printing.layout import block_holding, separated_notes
from briefpress.printing import weasyprint_fix


def test_separated_notes():
    anchors = {"fnref-1": 3, "fn-1": 3, "fnref-2": 4, "fn-2": 5, "fn-10": 7, "fnref-10": 7}
    assert separated_notes(anchors) == [2]


def test_break_goes_on_the_block_that_holds_the_call():
    html = '<p id="b1">one</p><ol><li id="b2">two <a class="note-ref" id="fnref-2"></a></li></ol>'
    assert block_holding(html, 2) == "b2"
    assert block_holding(html, 9) is None


# A small page where the second paragraph's second line overflows: WeasyPrint 70 makes room by
# moving the note of the first paragraph to the next page, away from its call. The bundled theme
# font sets the text, so the line breaks (and the bug) do not depend on the machine's fonts.
FONTS = Path(__file__).resolve().parents[1] / "templates" / "kcss" / "fonts"
FIXTURE_CSS = """@font-face { font-family: Fixture; src: url(NotoSerif-Regular.ttf) }
@page { size: 120mm 90mm; margin: 10mm; }
body { font: 10pt/1.3 Fixture; } p { margin: 0; orphans: 2; widows: 2; }
.fn { float: footnote; footnote-policy: line; }"""


def _fixture(words: int) -> str:
    text = " ".join(f"word{i}" for i in range(words))
    more = " ".join(f"more{i}" for i in range(30))
    return (f"<style>{FIXTURE_CSS}</style><p>{text}<span class=fn id=fn-1>The note text, long enough "
            f"to take two lines at the foot of this small page.</span><a id=fnref-1></a> end.</p><p>{more}</p>")


def _separated(html: str) -> list[int]:
    import weasyprint
    anchors: dict[str, int] = {}
    for i, page in enumerate(weasyprint.HTML(string=html, base_url=str(FONTS)).render().pages):
        for name in page.anchors:
            anchors.setdefault(name, i)
    return separated_notes(anchors)


def test_weasyprint_fix_keeps_a_line_policy_note_on_its_call_page(monkeypatch):
    from weasyprint.layout import block

    assert weasyprint_fix.apply()  # the patched line exists in the pinned WeasyPrint
    fixed = block._linebox_layout
    for words in (64, 67, 70):
        monkeypatch.setattr(block, "_linebox_layout", weasyprint_fix.ORIGINAL)
        assert _separated(_fixture(words)) == [1]  # the fixture shows WeasyPrint's behaviour
        monkeypatch.setattr(block, "_linebox_layout", fixed)
        assert _separated(_fixture(words)) == []


def test_the_patched_function_keeps_its_file_and_line_numbers():
    from weasyprint.layout import block
    assert weasyprint_fix.apply()
    patched, original = block._linebox_layout.__code__, weasyprint_fix.ORIGINAL.__code__
    assert patched is not original
    assert (patched.co_filename, patched.co_firstlineno) == (original.co_filename, original.co_firstlineno)
    lines = {line for _, _, line in original.co_lines() if line}
    assert {line for _, _, line in patched.co_lines() if line} <= lines  # a traceback names block.py's own lines


def test_the_fix_is_applied_explicitly_and_only_to_its_release(monkeypatch):
    import subprocess
    import sys
    code = ("import briefpress.printing.layout\nfrom weasyprint.layout import block\n"
            "print(getattr(block._linebox_layout, 'briefpress_fixed', False))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"  # importing does not patch WeasyPrint; prepare() does
    from weasyprint.layout import block
    monkeypatch.setattr(block, "_linebox_layout", weasyprint_fix.ORIGINAL)
    monkeypatch.setattr("weasyprint.__version__", "71.0")
    assert weasyprint_fix.apply() is False and block._linebox_layout is weasyprint_fix.ORIGINAL



@pytest.fixture(scope="module")
def long_note(tmp_path_factory):
    from outputs import build_all
    return build_all(tmp_path_factory.mktemp("long-note"), "# A\n\nBody text.[^n] Next sentence.\n\nFollowing paragraph.\n\n"
                     "[^n]: Note first.\n\n    Note second.\n\n    - note item\n\n    ```\n    note code\n    ```\n", "")


def test_a_note_of_several_paragraphs_stays_whole_at_the_foot_of_its_page(long_note):
    """A note with a second paragraph, a list and code sits inside its call's paragraph: an HTML parser
    closed that paragraph at the note's first <p>, so the note printed empty and its blocks ran in
    the body."""
    import re

    from outputs import pdf_pages_text
    page = next(p for p in pdf_pages_text(long_note["pdf"]) if "Body text" in p)
    text = " ".join(page.split())
    assert re.search(r"Body text\.\s?1 Next sentence\. Following paragraph\.", text), text
    start = text.index("Note first.")
    assert start > text.index("Following paragraph.")
    assert start < text.index("Note second.") < text.index("note item") < text.index("note code")


def test_a_note_of_several_paragraphs_is_valid_in_the_epub(long_note, tmp_path):
    """The EPUB wrapped the note's paragraphs, list and code in one <p> (EPUBCheck: RSC-005)."""
    from outputs import epub_files, epubcheck_problems
    notes = next(v.decode() for k, v in epub_files(long_note["epub"]).items() if k.endswith("notes.xhtml"))
    assert '#fnref-1">1.</a> Note first.</p>' in notes and "<li>note item</li>" in notes
    assert epubcheck_problems(long_note["epub"], tmp_path) == []


def test_streams_are_compressed_at_the_default_level_once_prepared(monkeypatch):
    import zlib

    import pydyf

    from briefpress.printing import compression

    monkeypatch.setattr(pydyf, "zlib", zlib)  # as pydyf comes: level 9
    words = [f"w{i * 7919 % 997}" for i in range(300)]  # varied enough that levels 9 and 6 differ
    stream = pydyf.Stream([f"BT 72 {i} Td ({' '.join(words[i % 290:i % 290 + 12])}) Tj ET".encode()
                           for i in range(400)], compress=True)
    at_nine = stream.data
    assert compression.apply() and compression.apply()  # once; a second call finds it in place
    at_default = stream.data
    body = lambda data: data.split(b"stream\n", 1)[1].rsplit(b"\nendstream", 1)[0]  # noqa: E731
    assert zlib.decompress(body(at_default)) == zlib.decompress(body(at_nine))  # the same content
    assert body(at_default) != body(at_nine)
    level_six = zlib.compressobj(6)
    assert body(at_default) == level_six.compress(b"\n".join(stream.stream)) + level_six.flush()
    monkeypatch.setattr(pydyf, "zlib", zlib)
    monkeypatch.setattr(compression, "_CALL", "zlib.compressobj(level=8)")  # a pydyf that compresses otherwise
    assert compression.apply() is False and pydyf.zlib is zlib


def test_a_pydyf_installed_without_its_source_is_left_as_it_is(tmp_path):
    """compression.apply reads pydyf's source to know how it compresses; an installation that keeps only
    the compiled modules (no .py) has none to read: pydyf is then left at its own level, and every
    layout job still runs (each applies it, in_worker.run)."""
    import compileall
    import os
    import shutil
    import subprocess
    import sys

    import pydyf

    copy = tmp_path / "pydyf"
    shutil.copytree(Path(pydyf.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert compileall.compile_dir(copy, quiet=1, legacy=True)
    for source in copy.glob("*.py"):
        source.unlink()
    src = Path(__file__).resolve().parents[1] / "src"
    code = ("import pydyf, zlib; from briefpress.printing import compression; "
            "print(pydyf.__file__.endswith('.pyc'), compression.apply(), pydyf.zlib is zlib)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{src}"})
    assert done.returncode == 0 and done.stdout.split() == ["True", "False", "True"], done.stderr


def test_a_parts_key_names_the_level_its_streams_are_compressed_at(monkeypatch):
    # A part laid out where the view of zlib cannot apply (pydyf's own level 9) must not be reused
    # where it does (the default level): the same HTML, other bytes.
    import pydyf

    from briefpress.printing import compression
    from briefpress.printing.jobs import Jobs
    from briefpress.printing.workers import InProcess
    from briefpress.render_html import load_theme
    from conftest import ROOT

    theme = load_theme(ROOT / "templates" / "kcss")
    monkeypatch.setattr(pydyf, "zlib", __import__("zlib"))
    jobs = Jobs(InProcess(), theme, (), {}, False)  # the workers say how they compress (layout.ready)
    applied = jobs.key(jobs.digest("<p>part</p>"))
    assert compression.applies() is True
    monkeypatch.setattr(pydyf, "zlib", __import__("zlib"))
    monkeypatch.setattr(compression, "_CALL", "zlib.compressobj(level=8)")
    assert compression.applies() is False
    jobs = Jobs(InProcess(), theme, (), {}, False)
    assert jobs.key(jobs.digest("<p>part</p>")) != applied
