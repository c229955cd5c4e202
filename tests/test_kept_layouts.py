"""Text layouts kept from line breaking to drawing (printing/kept_layouts.py): the same drawing as
WeasyPrint's own way (the same bytes but for a justified line's spaces, widened as they are drawn: every
glyph where WeasyPrint puts it, within 0.02 pt), with no layout made again to draw."""
from dataclasses import replace
from pathlib import Path

import pytest

from briefpress.printing import kept_layouts, layout
from weasyprint.draw import text as draw_text
from weasyprint.text import line_break

FONTS = Path(__file__).resolve().parents[1] / "templates" / "kcss" / "fonts"
KITCHEN = Path(__file__).resolve().parent / "fixtures" / "papers" / "kitchen"

# Every way a line's layout is made, measured and drawn: justified and hyphenated, ragged, spaced by
# word and by letter, decorated, right to left, tabbed, broken inside a word, cut with an ellipsis,
# soft hyphens, a preformatted block with newlines, a footnote, text in SVG.
CONSTRUCTS = """<style>
@font-face { font-family: F; src: url(NotoSerif-Regular.ttf) }
@font-face { font-family: F; font-style: italic; src: url(NotoSerif-Italic.ttf) }
@page { size: 110mm 150mm; margin: 10mm; }
body { font: 9pt/1.3 F; }
.j { text-align: justify; hyphens: auto; }
.ws { word-spacing: 3pt; } .ls { letter-spacing: 0.5pt; } .u { text-decoration: underline line-through; }
.rtl { direction: rtl; } .ow { overflow-wrap: anywhere; width: 20mm; } .bw { word-break: break-all; width: 25mm; }
.cut { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; width: 40mm; }
.fn { float: footnote; }
pre { tab-size: 4; white-space: pre-wrap; }
</style>
<p class=j lang=en>{long}<span class=fn>A note, long enough to take a line and a half at the foot of the page, justified.</span></p>
<p>{long}</p>
<p class="j ws" lang=en>{long}</p>
<p class="ls">{short} <em>{short}</em></p>
<p class="j u" lang=en>{short} <a href="#x">a link in the text</a> {short}</p>
<p class=rtl>שלום עולם, זהו משפט בעברית. {short}</p>
<p class="rtl j">שלום עולם, זהו משפט ארוך בעברית שנמשך על פני כמה שורות כדי לבדוק יישור לשני הצדדים.</p>
<p class=ow>Supercalifragilisticexpialidocious-and-more-words</p>
<p class=bw>Anotherunbreakablewordthatmustbreakanywhere here</p>
<p class=cut>A line far too long to fit in the box, cut short with an ellipsis at its end</p>
<p class=j lang=en>Soft&shy;hyphen&shy;ated in&shy;ter&shy;na&shy;tion&shy;al&shy;i&shy;za&shy;tion words, {short}</p>
<pre>col1\tcol2\tcol3
line two\twith\ttabs
</pre>
<svg width="60mm" height="12mm"><text x="2" y="20" font-family="F" font-size="12">SVG text, drawn too</text></svg>
"""


def _html() -> str:
    long = " ".join(f"Internationalisation word{i} of the paragraph" for i in range(25)) + " Dr.&nbsp;No"
    short = "Quick brown foxes jump over lazy dogs"
    return CONSTRUCTS.replace("{long}", long).replace("{short}", short)


def _stock(monkeypatch) -> None:
    monkeypatch.setattr(draw_text, "draw_first_line", kept_layouts.ORIGINAL_DRAW)
    monkeypatch.setattr(line_break.Layout, "deactivate", kept_layouts.ORIGINAL_DEACTIVATE)
    monkeypatch.setattr(line_break.Layout, "reactivate", kept_layouts.ORIGINAL_REACTIVATE)


def same_drawing(ours: bytes, stock: bytes, within: float = 0.02) -> None:
    """The same pages and text, and every visible character where WeasyPrint's own drawing puts it (its box
    within ``within`` pt): a justified line's spaces are widened as it is drawn, not shaped again
    (line_drawing.py). A space's own box is not compared: invisible, it holds what Pango puts of its spacing
    before it, half, or none at the end of a text's layout."""
    import pypdfium2 as pdfium
    a, b = pdfium.PdfDocument(ours), pdfium.PdfDocument(stock)
    assert len(a) == len(b)
    for i in range(len(a)):
        ta, tb = a[i].get_textpage(), b[i].get_textpage()
        assert ta.get_text_range() == tb.get_text_range(), f"page {i + 1}"
        for k in range(ta.count_chars()):
            char = ta.get_text_range(k, 1)
            if not char.isspace():
                moved = max(abs(x - y) for x, y in zip(ta.get_charbox(k), tb.get_charbox(k)))
                assert moved <= within, f"page {i + 1}, character {k} ({char!r}): {moved:.3f} pt"


def _pdf(html: str) -> bytes:
    import weasyprint
    return weasyprint.HTML(string=html, base_url=str(FONTS)).write_pdf(pdf_identifier=b"same", pdf_tags=True)


