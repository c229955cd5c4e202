"""Math: TeX in the Markdown -> MathML in the Document; MathML -> SVG for print.

Takes a chapter's Markdown and finds math the way pandoc does: ``$…$`` (no space after the
opening ``$``, none before the closing one, and the closing one not followed by a digit, so
``$20 and $30`` stays text), ``$$…$$``, ``\\(…\\)``, ``\\[…\\]`` (at the start of a line: in
running text ``\\[sic\\]`` is Markdown's escaped bracket) and the ``equation``,
``align``, ``gather`` and ``multline`` environments (starred or not). Display math may end
with ``{#eq:id}``; such equations and the unstarred environments are numbered "(1)", "(2)"…
across the paper by :func:`number_equations`.

Returns, through a Python-Markdown preprocessor, each span as stashed HTML (so emphasis,
SmartyPants and citations never see it): ``<span class="math inline">`` or
``<div class="math display">`` holding MathML (latex2mathml). The EPUB and the web edition
keep the MathML; :func:`mathml_to_svg` turns it into SVG images for WeasyPrint (ziamath, with
its bundled STIX Two Math font: glyphs become paths, so no font is embedded). TeX that
latex2mathml cannot read is shown as source, and :func:`math_problems` reports it at
file:line:col (lint and build run it). The file's ``\\newcommand`` macros are expanded first
(:mod:`briefpress.texmacros`).
"""

from __future__ import annotations

import base64
import functools
import html as htmlmod
import re
from dataclasses import dataclass, replace

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from . import mathrows, texmacros
from .code import Masking
from .diagnostics import Diagnostic, SourceLocation, line_col

ENVS = r"(?:equation|align|gather|multline|eqnarray|displaymath)\*?"
LABEL = r"(?:[ \t]*\{#(?P<label>eq[:-][\w:.\-]+)\})?"  # pandoc-crossref's eq:x, Quarto's eq-x
# Inline '$': pandoc's rules; no blank line inside.
_DOLLAR = r"(?<![\\$])\$(?=[^\s$])(?P<inl>(?:\\.|[^$\\\n]|\n(?![ \t]*\n))+?)(?<![\s\\])\$(?!\d)"
# \( \) around words and no TeX (Google Docs escapes every parenthesis: "\(see the table\)") are
# parentheses, as pandoc reads them; "\(x@y\)", "\(\alpha\)", "\(n = 3\)" stay math.
_PROSE = r"[^\\^_{}=<>+]*?[^\W\d_]{3}[^\\^_{}=<>+]*?\\\)"
SOURCE = (rf"\\begin\{{(?P<env>{ENVS})\}}(?P<envbody>.*?)\\end\{{(?P=env)\}}{LABEL.replace('label', 'label1')}"
          rf"|(?<!\\)\$\$(?P<dd>.+?)\$\${LABEL.replace('label', 'label2')}"
          rf"|(?:(?<=\n)|^)[ \t>]*\\\[(?P<bd>.+?)\\\]{LABEL.replace('label', 'label3')}"
          rf"|(?<!\\)\\\((?!{_PROSE})(?P<pi>.+?)\\\)"
          rf"|{_DOLLAR}")
# Each alternative starts with one of the lookahead's characters: the engine tries them only there (5x faster).
MATH = re.compile(rf"(?=[\\$ \t>])(?:{SOURCE})", re.S)
# Where '$' means nothing: code, comments, link targets and autolinks (blanked before looking for math).
INDENT = re.compile(r"[ \t>]*")
ITEM_START = re.compile(r"(?:[*+-]|\d+\.)[ \t]+")
# the lookahead: a fence's line start, else the characters the other alternatives start with (3-5x faster)
NOT_MATH = Masking(r"(?s)(?:(?m:^)|(?=[`<\]]))(?:", r"|(?<!`)(`+)(?=`{0,2}(?!`))(?:(?!\n[ \t]*\n).)+?(?<!`)\2(?!`)|<!--.*?-->|\]\([^)\s]*\)|<https?:[^>\s]*>)", re.M)
NUMBER_MARK = "\ue010"  # replaced by the equation's number in number_equations


@dataclass(frozen=True)
class MathSpan:
    start: int
    end: int
    tex: str
    display: bool
    numbered: bool
    label: str  # "eq:id" or ""
    tag: str = ""  # LaTeX's \tag{…}: the number printed instead of the next one ("(*)", "2a")
    rows: tuple = ()  # an align's lines (mathrows.Row), each numbered on its own; tex is then their table


ITEM_TEXT = re.compile(r"[ \t]*(?:[-*+]|\d+[.)]|\(@[\w-]*\))(?: {1,4}(?=\S)| )")  # up to its text's column
QUOTED = re.compile(r"^(?: {0,3}> ?)+")
LIST_OR_NOTE = re.compile(r"[ \t]*([-*+]|\d+[.)]|\(@[\w-]*\)|\[\^[^\]]+\]:)[ \t]")  # (@): an example item


