"""Font keys made once per style, font descriptions once per key (printing/font_keys.py): WeasyPrint's own
keys, the same PDF bytes, and a style changed on a copy (as WeasyPrint changes them) gets its own."""
from weasyprint import HTML
from weasyprint.text import line_break

from briefpress.printing import font_keys, layout
from test_computed_styles import MORE, _boxes
from test_kept_layouts import FONTS, _html, _fixed_font_dates  # noqa: F401  (autouse: fontTools dates its subsets)

# ch and ex units (measured on a copy of the style at 1000 px), ::first-line and ::first-letter (copies with
# their own font), small caps, SVG text (a style made from the SVG's attributes), several sizes and weights.
FONTS_HTML = _html().replace("</style>", """</style><style>
.ch { width: 30ch; margin-left: 2ex; } p.fl::first-line { font-weight: bold; font-size: 11pt; }
p.fl::first-letter { font-size: 24pt; } .sc { font-variant: small-caps; } .big { font-size: 14pt; line-height: 2; }
</style><p class=ch>Measured in ch and ex units.</p><p class=fl>First line in bold, first letter large, and more
text to fill a second line of this paragraph for the first-line style to end.</p>
<p class=sc>Small caps</p><p class=big>Bigger text, <b>bold</b> and <i>italic</i>.</p>""", 1) + MORE



def _pdf() -> bytes:
    return HTML(string=FONTS_HTML, base_url=str(FONTS)).write_pdf(pdf_identifier=b"same", pdf_tags=True)


def test_the_same_bytes_as_weasyprints_own(monkeypatch):
    layout.prepare()
    assert font_keys.apply() and line_break._font_style_cache_key is font_keys.font_key
    asked = []
    original = font_keys.ORIGINAL_DESCRIPTION

    def counting(style):
        asked.append(style)
        return original(style)
    monkeypatch.setattr(font_keys, "ORIGINAL_DESCRIPTION", counting)
    font_keys._descriptions.clear()
    ours = _pdf()
    made = len(asked)
    with monkeypatch.context() as m:
        m.setattr(line_break, "_font_style_cache_key", font_keys.ORIGINAL_KEY)
        m.setattr(line_break, "get_font_description", font_keys.ORIGINAL_DESCRIPTION)
        stock = _pdf()
    assert ours == stock
    assert 0 < made < 40  # one description per font, not one per text layout (hundreds)


def test_each_styles_key_is_weasyprints_and_a_changed_copy_gets_its_own():
    layout.prepare()
    document = HTML(string=FONTS_HTML, base_url=str(FONTS)).render()
    styles = {id(box.style): box.style for box in _boxes(document)}
    assert len(styles) > 50
    for style in styles.values():
        for size in (False, True):
            assert font_keys.font_key(style, size) == font_keys.ORIGINAL_KEY(style, size)
            assert font_keys.font_key(style, size) is font_keys.font_key(style, size)  # made once
    style = next(s for s in styles.values() if hasattr(s, "copy") and s["font_size"] != 1000)
    kept = font_keys.font_key(style, True)
    copy = style.copy()
    copy["font_size"] = 1000  # as WeasyPrint's ch and ex measure changes its copy
    assert font_keys.font_key(copy, True) != kept == font_keys.font_key(style, True)
    assert font_keys.font_key(copy, True) == font_keys.ORIGINAL_KEY(copy, True)


def test_another_weasyprint_is_left_as_it_is(monkeypatch):
    import weasyprint
    monkeypatch.setattr(line_break, "_font_style_cache_key", font_keys.ORIGINAL_KEY)
    monkeypatch.setattr(line_break, "get_font_description", font_keys.ORIGINAL_DESCRIPTION)
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    assert font_keys.apply() is False
    assert line_break._font_style_cache_key is font_keys.ORIGINAL_KEY
