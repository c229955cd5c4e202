"""Markdown of other tools: one chapter's text -> a warning at file:line:col for each construct of
MyST / Jupyter Book, Obsidian (Zettlr, Typora) or MultiMarkdown that pandoc's Markdown, and so
briefpress, prints as typed or as code, saying what to write instead.

The paper prints as pandoc prints it (but for MyST's directive fences, which :func:`rewrite` makes
callouts, figures, display math or code where pandoc prints code or text that runs into the next
fence, and a ``(label)=`` target before a heading, the heading's id; Obsidian's callouts, and its
``%%comments%%``, left out), and the warning says why the page shows ``(sec-intro)=``, ``{cite}`key```, ``{{ name }}``, ``[[Wikilink]]``, ``==highlight==``,
``> [!note]``, ``%%a private comment%%``, ``[TOC]``, ``^block-id``, ``Title: …`` lines or ``[#key]``. Codes: ``dialect.myst``,
``dialect.obsidian``, ``dialect.mmd``. Run by lint (so by every build).
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort

from .diagnostics import Diagnostic, SourceLocation
from .quarto import fences_blanked

ADMONITIONS = {"note", "warning", "tip", "important", "caution", "attention", "danger", "error", "hint",
               "seealso", "admonition", "dropdown", "margin", "sidebar", "topic", "epigraph", "pull-quote"}
SHAPED = {"figure", "math", "code-cell", "code-block", "code"}  # printed as pandoc's figure, math, code
CALLOUTS = {"note", "warning", "tip", "important", "caution"}  # pandoc's (Quarto's) callout kinds
DIRECTIVE_ADVICE = {
    "figure": "an image with its caption: '![Caption](file.png){#fig-name}'",
    "image": "an image: '![Description](file.png)'",
    "math": "display math: '$$ … $$ {#eq-label}'",
    "code-cell": "a fenced code block: '```python' (briefpress never runs code)",
    "code-block": "a fenced code block: '```python'",
    "code": "a fenced code block: '```python'",
    "list-table": "a pipe table, with ': Caption {#tbl-name}' after it",
    "table": "a pipe table, with ': Caption {#tbl-name}' after it",
    "csv-table": "a pipe table, with ': Caption {#tbl-name}' after it",
    "toctree": "nothing: briefpress makes the table of contents ('toc: true' in the front matter)",
    "tableofcontents": "nothing: briefpress makes the table of contents ('toc: true' in the front matter)",
    "tab-set": "a tabset: '::: {.panel-tabset}', a '## Title' heading per tab, then ':::'",
    "tab-item": "a tabset: '::: {.panel-tabset}', a '## Title' heading per tab, then ':::'",
    "bibliography": "'::: {#refs}' ':::' where the reference list goes, or nothing (it goes at the end)",
}
OTHER_DIRECTIVES = {"card", "grid", "grid-item", "grid-item-card", "glossary", "include",
                    "literalinclude", "embed", "raw", "only", "versionadded", "versionchanged", "deprecated",
                    "iframe", "exercise", "solution", "proof", "rubric", "parsed-literal", "button-link", "eval-rst"}
DIRECTIVE = re.compile(r"(?m)^[ \t]{0,3}(`{3,}|~{3,}|:{3,})[ \t]*\{(?P<name>[A-Za-z][\w:-]*)\}(?P<arg>[^\n]*)$")
TARGET = re.compile(r"(?m)^[ \t]{0,3}\((?P<label>[^()\s]+)\)=[ \t]*$")
ROLE = re.compile(r"\{(?P<role>[A-Za-z][\w:-]*)\}`(?P<content>[^`\n]+)`")
EQ_LABEL = re.compile(r"\$\$[ \t]*\((?P<label>[\w:.-]+)\)[ \t]*$", re.M)
# not '[[1]](#ftnt1)' or '[[1]][ref]': a link whose text is '[1]' (Google Docs' footnote marks)
WIKILINK = re.compile(r"(?P<embed>!?)\[\[(?P<target>[^\[\]\n|]+)(?:\|(?P<text>[^\[\]\n]*))?\]\](?!\(|\[(?!\[))")
HIGHLIGHT = re.compile(r"(?<![=\w])==(?=[^\s=])(?P<text>[^=\n]+?)(?<=\S)==(?![=\w])")
CALLOUT = re.compile(r"(?m)^[ \t]{0,3}>[ \t]*\[!(?P<kind>[A-Za-z-]+)\][+-]?[ \t]*(?P<title>[^\n]*)$")
CODE = re.compile(r"(?<!`)(`+)(?!`)[^\n]+?(?<!`)\1(?!`)")  # a code span: runs of equal length (a line of '`' is linear)
# TeX, where '%%', '[[', '==' and '% ' are TeX's: $$…$$, and $…$ by pandoc's rules
# (mathspans.py's rules for these two)
NOT_MATH = re.compile(r"(?<!\\)\$\$.+?\$\$"
                        r"|(?<![\\$])\$(?=[^\s$])(?:\\.|[^$\\\n]|\n(?![ \t]*\n))+?(?<![\s\\])\$(?!\d)", re.S)
SUBSTITUTION = re.compile(r"\{\{\s*[A-Za-z_][\w.]*\s*\}\}")  # MyST's {{ name }} (Quarto's {{< >}} are read)
MYST_LINE = re.compile(r"(?m)^(?P<mark>\+\+\+|%)(?:[ \t][^\n]*)?$")  # jupytext's cell break, a MyST comment
TOC_MARK = re.compile(r"(?mi)^[ \t]{0,3}\[toc\][ \t]*$")  # Typora's, Obsidian plugins'
BLOCK_ID = re.compile(r"(?m)(?<=\S)[ \t]+\^(?P<id>[A-Za-z0-9-]+)[ \t]*$")  # Obsidian's block reference target
COMMENT = re.compile(r"(?<!%)%%(?!%)(?P<text>.+?)(?<!%)%%(?!%)", re.S)
MMD_KEYS = {"title", "author", "date", "affiliation", "base header level", "bibliography", "css", "keywords",
            "copyright", "latex input", "latex config", "latex mode", "html header", "quotes language"}
# two 'Key: value' lines opening the file, the first a MultiMarkdown key
MMD_HEADER = re.compile(r"\A(?:[ \t]*\n)*(?P<key>[A-Za-z][\w \t-]*?)[ \t]*:[ \t]+\S[^\n]*\n[A-Za-z][\w \t-]*:[ \t]")
MMD_CITE = re.compile(r"(?:\[(?P<locator>[^\[\]\n]*)\])?\[#(?P<key>[A-Za-z][\w:.-]*)\]")
MMD_CAPTION = re.compile(r"(?m)^[ \t]*\|[^\n]*\|[ \t]*\n(?P<caption>\[[^\[\]\n]+\](?:\[[^\[\]\n]*\])?)[ \t]*$")


def problems(text: str, path: str) -> list[Diagnostic]:
    """Every MyST, Obsidian and MultiMarkdown construct of one chapter, at its place."""
    out: list[Diagnostic] = []

    starts = [0] + [n.end() for n in re.finditer("\n", text)]  # each line's offset: its number by bisection

    def line_of(offset: int) -> int:
        return bisect_right(starts, offset) - 1

    def warn(code: str, offset: int, message: str) -> None:  # by bisection: thousands of warnings stay linear
        line = line_of(offset)
        out.append(Diagnostic("warning", f"dialect.{code}", message,
                              SourceLocation(path, line + 1, offset - starts[line] + 1)))

    in_code = _in_code(text.split("\n"))
    for m in DIRECTIVE.finditer(text):
        if line_of(m.start()) in in_code:
            continue  # an example in a code block ('````markdown'): rewrite leaves it, pandoc prints it as code
        name = m.group("name").lower()
        if not (name in ADMONITIONS or name in DIRECTIVE_ADVICE or name in OTHER_DIRECTIVES or ":" in name
                or m.group("arg").strip()):
            continue  # ```{r}, ```{python}: a Quarto or R Markdown chunk (chunks.py)
        arg = m.group("arg").strip().replace('"', "'")
        if m.group(1)[0] != ":" and name in SHAPED | {"figure"}:  # rewrite prints them so
            shown = {"figure": "a figure", "math": "display math"}.get(name, "code")
            warn("myst", m.start(1), f"the MyST directive {{{m.group('name')}}} is printed as {shown} here, but pandoc "
                 f"prints it as code or text; write {DIRECTIVE_ADVICE[name]} for both to agree")
            continue
        if name in ADMONITIONS:  # printed as a callout (rewrite), which pandoc would print as code
            kind = name if name in CALLOUTS else "note"
            warn("myst", m.start(1), f"the MyST directive {{{m.group('name')}}} is printed as a callout here, but pandoc "
                 f"prints it as code or text; write '::: {{.callout-{kind}" + (f' title="{arg}"' if arg else "")
                 + "}', the text, then ':::' for both to agree")
            continue
        if name == "code-cell" and arg:
            todo = f"a fenced code block: '```{arg.split()[0]}' (briefpress never runs code)"
        else:
            todo = DIRECTIVE_ADVICE.get(name, "pandoc Markdown")
        warn("myst", m.start(1), f"the MyST directive {{{m.group('name')}}} is not read (pandoc prints it as code or "
             f"text); write {todo}")
    fenced = fences_blanked(text)
    lines = text.split("\n")
    for m in TARGET.finditer(fenced):
        label = m.group("label")
        read = _heading_after(lines, line_of(m.start())) is not None
        warn("myst", m.start("label") - 1, f"the MyST target '({label})=' is "
             + ("read as the id of the heading after it, but pandoc prints it as text; write "
                f"'# Heading {{#{label}}}' for both to agree" if read else
                f"printed as text; put the id on what it names: '# Heading {{#{label}}}'"))
    for m in ROLE.finditer(fenced):
        warn("myst", m.start(), f"the MyST role {{{m.group('role')}}} is printed as text and code; write "
             f"{_role_advice(m.group('role').lower(), m.group('content'))}")
    plain = masked(text, fenced=fenced)
    for m in EQ_LABEL.finditer(masked(text, math=False, fenced=fenced)):  # after the closing '$$'
        warn("myst", m.start("label") - 1, f"the equation label '({m.group('label')})' is printed as text; write "
             f"'$$ … $$ {{#eq-{m.group('label').removeprefix('eq-')}}}'")
    for m in SUBSTITUTION.finditer(plain):
        warn("myst", m.start(), f"the MyST substitution '{m.group()}' is printed as typed; write its text, or "
             "Quarto's '{{< meta name >}}' with the value in the front matter")
    for m in MYST_LINE.finditer(plain):
        before = lines[line_of(m.start()) - 1].strip() if m.start() else ""
        if m.group("mark") == "%" and before and not before.startswith("%"):
            continue  # '40\n% of the total': a paragraph's line, wrapped
        if m.start() or m.group("mark") == "+++":  # a '%' line opening the file is pandoc's title block
            what = "'+++' (jupytext's cell break, or Hugo's TOML front matter)" if m.group("mark") == "+++" else "the MyST comment '% …'"
            warn("myst", m.start(), f"{what} is printed as text; delete it, or write '<!-- … -->'")
    for m in TOC_MARK.finditer(plain):
        warn("obsidian", _indent_end(m), "'[TOC]' is printed as typed; set 'toc: true' in the front matter for a table "
             "of contents")
    for m in BLOCK_ID.finditer(plain):
        warn("obsidian", m.start("id") - 1, f"the block id '^{m.group('id')}' is printed as typed; delete it, or give "
             f"the paragraph an id: '[text]{{#{m.group('id')}}}'")
    for m in WIKILINK.finditer(plain):
        if m.group("embed"):
            warn("obsidian", m.start(), f"the embed '![[{m.group('target')}]]' is printed as typed; write "
                 f"'![Description]({m.group('target').split('#')[0].strip()})'")
        else:
            shown = (m.group("text") or m.group("target")).strip()
            warn("obsidian", m.start(), f"the wikilink '[[…]]' is printed as typed; write '{shown}' as text, or "
                 f"a link: '[{shown}](#heading-id)'")
    for m in HIGHLIGHT.finditer(plain):
        warn("obsidian", m.start(), f"'=={m.group('text')}==' is printed as typed; write '[{m.group('text')}]{{.mark}}' "
             "for a highlight")
    for m in CALLOUT.finditer(plain):
        kind = m.group("kind").lower()
        title = m.group("title").strip().replace('"', "'")
        here = "as a callout here, but pandoc prints" if _callout_end(lines, line_of(m.start())) else "as"
        warn("obsidian", _indent_end(m), f"the callout '[!{m.group('kind')}]' is printed {here} a quotation beginning "
             f"'[!{m.group('kind')}]'; write '::: {{.callout-"
             f"{kind if kind in CALLOUTS else 'note'}" + (f' title="{title}"' if title else "")
             + "}', the text, then ':::' for both to agree")
    for m in COMMENT.finditer(plain):
        warn("obsidian", m.start(), "the comment '%%…%%' is left out here, as Obsidian hides it, but pandoc prints "
             "it; write '<!-- … -->' for both to keep it out")
    head = MMD_HEADER.match(plain)
    if head and head.group("key").strip().lower() in MMD_KEYS:
        warn("mmd", head.start("key"), "MultiMarkdown metadata lines ('Title: …') are printed as text; put them in a "
             "YAML front matter between '---' lines ('title: …', 'author: …', 'bibliography: refs.bib')")
    for m in MMD_CITE.finditer(plain):
        locator = (m.group("locator") or "").strip()
        warn("mmd", m.start(), f"the MultiMarkdown citation '[#{m.group('key')}]' is not read; write "
             f"'[@{m.group('key')}{', ' + locator if locator else ''}]'")
    for m in MMD_CAPTION.finditer(plain):
        warn("mmd", m.start("caption"), f"the MultiMarkdown table caption '{m.group('caption')}' is printed as text; "
             "write ': Caption {#tbl-name}' after the table")
    return out


def rewrite(text: str) -> str:
    """MyST's admonitions (```` ```{note} ````, ``:::{warning} Title``) -> pandoc's callouts
    (``::: {.callout-warning title="Title"}`` … ``:::``), their option lines (``:class: tip``) blank:
    printed as a note box, where pandoc prints code. Every line stays where it was."""
    if "%%" in text:  # Obsidian's comments: blank, lines kept
        plain = masked(text)
        text = "".join(_blanked_spans(text, COMMENT.finditer(plain)))
    if not (("{" in text and DIRECTIVE.search(text)) or (")=" in text and TARGET.search(text))
            or ("[!" in text and CALLOUT.search(text))):
        return text
    lines = text.split("\n")
    original, fences = tuple(lines), _fence_lines(lines)
    i = 0
    while i < len(lines):
        m = DIRECTIVE.match(lines[i])
        target = TARGET.match(lines[i])
        heading = _heading_after(lines, i) if target else None
        if heading is not None:  # '(sec-x)=' then '# Heading': the heading's id
            lines[heading] += f" {{#{target.group('label')}}}"
            lines[i] = ""
        fence = re.match(r"[ \t]{0,3}(`{3,}|~{3,})", lines[i])
        if m and m.group("name").lower() in ADMONITIONS:
            end = _closing(lines, i, m.group(1), fences) or len(lines)
            name, arg = m.group("name").lower(), m.group("arg").strip().replace('"', "'")
            kind = name if name in CALLOUTS else "note"
            lines[i] = f"::: {{.callout-{kind}" + (f' title="{arg}"' if arg else "") + "}"
            k = i + 1
            while k < end and re.match(r"[ \t]*:[\w-]+:", lines[k]):
                lines[k], k = "", k + 1
            if end < len(lines):
                lines[end] = ":::"
                insort(fences[":"], end)
            i += 1  # its body may hold more
        elif m and m.group(1)[0] != ":" and (m.group("name").lower() in SHAPED or m.group("arg").strip()):
            i = _shaped(lines, i, m, fences) + 1
        elif fence:  # code: nothing in it is a directive
            i = (_closing(lines, i, fence.group(1), fences) or len(lines)) + 1
        elif (callout := CALLOUT.match(lines[i])) and _callout_end(original, i) is not None:
            i = _callout(lines, i, callout, _callout_end(original, i))
            insort(fences[":"], i - 1)
        else:
            i += 1
    return "\n".join(lines)


def _blanked_spans(text: str, matches):
    """The pieces of text with each match's characters blanked, line breaks kept (one pass, in order)."""
    pos = 0
    for m in matches:
        yield text[pos:m.start()]
        yield re.sub(r"[^\n]", " ", m.group())
        pos = m.end()
    yield text[pos:]


