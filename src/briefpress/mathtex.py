"""Math: the math spans of the Markdown -> MathML in the Document (laid out per edition by :mod:`briefpress.mathlayout`).

Takes a chapter's Markdown and its math spans (:mod:`briefpress.mathspans` finds them as pandoc
does). Display math ending with ``{#eq:id}`` and the unstarred environments are numbered "(1)",
"(2)"… across the paper, a note's where it is called, by :func:`number_with_notes`.

Returns, through a Python-Markdown preprocessor, each span as stashed HTML (so emphasis,
SmartyPants and citations never see it): ``<span class="math inline">`` or
``<div class="math display">`` holding MathML (latex2mathml). The EPUB and the web edition
keep the MathML; :mod:`briefpress.mathlayout` lays it out for each edition (SVG images for print). TeX that
latex2mathml cannot read is shown as source, and :func:`math_problems` reports it at
file:line:col (lint and build run it).
"""

from __future__ import annotations

import functools
import html as htmlmod
import re

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from . import mathrows, texmacros
from .diagnostics import Diagnostic, SourceLocation, line_col
from .mathspans import INDENT, MathSpan, find_math

ITEM_START = re.compile(r"(?:[*+-]|\d+\.|[:~])[ \t]+")  # an item's or a definition's first line
NUMBER_MARK = "\ue010"  # replaced by the equation's number in number_with_notes


OPERATOR_NAMES = {r"\arg"}  # as <mi>arg</mi>, as latex2mathml writes \sin: the others it knows
LIMITS_BELOW = {"lim", "max", "min", "sup", "inf", "limsup", "liminf", "det", "gcd", "Pr"}  # amsmath's \operatorname*


ALIGNEDAT = re.compile(r"\\begin\{alignedat\}\s*\{\s*\d+\s*\}")
ALIGN_TABLES = re.compile(r"\\begin\{(align\*?|aligned)\}")
MINALIGNSEP = "1em"  # amsmath's \minalignsep (10pt) between an aligned's column pairs


@functools.lru_cache(maxsize=4096)
def tex_to_mathml(tex: str, display: bool) -> tuple[str, tuple[str, ...]]:
    """TeX -> (MathML, unsupported commands). The MathML is '' when latex2mathml cannot read it."""
    import latex2mathml.converter
    import lxml.etree  # here, as latex2mathml: a paper without math loads neither

    if (define := texmacros.DEFINE.search(tex)):  # a definition left unread: its braces never close
        return "", (define.group() + " (its braces do not close)",)
    # latex2mathml reads neither aligned nor alignedat (it prints alignedat's argument and its '&'): alignedat as
    # split (no space between its pairs), aligned as align* (its pairs apart), its spacing then made amsmath's
    aligned = [m.group(1) == "aligned" for m in ALIGN_TABLES.finditer(tex)]
    source = ALIGNEDAT.sub(r"\\begin{split}", tex).replace(r"\end{alignedat}", r"\end{split}")
    source = source.replace(r"\begin{aligned}", r"\begin{align*}").replace(r"\end{aligned}", r"\end{align*}")
    try:
        mathml = latex2mathml.converter.convert(source, display="block" if display else "inline")
        root = lxml.etree.fromstring(mathml.encode())
    except Exception as exc:  # latex2mathml raises many kinds; each means "cannot read this TeX"
        return "", (f"{type(exc).__name__}: {exc}".strip(),)
    for mi in root.iter("{*}mi"):  # amsmath's operator names latex2mathml leaves as commands: upright names
        if (mi.text or "").strip() in OPERATOR_NAMES:
            mi.text = mi.text.strip()[1:]
    if any(aligned):
        _aligned_spacing(root, aligned)
    if display:  # \max_\theta, \lim_{x \to 0} in display: the limit under the operator, as TeX sets it (\sum's is)
        _limits_below(root, True, _nolimits(source, root))
    unknown = tuple(sorted({t.strip() for t in root.itertext() if re.match(r"\s*\\[A-Za-z]+", t)}))
    if unknown:
        return "", unknown
    root.set("alttext", tex)
    return lxml.etree.tostring(root, encoding="unicode"), ()


