"""The abstract's citations count where the theme prints the abstract, and only there: a theme that prints
it through an ``{% include %}`` (or an import, or an extends) makes notes of them as one that prints it
in ``print.html.j2`` does; a theme that prints no abstract makes none, and lint then calls a source cited
in the abstract alone uncited, as the build leaves it out of the reference list."""

import re
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from briefpress import pipeline
from briefpress.lint import lint_path
from briefpress.render_html import Theme, prints_abstract

TESTS = Path(__file__).parent
PAPER = TESTS / "fixtures" / "abstractcites"
TEMPLATES = TESTS.parent / "templates"
TITLE_BLOCK = '<header class="title-block" id="title-block">{{ parts.title_page(meta, abstract) }}</header>'


def _theme(root: Path, name: str, how: str) -> Path:
    """The article theme with its title block (which prints the abstract) moved into a template of its own,
    reached by ``how``: include, import (a macro given the abstract), extends or a computed name."""
    theme = root / "templates" / name
    shutil.copytree(TEMPLATES / "article", theme)
    shutil.copytree(TEMPLATES / "kcss" / "fonts", theme / "fonts")
    (theme / "theme.yaml").write_text((theme / "theme.yaml").read_text().replace("../kcss/fonts", "fonts"))
    page = theme / "print.html.j2"
    text = page.read_text()
    assert TITLE_BLOCK in text
    own = '{% import "parts.html.j2" as parts with context %}' + TITLE_BLOCK
    if how == "include":
        (theme / "title.html.j2").write_text(own)
        text = text.replace(TITLE_BLOCK, '{% include "title.html.j2" %}')
    elif how == "import":
        (theme / "title.html.j2").write_text('{% macro block() %}' + own + '{% endmacro %}')
        text = text.replace(TITLE_BLOCK, '{% from "title.html.j2" import block with context %}{{ block() }}')
    elif how == "computed":
        (theme / "title.html.j2").write_text(own)
        text = text.replace(TITLE_BLOCK, '{% include "title" ~ ".html.j2" %}')
    elif how == "nested":  # an include that includes the title block
        (theme / "title.html.j2").write_text(own)
        (theme / "front.html.j2").write_text('<div class="front">{% include "title.html.j2" %}</div>')
        text = text.replace(TITLE_BLOCK, '{% include "front.html.j2" %}')
    elif how == "extends":  # the page is a base template's, whose title block prints it
        (theme / "base.html.j2").write_text(text)
        text = '{% extends "base.html.j2" %}'
    elif how == "none":
        text = text.replace(TITLE_BLOCK, '<header class="title-block" id="title-block"><h1>{{ meta.title }}</h1></header>')
    elif how == "optional":  # a theme's optional template, absent: it prints nothing, the abstract neither
        text = text.replace(TITLE_BLOCK, '<header class="title-block" id="title-block"><h1>{{ meta.title }}</h1>'
                            '</header>{% include "local.html.j2" ignore missing %}')
    page.write_text(text)
    assert "abstract" not in page.read_text()
    return theme


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(PAPER, tmp_path / "p")
    return tmp_path / "p"


@pytest.mark.parametrize("how, prints", [("include", True), ("import", True), ("computed", True), ("none", False),
                                         ("optional", False), ("nested", True), ("extends", True)])
def test_the_abstract_is_found_where_the_theme_prints_it(tmp_path, how, prints):
    theme = _theme(tmp_path, "t", how)
    assert prints_abstract(Theme(theme, {})) is prints


