"""The next word's try skipped where it cannot fit (printing/line_tries.py): WeasyPrint's own first lines,
widths and layouts for texts of every kind at many widths, and the same PDF bytes."""
from types import SimpleNamespace

import pytest
from weasyprint import HTML
from weasyprint.layout import inline, preferred
from weasyprint.text import line_break

from briefpress.printing import layout, line_tries
from test_justified_lines import JUSTIFIED
from test_kept_layouts import FONTS, _pdf, _fixed_font_dates  # noqa: F401  (autouse: fontTools dates its subsets)

TEXTS = [
    "Internationalisation of the paragraph, with words long and short: a test of the line breaking.",
    "AVAILABLE Tyrannosaurus Wolfgang “quoted” (parenthesised) words — dashes – and hyphen-ated ones.",
    "Numbers 1,234.56 and 7/8, e-mail@example.org, https://example.org/a/very/long/path/name?x=1&y=2.",
    "Ligatures: office affluent fjord flight; kerning: AV To Ta Yo P. W. LT.",
    "Short words a b c d e f g h i j k l m n o p q r s t u v w x y z and a lastwordthatislong.",
    "Ünïcödé wörds, façade, naïve, Ærø, Œuvre, ŞŢ, Ł, ő, and spaces\u00a0that\u00a0do\u00a0not\u00a0break.",
]


def _both(text: str, style, context, width: float):
    ours = line_break.split_first_line(text, style, context, width, 0, is_line_start=True)
    theirs = line_tries.ORIGINAL(text, style, context, width, 0, is_line_start=True)
    return [(r[0].text, *r[1:]) for r in (ours, theirs)]



@pytest.mark.parametrize("css", ["font: 10pt F", "font: italic 13pt/1.5 F", "font: 9pt F; hyphens: auto",
                                 "font: 11pt F; word-spacing: 2pt", "font: 8pt F; letter-spacing: 0.4pt"])
def test_the_same_first_lines_at_every_width(css):
    layout.prepare()
    assert line_tries.apply() and inline.split_first_line is line_break.split_first_line is not line_tries.ORIGINAL
    assert preferred.split_first_line is line_break.split_first_line
    document = HTML(string=f"<style>@font-face {{ font-family: F; src: url(NotoSerif-Regular.ttf) }}"
                           f"@font-face {{ font-family: F; font-style: italic; src: url(NotoSerif-Italic.ttf) }}"
                           f"p {{ {css} }}</style><p lang=en>x</p>", base_url=str(FONTS)).render()
    box = next(b for page in document.pages for b in page._page_box.descendants() if type(b).__name__ == "TextBox")
    style, context = box.style, SimpleNamespace(dictionaries={})  # what split_first_line reads of the layout's context
    skipped = []
    original = line_tries.in_vain

    def counting(*args):
        skipped.append(original(*args))
        return skipped[-1]
    line_break._briefpress_in_vain = counting
    try:
        for text in TEXTS:
            for width in range(40, 420, 7):
                ours, theirs = _both(text, style, context, float(width))
                assert ours == theirs, (text, width)
    finally:
        line_break._briefpress_in_vain = original
    assert sum(skipped) > 50 and not all(skipped)  # tries skipped, and tries made


def test_the_same_bytes(monkeypatch):
    layout.prepare()
    ours = _pdf(JUSTIFIED)
    with monkeypatch.context() as m:
        for module in (line_break, inline, preferred):
            m.setattr(module, "split_first_line", line_tries.ORIGINAL)
        stock = _pdf(JUSTIFIED)
    assert ours == stock


def test_another_weasyprint_is_left_as_it_is(monkeypatch):
    import weasyprint
    monkeypatch.setattr(line_break, "split_first_line", line_tries.ORIGINAL)
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    assert line_tries.apply() is False
    assert line_break.split_first_line is line_tries.ORIGINAL
