"""amsmath's alignat, flalign and alignedat, and equation numbers in print, as a TeX author expects them:
each case here printed as TeX source, or printed a number over its formula, before."""
import re

import lxml.html
import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from briefpress import pandoc_text
from briefpress.markdown_ext import render_chapter
from briefpress.mathtex import number_with_notes

ALIGNAT = r"""Text.

\begin{alignat}{2}
a &= b + c &\quad x &= y \label{eq:first} \\
d &= e & u &= v \notag \\
p &= q & r &= s \tag{T} \\
g &= h & k &= l
\end{alignat}

\begin{alignat*}{3}
a &= 1 & b &= 2 & c &= 3
\end{alignat*}

\begin{flalign}
a &= b & c &= d \label{eq:fl}
\end{flalign}

$$\begin{alignedat}{2} x &= 1 & y &= 2 \end{alignedat}$$
"""


def _body(markdown: str) -> str:
    body, _ = render_chapter(pandoc_text.normalize(markdown))
    (body,) = number_with_notes([body], [])[0]
    return body


def _cells(row) -> list[str]:
    return ["".join(t.strip() for t in cell.itertext()) for cell in row.xpath("./*[local-name()='mtd']")]


def test_alignat_flalign_and_alignedat_are_tables_of_rl_pairs_numbered_as_align_is():
    body = _body(ALIGNAT)
    shown = re.sub(r'alttext="[^"]*"', "", body)
    assert "\\begin" not in shown and "math-source" not in body and "<mi>&amp;</mi>" not in body
    root = lxml.html.fragment_fromstring(body, create_parent="div")
    alignat, starred, flalign, aligned = root.xpath("//*[local-name()='math']")
    rows = alignat.xpath(".//*[local-name()='mtr']")
    assert [_cells(r)[:4] for r in rows] == [["a", "=b+c", "x", "=y"], ["d", "=e", "u", "=v"],
                                             ["p", "=q", "r", "=s"], ["g", "=h", "k", "=l"]]
    assert [_cells(r)[-1] for r in rows] == ["(1)", "", "(T)", "(2)"]  # \notag: none; \tag: its own
    assert [c.get("columnalign") for c in rows[0].xpath("./*[local-name()='mtd']")[:4]] == ["right", "left"] * 2
    # no space between the pairs but the \quad the author wrote (align would add 2em)
    assert set(alignat.xpath(".//*[local-name()='mtable']/@columnspacing")) == {"0em"}
    assert [len(_cells(r)) for r in starred.xpath(".//*[local-name()='mtr']")] == [8]  # 3 pairs, no number
    assert "(" not in "".join(starred.itertext())
    assert [_cells(r) for r in flalign.xpath(".//*[local-name()='mtr']")][0][-1] == "(3)"
    assert [_cells(r) for r in aligned.xpath(".//*[local-name()='mtr']")] == [["x", "=1", "y", "=2"]]
    from briefpress import crossref
    registry = crossref.registry([body])
    assert (registry["eq:first"][1], registry["eq:fl"][1]) == ("1", "3")
    assert root.xpath("//div[contains(@class, 'math-flalign')]") and len(root.xpath("//div[contains(@class, 'math-rows')]")) == 3


def test_a_single_line_alignat_with_a_pandoc_crossref_label_is_one_numbered_equation():
    body = _body("\\begin{alignat}{2}\nx &= 1 & y &= 2\n\\end{alignat} {#eq:one}\n")
    root = lxml.html.fragment_fromstring(body, create_parent="div")
    (div,) = root.xpath("//div[@id='eq:one']")
    assert div.get("data-number") == "1" and "{2}" not in body and "<mn>2</mn><mi>x" not in body
    assert [_cells(r) for r in div.xpath(".//*[local-name()='mtr']")] == [["x", "=1", "y", "=2"]]


def _ink(page, top: float, bottom: float) -> list[tuple[float, float]]:
    """The (left, right) of each path drawn between two heights of a page (math is drawn as paths)."""
    out = []
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,), max_depth=4):
        left, low, right, high = obj.get_bounds()
        if bottom < low and high < top and right - left < 100:
            out.append((left, right))
    return sorted(out)


