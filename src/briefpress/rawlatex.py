"""Raw LaTeX in Markdown: the text of one file -> the same text with the commands papers carry mapped
to Markdown (:func:`translate`), and a warning for each command that has no mapping (:func:`problems`).

Mapped: ``\\autoref{x}``, ``\\cref{x}``, ``\\Cref{x}`` (-> "Figure 2"), ``\\ref{x}`` (-> "2"),
``\\eqref{x}`` (-> "(4)") as cross-references (:mod:`briefpress.crossref`); ``\\cite``, ``\\citep``,
``\\parencite``, ``\\autocite`` -> ``[@k]`` and ``\\citet``, ``\\textcite`` -> ``@k``, with natbib's
optional pre- and post-notes; ``\\newpage``, ``\\clearpage``, ``\\pagebreak`` -> a page break in print;
``\\label{x}`` -> an id; ``\\footnote{...}`` (one paragraph) -> an inline note ``^[...]``; ``\\emph``, ``\\textit``, ``\\textbf``, ``\\texttt``, ``\\url``, ``\\href``;
``\\section{}`` (and sub-, subsub-) at a line start -> a heading; a ``figure`` environment with
``\\includegraphics``, ``\\caption`` and ``\\label`` -> a Markdown figure; ``\\%``, ``\\&``, ``\\ldots``.
Math (``$...$``, ``$$...$$``, ``\\(...\\)``, ``\\[...\\]``, environments), code, comments, raw HTML and
link targets are left alone. Lines are never added or removed, so later diagnostics keep their line;
citations and references are padded to their source length, so their columns hold too.
"""

from __future__ import annotations

import re

from . import texmacros
from .code import Masking
from .diagnostics import Diagnostic, SourceLocation, line_col

XREF_MARK = "\ue004"  # stands for '@' in a cross-reference, so citations.py never sees one
PAD = "\ue002"  # removed after citations are placed (see citations.PAD)
MATH_ENVS = {"equation", "align", "gather", "multline", "eqnarray", "displaymath", "math", "split",
             "alignat", "flalign", "aligned", "gathered", "cases", "matrix", "pmatrix", "bmatrix"}
MASK = Masking(  # the lookahead: a fence's line start, else the characters the other alternatives start with (3-5x faster)
    r"(?s)(?:(?m:^)|(?=[`<\]$\\]))(?:", r"|(?<!`)(`+)(?=`{0,2}(?!`))(?:(?!\n[ \t]*\n).)+?(?<!`)\2(?!`)|<!--.*?-->|<https?:[^>\s]*>|\]\([^)\s]*\)|</?[A-Za-z][^<>\n]*>"
    r"|\$\$.+?\$\$|(?<![\\$\w])\$(?=\S)(?:[^$\n]|\n(?!\s*\n))+?(?<=[^\s\\])\$(?!\d)"
    r"|\\\(.+?\\\)|\\\[.+?\\\]"
    r"|\\begin\{(?P<env>[A-Za-z*]+)\}.*?\\end\{(?P=env)\})")
COMMAND = re.compile(r"(?<!\\)\\([A-Za-z]+)\*?")
HEADING_LINE = re.compile(r"#{1,6}\s|\\(sub)*section\*?\{")
REFS = {"autoref": "n", "Autoref": "n", "cref": "n", "Cref": "n", "ref": "s", "eqref": "e"}
CITES = {"cite": "p", "citep": "p", "parencite": "p", "autocite": "p", "citealp": "p", "footcite": "p",
         "citealt": "p", "smartcite": "p", "supercite": "p", "fullcite": "p", "Cite": "p", "Citep": "p",
         "Parencite": "p", "Autocite": "p", "Smartcite": "p", "Footcite": "p",
         "citet": "t", "textcite": "t", "Citet": "t", "Textcite": "t"}
