"""The print HTML: the stylesheet (hundreds of kB, the same in every part) is put in the rendered page
in place of a stand-in (render_html.render_print), which must give the page the template gives."""

from __future__ import annotations

from pathlib import Path

from test_bad_input import THEME, make_project

from briefpress import pipeline, print_markup, render_html
from briefpress.printing.model import PrintPart

ROOT = Path(__file__).resolve().parent.parent


def _pages(root: Path):
    parsed = pipeline.parse(root)
    document, theme = parsed.document, parsed.theme
    parts = [None, PrintPart(front=True, toc_pages={}), PrintPart(first=0, stop=1, start_page=5, notes_before=2),
             PrintPart(first=len(document.chapters) - 1, stop=len(document.chapters), back=True, start_page=9)]
    return document, theme, parts


def test_the_stylesheet_goes_where_the_template_puts_it():
    document, theme, parts = _pages(ROOT)
    env, meta = render_html.environment(theme), document.metadata
    for part in parts:
        page = render_html.render_print(document, theme, part)
        css = render_html.print_stylesheet(theme, meta.short_title, _fonts(document, theme))
        assert len(css) > 100_000 and page.count(css) == 1 and print_markup.SHEET_SLOT not in page
        assert page == render_html._render_print(document, theme, part, css)
        assert render_html.render_print(document, theme, part, css) == page  # the caller's, made once
    assert print_markup.writes_sheet_as_is(env)  # briefpress's themes take the quick way


def _fonts(document, theme):
    from briefpress.fonts import document_text, subset_theme_fonts
    return subset_theme_fonts(theme, document_text(document, theme), "print")


def test_the_article_theme_writes_the_stylesheet_as_it_is():
    from briefpress.render_html import _environment
    assert print_markup.writes_sheet_as_is(_environment(ROOT / "templates" / "article"))


def test_a_template_that_changes_the_stylesheet_gets_it_changed(tmp_path):
    root = make_project(tmp_path, {THEME: lambda t: t})
    template = root / "templates" / "kcss" / "print.html.j2"
    text = template.read_text()
    assert "{{ css | safe }}" in text
    template.write_text(text.replace("{{ css | safe }}", '{{ css | replace("@page", "@page /* x */") | safe }}'))
    document, theme, parts = _pages(root)
    page = render_html.render_print(document, theme, parts[2])
    assert "@page /* x */" in page and print_markup.SHEET_SLOT not in page
    assert not print_markup.writes_sheet_as_is(render_html.environment(theme))


def test_whether_the_template_writes_the_stylesheet_as_it_is_is_read_again_only_when_a_template_changes(
        tmp_path, monkeypatch):
    # Asked for every part of the paper: read from the templates once, again after an edit (the live preview).
    import os
    root = make_project(tmp_path, {THEME: lambda t: t})
    theme_dir = root / "templates" / "kcss"
    document, theme, parts = _pages(root)
    env = render_html.environment(theme)
    reads = []
    real = print_markup._writes_sheet_as_is
    monkeypatch.setattr(print_markup, "_writes_sheet_as_is", lambda e, read: reads.append(1) or real(e, read))
    assert print_markup.writes_sheet_as_is(env) and print_markup.writes_sheet_as_is(env)
    assert len(reads) == 1
    for name, edit in (("parts.html.j2", lambda t: t.replace("{{ css | safe }}", "{{ css }}") + "{{ css | e }}"),
                       ("print.html.j2", lambda t: t.replace("{{ css | safe }}", "{{ css | upper | safe }}"))):
        template = theme_dir / name
        before = template.read_text()
        template.write_text(edit(before))
        os.utime(template, (template.stat().st_atime, template.stat().st_mtime + 5))  # an edit Jinja sees
        assert not print_markup.writes_sheet_as_is(env), name
        template.write_text(before)
        os.utime(template, (template.stat().st_atime, template.stat().st_mtime + 10))
        assert print_markup.writes_sheet_as_is(env), name
    assert len(reads) == 5