def _line_y(text, word: str) -> float:
    found = text.search(word, match_case=True, match_whole_word=True)
    index, _ = found.get_next()
    return text.get_charbox(index)[1]


def test_in_print_a_flalign_spreads_from_margin_to_margin_and_an_alignat_adds_no_space(tmp_path):
    from briefpress.pipeline import build
    md = ("---\ntitle: M\n---\n\n# One\n\nFlalign:\n\n\\begin{flalign*}\na &= b & c &= d & e &= f\n\\end{flalign*}\n\n"
          "Alignat:\n\n\\begin{alignat*}{2}\na &= b & c &= d\n\\end{alignat*}\n\nAlign:\n\n"
          "\\begin{align*}\na &= b & c &= d\n\\end{align*}\n\nEnd.\n")
    (tmp_path / "p.md").write_text(md, encoding="utf-8")
    pdf = pdfium.PdfDocument(build(tmp_path / "p.md", ("pdf",), tmp_path / "out", theme="article").outputs["pdf"])
    page = pdf[0]
    text = page.get_textpage()
    words = text.get_text_bounded()
    assert "alignat" not in words and "flalign" not in words and "&" not in words
    left = text.get_charbox(text.search("Flalign:", match_case=True).get_next()[0])[0]
    right = page.get_width() - left  # the article's margins are even
    marks = [_line_y(text, w) for w in ("Flalign:", "Alignat:", "Align:", "End.")]
    flalign, alignat, align = (_ink(page, a, b) for a, b in zip(marks, marks[1:]))
    assert abs(flalign[0][0] - left) < 2 and abs(flalign[-1][1] - right) < 2  # from margin to margin
    middle = [x for x in flalign if page.get_width() / 3 < x[0] < 2 * page.get_width() / 3]
    assert middle and abs((middle[0][0] + middle[-1][1]) / 2 - page.get_width() / 2) < 20  # the middle pair between
    # glyphs a = b c = d: the space between "b" and "c" (pair and pair) against that around "=" (TeX's
    # thick space); align adds 2em there, alignat nothing
    space = lambda ink, i: ink[i + 1][0] - ink[i][1]  # noqa: E731
    assert len(alignat) == len(align) == 6
    assert space(alignat, 2) < space(alignat, 0) / 2 and space(align, 2) > 4 * space(align, 0)


def _glyphs(page, top: float, bottom: float) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of each path drawn between two heights of a page."""
    return [tuple(obj.get_bounds()) for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,), max_depth=4)
            if bottom < obj.get_bounds()[1] and obj.get_bounds()[3] < top]


def _overlap(a, b) -> float:
    """The share of the smaller box that the other covers."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    area = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1])) or 1
    return max(0, width) * max(0, height) / area


def test_in_print_an_equation_number_never_overlaps_its_formula(tmp_path):
    """A number wider than the room at the right margin (a long \\tag) was drawn over the formula: it now stands
    beside the formula where both fit on the line, else on a line of its own under it, at the right margin, as
    TeX sets it; the numbers of an align's lines widen their room, the lines drawn smaller."""
    from briefpress.pipeline import build
    wide = " + ".join(f"x_{{{i}}}" for i in range(24))
    md = (f"---\ntitle: M\n---\n\n# One\n\nShort:\n\n$$x = \\frac{{a+b}}{{c}} \\tag{{A.1.2-long}}$$\n\nWide:\n\n"
          f"$$y = {wide} \\tag{{B.2.3-longer}}$$\n\nRows:\n\n\\begin{{align}}\na &= b \\\\\n"
          f"d &= {wide} \\tag{{C.1.1-quite-long}}\n\\end{{align}}\n\nEnd.\n")
    (tmp_path / "p.md").write_text(md, encoding="utf-8")
    page = pdfium.PdfDocument(build(tmp_path / "p.md", ("pdf",), tmp_path / "out", theme="article").outputs["pdf"])[0]
    text = page.get_textpage()
    right = page.get_width() - text.get_charbox(text.search("Short:", match_case=True).get_next()[0])[0]

    def box(word):  # (left, bottom, right, top) of a word on the page
        index, count = text.search(word, match_case=True).get_next()
        boxes = [text.get_charbox(i) for i in range(index, index + count)]
        return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    marks = [_line_y(text, w) for w in ("Short:", "Wide:", "Rows:", "End.")]
    for tag, (top, bottom) in (("(A.1.2-long)", marks[:2]), ("(B.2.3-longer)", marks[1:3])):
        number, ink = box(tag), _glyphs(page, top, bottom)
        assert ink and not any(_overlap(number, glyph) for glyph in ink)
        assert abs(number[2] - right) < 2  # at the right margin
        beside = number[1] < max(g[3] for g in ink) and min(g[1] for g in ink) < number[3]
        assert beside == (tag == "(A.1.2-long)")  # the wide formula's number is under it
        if not beside:
            assert number[3] < min(g[1] for g in ink) and max(g[2] for g in ink) > number[0]
    rows = _glyphs(page, marks[2], marks[3])  # the lines' and their numbers' glyphs (all drawn)
    assert len(rows) > 60 and max(_overlap(a, b) for i, a in enumerate(rows) for b in rows[i + 1:]) < 0.3


