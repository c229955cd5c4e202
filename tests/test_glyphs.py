"""Glyphs: symbols set in the theme's fallback fonts; a character no theme font has is named with its places."""

import io

import pytest
from fontTools.ttLib import TTFont

from briefpress import pipeline
from briefpress.diagnostics import BuildError
from briefpress.verify import verify_pdf
from fixture_papers import CHAPTERS, METADATA, page_texts, sampler, sampler_epubcheck, write_project  # noqa: F401 (fixtures)

SYMBOLS = "∆→≥√∞∑≠±★"


def test_pdf_sets_symbols_in_the_theme_fallback_fonts(sampler):
    result, pdf, _, _, _ = sampler
    text = next(t for t in page_texts(pdf) if t.startswith("3 Symbols"))
    assert "Change ∆ leads → to ≥ growth; √2 ≈ 1.41, ∞ ∑ ≠ ± and a star ★." in text
    # The build verified its fonts (no fallback font); with the symbol fonts left out of the theme's
    # list, the same check rejects them.
    from briefpress.document import build_document
    from briefpress.lint import read_entries
    from briefpress.project import load_project
    from briefpress.render_html import toc_entries
    root = result.outputs["pdf"].parent.parent
    project = load_project(root)
    from briefpress.chicago import Style
    from briefpress.theme_config import load_settings
    document = build_document(project.metadata, project.chapters, read_entries(project).entries,
                              style=Style.from_settings(load_settings(project.theme_dir)))  # the theme's house forms
    toc = toc_entries(document, 1)
    all_families = ["KCSS Serif", "KCSS Sans", "KCSS Mono", "KCSS Math", "KCSS Symbols"]
    assert [d for d in verify_pdf(pdf, document, toc, all_families) if d.severity == "error"] == []
    rejected = [d.message for d in verify_pdf(pdf, document, toc, all_families[:3]) if d.code == "pdf.fallback-font"]
    assert any("KCSS-Math" in m for m in rejected) and any("KCSS-Symbols" in m for m in rejected)


def test_epub_and_web_edition_carry_the_fallback_fonts(sampler, sampler_epubcheck):
    _, _, files, html, _ = sampler
    math_font = TTFont(io.BytesIO(files["OEBPS/fonts/NotoSansMath-Regular.ttf"])).getBestCmap()
    symbols = TTFont(io.BytesIO(files["OEBPS/fonts/NotoSansSymbols2-Regular.ttf"])).getBestCmap()
    serif = TTFont(io.BytesIO(files["OEBPS/fonts/NotoSerif-Regular.ttf"])).getBestCmap()
    assert all(ord(c) in math_font or ord(c) in symbols for c in SYMBOLS if ord(c) not in serif)
    assert ord("±") in serif and ord("∆") not in serif
    # The fallbacks hold only what the text fonts lack; the code font only the code's characters.
    assert ord("∆") in math_font and ord("C") not in math_font and ord("C") not in symbols
    mono = TTFont(io.BytesIO(files["OEBPS/fonts/NotoSansMono-Regular.ttf"])).getBestCmap()
    assert ord("_") in mono and ord("ћ") not in mono
    css = files["OEBPS/css/epub.css"].decode()
    assert 'font-family: "KCSS Serif", "KCSS Math", "KCSS Symbols", serif' in css
    assert '"KCSS Sans", "KCSS Math", "KCSS Symbols"' in html and "∆ leads → to ≥" in html
    assert sampler_epubcheck == []


def test_a_character_in_no_theme_font_is_an_error_naming_every_place(tmp_path, monkeypatch):
    chapters = dict(CHAPTERS)
    chapters["03-symbols.md"] = "# Symbols\n\nLinear B 𐀀 here\nand 𐀀 there, runes ᚠ.\n"
    bib = "@book{roe2021,\n  author = {Roe, Richard},\n  title = {On 𐀀},\n  publisher = {P},\n  date = {2021},\n}\n"
    root = write_project(tmp_path, chapters, bib)

    def no_layout(*args, **kwargs):
        raise AssertionError("the glyph check runs before layout")
    monkeypatch.setattr("briefpress.printing.parts.render", no_layout)
    with pytest.raises(BuildError) as caught:
        pipeline.build(root, ("pdf", "epub", "html"), tmp_path / "out")
    errors = [d for d in caught.value.diagnostics if d.code == "glyph.missing"]
    assert len(errors) == 2
    linear_b = next(d for d in errors if "U+10000" in d.message)
    assert str(linear_b.location) == "manuscript/03-symbols.md:3:10"
    assert "manuscript/03-symbols.md:4:5" in linear_b.message and "references.bib:3:15" in linear_b.message
    assert "'𐀀'" in linear_b.message and "theme.yaml" in linear_b.message and "fonts.fallback" in linear_b.message
    runes = next(d for d in errors if "U+16A0" in d.message)
    assert str(runes.location) == "manuscript/03-symbols.md:4:20"
    assert not (tmp_path / "out").exists()  # nothing written


def test_math_and_code_are_checked_against_their_own_fonts(tmp_path):
    # '∑' inside math is drawn as SVG (no font needed); box drawing '┼' is in the mono font only.
    chapters = {"01-a.md": "# A\n\nSum $\\sum_i ∑ x$ and `a┼b`.\n"}
    root = write_project(tmp_path, chapters, "")
    result = pipeline.build(root, ("html",), tmp_path / "out")
    assert result.outputs["html"].exists()
    chapters = {"01-a.md": "# A\n\nA box ┼ in running text.\n"}
    root = write_project(tmp_path / "b", chapters, "")
    with pytest.raises(BuildError) as caught:
        pipeline.build(root, ("html",), tmp_path / "out")
    assert [d.code for d in caught.value.diagnostics] == ["glyph.missing"]


@pytest.mark.parametrize("single", [False, True])
def test_the_date_as_printed_in_the_papers_language_is_checked_at_the_date_field(tmp_path, monkeypatch, single):
    """Japanese prints May 2024 as '2024年5月': no one wrote those letters, so lint passed and the layout
    failed (.notdef, no place). Lint names them, the printed date and the date's line."""
    def no_layout(*args, **kwargs):
        raise AssertionError("the glyph check runs before layout")
    monkeypatch.setattr("briefpress.printing.parts.render", no_layout)
    if single:
        root = tmp_path / "paper.md"
        root.write_text('---\ntitle: A brief\nauthor: A. Person\ndate: 2024-05-03\nlang: ja\n---\n\n# One\n\nText.\n')
        where, printed = "paper.md:4:1", "2024年5月3日"
    else:
        root = write_project(tmp_path, {"01-a.md": "# A\n\nText.\n"}, "")
        meta = root / "manuscript" / "metadata.yaml"
        meta.write_text(meta.read_text().replace("language: en", "language: ja"))
        line = METADATA.splitlines().index('date: "2024-05"') + 1
        where, printed = f"manuscript/metadata.yaml:{line}:1", "2024年5月"
    with pytest.raises(BuildError) as caught:
        pipeline.build(root, ("pdf",), tmp_path / "out")
    [found] = [d for d in caught.value.diagnostics if d.code == "glyph.missing"]
    assert str(found.location) == where and f"'{printed}'" in found.message and "年" in found.message
