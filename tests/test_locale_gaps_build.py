"""Hyphenation for the languages pyphen has no patterns of (Bosnian and Montenegrin borrow the Croatian and
Serbian ones), and a short paper per publisher language built to PDF, EPUB and web with its locators in the
language."""
import re
import textwrap

import pypdfium2
import pytest

from briefpress.project import PACKAGE_TEMPLATES
from briefpress.render_html import content_css, load_theme
from conftest import epubcheck_problems, pdf_words

LONG = {  # long words, so that a narrow column must break them
    "latin": "Međunarodnopravni sporazumi obezbjeđuju razumijevanje nadležnosti bezbjednosnih institucija "
             "uključujući odgovornost",
    "cyrillic": "Међународноправни споразуми обезбјеђују разумијевање надлежности безбједносних институција "
                "укључујући одговорност",
}


def column_text(lang: str, text: str, css: str) -> str:
    """``text`` in a 25 mm justified column of an HTML page in ``lang``, as WeasyPrint lays it out: its lines.
    The stylesheet is a user stylesheet, as the layout gives the theme's (printing.layout)."""
    import weasyprint
    html = f'<html lang="{lang}"><p>{text}</p></html>'
    sheet = ("@page { size: 60mm 200mm; margin: 5mm } "
             "p { width: 25mm; hyphens: auto; text-align: justify; font-size: 10pt } " + css)
    doc = pypdfium2.PdfDocument(weasyprint.HTML(string=html).write_pdf(stylesheets=[weasyprint.CSS(string=sheet)]))
    try:
        return doc[0].get_textpage().get_text_range()
    finally:
        doc.close()


def broken_words(lines: str) -> int:
    """How many lines end in a word broken by hyphenation (the hyphen WeasyPrint adds, U+2010)."""
    return len(re.findall(r"\w\u2010\r?\n", lines))


@pytest.fixture(scope="module")
def print_css():
    return content_css(load_theme(PACKAGE_TEMPLATES / "article"), "print")


@pytest.mark.parametrize("lang, script", [
    ("bs", "latin"), ("bs-BA", "latin"), ("cnr", "latin"), ("cnr-ME", "latin"), ("sr-ME", "latin"),
    ("bs-Cyrl", "cyrillic"), ("bs-Cyrl-BA", "cyrillic"), ("cnr-Cyrl", "cyrillic"),
    ("hr", "latin"), ("sr-Latn", "latin"), ("sr-Cyrl", "cyrillic"),  # pyphen's own: unchanged
])
def test_a_narrow_column_is_hyphenated(print_css, lang, script):
    assert broken_words(column_text(lang, LONG[script], print_css)) >= 2


@pytest.mark.parametrize("lang", ["bs", "cnr", "bs-Cyrl"])
def test_without_the_mapping_weasyprint_has_no_patterns_for_them(lang):
    """What the print stylesheet adds: WeasyPrint alone leaves these languages unhyphenated."""
    script = "cyrillic" if "Cyrl" in lang else "latin"
    assert broken_words(column_text(lang, LONG[script], "")) == 0


def test_the_mapping_is_print_only(print_css):
    """-weasy-lang is WeasyPrint's own property: the EPUB's and the web edition's CSS do not carry it."""
    theme = load_theme(PACKAGE_TEMPLATES / "article")
    assert "-weasy-lang" in print_css
    assert "-weasy-lang" not in content_css(theme, "epub") + content_css(theme, "screen")


@pytest.mark.parametrize("medium", ["epub", "screen"])
def test_the_print_only_sheet_leaves_the_other_media_as_they_were(medium):
    """Rendered empty for the EPUB and the web edition, it adds no blank lines to their CSS: an English paper's
    web edition and EPUB stay byte for byte what they were."""
    from briefpress.render_html import COMMON_DIR, _environment
    theme = load_theme(PACKAGE_TEMPLATES / "kcss")
    env = _environment(COMMON_DIR)
    others = [env.get_template(p.name).render(t=theme.settings, medium=medium)
              for p in sorted(COMMON_DIR.glob("*.css.j2")) if p.name != "hyphenation.css.j2"]
    assert content_css(theme, medium) == "\n".join(c for c in others if c.strip())


