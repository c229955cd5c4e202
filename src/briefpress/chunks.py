"""Executable chunks of Quarto and R Markdown (```` ```{r} ````, ```` ```{python} ````…), which briefpress
never runs: a file's text -> the same lines with each chunk in a form the later stages read
(:func:`rewrite`), and a Python-Markdown extension that prints it.

A chunk's options come from its header (R Markdown: ```` ```{r fig-x, fig.cap="A plot", echo=FALSE} ````),
its ``#|`` lines (Quarto; YAML), the front matter's ``execute:`` and a ``knitr::opts_chunk$set(...)``
seen earlier in the file, later ones winning. Then:

- ``include: false`` -> nothing (as Quarto prints nothing);
- ``echo`` (default true; false for ``mermaid`` and ``dot``) -> the code, without its ``#|`` lines;
- a chunk labelled ``fig-…`` (or with ``fig-cap``) -> a numbered figure, ``tbl-…`` (or ``tbl-cap``) -> a
  numbered table, with its caption (Markdown: citations and cross-references work) and, in place of
  the output, a visible statement that the code was not run; cross-references (``@fig-x``) find it;
- ``echo: false`` or ``output: asis`` (the output was the point) -> the same statement;
- ``eval: false``, ``output: false`` -> the code only, as Quarto prints it.

Each missing output is a warning (``quarto.chunk-output``) at the chunk's line saying how to put
the output in (an image, a Markdown table). Line numbers never change: :func:`rewrite` keeps every
line (the options' lines become blank, the caption moves to a line of its own, the rest of the chunk
is encoded on its fence line, inside code, where no later stage looks), and the Markdown
extension expands it before Python-Markdown reads fenced code.
"""

from __future__ import annotations

import base64
import json
import re
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .chunk_options import header_options, settings_of, yaml_options
from .diagnostics import Diagnostic, SourceLocation
from .code import Closers, plain_closer

OPEN = re.compile(r"^(?P<indent>[ \t]{0,3})(?P<fence>`{3,}|~{3,})[ \t]*\{(?P<engine>[A-Za-z][\w-]*)"
                  r"(?P<rest>[^{}]*)\}[ \t]*$")
OPTION = re.compile(r"^[ \t]*(?:#|//|--|%%)\|[ \t]?(.*)$")
HEAD = "\ue030"  # a chunk's caption line
CODE = "\ue031"  # a chunk's fence line: the fence, this mark, the chunk encoded
OPTS_CHUNK = re.compile(r"opts_chunk\$set\((.*?)\)[ \t]*$", re.S | re.M)
NO_ECHO = {"mermaid", "dot"}  # diagram engines: Quarto shows the diagram, not its source
NAMES = {"r": "R", "python": "Python", "julia": "Julia", "ojs": "Observable JS", "bash": "Bash", "sql": "SQL",
         "mermaid": "Mermaid", "dot": "Graphviz"}
# Styled in place (every theme, no stylesheet of its own): a dashed box, the statement in italics.
BOX = "margin: 0.3em 0; padding: 0.5em 0.8em; border: 0.75pt dashed #888888; font-style: italic"
MISSING = {
    "fig": "This figure is made by running the {name} code of the paper, which was not run for this edition.",
    "tbl": "This table is made by running the {name} code of the paper, which was not run for this edition.",
    "": "Output not shown: it is made by running the {name} code of the paper, which was not run for this edition.",
}


def _encode(spec: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(spec, sort_keys=True).encode()).decode().rstrip("=")


