"""WeasyPrint imported without the library search (printing/libraries.py) loads the same C libraries as
its own import, and falls back to that import when a library does not open by its file name; the
forkserver's warm-up (layout.warm_up, run by printing/preload.py) never ends the forkserver."""
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
LIBRARIES = ("gobject", "pango-1", "pangoft2", "harfbuzz", "harfbuzz-subset", "fontconfig")

LOADED = """
import re, sys
sys.path.insert(0, {src!r})
{setup}
maps = open("/proc/self/maps").read()
print(sorted(set(re.findall(r"/\\S*lib(?:{names})\\S*\\.so[.\\d]*", maps))))
"""


def _loaded(setup: str) -> str:
    names = "|".join(n.replace("-", "\\-") for n in LIBRARIES)
    code = LOADED.format(src=str(SRC), setup=setup, names=names)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the shortcut is for Linux")
def test_the_same_libraries_as_weasyprints_own_import():
    own = _loaded("import weasyprint")
    assert "libpango-1.0" in own and "libharfbuzz" in own
    assert _loaded("from briefpress.printing.libraries import import_weasyprint; import_weasyprint()") == own


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the shortcut is for Linux")
def test_a_library_that_does_not_open_by_its_file_name_is_searched_for():
    # A loader that cannot open Pango by the name WeasyPrint lists, only by the one the search returns.
    setup = """
import ctypes.util, cffi.api
load = cffi.api._load_backend_lib
found = []
def only_searched(backend, name, flags):
    if name == "libpango-1.0.so.0" and found == []:
        raise OSError("not by this name here")
    return load(backend, name, flags)
cffi.api._load_backend_lib = only_searched
search = ctypes.util.find_library
def counted(name):
    path = search(name)
    if path and "pango-1.0" in path:
        found.append(path)
    return path
ctypes.util.find_library = counted
from briefpress.printing.libraries import import_weasyprint
weasyprint = import_weasyprint()
assert found and weasyprint.HTML, found
"""
    assert "libpango-1.0" in _loaded(setup)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the shortcut is for Linux")
def test_another_thread_still_searches_and_the_search_is_restored():
    # While WeasyPrint is imported, a second thread asks for a library: it gets the search's answer.
    setup = """
import ctypes.util, threading, cffi.api
load = cffi.api._load_backend_lib
answers = []
def asked_meanwhile(backend, name, flags):
    if not answers:
        other = threading.Thread(target=lambda: answers.append(ctypes.util.find_library("c")))
        other.start()
        other.join()
    return load(backend, name, flags)
cffi.api._load_backend_lib = asked_meanwhile
search = ctypes.util.find_library
from briefpress.printing.libraries import import_weasyprint
import_weasyprint()
assert answers and answers[0] is not None, answers
assert ctypes.util.find_library is search
"""
    assert "libpango-1.0" in _loaded(setup)


def test_a_failing_warm_up_does_not_end_the_forkserver(monkeypatch):
    """The forkserver's preload runs layout.warm_up; only an ImportError may leave a preload, any other
    exception ends the forkserver and the build with it (an internal error). The warm-up fills caches
    only, so a failure there is no failure of the build."""
    from briefpress.printing import layout

    def broken(*args):
        raise RuntimeError("no fonts on this machine")
    monkeypatch.setattr(layout, "lay_out", broken)
    layout.warm_up()  # returns


def test_the_warm_up_page_embeds_its_fonts_as_stubs_as_the_parts_do(monkeypatch):
    """The warm-up writes its page as the parts are written, each font a stub (stubs.EVERY): WeasyPrint's
    own subsetting, which a part asks for only of a font the build did not give, was ~14 ms of the
    forkserver's warm-up, which a cold build waits for."""
    from weasyprint.pdf import fonts

    from briefpress.printing import layout
    from briefpress.printing.model import STUB
    subset, written = [], []
    monkeypatch.setattr(fonts.Font, "_harfbuzz_subset", lambda self, *args: subset.append(self))
    monkeypatch.setattr(fonts.Font, "_fonttools_subset", lambda self, *args: subset.append(self))
    write = layout.write

    def recorded(doc, identifier, given=frozenset()):
        written.append(write(doc, identifier, given)[0])
        return written[-1], ()
    monkeypatch.setattr(layout, "write", recorded)
    layout.warm_up()
    assert len(written) == 1 and not subset
    assert STUB in written[0]  # a stub in place of a font program