def _aligned_spacing(root, aligned: list[bool]) -> None:
    """An aligned's tables (read as align*, which sets 2em between column pairs): \\minalignsep between its pairs.
    latex2mathml makes one table per align* or aligned, in the order they begin (its tables hold rowspacing 3pt
    and no columnspacing of 0em, which split's do); matched so, one for one, or left as they are."""
    tables = [t for t in root.iter("{*}mtable") if t.get("rowspacing") == "3pt" and t.get("columnspacing") != "0em"]
    if len(tables) != len(aligned):
        return
    for table, is_aligned in zip(tables, aligned):
        if is_aligned and table.get("columnspacing"):
            table.set("columnspacing", table.get("columnspacing").replace("2em", MINALIGNSEP))


_OPERATOR = re.compile(r"\\(%s)(?![A-Za-z])(\s*\\nolimits)?" % "|".join(sorted(LIMITS_BELOW, key=len, reverse=True)))
_SCRIPTED = {"msub", "msup", "msubsup", "munder", "mover", "munderover", "mmultiscripts", "mroot"}


def _nolimits(tex: str, root) -> set:
    """The operators written ``\\max\\nolimits``: their limits stay beside them. latex2mathml writes them as
    any other (msub), so the TeX's operators are matched to the MathML's in order."""
    typed = [bool(m.group(2)) for m in _OPERATOR.finditer(tex)]
    found = [mo for mo in root.iter("{*}mo") if (mo.text or "").strip() in LIMITS_BELOW]
    if len(typed) != len(found):  # not matched one for one: only where no \nolimits is written at all
        return set(found) if any(typed) else set()
    return {mo for mo, beside in zip(found, typed) if beside}


def _limits_below(element, display: bool, nolimits: set) -> None:
    """An operator's subscript under it where TeX sets it in display style: not in a fraction, a script, a
    matrix or cases (text style there), nor after \\textstyle."""
    tag = _tag(element)
    if tag in ("mstyle", "mtable"):
        display = element.get("displaystyle", "true" if tag == "mstyle" and display else "false") == "true"
    if display and tag in ("msub", "msubsup") and len(element) and _tag(element[0]) == "mo" \
            and (element[0].text or "").strip() in LIMITS_BELOW and element[0] not in nolimits:
        element.tag = element.tag.replace("msubsup", "munderover").replace("msub", "munder")
    for i, child in enumerate(element):
        if _tag(child) == "mstyle" and not len(child) and child.get("displaystyle"):
            display = child.get("displaystyle") == "true"  # latex2mathml's \displaystyle mid-group: what follows
            continue
        _limits_below(child, display and tag != "mfrac" and not (tag in _SCRIPTED and i), nolimits)


