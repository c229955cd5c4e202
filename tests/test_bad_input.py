"""Bad input, through the CLI in-process: each fixture (written here, in code) goes through both
`briefpress lint` and `briefpress build`; both must report the same diagnostic (message, code,
file:line:col) with the expected exit code, print no traceback, and leave earlier outputs
byte-identical with no temporary file beside them. Builds use the web edition unless the case
needs the PDF layout (the slow part)."""
from __future__ import annotations

import io
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import ROOT

from briefpress.cli import main

SLUG = "a-test-brief"
META = """title: A Test Brief
slug: a-test-brief
authors:
  - name: Jane Author
publisher:
  name: Test Institute
date: 2024-05
language: en
"""
CHAPTER = """# Introduction

The doctrine was adopted in 2021 [@smith2020, p. 4].

## Background

More text on the background.
"""
BIB = """@report{smith2020,
  author = {Smith, Jane},
  title = {A Report on Doctrine},
  institution = {Test Institute},
  date = {2020},
}
"""
INTRO = "manuscript/01-intro.md"
METAFILE = "manuscript/metadata.yaml"
THEME = "templates/kcss/theme.yaml"
EARLIER = {f"{SLUG}.pdf": b"%PDF earlier build", f"{SLUG}.epub": b"PK earlier epub", f"{SLUG}.html": b"<p>earlier"}


@dataclass
class Case:
    id: str
    files: dict  # path -> new text, or a function of the base text
    code: str
    message: str  # a fragment of the message
    where: tuple  # (file, needle in that file's final text) -> file:line:col; or (file, "L:C")
    lint_exit: int | None = 1
    build_exit: int | None = 1
    severity: str = "error"
    fmt: str = "html"
    extra: dict = field(default_factory=dict)


def chapter(text: str) -> dict:
    return {INTRO: CHAPTER + "\n" + text + "\n"}


def meta(edit) -> dict:
    return {METAFILE: edit}


def theme(old: str, new: str) -> dict:
    return {THEME: lambda t: _replace(t, old, new)}


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


THEME_LINES = (ROOT / THEME).read_text(encoding="utf-8").count("\n")
BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
    f'{c}: &{c} [{",".join(["*" + p] * 9)}]\n' for p, c in zip("abcdefgh", "bcdefghi"))

