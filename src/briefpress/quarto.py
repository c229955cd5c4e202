"""Quarto and R Markdown on a file's text as it is read: text + front matter -> the text briefpress
prints (lines kept, so diagnostics point into the file) and warnings, run by :mod:`briefpress.project`.

- executable chunks (:mod:`briefpress.chunks`): shown as code, never run; a figure or table chunk keeps
  its number and caption, with a note where its output would be;
- inline code `` `r nrow(df)` ``, `` `{python} x` `` -> the expression as code, with a warning
  (``quarto.inline-code``): it is never evaluated;
- bookdown's references ``\\@ref(fig:x)``, ``\\@ref(tab:x)``, ``\\@ref(eq:x)`` -> the number of the
  figure, table or equation (``[-@fig-x]``: a chunk ``{r x, fig.cap=…}`` is ``fig-x``);
- shortcodes: ``{{< var key >}}`` (the project's ``_variables.yml``, dotted keys), ``{{< meta key >}}``
  (the front matter), ``{{< kbd Ctrl-C >}}`` (``<kbd>``), ``{{< video url >}}`` (a link to the video,
  which no PDF or EPUB can play), ``{{< embed nb.ipynb#fig-x >}}`` (the notebook's saved image:
  :mod:`briefpress.embed`); a missing key prints ``?var:key`` as Quarto does, with a warning.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import text_refs
from .code import Closers
from .diagnostics import Diagnostic, SourceLocation, error, line_col

# rawlatex.PAD, written here: importing rawlatex (and texmacros) would be check-links's cost, which
# imports this module through project.py
PAD = "\ue002"

CHUNK = re.compile(r"(?m)^[ \t]{0,3}(`{3,}|~{3,})[ \t]*\{[A-Za-z]")
# A fenced block here: opened by a line of up to three blanks and a run of three or more '`' or '~' (what
# follows it is not read), closed by the first later line of up to three blanks, a run of the same character
# at least as long, then only '`', '~' and blanks.
FENCE_OPEN = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")
INLINE = re.compile(r"(?<!`)`(?:r|\{(?:r|python|julia|ojs)\})[ \t]+([^`\n]+?)`(?!`)")
INCLUDE = re.compile(r"^[ \t]*\{\{<\s*include\s+(\"[^\"\n]+\"|'[^'\n]+'|\S+)\s*>\}\}[ \t]*$")
# bookdown's \@ref(fig:x): the number of the chunk labelled x (fig-x here), as [-@fig-x]
BOOKDOWN_REF = re.compile(r"\\@ref\((fig|tab|eq):([\w-]+)\)")
# and its labels: '(\#eq:x)' in an equation -> \label{eq-x}; 'Table: (\#tab:x) Caption' -> 'Table: Caption {#tbl-x}'
BOOKDOWN_EQ = re.compile(r"\(\\#eq:([\w-]+)\)")
BOOKDOWN_TAB = re.compile(r"(?m)^([ \t]*(?:Table)?:[ \t]+)\(\\#tab:([\w-]+)\)[ \t]*(.*?)[ \t]*$")
SHORTCODE = re.compile(r"\{\{<\s*(var|meta|kbd|video|embed)\b([^>\n]*?)\s*>\}\}")


def fences_blanked(text: str) -> str:
    """text with its fenced code blocks' characters turned to NULs, line breaks kept (offsets and lines hold).
    Found by one pass over the lines: a regex looked for a close from each opening line to the end,
    quadratic in a file of fences never closed."""
    if "```" not in text and "~~~" not in text:
        return text
    lines = text.split("\n")
    for start, end in fenced_blocks(lines):
        lines[start:end + 1] = ["\0" * len(line) for line in lines[start:end + 1]]
    return "\n".join(lines)


def fenced_blocks(lines: list[str]):
    """(first line, last line) of each fenced code block, its fences included, in order."""
    closers, i = Closers(lines, _closer), 0
    while i < len(lines):
        m = FENCE_OPEN.match(lines[i])
        end = closers.after(i, m.group(1)[0], len(m.group(1))) if m else None
        if end is None:
            i += 1
            continue
        yield i, end
        i = end + 1


def _closer(line: str) -> tuple[str, int] | None:
    """A closing line: up to three blanks, a run of one fence character, then only '`', '~' and blanks."""
    body = line.lstrip(" \t")
    if len(line) - len(body) > 3 or body[:1] not in ("`", "~") or body.rstrip(" \t").strip("`~"):
        return None
    return body[0], len(body) - len(body.lstrip(body[0]))


def prepare(text: str, name: str, front: dict | None = None, base: Path | None = None,
            root: Path | None = None) -> tuple[str, list[Diagnostic], tuple]:
    """A file's text (front matter blanked) -> (the text to print, diagnostics, where each of its lines
    comes from: (file, line) per line, and the columns moved for a chunk's caption, when files were
    included or captions moved; else empty). ``front``: its front
    matter (``execute:`` sets the chunks' defaults, ``{{< meta >}}`` reads it); ``base``: its folder
    (included files are found from it); ``root``: the project (its ``_variables.yml``), which included
    files may not leave."""
    front = front if isinstance(front, dict) else {}
    problems: list[Diagnostic] = []
    origins: tuple = ()
    if "include" in text and base is not None and any(INCLUDE.match(line) for line in text.split("\n")):
        lines, where, problems = _include(text, name, base, root or base, (name,))
        text, origins = "\n".join(lines), tuple(where)
    before = origins  # the diagnostics found here are at the lines of the text with its files included
    if "{{<" in text:
        text, found = _shortcodes(text, name, front, base, root or base)
        problems += found
    if "(ref:" in text:  # before the references: a text may hold '\@ref(fig:x)'
        text, found = text_refs.substitute(text, name)
        problems += found
    if "\\@ref(" in text:
        masked = fences_blanked(text)
        text = BOOKDOWN_REF.sub(lambda m: _bookdown_ref(m) if "\0" not in masked[m.start():m.end()] else m.group(), text)
    if "(\\#" in text:
        text = _bookdown_labels(text)
    if "`" in text and INLINE.search(text):
        text, found = _inline_code(text, name)
        problems += found
    from . import dialect_rewrite, dialects
    problems += dialects.problems(text, name)  # MyST's directives are fences: read before chunks' rewrite
    text = dialect_rewrite.rewrite(text)
    execute = front.get("execute") if isinstance(front.get("execute"), dict) else {}
    if CHUNK.search(text):  # the Markdown reader (chunks' extension) is for a build, not a link check
        from . import chunks
        text, found, moved = chunks.rewrite(text, name, execute)
        problems += found
        if moved:
            lines = origins or tuple((name, n) for n in range(1, text.count("\n") + 2))
            origins = tuple((*lines[moved[k][0]][:2], moved[k][1]) if k in moved else lines[k]
                            for k in range(len(lines)))
    # this text's diagnostics at their files' lines now (before the captions' moves count)
    return text, relocate(problems, [_Lines(name, before)]), origins


def _include(text: str, name: str, base: Path, root: Path, stack: tuple) -> tuple[list, list, list]:
    """``{{< include file >}}`` lines -> the file's lines (included files may include others), with
    (file, line) for each line; a missing file, one outside the project, or a cycle -> an error. The
    errors are placed at the line of the text returned (:func:`relocate` puts them back)."""
    from .diagnostics import relative
    from .input_text import normalise
    lines, where, problems = [], [], []
    fenced = fences_blanked(text).split("\n")
    for n, line in enumerate(text.split("\n"), 1):
        m = INCLUDE.match(line) if "\0" not in fenced[n - 1] else None
        if not m:
            lines.append(line)
            where.append((name, n))
            continue
        at = SourceLocation(name, len(lines) + 1, line.index("{{<") + 1)
        target = m.group(1).strip("\"'")
        path = (root / target.lstrip("/")) if target.startswith("/") else (base / target)
        own = relative(path, root)
        refused = _refused(path, target, own, root, stack, at)
        if refused is None:
            try:
                inner, notes = normalise(path.read_text(encoding="utf-8"), own)
            except (OSError, UnicodeDecodeError):
                refused = error("quarto.include-unreadable", f"cannot read '{own}' as UTF-8 text", at)
        if refused is not None:  # the line stays, blank
            problems.append(refused)
            lines.append("")
            where.append((name, n))
            continue
        more, more_where, more_problems = _include(inner, own, path.parent, root, stack + (own,))
        index = {w: i for i, w in enumerate(more_where)}
        for d in [*notes, *more_problems]:  # to this text's lines
            i = index.get((d.location.path, d.location.line), -1) if d in notes else d.location.line - 1
            problems.append(Diagnostic(d.severity, d.code, d.message,
                                       SourceLocation(name, len(lines) + i + 1, d.location.col)))
        lines += more
        where += more_where
    return lines, where, problems


def _refused(path: Path, target: str, own: str, root: Path, stack: tuple, at) -> Diagnostic | None:
    """Why a file may not be included: outside the project, missing, or including itself; else None."""
    if not inside(path, root):
        return error("quarto.include-outside", f"'{target}' is outside the project; copy it into the project "
                     "folder to include it", at)
    if not path.is_file():
        return error("quarto.include-missing", f"no such file to include: '{own}'", at)
    if own in stack:
        return error("quarto.include-cycle", f"'{own}' includes itself (through {' -> '.join(stack + (own,))}); "
                     "remove the include", at)
    return None


def inside(path: Path, root: Path) -> bool:
    """The build reads only files inside the project: ``..`` and symbolic links may not lead out."""
    return path.resolve().is_relative_to(root.resolve())


class _Lines:
    """A text's line origins, as :func:`relocate` reads them from a chapter."""
    def __init__(self, name: str, origins: tuple):
        self.name, self.origins = name, origins


def relocate(diagnostics, chapters, placed=()) -> list:
    """Diagnostics at lines of a text that includes files (or whose chunk captions moved) -> at the line
    (and column) they were written on. ``placed``: diagnostics already there (a chapter's own warnings)."""
    maps = {c.name: c.origins for c in chapters if getattr(c, "origins", ())}
    if not maps:
        return list(diagnostics)
    out = []
    placed = set(placed)
    for d in diagnostics:
        if d in placed:
            out.append(d)
            continue
        loc, origins = d.location, maps.get(getattr(d.location, "path", None))
        if origins and 1 <= loc.line <= len(origins) and origins[loc.line - 1] != (loc.path, loc.line):
            file, line, *shift = origins[loc.line - 1]  # a moved caption: the columns it moved by
            d = Diagnostic(d.severity, d.code, d.message,
                           SourceLocation(file, line, loc.col + (shift[0] if shift and loc.col else 0)))
        out.append(d)
    return out


def _bookdown_labels(text: str) -> str:
    """bookdown's labels, outside fenced code, in the forms cross-references read (lines kept)."""
    masked = fences_blanked(text)

    def outside(new):
        return lambda m: new(m) if "\0" not in masked[m.start():m.end()] else m.group()
    text = BOOKDOWN_EQ.sub(outside(lambda m: f"\\label{{eq-{m.group(1)}}}"), text)
    masked = fences_blanked(text)
    return BOOKDOWN_TAB.sub(outside(lambda m: f"{m.group(1)}{m.group(3)} {{#tbl-{m.group(2)}}}"), text)


def _bookdown_ref(m: re.Match) -> str:
    new = f"[-@{'tbl' if m.group(1) == 'tab' else m.group(1)}-{m.group(2)}]"
    return new + PAD * (len(m.group()) - len(new))


def _inline_code(text: str, name: str) -> tuple[str, list[Diagnostic]]:
    masked = fences_blanked(text)
    problems, out, pos = [], [], 0
    for m in INLINE.finditer(masked):
        expr = text[m.start(1):m.end(1)]
        problems.append(Diagnostic("warning", "quarto.inline-code", f"inline code '{expr}' is never evaluated "
                                   "(briefpress does not run code): it is printed as code; write its value instead",
                                   SourceLocation(name, *line_col(text, m.start()))))
        new = f"`{expr}`"
        out.append(text[pos:m.start()] + new + PAD * (len(m.group()) - len(new)))
        pos = m.end()
    return "".join(out) + text[pos:], problems


def _lookup(data, key: str):
    for part in key.split("."):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def _variables(base: Path | None) -> dict:
    if base is None or not (base / "_variables.yml").is_file() or not inside(base / "_variables.yml", base):
        return {}
    from . import safe_yaml
    from .diagnostics import BuildError
    try:
        data, _ = safe_yaml.load((base / "_variables.yml").read_text(encoding="utf-8"), "_variables.yml", "quarto",
                                  loader_class=safe_yaml.TextDatesLoader)
    except (BuildError, OSError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _shortcodes(text: str, name: str, front: dict, base: Path | None,
                root: Path | None) -> tuple[str, list[Diagnostic]]:
    masked = fences_blanked(text)
    variables = None
    problems, out, pos = [], [], 0
    for m in SHORTCODE.finditer(masked):
        kind, args = m.group(1), text[m.start(2):m.end(2)].strip()
        where = SourceLocation(name, *line_col(text, m.start()))
        if kind in ("var", "meta"):
            if kind == "var" and variables is None:
                variables = _variables(root)  # the project's _variables.yml
            key = args.split()[0].strip("\"'") if args.split() else ""
            value = _lookup(variables if kind == "var" else front, key)
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                new = str(value)
            else:
                new = f"?{kind}:{key}"
                source = "_variables.yml" if kind == "var" else "the front matter"
                problems.append(Diagnostic("warning", f"quarto.{kind}-missing", f"'{key}' is not a text or number "
                                           f"in {source}: '{{{{< {kind} {key} >}}}}' prints '{new}'", where))
        elif kind == "kbd":
            keys = [a for a in args.split() if "=" not in a] or [a.split("=", 1)[1] for a in args.split()][:1]
            new = f"<kbd>{keys[0].strip(chr(34))}</kbd>" if keys else ""
        elif kind == "embed":  # a notebook's saved figure (briefpress.embed)
            from . import embed
            new, found = embed.replacement(args, base, root, where)
            problems += found
        else:  # video: a link, the one thing print and an EPUB can hold of it
            url = (args.split() or [""])[0].strip("\"'")
            new = f"Video: <{url}>" if re.match(r"https?://", url) else f"Video: {url}"
            problems.append(Diagnostic("info", "quarto.video", "a video cannot play in a PDF or an EPUB: "
                                       "it is printed as a link to it", where))
        out.append(text[pos:m.start()] + new + PAD * max(0, len(m.group()) - len(new)))
        pos = m.end()
    return "".join(out) + text[pos:], problems
