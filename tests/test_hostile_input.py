"""Hostile input: files that lead outside the project (theme fonts, links in a theme), images made to
exhaust memory or to load other files, and the live preview probed as an attacker would (other host
names, files beside the fonts, malformed requests, a crash inside a rebuild). Every fixture is
written here; servers listen on 127.0.0.1 only and are stopped by each test."""
from __future__ import annotations

import asyncio
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest
from conftest import ROOT
from test_bad_input import BIB, META, METAFILE, THEME, make_project, run, seed_outputs, snapshot

from briefpress import images
from briefpress.serve import start_in_thread
from briefpress.serve.preview import Preview

SECRET = "TOP SECRET outside the project"


def themed(tmp_path) -> Path:
    """A small brief with its own copy of the kcss theme, and a secret file beside (outside) it."""
    root = make_project(tmp_path, {THEME: lambda t: t})
    (tmp_path / "secret.txt").write_text(SECRET)
    return root


def edit_theme(root: Path, old: str, new: str) -> None:
    path = root / THEME
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def line_of(root: Path, needle: str) -> int:
    text = (root / THEME).read_text()
    return text[:text.index(needle)].count("\n") + 1


def refused(root: Path, code: str, fragment: str, where: str) -> None:
    """lint and build report the same error at ``where``, the build writes nothing, no traceback."""
    earlier = seed_outputs(root)
    for argv in (("lint", root), ("build", root, "--format", "html")):
        status, out, err = run(*argv)
        lines = [line for line in (out + err).splitlines() if line.endswith(f"[{code}]") and fragment in line]
        assert status == 1 and lines and lines[0].startswith(where + ": error: "), out + err
        assert "Traceback" not in out + err and "internal error" not in out + err
    assert snapshot(root / "build") == earlier


# ---- The theme: every file it reads lies in templates/ -----------------------------------------------

@pytest.mark.parametrize("target", ["../../../../outside.ttf", "ABSOLUTE"])
def test_a_font_file_outside_the_theme_is_refused_at_its_line(tmp_path, target):
    root = themed(tmp_path)
    outside = tmp_path / "outside.ttf"  # a real font: the build read it without a word
    shutil.copy(ROOT / "templates/kcss/fonts/NotoSansSymbols2-Regular.ttf", outside)
    target = str(outside) if target == "ABSOLUTE" else target
    edit_theme(root, "NotoSansSymbols2-Regular.ttf]", target + "]")
    refused(root, "theme.outside", f"leads to {outside}", f"{THEME}:{line_of(root, target)}:35")


def test_a_font_file_that_is_not_a_font_is_an_error_not_a_crash(tmp_path):
    root = themed(tmp_path)
    (root / "templates/kcss/fonts/NotoSansSymbols2-Regular.ttf").write_bytes(b"<html>saved from a browser</html>")
    refused(root, "theme.font-invalid", "'fonts/NotoSansSymbols2-Regular.ttf' is not a font",
            f"{THEME}:{line_of(root, 'NotoSansSymbols2-Regular.ttf')}:35")


def test_the_theme_is_checked_again_when_a_font_file_changes_and_its_settings_do_not(tmp_path):
    # theme.yaml is read once per text (theme_config._check: the build and lint both read it, the live
    # preview on every save), but the check reads the font files too: a font broken, then mended, in
    # one process (the live preview) is found each time
    from briefpress.theme_config import theme_problems
    root = themed(tmp_path)
    theme, font = root / "templates/kcss", root / "templates/kcss/fonts/NotoSansSymbols2-Regular.ttf"
    good = font.read_bytes()
    for _ in range(2):
        assert theme_problems(theme, root) == []
        font.write_bytes(b"<html>saved from a browser</html>")
        assert [d.code for d in theme_problems(theme, root)] == ["theme.font-invalid"]
        font.write_bytes(good)


@pytest.mark.parametrize("link", ["screen.css.j2", "fonts/NotoSansSymbols2-Regular.ttf"])
def test_a_theme_file_that_links_outside_the_project_is_refused(tmp_path, link):
    root = themed(tmp_path)
    target = tmp_path / "secret.txt"
    if link.endswith(".ttf"):
        target = tmp_path / "system.ttf"
        shutil.copy(ROOT / "templates/kcss/fonts/NotoSansSymbols2-Regular.ttf", target)
    (root / "templates/kcss" / link).unlink()
    (root / "templates/kcss" / link).symlink_to(target)
    refused(root, "theme.outside", f"'{link}' in the theme is a link to {target}", f"{THEME}:1:1")
    assert SECRET not in "".join(p.read_text(errors="replace") for p in (root / "build").iterdir())


