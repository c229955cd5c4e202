"""Leaders drawn as one text each (printing/leaders.py): every glyph where WeasyPrint's one box per
repetition puts it, the same text, in far fewer text objects; left as WeasyPrint made it where the
repeated string would not land so."""
from weasyprint.layout import inline

from briefpress.printing import leaders, layout
from test_kept_layouts import _pdf, same_drawing, _fixed_font_dates  # noqa: F401  (autouse: fontTools dates its subsets)

# TOC lines as themes write them: dots, a custom string, solid and spaced leaders, a long title wrapping
# onto a second line, letter spacing, an underlined link, a justified paragraph, a page number from
# target-counter, a right-to-left line; and "if", which Pango joins into a ligature across repetitions.
LEADERS = """<style>
@font-face { font-family: F; src: url(NotoSerif-Regular.ttf) }
@font-face { font-family: F; font-weight: bold; src: url(NotoSerif-Bold.ttf) }
@page { size: 120mm 160mm; margin: 10mm; }
body { font: 10pt/1.4 F; }
ul { list-style: none; padding: 0; }
a { color: inherit; }
li.dots a::after { content: leader(". ") target-counter(attr(href url), page); }
li.dotted a::after { content: leader(dotted) " 7"; }
li.solid a::after { content: leader(solid) " 12"; font-weight: bold; }
li.dash a::after { content: leader("- ") " 3"; }
li.ls a::after { content: leader(". ") " 9"; letter-spacing: 0.7pt; }
li.u a { text-decoration: underline; }
li.u a::after { content: leader(". ") " 21"; }
li.liga a::after { content: leader("if") " 5"; }
p.j { text-align: justify; }
p.j span::after { content: leader(". ") " 2"; }
li.rtl { direction: rtl; }
li.rtl a::after { content: leader(". ") " 4"; }
h2 { break-before: page; font-size: 11pt; }
</style>
<ul>
<li class=dots><a href="#one">Introduction</a></li>
<li class=dots><a href="#two">A title long enough to wrap onto a second line of the table of contents, leader after it</a></li>
<li class=dotted><a href="#one">Dotted</a></li>
<li class=solid><a href="#one">Solid, bold</a></li>
<li class=dash><a href="#one">Dashes</a></li>
<li class=ls><a href="#one">Letter-spaced</a></li>
<li class=u><a href="#one">Underlined</a></li>
<li class=liga><a href="#one">Ligature</a></li>
<li class=rtl><a href="#one">שלום עולם</a></li>
</ul>
<p class=j>A justified paragraph whose words are spread over the line, then a leader on its last line: <span>end</span></p>
<h2 id=one>One</h2><p>Text.</p>
<h2 id=two>Two</h2><p>Text.</p>
"""



def _text_objects(pdf: bytes) -> int:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    document = pdfium.PdfDocument(pdf)
    return sum(1 for page in document for obj in page.get_objects() if obj.type == raw.FPDF_PAGEOBJ_TEXT)


def test_leaders_joined_put_every_glyph_where_weasyprint_does(monkeypatch):
    layout.prepare()
    assert leaders.apply() and inline.handle_leader is leaders.handle_leader
    joined_pdf = _pdf(LEADERS)
    with monkeypatch.context() as m:
        m.setattr(inline, "handle_leader", leaders.ORIGINAL)
        stock_pdf = _pdf(LEADERS)
    assert joined_pdf != stock_pdf
    same_drawing(joined_pdf, stock_pdf)
    # one text object for each leader joined, not one for each repetition of its string
    assert _text_objects(joined_pdf) < _text_objects(stock_pdf) / 2


def test_what_is_joined_and_what_is_left(monkeypatch):
    layout.prepare()
    results = []
    original = leaders.joined

    def counting(context, copies):
        results.append((copies[0].text, original(context, copies)))
        return results[-1][1]
    monkeypatch.setattr(leaders, "joined", counting)
    _pdf(LEADERS)
    # each line's leader as WeasyPrint's layout meets it (each line is laid out more than once); every one but
    # the right-to-left line's, never offered: WeasyPrint's copies stay
    texts = [text for text, _ in results]
    assert texts and texts == texts[:9] * (len(texts) // 9)
    per_line = results[:9]
    joined = [text for text, box in per_line if box is not None]
    # the dots (two lines, one wrapped), dotted ("."), solid ("_"), dashes, underlined, the justified line's
    assert joined == [". ", ". ", ".", "_", "- ", ". ", ". "]
    # left: the letter-spaced dots (Pango rounds the spacing letter by letter: the repeated string is ~0.0007 px
    # a copy narrower than the copies) and "if", which Pango shapes into an "fi" ligature across two repetitions
    assert [text for text, box in per_line if box is None] == [". ", "if"]
    for text, box in per_line:
        if box is not None:
            assert set(box.text.split(text)) == {""}  # the string repeated, nothing else
