"""Font subsets: for the PDF (stable, once per build, embedded as given) and for the EPUB and the web
edition (exactly the characters used), with HarfBuzz."""
import functools
import io

import pypdfium2 as pdfium
from fontTools.ttLib import TTFont

from briefpress import pipeline
from briefpress.fonts import data_url, document_text, subset_font, subset_theme_fonts
from briefpress.render_html import load_theme
from briefpress.verify import verify_pdf
from conftest import ROOT
from printing_helpers import render_pdf

THEME = ROOT / "templates" / "kcss"
FONT = THEME / "fonts" / "NotoSerif-Regular.ttf"


def _cmap(data: bytes) -> set[int]:
    return set(TTFont(io.BytesIO(data)).getBestCmap())


def test_a_subset_has_the_text_and_the_licence_and_nothing_else():
    data = subset_font(FONT, "Kosovë Србија")
    font = TTFont(io.BytesIO(data))
    cmap = font.getBestCmap()
    assert {ord(c) for c in "Kosovë Србија"} <= set(cmap)
    assert ord("Ж") not in cmap and ord("Q") not in cmap
    assert len(data) < FONT.stat().st_size / 10
    names = {n.nameID for n in font["name"].names}
    assert {0, 1, 13, 14} <= names  # copyright, family, licence and its URL (OFL asks to keep them)
    assert font["head"].modified == TTFont(FONT)["head"].modified
    assert subset_font(FONT, "Kosovë Србија") == data


def test_print_subsets_are_the_same_bytes_after_a_typical_edit():
    theme = load_theme(THEME)
    text = "Serbia’s security strategy (2021) — “Kosovo” and the EU."
    fonts = subset_theme_fonts(theme, text, "print")
    assert fonts == subset_theme_fonts(theme, text, "print")  # deterministic
    edited = subset_theme_fonts(theme, text + " A new sentence: Vučić, Đorđe, 12 ½ %; naïve façade…", "print")
    assert edited == fonts  # new characters on the same Unicode pages: the same fonts
    cyrillic = subset_theme_fonts(theme, text + " Србија", "print")
    assert cyrillic["NotoSerif-Regular.ttf"] != fonts["NotoSerif-Regular.ttf"]  # a new script: a new page
    serif = _cmap(cyrillic["NotoSerif-Regular.ttf"])
    assert {ord(c) for c in "СрбијаЖЉ"} <= serif  # the whole page, capitals (text-transform) included
    assert ord("Q") in serif and ord("ŕ") in serif  # the base pages, whatever the text


def test_fallback_fonts_get_only_what_the_text_fonts_lack():
    theme = load_theme(THEME)
    fonts = subset_theme_fonts(theme, "Growth ≥ 2 % → ∞", "print")
    math = _cmap(fonts["NotoSansMath-Regular.ttf"])
    assert ord("≥") in math and ord("∞") in math
    assert ord("a") not in math and ord("2") not in math  # every text font has these: never a fallback's
    screen = subset_theme_fonts(theme, "Growth ≥ 2 % → ∞")
    assert ord("≥") in _cmap(screen["NotoSansMath-Regular.ttf"])
    assert ord("G") in _cmap(screen["NotoSerif-Regular.ttf"]) and ord("Q") not in _cmap(screen["NotoSerif-Regular.ttf"])