CASES = [
    # Citations and notes
    Case("unknown-key", chapter("See [@smyth2020]."), "cite.unknown-key", "did you mean 'smith2020'", (INTRO, "[@smyth")),
    Case("empty-citation", chapter("See [@] here."), "cite.empty", "cites nothing", (INTRO, "[@]")),
    Case("empty-citation-locator", chapter("See [@, p. 4] here."), "cite.empty", "cites nothing", (INTRO, "[@, p")),
    Case("unclosed-citation", chapter("See [@smith2020, p. 4 and more."), "cite.unclosed", "never closed",
         (INTRO, "[@smith2020, p. 4 and")),
    Case("unclosed-citation-prefix", chapter("See [see @smith2020\n\nNext paragraph."), "cite.unclosed",
         "never closed", (INTRO, "[see @")),
    Case("footnote-twice", chapter("Text[^a] more.\n\n[^a]: First.\n[^a]: Second."), "note.defined-twice",
         "already defined at line 11", (INTRO, "[^a]: Second")),
    Case("footnote-undefined", chapter("Text[^nodef] more."), "note.undefined", "no definition", (INTRO, "[^nodef]")),
    # Comments and headings
    Case("comment-unclosed", chapter("Text <!-- a remark never closed\n\nMore."), "comment.unclosed",
         "never closed", (INTRO, "<!-- a remark")),
    Case("comment-nested", chapter("Text <!-- a <!-- b --> c --> end."), "comment.nested", "the rest is printed",
         (INTRO, "<!-- b")),
    Case("heading-empty", chapter("#\n\nText."), "heading.no-title", "has no text", (INTRO, "#\n\nText.")),
    Case("heading-empty-attrs", chapter("## {.unnumbered}\n\nText."), "heading.no-title", "has no text",
         (INTRO, "## {")),
    Case("heading-duplicate-id", chapter("## One {#same}\n\nA.\n\n## Two {#same}\n\nB."), "heading.duplicate-id",
         "already used", (INTRO, "## Two")),
    Case("chapter-no-title", {INTRO: "Text with no heading [@smith2020].\n"}, "chapter.no-title",
         "must start with a '# Title'", (INTRO, "1:1")),
    # Active content
    Case("script", chapter("<script>alert(1)</script>"), "html.active", "raw <script>", (INTRO, "<script>")),
    Case("script-inline", chapter("Text <script src=x.js></script> more."), "html.active", "raw <script>",
         (INTRO, "<script src")),
    Case("iframe", chapter('<iframe src="https://example.org/"></iframe>'), "html.active", "raw <iframe>",
         (INTRO, "<iframe")),
    Case("object", chapter('<object data="x.swf"></object>'), "html.active", "raw <object>", (INTRO, "<object")),
    Case("embed", chapter('<embed src="x.swf">'), "html.active", "raw <embed>", (INTRO, "<embed")),
    Case("form", chapter('<form action="https://example.org/"><p>x</p></form>'), "html.active", "raw <form>",
         (INTRO, "<form")),
    Case("input", chapter('Type <input name="q"> here.'), "html.active", "raw <input>", (INTRO, "<input")),
    Case("onclick", chapter('A <span onclick="steal()">span</span>.'), "html.event-handler", "'onclick='",
         (INTRO, "<span onclick")),
    Case("onerror", chapter('<img src="x.png" alt="x" onerror="steal()">'), "html.event-handler", "'onerror='",
         (INTRO, "<img src")),
    Case("javascript-url", chapter('A <a href="javascript:alert(1)">link</a>.'), "html.active-url", "'javascript:'",
         (INTRO, '<a href="javascript')),
    Case("javascript-url-spaced", chapter('A <a href=" JavaScript:alert(1)">link</a>.'), "html.active-url",
         "'javascript:'", (INTRO, '<a href=" Java')),
    Case("vbscript-url", chapter('A <a href="vbscript:msgbox">link</a>.'), "html.active-url", "'vbscript:'",
         (INTRO, '<a href="vbscript')),
    Case("data-url", chapter('A <a href="data:text/html,hi">link</a>.'), "html.active-url", "'data:'",
         (INTRO, '<a href="data')),
    Case("markdown-javascript-link", chapter("A [link](javascript:alert(1))."), "link.active-url",
         "'javascript:' link", (INTRO, "[link]")),
    Case("markdown-reference-vbscript", chapter("A [link][r].\n\n[r]: vbscript:msgbox"), "link.active-url",
         "'vbscript:' link", (INTRO, "[r]: vb")),
    Case("markdown-javascript-link-entity", chapter("A [link](&#106;avascript:alert(1))."), "link.active-url",
         "'javascript:' link", (INTRO, "[link]")),
    Case("markdown-reference-colon-entity", chapter("A [link][r].\n\n[r]: javascript&colon;alert(1)"),
         "link.active-url", "'javascript:' link", (INTRO, "[r]: ja")),
    Case("attr-list-onclick", chapter('## Heading {onclick="steal()"}\n\nText.'), "html.attribute",
         "'onclick='", (INTRO, "onclick")),
    Case("attr-list-style-url", chapter('A paragraph.\n{: style="background: url(https://t.example/p)" }'),
         "html.attribute", "'style='", (INTRO, "style=")),
    Case("link", chapter('<link rel="stylesheet" href="https://example.org/x.css">'), "html.active", "raw <link>",
         (INTRO, "<link")),
    Case("base", chapter('<base href="https://example.org/">'), "html.active", "raw <base>", (INTRO, "<base")),
    Case("meta-refresh", chapter('<meta http-equiv="refresh" content="0;url=https://example.org/">'), "html.active",
         "<meta> http-equiv", (INTRO, "<meta")),
    Case("style-url", chapter('<div style="background: url(https://example.org/pixel.png)">x</div>'),
         "html.active-style", "url(", (INTRO, "<div style")),
    Case("style-element", chapter("<style>body { color: red }</style>"), "html.active", "raw <style>",
         (INTRO, "<style>")),
    Case("inline-svg", chapter('<svg><script>alert(1)</script></svg>'), "html.active", "raw <svg>", (INTRO, "<svg>")),
    # Text
    Case("long-word", chapter("A " + "x" * 100_000 + " word."), "text.word-too-long", "100,000 characters",
         (INTRO, "xxxx")),
    Case("deep-list", chapter("".join("    " * i + "- item\n" for i in range(200))), "list.too-deep",
         "more than 30 levels", (INTRO, "24:61")),
    # nested as pandoc nests (two spaces a level): it exhausted Python-Markdown's stack before lint spoke
    Case("deep-list-2", chapter("".join("  " * i + "- item\n" for i in range(300))), "list.too-deep",
         "more than 30 levels", (INTRO, "39:61")),
    Case("deep-quote", chapter(">" * 200 + " deep"), "quote.too-deep", "more than 30 levels", (INTRO, ">>>>")),
    # spaced as editors write them: the list reader recursed once a quote level and ran out of stack
    Case("deep-quote-spaced", chapter("> " * 500 + "deep"), "quote.too-deep", "more than 30 levels",
         (INTRO, "> > >")),
    Case("control-chars", chapter("Pasted\x0bfrom\x07Word."), "text.control-character", "U+000B",
         (INTRO, "L:C"), lint_exit=0, build_exit=0, severity="warning"),
    Case("not-utf8", {INTRO: lambda t: t.encode("utf-8") + "\nCaf\u00e9\n".encode("latin-1")}, "input.encoding",
         "not UTF-8 (byte 0xe9", (INTRO, "9:4")),  # the column of the bad byte: "Caf" before it
    # Links and images
    Case("missing-image", chapter("![A chart](figures/none.png)"), "image.missing", "does not exist",
         (INTRO, "![A chart")),
    Case("bad-url", chapter("See [the site](htp://example.org)."), "url.malformed", "unknown scheme",
         (INTRO, "[the site]")),
    Case("missing-anchor", chapter("See [below](#nowhere)."), "link.anchor", "'#nowhere'", (INTRO, "[below]")),
    # Metadata
    Case("meta-syntax", meta(lambda t: t.replace("language: en", "language: [en")), "metadata.yaml-syntax",
         "invalid YAML", (METAFILE, "9:1")),
    Case("meta-alias-bomb", meta(lambda t: t + BOMB), "yaml.limit", "alias bomb", (METAFILE, "13:11")),  # 9^5 values
    Case("meta-alias-loop", meta(lambda t: t + "keywords: &k [a, *k]\n"), "yaml.limit", "inside its own anchor",
         (METAFILE, "*k")),
    Case("meta-deep", meta(lambda t: t + "keywords: " + "[" * 100 + "]" * 100 + "\n"), "yaml.limit",
         "deeper than 40", (METAFILE, "9:50")),  # the 40th '[' 
    Case("meta-huge", meta(lambda t: t + "subject: " + "x" * 300_000 + "\n"), "yaml.limit", "larger than 256 KB",
         (METAFILE, "1:1")),
    Case("meta-missing-title", meta(lambda t: t.replace("title: A Test Brief\n", "")), "metadata.missing",
         "'title'", (METAFILE, "1:1")),
    Case("meta-bad-isbn", meta(lambda t: t + "isbn: 978-0-306-40615-8\n"), "metadata.invalid", "check digit",
         (METAFILE, "isbn:")),
    Case("meta-bad-date", meta(lambda t: t.replace("2024-05", "2024-13")), "metadata.invalid", "is not a real date",
         (METAFILE, "date:")),
    Case("meta-unknown", meta(lambda t: t + "titel: Typo\n"), "metadata.unknown", "unknown field 'titel'",
         (METAFILE, "titel:")),
    Case("meta-language", meta(lambda t: t.replace("language: en", "language: english")), "metadata.invalid",
         "not a valid language tag", (METAFILE, "language:")),
    Case("meta-not-mapping", meta(lambda t: "- just\n- a list\n"), "metadata.not-a-mapping", "mapping",
         (METAFILE, "1:1")),
    Case("long-title", meta(lambda t: t.replace("A Test Brief", "Word " * 1000)), "metadata.title-too-long",
         "the cover holds about 300", (METAFILE, "title:")),
    # Theme
    Case("theme-syntax", theme("toc_depth: 1", "toc_depth: [1"), "theme.yaml-syntax", "invalid YAML",
         (THEME, "L:C")),
    Case("theme-missing-colors", {THEME: lambda t: t[:t.index("colors:")] + t[t.index("fonts:"):]},
         "theme.missing", "missing setting 'colors'", (THEME, "1:1")),
    Case("theme-bad-colour", theme('primary: "#14365d"', 'primary: "#14365"'), "theme.invalid",
         "'colors.primary' is not a CSS colour", (THEME, "primary:")),
    Case("theme-unknown-key", theme("toc_depth: 1", "toc_depth: 1\ntoc_dept: 2"), "theme.unknown",
         "unknown setting 'toc_dept'", (THEME, "toc_dept:")),
    Case("theme-bad-size", theme("body: 10.5pt", "body: -10pt"), "theme.invalid", "'sizes.body' must be a positive",
         (THEME, "body: -10pt")),
    Case("theme-missing-margin", theme("  margin_outer: 22mm\n", ""), "theme.missing", "'page.margin_outer'",
         (THEME, "page:")),
    Case("theme-font-missing", theme("NotoSans-Bold.ttf", "NotoSans-Black.ttf"), "theme.font-missing",
         "fonts/NotoSans-Black.ttf", (THEME, "NotoSans-Black")),
    Case("theme-toc-depth", theme("toc_depth: 1", "toc_depth: 12"), "theme.invalid", "from 1 to 6",
         (THEME, "toc_depth:")),
    Case("theme-page-size", theme("size: A4", "size: huge"), "theme.invalid", "page size 'huge'", (THEME, "size: huge")),
    Case("theme-alias-bomb", {THEME: lambda t: t + BOMB.replace("a:", "x_a:", 1)}, "yaml.limit", "alias bomb",
         (THEME, f"{THEME_LINES + 5}:11")),  # the fifth line of the bomb, as in meta-alias-bomb
    # Project structure
    Case("no-metadata", {METAFILE: None}, "project.no-metadata", "missing manuscript/metadata.yaml", (METAFILE, "")),
    Case("no-chapters", {INTRO: None}, "project.no-chapters", "no Markdown files", ("manuscript", "")),
    Case("missing-theme", meta(lambda t: t + "theme: nosuch\n"), "theme.missing", "theme 'nosuch' not found",
         ("templates", "")),
    # Configuration (lint only: the build does not read [tool.briefpress.lint])
    Case("lint-config-unknown", {"pyproject.toml": "[tool.briefpress.lint]\nignore = []\nignnore = ['x']\n"},
         "lint.config", "unknown setting 'ignnore'", ("pyproject.toml", "ignnore"), lint_exit=2, build_exit=None),
    Case("lint-config-type", {"pyproject.toml": "[tool.briefpress.lint]\nignore = 'url.http'\n"}, "lint.config",
         "must be a list of codes", ("pyproject.toml", "ignore ="), lint_exit=2, build_exit=None),
    # Quarto: included files (diagnostics at the included file's line), chunks whose output is missing
    Case("include-missing", chapter("{{< include parts/_gone.qmd >}}"), "quarto.include-missing",
         "no such file to include", (INTRO, "{{< include")),
    Case("include-cycle", {**chapter("{{< include parts/_a.qmd >}}"), "manuscript/parts/_a.qmd": "A.\n\n"
                           "{{< include _a.qmd >}}\n"}, "quarto.include-cycle", "includes itself",
         ("manuscript/parts/_a.qmd", "{{< include")),
    Case("include-unknown-key", {**chapter("{{< include parts/_b.qmd >}}"), "manuscript/parts/_b.qmd": "Intro.\n\n"
                                 "See [@smyth2020].\n"}, "cite.unknown-key", "did you mean 'smith2020'",
         ("manuscript/parts/_b.qmd", "[@smyth")),
    Case("chunk-output", chapter("```{r}\n#| label: fig-x\n#| fig-cap: A plot\nplot(1)\n```"), "quarto.chunk-output",
         "![A plot](fig-x.png){#fig-x}", (INTRO, "```{r}"), lint_exit=0, build_exit=0, severity="warning"),
    # The layout: only the PDF shows these
    Case("text-off-page", chapter('<span style="white-space: nowrap">' + "a long line that cannot wrap " * 12
                                  + "</span>"), "pdf.text-off-page", "text runs off page", (INTRO, ""),
         lint_exit=0, fmt="pdf"),
]


