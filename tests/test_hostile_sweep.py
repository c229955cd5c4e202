"""Hostile input, second sweep: bibliographies outside the project (front matter, _quarto.yml, --bib,
links), and generated inputs of extreme shape (long runs, deep nesting, huge chapters, broken
bytes). Every fixture is written here; each case either works or stops with one clear diagnostic in
lint and build alike, and no build writes anything on failure."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from test_bad_input import run, seed_outputs, snapshot

BIB = "@book{a, title={A Secret Book}, author={Vale, Jo}, year=2000, publisher={Pub}}\n"
PAPER = "---\ntitle: T\nbibliography: {bib}\n---\n# One\n\nText [@a].\n"


def _single(tmp_path, bib: str) -> Path:
    root = tmp_path / "paper"
    root.mkdir()
    (tmp_path / "outside.bib").write_text(BIB)
    (root / "paper.md").write_text(PAPER.format(bib=bib))
    return root


def _refused(target: Path, code: str, where: str, fragment: str, *extra) -> None:
    """lint and build --format all give the error (at ``where`` when given), exit 1, nothing written,
    and the outside file's content never reaches an output."""
    out_dir = target.parent / "build" if target.is_file() else target / "build"
    earlier = seed_outputs(target.parent if target.is_file() else target)
    for argv in (("lint", target, *extra), ("build", target, "--format", "all", *extra)):
        status, out, err = run(*argv)
        hits = [line for line in (out + err).splitlines() if line.endswith(f"[{code}]") and fragment in line]
        assert status == 1 and hits, out + err
        assert hits[0].startswith(f"{where}: error: " if where else "error: "), hits[0]
        assert "copy" in hits[0] and "Traceback" not in out + err
    assert snapshot(out_dir) == earlier


@pytest.mark.parametrize("bib", ["/ABS/outside.bib", "../outside.bib", "link.bib"])
def test_front_matter_bibliography_outside_the_project_is_refused(tmp_path, bib):
    root = _single(tmp_path, bib.replace("/ABS", str(tmp_path)))
    (root / "link.bib").symlink_to(tmp_path / "outside.bib")
    _refused(root / "paper.md", "metadata.bibliography-outside", "paper.md:3:1", "outside the project")


def test_bibliography_link_inside_the_project_is_read(tmp_path):
    root = _single(tmp_path, "refs/link.bib")
    (root / "refs").mkdir()
    (root / "real.bib").write_text(BIB)
    (root / "refs" / "link.bib").symlink_to(root / "real.bib")
    status, out, err = run("build", root / "paper.md", "--format", "html")
    assert status == 0, out + err
    assert "A Secret Book" in (root / "build" / "t.html").read_text()


def test_bibliography_link_loop_is_refused(tmp_path):
    root = _single(tmp_path, "loop.bib")
    os.symlink("loop.bib", root / "loop.bib")
    status, out, err = run("lint", root / "paper.md")
    assert status == 1 and "paper.md:3:1: error: bibliography file 'loop.bib' is a link that leads round in a loop" \
        in out, out + err


def test_bib_argument_outside_the_project_is_refused_naming_the_argument(tmp_path):
    root = _single(tmp_path, "none.bib")
    (root / "paper.md").write_text("# One\n\nText [@a].\n")
    outside = tmp_path / "outside.bib"
    _refused(root / "paper.md", "input.outside-project", "", f"'--bib {outside}'", "--bib", outside)


def test_quarto_bibliography_outside_is_refused_at_its_line(tmp_path):
    root = tmp_path / "book"
    root.mkdir()
    (tmp_path / "outside.bib").write_text(BIB)
    (root / "_quarto.yml").write_text("project:\n  type: book\nbook:\n  title: Q\n  chapters:\n    - index.qmd\n"
                                      "bibliography: ../outside.bib\n")
    (root / "index.qmd").write_text("# Hi\n\nText [@a].\n")
    _refused(root, "metadata.bibliography-outside", "_quarto.yml:7:1", "'../outside.bib'")


# ---- lint checks the theme's templates as the build would --------------------------------------------