def _indent_end(m: re.Match) -> int:
    """Where a line's construct starts, after the indent its pattern allows."""
    return m.start() + len(m.group()) - len(m.group().lstrip(" \t"))


def _in_code(lines: list[str]) -> set[int]:
    """The lines inside code blocks that are no directive's, as :func:`rewrite` walks them."""
    inside, closers, fences, i = set(), set(), _fence_lines(lines), 0
    while i < len(lines):
        fence = re.match(r"[ \t]{0,3}(`{3,}|~{3,})", lines[i])
        directive = DIRECTIVE.match(lines[i])
        if directive and directive.group("name").lower() in ADMONITIONS:
            closers.add(_closing(lines, i, directive.group(1), fences))  # its body may hold more
        elif fence and i not in closers:
            end = _closing(lines, i, fence.group(1), fences) or len(lines)
            if not directive:
                inside.update(range(i + 1, end))
            i = end
        i += 1
    return inside


def _callout_end(lines, i: int) -> int | None:
    """The blank line after the quotation Obsidian's callout opens at line ``i`` (which starts a block),
    where ':::' can go; None (left a quotation) when the file ends first."""
    if i and lines[i - 1].strip():
        return None
    end = next((k for k in range(i + 1, len(lines)) if not re.match(r"[ \t]{0,3}>", lines[k])), len(lines))
    return end if end < len(lines) and not lines[end].strip() else None