def _location(root: Path, where: tuple) -> str:
    file, needle = where
    if file is None:
        return ""
    if needle == "" or ":" in needle and needle.replace(":", "").isdigit() or needle.isdigit():
        return f"{file}:{needle}" if needle else file
    text = (root / file).read_text(encoding="utf-8")
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    return f"{file}:{line}:{offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"


def make_project(base: Path, files: dict) -> Path:
    root = base / "brief"
    (root / "manuscript").mkdir(parents=True)
    contents = {METAFILE: META, INTRO: CHAPTER, "references.bib": BIB}
    if THEME in files:
        shutil.copytree(ROOT / "templates" / "kcss", root / "templates" / "kcss")
        contents[THEME] = (root / THEME).read_text()
    for path, edit in files.items():
        contents[path] = edit(contents[path]) if callable(edit) else edit
    for path, text in contents.items():
        if text is None:
            continue
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return root


def seed_outputs(root: Path) -> dict:
    out = root / "build"
    out.mkdir()
    for name, data in EARLIER.items():
        (out / name).write_bytes(data)
    return snapshot(out)


def snapshot(folder: Path) -> dict:
    # the files: the outputs (the layout state's folder, a cache kept before them, is not one)
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()} if folder.is_dir() else {}


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _matching(output: str, case: Case, location: str) -> list[str]:
    return [line for line in output.splitlines()
            if f": {case.severity}: " in line and line.endswith(f"[{case.code}]") and case.message in line
            and (line.startswith(f"{location}: ") if location else line.startswith(f"{case.severity}: "))]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case, tmp_path):
    root = make_project(tmp_path, case.files)
    location = _location(root, case.where) if "L:C" not in case.where[1] else None
    earlier = seed_outputs(root)

    if case.lint_exit is not None:
        code, out, err = run("lint", root)
        assert "Traceback" not in out + err
        if location is None:  # a place computed by the check itself: take it from lint, the build must agree
            found = [line for line in out.splitlines() if line.endswith(f"[{case.code}]") and case.message in line]
            assert found, out
            location = found[0].split(f": {case.severity}: ")[0]
            assert location.startswith(case.where[0] + ":")
        if case.fmt != "pdf":
            assert _matching(out, case, location), out
        assert code == case.lint_exit, out
    if case.build_exit is not None:
        code, out, err = run("build", root, "--format", case.fmt)
        assert "Traceback" not in out + err
        assert _matching(err, case, location), err
        assert code == case.build_exit, err
        if case.build_exit:
            assert err.rstrip().endswith("nothing was written")
            assert snapshot(root / "build") == earlier  # byte-identical, and no temporary file beside them