def test_lint_reports_every_broken_template_as_the_build_does(tmp_path):
    from test_hostile_input import themed
    root = themed(tmp_path)
    theme = root / "templates" / "kcss"
    breaks = {"screen.html.j2": "{% if %}", "print.css.j2": "{{ nosuchvariable.x }}",
              "epub/page.xhtml.j2": '{% include "../../../../secret.txt" %}'}
    where = {}
    for name, line in breaks.items():
        text = (theme / name).read_text()
        (theme / name).write_text(text + line + "\n")
        where[name] = f"templates/kcss/{name}:{text.count(chr(10)) + 1}: error: the theme's template cannot be rendered"
    status, out, err = run("lint", root)
    found = [line for line in out.splitlines() if line.endswith("[theme.template]")]
    assert status == 1 and len(found) == 3, out + err
    for name, message in zip(breaks, ("TemplateSyntaxError: Expected an expression",
                                      "UndefinedError: 'nosuchvariable' is undefined",
                                      "TemplateNotFound: ../../../../secret.txt")):
        assert any(line.startswith(f"{where[name]} ({message}") for line in found), (name, found)
    earlier = seed_outputs(root)
    status, out, err = run("build", root, "--format", "all")
    assert status == 1 and sorted(line for line in err.splitlines() if line.endswith("[theme.template]")) == \
        sorted(found), err
    assert snapshot(root / "build") == earlier


@pytest.mark.parametrize("fmt", ["pdf", "html", "epub"])
def test_each_format_renders_only_the_templates_its_build_checks(tmp_path, monkeypatch, fmt):
    """theme_templates.BY_FORMAT is what a build of each format renders: lint then checks no other."""
    from test_hostile_input import themed

    from briefpress import pipeline, render_html
    from briefpress.theme_templates import BY_FORMAT
    root = themed(tmp_path)
    loaded = set()
    original = render_html.ThemeEnvironment.get_template

    def get_template(self, name, parent=None, globals=None):
        caller = sys._getframe(1)  # not the check, nor the compiling that asks whether the abstract is read
        renderer = caller.f_globals.get("__name__") != "briefpress.theme_templates" and caller.f_code.co_name != "_reads_abstract"
        if renderer and parent is None and Path(self.loader.searchpath[0]) == root / "templates" / "kcss":
            loaded.add(name)
        return original(self, name, parent, globals)
    monkeypatch.setattr(render_html.ThemeEnvironment, "get_template", get_template)
    pipeline.build(root, (fmt,), parallel=False)
    assert loaded == set(BY_FORMAT[fmt])


def test_a_broken_template_of_another_format_stops_only_that_format(tmp_path):
    """A PDF build neither renders nor checks the web edition's templates (compiling them all was ~0.1 s
    of a cold build); the web edition's build and lint still stop at them, and an EPUB build at the
    print's, whose layout it takes its page list from."""
    from test_hostile_input import themed
    root = themed(tmp_path)
    theme = root / "templates" / "kcss"
    screen = theme / "screen.html.j2"
    screen.write_text(screen.read_text() + "{% if %}\n")
    status, out, err = run("build", root, "--format", "pdf")
    assert status == 0 and "theme.template" not in out + err, out + err
    for argv in (("build", root, "--format", "html"), ("lint", root)):
        status, out, err = run(*argv)
        assert status == 1 and "screen.html.j2" in out + err and "[theme.template]" in out + err, out + err
    screen.write_text(screen.read_text().replace("{% if %}\n", ""))
    css = theme / "print.css.j2"
    css.write_text(css.read_text() + "{{ nosuchvariable }}\n")
    status, out, err = run("build", root, "--format", "epub")
    assert status == 1 and "print.css.j2" in err and "nosuchvariable" in err, out + err


def test_a_theme_template_that_works_is_not_reported(tmp_path):
    from test_hostile_input import themed
    root = themed(tmp_path)
    page = root / "templates" / "kcss" / "epub" / "page.xhtml.j2"
    page.write_text(page.read_text() + "{% set mine = 1 %}{{ mine }}{% for x in range(2) %}{{ x }}{% endfor %}\n"
                    '{% include "epub/epub.css.j2" ignore missing %}{% include "nothere.j2" ignore missing %}\n')
    status, out, err = run("lint", root)
    assert status == 0 and "theme.template" not in out, out + err