def _callout(lines: list[str], i: int, m: re.Match, end: int) -> int:
    """Obsidian's '> [!tip] Title' quotation -> a pandoc callout: its '>' marks become spaces and
    ':::' goes on the blank line after it. Returns the line after it."""
    kind = m.group("kind").lower()
    title = m.group("title").strip().replace('"', "'")
    lines[i] = f"::: {{.callout-{kind if kind in CALLOUTS else 'note'}" + (f' title="{title}"' if title else "") + "}"
    for k in range(i + 1, end):
        lines[k] = re.sub(r"^([ \t]{0,3})>[ ]?", lambda q: q.group(1) + " " * (len(q.group()) - len(q.group(1))),
                          lines[k], count=1)
    lines[end] = ":::"
    return end + 1


def masked(text: str, math: bool = True, fenced: str | None = None) -> str:
    """The text with fenced code, code spans, math (unless not ``math``) and HTML comments blanked, lines
    and columns kept.
    (Here, not sanitize's: the link checker reads files through quarto.prepare and loads no Markdown
    or HTML modules.) ``fenced``: the text's ``fences_blanked``, when found already."""
    def blank(m: re.Match) -> str:
        return re.sub(r"[^\n]", " ", m.group())
    code = CODE.sub(blank, fenced if fenced is not None else fences_blanked(text))
    start, pieces, at = code.find("<!--"), [], 0
    while start >= 0 and (end := code.find("-->", start + 4)) >= 0:  # found once: an unclosed '<!--' ends it
        pieces += [code[at:start], re.sub(r"[^\n]", " ", code[start:end + 3])]
        at, start = end + 3, code.find("<!--", end + 3)
    code = "".join(pieces) + code[at:]
    return NOT_MATH.sub(blank, code) if math else code


