"""Review of the second hostile-input sweep: a project reached through a linked folder keeps its
``--bib``; an in-text citation inside a caption's bracket is read once; code spans are found where
Python-Markdown prints code (an opening run longer than its closing one, never across a blank line)."""
from __future__ import annotations

import re

import markdown
import pytest
from test_bad_input import BIB, CHAPTER, make_project, run

from briefpress import citations, markdown_checks, mathspans, rawlatex, sanitize


def _linked(tmp_path):
    """A brief whose folder is reached through a link, as after ``cd ~/link-to-brief``."""
    root = make_project(tmp_path, {})
    (tmp_path / "via").symlink_to(root, target_is_directory=True)
    return tmp_path / "via"


def test_bib_through_a_linked_project_folder_is_read(tmp_path):
    via = _linked(tmp_path)
    status, out, err = run("lint", via, "--bib", via / "references.bib")
    assert status == 0 and "outside-project" not in out + err, out + err


def test_bib_link_out_of_a_linked_project_folder_is_still_refused(tmp_path):
    via = _linked(tmp_path)
    (tmp_path / "secret.bib").write_text(BIB)
    (via / "link.bib").symlink_to(tmp_path / "secret.bib")
    status, out, err = run("lint", via, "--bib", via / "link.bib")
    assert status == 1 and "link.bib: error: 'link.bib' is a link to a file outside the project" in out + err, \
        out + err


@pytest.mark.parametrize("text", ["[@q] ![x @b [@a] y]", "[@q] ![@b [@a]]"])
def test_a_citation_inside_an_alt_bracket_holding_a_bracket_is_read_once(text):
    """The bracket inside an image's alt text is found before the alt text's own: the in-text '@b'
    lies inside the later-found, earlier-starting one and is part of it, not a citation of its own."""
    _, found = citations.extract(text, "x")
    keys = [item.key for c in found for item in c.items]
    assert sorted(keys) == sorted(set(keys)), keys


# Each as Python-Markdown reads it: what it prints as code, our masks must treat as code, and no more.
SPANS = ["x ``@k ` y", "x ```a `` b", "x `a`` <b>", "x ``a`` <b>", "x `a\n\nb ` c", "x `a\nb ` c",
         "x `a``` y `b`", "x ```a ` b", "x `` `a` `` y", "x ` a ``` b ` c"]


def _code(pattern: re.Pattern, group: int, text: str) -> list[str]:
    return [m.group()[len(m.group(group)):len(m.group()) - len(m.group(group))].strip()
            for m in pattern.finditer(text) if m.group(group)]


@pytest.mark.parametrize("text", SPANS)
@pytest.mark.parametrize("pattern, group", [(sanitize.MASK, 2), (citations.MASK, 2), (mathspans.NOT_MATH, 2),
                                            (rawlatex.MASK, 2), (markdown_checks.CODE, 2)],
                         ids=["sanitize", "citations", "mathspans", "rawlatex", "markdown_checks"])
def test_code_spans_are_where_python_markdown_prints_code(pattern, group, text):
    printed = re.findall(r"<code>(.*?)</code>", markdown.markdown(text), re.S)
    assert _code(pattern, group, text) == [p.replace("&lt;", "<").replace("&gt;", ">") for p in printed]


def test_a_citation_in_code_closed_by_a_shorter_run_is_not_read(tmp_path):
    """``@nokey ` prints as code (`@nokey): lint must not ask for the key, nor read [@smith2020] as code."""
    root = make_project(tmp_path, {"manuscript/01-intro.md": CHAPTER + "\nWrite ``@nokey ` as code.\n\n"
                                   "An `unclosed span.\n\nThen [@smith2020] and ``\\ref{nowhere} ` here.\n"})
    status, out, err = run("lint", root)
    assert status == 0 and "0 errors, 0 warnings" in out, out + err  # [@smith2020] read: not "never cited"


def test_a_template_reading_a_name_its_includer_sets_is_not_refused(tmp_path):
    """screen.html.j2 sets 'accent' and includes footer.html.j2, which prints it: Jinja renders that, so
    neither lint nor the build may call 'accent' undefined (a typo is still reported)."""
    from test_hostile_input import themed
    root = themed(tmp_path)
    page = root / "templates" / "kcss" / "screen.html.j2"
    page.write_text(page.read_text().replace("</body>", '{% set accent = "Accent!" %}{% include "footer.html.j2" %}'
                                             "</body>", 1))
    (page.parent / "footer.html.j2").write_text("<p>{{ accent }}</p>\n")
    status, out, err = run("build", root, "--format", "html")
    assert status == 0 and "<p>Accent!</p>" in (root / "build" / "a-test-brief.html").read_text(), out + err
    (page.parent / "footer.html.j2").write_text("<p>{{ acent }}</p>\n")
    status, out, err = run("lint", root)
    assert status == 1 and "footer.html.j2:1: error: the theme's template cannot be rendered (UndefinedError: " \
        "'acent' is undefined)" in out, out + err


def test_a_run_of_quote_marks_inside_a_line_is_still_a_word_too_long(tmp_path):
    """Only quote marks opening a line are quote.too-deep's; inside a line they are a word to lay out."""
    root = make_project(tmp_path, {"manuscript/01-intro.md": CHAPTER + "\nText " + ">" * 1500 + " end.\n"})
    status, out, err = run("lint", root)
    assert status == 1 and "manuscript/01-intro.md:9:6: error: a 'word' of 1,500 characters" in out, out + err


def test_tables_in_a_long_list_share_their_view():
    """Each table of a list item used to keep its own copy of the whole list's lines: 2,000 items with a
    table each held 2,000 copies of 10,000 lines (~160 MB, and as many seconds squared); now one."""
    import tracemalloc

    from briefpress.tables import source
    text = "".join(f"- item {i}\n\n  | a | b |\n  |---|---|\n  | {i} | 2 |\n\n" for i in range(2000))
    source.normalize.cache_clear()
    tracemalloc.start()
    try:
        assert source.normalize(text).tables == 2000
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40_000_000, f"{peak:,} bytes"


def test_a_broken_template_the_build_never_reads_does_not_stop_it(tmp_path):
    """A leftover file in the theme (an old draft) is rendered by nothing: it stopped lint and the build."""
    from test_hostile_input import themed
    root = themed(tmp_path)
    (root / "templates" / "kcss" / "old-draft.html.j2").write_text("{% if %}{{ nosuchname }}\n")
    for argv in (("lint", root), ("build", root, "--format", "html")):
        status, out, err = run(*argv)
        assert status == 0 and "theme.template" not in out + err, out + err


def test_the_templates_lint_follows_are_those_the_renderers_load():
    """theme_templates.RENDERED is every template render_html.py and epub.py load by name."""
    import ast
    from conftest import ROOT

    from briefpress.theme_templates import RENDERED
    loaded = set()
    for module in ("render_html.py", "epub.py"):
        for node in ast.walk(ast.parse((ROOT / "src" / "briefpress" / module).read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "get_template" and \
                    node.args and isinstance(node.args[0], ast.Constant):
                loaded.add(node.args[0].value)
    assert loaded == set(RENDERED)
