"""A justified line's text keeps the layout it was measured with (printing/justified_lines.py): the same
PDF bytes as WeasyPrint's new layouts, drawn by WeasyPrint's own drawing and by briefpress's."""
import pytest
from weasyprint.layout import inline

from briefpress.printing import justified_lines, layout
from test_font_keys import FONTS_HTML
from test_kept_layouts import _pdf, _stock, _fixed_font_dates  # noqa: F401  (autouse: fontTools dates its subsets)

# Justified paragraphs of every kind: hyphenated (a line that keeps its width: a new layout), with inline
# elements (texts that end inside the line), word- and letter-spaced (new layouts), a no-break space,
# overflow-wrap, right to left, a footnote, a narrow column.
JUSTIFIED = FONTS_HTML + """<style>
.jj { text-align: justify; } .jh { text-align: justify; hyphens: auto; } .jw { text-align: justify; word-spacing: 1pt; }
.jl { text-align: justify; letter-spacing: 0.3pt; } .jo { text-align: justify; overflow-wrap: break-word; }
.narrow { width: 35mm; }
</style>
<p class=jj lang=en>{long}</p>
<p class=jh lang=en>{long}</p>
<p class=jj>Some <em>emphasised words inside</em> a justified paragraph, <a href="#x">a link</a> and
<strong>strong text</strong> that runs over several lines so that each line holds more than one text,
with&nbsp;no-break&nbsp;spaces here and there in the middle of it.<span class=fn>A justified note.</span></p>
<p class=jw>{long}</p>
<p class=jl>{long}</p>
<p class="jo narrow">Averyveryverylongwordwithoutanybreakopportunity and more words after it to justify.</p>
<p class="jj rtl">שלום עולם, זהו משפט ארוך בעברית שנמשך על פני כמה שורות כדי לבדוק יישור לשני הצדדים.</p>
""".replace("{long}", " ".join(f"Justification word{i} of a paragraph" for i in range(30)))



@pytest.mark.parametrize("drawing", ["briefpress", "weasyprint"])
def test_the_same_bytes_as_new_layouts(monkeypatch, drawing):
    layout.prepare()
    assert justified_lines.apply() and inline.add_word_spacing is justified_lines.add_word_spacing
    if drawing == "weasyprint":
        _stock(monkeypatch)  # WeasyPrint's own drawing: each layout made again, spaced, to be drawn
    kept = []
    original = justified_lines._kept

    def counting(box):
        kept.append(original(box))
        return kept[-1]
    monkeypatch.setattr(justified_lines, "_kept", counting)
    ours = _pdf(JUSTIFIED)
    with monkeypatch.context() as m:
        m.setattr(inline, "add_word_spacing", justified_lines.ORIGINAL)
        stock = _pdf(JUSTIFIED)
    assert ours == stock
    if drawing == "weasyprint":  # WeasyPrint lets each layout go once measured: there is none to keep
        assert kept and not any(kept)
        return
    # kept where the measure left the text's own layout (a line broken before its end); new for the rest
    # (hyphenated lines, word or letter spacing, texts ending inside a line)
    assert sum(k is not None for k in kept) > 20 and sum(k is None for k in kept) > 20


def test_another_weasyprint_is_left_as_it_is(monkeypatch):
    import weasyprint
    monkeypatch.setattr(inline, "add_word_spacing", justified_lines.ORIGINAL)
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    assert justified_lines.apply() is False
    assert inline.add_word_spacing is justified_lines.ORIGINAL