def test_fonts_dir_outside_the_templates_folder_is_refused(tmp_path):
    root = themed(tmp_path)
    fonts = tmp_path / "fonts"
    shutil.copytree(ROOT / "templates/kcss/fonts", fonts)
    edit_theme(root, "fonts:\n", f"fonts:\n  dir: {fonts}\n")
    status, out, _ = run("lint", root)
    assert status == 1 and f"{THEME}:{line_of(root, '  dir:') }:3: error: 'fonts.dir' must be a folder" in out
    assert "in no font of the theme" not in out  # the fonts' problem, once, not every character's


# ---- Images made to exhaust memory or to read other files ----------------------------------------------

def _svg_problem(data: bytes) -> str:
    with pytest.raises(images.ImageProblem) as caught:
        images._svg(data)
    return str(caught.value)


def test_svg_entities_are_refused_in_any_encoding():
    svg = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE svg [<!ENTITY a SYSTEM "file:///etc/passwd">]>'
           '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&a;</text></svg>')
    assert "declares entities" in _svg_problem(svg.encode("utf-16"))  # WeasyPrint failed on it, lint said nothing


@pytest.mark.parametrize("svg, fragment", [
    ('<?xml-stylesheet href="http://example.org/x.css" type="text/css"?><svg xmlns="http://www.w3.org/2000/svg"/>',
     "loads a style sheet ('http://example.org/x.css')"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(http://example.org/p.svg#g)"/></svg>',
     "fill='url(http://example.org/p.svg#g)'"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect filter="URL(file:///etc/passwd#f)"/></svg>', "filter="),
])
def test_svg_references_to_other_files_are_refused(svg, fragment):
    assert fragment in _svg_problem(svg.encode())


def test_svg_references_inside_the_file_are_kept():
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="g"/></defs>'
           b'<rect fill="url(#g)" style="fill: url(\'#g\')"/></svg>')
    assert images._svg(svg).media_type == "image/svg+xml"


def test_an_image_over_the_pixel_limit_is_one_error_that_states_it(tmp_path, capfd):
    from PIL import Image
    out = io.BytesIO()
    Image.new("1", (10_000, 9_000)).save(out, format="PNG")  # 90 million pixels in 11 KB
    root = make_project(tmp_path, {"manuscript/01-intro.md": "# Introduction\n\n![A chart](chart.png)\n",
                                   "manuscript/chart.png": out.getvalue()})
    status, text, _ = run("lint", root)
    assert status == 1 and ("manuscript/01-intro.md:3:1: error: image 'chart.png': the image has more than "
                            "89,478,485 pixels") in text
    assert "DecompressionBombWarning" not in capfd.readouterr().err  # no Python warning in the terminal


def test_a_huge_pdf_page_is_rasterised_within_the_limit():
    import pypdfium2
    doc = pypdfium2.PdfDocument.new()
    doc.new_page(3000, 3000)  # 42 inches square: 69 million pixels at 200 dpi, from a 600-byte file
    out = io.BytesIO()
    doc.save(out)
    image = images._pdf(out.getvalue())
    from PIL import Image
    width, height = Image.open(io.BytesIO(image.data)).size
    assert width * height <= images.PDF_MAX_PIXELS and width > 4000
    assert image.css_width == "3000.00pt"  # printed at its own size, at a lower resolution


# ---- The live preview ---------------------------------------------------------------------------------

async def _get(base: str, path: str, headers=None):
    async with aiohttp.ClientSession() as session:
        async with session.get(base + path, headers=headers or {}) as resp:
            return resp.status, await resp.read()


def get(base, path, headers=None):
    return asyncio.run(_get(base, path, headers))


def wait_for(check, timeout=20):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def served(tmp_path):
    root = themed(tmp_path)
    preview = Preview(root, pdf=False)
    base, stop = start_in_thread(preview)
    time.sleep(0.5)  # let the watcher start
    yield preview, base, root
    stop()


def test_the_preview_serves_the_theme_fonts_and_nothing_beside_them(served, tmp_path):
    preview, base, root = served
    fonts = root / "templates/kcss/fonts"
    assert get(base, "/fonts/NotoSerif-Regular.ttf") == (200, (fonts / "NotoSerif-Regular.ttf").read_bytes())
    assert get(base, "/fonts/OFL.txt")[0] == 404  # in the folder, not a font the theme lists
    (fonts / "secret.txt").symlink_to(tmp_path / "secret.txt")
    for path in ("/fonts/secret.txt", "/fonts/..%2F..%2F..%2F..%2Fsecret.txt", "/fonts/%2e%2e%2fsecret.txt",
                 "/../secret.txt", "/fonts/" + str(tmp_path / "secret.txt")):
        status, body = get(base, path)
        assert status == 404 and SECRET.encode() not in body, path
    # the link itself is reported by the next rebuild, and the preview recovers once it is gone
    version = preview.state.version
    (root / "manuscript/01-intro.md").write_text((root / "manuscript/01-intro.md").read_text() + "\nMore.\n")
    assert wait_for(lambda: preview.state.version > version)
    assert b"theme.outside" in get(base, "/")[1] and not preview.state.ok
    (fonts / "secret.txt").unlink()
    version = preview.state.version
    (root / "manuscript/01-intro.md").write_text((root / "manuscript/01-intro.md").read_text() + "\nAgain.\n")
    assert wait_for(lambda: preview.state.version > version and preview.state.ok)


def test_the_preview_serves_a_theme_font_kept_in_a_subfolder(tmp_path):
    root = themed(tmp_path)
    fonts = root / "templates/kcss/fonts"
    (fonts / "serif").mkdir()
    shutil.move(fonts / "NotoSerif-Regular.ttf", fonts / "serif/NotoSerif-Regular.ttf")
    edit_theme(root, "normal, NotoSerif-Regular.ttf]", "normal, serif/NotoSerif-Regular.ttf]")
    preview = Preview(root, pdf=False)
    base, stop = start_in_thread(preview, watch=False)
    try:
        status, page = get(base, "/")
        assert status == 200 and preview.state.ok and b"fonts/serif/NotoSerif-Regular.ttf" in page
        assert get(base, "/fonts/serif/NotoSerif-Regular.ttf") == (
            200, (fonts / "serif/NotoSerif-Regular.ttf").read_bytes())
        assert get(base, "/fonts/NotoSerif-Regular.ttf")[0] == 404  # not where the page looks for it
        assert get(base, "/fonts/serif/..%2F..%2F..%2F..%2F..%2Fsecret.txt")[0] == 404
    finally:
        stop()


def test_the_preview_answers_only_its_own_host_names(served):
    _, base, _ = served
    port = base.rsplit(":", 1)[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost"):
        assert get(base, "/", {"Host": host})[0] == 200, host
    for host in (f"attacker.example:{port}", "attacker.example", f"127.0.0.1.attacker.example:{port}"):
        status, body = get(base, "/", {"Host": host})  # a rebinding page's requests name its own host
        assert status == 421 and b"Introduction" not in body, host
    assert get(base, "/status", {"Host": "attacker.example"})[0] == 421


def test_an_internal_error_in_a_rebuild_is_shown_and_later_saves_still_rebuild(served, monkeypatch):
    from briefpress import pipeline
    preview, base, root = served
    real = pipeline.parse
    calls = []

    def parse_once_broken(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("a bug in a stage")
        return real(*args, **kwargs)
    monkeypatch.setattr(pipeline, "parse", parse_once_broken)
    chapter = root / "manuscript/01-intro.md"
    version = preview.state.version
    chapter.write_text(chapter.read_text() + "\nFirst save.\n")
    assert wait_for(lambda: preview.state.version > version)
    status, page = get(base, "/")
    assert status == 200 and b"internal error (a bug in briefpress): RuntimeError: a bug in a stage" in page
    chapter.write_text(chapter.read_text() + "\nSecond save.\n")  # the watcher is still watching
    assert wait_for(lambda: b"Second save." in get(base, "/")[1])
    assert preview.state.ok


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_serve_command_answers_malformed_requests_without_a_traceback(tmp_path):
    root = make_project(tmp_path, {})
    port = _free_port()
    import briefpress
    env = {**os.environ, "PYTHONPATH": str(Path(briefpress.__file__).parents[1])}  # the briefpress under test
    server = subprocess.Popen([sys.executable, "-m", "briefpress.cli", "serve", str(root), "--port", str(port),
                               "--no-pdf"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        def up():
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return True
            except OSError:
                return False
        assert wait_for(up, 60), "the preview did not start"
        for request in (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"b" * 20_000 + b"\r\n\r\n",
                        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(64) + b"\r\n\r\n",  # TLS hello
                        b"BREW /pot HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
                s.sendall(request)
                assert re.match(rb"HTTP/1.[01] 4", s.recv(100)), request[:20]
        for query in ("v=%C2%B2", "v=" + "9" * 5000):  # digits int() refuses: the stream still opens
            with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
                s.sendall(f"GET /events?{query} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
                seen = b""
                while b": connected" not in seen and (chunk := s.recv(1000)):
                    seen += chunk
                assert seen.startswith(b"HTTP/1.1 200"), query
        assert get(f"http://127.0.0.1:{port}", "/status")[0] == 200  # still serving
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert b"Traceback" not in err, err.decode(errors="replace")


def test_a_chapter_that_is_a_named_pipe_is_an_error_not_a_wait(tmp_path):
    import briefpress
    root = make_project(tmp_path, {})
    os.mkfifo(root / "manuscript" / "02-pipe.md")  # reading it would wait for a writer for ever
    env = {**os.environ, "PYTHONPATH": str(Path(briefpress.__file__).parents[1])}
    for command in ("lint", "build"):
        done = subprocess.run([sys.executable, "-m", "briefpress.cli", command, str(root)], capture_output=True,
                              text=True, env=env, timeout=120)
        assert done.returncode == 1 and ("manuscript/02-pipe.md: error: not a file (a named pipe, socket or device)"
                                         in done.stdout + done.stderr), done.stdout + done.stderr


def test_the_preview_follows_a_file_saved_by_renaming_or_deleted_and_written_again(tmp_path):
    """Editors that save atomically (vim, many others) write a new file and rename it over the old one:
    a watch on the old file ended there, and the preview showed the first text for ever."""
    paper = tmp_path / "paper" / "paper.md"
    paper.parent.mkdir()
    head = "---\ntitle: A Paper\n---\n\n# Intro\n\n"
    paper.write_text(head + "Text ONE.\n")
    preview = Preview(paper, pdf=False)
    base, stop = start_in_thread(preview)
    try:
        time.sleep(0.5)  # let the watcher start
        assert b"Text ONE." in get(base, "/")[1]
        for word in ("TWO", "THREE"):
            saved = paper.with_name(".paper.md.swp")
            saved.write_text(head + f"Text {word}.\n")
            saved.replace(paper)
            assert wait_for(lambda: f"Text {word}.".encode() in get(base, "/")[1]), word
        paper.unlink()
        assert wait_for(lambda: not preview.state.ok)
        paper.write_text(head + "Text FOUR.\n")
        assert wait_for(lambda: b"Text FOUR." in get(base, "/")[1])
        version = preview.state.version
        (paper.parent / "notes.txt").write_text("not part of the paper")  # the folder's other files: no rebuild
        time.sleep(0.5)
        assert preview.state.version == version
    finally:
        stop()


def test_the_preview_follows_references_bib_replaced_by_rename(served):
    preview, base, root = served
    bib = root / "references.bib"
    text = bib.read_text()
    for title in ("A Renamed Report", "A Report Renamed Again"):
        new = root / "references.bib.tmp"
        new.write_text(text.replace("A Report on Doctrine", title))
        new.replace(bib)
        assert wait_for(lambda: title.encode() in get(base, "/")[1]), title


def test_the_preview_follows_the_manuscript_folder_deleted_and_made_again(served, tmp_path):
    preview, base, root = served  # as a checkout of another branch and back, or a restore from a copy
    manuscript, saved = root / "manuscript", tmp_path / "saved"
    shutil.copytree(manuscript, saved)
    shutil.rmtree(manuscript)
    assert wait_for(lambda: not preview.state.ok)
    shutil.copytree(saved, manuscript)
    assert wait_for(lambda: preview.state.ok)
    intro = manuscript / "01-intro.md"
    intro.write_text(intro.read_text() + "\nA sentence written after the folder came back.\n")
    assert wait_for(lambda: b"after the folder came back" in get(base, "/")[1])


def test_serve_refuses_a_taken_or_impossible_port_and_a_missing_path_in_one_line(tmp_path):
    import briefpress
    root = make_project(tmp_path, {})
    env = {**os.environ, "PYTHONPATH": str(Path(briefpress.__file__).parents[1])}
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        for args, message in (([str(root), "--port", str(port)], f"cannot serve on 127.0.0.1:{port} (Address "
                                                                   "already in use); choose another port"),
                              ([str(root), "--port", "99999"], "'99999' is not a port"),
                              ([str(tmp_path / "nowhere"), "--port", "1"], "nowhere: error: no such file")):
            done = subprocess.run([sys.executable, "-m", "briefpress.cli", "serve", "--no-pdf", *args],
                                  capture_output=True, text=True, env=env, timeout=60)
            assert done.returncode == 2 and message in done.stderr, done.stderr
            assert "internal error" not in done.stderr and "Traceback" not in done.stderr


# ---- The bibliography: @string macros that expand without end ----------------------------------------

def test_a_bibtex_macro_bomb_is_one_error_at_its_string(tmp_path):
    bomb = ['@string{s0 = "xxxxxxxxxx"}'] + [f"@string{{s{i} = " + " # ".join([f"s{i - 1}"] * 10) + "}"
                                              for i in range(1, 12)]  # s11: 10^12 characters
    bib = "\n".join(bomb) + "\n@book{smith2020, author = {Smith, Jane}, title = s11, publisher = {P}, year = 2020}\n"
    root = make_project(tmp_path, {"references.bib": bib})
    status, out, _ = run("lint", root)
    found = [line for line in out.splitlines() if line.endswith("[bib.too-long]")]
    assert status == 1 and found == ["references.bib:6:1: error: @string 's5': its macros make it longer than "
                                     "100,000 characters; write the text out or shorten it [bib.too-long]"], out


def test_many_long_macros_are_stopped_by_the_files_budget(tmp_path):
    long = '@string{a = "' + "x" * 99_990 + '"}'
    copies = [f'@string{{b{i} = a # "y"}}' for i in range(250)]  # each under the limit, 25 MB in all
    root = make_project(tmp_path, {"references.bib": "\n".join([long, *copies]) + "\n" + BIB})
    status, out, _ = run("lint", root)
    assert status == 1 and ("@string 'b199': the @string macros expand to more than 20,000,000 characters in all"
                            in out), out


def test_a_long_value_written_out_is_not_a_macro_bomb(tmp_path):
    abstract = "word " * 30_000  # 150,000 characters, in quotes: read as written
    root = make_project(tmp_path, {"references.bib": BIB.replace("date = {2020},", f'date = {{2020}},\n  abstract = "{abstract}" # "."')})
    status, out, _ = run("lint", root)
    assert "bib.too-long" not in out and status == 0, out


YAML_BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
    f'{c}: &{c} [{",".join(["*" + p] * 9)}]\n' for p, c in zip("abcdefgh", "bcdefghi"))  # 9^9 values


@pytest.mark.parametrize("name, text, message", [
    ("refs.yaml", "references:\n- id: smith2020\n  type: book\n  title: T\n"
     + "".join("  " + line for line in YAML_BOMB.splitlines(True)) + "  container-title: *i\n",
     "an alias bomb"),  # read as the container's title, it never ended (1.6 GB after a minute)
    ("refs.yaml", "references:\n- id: smith2020\n  title: " + "[" * 5000 + "]" * 5000 + "\n",
     "nesting deeper than 40 levels"),
    ("refs.json", "[" * 200_000 + "]" * 200_000, "nested too deeply"),
])
def test_a_csl_bibliography_made_to_exhaust_memory_or_stack_is_one_parse_error(tmp_path, name, text, message):
    root = make_project(tmp_path, {name: text})
    status, out, err = run("lint", root, "--bib", root / name)
    assert status == 1 and "Traceback" not in out + err and "internal error" not in out + err
    assert [line for line in out.splitlines() if line.startswith(f"{name}:") and line.endswith("[bib.parse]")
            and message in line], out


def test_a_long_csl_yaml_bibliography_is_within_the_limits(tmp_path):
    items = "".join(f"- id: {'smith2020' if i == 0 else f'k{i}'}\n  type: book\n  title: Title {i}\n  author:\n"
                    f"  - family: F{i}\n    given: G\n  publisher: P\n  issued:\n    date-parts:\n    - [2020]\n"
                    for i in range(5000))  # 65,000 values
    root = make_project(tmp_path, {"refs.yaml": "references:\n" + items, METAFILE: META + "nocite: '@*'\n"})
    status, out, _ = run("lint", root, "--bib", root / "refs.yaml")
    assert "bib.parse" not in out and status == 0, out


# ---- Links that lead round in a loop ------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["chapter", "image", "theme"])
def test_a_loop_of_links_is_an_error_at_its_place_not_a_crash(tmp_path, kind):
    if kind == "theme":
        root, folder, name = themed(tmp_path), "templates/kcss", "x.j2"
        where, fragment, code = f"{THEME}:1:1", "'x.j2' in the theme is a link that leads round", "theme.outside"
    else:
        root = make_project(tmp_path, {"manuscript/01-intro.md": "# Introduction\n\n![A chart](loop.png)\n"})
        folder, name = "manuscript", "02-loop.md" if kind == "chapter" else "loop.png"
        where = "manuscript/02-loop.md" if kind == "chapter" else "manuscript/01-intro.md:3:1"
        fragment = "is a link that leads round in a loop"
        code = "input.unreadable" if kind == "chapter" else "image.invalid"
    (root / folder / name).symlink_to("other")
    (root / folder / "other").symlink_to(name)
    refused(root, code, fragment, where)


# ---- A theme's templates are input too ----------------------------------------------------------------

@pytest.mark.parametrize("line, message", [
    ("{% if %}", "TemplateSyntaxError: Expected an expression"),
    ("{{ nosuchvariable.x }}", "UndefinedError: 'nosuchvariable' is undefined"),
    ('{% include "../../../../secret.txt" %}', "TemplateNotFound: ../../../../secret.txt"),
])
def test_a_broken_theme_template_is_an_error_at_its_line_not_a_crash(tmp_path, line, message):
    root = themed(tmp_path)
    template = root / "templates/kcss/screen.html.j2"
    text = template.read_text()
    template.write_text(text + line + "\n")
    earlier = seed_outputs(root)
    status, out, err = run("build", root, "--format", "html")
    assert status == 1 and "Traceback" not in err and "internal error" not in err, err
    assert err.splitlines()[0].startswith(f"templates/kcss/screen.html.j2:{text.count(chr(10)) + 1}: error: the "
                                          f"theme's template cannot be rendered ({message}"), err
    assert err.splitlines()[0].endswith("[theme.template]") and SECRET not in err
    assert snapshot(root / "build") == earlier


def test_one_image_used_a_hundred_times_is_stopped_at_the_files_limit(tmp_path):
    from PIL import Image
    out = io.BytesIO()
    Image.frombytes("RGB", (600, 600), os.urandom(600 * 600 * 3)).save(out, format="PNG")  # 1 MB of noise
    uses = images.MAX_EMBEDDED // len(out.getvalue()) + 1
    chapter = "# Introduction\n\n" + "".join(f"![Figure {i}](noise.png)\n\n" for i in range(uses + 5))
    root = make_project(tmp_path, {"manuscript/01-intro.md": chapter, "manuscript/noise.png": out.getvalue()})
    status, text, _ = run("lint", root)
    found = [line for line in text.splitlines() if line.endswith("[image.too-large]")]
    assert status == 1 and found == [f"manuscript/01-intro.md:{3 + 2 * (uses - 1)}:1: error: the images of this "
                                     "file add up to more than 64 MB here (each use counts: the editions carry a "
                                     "copy per use); use smaller images (a figure needs 1-2 MB) or fewer copies "
                                     "[image.too-large]"], text


def test_the_pixel_limit_holds_whatever_the_warning_filters_say(monkeypatch):
    # Warning filters belong to the process: in the preview another thread's catch_warnings() may restore
    # them while an image is opened. The limit must not depend on a filter set around Pillow's open().
    import warnings

    from PIL import Image
    out = io.BytesIO()
    Image.new("1", (10_000, 9_000)).save(out, format="PNG")  # between one and two times Pillow's limit
    monkeypatch.setattr(warnings, "simplefilter", lambda *args, **kwargs: None)  # the filter, lost
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore")
        with pytest.raises(images.ImageProblem, match="more than 89,478,485 pixels"):
            images._raster(out.getvalue())