@pytest.fixture(autouse=True)
def _fixed_font_dates(monkeypatch):
    # Without HarfBuzz-Subset WeasyPrint subsets these file fonts with fontTools, which dates each subset now
    # unless SOURCE_DATE_EPOCH says otherwise: two layouts a second apart differed in those bytes alone (a build's
    # fonts come subset by briefpress, the same on any machine)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")


def _remade(monkeypatch) -> list:
    """The layouts made again to be drawn (WeasyPrint's own reactivate), counted as they are."""
    remade = []
    original = kept_layouts.ORIGINAL_REACTIVATE

    def counting(self, style):
        remade.append(self)
        original(self, style)
    monkeypatch.setattr(kept_layouts, "ORIGINAL_REACTIVATE", counting)
    return remade


def test_kept_layouts_draw_as_weasyprint_does_every_line_as_measured(monkeypatch):
    assert layout.prepare() is not None and kept_layouts.apply()
    html = _html()
    remade, shaped = _remade(monkeypatch), _justified(monkeypatch)
    kept_pdf = _pdf(html)
    assert remade == []  # every line drawn from the layout it was measured with
    # shaped again with its spaces spaced: a line spaced otherwise (by word or letter, tabs) or right to left,
    # never a line justified and nothing else
    assert shaped and not [line for line in shaped if _justified_alone(*line)]
    shaped.clear()
    with monkeypatch.context() as m:
        _stock(m)
        stock_pdf = _pdf(html)
    assert [line for line in shaped if _justified_alone(*line)]  # WeasyPrint shapes every one again
    assert kept_pdf != stock_pdf
    same_drawing(kept_pdf, stock_pdf)


def test_without_the_widened_spaces_a_justified_line_is_shaped_again_to_the_same_bytes(monkeypatch):
    """Should the drawing not widen spaces (another WeasyPrint, the edit not made), a justified line is
    shaped again with its spaces spaced, as WeasyPrint does: the same bytes."""
    assert kept_layouts.apply()
    monkeypatch.setattr(kept_layouts.line_drawing, "spaces_widened", lambda: False)
    html = _html()
    shaped = _justified(monkeypatch)
    kept_pdf = _pdf(html)
    assert shaped
    with monkeypatch.context() as m:
        _stock(m)
        assert _pdf(html) == kept_pdf


def _justified_alone(text: str, justification: float, style) -> bool:
    return bool(justification and not style["word_spacing"] and style["letter_spacing"] in ("normal", 0)
                and "\t" not in text and style["direction"] == "ltr")


def _justified(monkeypatch) -> list:
    """The lines shaped again with their spaces spaced (``Layout.set_text(justify=True)``)."""
    shaped = []
    original = line_break.Layout.set_text

    def counting(self, text, justify=False):
        if justify:
            shaped.append((text, self.justification_spacing, self.style))
        original(self, text, justify)
    monkeypatch.setattr(line_break.Layout, "set_text", counting)
    return shaped


def test_layouts_let_go_beyond_the_limit_are_made_again_and_give_the_same_bytes(monkeypatch):
    assert kept_layouts.apply()
    html = _html()
    with monkeypatch.context() as m:
        _stock(m)
        stock_pdf = _pdf(html)
    monkeypatch.setattr(kept_layouts, "KEPT", 5)
    remade = _remade(monkeypatch)
    same_drawing(_pdf(html), stock_pdf)
    assert remade  # the oldest were let go, and made again as WeasyPrint makes them


def test_the_paper_of_every_construct_is_drawn_as_weasyprint_draws_it(monkeypatch):
    from briefpress import pipeline
    from briefpress.fonts import document_text, subset_theme_fonts
    from briefpress.render_html import render_print

    parsed = pipeline.parse(KITCHEN / "paper.md")
    theme = replace(parsed.theme, print_fonts=subset_theme_fonts(
        parsed.theme, document_text(parsed.document, parsed.theme), "print"))
    html = render_print(parsed.document, theme)
    allowed = (parsed.project.root, theme.dir, theme.fonts_dir)
    layout.prepare()
    kept = layout.lay_out_and_write(html, theme.dir, allowed)
    with monkeypatch.context() as m:
        _stock(m)
        stock = layout.lay_out_and_write(html, theme.dir, allowed)
    same_drawing(kept.pdf, stock.pdf)


def test_another_weasyprint_is_left_as_it_is(monkeypatch):
    import weasyprint
    _stock(monkeypatch)
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    assert kept_layouts.apply() is False
    assert draw_text.draw_first_line is kept_layouts.ORIGINAL_DRAW
    assert line_break.Layout.reactivate is kept_layouts.ORIGINAL_REACTIVATE


@pytest.mark.parametrize("text, single", [("plain words", False), ("two\nlines", True), ("a\u2029b", True)])
def test_single_paragraph_mode_only_where_a_separator_could_end_one(monkeypatch, text, single):
    calls = []
    monkeypatch.setattr(kept_layouts, "pango", type("P", (), {
        "pango_layout_set_single_paragraph_mode": staticmethod(lambda *a: calls.append(a))}))
    kept_layouts._single_paragraph(type("L", (), {"text": text, "layout": object()})())
    assert bool(calls) is single