def test_an_equation_in_a_note_is_numbered_where_the_note_is_called(tmp_path):
    """A numbered equation in a footnote kept its placeholder: the PDF build stopped on a glyph no font has, the
    EPUB and the web edition printed it. LaTeX counts it with the text's, where the note is called."""
    from briefpress.pipeline import build
    md = ("---\ntitle: M\n---\n\n# One\n\n$$a = 1 \\label{eq:a}$$\n\nText.[^n]\n\n"
          "[^n]: A note:\n\n    $$b = 2 \\label{eq:b}$$\n\n    \\begin{align}\n    c &= 3 \\\\\n    d &= 4\n    \\end{align}\n\n"
          "$$e = 5 \\label{eq:e}$$\n")
    (tmp_path / "p.md").write_text(md, encoding="utf-8")
    outputs = build(tmp_path / "p.md", ("pdf", "html"), tmp_path / "out", theme="article").outputs
    web = outputs["html"].read_text(encoding="utf-8")
    assert "\ue010" not in web and "\ue011" not in web and "\ue012" not in web
    assert [re.search(f'id="eq:{k}" data-number="(\\d+)"', web).group(1) for k in "abe"] == ["1", "2", "5"]
    assert "<mtext>(3)</mtext>" in web and "<mtext>(4)</mtext>" in web  # the note's align, after its (2)
    text = pdfium.PdfDocument(outputs["pdf"])[0].get_textpage().get_text_bounded()
    assert "(1)" in text and "(2)" in text and "(5)" in text  # the single equations' numbers, as text


def test_a_label_in_a_notes_equation_can_be_referred_to(tmp_path):
    """@eq:x and \\eqref{x} to a numbered equation's label in a footnote were crossref.unknown (lint and build):
    the registry read the chapters only. Now linked, with the number the equation prints where its note is called."""
    from briefpress.lint import lint_path
    from briefpress.pipeline import build
    md = ("---\ntitle: M\n---\n\n# One\n\n$$a = 1 \\label{eq:a}$$\n\nText.[^n] See @eq:b, \\eqref{eq:c} and @eq:e.\n\n"
          "[^n]: A note:\n\n    $$b = 2 \\label{eq:b}$$\n\n    \\begin{align}\n    c &= 3 \\label{eq:c} \\\\\n    d &= 4\n"
          "    \\end{align}\n\n$$e = 5 \\label{eq:e}$$\n")
    (tmp_path / "p.md").write_text(md, encoding="utf-8")
    assert not [d for d in lint_path(tmp_path / "p.md") if d.code.startswith("crossref")]
    web = build(tmp_path / "p.md", ("html",), tmp_path / "out").outputs["html"].read_text(encoding="utf-8")
    assert re.search(r'See Equation\u00a0<a class="xref" href="#eq:b">2</a>, \(<a class="xref" href="#eq:c">3</a>\) '
                     r'and Equation\u00a0<a class="xref" href="#eq:e">5</a>', web)
    assert 'id="eq:b" data-number="2"' in web and 'id="eq:c" data-number="3"' in web  # the targets, in the note