BREAKS = {"newpage", "clearpage", "pagebreak", "cleardoublepage"}
DEFINITIONS = {"newcommand", "renewcommand", "providecommand", "DeclareMathOperator", "def"}
STYLES = {"emph": "*{}*", "textit": "*{}*", "textbf": "**{}**", "texttt": "`{}`", "url": "<{}>"}
PAGE_BREAK = '<div class="page-break" aria-hidden="true"></div>'
SECTIONS = {"section": "#", "subsection": "##", "subsubsection": "###"}
WORDS = {"ldots": "…", "dots": "…", "LaTeX": "LaTeX", "TeX": "TeX"}
WRAPPERS = {"mbox", "textrm", "textup", "textnormal", "textsc", "textsf"}
# Layout a LaTeX build would apply and the theme decides here: left out, with a note (pandoc's HTML leaves
# them out too). Commands taking one {argument} (a length, a style name) lose it with them.
LAYOUT = {"noindent", "indent", "centering", "raggedright", "raggedleft", "bigskip", "medskip", "smallskip",
          "vfill", "hfill", "FloatBarrier", "maketitle", "tableofcontents", "listoffigures", "listoftables",
          "tiny", "scriptsize", "footnotesize", "small", "normalsize", "large", "Large", "LARGE", "huge", "Huge",
          "singlespacing", "onehalfspacing", "doublespacing", "nopagebreak", "linebreak", "par"}
LAYOUT_ARG = {"vspace", "hspace", "addvspace", "needspace", "enlargethispage", "thispagestyle", "pagestyle"}
# environments that only set out their text: the text is kept, the \begin and \end left out
LAYOUT_ENVS = {"center", "flushleft", "flushright", "singlespace", "onehalfspace", "doublespace", "landscape",
               "tiny", "scriptsize", "footnotesize", "small", "normalsize", "large", "Large"}
LINE_WIDTH = re.compile(r"^\s*([\d.]+)\s*\\(?:textwidth|linewidth|columnwidth|hsize)\s*$")


def blanked(text: str) -> str:
    """text with what MASK matches (code, math, comments, autolinks, raw HTML) turned to NULs; the same
    length, so offsets in it are offsets in text."""
    return MASK.sub(lambda m: "\0" * len(m.group()), text)


def _args(text: str, pos: int, optional: int, required: int):
    """Up to ``optional`` [..] arguments then ``required`` {..} ones -> (opts, reqs, end), or None."""
    opts, reqs = [], []
    while len(opts) < optional and (g := texmacros.group(text, pos, "[", "]")):
        opts.append(g[0])
        pos = g[1]
    for _ in range(required):
        g = texmacros.group(text, pos, "{", "}")
        if not g:
            return None
        reqs.append(g[0])
        pos = g[1]
    return opts, reqs, pos


def _one_paragraph(text: str) -> bool:
    """What an inline note ``^[...]`` can hold: no blank line, its square brackets balanced."""
    depth = 0
    for ch in re.sub(r"\\.", "", text):
        depth += (ch == "[") - (ch == "]")
        if depth < 0:
            return False
    return depth == 0 and not re.search(r"\n[ \t]*\n", text)


def _tex(text: str) -> str:
    return text.replace("~", "\u00a0").replace("--", "–").strip()


def _keys(arg: str) -> list[str]:
    return [k.strip() for k in arg.split(",") if k.strip()]


def _cite(kind: str, opts: list[str], keys: list[str]) -> str:
    pre, post = (opts + ["", ""])[:2] if len(opts) == 2 else ("", opts[0] if opts else "")
    pre, post = _tex(pre), _tex(post)
    if kind == "t" and len(keys) == 1:
        return f"@{keys[0]}" + (f" [{post}]" if post else "")
    items = [f"@{k}" for k in keys]
    items[0] = f"{pre} {items[0]}" if pre else items[0]
    items[-1] = f"{items[-1]}, {post}" if post else items[-1]
    return "[" + ";".join(items) + "]"


def ref(mode: str, keys: list[str]) -> str:
    """A reference to ``keys`` as crossref.py reads it: ``mode`` (REFS) "s" the number, "e" "(4)", "n" "Section 2"."""
    marks = [f"{XREF_MARK}{k}" for k in keys]
    if mode == "n":
        return marks[0] if len(marks) == 1 else "[" + "; ".join(marks) + "]"
    inner = "[" + "; ".join("-" + m for m in marks) + "]"
    return f"({inner})" if mode == "e" else inner