def _decode(text: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


def rewrite(text: str, name: str, defaults: dict | None = None) -> tuple[str, list[Diagnostic], dict]:
    """A file's text -> (the same lines, each chunk in the form :class:`ChunkExtension` prints, the
    warnings, and the captions moved: their line -> (the line they were written on, the columns they
    moved by), for diagnostics in a caption). ``defaults``: the front matter's ``execute:`` options."""
    moved: dict[int, tuple[int, int]] = {}
    if "{" not in text or not re.search(r"(?m)^[ \t]{0,3}(`{3,}|~{3,})[ \t]*\{[A-Za-z]", text):
        return text, [], moved
    defaults = settings_of(defaults or {})
    lines = text.split("\n")
    out, problems, i = list(lines), [], 0
    plain, closers = 0, Closers(lines, plain_closer)
    while i < len(lines):
        m = OPEN.match(lines[i])
        if not m:
            i += 1
            continue
        fence = m.group("fence")
        end = closers.after(i, fence[0], len(fence)) or len(lines)  # (never line 0) unclosed: to the end
        body = lines[i + 1:end]
        n_opts = next((k for k, line in enumerate(body) if not OPTION.match(line)), len(body))
        engine = m.group("engine").lower()
        options, unread = header_options(m.group("rest"))
        more, bad = yaml_options([OPTION.match(line).group(1) for line in body[:n_opts]])
        options.update(more)
        unread += bad
        code = body[n_opts:]
        found = OPTS_CHUNK.search("\n".join(code))
        where = SourceLocation(name, i + 1, len(m.group("indent")) + 1)
        settings = {"echo": engine not in NO_ECHO, "eval": True, "include": True, "output": True,
                    **defaults, **settings_of(options)}
        if found:  # knitr::opts_chunk$set(echo = FALSE) in a setup chunk: the later chunks' defaults
            defaults = {**defaults, **settings_of(header_options(found.group(1))[0])}
        if settings["include"] in (False, "false"):
            for j in range(i, min(end, len(lines) - 1) + 1):
                out[j] = ""
            i = end + 1
            continue
        spec, problem = _chunk(engine, options, settings, unread, where)
        problems += problem
        plain += not spec["kind"] and not spec["missing"] and settings["eval"] is not False
        caption = spec.pop("caption", "")
        head, source = [], _caption_line(lines, i, n_opts, caption)
        if caption and "\n" not in caption:
            if n_opts:
                head = [HEAD + caption]
                moved[i + n_opts - 1] = source
            elif i > 0 and not out[i - 1].strip():
                out[i - 1], moved[i - 1] = HEAD + caption, source
            elif end + 1 < len(lines) and not lines[end + 1].strip():
                out[end + 1], spec["after"], moved[end + 1] = HEAD + caption, True, source
            else:
                spec["caption"] = caption  # no line free for it: printed, but not read for citations
        elif caption:
            spec["caption"] = caption
        new = [""] * (n_opts - len(head)) + head + [m.group("indent") + fence + CODE + _encode(spec)] + code
        out[i:end] = new if len(new) == end - i else new[:end - i]
        i = end + 1
    if plain:
        problems.append(Diagnostic("info", "quarto.not-run", f"{plain} code chunk{'s are' if plain > 1 else ' is'} "
                                   "shown as code and never run: any output they print is not in the paper",
                                   SourceLocation(name, 1, 1)))
    return "\n".join(out), problems, moved


def _caption_line(lines: list[str], i: int, n_opts: int, caption: str) -> tuple[int, int]:
    """Where a caption was written: (its line, the columns between it there and on a caption line)."""
    for n in [*range(i + 1, i + 1 + n_opts), i]:
        at = lines[n].find(caption) if caption else -1
        if at >= 0:
            return n, at - len(HEAD)
    return i, 0


def _chunk(engine: str, options: dict, settings: dict, unread: list[str], where) -> tuple[dict, list]:
    label = str(options.get("label") or "")
    kind = "fig" if re.match(r"fig[-:]", label) or "fig-cap" in options else \
        "tbl" if re.match(r"tbl[-:]", label) or "tbl-cap" in options else ""
    caption = options.get(f"{kind}-cap", "") if kind else ""
    caption = caption if isinstance(caption, str) else ""
    if kind and label and not re.match(rf"{kind}[-:]", label):
        label = f"{kind}-{label}"  # R Markdown: {r plot, fig.cap="…"} is bookdown's fig:plot
    runs = settings["eval"] not in (False, "false") and settings["output"] not in (False, "false")
    missing = runs and (kind or settings["echo"] in (False, "false") or settings["output"] == "asis")
    spec = {"engine": engine, "echo": settings["echo"] not in (False, "false"), "kind": kind if missing else "",
            "label": label if missing else "", "missing": bool(missing), "caption": caption if missing else ""}
    subcaps = options.get("fig-subcap")
    if kind == "fig" and missing and isinstance(subcaps, list) and all(isinstance(c, str) for c in subcaps):
        spec["panels"] = subcaps  # one panel each: (a), (b)…, referable as fig-x-1, fig-x-2
        ncol = options.get("layout-ncol")
        spec["ncol"] = ncol if isinstance(ncol, int) and ncol > 0 else len(subcaps)
    problems = []
    what = NAMES.get(engine, engine)
    if missing:
        if kind == "fig":
            todo = (f"render the figure to an image and include it with ![{caption or 'Caption'}]({label or 'figure'}.png)"
                    + (f"{{#{label}}}" if label else ""))
        elif kind == "tbl":
            todo = "write the table in Markdown, with a caption line ': Caption" + (f" {{#{label}}}'" if label else "'")
        else:
            todo = "paste the output into the text, or set 'include: false' if it is not needed"
        problems.append(Diagnostic("warning", "quarto.chunk-output", f"the {what} chunk"
                                   + (f" '{label}'" if label else "") + " makes output, but briefpress never runs code: "
                                   f"a note says so in its place; {todo}", where))
    if unread and missing:
        problems.append(Diagnostic("warning", "quarto.chunk-option", f"the chunk option(s) {', '.join(unread)} "
                                   "are R expressions or unreadable YAML; briefpress reads only plain values", where))
    return spec, problems


def _expand(lines: list[str]) -> list[str]:
    """The rewritten form -> Markdown: the code (if echoed), then the note where the output belongs
    (a figure, a table or a plain note) with the caption."""
    out, i, caption = [], 0, ""
    closers = Closers(lines, plain_closer)  # a caption line blanked below closes no fence: they hold
    while i < len(lines):
        line = lines[i]
        if line.startswith(HEAD):
            caption = line[len(HEAD):]
            out.append("")
            i += 1
            continue
        m = re.match(rf"^([ \t]*)(`{{3,}}|~{{3,}}){CODE}(.*)$", line)
        if not m:
            out.append(line)
            caption = ""
            i += 1
            continue
        spec, fence = _decode(m.group(3)), m.group(2)
        end = closers.after(i, fence[0], len(fence)) or len(lines)  # (never line 0) unclosed: to the end
        if spec.get("after") and end + 1 < len(lines) and lines[end + 1].startswith(HEAD):
            caption = lines[end + 1][len(HEAD):]
            lines = lines[:end + 1] + [""] + lines[end + 2:]
        caption = spec.get("caption") or caption
        block = [""]
        if spec["echo"]:
            block += [fence + spec["engine"], *lines[i + 1:end], fence, ""]
        if spec["missing"]:
            attrs = (f"#{spec['label']} " if spec["label"] else "") + f".quarto-output data-kind={spec['kind'] or 'none'}"
            note = MISSING[spec["kind"]].format(name=NAMES.get(spec["engine"], spec["engine"]))
            if spec.get("panels"):
                attrs += f" data-panels={_encode({'captions': spec['panels'], 'ncol': spec['ncol']})}"
            block += [f"::: {{{attrs}}}", note, "", caption if caption.strip() else "", ":::", ""]
        out += block
        caption = ""
        i = end + 1
    return out


class _Expand(Preprocessor):
    def run(self, lines):
        return _expand(lines) if any(CODE in line for line in lines) else lines


class _Outputs(Treeprocessor):
    """``div.quarto-output`` -> a figure (numbered by :mod:`briefpress.figures`), a table (numbered by
    :func:`briefpress.tables.number_tables`) or a note, the statement in a ``chunk-missing`` box."""

    def run(self, root):
        from .tables.html import NUMBER, numbered_caption
        for parent in list(root.iter()):
            for div in list(parent):
                if div.tag != "div" or "quarto-output" not in (div.get("class") or "").split():
                    continue
                kind, ident = div.attrib.pop("data-kind", "none"), div.get("id")
                note = div[0] if len(div) else etree.Element("p")
                caption = div[1] if len(div) > 1 else None
                box = etree.Element("div", {"class": "chunk-missing", "style": BOX})
                box.append(note)
                panels = div.attrib.pop("data-panels", "")
                if kind == "fig":
                    new = etree.Element("figure", {"class": "figure", **({"id": ident} if ident else {})})
                    new.append(box)
                    if panels:
                        _panels(self.md, new, box, _decode(panels), ident)
                    cap = etree.SubElement(new, "figcaption")
                    _move(caption, cap)
                elif kind == "tbl":
                    new = etree.Element("table", {"class": "chunk-table", **({"id": ident} if ident else {}),
                                                  "data-number": NUMBER})
                    _move(caption, numbered_caption(new))
                    cell = etree.SubElement(etree.SubElement(etree.SubElement(new, "tbody"), "tr"), "td",
                                            {"style": "border: none; padding: 0"})
                    cell.append(box)
                    wrap = etree.Element("div", {"class": "table-wrap"})  # styled as the other tables
                    wrap.append(new)
                    new = wrap
                else:
                    new = box
                new.tail = div.tail
                parent[list(parent).index(div)] = new


def _panels(md, figure, box, panels: dict, ident: str | None) -> None:
    """A chunk's ``fig-subcap`` -> a subfigure per caption, side by side, each with the note: (a), (b)…
    (numbered "1(a)" by :func:`briefpress.figures.number_html`)."""
    from .markdown_ext import render_inline
    columns = max(1, min(panels["ncol"], len(panels["captions"]), 4))
    for n, text in enumerate(panels["captions"]):
        sub = etree.SubElement(figure, "figure", {"class": "subfigure", "style": f"width: {100 / columns - 2.5:.4g}%",
                                                  **({"id": f"{ident}-{n + 1}"} if ident else {})})
        note = etree.SubElement(sub, "div", dict(box.attrib))
        note.text = "Not run for this edition."
        caption = etree.SubElement(sub, "figcaption", {"class": "subcaption"})
        caption.text = f"({chr(ord('a') + n)}) " + md.htmlStash.store(render_inline(text))


def _move(source, target) -> None:
    """A caption paragraph's content -> the end of ``target``."""
    if source is None:
        return
    if len(target):
        target[-1].tail = (target[-1].tail or "") + (source.text or "")
    else:
        target.text = (target.text or "") + (source.text or "")
    for child in list(source):
        target.append(child)


class ChunkExtension(Extension):
    def extendMarkdown(self, md):
        # Before fenced code (25) reads the code blocks; the outputs after the inline patterns (20).
        md.preprocessors.register(_Expand(md), "briefpress-chunks", 27)
        md.treeprocessors.register(_Outputs(md), "briefpress-chunk-outputs", 6)


def makeExtension(**kwargs):
    return ChunkExtension(**kwargs)