def _tag(element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def math_html(span: MathSpan) -> str:
    """One span -> the HTML the Document holds (MathML, or the TeX as code when it cannot be read)."""
    if not span.tex:  # only macro definitions
        return ""
    mathml, unknown = tex_to_mathml(span.tex, span.display)
    body = mathml or f'<code class="math-source">{htmlmod.escape(span.tex, quote=False)}</code>'
    if not span.display:
        return f'<span class="math inline">{body}</span>'
    if span.rows:
        cells = 2 if span.tex.startswith((r"\begin{align*}", r"\begin{split}")) else 1
        return mathrows.rows_html(span.rows, body, bool(mathml), cells, span.spread)
    attrs = f' id="{span.label}"' if span.label else ""
    number = ""
    if span.tag:  # its own number, outside the count
        attrs += f' data-number="{htmlmod.escape(span.tag.strip("()"))}"'
        number = f'<span class="eq-number">{htmlmod.escape(span.tag)}</span>'
    elif span.numbered:
        attrs += f' data-number="{NUMBER_MARK}"'
        number = f'<span class="eq-number">({NUMBER_MARK})</span>'
    return f'<div class="math display"{attrs}>{body}{number}</div>'


def math_problems(text: str, path: str) -> list[Diagnostic]:
    """A warning at file:line:col for each span latex2mathml cannot render (it is printed as source)."""
    out = []
    for span in find_math(text):
        if not span.tex:
            continue
        _, unknown = tex_to_mathml(span.tex, span.display)
        if unknown:
            line, col = line_col(text, span.start)
            out.append(Diagnostic("warning", "math.unsupported",
                                  f"math '{_short(span.tex)}' cannot be rendered ({', '.join(unknown)}); it is "
                                  "printed as TeX source: use commands latex2mathml supports", SourceLocation(path, line, col)))
    return out


def note_equations(text: str) -> str:
    """A note's Markdown -> its display equations' HTML (their ids and numbers), whose labels lint knows as
    targets, as the build does."""
    return "".join(math_html(span) for span in find_math(text) if span.display)


def _short(tex: str) -> str:
    tex = " ".join(tex.split())
    return tex if len(tex) <= 40 else tex[:37] + "..."


class _MathPreprocessor(Preprocessor):
    """Stashes every math span before block parsing; display math gets a block of its own."""

    def run(self, lines):
        text = "\n".join(lines)
        spans = find_math(text)
        if not spans:
            return lines
        out, pos = [], 0
        for span in spans:
            out.append(text[pos:span.start])
            pos = span.end
            html = math_html(span)
            if not html:  # macro definitions only
                continue
            placeholder = self.md.htmlStash.store(html)
            if span.display:
                line_start = text.rfind("\n", 0, span.start) + 1
                indent = INDENT.match(text, line_start).group()  # not a copy of the rest per span
                if ITEM_START.match(text, line_start + len(indent), span.start):
                    indent += "    "  # on an item's marker line: the block is the item's (lists.py's 4 columns)
                blank = indent.rstrip() if ">" in indent else ""  # in a quote: its own blank lines, one quote
                placeholder = f"\n{blank}\n{indent}{placeholder}\n{blank}\n{indent}"
            out.append(placeholder)
        out.append(text[pos:])
        return "".join(out).split("\n")


class MathExtension(Extension):
    def extendMarkdown(self, md):
        # After fenced code (25) has stashed its blocks, before raw HTML blocks (20).
        md.preprocessors.register(_MathPreprocessor(md), "briefpress-math", 24)
        if "$" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("$")  # pandoc prints '\$' as '$


NOTE_CALL = "\ue000n(?P<note>\\d+)\ue001"  # a note's call in the text (document.py's token)
NUMBERED_EQUATION = re.compile(f'(?P<rows><div class="math display math-rows[^"]*"[^>]*>.*?</div>)'
                               f'|data-number="{NUMBER_MARK}".*?\\({NUMBER_MARK}\\)|{NOTE_CALL}', re.S)


def number_with_notes(htmls: list[str], notes: list[str]) -> tuple[list[str], list[str]]:
    """The equations of the text and of its notes (their HTML, note 1 first) numbered 1, 2, … in reading order:
    a note's where the text calls it, as LaTeX counts an equation in a footnote."""
    counter, notes = 0, list(notes)

    def number(m):
        nonlocal counter
        if m.group("rows"):
            block, added = mathrows.number_block(m.group(), counter)
            counter += added
            return block
        if m.group("note"):  # a note's call: its equations next
            index = int(m.group("note")) - 1
            if 0 <= index < len(notes) and (NUMBER_MARK in notes[index] or mathrows.ROW_MARK in notes[index]):
                notes[index] = NUMBERED_EQUATION.sub(number, notes[index])
            return m.group()
        counter += 1
        return m.group().replace(NUMBER_MARK, str(counter))
    return [NUMBERED_EQUATION.sub(number, h) for h in htmls], notes


PANDOC_SPAN = re.compile(r'<span class="math (inline|display)">\\[(\[](.*?)\\[)\]]</span>', re.S)


def pandoc_spans(html: str) -> str:
    """pandoc-style ``<span class="math inline">\\(…\\)</span>`` (bibliography titles) -> MathML."""
    def one(m):
        tex = htmlmod.unescape(m.group(2))
        return math_html(MathSpan(0, 0, tex, m.group(1) == "display", False, ""))
    return PANDOC_SPAN.sub(one, html)