def test_every_case_is_distinct_and_there_are_enough():
    assert len({c.id for c in CASES}) == len(CASES) >= 60


# ---- What the build writes: all or nothing, whatever stops it -------------------------------

def _good_project(tmp_path) -> tuple[Path, dict]:
    root = make_project(tmp_path, {})
    return root, seed_outputs(root)


def test_output_folder_is_a_file(tmp_path):
    root, _ = _good_project(tmp_path)
    blocker = tmp_path / "out"
    blocker.write_bytes(b"not a folder")
    code, out, err = run("build", root, "--format", "html", "--out", blocker)
    assert code == 1 and "Traceback" not in err
    assert err.splitlines()[0] == (f"{blocker.as_posix()}: error: cannot write '{blocker.as_posix()}': a file is in "
                                   "the way where a folder should be; move it or choose another folder with --out "
                                   "[output.unwritable]")
    assert blocker.read_bytes() == b"not a folder"


def test_output_folder_read_only(tmp_path, monkeypatch):
    import errno

    from briefpress import output
    root, earlier = _good_project(tmp_path)

    def refuse(*args, **kwargs):  # as a read-only folder answers (root, running the tests, is never refused)
        raise PermissionError(errno.EACCES, "Permission denied")
    monkeypatch.setattr(output, "_temp_beside", refuse)
    code, out, err = run("build", root, "--format", "all")
    assert code == 1 and "Traceback" not in err
    assert err.splitlines()[0].startswith("build: error: cannot write 'build': permission denied")
    assert snapshot(root / "build") == earlier