def test_an_abstract_printed_through_an_include_keeps_its_citations(tmp_path):
    root = _copy(tmp_path)
    _theme(root, "included", "include")
    result = pipeline.build(root / "paper.md", ("pdf",), tmp_path / "out", theme="included", parallel=False)
    document = pipeline.parse(root / "paper.md", theme="included").document
    assert result.notes == 3 and document.notes[0].keys == ("cole2022",)
    assert {r.key for r in document.references} == {"alder2019", "brook2021", "cole2022"}
    pdf = pdfium.PdfDocument(result.outputs["pdf"].read_bytes())
    text = "".join("".join(pdf[i].get_textpage().get_text_bounded().split()) for i in range(len(pdf)))
    assert "winter.1" in text and "1.InesCole,WinterCrossingsontheOuterIslands" in text
    assert not [d for d in lint_path(root / "paper.md", theme="included") if d.code == "bib.uncited"]


@pytest.mark.parametrize("theme, printed", [("kcss", False), ("article", True), ("blank", False)])
def test_lint_counts_the_abstracts_citations_as_the_build_prints_them(tmp_path, theme, printed):
    root = _copy(tmp_path)
    if theme == "blank":
        _theme(root, "blank", "none")
    document = pipeline.parse(root / "paper.md", theme=theme).document
    listed = {r.key for r in document.references}
    uncited = {re.search(r"'([^']+)'", d.message).group(1)
               for d in lint_path(root / "paper.md", theme=theme) if d.code == "bib.uncited"}
    assert ("cole2022" in listed) is printed
    assert uncited == ({"alder2019", "brook2021", "cole2022"} - listed)
    assert uncited == (set() if printed else {"cole2022"})


def test_a_theme_with_an_absent_optional_template_builds_without_the_abstracts_notes(tmp_path):
    """``{% include ... ignore missing %}`` of a file the theme lacks: no abstract is printed, so its citation
    makes no note (it made one no page called, and the text's notes printed numbers not their own)."""
    root = _copy(tmp_path)
    _theme(root, "optional", "optional")
    result = pipeline.build(root / "paper.md", ("pdf",), tmp_path / "out", theme="optional", parallel=False)
    document = pipeline.parse(root / "paper.md", theme="optional").document
    assert result.notes == 2 and document.notes[0].keys == ("brook2021",)
    assert {r.key for r in document.references} == {"alder2019", "brook2021"}


def test_a_syntax_error_in_an_included_template_is_reported_at_its_file(tmp_path):
    """The search for the abstract parses the included templates: a syntax error there is lint's to report,
    at that file (it was an internal error of lint, and the build named the theme's folder)."""
    from briefpress.diagnostics import BuildError
    root = _copy(tmp_path)
    theme = _theme(root, "broken", "include")
    (theme / "title.html.j2").write_text("{% if %}")
    found = [(d.code, str(d.location)) for d in lint_path(root / "paper.md", theme="broken") if d.severity == "error"]
    assert found == [("theme.template", "templates/broken/title.html.j2:1")]
    with pytest.raises(BuildError) as caught:
        pipeline.build(root / "paper.md", ("pdf",), tmp_path / "out", theme="broken", parallel=False)
    assert [(d.code, str(d.location)) for d in caught.value.diagnostics] == found
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_the_templates_are_read_once_until_one_is_edited(tmp_path, monkeypatch):
    """Lint, the document and the PDF's check each ask whether the theme prints the abstract: the templates
    are parsed once for them all, and again when one changes (the live preview's theme edits)."""
    from briefpress import render_html
    theme = _theme(tmp_path, "t", "include")
    parsed = []
    real = render_html.ThemeEnvironment._parse  # what compiling a template parses it with
    monkeypatch.setattr(render_html.ThemeEnvironment, "_parse", lambda env, source, *a, **k: parsed.append(1) or real(env, source, *a, **k))
    assert [prints_abstract(Theme(theme, {})) for _ in range(3)] == [True] * 3
    assert len(parsed) == 2  # print.html.j2 and title.html.j2, once
    (theme / "title.html.j2").write_text('<header class="title-block" id="title-block"><h1>{{ meta.title }}</h1></header>')
    assert prints_abstract(Theme(theme, {})) is False and len(parsed) > 2  # read again
