"""amsmath's alignat, flalign and alignedat, and equation numbers in print, as a TeX author expects them:
each case here printed as TeX source, or printed a number over its formula, before."""
import re

import lxml.html
import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from briefpress import pandoc_text
from briefpress.markdown_ext import render_chapter
from briefpress.mathtex import number_equations

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
    (body,) = number_equations([body])
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
