"""Display math laid out for each edition: the MathML of :mod:`briefpress.mathtex` in the HTML.

:func:`mathml_to_svg` (print): every MathML element -> an SVG image for WeasyPrint (ziamath, with its bundled
STIX Two Math font: glyphs become paths, so no font is embedded), a numbered equation's number beside it or
under it, an equation of numbered lines as its lines and their numbers, a ``flalign``'s column pairs spread.
:func:`spread_pairs` (the EPUB and the web edition): a ``flalign``'s column pairs and its numbers as a MathML
table each, which the stylesheet (templates/common/math.css.j2) spreads over the width.
"""

from __future__ import annotations

import base64
import functools
import re

from . import mathrows

MATH_ELEMENT = re.compile(r"<math\b[^>]*>.*?</math>", re.S)


SVG_SIZE = 20.0  # ziamath's font size; the image is then scaled in em, so math follows its text's size


@functools.lru_cache(maxsize=4096)
def _svg(mathml: str) -> tuple[str, float, float, float]:
    """MathML -> (SVG, width, height, depth below the baseline), in em of the surrounding text."""
    import ziamath

    math = ziamath.Math(mathml, size=SVG_SIZE, margin=0)
    width, height = math.getsize()
    return math.svg(), width / SVG_SIZE, height / SVG_SIZE, -math.getyofst() / SVG_SIZE


NUMBERED_ROWS = re.compile(r'(<div class="math display math-rows(?: math-flalign)?") data-number-cells="(\d)">(.*?)'
                           r'(<math\b[^>]*>.*?</math>)</div>', re.S)
NUMBERED = re.compile(r'<div class="math display"((?: id="[^"]*")? data-number="[^"]*")>(<math\b[^>]*>.*?</math>)'
                      r'<span class="eq-number">', re.S)
NUMBER_LINE = 1.5  # an equation number's line height (em), as the stylesheet sets it
NUMBERS_ROOM = 3.0  # em: the display's padding, where the numbers of an equation's lines stand
TAG_SEP = 0.5  # em between a formula and its number, at the least (amsmath's \mintagsep)
SPREAD_ROWS = re.compile(r'(<div class="math display math-rows math-flalign")>(<math\b[^>]*>.*?</math>)</div>', re.S)
# The layouts below are styled inline, not in math.css: the stylesheet is part of every PDF's identifier, and
# a paper without such math keeps its bytes.
FLOATED = "position: static; float: right; padding-left: {sep}em; margin-top: {top:.4f}em"
PAIRS = "display: flex; justify-content: space-between; align-items: flex-start"


def mathml_to_svg(html: str) -> str:
    """Print HTML: every MathML element -> an SVG image set on the text's baseline (WeasyPrint draws SVG);
    an equation of numbered lines as two, its lines centred and their numbers at the right margin; a
    ``flalign``'s lines as an image per column pair, spread over the full width."""
    def img(element: str, kind: str = "math-svg", rows: str = "", share: float = 0) -> str:
        svg, width, height, depth = _svg(element)
        alt = re.search(r'alttext="([^"]*)"', element)
        data = base64.b64encode(svg.encode()).decode()
        # lines wider than the column are made smaller, their height with them (not a box as tall, the lines
        # in its middle); the numbers as tall as the lines' image, so each stays on its line; a flalign's pairs
        # each made smaller by as much (each its share of the width)
        size = {"lines": f"width: {width:.4f}em", "numbers": "height: 100%",
                "pair": f"display: block; margin: 0; width: {width:.4f}em; max-width: {100 * share:.4f}%"}.get(
                    rows, f"width: {width:.4f}em; height: {height:.4f}em")
        return (f'<img class="{kind}" alt="{alt.group(1) if alt else ""}" src="data:image/svg+xml;base64,{data}" '
                f'style="{size}; vertical-align: {-depth:.4f}em">')

    def lines(mathml: str, div: str, drop: int = 0) -> str:
        if "math-flalign" not in div:
            return img(mathml, rows="lines")
        pairs = mathrows.split_pairs(mathml, drop)
        widths = [_svg(pair)[1] for pair in pairs]
        return (f'<span class="math-pairs" style="{PAIRS}">'
                + "".join(img(pair, rows="pair", share=w / (sum(widths) or 1)) for pair, w in zip(pairs, widths))
                + "</span>")

    def rows(m):
        table, numbers = mathrows.split_numbers(m.group(4), int(m.group(2)))
        # numbers wider than their room (a long \tag) widen it: the lines move left, as amsmath moves them, and
        # are drawn smaller where they must, never under a number; a flalign's first pair at the left margin
        room = max(NUMBERS_ROOM, _svg(numbers)[1] + TAG_SEP)
        left = "padding-left: 0; " if "math-flalign" in m.group(1) else ""
        style = f' style="{left}padding-right: {room:.4f}em"' if left or room > NUMBERS_ROOM else ""
        return (f'{m.group(1)}{style}>{m.group(3)}{lines(table, m.group(1))}'
                f'{img(numbers, "math-svg eq-numbers", "numbers")}</div>')

    def numbered(m):
        # the formula centred on the line by an indent of half what it leaves (the line set left to right, as
        # before in a right-to-left paper too, and not centred: WeasyPrint would move the float with the line),
        # its number floated right after it: on its line where it fits, else on a line of its own under it,
        # right, as TeX sets a tag that does not fit; centred on the formula's height
        _, width, height, _ = _svg(m.group(2))
        top = max(0.0, (height - NUMBER_LINE) / 2)
        return (f'<div class="math display"{m.group(1)} style="display: flow-root; padding: 0; direction: ltr; text-align: left">'
                f'<span class="eq-indent" style="display: inline-block; width: calc(50% - {width / 2:.4f}em)">'
                f'</span>{img(m.group(2))}<span class="eq-number" style="{FLOATED.format(sep=TAG_SEP, top=top)}">')
    html = SPREAD_ROWS.sub(lambda m: f'{m.group(1)} style="padding: 0">{lines(m.group(2), m.group(1), 2)}</div>', html)
    html = NUMBERED.sub(numbered, NUMBERED_ROWS.sub(rows, html))
    return MATH_ELEMENT.sub(lambda m: img(m.group()), html)


FLALIGN = re.compile(r'(<div class="math display math-rows math-flalign"(?: data-number-cells="(\d)")?>)(.*?)'
                     r'(<math\b[^>]*>.*?</math>)</div>', re.S)


def spread_pairs(html: str) -> str:
    """The EPUB's and the web edition's HTML: each ``flalign``'s column pairs as a table each, and its numbers as
    one more, which the stylesheet spreads from margin to margin, as print sets them (a table's columns cannot be
    spread so in MathML and CSS)."""
    if "math-flalign" not in html:
        return html

    def one(m):
        mathml, numbers = m.group(4), ""
        if m.group(2):
            mathml, numbers = mathrows.split_numbers(mathml, int(m.group(2)))
            numbers = numbers.replace("<math ", '<math class="eq-numbers" ', 1)
        pairs = "".join(mathrows.split_pairs(mathml, 0 if m.group(2) else 2))
        return f'{m.group(1)}{m.group(3)}<span class="math-pairs">{pairs}</span>{numbers}</div>'
    return FLALIGN.sub(one, html)