def test_disk_full_leaves_earlier_outputs_and_no_temporary_file(tmp_path, monkeypatch):
    import errno
    import os
    root, earlier = _good_project(tmp_path)
    real_fdopen = os.fdopen
    written = []

    class Full:
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, data):
            written.append(len(data))
            if len(written) == 2:  # the first file fits, the second fills the disk
                raise OSError(errno.ENOSPC, "No space left on device")
            return self.f.write(data)

        def __getattr__(self, name):
            return getattr(self.f, name)

    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: Full(real_fdopen(fd, *a, **k)))
    code, out, err = run("build", root, "--format", "all")  # PDF, EPUB and web edition: all or none
    assert code == 1 and "Traceback" not in err
    assert len(written) == 2
    assert err.splitlines()[0] == (f"build/{SLUG}.epub: error: cannot write 'build/{SLUG}.epub': the disk is full; "
                                   "free some space [output.unwritable]")
    assert err.rstrip().endswith("nothing was written")
    assert snapshot(root / "build") == earlier


# ---- Interruptions and internal errors ----------------------------------------------------

def test_ctrl_c_is_one_line_and_exit_130(tmp_path, monkeypatch):
    root, earlier = _good_project(tmp_path)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr("briefpress.document.build_document", interrupted)
    code, out, err = run("build", root, "--format", "html")
    assert (code, out, err) == (130, "", "briefpress: interrupted; nothing was written\n")
    assert snapshot(root / "build") == earlier