# What WeasyPrint draws itself and the text does not hold: list markers (disc, circle, square),
# roman and alphabetic counters, the hyphen of automatic hyphenation, upper-cased text, small capitals.
GENERATED_HTML = """<html lang="en"><style>{faces}
@page {{ size: 90mm 120mm; margin: 8mm; @bottom-center {{ content: counter(page, upper-roman); }} }}
body {{ font: 10pt "KCSS Serif", "KCSS Math", "KCSS Symbols"; }}
p {{ hyphens: auto; text-align: justify; width: 30mm; }}
ol.roman {{ list-style: lower-roman; }} ol.alpha {{ list-style: upper-alpha; }}
h2 {{ font-family: "KCSS Sans", "KCSS Math", "KCSS Symbols"; text-transform: uppercase; }}
h2::before {{ content: counter(chapter, lower-roman) ". "; }} .sc {{ font-variant: small-caps; }}
</style><body><h2>Straße façade ﬁnal</h2>
<ul><li>one<ul><li>two<ul><li>three</li></ul></li></ul></li></ul>
<ol class="roman"><li>a</li><li>b</li><li>c</li><li>d</li></ol><ol class="alpha"><li>a</li><li>b</li></ol>
<p>Incomprehensibilities notwithstanding, internationalisation characteristically overwhelms.</p>
<p class="sc">Small capitals</p></body></html>"""


def test_print_subsets_hold_what_weasyprint_draws(built):
    theme = load_theme(THEME)
    text = "Straße façade ﬁnal one two three a b c d Incomprehensibilities notwithstanding, " \
           "internationalisation characteristically overwhelms. Small capitals"
    fonts = subset_theme_fonts(theme, text, "print")
    faces = "\n".join(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
                      f'src: url("{data_url(fonts[file])}"); }}' for family, weight, style, file in
                      theme.settings["fonts"]["files"])
    rendered = render_pdf(GENERATED_HTML.format(faces=faces), THEME, (THEME,))
    assert rendered.warnings == ()  # no .notdef glyph, no font that failed to load
    document = type(built[2])(built[2].metadata, (), (), ())
    families = sorted({f[0] for f in theme.settings["fonts"]["files"]})
    assert not [d for d in verify_pdf(rendered.pdf, document, [], families) if d.code == "pdf.fallback-font"]
    pdf = pdfium.PdfDocument(rendered.pdf)
    page = pdf[0].get_textpage().get_text_range()
    pdf.close()
    assert "‐" in page  # automatic hyphenation happened, with its hyphen from the subset
    assert "STRASSE" in page and "iv" in page.lower()


def test_a_character_missing_from_the_subset_fails_verification_not_silently(built):
    """Were a character left out of a print subset, the layout would take it from another font: the
    verification names that font (the build fails) rather than printing a font that is not the theme's."""
    thin = data_url(subset_font(FONT, "Hello"))  # a subset without "Q", "u", "b", "c"
    html = (f'<html lang="en"><style>@font-face {{ font-family: "KCSS Serif"; src: url("{thin}"); }} '
            f'body {{ font-family: "KCSS Serif" }}</style><body><p>Hello Quebec</p></body></html>')
    rendered = render_pdf(html, THEME, (THEME,))
    document = type(built[2])(built[2].metadata, (), (), ())
    codes = {d.code for d in verify_pdf(rendered.pdf, document, [], ["KCSS Serif"], rendered.warnings)}
    assert codes & {"pdf.fallback-font", "pdf.weasyprint-warning"}



def _sent_ahead(root):
    """The build's parse with the pool's stylesheet calls recorded: (parsed, [(sent once the document was
    made?, parse_style's arguments)...])."""
    sent, made, kept = [], [], {}
    workers = type("Workers", (), {"parse_style": lambda self, *args: sent.append((bool(made), args)),
                                   "parse_rules": lambda self, *args: None})()

    def document_made(*args):
        made.append(True)
        pipeline._style_checked(workers, kept, *args)

    parsed = pipeline.parse(root, made=document_made, themed=functools.partial(pipeline._style_guessed, workers, kept))
    return parsed, sent


