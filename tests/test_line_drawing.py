"""WeasyPrint's line drawing recompiled with briefpress's edits (printing/line_drawing.py): the glyphs of
a line read in one unpack, and a plain run drawn by a function of its own, give the same PDF bytes as
WeasyPrint's own drawing, whatever the glyphs; a
justified line's spaces widened as they are drawn put every glyph where WeasyPrint's own drawing puts it."""
import pytest
from weasyprint.draw import text as draw_text
from weasyprint.text import line_break

from briefpress.printing import kept_layouts, line_drawing

from test_kept_layouts import _html, _pdf, same_drawing

# Glyphs of every kind the loop treats apart: marks moved by the font (x and y offsets: combining
# accents, a raised and lowered baseline), zero-width (empty) glyphs, a character no font has (.notdef),
# right to left, and sizes the offsets scale with.
GLYPHS = """<style>
@font-face { font-family: F; src: url(NotoSerif-Regular.ttf) }
@page { size: 110mm 80mm; margin: 10mm; }
body { font: 10pt/1.4 F; }
</style>
<p>Combining: e\u0301 a\u0300\u0323 n\u0303 o\u0308\u0331 q\u0307\u0323 \u1e69 x\u0306\u0301</p>
<p>Zero width: a\u200bb c\u200dd e\u2060f</p>
<p>Private use, in no font: \ue000\ue001 and on</p>
<p style="font-size: 23pt">Large e\u0301 A\u030a</p>
<p dir=rtl>\u05e9\u05c1\u05b8\u05dc\u05d5\u05b9\u05dd</p>
<p>x<sup>2</sup> H<sub>2</sub>O</p>
"""


@pytest.fixture(autouse=True)
def _fixed_font_dates(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # as test_kept_layouts: fontTools subsets dated by it


@pytest.mark.parametrize("html", [GLYPHS, _html()], ids=["glyphs", "constructs"])
def test_glyphs_read_in_one_unpack_give_the_same_bytes(monkeypatch, html):
    """With the layouts WeasyPrint's own way (no line drawn from its measure: no space widened)."""
    monkeypatch.setattr(line_break.Layout, "deactivate", kept_layouts.ORIGINAL_DEACTIVATE)
    monkeypatch.setattr(line_break.Layout, "reactivate", kept_layouts.ORIGINAL_REACTIVATE)
    assert line_drawing.apply()
    assert "glyphs" in draw_text.draw_first_line.briefpress_edits
    runs = []

    def counting(*args):
        runs.append(line_drawing._run(*args))
        return runs[-1]
    monkeypatch.setattr(draw_text, "_briefpress_run", counting)
    edited = _pdf(html)
    monkeypatch.setattr(draw_text, "draw_first_line", line_drawing.ORIGINAL)
    assert _pdf(html) == edited
    # plain runs drawn by the run's own function, the others (offset, empty, missing glyphs) by the loop
    assert [rest for _, _, rest in runs].count([]) > 5
    if html == GLYPHS:
        assert any(rest for _, _, rest in runs)


def test_a_justified_lines_spaces_widened_as_drawn_put_its_glyphs_where_weasyprint_does(monkeypatch):
    """Spaces and no-break spaces (what WeasyPrint justifies), at a line's ends and inside, in a run of their
    own font or style, right to left too: the edits' drawing of the constructs, beside WeasyPrint's."""
    assert kept_layouts.apply() and line_drawing.apply()
    edited = _pdf(_html())
    monkeypatch.setattr(draw_text, "draw_first_line", line_drawing.ORIGINAL)
    monkeypatch.setattr(line_break.Layout, "deactivate", kept_layouts.ORIGINAL_DEACTIVATE)
    monkeypatch.setattr(line_break.Layout, "reactivate", kept_layouts.ORIGINAL_REACTIVATE)
    stock = _pdf(_html())
    assert edited != stock
    same_drawing(edited, stock)


def test_the_unpack_reads_pangos_own_glyph_records():
    from weasyprint.text.ffi import ffi
    infos = ffi.new("PangoGlyphInfo[2]")
    for info, values in zip(infos, ((41, 600, -3, 250), (0x10000041, 0, 12, -7))):
        info.glyph, (info.geometry.width, info.geometry.x_offset, info.geometry.y_offset) = values[0], values[1:]
    assert line_drawing._layout_known()
    assert list(line_drawing._glyphs(infos, 2)) == [(41, 600, -3, 250), (0x10000041, 0, 12, -7)]
    assert list(line_drawing._glyphs(infos, 0)) == []


def test_every_edit_is_made_in_one_function(monkeypatch):
    monkeypatch.setattr(draw_text, "draw_first_line", line_drawing.ORIGINAL)
    assert kept_layouts.apply() and line_drawing.apply()
    assert set(draw_text.draw_first_line.briefpress_edits) >= {"kept_layouts", "glyphs"}


def test_an_edit_whose_text_is_missing_changes_nothing(monkeypatch):
    monkeypatch.setattr(draw_text, "draw_first_line", line_drawing.ORIGINAL)
    monkeypatch.setattr(line_drawing, "_edits", {})
    assert line_drawing.edit("absent", [("a line WeasyPrint never wrote", "x")], {}) is False
    assert draw_text.draw_first_line is line_drawing.ORIGINAL
    assert line_drawing.edit("two lines", [("glyph_id = glyph_info.glyph", "pass\npass")], {}) is False
    assert draw_text.draw_first_line is line_drawing.ORIGINAL


def test_another_weasyprint_is_left_as_it_is(monkeypatch):
    import weasyprint
    monkeypatch.setattr(draw_text, "draw_first_line", line_drawing.ORIGINAL)
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    assert line_drawing.apply() is False
    assert draw_text.draw_first_line is line_drawing.ORIGINAL


def test_a_process_prepared_once_reads_no_source_when_a_job_prepares_it_again(monkeypatch):
    """Every job prepares its process (in_worker.run): the edits in place answer at once (reading
    WeasyPrint's source again took ~3 ms a job)."""
    import inspect

    from briefpress.printing import layout
    assert layout.prepare()
    read = []
    original = inspect.getsourcelines
    monkeypatch.setattr(inspect, "getsourcelines", lambda obj: read.append(obj) or original(obj))
    assert layout.prepare()
    assert read == []
    assert {"kept_layouts", "glyphs"} <= set(draw_text.draw_first_line.briefpress_edits)