def test_unexpected_exception_is_exit_3_with_one_line(tmp_path, monkeypatch):
    root, earlier = _good_project(tmp_path)

    def bug(*args, **kwargs):
        raise ValueError("something nobody expected\nsecond line")
    monkeypatch.setattr("briefpress.document.build_document", bug)
    code, out, err = run("build", root, "--format", "html")
    assert (code, out) == (3, "")
    assert err == ("briefpress: internal error: ValueError: something nobody expected; "
                   "run with --debug for the traceback\n")
    code, out, err = run("build", root, "--format", "html", "--debug")
    assert code == 3 and err.startswith("Traceback (most recent call last):") and "ValueError" in err
    assert snapshot(root / "build") == earlier


def test_sigterm_stops_the_build_and_its_workers(tmp_path):
    """The build is held in its parse, after the layout workers started. (A chapter that is a FIFO held it
    once; the build now refuses one before reading it, and when that came before the signal the build
    ended with that error instead: the test failed so, now and then.)"""
    import os
    import signal
    import subprocess
    import sys
    import time
    root, earlier = _good_project(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    held = ("import sys, time\nimport briefpress.pipeline as pipeline\n"
            "pipeline.parse = lambda *args, **kwargs: time.sleep(120)\n"
            "from briefpress.cli import main\nsys.exit(main(sys.argv[1:]))\n")
    proc = subprocess.Popen([sys.executable, "-c", held, "build", str(root)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        workers = []
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline:  # the first worker forks the second
            workers = _descendants(proc.pid)
            time.sleep(0.05)
        assert len(workers) >= 2  # and perhaps a short-lived helper (WeasyPrint's import looks up libraries)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:  # never leave it behind, whatever failed
            proc.kill()
            proc.wait()
    assert (proc.returncode, out, err) == (130, "", "briefpress: interrupted; nothing was written\n")
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(p) for p in workers)
    assert snapshot(root / "build") == earlier


def _descendants(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            child = int(stat.parent.name)
            children += [child] + _descendants(child)
    return children


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has exited


# ---- What passes, and what never reaches an output ----------------------------------------

def test_bom_and_control_characters_are_dropped_and_the_build_agrees_with_lint(tmp_path):
    root = make_project(tmp_path, {INTRO: "\ufeff" + CHAPTER.replace("More text", "More\x0c text\x00")})
    code, out, _ = run("lint", root)
    assert code == 0
    assert out.splitlines()[:2] == [
        f"{INTRO}:7:5: warning: invisible control character U+000C (form feed), probably pasted from a word "
        "processor; removed [text.control-character]",
        f"{INTRO}:7:11: warning: invisible control character U+0000 (null), probably pasted from a word "
        "processor; removed [text.control-character]"]
    code, out, err = run("build", root, "--format", "html")
    assert code == 0 and "Traceback" not in err
    assert out.splitlines()[0] == str(root / "build" / f"{SLUG}.html")
    html = (root / "build" / f"{SLUG}.html").read_text()
    assert "More text" in html and "\x0c" not in html and "\x00" not in html and "\ufeff" not in html
    assert err.count("[text.control-character]") == 2


def test_raw_html_is_cleaned_by_nh3_before_any_output():
    """Defence in depth: even unchecked, the Markdown's raw HTML cannot carry active content."""
    from briefpress.markdown_ext import render_chapter
    hostile = ('# T\n\nA <span class="k" onclick="x()">kept</span> <a href="javascript:x()">j</a>'
               ' <b style="color: red; background: url(https://t.example/p)">b</b>.\n\n'
               '<script>alert(1)</script>\n\n<iframe src="https://example.org/"></iframe>\n\n'
               '<div><form action="x"><input name="q"></form><object data="x"></object></div>\n\n'
               '<link rel="stylesheet" href="x.css"><base href="https://evil.example/">'
               '<meta http-equiv="refresh" content="0">\n')
    hostile += '\n## H {onclick="x()"}\n\n[a](javascript:x()) [b][r]\n{: onmouseover="y()" }\n\n[r]: vbscript:z\n'
    html, _ = render_chapter(hostile)
    for bad in ("<script", "alert(1)", "<iframe", "<form", "<input", "<object", "<link", "<base", "<meta",
                "onclick", "onmouseover", "javascript:", "vbscript:", "url("):
        assert bad not in html, bad
    assert '<span class="k">kept</span>' in html and '<b style="color:red">b</b>' in html.replace("; ", ";")


@pytest.mark.parametrize("link", ["[a](&#106;avascript:x())", "[a](&#x6A;avascript:x())", "[a](javascript&colon;x())",
                                  "[a](java&#9;script:x())", "[a][r]\n\n[r]: &#118;bscript:z", "![i](&#100;ata:text/html,x)"])
def test_a_link_whose_scheme_is_typed_with_character_references_loses_it(link):
    """An href keeps '&#106;' as typed and a browser reads it as 'j': the scheme is checked as the browser reads it."""
    from briefpress.markdown_ext import render_chapter
    html, _ = render_chapter("# T\n\nA " + link + "\n")
    assert re.search(r"<(a|img)\b", html) and not re.search(r"\b(href|src)=", html), html


def test_isbn_10_gets_the_barcode_of_its_isbn_13():
    from briefpress.render_html import barcode_data_uri
    assert barcode_data_uri("0-306-40615-2") == barcode_data_uri("978-0-306-40615-7") != ""
    assert barcode_data_uri("0-8044-2957-X") == barcode_data_uri("978-0-8044-2957-3")


@pytest.mark.parametrize("theme", ["kcss", "article"])
def test_long_words_and_urls_break_inside_the_page(tmp_path, theme):
    """overflow-wrap: a 900-character word and a 500-character URL wrap; the page-box check passes (the
    article theme, a single file's default, refused such a paper: text-off-page)."""
    root = make_project(tmp_path, chapter("A " + "x" * 900 + " word and <https://example.org/" + "ab/c-" * 100
                                          + "> here, and https://example.org/" + "a" * 150 + "/path bare."))
    code, out, err = run("build", root, "--theme", theme)
    assert code == 0 and "Traceback" not in err, err
    assert "pdf.text-off-page" not in err


def test_new_scaffolds_a_brief_that_lints_clean_and_builds(tmp_path):
    code, out, err = run("new", tmp_path / "next")
    assert code == 0 and len(out.splitlines()) == 4
    assert (tmp_path / "next" / "Makefile").read_text().startswith("# `make pdf`")
    assert run("lint", tmp_path / "next")[:2] == (0, "0 errors, 0 warnings, 0 notes\n")
    code, out, err = run("build", tmp_path / "next", "--format", "html")
    assert code == 0, err
    assert "Title of the Brief" in (tmp_path / "next" / "build" / "title-of-the-brief.html").read_text()
    code, out, err = run("new", tmp_path / "next")  # never over an existing brief
    assert code == 2 and "already exists" in err and out == ""


def test_a_chapter_linked_from_outside_the_project_is_refused(tmp_path):
    secret = tmp_path / "outside.md"
    secret.write_text("# Private notes\n\nNot for publication.\n")
    root, earlier = _good_project(tmp_path)
    (root / "manuscript" / "02-notes.md").symlink_to(secret)
    expected = ("manuscript/02-notes.md: error: 'manuscript/02-notes.md' is a link to a file outside the project "
                f"({secret.resolve()}); copy the file into the project [input.outside-project]")
    code, out, err = run("lint", root)
    assert code == 1 and out.splitlines()[0] == expected
    code, out, err = run("build", root, "--format", "html")
    assert code == 1 and err.splitlines()[0] == expected and "Traceback" not in err
    assert snapshot(root / "build") == earlier


def test_link_check_settings_are_reported_at_their_line(tmp_path):
    root = make_project(tmp_path, {"pyproject.toml": "[project]\nname = 'x'\n\n[tool.briefpress.linkcheck]\n"
                                                     "timeout = 5\ntimout = 9\nretries = 'three'\n"})
    code, out, err = run("check-links", root)
    assert code == 2 and "Traceback" not in err
    lines = err.splitlines()
    assert lines[0].startswith("pyproject.toml:6:1: error: unknown setting 'timout' in [tool.briefpress.linkcheck]")
    assert lines[1] == "pyproject.toml:7:1: error: setting 'retries' must be int, not 'three' [linkcheck.config]"


def test_build_and_lint_as_processes_end_at_once_losing_nothing(tmp_path):
    """`briefpress build` and `lint` leave without the interpreter's teardown (cli._leave): every
    output is written, every line printed, the exit code right, no warning from a process left to
    clean up after (multiprocessing's resource tracker), no worker outlives the command, and no
    temporary file is left (multiprocessing's forkserver folder, the fonts WeasyPrint writes)."""
    import os
    import subprocess
    import sys
    root, _ = _good_project(tmp_path)
    mark = f"BRIEFPRESS_TEST_MARK={os.getpid()}-{id(tmp_path)}"  # inherited by every process the command starts
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src"), mark.split("=")[0]: mark,
           "TMPDIR": str(temporary)}

    def cli(*args):
        proc = subprocess.Popen([sys.executable, "-m", "briefpress.cli", *args], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        out, err = proc.communicate(timeout=300)
        return proc.returncode, out, err

    shutil.rmtree(root / "build", ignore_errors=True)
    code, out, err = cli("build", str(root), "--format", "all")
    pdf, epub = next((root / "build").glob("*.pdf")), next((root / "build").glob("*.epub"))
    assert code == 0 and out.splitlines()[:2] == [str(pdf), str(epub)] and pdf.read_bytes().rstrip().endswith(b"%%EOF")
    assert err.startswith("briefpress: ") and "pages" in err and "Warning" not in err and "leaked" not in err
    assert not [p for p in _marked(mark.encode()) if _alive(p)]
    assert not list(temporary.iterdir())
    (root / "manuscript" / "01-intro.md").write_text("# Intro\n\nA claim [@nobody].\n", encoding="utf-8")
    code, out, err = cli("build", str(root), "--format", "pdf")
    assert code == 1 and "nobody" in err and err.rstrip().endswith("nothing was written")
    assert "leaked" not in err and not list(temporary.iterdir())
    code, out, err = cli("lint", str(root))
    assert code == 1 and "nobody" in out + err
    (root / "manuscript" / "01-intro.md").write_text("# Intro\n\nA claim.\n", encoding="utf-8")
    assert cli("lint", str(root))[0] == 0


def _marked(mark: bytes) -> list[int]:
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if mark in environ.read_bytes():
                found.append(int(environ.parent.name))
        except OSError:
            continue
    return found


def test_a_build_makes_its_document_once_and_lint_still_reports_everything(tmp_path, monkeypatch):
    """parse() makes the Document once (lint's glyph check reads it); a project that cannot be made
    into one gets lint's whole list of errors, not only the first the Document stumbled on."""
    from briefpress import document, pipeline
    from briefpress.diagnostics import BuildError
    made = []
    real = document.build_document
    monkeypatch.setattr(document, "build_document", lambda *a, **k: made.append(1) or real(*a, **k))
    root = make_project(tmp_path / "good", {})
    pipeline.parse(root)
    assert len(made) == 1
    root = make_project(tmp_path / "bad", {INTRO: "No title heading [@nobody].\n\n| a |\n|---|---|\n"})
    with pytest.raises(BuildError) as failed:
        pipeline.parse(root)
    codes = {d.code for d in failed.value.diagnostics}
    assert {"chapter.no-title", "cite.unknown-key"} <= codes


def test_the_stylesheet_sent_ahead_never_hides_the_lint_errors(tmp_path):
    # The build renders the print stylesheet (the theme's fonts subset) for the workers before lint runs;
    # what fails there fails again in the print stage, after lint: the lint errors must be what is said.
    root = make_project(tmp_path, {THEME: lambda text: text,
                                   INTRO: CHAPTER + "\nSee [the end](#nowhere).\n"})
    (root / "templates" / "kcss" / "fonts" / "NotoSerif-Regular.ttf").write_bytes(b"not a font")
    code, out, err = run("build", root, "--format", "pdf")
    assert code == 1 and "[link.anchor]" in err and "internal error" not in err, err


def test_a_signal_during_a_held_block_is_delivered_when_it_ends():
    """exits.held: Ctrl-C while pikepdf's native module is imported aborted the process (nanobind); it is
    held until the import is done, then raised as usual. Another thread is alive, as a build's pool
    threads are: the signal blocked for the main thread alone went to it, and came inside the block
    (the suite failed so when a thread of an earlier test was still running)."""
    import os
    import signal
    import threading
    import time

    from briefpress.exits import held
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    before = signal.getsignal(signal.SIGINT)
    reached = False
    try:
        with pytest.raises(KeyboardInterrupt):
            with held():
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.05)  # the other thread's turn to take it; then bytecode, where Python acts on it
                reached = True  # not interrupted inside
    finally:
        stop.set()
    assert reached and signal.getsignal(signal.SIGINT) is before
    with held():
        pass
    assert signal.getsignal(signal.SIGINT) is before  # nothing came: nothing raised, the handler back