def _fence_lines(lines: list[str]) -> dict[str, list[int]]:
    """Each fence character's lines of three or more of it alone: where a fence may close (so finding
    each closing line does not read the rest of the file: 6,000 unclosed '```{note}' took 14 s)."""
    found: dict[str, list[int]] = {"`": [], "~": [], ":": []}
    for k, line in enumerate(lines):
        bare = line.strip()
        if len(bare) >= 3 and bare[0] in found and not bare.strip(bare[0]):
            found[bare[0]].append(k)
    return found


def _closing(lines: list[str], at: int, mark: str, fences: dict[str, list[int]]) -> int | None:
    """The line closing the fence ``mark`` opened at line ``at`` (as long or longer, nothing after it).
    ``fences``: :func:`_fence_lines` of the lines (kept up to date where a line became ':::')."""
    candidates = fences[mark[0]]
    for n in range(bisect_right(candidates, at), len(candidates)):
        bare = lines[candidates[n]].strip()
        if bare.startswith(mark) and not bare.strip(mark[0]):  # still: rewrite may have changed it
            return candidates[n]
    return None


def _heading_after(lines: list[str], i: int) -> int | None:
    """The line of the '# Heading' right after line ``i`` (blank lines between), if it has no attributes."""
    k = next((n for n in range(i + 1, len(lines)) if lines[n].strip()), None)
    if k is None or not re.match(r"[ \t]{0,3}#{1,6}[ \t]+\S", lines[k]) or re.search(r"\}[ \t]*#*[ \t]*$", lines[k]):
        return None
    return k


