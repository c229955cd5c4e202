"""Markdown of other tools: one chapter's text -> a warning at file:line:col for each construct of
MyST / Jupyter Book, Obsidian (Zettlr, Typora) or MultiMarkdown that pandoc's Markdown, and so
briefpress, prints as typed or as code, saying what to write instead.

The paper prints as pandoc prints it (but for MyST's directive fences, which :func:`briefpress.dialect_rewrite.rewrite` makes
callouts, figures, display math or code where pandoc prints code or text that runs into the next
fence, and a ``(label)=`` target before a heading, the heading's id; Obsidian's callouts, and its
``%%comments%%``, left out), and the warning says why the page shows ``(sec-intro)=``, ``{cite}`key```, ``{{ name }}``, ``[[Wikilink]]``, ``==highlight==``,
``> [!note]``, ``%%a private comment%%``, ``[TOC]``, ``^block-id``, ``Title: …`` lines or ``[#key]``. Codes: ``dialect.myst``,
``dialect.obsidian``, ``dialect.mmd``. Run by lint (so by every build).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .diagnostics import Diagnostic, SourceLocation
from .dialect_rewrite import (ADMONITIONS, CALLOUT, CALLOUTS, COMMENT, DIRECTIVE, SHAPED, TARGET, _callout_end,
                              _closing, _fence_lines, _heading_after, masked)
from .quarto import fences_blanked

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
ROLE = re.compile(r"\{(?P<role>[A-Za-z][\w:-]*)\}`(?P<content>[^`\n]+)`")
EQ_LABEL = re.compile(r"\$\$[ \t]*\((?P<label>[\w:.-]+)\)[ \t]*$", re.M)
# not '[[1]](#ftnt1)' or '[[1]][ref]': a link whose text is '[1]' (Google Docs' footnote marks)
WIKILINK = re.compile(r"(?P<embed>!?)\[\[(?P<target>[^\[\]\n|]+)(?:\|(?P<text>[^\[\]\n]*))?\]\](?!\(|\[(?!\[))")
HIGHLIGHT = re.compile(r"(?<![=\w])==(?=[^\s=])(?P<text>[^=\n]+?)(?<=\S)==(?![=\w])")
SUBSTITUTION = re.compile(r"\{\{\s*[A-Za-z_][\w.]*\s*\}\}")  # MyST's {{ name }} (Quarto's {{< >}} are read)
MYST_LINE = re.compile(r"(?m)^(?P<mark>\+\+\+|%)(?:[ \t][^\n]*)?$")  # jupytext's cell break, a MyST comment
TOC_MARK = re.compile(r"(?mi)^[ \t]{0,3}\[toc\][ \t]*$")  # Typora's, Obsidian plugins'
BLOCK_ID = re.compile(r"(?m)(?<=\S)[ \t]+\^(?P<id>[A-Za-z0-9-]+)[ \t]*$")  # Obsidian's block reference target
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
    for m in _scan(DIRECTIVE, text, "{"):
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
    for m in _scan(TARGET, fenced, ")="):
        label = m.group("label")
        read = _heading_after(lines, line_of(m.start())) is not None
        warn("myst", m.start("label") - 1, f"the MyST target '({label})=' is "
             + ("read as the id of the heading after it, but pandoc prints it as text; write "
                f"'# Heading {{#{label}}}' for both to agree" if read else
                f"printed as text; put the id on what it names: '# Heading {{#{label}}}'"))
    for m in _scan(ROLE, fenced, "}`"):
        warn("myst", m.start(), f"the MyST role {{{m.group('role')}}} is printed as text and code; write "
             f"{_role_advice(m.group('role').lower(), m.group('content'))}")
    plain = masked(text, fenced=fenced)
    for m in _scan(EQ_LABEL, masked(text, math=False, fenced=fenced) if "$$" in text else "", "$$"):  # after the closing '$$'
        warn("myst", m.start("label") - 1, f"the equation label '({m.group('label')})' is printed as text; write "
             f"'$$ … $$ {{#eq-{m.group('label').removeprefix('eq-')}}}'")
    for m in _scan(SUBSTITUTION, plain, "{{"):
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
    for m in _scan(BLOCK_ID, plain, "^"):
        warn("obsidian", m.start("id") - 1, f"the block id '^{m.group('id')}' is printed as typed; delete it, or give "
             f"the paragraph an id: '[text]{{#{m.group('id')}}}'")
    for m in _scan(WIKILINK, plain, "[["):
        if m.group("embed"):
            warn("obsidian", m.start(), f"the embed '![[{m.group('target')}]]' is printed as typed; write "
                 f"'![Description]({m.group('target').split('#')[0].strip()})'")
        else:
            shown = (m.group("text") or m.group("target")).strip()
            warn("obsidian", m.start(), f"the wikilink '[[…]]' is printed as typed; write '{shown}' as text, or "
                 f"a link: '[{shown}](#heading-id)'")
    for m in _scan(HIGHLIGHT, plain, "=="):
        warn("obsidian", m.start(), f"'=={m.group('text')}==' is printed as typed; write '[{m.group('text')}]{{.mark}}' "
             "for a highlight")
    for m in _scan(CALLOUT, plain, "[!"):
        kind = m.group("kind").lower()
        title = m.group("title").strip().replace('"', "'")
        here = "as a callout here, but pandoc prints" if _callout_end(lines, line_of(m.start())) else "as"
        warn("obsidian", _indent_end(m), f"the callout '[!{m.group('kind')}]' is printed {here} a quotation beginning "
             f"'[!{m.group('kind')}]'; write '::: {{.callout-"
             f"{kind if kind in CALLOUTS else 'note'}" + (f' title="{title}"' if title else "")
             + "}', the text, then ':::' for both to agree")
    for m in _scan(COMMENT, plain, "%%"):
        warn("obsidian", m.start(), "the comment '%%…%%' is left out here, as Obsidian hides it, but pandoc prints "
             "it; write '<!-- … -->' for both to keep it out")
    head = MMD_HEADER.match(plain)
    if head and head.group("key").strip().lower() in MMD_KEYS:
        warn("mmd", head.start("key"), "MultiMarkdown metadata lines ('Title: …') are printed as text; put them in a "
             "YAML front matter between '---' lines ('title: …', 'author: …', 'bibliography: refs.bib')")
    for m in _scan(MMD_CITE, plain, "[#"):
        locator = (m.group("locator") or "").strip()
        warn("mmd", m.start(), f"the MultiMarkdown citation '[#{m.group('key')}]' is not read; write "
             f"'[@{m.group('key')}{', ' + locator if locator else ''}]'")
    for m in _scan(MMD_CAPTION, plain, "|"):
        warn("mmd", m.start("caption"), f"the MultiMarkdown table caption '{m.group('caption')}' is printed as text; "
             "write ': Caption {#tbl-name}' after the table")
    return out


def _scan(pattern: re.Pattern, text: str, needle: str):
    """``pattern``'s matches in ``text``, none when the text lacks ``needle``, which every match holds: a
    pattern whose match may start anywhere was tried at every character of every chapter (~15 ms of the
    KCSS paper's 17 ms here, before its first part could be laid out). Masking blanks code and math with
    spaces, so a needle missing from a text is missing from its masked text."""
    return pattern.finditer(text) if needle in text else ()


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