def indented_code(text: str) -> list[tuple[int, int]]:
    """(start, end) of indented code blocks: indented lines after a blank line that do not continue a
    list item or a footnote (those are indented too), in a block quote (indented past its '>') and in an
    item (indented 4 past its text) too."""
    out, pos, previous, blank, code_at, quoted = [], 0, "", True, 0, False  # code_at: its indent, or 0
    for whole in text.splitlines(keepends=True):
        # in a block quote the code is indented past its '>' (lists.py writes a quote's fenced code so)
        prefix = m.group() if ">" in whole and (m := QUOTED.match(whole)) else ""
        line = whole[len(prefix):]
        if prefix and not quoted:
            previous, blank = ">", True  # a quote begins a block: code may open it
        quoted = bool(prefix)
        indent = _indent(line) if line.strip() else 0
        if not code_at and blank and indent >= 4:
            if previous and not previous.startswith((" ", "\t")) and not LIST_OR_NOTE.match(previous):
                code_at = 4
            elif (item := ITEM_TEXT.match(previous)) and indent >= len(item.group().expandtabs(4)) + 4:
                code_at = len(item.group().expandtabs(4)) + 4  # an item's code: 4 past its text (lists.py writes its fences so)
        if code_at and line.strip() and indent < code_at:
            code_at = 0
        if code_at and line.strip():
            out.append((pos, pos + len(whole)))
        elif line.strip():
            previous = line
        blank = not line.strip()
        pos += len(whole)
    return out


def _indent(line: str) -> int:
    line = line.expandtabs(4)
    return len(line) - len(line.lstrip(" "))


ENV_ONLY = re.compile(rf"\\begin\{{(?P<env>{ENVS})\}}(?P<envbody>.*)\\end\{{(?P=env)\}}", re.S)


TEX_LABEL = re.compile(r"\\label\{([^}\s]+)\}")
TEX_TAG = re.compile(r"\\tag(\*?)\{([^{}]*)\}")


def _display(start: int, end: int, body: str, label: str) -> MathSpan:
    """``$$…$$`` or ``\\[…\\]``: a ``\\label`` in it (LaTeX's, as MathJax reads it) numbers it and names
    it, a ``\\tag`` prints its own number; neither is math latex2mathml can render."""
    tex_label, tag = TEX_LABEL.search(body), TEX_TAG.search(body)
    label = label or (tex_label.group(1) if tex_label else "")
    mark = (tag.group(2) if tag.group(1) else f"({tag.group(2)})") if tag else ""
    body = TEX_TAG.sub("", TEX_LABEL.sub("", body)).strip()
    return MathSpan(start, end, body, True, bool(label) and not tag, label, mark)


def _environment(start: int, end: int, env: str, body: str, label: str) -> MathSpan:
    if env.rstrip("*") in mathrows.ROWS_ENVS and not label:  # {#eq:x} after it: one number, pandoc-crossref's
        rows = mathrows.rows_of(env, body)
        if len(rows) > 1:
            return MathSpan(start, end, mathrows.table_tex(env, rows), True, False, "", rows=tuple(rows))
    # LaTeX's own label and \nonumber, as papers converted from LaTeX carry them.
    tex_label = re.search(r"\\label\{([^}\s]+)\}", body)
    label = label or (tex_label.group(1) if tex_label else "")
    numbered = bool(label) or not env.endswith("*") and env != "displaymath"
    if env.startswith("equation") and re.search(r"\\(nonumber|notag)\b", body):
        numbered = False
    body = re.sub(r"\\label\{[^}]*\}|\\(nonumber|notag)\b", "", body)
    tag = TEX_TAG.search(body)  # its own number, as in $$…$$ (_display)
    body = TEX_TAG.sub("", body)
    if env.startswith("align"):
        body = rf"\begin{{align*}}{body}\end{{align*}}"
    mark = (tag.group(2) if tag.group(1) else f"({tag.group(2)})") if tag else ""
    return MathSpan(start, end, body.strip(), True, numbered and not tag, label, mark)


def _outside_code(text: str) -> str:
    """The text with code, comments and link targets blanked (same length)."""
    masked = NOT_MATH.sub(lambda m: "\0" * len(m.group()), text)
    for start, end in indented_code(masked):
        masked = masked[:start] + "\0" * (end - start) + masked[end:]
    return masked


@functools.lru_cache(maxsize=64)
def macro_sources(text: str) -> tuple[str, ...]:
    """The TeX macro definitions of a Markdown text (outside code and comments), as written, each on one line."""
    if "\\" not in text:
        return ()
    return tuple(texmacros.sources(_outside_code(text)))