def _shaped(lines: list[str], i: int, m: re.Match, fences: dict[str, list[int]]) -> int:
    """A directive fence pandoc does not read as one (```` ```{figure} file.png ````: text up to its closing
    fence, which opens a code block that runs on) -> a figure, display math or a code block, lines kept.
    Returns the closing line."""
    fence, name, arg = m.group(1), m.group("name").lower(), m.group("arg").strip()
    end = _closing(lines, i, fence, fences) or len(lines)
    options, k = {}, i + 1
    while k < end and (o := re.match(r"[ \t]*:([\w-]+):[ \t]*(.*)$", lines[k])):
        options[o.group(1)], lines[k], k = o.group(2).strip(), "", k + 1
    body = [n for n in range(k, end) if lines[n].strip()]
    label = options.get("name") or options.get("label") or ""
    if name == "figure" and arg and body and end < len(lines):
        attrs = " ".join(([f"#{label}"] if label else []) + [f'{key}="{options[key]}"' for key in ("width", "height")
                                                             if key in options])
        lines[i] = lines[end] = ""
        for n in range(k, end):
            if not lines[n].strip():
                lines[n] = ""  # the caption: one paragraph
        lines[body[0]] = "![" + lines[body[0]].lstrip()
        lines[body[-1]] += f"]({arg})" + (f"{{{attrs}}}" if attrs else "")
    elif name == "math" and body and end < len(lines):
        lines[i], lines[end] = "$$", "$$" + (f" {{#eq-{label.removeprefix('eq-')}}}" if label else "")
    else:  # code-cell python, and any other: its text as code, as pandoc means a fence
        language = arg.split()[0] if name in ("code-cell", "code-block", "code") and arg else ""
        lines[i] = m.group(0)[:m.start(1) - m.start()] + fence + language
    return end


def _role_advice(role: str, content: str) -> str:
    keys = [k.strip() for k in content.split(",") if k.strip()]
    if role in ("cite", "cite:p", "cite:ps", "cite:alp"):
        return "a pandoc citation: '[" + "; ".join(f"@{k}" for k in keys) + "]'"
    if role.startswith("cite"):
        return "a pandoc citation in the text: '" + ", ".join(f"@{k}" for k in keys) + "'"
    if role in ("ref", "numref", "eq", "doc"):
        label = re.sub(r"^.*<(.+)>$", r"\1", content).strip()
        return f"a cross-reference: '@{label}' (the id given as '{{#{label}}}'), or a link '[text](#{label})'"
    if role == "math":
        return f"math: '${content}$'"
    if role in ("sub", "sup"):
        return f"'{'~' if role == 'sub' else '^'}{content}{'~' if role == 'sub' else '^'}'"
    return "the text in pandoc Markdown"
