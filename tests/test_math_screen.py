"""Display math in the EPUB and the web edition (MathML and the stylesheet), and amsmath's aligned in every format:
a flalign spread from margin to margin, an equation number that does not fit beside its formula under it, a
formula wider than the screen scrolled sideways, an aligned's column pairs set apart. Where Chromium is
installed, the web edition is laid out in it at a narrow and a wide window and the boxes measured."""
import json
import re
import shutil
import subprocess
import zipfile

import pytest

from briefpress.mathlayout import _svg
from briefpress.mathtex import tex_to_mathml
from briefpress.pipeline import build
from conftest import epubcheck_problems, require

PAPER = r"""---
title: M
---

# One

Text.

$$a = b + c \label{eq:short}$$

$$x = \frac{a_1 + a_2 + a_3 + a_4 + a_5 + a_6 + a_7 + a_8 + a_9}{b_1 + b_2 + b_3 + b_4 + b_5 + b_6} + c_1 + c_2 + c_3 + c_4 + c_5 \label{eq:wide}$$

$$p = q \tag{a tag of some length}$$

\begin{flalign}
a &= b & c &= d \label{eq:fl} \\
e &= f & g &= h
\end{flalign}

\begin{flalign*}
a &= b & c &= d & e &= f
\end{flalign*}

$$\begin{aligned} a &= b & c &= d \\ e &= f & g &= h \end{aligned}$$

See @eq:fl and @eq:wide, and @eq:note in a note.[^n]

[^n]: A note's equation:

    $$n = 1 \label{eq:note}$$
"""


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("math-screen")
    (tmp / "p.md").write_text(PAPER, encoding="utf-8")
    outputs = build(tmp / "p.md", ("html", "epub"), tmp / "out").outputs
    return tmp, outputs["html"].read_text(encoding="utf-8"), outputs["epub"]


def _epub_text(epub) -> tuple[str, str]:
    with zipfile.ZipFile(epub) as z:
        chapter = next(n for n in z.namelist() if n.endswith(".xhtml") and "<math" in z.read(n).decode())
        return z.read(chapter).decode(), z.read(next(n for n in z.namelist() if n.endswith(".css"))).decode()


def test_an_aligned_sets_its_column_pairs_apart_as_amsmath_does():
    """aligned was read as split: its pairs touched (a = bc = d), in print and on screen. amsmath puts
    \\minalignsep (10pt) between them; alignedat none."""
    aligned, _ = tex_to_mathml(r"\begin{aligned} a &= b & c &= d \end{aligned}", True)
    alignedat, _ = tex_to_mathml(r"\begin{alignedat}{2} a &= b & c &= d \end{alignedat}", True)
    assert 'columnspacing="0em 1em' in aligned and 'columnspacing="0em"' in alignedat
    align, _ = tex_to_mathml(r"\begin{align*} a &= b & c &= d \end{align*}", True)
    gap, align_gap = (_svg(x)[1] - _svg(alignedat)[1] for x in (aligned, align))  # print: between the pairs
    assert gap > 0.9 and gap == pytest.approx(align_gap / 2)  # half an align's 2em, as ziamath scales em
    inner, _ = tex_to_mathml(r"\begin{align*} a &= \begin{aligned} b &= c & d &= e \end{aligned} & f &= g \end{align*}", True)
    assert re.findall(r'columnspacing="([^"]*)"', inner) == ["0em 2em 0em 2em", "0em 1em 0em 1em"]  # align's kept


def test_the_stylesheet_sets_columns_flalign_and_numbers_in_a_paper_with_math(editions):
    """The rules that decide the layout, in the web edition's and the EPUB's stylesheet (not in a paper without
    math: test_kcss_* keep its bytes)."""
    _, web, epub = editions
    xhtml, css = _epub_text(epub)
    for page, style in ((web, web), (xhtml, css)):
        assert re.search(r'mtable\[columnspacing\^="0em 1em"\] > mtr > mtd:nth-child\(2n\+3\) \{ padding-left: 1em; \}', style)
        assert 'mtd[columnalign="right"] { text-align: right; }' in style
        assert re.search(r"\.math\.display \{ overflow-x: auto;", style)
        assert re.search(r"\.math\.display\[data-number\] \{ display: flex; flex-wrap: wrap;", style)
        assert re.search(r'\.math-flalign \.math-pairs \{ display: flex; flex: 1 0 auto; justify-content: space-between;', style)
        # a flalign's pairs as a table each, then its numbers; its label kept as the first line's anchor
        flalign = re.search(r'<div class="math display math-rows math-flalign" data-number-cells="2">(.*?)</div>', page, re.S)
        assert 'id="eq:fl" data-number="3"' in flalign.group(1)
        pairs = re.search(r'<span class="math-pairs">(.*?)</span>', flalign.group(1), re.S).group(1)
        assert [re.search(r'alttext="([^"]*)"', m).group(1) for m in re.findall(r"<math\b[^>]*>", pairs)] == \
            ["a &amp;= b \\\\ e &amp;= f", "c &amp;= d \\\\ g &amp;= h"]
        assert re.search(r'<math class="eq-numbers"[^>]*alttext="\(3\) \(4\)"', flalign.group(1))
        assert page.count('<span class="math-pairs">') == 2