def _label(text: str, start: int, end: int, ident: str) -> tuple[int, int, str]:
    """Where a \\label goes: a heading's {#id}, an image's {#id}, else an empty anchor."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if HEADING_LINE.match(text, line_start) and not text[end:line_end].strip():
        return start, end, f" {{#{ident}}}".lstrip() if text[start - 1:start].isspace() else f" {{#{ident}}}"
    image = re.compile(r"!\[([^\]]*)\]\(([^)\s]*)\)(\{[^}\n]*\})?")
    for m in image.finditer(text, line_start, line_end):
        if m.start(1) <= start and end <= m.end(1):
            alt = (text[m.start(1):start].rstrip() + " " + text[end:m.end(1)].lstrip()).strip()
            attrs = m.group(3)[1:-1] if m.group(3) else ""
            return m.start(), m.end(), f"![{alt}]({m.group(2)}){{#{ident} {attrs}}}".replace(" }", "}")
    return start, end, f'<span id="{ident}"></span>'


def _figure(body: str) -> str | None:
    """A LaTeX figure environment -> a Markdown figure: \\includegraphics, \\caption and \\label."""
    image = re.search(r"\\includegraphics\s*(?:\[([^\]]*)\])?\s*\{([^}]*)\}", body)
    if not image:
        return None
    caption = re.search(r"\\caption\s*(?:\[[^\]]*\])?\s*(?=\{)", body)
    text = texmacros.group(body, caption.end(), "{", "}") if caption else None
    label = re.search(r"\\label\{([^}]*)\}", body)
    attrs = [f"#{label.group(1).strip()}"] if label else []
    width = re.search(r"(?:^|,)\s*width\s*=\s*([^,]+)", image.group(1) or "")
    if width:
        share = LINE_WIDTH.match(width.group(1))
        value = f"{float(share.group(1)) * 100:g}%" if share else width.group(1).strip()
        attrs.append(f"width={value}")
    alt = " ".join(translate(text[0]).split()) if text else ""
    return f"![{alt}]({image.group(2).strip()})" + (f"{{{' '.join(attrs)}}}" if attrs else "")


def _environments(text: str, masked: list, start: int, end: int):
    """Yield what _scan yields for the environments between start and end, and NUL their masked spans (code,
    math, environments) in ``masked``. A layout environment (center…) loses only its \\begin and \\end: what it
    holds (a tabular, an equation, code) is read as it would be outside it."""
    for m in MASK.finditer(text, start, end):
        env = m.group("env")
        if env in LAYOUT_ENVS:
            begin, close = len(f"\\begin{{{env}}}"), len(f"\\end{{{env}}}")
            yield m.start(), m.start() + begin, f"begin{{{env}}}", ""
            yield m.end() - close, m.end(), f"end{{{env}}}", ""
            masked[m.start():m.start() + begin] = "\0" * begin
            masked[m.end() - close:m.end()] = "\0" * close
            yield from _environments(text, masked, m.start() + begin, m.end() - close)
            continue
        if env and env.rstrip("*") not in MATH_ENVS:
            rep = _figure(m.group()) if env.rstrip("*") == "figure" else None
            # Lines are kept: the figure is followed by as many line breaks as the environment had.
            yield (m.start(), m.end() if rep else m.start() + len(f"\\begin{{{env}}}"), f"begin{{{env}}}",
                   rep + "\n" * m.group().count("\n") if rep else None)
        masked[m.start():m.end()] = "\0" * (m.end() - m.start())


def _scan(text: str):
    """Yield (start, end, command, replacement or None) for every LaTeX command outside math and code."""
    masked = list(text)
    yield from _environments(text, masked, 0, len(text))
    masked = "".join(masked)
    for m in re.finditer(r"(?<!\\)\\([%&])", masked):
        # as pandoc reads them: the character itself (an '&' before a name and ';' written as its entity, so
        # '\\&copy;' is "&copy;", not "©")
        entity = m.group(1) == "&" and re.match(r"#?\w+;", masked[m.end():m.end() + 40])
        yield m.start(), m.end(), m.group(1), "&amp;" if entity else m.group(1)
    for m in COMMAND.finditer(masked):
        name, start, end = m.group(1), m.start(), m.end()
        rep = None
        if name in REFS and (a := _args(text, end, 0, 1)):
            rep, end = ref(REFS[name], _keys(a[1][0])), a[2]
        elif name in CITES and (a := _args(text, end, 2, 1)):
            rep, end = _cite(CITES[name], a[0], _keys(a[1][0])), a[2]
        elif name in LAYOUT:
            rep, end = "", end + 2 * (text[end:end + 2] == "{}")
        elif name in LAYOUT_ARG and (a := _args(text, end, 0, 1)):
            rep, end = "", a[2]
        elif name in BREAKS:
            rep = PAGE_BREAK
        elif name == "label" and (a := _args(text, end, 0, 1)):
            start, end, rep = _label(text, start, a[2], a[1][0].strip())
        elif name in STYLES and (a := _args(text, end, 0, 1)):
            rep, end = STYLES[name].format(translate(a[1][0]) if name != "texttt" else a[1][0]), a[2]
        elif name == "footnote" and (a := _args(text, end, 1, 1)) and _one_paragraph(a[1][0]):
            rep, end = f"^[{translate(a[1][0]).strip()}]", a[2]  # an inline note: numbered with the others
        elif name == "href" and (a := _args(text, end, 0, 2)):
            rep, end = f"[{a[1][1]}]({a[1][0]})", a[2]
        elif name in SECTIONS and (a := _args(text, end, 1, 1)) and (start == 0 or text[start - 1] == "\n"):
            starred = " {.unnumbered}" if m.group().endswith("*") else ""
            rep, end = f"{SECTIONS[name]} {translate(a[1][0])}{starred}", a[2]
        elif name in WORDS:
            rep, end = WORDS[name], end + 2 * (text[end:end + 2] == "{}")  # \ldots{} as one
        elif name in WRAPPERS and (a := _args(text, end, 0, 1)):
            rep, end = translate(a[1][0]), a[2]
        elif name in DEFINITIONS and (d := texmacros.read_definition(text, texmacros.DEFINE.match(text, start))):
            # a macro for the math: made a math span, which texmacros reads and which then prints nothing
            end = d[4]
            rep = "$" + text[start:end] + "$"
        if rep is not None and (name in REFS or name in CITES) and len(rep) < end - start:
            fill = end - start - len(rep)
            # Padded to the source's length: the columns of later calls on the line stay true.
            rep = rep[:-1] + " " * fill + rep[-1] if rep.endswith("]") else rep + PAD * fill
        yield start, end, name, rep


def translate(text: str) -> str:
    """The text with every mapped command replaced; unmapped ones stay as written."""
    if "\\" not in text:
        return text
    out, pos = [], 0
    for start, end, _name, rep in sorted(_scan(text), key=lambda found: found[0]):
        if rep is None or start < pos:
            continue
        out.append(text[pos:start] + rep)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def problems(text: str, path: str) -> list[Diagnostic]:
    """A warning for each LaTeX command or environment that has no Markdown equivalent here."""
    if "\\" not in text:
        return []
    out, pos, noted = [], 0, set()
    for start, end, name, rep in sorted(_scan(text), key=lambda found: found[0]):
        if start < pos:  # inside what a command before it replaced (a definition's body)
            continue
        if rep is not None:
            pos = end
        if rep == "" and name not in noted and not name.startswith("end{"):
            noted.add(name)
            line, col = line_col(text, start)
            out.append(Diagnostic("info", "latex.layout", f"\\{name} sets the layout of a LaTeX build; the theme "
                                  "sets it here, so it is left out (its text, if any, is kept)",
                                  SourceLocation(path, line, col)))
        if rep is None:
            line, col = line_col(text, start)
            shown = f"\\{name}"
            out.append(Diagnostic("warning", "latex.unsupported",
                                  f"unsupported LaTeX command {shown}; it is printed as written: rewrite it in "
                                  "Markdown (README, 'Manuscript conventions')", SourceLocation(path, line, col)))
    return out