def test_only_the_forkserver_ends_by_os_exit_at_exit():
    """preload.py ends the forkserver without the interpreter's teardown (an exit handler calling
    os._exit(0)); a process that merely imports the module (the test of every module's import, run in
    pytest's own process) must keep its exit code: else a failing test run exits 0."""
    from briefpress.printing import workers

    code = f"import sys; sys.path.insert(0, {str(SRC)!r}); import briefpress.printing.preload; sys.exit(3)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 3, done.stderr
    pool = workers.start()
    try:  # the forkserver's workers are forks of it: the module as the forkserver imported it
        ends = pool.submit("builtins:eval", "__import__('briefpress.printing.preload').printing.preload.ENDS_AT_EXIT")
        assert ends.result() is True
    finally:
        pool.kill()


FONTTOOLS = """
import sys
sys.path.insert(0, {src!r})
from briefpress.printing.libraries import import_weasyprint
weasyprint = import_weasyprint()
heavy = [m for m in ("fontTools.varLib", "fontTools.ttLib.tables.otTables") if m in sys.modules]
{check}
"""


def _fonttools(check: str) -> str:
    code = FONTTOOLS.format(src=str(SRC), check=check)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_fonttools_subsetter_and_instancer_load_only_when_used():
    """WeasyPrint's import leaves fontTools' subsetter and instancer (and the tables they read) unloaded;
    a font WeasyPrint subsets with fontTools (no HarfBuzz-Subset, a font not given subset) loads them
    then, and is subset all the same."""
    font = Path(__file__).resolve().parents[1] / "templates" / "kcss" / "fonts" / "NotoSerif-Regular.ttf"
    out = _fonttools(f"""
print("heavy at import:", heavy)
from weasyprint.pdf import fonts
fonts.harfbuzz_subset = None  # as on a machine without it: WeasyPrint subsets with fontTools
html = ('<style>@font-face {{ font-family: T; src: url("{font.as_uri()}") }} p {{ font-family: T }}</style>'
        '<p>Kosovo</p>')
pdf = weasyprint.HTML(string=html).write_pdf()
assert hasattr(sys.modules["fontTools.subset"], "Subsetter")
print("pdf smaller than the font:", len(pdf) < {font.stat().st_size} // 4)
""")
    assert "heavy at import: []" in out
    assert "pdf smaller than the font: True" in out


def test_the_forkserver_preparing_and_warming_up_leaves_them_unloaded():
    """What the forkserver does before it forks the workers (layout.prepare: every edit of WeasyPrint put in
    place; the warm-up page) loads none of them: an edit that looked for WeasyPrint's importers of a function
    by asking every module loaded the lazy subsetter (0.12 s of the forkserver's start, which a build waits for)."""
    out = _fonttools("""
from briefpress.printing import layout
assert layout.prepare()
layout.warm_up()
print("heavy after the warm-up:", [m for m in ("fontTools.varLib", "fontTools.ttLib.tables.otTables") if m in sys.modules])
""")
    assert "heavy after the warm-up: []" in out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the search runs ldconfig and gcc on Linux")
def test_the_pango_functions_weasyprint_does_not_declare_are_found_without_a_search():
    out = _fonttools("""
import ctypes.util
def search(name):
    raise AssertionError("searched for " + name)
ctypes.util.find_library = search
from briefpress.printing import pango_extra
print("found:", pango_extra.pango() is not None)
""")
    assert "found: True" in out


def test_the_instancer_stand_in_calls_fonttools_own_function():
    out = _fonttools("""
from weasyprint.pdf import fonts
assert "fontTools.varLib.instancer" not in sys.modules  # the stand-in is gone once WeasyPrint is imported
import fontTools.varLib.instancer as instancer
calls = []
instancer.instantiateVariableFont = lambda *a, **k: calls.append((a, k)) or "instance"
print(fonts.instantiateVariableFont("font", {"wght": 700}, static=True), calls)
""")
    assert out.strip() == "instance [(('font', {'wght': 700}), {'static': True})]"