def test_a_stylesheet_parsed_ahead_is_the_one_every_part_uses():
    from dataclasses import replace

    from briefpress.printing import style
    from briefpress.printing.model import PrintPart
    from briefpress.render_html import render_print

    parsed, sent = _sent_ahead(ROOT)
    document, theme = parsed.document, parsed.theme
    theme = replace(theme, print_fonts=subset_theme_fonts(theme, document_text(document, theme), "print"))
    allowed = (parsed.project.root, theme.dir, theme.fonts_dir)
    # once, as soon as the theme was read: the manuscript and its sources touch the pages the document does
    assert [after for after, _ in sent] == [False] and sent[0][1][1:] == (theme.dir, allowed)
    style.parse_style(*sent[0][1])
    ahead = dict(style._styles)
    assert len(ahead) == 1
    for part in (PrintPart(front=True, toc_pages={}), PrintPart(first=1, stop=2, back=False, start_page=9)):
        body, sheet = style.shared_style(render_print(document, theme, part), style.base_url(theme.dir), allowed)
        assert sheet is next(iter(ahead.values()))  # the sheet parsed ahead, not parsed again
    assert "counter-reset: page 9" in body  # the part's own numbers stay in its HTML


def test_a_document_with_characters_its_manuscript_does_not_write_gets_its_own_stylesheet(project_copy):
    """A formula's Greek letter is on a page of code points the manuscript (``\\alpha``) does not touch:
    the stylesheet guessed from the manuscript has other fonts, and the document's is sent after it."""
    from briefpress.render_html import print_stylesheet

    chapter = sorted((project_copy / "manuscript").glob("*.md"))[-1]
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nThe rate is $\\alpha$.\n", encoding="utf-8")
    parsed, sent = _sent_ahead(project_copy)
    document, theme = parsed.document, parsed.theme
    assert "α" in document_text(document, theme)
    assert [after for after, _ in sent] == [False, True]
    parts_sheet = print_stylesheet(theme, document.metadata.short_title,
                                   subset_theme_fonts(theme, document_text(document, theme), "print"))
    assert sent[0][1][0] != parts_sheet and sent[1][1][0] == parts_sheet


def test_a_character_the_manuscript_writes_as_an_entity_is_guessed_right(project_copy):
    """``&alpha;`` in the manuscript is α in the document: the stylesheet sent before the document is made
    already has the fonts of its page (Greek), and is the only one sent."""
    chapter = sorted((project_copy / "manuscript").glob("*.md"))[-1]
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nThe rate is &alpha;.\n", encoding="utf-8")
    parsed, sent = _sent_ahead(project_copy)
    assert "α" in document_text(parsed.document, parsed.theme)
    assert [after for after, _ in sent] == [False]


def test_print_subsets_are_made_once_per_pages_and_again_for_a_font_file_replaced(tmp_path, monkeypatch):
    """The build asks for the print subsets three times (the stylesheet guessed from the manuscript, the
    document's, the print stage's): made once for the pages of code points a text touches; a font file
    replaced (another size or time) gives its own."""
    import os
    import shutil
    from types import SimpleNamespace

    fonts = tmp_path / "fonts"
    fonts.mkdir()
    shutil.copy(FONT, fonts / "Body.ttf")
    theme = SimpleNamespace(settings={"fonts": {"files": [["Body", 400, "normal", "Body.ttf"]]}}, fonts_dir=fonts)
    from briefpress import fonts as module
    asked, subset = [], module._subset
    monkeypatch.setattr(module, "_subset", lambda *args: asked.append(args[0].name) or subset(*args))
    first = subset_theme_fonts(theme, "Kosovë", "print")
    again = subset_theme_fonts(theme, "Other words, the same pages", "print")
    assert again == first and asked == ["Body.ttf"]  # made once, not even looked up again
    shutil.copy(THEME / "fonts" / "NotoSerif-Bold.ttf", fonts / "Body.ttf")  # replaced: another font
    os.utime(fonts / "Body.ttf", ns=(1, 1))
    replaced = subset_theme_fonts(theme, "Kosovë", "print")["Body.ttf"]
    assert replaced != first["Body.ttf"]
    assert TTFont(io.BytesIO(replaced))["name"].getDebugName(2) == "Bold"
