"""The print stylesheet's rules parsed before its fonts (printing/style.py): a part's stylesheet that is
the rules parsed ahead with @font-face rules put in them parses only its @font-face rules, and lays the part
out to the same bytes as the whole stylesheet parsed at once; a stylesheet whose head holds more than
fonts, or rules that cannot be parsed alone, is parsed whole."""

from dataclasses import replace

import pytest
from conftest import ROOT

from briefpress import pipeline
from briefpress.fonts import document_text, subset_theme_fonts
from briefpress.printing import layout, style
from briefpress.printing.model import PrintPart
from briefpress.render_html import print_stylesheet, render_print


@pytest.fixture(scope="module")
def paper():
    parsed = pipeline.parse(ROOT)
    document, theme = parsed.document, parsed.theme
    fonts = subset_theme_fonts(theme, document_text(document, theme), "print")
    theme = replace(theme, print_fonts=fonts)
    allowed = (parsed.project.root, theme.dir, theme.fonts_dir)
    rules = print_stylesheet(theme, parsed.project.metadata.short_title, None)
    part = render_print(document, theme, PrintPart(first=3, stop=4, back=False, start_page=7, notes_before=2))
    return theme, allowed, rules, part


def _fresh():
    style._styles.clear()
    style._rules.clear()


def test_the_stylesheet_is_the_rules_with_the_fonts_put_in(paper):
    theme, _, rules, part = paper
    sheet = part[part.index("<style>") + 7:part.index("</style>")]
    at = sheet.index("@font-face")
    assert "@font-face" not in rules and at > 0  # the theme's template starts with a comment
    faces = sheet[at:len(sheet) - len(rules) + at]
    assert sheet == rules[:at] + faces + rules[at:]
    assert faces.count("@font-face") == faces.count("{") == len(theme.settings["fonts"]["files"])


def test_a_part_laid_out_with_the_rules_parsed_ahead_is_the_same_bytes(paper):
    theme, allowed, rules, part = paper
    layout.prepare()
    _fresh()
    whole = layout.lay_out_and_write(part, theme.dir, allowed)
    assert len(next(iter(style._styles.values()))[0]) == 1  # one CSS: parsed at once
    _fresh()
    style.parse_rules(rules, theme.dir, allowed)
    [(ahead, *_)] = style._rules.values()
    split = layout.lay_out_and_write(part, theme.dir, allowed)
    parsed = next(iter(style._styles.values()))[0]
    assert len(parsed) == 2 and parsed[1] is ahead  # the fonts parsed now, then the rules parsed ahead
    assert split.pdf == whole.pdf and split.laid == whole.laid and split.warnings == whole.warnings
    _fresh()


@pytest.mark.parametrize("where", ["before", "among"])
def test_a_stylesheet_with_more_than_fonts_put_in_the_rules_is_parsed_whole(paper, where):
    theme, allowed, rules, part = paper
    _fresh()
    style.parse_rules(rules, theme.dir, allowed)
    changed = (part.replace("<style>", "<style>p { color: red }", 1) if where == "before" else
               part.replace("@font-face", "p { color: red } @font-face", 2).replace("p { color: red } ", "", 1))
    assert changed != part
    style.shared_style(changed, style.base_url(theme.dir), allowed)
    assert len(next(iter(style._styles.values()))[0]) == 1
    _fresh()


@pytest.mark.parametrize("rule", ['@import url("more.css");', '@charset "utf-8";', "@font-face { font-family: X }"])
def test_rules_that_cannot_be_parsed_apart_from_the_fonts_are_not_parsed_ahead(paper, rule):
    theme, allowed, rules, _ = paper
    _fresh()
    style.parse_rules(rule + rules, theme.dir, allowed)
    assert style._rules == {}