def with_file_macros(text: str, file_text: str) -> str:
    """A piece of a file rendered apart from it (a footnote) -> the same with the file's TeX macros after
    it (:func:`with_definitions`), but for those it defines itself: they are the file's wherever they are."""
    if "\\" not in text or "\\" not in file_text:
        return text
    own = {name for source in macro_sources(text) for name in texmacros.definitions(source)}
    shared = [source for source in macro_sources(file_text) if not own & texmacros.definitions(source).keys()]
    return with_definitions(text, shared) if shared else text


def with_definitions(text: str, sources: list[str]) -> str:
    """``text`` with TeX macro definitions after its last line, as a math span of definitions only: it
    prints nothing and no line moves. A ``displaymath`` environment, not ``$$``: an unpaired ``$$`` in
    the text (printed as it is) would pair with it and print the definitions. ``text`` as it is when
    the span would not be read whole all the same (an unclosed ``\\begin{displaymath}`` before it)."""
    span = rf"\begin{{displaymath}}{' '.join(sources)}\end{{displaymath}}"
    out = f"{text.rstrip(chr(10))}\n\n{span}\n"
    start = len(out) - len(span) - 1
    last = None
    for last in MATH.finditer(_outside_code(out)):
        pass
    return out if last is not None and last.span() == (start, start + len(span)) else text


def find_math(text: str) -> list[MathSpan]:
    """Every math span of a Markdown text, outside code and comments."""
    return list(_find_math(text))


@functools.lru_cache(maxsize=512)  # a chapter's text is read by the citations, the math, lint and the build
def _find_math(text: str) -> tuple[MathSpan, ...]:
    masked = _outside_code(text)
    out = []
    macros = texmacros.definitions(masked) if "\\" in masked else {}
    for m in MATH.finditer(masked):
        label = m.group("label1") or m.group("label2") or m.group("label3") or ""
        # pandoc's LaTeX reader writes an environment inside $$…$$: read as the environment itself
        wrapped = ENV_ONLY.fullmatch(text[m.start("dd"):m.end("dd")].strip()) if m.group("dd") is not None else None
        if m.group("env") or wrapped:
            env = m.group("env") or wrapped.group("env")
            body = text[m.start("envbody"):m.end("envbody")] if m.group("env") else wrapped.group("envbody")
            out.append(_environment(m.start(), m.end(), env, _unquoted(body, text, m.start()), label))
        elif m.group("inl") or m.group("pi"):
            group = "inl" if m.group("inl") else "pi"
            tex = _unquoted(text[m.start(group):m.end(group)], text, m.start())
            out.append(MathSpan(m.start(), m.end(), tex, False, False, ""))
        else:
            group = "dd" if m.group("dd") is not None else "bd"
            out.append(_display(m.start(), m.end(), _unquoted(text[m.start(group):m.end(group)], text, m.start()), label))
    if macros:  # the paper's \newcommand macros expanded; a span holding only definitions prints nothing
        out = [replace(s, tex=texmacros.expand(texmacros.without_definitions(s.tex), macros).strip()) for s in out]
    return tuple(out)


def _unquoted(tex: str, text: str, start: int) -> str:
    """Math over several lines of a block quote without the quote's ``>`` marks (TeX, not a "greater than")."""
    if "\n" not in tex or ">" not in tex:
        return tex
    depth = INDENT.match(text, text.rfind("\n", 0, start) + 1).group().count(">")
    return re.sub(rf"\n(?:[ \t]*>[ \t]?){{1,{depth}}}", "\n", tex) if depth else tex


def masked(text: str) -> str:
    """The text with math blanked out (same length): citations look for '@' and '[' in what is left."""
    spans = find_math(text)
    if not spans:
        return text
    chars = list(text)
    for s in spans:
        chars[s.start:s.end] = "\0" * (s.end - s.start)
    return "".join(chars)


OPERATOR_NAMES = {r"\arg"}  # as <mi>arg</mi>, as latex2mathml writes \sin: the others it knows
LIMITS_BELOW = {"lim", "max", "min", "sup", "inf", "limsup", "liminf", "det", "gcd", "Pr"}  # amsmath's \operatorname*


