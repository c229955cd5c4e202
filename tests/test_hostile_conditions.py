"""Hostile conditions: a build killed outright, and what it leaves in TMPDIR (the next build's pool
sweeps away what a dead build left, never what a live one holds); every input file as bytes that are
not UTF-8, a folder, a broken link, or a file that may not be read (one error naming it, never a
traceback, nothing written)."""
from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_bad_input import EARLIER, _good_project, run, seed_outputs, snapshot

from briefpress.printing import leftovers

SRC = str(Path(__file__).resolve().parents[1] / "src")


# a build held before its layout, once its pool, forkserver and stylesheet's rules are in place
HELD = ("import sys, time\nimport briefpress.pipeline as pipeline\n"
        "pipeline.print_edition = lambda *args, **kwargs: time.sleep(120)\n"
        "from briefpress.cli import main\nsys.exit(main(sys.argv[1:]))\n")
PREFIXES = ("briefpress-workers-", "pymp-", "briefpress-style-")
OTHERS = {"pymp-someone-else", "briefpress-workers-unclaimed", "briefpress-workers-live"}


def _build(root: Path, tmp: Path, *, held: bool = False, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": SRC, "TMPDIR": str(tmp)}
    command = ["-c", HELD] if held else ["-m", "briefpress"]
    return subprocess.Popen([sys.executable, *command, "build", str(root), "--format", "pdf"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def _made(tmp: Path) -> set[str]:
    return {p.name for p in tmp.iterdir()} - OTHERS


def test_a_build_sweeps_away_the_folders_of_a_build_killed_outright(tmp_path):
    root, _ = _good_project(tmp_path)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    # not briefpress's, or made before claims: never touched
    (tmp / "pymp-someone-else").mkdir()
    (tmp / "briefpress-workers-unclaimed").mkdir()
    # a live build's (this process holds the claim): never touched
    (tmp / "briefpress-workers-live").mkdir()
    live = leftovers.claim(str(tmp / "briefpress-workers-live"))
    assert live is not None
    proc = _build(root, tmp, held=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:  # each folder made and claimed
            if all(any(name.startswith(p) and (tmp / name / leftovers.OWNER).exists() for name in _made(tmp))
                   for p in PREFIXES):
                break
            time.sleep(0.01)
        # the build, its forkserver and workers, all at once (as a cancelled CI job's process group)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    left = _made(tmp)
    assert all(any(name.startswith(p) for name in left) for p in PREFIXES), left  # killed before its cleanup

    again = _build(root, tmp)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    os.close(live)
    assert _made(tmp) == set()  # the dead build's, and the second build's own (removed as it ended)
    assert OTHERS <= set(os.listdir(tmp))
    assert set(tmp.glob(f"*/{leftovers.OWNER}*")) == {tmp / "briefpress-workers-live" / leftovers.OWNER}


def test_a_sweep_leaves_a_folder_claimed_by_a_living_process(tmp_path):
    folder = tmp_path / "briefpress-workers-x"
    folder.mkdir()
    (folder / "font.ttf").write_bytes(b"x")
    child = subprocess.Popen([sys.executable, "-c", f"import sys; sys.path.insert(0, {SRC!r})\n"
                              "from briefpress.printing import leftovers\n"
                              f"leftovers.claim({str(folder)!r}); print('held', flush=True); input()"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == "held\n"
        assert leftovers.sweep(str(tmp_path)) == []
        assert (folder / "font.ttf").exists()
    finally:
        child.kill()
        child.wait()
    assert leftovers.sweep(str(tmp_path)) == [str(folder)]
    assert not folder.exists()


def test_a_sweep_removes_an_old_empty_folder_a_build_never_claimed_and_nothing_else(tmp_path):
    """A build killed between making its folder and claiming it (microseconds) left it empty and unclaimed
    for ever; such a folder, named as briefpress's and over an hour old, is swept. Not a young one (a build
    making it now), a full one, or another program's (pymp-*, any other name)."""
    old = time.time() - 2 * leftovers.UNCLAIMED
    folders = {name: tmp_path / name for name in ("briefpress-workers-old", "briefpress-style-old", "briefpress-workers-new",
                                                  "briefpress-workers-full", "pymp-old", "other-old")}
    for name, folder in folders.items():
        folder.mkdir()
        if name.endswith("full"):
            (folder / "font.ttf").write_bytes(b"x")
        if not name.endswith("new"):
            os.utime(folder, (old, old))
    swept = leftovers.sweep(str(tmp_path))
    assert sorted(swept) == sorted(str(folders[n]) for n in ("briefpress-workers-old", "briefpress-style-old"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["briefpress-workers-full", "briefpress-workers-new",
                                                          "other-old", "pymp-old"]


# ---- Every input file as bytes that are not UTF-8, a folder, a broken link, unreadable ----------------

def _theme_project(tmp_path) -> Path:
    from test_bad_input import THEME, make_project
    return make_project(tmp_path, {THEME: lambda t: t})  # with its own copy of the theme


@pytest.mark.parametrize("name, formats", [
    ("templates/kcss/theme.yaml", ("html",)),
    ("templates/kcss/print.html.j2", ("pdf",)),  # read when lint asks whether the title block is printed
    ("templates/kcss/parts.html.j2", ("pdf",)),  # included by print.html.j2
    ("templates/kcss/screen.css.j2", ("html",)),
    ("pyproject.toml", ()),  # lint's settings
])
def test_a_file_not_in_utf8_is_an_error_at_its_first_such_byte(tmp_path, name, formats):
    root = _theme_project(tmp_path)
    path = root / name
    text = path.read_bytes() if path.exists() else b"[tool.briefpress.lint]\nignore = []\n"
    path.write_bytes(text + b"# caf\xe9\n")
    line = text.count(b"\n") + 1
    expected = f"{name}:{line}:6: error: file is not UTF-8 (byte 0xe9 at byte offset {len(text) + 5}); save it as UTF-8"
    earlier = seed_outputs(root)
    for argv in (("lint", root), *(("build", root, "--format", fmt) for fmt in formats)):
        code, out, err = run(*argv)
        assert "Traceback" not in out + err and "internal error" not in out + err, out + err
        assert any(line.startswith(expected) for line in (out + err).splitlines()), out + err
        assert code == (2 if name == "pyproject.toml" else 1)
    assert snapshot(root / "build") == earlier


def test_a_template_only_another_format_reads_does_not_stop_this_one_by_its_bytes(tmp_path):
    root = _theme_project(tmp_path)
    (root / "templates/kcss/print.css.j2").write_bytes(b"/* caf\xe9 */\n")  # the PDF's, not the web edition's
    code, out, err = run("build", root, "--format", "html")
    assert code == 0, err


@pytest.mark.parametrize("name, kind", [
    ("manuscript/01-intro.md", "link"),
    ("references.bib", "link"),
    ("references.bib", "folder"),
    ("templates/kcss/theme.yaml", "link"),
    ("templates/kcss/theme.yaml", "folder"),
    ("refs.json", "link"),  # --bib
    ("refs.json", "folder"),
])
def test_a_folder_or_a_broken_link_in_a_files_place_is_said_at_its_name(tmp_path, name, kind):
    root = _theme_project(tmp_path)
    path = root / name
    if path.exists():
        path.unlink()
    if kind == "link":
        path.symlink_to(root / "gone.txt")
        said = f"{name}: error: '{name}' is a link to '{root / 'gone.txt'}', which does not exist"
    else:
        path.mkdir()
        said = f"{name}: error: '{name}' is a folder"
    extra = ("--bib", path) if name == "refs.json" else ()
    earlier = seed_outputs(root)
    for argv in (("lint", root, *extra), ("build", root, "--format", "html", *extra)):
        code, out, err = run(*argv)
        assert code == 1 and "Traceback" not in out + err, out + err
        # the theme named, not briefpress's own theme of the same name used in its place, unsaid
        assert any(line.startswith(said) for line in (out + err).splitlines()), out + err
    assert snapshot(root / "build") == earlier


def _without_read_override():
    """In the child: a file whose mode forbids reading cannot be read, even by root (the bounding set
    loses CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH before the exec, so the new program has neither)."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
            if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                os._exit(99)


def _read_override_dropped() -> bool:
    """Whether a child can run without reading past file modes (root in a container without CAP_SETPCAP
    cannot drop them: the tests that need it are skipped, not failed)."""
    done = subprocess.run([sys.executable, "-c", "pass"], preexec_fn=_without_read_override)
    return done.returncode == 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the capability bounding set is Linux's")
@pytest.mark.parametrize("name, said, formats", [
    ("manuscript/01-intro.md", "manuscript/01-intro.md: error: cannot read file: Permission denied; make it readable",
     ("html",)),
    ("templates/kcss/fonts/NotoSans-Regular.ttf", "templates/kcss/theme.yaml:32:32: error: font file "
     "'fonts/NotoSans-Regular.ttf' cannot be read (permission denied); make it readable", ("html", "pdf")),
    ("templates/kcss/print.css.j2", "templates/kcss/print.css.j2: error: the theme's template cannot be read", ("pdf",)),
    ("pyproject.toml", "pyproject.toml: error: cannot read pyproject.toml (Permission denied); make it readable", ()),
])
def test_a_file_that_cannot_be_read_is_one_error_naming_it(tmp_path, name, said, formats):
    if not _read_override_dropped():
        pytest.skip("root cannot drop CAP_DAC_OVERRIDE here")
    root = _theme_project(tmp_path)
    path = root / name
    if not path.exists():
        path.write_text("[tool.briefpress.lint]\nignore = []\n")
    assert f"{name.split('/')[-1]}'" in said or name in said
    if "fonts/" in name:  # the theme names it at this line
        assert (root / "templates/kcss/theme.yaml").read_text().splitlines()[31].find(path.name) == 31
    path.chmod(0)
    earlier = seed_outputs(root)
    env = {**os.environ, "PYTHONPATH": SRC}
    for argv in (("lint",), *(("build", "--format", fmt) for fmt in formats)):
        done = subprocess.run([sys.executable, "-m", "briefpress", argv[0], str(root), *argv[1:]], env=env,
                              capture_output=True, text=True, preexec_fn=_without_read_override, timeout=300)
        output = done.stdout + done.stderr
        assert done.returncode == (2 if name == "pyproject.toml" else 1), output
        assert "Traceback" not in output and "internal error" not in output, output
        assert any(line.startswith(said) for line in output.splitlines()), output
    # and the other formats, which do not read it, are built (a template of the PDF's)
    if name.endswith(".j2"):
        done = subprocess.run([sys.executable, "-m", "briefpress", "build", str(root), "--format", "html"], env=env,
                              capture_output=True, text=True, preexec_fn=_without_read_override, timeout=300)
        assert done.returncode == 0, done.stderr
    else:
        assert snapshot(root / "build") == earlier


# ---- Output conditions: no room, a folder in the file's place, Ctrl-C at any moment, two builds at once ---

def _cli(root: Path, *args, tmp: Path | None = None, env=None, **kwargs) -> subprocess.CompletedProcess:
    env = {**(env or os.environ), "PYTHONPATH": SRC, **({"TMPDIR": str(tmp)} if tmp else {})}
    return subprocess.run([sys.executable, "-m", "briefpress", "build", str(root), *args], env=env,
                          capture_output=True, text=True, timeout=300, **kwargs)


def _small_files():
    import resource
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))  # the outputs and the layout's sheet are larger


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_no_room_to_write_is_one_error_whatever_file_meets_it(tmp_path, fmt):
    """A file-size limit (``ulimit -f``) fails writes as a full disk does, in the build's temporary
    files (the PDF's layout) as in its outputs: one error naming where, nothing written."""
    root, earlier = _good_project(tmp_path)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    done = _cli(root, "--format", fmt, tmp=tmp, preexec_fn=_small_files)
    lines = done.stderr.splitlines()
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert len(lines) == 2 and lines[0].endswith("the file is larger than this process may write (ulimit -f); "
                                                 "raise the limit [output.unwritable]"), done.stderr
    assert lines[1] == "briefpress: 1 error; nothing was written"
    assert snapshot(root / "build") == earlier
    assert list(tmp.iterdir()) == []


def test_a_folder_where_an_output_goes_is_one_error_saying_so(tmp_path):
    root, earlier = _good_project(tmp_path)
    (root / "build" / "a-test-brief.html").unlink()
    (root / "build" / "a-test-brief.html").mkdir()
    code, out, err = run("build", root, "--format", "html")
    assert code == 1 and err.splitlines()[0] == (
        "build/a-test-brief.html: error: cannot write 'build/a-test-brief.html': a folder is in the way where the "
        "file should be; move it or choose another folder with --out [output.unwritable]")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the capability bounding set is Linux's")
def test_a_read_only_output_folder_is_one_error_and_nothing_changes(tmp_path):
    root, earlier = _good_project(tmp_path)
    (root / "build").chmod(0o555)
    try:
        done = _cli(root, "--format", "all", preexec_fn=_without_read_override)
    finally:
        (root / "build").chmod(0o755)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.splitlines()[0] == ("build: error: cannot write 'build': permission denied; make the folder "
                                           "writable or choose another with --out [output.unwritable]")
    assert snapshot(root / "build") == earlier


def test_ctrl_c_at_any_moment_is_one_line_and_leaves_nothing(tmp_path):
    """Ctrl-C in a terminal goes to the whole process group: the build, its forkserver and multiprocessing's
    resource tracker. Each moment of a build from its pool's start: exit 130, one line (the forkserver,
    taking it while it imported, printed a KeyboardInterrupt's traceback), the earlier outputs as they
    were, TMPDIR empty (the pool's folder, made just before, was left). (Before ``main`` runs, while
    Python imports the CLI, Python itself prints the traceback.)"""
    root, earlier = _good_project(tmp_path)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "PYTHONPATH": SRC, "TMPDIR": str(tmp)}
    for delay in (0, 0.02, 0.05, 0.1, 0.2, 0.4, 0.8, 1.2):  # after the pool's folder is made
        proc = subprocess.Popen([sys.executable, "-m", "briefpress", "build", str(root), "--format", "all"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        deadline = time.monotonic() + 60
        while not list(tmp.glob("briefpress-workers-*")) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=60)
        if proc.returncode == 0:  # it ended first: nothing left to interrupt
            break
        # 130, or killed by the SIGINT itself once the line is printed (seen about once in 30 runs, at the
        # interpreter's exit): a shell reads both as 130, the interrupted-by-Ctrl-C status
        assert proc.returncode in (130, -signal.SIGINT), (delay, proc.returncode, err)
        now = snapshot(root / "build")
        written = "briefpress: interrupted; written before it: "
        if err.startswith(written):  # it came once the outputs were written (as the workers were closed)
            assert err.endswith("\n") and err.count("\n") == 1, (delay, err)
            named = {Path(p).name for p in err[len(written):-1].split(", ")}
            assert set(EARLIER) <= named <= set(now), (delay, err)  # every output, whole: none is the earlier
            assert all(now[name] != EARLIER[name] and len(now[name]) > 1000 for name in EARLIER), delay
            earlier = now  # as this run left them, for the next
        else:
            assert err == "briefpress: interrupted; nothing was written\n", (delay, err)
            assert now == earlier
        deadline = time.monotonic() + 10  # the forkserver removes its own folder as it ends
        while list(tmp.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert list(tmp.iterdir()) == [], delay


def test_two_builds_into_one_folder_at_once_each_leave_whole_files(tmp_path):
    """Two projects (the same slug, other text) built at once into one folder: every file there is
    byte for byte the one or the other build's, never a piece of each."""
    from test_bad_input import make_project
    a = make_project(tmp_path / "a", {})
    b = make_project(tmp_path / "b", {"manuscript/01-intro.md": "# Other\n\nA different text [@smith2020].\n"})
    env = {**os.environ, "PYTHONPATH": SRC, "SOURCE_DATE_EPOCH": "1700000000"}
    out = tmp_path / "out"
    procs = [subprocess.Popen([sys.executable, "-m", "briefpress", "build", str(r), "--format", "all", "--out",
                               str(out)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for r in (a, b)]
    for proc in procs:
        proc.communicate(timeout=300)
        assert proc.returncode == 0
    alone = []
    for r in (a, b):
        assert _cli(r, "--format", "all", "--out", str(tmp_path / f"alone-{r.parent.name}"), env=env).returncode == 0
        alone.append(tmp_path / f"alone-{r.parent.name}")
    files = [p for p in out.iterdir() if p.is_file()]
    assert {p.name for p in files} == {p.name for p in alone[0].iterdir() if p.is_file()}
    for path in files:
        assert any((folder / path.name).read_bytes() == path.read_bytes() for folder in alone), path.name
    assert not [p for p in out.rglob("*.tmp")]


def test_a_full_disk_met_by_a_temporary_file_is_one_error_naming_tmpdir(tmp_path, monkeypatch):
    """As a worker's write of WeasyPrint's fonts into TMPDIR fails (its error comes back without a file name)."""
    import errno
    import tempfile
    root, earlier = _good_project(tmp_path)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr("briefpress.document.build_document", full)
    code, out, err = run("build", root, "--format", "html")
    where = tempfile.gettempdir()
    assert (code, out, err) == (1, "", f"{where}: error: cannot write '{where}': the disk is full; free some space "
                                       "[output.unwritable]\nbriefpress: 1 error; nothing was written\n")
    assert snapshot(root / "build") == earlier


# ---- The live preview, asked by hand-written requests: nothing outside the project, only its own host ---

REQUESTS = {  # request line and headers as sent, byte for byte (no client tidies them)
    "NUL encoded": b"GET /fonts/%00NotoSerif-Regular.ttf HTTP/1.1\r\nHost: 127.0.0.1\r\n",
    "NUL raw": b"GET /fonts/\x00 HTTP/1.1\r\nHost: 127.0.0.1\r\n",
    "dot-dot": b"GET /../../../../SECRET HTTP/1.1\r\nHost: 127.0.0.1\r\n",
    "dot-dot encoded": b"GET /fonts/%2e%2e/%2e%2e/%2e%2e/%2e%2e/SECRET HTTP/1.1\r\nHost: 127.0.0.1\r\n",
    "dot-dot encoded twice": b"GET /fonts/%252e%252e%252f%252e%252e%252fSECRET HTTP/1.1\r\nHost: 127.0.0.1\r\n",
    "backslashes": b"GET /fonts/..\\..\\..\\..\\SECRET HTTP/1.1\r\nHost: 127.0.0.1\r\n",
    "absolute path": b"GET /fonts/ABSOLUTE HTTP/1.1\r\nHost: 127.0.0.1\r\n",
    "two slashes": b"GET //ABSOLUTE HTTP/1.1\r\nHost: 127.0.0.1\r\n",
    "file URL": b"GET file://ABSOLUTE HTTP/1.1\r\nHost: 127.0.0.1\r\n",
    "foreign host": b"GET / HTTP/1.1\r\nHost: evil.example\r\n",
    "user info": b"GET / HTTP/1.1\r\nHost: localhost@evil.example\r\n",
    "port then host": b"GET / HTTP/1.1\r\nHost: evil.example:80@localhost\r\n",
    "no host": b"GET / HTTP/1.0\r\n",
    "two hosts": b"GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n",
    "NUL in host": b"GET / HTTP/1.1\r\nHost: localhost\x00.evil.example\r\n",
    "trailing dot": b"GET / HTTP/1.1\r\nHost: localhost.\r\n",
    "IPv6 look-alike": b"GET / HTTP/1.1\r\nHost: [::1].evil.example\r\n",
    "decimal address": b"GET / HTTP/1.1\r\nHost: 2130706433\r\n",
}


def test_the_preview_answers_hostile_requests_with_nothing_of_the_machine(tmp_path):
    from test_hostile_input import SECRET, themed

    from briefpress.serve import start_in_thread
    from briefpress.serve.preview import Preview
    root = themed(tmp_path)  # with a secret.txt beside the project
    preview = Preview(root, pdf=False)
    base, stop = start_in_thread(preview)
    host, port = base.split("//")[1].split(":")
    try:
        for name, request in REQUESTS.items():
            request = request.replace(b"SECRET", b"secret.txt").replace(b"ABSOLUTE", str(tmp_path / "secret.txt").encode())
            with socket.create_connection((host, int(port)), timeout=20) as s:
                s.sendall(request + b"Connection: close\r\n\r\n")
                answer = b""
                while chunk := s.recv(65536):
                    answer += chunk
            status = int(answer.split(b" ", 2)[1])
            assert status in (400, 404, 421), (name, answer[:200])
            assert SECRET.encode() not in answer and b"<html" not in answer, name  # nor the draft
    finally:
        stop()


# ---- Pathological sizes: each built or refused with one error, never a RecursionError ---------------

HEAD = "# Intro\n\nText [@smith2020].\n\n"
SHAPES = {  # each shape 10,000 deep: refused as too deep or as one 'word' too long to lay out
    "block quotes": (HEAD + ">" * 10_000 + " deep\n", "quote.too-deep"),
    "list markers on one line": (HEAD + "- " * 10_000 + "x\n", "list.too-deep"),
    "numbered markers on one line": (HEAD + "1. " * 10_000 + "x\n", "list.too-deep"),
    "brackets": (HEAD + "[" * 10_000 + "x" + "]" * 10_000 + "\n", "text.word-too-long"),
    "a link's parentheses": (HEAD + "[a](" + "(" * 10_000 + ")" * 10_000 + ")\n", "text.word-too-long"),
    "emphasis": (HEAD + "*" * 10_000 + "x" + "*" * 10_000 + "\n", "text.word-too-long"),
    "HTML elements": (HEAD + "<div>" * 10_000 + "x" + "</div>" * 10_000 + "\n", "text.word-too-long"),
    "math braces": (HEAD + "$" + "{" * 10_000 + "x" + "}" * 10_000 + "$\n", "text.word-too-long"),
    "a 50,000-key citation": (HEAD + "[" + "; ".join(["@smith2020"] * 50_000) + "]\n", None),
    "50,000 classes": (HEAD + "## H {" + " ".join(f".c{i}" for i in range(50_000)) + "}\n", None),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_a_pathological_shape_is_built_or_refused_with_one_error(tmp_path, shape):
    from test_bad_input import INTRO, make_project
    text, code = SHAPES[shape]
    root = make_project(tmp_path, {INTRO: text})
    for argv in (("lint", root), ("build", root, "--format", "html")):
        status, out, err = run(*argv)
        assert "Traceback" not in out + err and "internal error" not in out + err, (out + err)[-500:]
        if code is None:
            assert status == 0, (out + err)[-500:]
        else:
            assert status == 1 and f"[{code}]" in out + err, (out + err)[-500:]


def test_list_markers_on_one_line_count_as_levels_as_indenting_does():
    from briefpress.pitfalls import MAX_LIST_DEPTH, too_deep
    deep = too_deep("# A\n\n" + "- " * (MAX_LIST_DEPTH + 1) + "x\n", "a.md")
    assert [(d.code, d.location.line, d.location.col) for d in deep] == [("list.too-deep", 3, 1)]
    mixed = "  " * (MAX_LIST_DEPTH - 1) + "1. - x\n"  # 29 levels by indenting, two more by markers
    assert [d.code for d in too_deep("# A\n\n" + mixed, "a.md")] == ["list.too-deep"]
    assert too_deep("# A\n\n" + "- " * MAX_LIST_DEPTH + "x\n", "a.md") == []  # at the limit: rendered
    assert too_deep("# A\n\n" + "- " * 50 + "-\n", "a.md") == []  # a thematic break, not a list


def test_lint_refuses_a_too_deep_chapter_before_its_other_checks_read_it(tmp_path, monkeypatch):
    # a list 1,000 levels deep is megabytes of indentation: the other checks (tables, citations) read
    # such text for minutes; lint, as the build, says list.too-deep before any of them reads it
    import briefpress.lint as lint
    from test_bad_input import INTRO, make_project
    deep = HEAD + "".join("  " * i + "- x\n" for i in range(40))  # small: what is asked of it is what counts
    root = make_project(tmp_path, {INTRO: deep})
    read = []
    for name in ("extract_all", "table_problems", "normalize_tables"):
        original = getattr(lint, name)
        monkeypatch.setattr(lint, name, lambda text, path, *a, _f=original, **k: (read.append(path), _f(text, path, *a, **k))[1])
    found = lint.lint_path(root)
    assert [d.code for d in found if d.severity == "error"] == ["list.too-deep"]
    assert INTRO not in read
    assert "bib.uncited" not in {d.code for d in found}  # its citation is still counted


def test_smartys_pass_never_looks_up_a_blank_tail(monkeypatch):
    # after 'prettify' every block has a '\n' tail, and Python-Markdown found each element with a tail by
    # its index in its parent: quadratic in a chapter's blocks (20,000 headings, a table of 50,000 rows)
    from markdown.treeprocessors import InlineProcessor
    from briefpress.markdown_ext import _markdown
    asked = []
    handle = InlineProcessor._InlineProcessor__handleInline
    monkeypatch.setattr(InlineProcessor, "_InlineProcessor__handleInline",
                        lambda self, data, *a: (asked.append((self, data)), handle(self, data, *a))[1])
    md = _markdown()
    html = md.convert("".join(f'## Heading {i}\n\n*a* "quoted" -- {i}\n\n' for i in range(50)))
    smarty = md.treeprocessors["smarty"]
    assert not [data for who, data in asked if who is smarty and data.isspace()]
    assert [data for who, data in asked if who is smarty]  # it still reads the text
    assert html.count("<em>a</em> \u201cquoted\u201d \u2013 ") == 50 and html.count("</h2>\n<p>") == 50


def test_a_sweep_that_loses_a_race_to_another_sweep_passes_the_folder_by(tmp_path, monkeypatch):
    # two builds start at once: both open a dead build's claim; one locks it, removes the folder and lets
    # go; the other's lock then succeeds on a claim no longer in the folder (it was an internal error)
    import fcntl
    import types
    folder = tmp_path / "briefpress-workers-dead"
    folder.mkdir()
    (folder / "font.ttf").write_bytes(b"x")
    os.close(leftovers.claim(str(folder)))  # its maker gone

    def flock(fd, op):  # the other sweep wins between this one's open and its lock
        leftovers._remove(folder)
        return fcntl.flock(fd, op)

    monkeypatch.setattr(leftovers, "fcntl", types.SimpleNamespace(flock=flock, LOCK_EX=fcntl.LOCK_EX,
                                                                  LOCK_NB=fcntl.LOCK_NB))
    assert leftovers.sweep(str(tmp_path)) == []
    assert not folder.exists()


def test_a_ctrl_c_held_while_the_forkserver_starts_leaves_no_setting_behind(tmp_path, monkeypatch):
    # the Ctrl-C blocked while the forkserver starts is raised as it is unblocked: after the variables
    # that tell the forkserver to wait for the stylesheet are gone (a later forkserver would wait too)
    from multiprocessing import forkserver
    from briefpress.printing.forkserver import start as forkserver_start
    from briefpress.printing.model import AHEAD, AHEAD_PID
    monkeypatch.setattr(forkserver, "ensure_running", lambda: os.kill(os.getpid(), signal.SIGINT))
    with pytest.raises(KeyboardInterrupt):
        forkserver_start(str(tmp_path), ahead=True)
    assert AHEAD not in os.environ and AHEAD_PID not in os.environ


@pytest.mark.parametrize("kind", ["folder", "link"])
def test_metadata_that_is_a_folder_or_a_broken_link_is_said_so(tmp_path, kind):
    from test_bad_input import make_project
    root = make_project(tmp_path, {})
    meta = root / "manuscript/metadata.yaml"
    meta.unlink()
    meta.mkdir() if kind == "folder" else meta.symlink_to(root / "gone.yaml")
    what = "a folder" if kind == "folder" else f"a link to '{root / 'gone.yaml'}', which does not exist"
    for argv in (("lint", root), ("build", root, "--format", "html")):
        code, out, err = run(*argv)
        assert code == 1 and f"manuscript/metadata.yaml: error: 'manuscript/metadata.yaml' is {what};" in out + err
        assert "project.no-metadata" not in out + err  # was: said to be missing


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the capability bounding set is Linux's")
@pytest.mark.parametrize("mode", [0o300, 0o000])
def test_a_manuscript_folder_that_may_not_be_listed_is_said_so(tmp_path, mode):
    if not _read_override_dropped():
        pytest.skip("root cannot drop CAP_DAC_OVERRIDE here")
    from test_bad_input import make_project
    root = make_project(tmp_path, {})
    (root / "manuscript").chmod(mode)
    try:
        done = subprocess.run([sys.executable, "-m", "briefpress", "lint", str(root)], env={**os.environ, "PYTHONPATH": SRC},
                              capture_output=True, text=True, preexec_fn=_without_read_override, timeout=300)
    finally:
        (root / "manuscript").chmod(0o755)
    assert done.returncode == 1, done.stdout + done.stderr
    # was: "no Markdown files in manuscript/" (0o300) or "missing manuscript/metadata.yaml" (0o000)
    assert (done.stdout + done.stderr).startswith("manuscript: error: cannot list the folder 'manuscript': "
                                                  "Permission denied; make it readable (chmod u+rx) [input.unreadable]")


def test_a_ctrl_c_another_thread_takes_while_the_forkserver_starts_is_raised_once_all_is_put_back(tmp_path, monkeypatch):
    """The forkserver starts with Ctrl-C blocked, but only for this thread: with other threads alive (a pool's),
    one of them took the signal and the KeyboardInterrupt came half-way through putting the settings back,
    leaving Ctrl-C blocked here, or later (in the test suite: pytest stopped, between two tests)."""
    import threading
    from multiprocessing import forkserver
    from briefpress.printing.forkserver import start as forkserver_start
    from briefpress.printing.model import AHEAD, AHEAD_PID
    monkeypatch.setattr(forkserver, "ensure_running", lambda: os.kill(os.getpid(), signal.SIGINT))
    stop = threading.Event()

    def busy():  # a thread running Python, as a pool's do: a signal may go to it
        while not stop.is_set():
            time.sleep(0.0001)
    others = [threading.Thread(target=busy, daemon=True) for _ in range(3)]
    for other in others:
        other.start()
    wrong = []
    try:
        for _ in range(300):
            try:
                forkserver_start(str(tmp_path), ahead=True)
            except KeyboardInterrupt:
                pass
            else:  # the thread the kernel gave the signal ran its handler after this one had put all back
                if not _interrupted_within(0.2):  # (that thread waiting for a core: seen 1 run in 5, on 2 cores)
                    wrong.append("no KeyboardInterrupt")
            try:
                if signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, set()):
                    wrong.append("Ctrl-C left blocked")
                    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
                if AHEAD in os.environ or AHEAD_PID in os.environ:
                    wrong.append("a setting left")
                time.sleep(0.001)
            except KeyboardInterrupt:
                wrong.append("a KeyboardInterrupt later")
    finally:
        stop.set()
        os.environ.pop(AHEAD, None)
        os.environ.pop(AHEAD_PID, None)
    assert wrong == []


def _interrupted_within(seconds: float) -> bool:
    """Whether a KeyboardInterrupt comes within ``seconds``."""
    try:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            time.sleep(0.001)
    except KeyboardInterrupt:
        return True
    return False


def test_an_interrupt_while_the_outputs_are_written_is_not_reported_as_one():
    """exits.finishing: the outputs written all or none are the build's end; a Ctrl-C or SIGTERM then does
    not stop it half-way (the layout cache) nor make it say "nothing was written" of written files."""
    from briefpress.exits import finishing
    with finishing():
        os.kill(os.getpid(), signal.SIGINT)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.05)  # the handlers run here, in this thread
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_an_interrupt_after_the_outputs_are_written_names_them(tmp_path, monkeypatch):
    """Ctrl-C as the build closes its workers (its outputs written and verified) said "nothing was written"
    (seen once in a loaded run of the test above): the line now names what was written."""
    from briefpress.printing import workers

    root, earlier = _good_project(tmp_path)

    def interrupted(self):
        raise KeyboardInterrupt
    monkeypatch.setattr(workers.Workers, "close", interrupted)
    code, out, err = run("build", root, "--format", "all")
    now = snapshot(root / "build")
    assert code == 130 and out == ""
    assert err.startswith("briefpress: interrupted; written before it: ") and err.count("\n") == 1
    named = err.strip().split(": ", 2)[2].split(", ")
    assert {Path(p).name for p in named} >= set(EARLIER) and all(Path(p).is_file() for p in named)
    assert all(now[name] != earlier[name] for name in EARLIER)


def test_an_interrupt_before_the_outputs_are_written_says_nothing_was(tmp_path, monkeypatch):
    from briefpress import output

    root, earlier = _good_project(tmp_path)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(output, "write_all", interrupted)
    monkeypatch.setattr("briefpress.pipeline.write_all", interrupted, raising=False)
    code, out, err = run("build", root, "--format", "all")
    assert (code, err) == (130, "briefpress: interrupted; nothing was written\n")
    assert snapshot(root / "build") == earlier


def test_ctrl_c_as_a_class_is_made_is_an_interrupt_not_an_internal_error(tmp_path, monkeypatch):
    """Ctrl-C while a module was imported, as one of its dataclasses was made: Python raises a RuntimeError
    ("Error calling __set_name__ …") caused by it, which was reported as an internal error (exit 3)."""
    from briefpress import editions

    root, earlier = _good_project(tmp_path)

    def importing(*args, **kwargs):
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as exc:
            raise RuntimeError("Error calling __set_name__ on 'Field' instance 'timings' in 'BuildResult'") from exc
    monkeypatch.setattr(editions, "build_all", importing)
    code, out, err = run("build", root)
    assert (code, err) == (130, "briefpress: interrupted; nothing was written\n")
    assert snapshot(root / "build") == earlier


def test_the_resource_tracker_keeps_its_warnings_to_itself(tmp_path, monkeypatch):
    """Ctrl-C 20 ms into a build (CI's run): multiprocessing's resource tracker, removing a semaphore of the
    interrupted build's queues, warned of a leak after the build's one line. It starts with its warnings off;
    the build's own environment is left as it was."""
    from multiprocessing import forkserver, resource_tracker

    from briefpress.printing.forkserver import TRACKER_QUIET, start as forkserver_start

    seen = []
    monkeypatch.setattr(resource_tracker, "ensure_running", lambda: seen.append(os.environ.get("PYTHONWARNINGS")))
    monkeypatch.setattr(forkserver, "ensure_running", lambda: None)
    monkeypatch.setenv("PYTHONWARNINGS", "default::DeprecationWarning")
    forkserver_start(str(tmp_path), False)
    assert seen == ["default::DeprecationWarning," + TRACKER_QUIET]
    assert os.environ["PYTHONWARNINGS"] == "default::DeprecationWarning"
    code = ("import warnings; warnings.warn_explicit('1 leaked semaphore', UserWarning, 'resource_tracker.py', 254, "
            "module='multiprocessing.resource_tracker'); warnings.warn_explicit('kept', UserWarning, 'x.py', 1)")
    done = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONWARNINGS": seen[0]},
                          capture_output=True, text=True)
    assert "leaked" not in done.stderr and "kept" in done.stderr


def test_the_cli_ends_its_forkserver_and_tracker_as_it_exits_leaving_nothing(tmp_path):
    """The CLI's build ends the layout's forkserver (by its exit handlers, which remove its stylesheet's
    fonts) and multiprocessing's resource tracker as it exits (printing/forkserver.py, end_now): no process
    of the build is left, nor anything in TMPDIR."""
    from test_style_ahead import _started_with

    root, _ = _good_project(tmp_path)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    done = _cli(root, "--format", "pdf", tmp=tmp)
    assert done.returncode == 0, done.stderr
    deadline = time.monotonic() + 10
    while (_started_with(tmp) or list(tmp.iterdir())) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _started_with(tmp) == [] and list(tmp.iterdir()) == []
