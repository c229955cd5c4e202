"""Computed styles' short way (printing/computed_styles.py): every property of every box the same as
WeasyPrint's own way computes it, and the same PDF bytes."""
import pytest
from weasyprint import HTML, css
from weasyprint.css.properties import INITIAL_VALUES

from briefpress.printing import computed_styles, layout
from test_kept_layouts import FONTS, _html, _fixed_font_dates  # noqa: F401  (autouse: fontTools dates its subsets)

# What takes WeasyPrint's way: logical properties (set, they win over the physical ones), custom properties,
# an inherited math function (solved again for each element), text decorations (propagated), named pages,
# floats and positioning, right to left, pseudo-elements, notes, list markers, tables, a page's margin boxes.
MORE = """<style>
:root { --gap: 3pt; --ink: #223344; }
@page { @top-center { content: "Running head"; margin-inline-start: 2pt; } }
@page wide { size: 150mm 110mm; }
section { page: wide; margin-block: var(--gap); padding-inline-start: 4mm; color: var(--ink); }
.ti { text-indent: calc(1em + 5%); } .ti em { font-size: 12pt; }
.deco { text-decoration: underline; } .deco span { text-decoration: overline; }
.fl { float: right; width: 20mm; } .abs { position: absolute; top: 5mm; left: 5mm; }
.rtl { direction: rtl; margin-inline-end: 6mm; border-inline-start: 1pt solid red; }
p.drop::first-letter { font-size: 20pt; } p.drop::before { content: "» "; } li::marker { color: red; }
td { padding-block-start: 2pt; border: 1pt solid; }
.note { float: footnote; }
p.bad { color: var(--missing); margin-left: var(--gap) }
</style>
<section><p class=ti>Indented by a math function: <em>a child, another font size</em> and more text.</p>
<p class=deco>Decorated <span>twice</span> over.</p>
<div class=fl>Floated</div><div class=abs>Placed</div>
<p class=rtl>שלום <span>עולם</span></p>
<p class=drop>Drop cap and a generated quote.<span class=note>A note.</span></p>
<ol><li>One</li><li>Two</li></ol>
<table><tr><td>a</td><td>b</td></tr></table>
<p class=bad>Invalid custom property.</p></section>
"""


def _boxes(document):
    for page in document.pages:
        yield from page._page_box.descendants()


def _value(style, key) -> str:
    try:
        return repr(style[key])
    except Exception as exc:  # noqa: BLE001  a logical property an anonymous box's style does not compute
        return type(exc).__name__


def _styles(html: str) -> list:
    """Every box's every property, as computed (asked in one order for both ways)."""
    document = HTML(string=html, base_url=str(FONTS)).render()
    keys = sorted(INITIAL_VALUES)
    return [(type(box).__name__, getattr(box, "element_tag", None), getattr(box.style, "pseudo_type", None),
             [_value(box.style, key) for key in keys]) for box in _boxes(document)]



@pytest.mark.parametrize("which", ["constructs", "more"])
def test_every_computed_value_is_weasyprints_own(monkeypatch, which):
    layout.prepare()
    assert computed_styles.apply() and css.ComputedStyle.__missing__ is computed_styles.missing
    html = _html() if which == "constructs" else _html().replace("</style>", "</style>" + MORE, 1)
    short = []
    original = computed_styles.ORIGINAL

    def counting(self, key):
        short.append(key)
        return original(self, key)
    monkeypatch.setattr(computed_styles, "ORIGINAL", counting)
    ours = _styles(html)
    asked_own_way = len(short)
    monkeypatch.setattr(computed_styles, "ORIGINAL", original)
    with monkeypatch.context() as m:
        m.setattr(css.ComputedStyle, "__missing__", original)
        stock = _styles(html)
    assert len(ours) == len(stock) > 50
    assert ours == stock
    # the short way taken for most values: fewer than half go WeasyPrint's way
    total = sum(1 for _ in INITIAL_VALUES) * len(ours)
    assert 0 < asked_own_way < total / 2


def test_the_same_bytes(monkeypatch):
    layout.prepare()
    html = _html().replace("</style>", "</style>" + MORE, 1)

    def pdf():
        return HTML(string=html, base_url=str(FONTS)).write_pdf(pdf_identifier=b"same", pdf_tags=True)
    ours = pdf()
    with monkeypatch.context() as m:
        m.setattr(css.ComputedStyle, "__missing__", computed_styles.ORIGINAL)
        stock = pdf()
    assert ours == stock


def test_another_weasyprint_is_left_as_it_is(monkeypatch):
    import weasyprint
    monkeypatch.setattr(css.ComputedStyle, "__missing__", computed_styles.ORIGINAL)
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    assert computed_styles.apply() is False
    assert css.ComputedStyle.__missing__ is computed_styles.ORIGINAL
