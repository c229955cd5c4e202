"""Code: inline code and fenced blocks in the theme's monospace font, highlighted, wrapped inside the page."""

import ctypes

import lxml.etree
import pypdfium2 as pdfium
import pypdfium2.raw as raw

from briefpress.markdown_ext import render_chapter
from fixture_papers import page_texts, sampler, sampler_epubcheck  # noqa: F401 (fixtures)

XHTML = "{http://www.w3.org/1999/xhtml}"


def test_fences_with_and_without_a_language():
    html, _ = render_chapter("# T\n\n```python\nx = 'a' # c\n```\n\n~~~ {.python}\nimport os\n~~~\n\n```\n*plain*\n```\n", 1)
    assert '<span class="n">x</span>' in html and '<span class="s1">\'a\'</span>' in html
    assert '<span class="kn">import</span>' in html  # the ~~~ fence with a pandoc class
    assert "*plain*" in html and "<em>" not in html  # no emphasis inside code
    assert html.count('<div class="highlight">') == 3


def test_inline_code_keeps_its_markers():
    html, _ = render_chapter("# T\n\nCall `f(x) * g_1 * \"s\" @k` now.\n", 1)
    assert "<code>f(x) * g_1 * &quot;s&quot; @k</code>" in html or '<code>f(x) * g_1 * "s" @k</code>' in html


def _styles(pdf: bytes, index: int, words: list[str]):
    """Font name and fill colour of the first letter of each word on a page; the text's right edge; page width."""
    doc = pdfium.PdfDocument(pdf)
    page = doc[index]
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    out = {}
    for word in words:
        i = text.index(word)
        buf = ctypes.create_string_buffer(256)
        raw.FPDFText_GetFontInfo(textpage.raw, i, buf, 256, None)
        rgba = [ctypes.c_uint() for _ in range(4)]
        raw.FPDFText_GetFillColor(textpage.raw, i, *[ctypes.byref(c) for c in rgba])
        out[word] = (buf.value.decode().split("+")[-1], tuple(c.value for c in rgba[:3]))
    right = max(obj.get_bounds()[2] for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_TEXT,)))
    width = page.get_width()
    doc.close()
    return out, right, width


def test_pdf_sets_code_in_the_mono_font_highlighted_and_wrapped(sampler):
    _, pdf, _, _, _ = sampler
    texts = page_texts(pdf)
    index = next(i for i, t in enumerate(texts) if t.startswith("2 Listings"))
    text = texts[index]
    assert "parse_input(text) * 2_000" in text and "def area(radius):" in text
    assert "a plain block without a language" in text
    # The long comment wraps: all of it is printed, its last words on a line of their own.
    joined = " ".join(text.split())
    assert "run past the right margin of the page, and on, and on, and on" in joined
    styles, right, width = _styles(pdf, index, ["def area", "area(radius", "return", "Call", "parse_input"])
    assert all(styles[w][0].startswith("KCSS-Mono") for w in ("def area", "area(radius", "parse_input"))
    assert styles["Call"][0].startswith("KCSS-Serif")
    assert styles["def area"][1] != styles["area(radius"][1]  # highlighted: the keyword has its own colour
    assert styles["def area"][1] == styles["return"][1]  # ... the same for every keyword
    assert right <= width - 22 / 25.4 * 72 + 1  # nothing runs into the right margin (22 mm on KCSS pages)

def test_epub_and_web_edition_carry_highlighted_code(sampler, sampler_epubcheck):
    _, _, files, html, _ = sampler
    chapter = lxml.etree.fromstring(files["OEBPS/text/02-listings.xhtml"])
    pre = chapter.findall(f".//{XHTML}div[@class='highlight']/{XHTML}pre")
    assert len(pre) == 2
    classes = {s.get("class") for s in pre[0].iter(f"{XHTML}span")}
    assert {"k", "nf", "c1", "mf"} <= classes
    css = files["OEBPS/css/epub.css"].decode()
    assert ".highlight .k" in css and "white-space: pre-wrap" in css and '"KCSS Mono"' in css
    assert any(name.endswith("NotoSansMono-Regular.ttf") for name in files)
    assert '<span class="k">def</span>' in html and '"KCSS Mono", "KCSS Math", "KCSS Symbols", monospace' in html
    assert sampler_epubcheck == []