def test_the_epub_with_such_math_passes_epubcheck(editions, tmp_path):
    """Its pairs' tables, the stylesheet's rules, and a reference to a note's equation (in notes.xhtml)."""
    _, _, epub = editions
    assert re.search(r'href="[^"]*notes\.xhtml#eq:note">5</a>', _epub_text(epub)[0])
    assert epubcheck_problems(epub, tmp_path) == []


def _measure(page: str, tmp_path, width: int) -> dict:
    """The web edition laid out by headless Chromium at a window ``width`` px wide: each display's box, its
    formula's (its pairs') and its number's, and whether the page overflows sideways."""
    chromium = shutil.which("chromium")
    require(chromium, "Debian's chromium")
    probe = """<script>
const box = e => { const b = e.getBoundingClientRect(); return [b.left, b.right, b.top, b.bottom]; };
const inked = cell => { const r = [...cell.children].map(box).filter(b => b[1] > b[0]);  // its content's extent
  return [Math.min(...r.map(b => b[0])), Math.max(...r.map(b => b[1]))]; };
document.body.dataset.out = JSON.stringify({page: [document.documentElement.scrollWidth, innerWidth],
  displays: [...document.querySelectorAll('main .math.display')].map(d => ({box: box(d), scroll: [d.scrollWidth, d.clientWidth],
    em: parseFloat(getComputedStyle(d).fontSize), cells: d.querySelector('mtr') ? [...d.querySelector('mtr').children].map(inked) : [],
    maths: [...d.querySelectorAll(':scope > math:not(.eq-numbers), .math-pairs > math')].map(box),
    number: d.querySelector(':scope > .eq-number, :scope > math.eq-numbers') && box(d.querySelector(':scope > .eq-number, :scope > math.eq-numbers'))}))});
</script></body>"""
    path = tmp_path / f"page{width}.html"
    path.write_text(page.replace("</body>", probe), encoding="utf-8")
    dom = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                          f"--user-data-dir={tmp_path / 'profile'}", f"--window-size={width},1200", "--dump-dom",
                          path.as_uri()], capture_output=True, text=True, timeout=120).stdout
    import html
    return json.loads(html.unescape(re.search(r'data-out="([^"]*)"', dom).group(1)))


def _overlap(a, b) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[2], b[2]))


@pytest.mark.parametrize("width", [500, 1200])  # 500: headless Chromium's narrowest window
def test_in_chromium_numbers_never_overlap_and_a_flalign_spans_the_column(editions, tmp_path, width):
    """At a phone's width and a desktop's: no number over its formula (it was absolutely placed at the right,
    over a wide formula or beside a long tag); a number that does not fit beside its formula under it, at the
    right; a formula wider than the column scrolled in its box, the page not wider than the window; a flalign's
    first pair at the left of the column and its last at its right (it was centred, as an align)."""
    _, web, _ = editions
    out = _measure(web, tmp_path, width)
    short, wide, tagged, flalign, flalign_star, aligned = out["displays"][:6]  # then the note's
    assert out["page"][0] <= out["page"][1]  # nothing pushes the page wider than the window
    for display in (short, wide, tagged, flalign):
        assert all(_overlap(m, display["number"]) == 0 for m in display["maths"])
        assert display["number"][1] == pytest.approx(display["box"][1], abs=12)  # at the right margin
    centre = (short["box"][0] + short["box"][1]) / 2
    assert (short["maths"][0][0] + short["maths"][0][1]) / 2 == pytest.approx(centre, abs=2)  # centred, number beside
    assert short["number"][2] < short["maths"][0][3] and short["number"][3] > short["maths"][0][2]
    (formula,) = wide["maths"]
    if width < 700:  # too wide for the column: scrolled in its box, its number on a line under it
        assert wide["scroll"][0] > wide["scroll"][1] and wide["number"][2] >= formula[3] - 1
        assert tagged["number"][2] >= tagged["maths"][0][3] - 1 or tagged["number"][0] >= tagged["maths"][0][1]
    else:
        assert wide["number"][0] >= formula[1] and wide["scroll"][0] <= wide["scroll"][1]
    for display in (flalign, flalign_star):
        pairs = display["maths"]
        assert pairs[0][0] == pytest.approx(display["box"][0], abs=2)
        right = display["number"][0] if display["number"] else display["box"][1]
        assert pairs[-1][1] == pytest.approx(right, abs=12 if display["number"] else 2)
        assert all(a[1] < b[0] for a, b in zip(pairs, pairs[1:]))  # apart, left to right
    a, b, c, d = aligned["cells"]  # an aligned's first line, its cells' content: right, left | right, left
    assert b[0] - a[1] < 0.5 * aligned["em"] and d[0] - c[1] < 0.5 * aligned["em"]  # each pair closed up
    assert 0.9 * aligned["em"] < c[0] - b[1] < 1.5 * aligned["em"]  # \minalignsep between the pairs (was none)