@functools.lru_cache(maxsize=4096)
def tex_to_mathml(tex: str, display: bool) -> tuple[str, tuple[str, ...]]:
    """TeX -> (MathML, unsupported commands). The MathML is '' when latex2mathml cannot read it."""
    import latex2mathml.converter
    import lxml.etree  # here, as latex2mathml: a paper without math loads neither

    if (define := texmacros.DEFINE.search(tex)):  # a definition left unread: its braces never close
        return "", (define.group() + " (its braces do not close)",)
    source = tex.replace(r"\begin{aligned}", r"\begin{split}").replace(r"\end{aligned}", r"\end{split}")
    try:
        mathml = latex2mathml.converter.convert(source, display="block" if display else "inline")
        root = lxml.etree.fromstring(mathml.encode())
    except Exception as exc:  # latex2mathml raises many kinds; each means "cannot read this TeX"
        return "", (f"{type(exc).__name__}: {exc}".strip(),)
    for mi in root.iter("{*}mi"):  # amsmath's operator names latex2mathml leaves as commands: upright names
        if (mi.text or "").strip() in OPERATOR_NAMES:
            mi.text = mi.text.strip()[1:]
    if display:  # \max_\theta, \lim_{x \to 0} in display: the limit under the operator, as TeX sets it (\sum's is)
        _limits_below(root, True, _nolimits(source, root))
    unknown = tuple(sorted({t.strip() for t in root.itertext() if re.match(r"\s*\\[A-Za-z]+", t)}))
    if unknown:
        return "", unknown
    root.set("alttext", tex)
    return lxml.etree.tostring(root, encoding="unicode"), ()


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
        return mathrows.rows_html(span.rows, body, bool(mathml), 2 if span.tex.startswith(r"\begin{align*}") else 1)
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


def number_equations(htmls: list[str]) -> list[str]:
    """Number the numbered equations 1, 2, … across the paper (chapters in reading order)."""
    counter = 0

    def one(m):
        nonlocal counter
        counter += 1
        return m.group().replace(NUMBER_MARK, str(counter))
    def one_or_rows(m):
        nonlocal counter
        if not m.group("rows"):
            return one(m)
        block, added = mathrows.number_block(m.group(), counter)
        counter += added
        return block
    pattern = re.compile(f'(?P<rows><div class="math display math-rows"[^>]*>.*?</div>)'
                         f'|data-number="{NUMBER_MARK}".*?\\({NUMBER_MARK}\\)', re.S)
    return [pattern.sub(one_or_rows, h) for h in htmls]


PANDOC_SPAN = re.compile(r'<span class="math (inline|display)">\\[(\[](.*?)\\[)\]]</span>', re.S)


def pandoc_spans(html: str) -> str:
    """pandoc-style ``<span class="math inline">\\(…\\)</span>`` (bibliography titles) -> MathML."""
    def one(m):
        tex = htmlmod.unescape(m.group(2))
        return math_html(MathSpan(0, 0, tex, m.group(1) == "display", False, ""))
    return PANDOC_SPAN.sub(one, html)


MATH_ELEMENT = re.compile(r"<math\b[^>]*>.*?</math>", re.S)


SVG_SIZE = 20.0  # ziamath's font size; the image is then scaled in em, so math follows its text's size


@functools.lru_cache(maxsize=4096)
def _svg(mathml: str) -> tuple[str, float, float, float]:
    """MathML -> (SVG, width, height, depth below the baseline), in em of the surrounding text."""
    import ziamath

    math = ziamath.Math(mathml, size=SVG_SIZE, margin=0)
    width, height = math.getsize()
    return math.svg(), width / SVG_SIZE, height / SVG_SIZE, -math.getyofst() / SVG_SIZE


NUMBERED_ROWS = re.compile(r'(<div class="math display math-rows") data-number-cells="(\d)">(.*?)(<math\b[^>]*>.*?</math>)</div>',
                           re.S)


def mathml_to_svg(html: str) -> str:
    """Print HTML: every MathML element -> an SVG image set on the text's baseline (WeasyPrint draws SVG);
    an equation of numbered lines as two, its lines centred and their numbers at the right margin."""
    def img(element: str, kind: str = "math-svg", rows: str = "") -> str:
        svg, width, height, depth = _svg(element)
        alt = re.search(r'alttext="([^"]*)"', element)
        data = base64.b64encode(svg.encode()).decode()
        # lines wider than the column are made smaller, their height with them (not a box as tall, the lines
        # in its middle); the numbers as tall as the lines' image, so each stays on its line
        size = {"lines": f"width: {width:.4f}em", "numbers": "height: 100%"}.get(rows, f"width: {width:.4f}em; height: {height:.4f}em")
        return (f'<img class="{kind}" alt="{alt.group(1) if alt else ""}" src="data:image/svg+xml;base64,{data}" '
                f'style="{size}; vertical-align: {-depth:.4f}em">')

    def rows(m):
        lines, numbers = mathrows.split_numbers(m.group(4), int(m.group(2)))
        return f'{m.group(1)}>{m.group(3)}{img(lines, rows="lines")}{img(numbers, "math-svg eq-numbers", "numbers")}</div>'
    return MATH_ELEMENT.sub(lambda m: img(m.group()), NUMBERED_ROWS.sub(rows, html))
