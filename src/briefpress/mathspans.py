"""Math spans: a chapter's Markdown -> every TeX math span in it (:class:`MathSpan`), as pandoc finds them.

Math is found the way pandoc does: ``$…$`` (no space after the opening ``$``, none before the
closing one, and the closing one not followed by a digit, so ``$20 and $30`` stays text),
``$$…$$``, ``\\(…\\)``, ``\\[…\\]`` (at the start of a line: in running text ``\\[sic\\]`` is
Markdown's escaped bracket) and the ``equation``, ``align``, ``alignat``, ``flalign``, ``gather``,
``multline`` and ``eqnarray`` environments (starred or not), outside code, comments and link targets. Display math may end with
``{#eq:id}``; such equations and the unstarred environments are numbered. Each span carries its
TeX with the file's ``\\newcommand`` macros expanded (:mod:`briefpress.texmacros`), its label, tag
and an align's rows. :func:`masked` returns the text with the math blanked (for the citation
reader); :func:`with_definitions` and :func:`with_file_macros` return a text with TeX macro
definitions appended as a span that prints nothing. :mod:`briefpress.mathtex` renders the spans.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from . import list_markers, mathrows, texmacros
from .code import Masking

ENVS = r"(?:equation|alignat|align|flalign|gather|multline|eqnarray|displaymath)\*?"
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
# the lookahead: a fence's line start, else the characters the other alternatives start with (3-5x faster)
NOT_MATH = Masking(r"(?s)(?:(?m:^)|(?=[`<\]]))(?:", r"|(?<!`)(`+)(?=`{0,2}(?!`))(?:(?!\n[ \t]*\n).)+?(?<!`)\2(?!`)|<!--.*?-->|\]\([^)\s]*\)|<https?:[^>\s]*>)", re.M)


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
    spread: bool = False  # a flalign: its column pairs spread to the full width in print


# up to its text's column (':' and '~': a definition's)
ITEM_TEXT = re.compile(r"[ \t]*(?:[-*+]|\d+[.)]|\(@[\w-]*\)|[:~])(?: {1,4}(?=\S)| )")
QUOTED = re.compile(r"^(?: {0,3}> ?)+")
LIST_OR_NOTE = re.compile(r"[ \t]*([-*+]|\d+[.)]|\(@[\w-]*\)|[:~]|\[\^[^\]]+\]:)[ \t]")  # (@): an example item


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
            elif (item := ITEM_TEXT.match(previous)) and indent >= (text_col := _item_col(item, previous)) + 4:
                code_at = text_col + 4  # an item's code: 4 past its text (lists.py writes its fences so)
        if code_at and line.strip() and indent < code_at:
            code_at = 0
        if code_at and line.strip():
            out.append((pos, pos + len(whole)))
        elif line.strip():
            previous = line
        blank = not line.strip()
        pos += len(whole)
    return out


def _item_col(item: re.Match, line: str) -> int:
    return list_markers.blocks_col(len(item.group().expandtabs(4)), _indent(line))


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


PAIRS = re.compile(r"\s*\{\s*(\d+)\s*\}")  # alignat's argument: its number of column pairs


def _environment(start: int, end: int, env: str, body: str, label: str) -> MathSpan:
    name = env.rstrip("*")
    pairs = 0
    if name == "alignat" and (arg := PAIRS.match(body)):
        pairs, body = int(arg.group(1)), body[arg.end():]
    if name in mathrows.ROWS_ENVS and not label:  # {#eq:x} after it: one number, pandoc-crossref's
        rows = mathrows.rows_of(env, body)
        if len(rows) > 1 or name in mathrows.PAIRS_ENVS:
            return MathSpan(start, end, mathrows.table_tex(env, rows, pairs), True, False, "", rows=tuple(rows),
                            spread=name == "flalign")
    # LaTeX's own label and \nonumber, as papers converted from LaTeX carry them.
    tex_label = re.search(r"\\label\{([^}\s]+)\}", body)
    label = label or (tex_label.group(1) if tex_label else "")
    numbered = bool(label) or not env.endswith("*") and env != "displaymath"
    if env.startswith("equation") and re.search(r"\\(nonumber|notag)\b", body):
        numbered = False
    body = re.sub(r"\\label\{[^}]*\}|\\(nonumber|notag)\b", "", body)
    tag = TEX_TAG.search(body)  # its own number, as in $$…$$ (_display)
    body = TEX_TAG.sub("", body)
    if name == "alignat":  # no space between its pairs but what the TeX gives
        body = rf"\begin{{split}}{body}\end{{split}}"
    elif env.startswith(("align", "flalign")):
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