def test_an_english_span_in_a_bosnian_paper_keeps_english(print_css):
    """A source's title in its own language (a lang span) is hyphenated as that language, not as Croatian."""
    html_lang = "bs"
    text = '<span lang="en">' + "internationalization counterproductive responsibilities " * 2 + "</span>"
    lines = column_text(html_lang, text, print_css)
    assert broken_words(lines) >= 1  # English patterns: hr's would not break these the same way
    assert "respon\u2010" in lines or "coun\u2010" in lines or "interna\u2010" in lines


# --- a short paper per language, built to PDF, EPUB and web ---

BIB = """
@book{vale, author = {Vale, Jo}, title = {Rivers and Borders}, publisher = {Harbour Press}, date = {2021}}
@incollection{kaya, author = {Kaya, Ayşe}, title = {Water Law}, booktitle = {Regional Security}, editor = {Novak, Petar},
  chapter = {3}, publisher = {Harbour Press}, date = {2019}, pages = {45--67}}
"""
PAPERS = {  # language -> (a locator written as its writers would, what the note prints, a long-word paragraph)
    "tr": ("[@vale, s. 5; @kaya, bölüm 2]", "“Water Law”, 3. bölüm Regional Security içinde, ed. Petar Novak",
           "Uluslararasılaştırılamayanlardan olduğunu söyledikleri sorumluluklarını"),
    "bs": ("[@vale, str. 5; @kaya, pogl. 2]", "pogl. 2", LONG["latin"]),
    "cnr": ("[@vale, str. 5; @kaya, pogl. 2]", "pogl. 2", LONG["latin"]),
    "bs-Cyrl": ("[@vale, стр. 5; @kaya, погл. 2]", "погл. 2", LONG["cyrillic"]),
    "mk": ("[@vale, стр. 5; @kaya, глава 2]", "гл. 2", "Меѓународните договори обезбедуваат разбирање"),
    "de": ("[@vale, S. 5; @kaya, Kap. 2]", "Kap. 2", "Völkerrechtliche Vereinbarungen gewährleisten Zuständigkeiten"),
}


def paper(lang: str) -> str:
    cite, _, words = PAPERS[lang]
    return textwrap.dedent(f"""\
        ---
        title: Rivers {lang}
        author: Ana Kovač
        date: 2025-03-07
        lang: {lang}
        bibliography: refs.bib
        ---

        # One

        {words} {words} {words}.{cite}

        Again [@vale, 7].
        """)


@pytest.fixture(scope="module", params=sorted(PAPERS))
def built(request, tmp_path_factory):
    from briefpress.pipeline import build
    folder = tmp_path_factory.mktemp(f"paper-{request.param}")
    (folder / "refs.bib").write_text(BIB, encoding="utf-8")
    (folder / "paper.md").write_text(paper(request.param), encoding="utf-8")
    result = build(folder / "paper.md", ("pdf", "epub", "html"))
    return request.param, result.outputs


def test_each_language_builds_with_its_locators(built):
    lang, outputs = built
    text = pdf_words(outputs["pdf"].read_bytes())
    assert PAPERS[lang][1] in text
    assert "chap." not in text and "p. 5" not in text
    html = outputs["html"].read_text(encoding="utf-8")
    assert PAPERS[lang][1].split("”")[-1].strip(", ") in re.sub(r"<[^>]+>", "", html)


def test_each_languages_pdf_is_hyphenated_where_it_has_patterns(built):
    """The whole build (its layout gives the theme's stylesheet as a user stylesheet): a justified paragraph of
    long words breaks some at line ends in the languages with patterns, none in Turkish and Macedonian."""
    lang, outputs = built
    doc = pypdfium2.PdfDocument(outputs["pdf"].read_bytes())
    try:
        lines = doc[0].get_textpage().get_text_range()
    finally:
        doc.close()
    assert (broken_words(lines) > 0) == (lang in ("bs", "cnr", "bs-Cyrl", "de")), lines


def test_each_languages_epub_is_epubcheck_clean(built, tmp_path):
    assert epubcheck_problems(built[1]["epub"], tmp_path) == []