def test_the_names_lint_allows_are_the_names_the_renderers_give():
    """theme_templates.GIVEN is what render_html.py and epub.py pass to templates (render and
    make_module arguments): a name added there without being added here would be a false error."""
    import ast
    from conftest import ROOT

    from briefpress.theme_templates import GIVEN
    given = set()
    for module in ("render_html.py", "epub.py"):
        for node in ast.walk(ast.parse((ROOT / "src" / "briefpress" / module).read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "render":
                assert all(k.arg for k in node.keywords), f"{module}:{node.lineno}: **kwargs hide the names"
                given |= {k.arg for k in node.keywords}
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "make_module":
                given |= {k.value for arg in node.args if isinstance(arg, ast.Dict) for k in arg.keys}
    assert given == GIVEN


# ---- generated inputs of extreme shape -----------------------------------------------------------------

def _brief(tmp_path, chapter: str | bytes, **files) -> Path:
    from test_bad_input import CHAPTER, INTRO, make_project
    return make_project(tmp_path, {INTRO: chapter if chapter is not None else CHAPTER,
                                   **{k.replace("__", "/"): v for k, v in files.items()}})


def _same_error(root: Path, code: str, where: str, fragment: str) -> None:
    earlier = seed_outputs(root)
    for argv in (("lint", root), ("build", root, "--format", "all")):
        status, out, err = run(*argv)
        hits = [line for line in (out + err).splitlines() if line.endswith(f"[{code}]")]
        assert status == 1 and len(hits) == 1 and hits[0].startswith(f"{where}: error: ") and fragment in hits[0], \
            out + err
        assert "Traceback" not in out + err
    assert snapshot(root / "build") == earlier


def test_a_run_of_20000_backticks_is_one_diagnostic(tmp_path):
    """The code-span and fence patterns take a run of backticks whole: backtracking into a run of n made
    the line cubic (minutes at 20,000; ~0.7 s of lint now). A line of backticks is no code here, so the run is
    a 'word' too long to lay out."""
    from test_bad_input import CHAPTER
    root = _brief(tmp_path, CHAPTER + "\n" + "`" * 20_000 + "\n\nText after.\n")
    _same_error(root, "text.word-too-long", "manuscript/01-intro.md:9:1", "20,000 characters")


def test_code_spans_close_only_on_a_run_of_their_own_length():
    from briefpress import citations, sanitize
    assert sanitize.masked("`a`` <b>") == "`a`` <b>"  # no span: the '<b>' is still seen as a tag
    assert sanitize.masked("``a`` <b>") == "      <b>"
    assert "@key" in citations._masked("`x`` @key") and "@key" not in citations._masked("``x @key``")


def test_invalid_utf8_names_its_line_column_and_byte(tmp_path):
    from test_bad_input import CHAPTER
    root = _brief(tmp_path, CHAPTER.encode() + b"\nbad \xff byte\n")
    offset = len(CHAPTER.encode()) + 5
    _same_error(root, "input.encoding", "manuscript/01-intro.md:9:5", f"byte 0xff at byte offset {offset}")


def test_a_chapter_that_is_a_folder_says_so(tmp_path):
    root = _brief(tmp_path, None, manuscript__02_dir__x="x")
    (root / "manuscript" / "02_dir").rename(root / "manuscript" / "02-dir.md")
    _same_error(root, "input.unreadable", "manuscript/02-dir.md", "is a folder, not a file")


def test_a_key_in_another_unicode_normalisation_is_named_as_such(tmp_path):
    from test_bad_input import BIB, CHAPTER
    root = _brief(tmp_path, CHAPTER + "\nSee [@m\u00fcller2020].\n",
                  **{"references.bib": BIB + "\n@misc{mu\u0308ller2020, title={T}, author={M, A}, year=2020}\n"})
    _same_error(root, "cite.unknown-key", "manuscript/01-intro.md:9:5", "encoded differently")


def test_tables_in_a_long_list_take_one_view_per_prefix(monkeypatch):
    """A table inside a list item is read from the lines without the item's indent: one such view per
    indent, not one per item (a view per item was quadratic: 10,000 items, 10,000 copies of the text)."""
    from briefpress.tables import nesting, source
    calls = []
    view = nesting.view
    monkeypatch.setattr(nesting, "view", lambda lines, prefix: calls.append(prefix) or view(lines, prefix))
    text = "- top\n" + "".join(f"  - item {i}\n" for i in range(500)) + "\n  | a | b |\n  |---|---|\n  | 1 | 2 |\n"
    assert source.normalize(text).tables == 1
    assert len(calls) <= 2, len(calls)


def test_a_line_continuing_a_long_item_finds_its_item():
    from briefpress.tables import nesting
    lines = ["- item", *["  more"] * 5, "", "  | a |", "    deeper", "text", "   x"]
    parents = nesting.parents(lines)
    assert parents[1] == parents[5] == 0 and parents[7] == 0 and parents[8] == 7 and parents[9] == -1
    assert parents[10] == 9


def test_quotes_nested_5000_deep_are_one_diagnostic(tmp_path):
    from test_bad_input import CHAPTER
    root = _brief(tmp_path, CHAPTER + "\n" + ">" * 5000 + " deep\n")
    _same_error(root, "quote.too-deep", "manuscript/01-intro.md:9:1", "more than 30 levels")
    status, out, _ = run("lint", root)
    assert out.count(": error: ") == 1, out


def test_a_control_character_in_the_metadata_is_said_as_in_a_chapter(tmp_path):
    from test_bad_input import META, METAFILE
    root = _brief(tmp_path, None, **{METAFILE: META + "subject: a\x00b\n"})
    line = META.count("\n") + 1
    status, out, err = run("lint", root)
    assert status == 0 and f"manuscript/metadata.yaml:{line}:11: warning: invisible control character U+0000" in out, \
        out + err


def test_an_escaped_lone_surrogate_in_yaml_is_an_error_at_its_place(tmp_path):
    """'\\uD800' in a double-quoted YAML string is half a UTF-16 pair: lint crashed printing it (exit 3)."""
    root = tmp_path / "paper"
    root.mkdir()
    (root / "paper.md").write_text('---\ntitle: "A \\uD800 B"\n---\n# One\n\nText.\n')
    earlier = seed_outputs(root)
    for argv in (("lint", root / "paper.md"), ("build", root / "paper.md", "--format", "all")):
        status, out, err = run(*argv)
        assert status == 1 and "paper.md:2:8: error: invalid YAML: an escape such as \\uD800" in out + err, out + err
    assert snapshot(root / "build") == earlier


def test_a_surrogate_pair_written_as_two_escapes_in_yaml_is_its_character(tmp_path):
    """JSON writes a character beyond U+FFFF as two escapes; YAML metadata copied from JSON does too."""
    from briefpress import safe_yaml

    data, _ = safe_yaml.load('title: "Ferries \\uD83D\\uDEA2 and \\u00E9t\\u00E9"\n', "metadata.yaml", "metadata")
    assert data["title"] == "Ferries \U0001F6A2 and \u00e9t\u00e9"


def test_a_template_changed_after_a_check_is_checked_again(tmp_path):
    # the findings are kept by the templates' bytes (the live preview lints on every save): a template
    # broken, mended and broken again in quick saves is found each time, in the same process
    from test_hostile_input import themed

    from briefpress import theme_templates
    theme = themed(tmp_path) / "templates" / "kcss"
    screen = theme / "screen.html.j2"
    good = screen.read_text()
    assert theme_templates.template_problems(theme) == []
    for _ in range(2):
        screen.write_text(good + "{% if %}\n")
        assert [d.code for d in theme_templates.template_problems(theme)] == ["theme.template"]
        screen.write_text(good)
        assert theme_templates.template_problems(theme) == []


def test_lint_reports_a_name_one_format_reads_and_only_another_format_sets(tmp_path):
    """A template sees the names its includers set, so a build takes a name set in any template it
    reads as given; lint, which checks every format, took a name set in the EPUB's page as given to the
    print stylesheet too, and passed a theme whose PDF build then stopped at it."""
    from test_hostile_input import themed
    root = themed(tmp_path)
    theme = root / "templates" / "kcss"
    css, page = theme / "print.css.j2", theme / "epub" / "page.xhtml.j2"
    css.write_text(css.read_text() + "/* {{ only_the_epub_sets }} */\n")
    page.write_text("{% set only_the_epub_sets = 1 %}" + page.read_text())
    status, out, err = run("build", root, "--format", "pdf")
    assert status == 1 and "only_the_epub_sets" in err, out + err
    status, out, err = run("lint", root)
    assert status == 1 and "print.css.j2" in out + err and "only_the_epub_sets" in out + err, out + err


@pytest.mark.parametrize("line", ["{% if t %}/* {{ 1|nosuchfilter }} */{% endif %}",
                                  "{% if t %}{% if 1 is nosuchtest %}{% endif %}{% endif %}"])
def test_a_filter_or_test_the_theme_lacks_is_reported_even_inside_a_condition(tmp_path, line):
    """Jinja leaves an unknown filter or test inside an ``{% if %}`` to the render (so that a template can
    ask ``{% if "x" is filter %}``): the build stopped at it, lint did not report it."""
    from test_hostile_input import themed
    root = themed(tmp_path)
    css = root / "templates" / "kcss" / "print.css.j2"
    css.write_text(css.read_text() + line + "\n")
    name = "nosuchfilter" if "filter" in line else "nosuchtest"
    for argv in (("build", root, "--format", "pdf"), ("lint", root)):
        status, out, err = run(*argv)
        assert status == 1 and "print.css.j2" in out + err and name in out + err, out + err
    css.write_text(css.read_text().replace(line, '{% if "nosuchfilter" is filter %}{{ 1|nosuchfilter }}{% endif %}'
                                                 '{% if "nosuchtest" is test %}{{ 1 is nosuchtest }}{% endif %}'))
    status, out, err = run("lint", root)
    assert status == 0, out + err  # asked for first: not an error
