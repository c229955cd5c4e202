"""Markdown pitfalls: one chapter's text -> errors at file:line:col for what would print wrongly.

Each of these is accepted by Markdown without a word and prints something the author did not
mean: an HTML comment never closed (the rest of the chapter vanishes) or nested in another (the
remark after the inner ``-->`` is printed); a footnote defined twice (one definition is lost);
``[@]`` and a citation bracket never closed (printed as text); a heading with no text; lists
nested so deep that the parser runs out of stack; and links or attribute lists that carry
script (:func:`briefpress.sanitize.active_markdown`).
"""

from __future__ import annotations

import re

from .citations import FOOTDEF, KEY
from .diagnostics import Diagnostic, LineIndex, SourceLocation, error, line_col
from .sanitize import active_markdown, masked

MAX_LIST_DEPTH = 30
TOO_DEEP = ("list.too-deep", "quote.too-deep")  # the codes of too_deep's errors
MAX_WORD = 1000  # characters: no word or URL is longer; WeasyPrint takes minutes to break one of 100,000
MAX_TITLE = 300  # characters: about what a cover holds in its title type
LONG_WORD = re.compile(rf"(?<!\S)[^\s]{{{MAX_WORD + 1},}}")
LINK_TARGET = re.compile(r"\]\([^)\s]*")
EMPTY_HEADING = re.compile(r"(?m)^ {0,3}(#{1,6})[ \t]*(\{[^}\n]*\})?[ \t]*#*[ \t]*$")
EMPTY_CITATION = re.compile(r"\[\s*-?@\s*(?:[,;][^\]\n]*)?\]")
# an image's '![' opens its alt text, a caption that may hold citations and brackets ('![As @a shows, [see @b].](x.png)')
OPEN_CITATION = re.compile(rf"(?<![\\^])(?<!(?<!\\)!)\[(?!\^)(?=[^\]\[\n]*?(?<![\w\\])-?@{KEY})")
OPEN_NOTE = re.compile(rf"(?<!\\)\^\[(?=[^\]\[\n]*?(?<![\w\\])-?@{KEY})")  # ^[As @a argues, [see @b].]
BRACKET = re.compile(r"(?<!\\)[\[\]]|\n[ \t]*\n")
QUOTE = re.compile(r"(?m)^[ \t]*(?:>[ \t]*){2,}")
STOP = re.compile(r"\]|\n[ \t]*\n|\[")  # what ends a citation bracket: ']', a blank line or another '['
LIST_MARKER = r"(?:[-*+]|\d{1,9}[.)])[ \t]+"
LIST_ITEM = re.compile(rf"(?m)^([ \t]*)((?:{LIST_MARKER})+)")  # '- - x' nests a list in a list, as indenting does
THEMATIC_BREAK = re.compile(r"[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*(?:\n|$)")


def markdown_pitfalls(text: str, name: str, single: bool = False) -> list[Diagnostic]:
    plain = masked(text)
    out: list[Diagnostic] = active_markdown(text, name)  # links and attribute lists that carry script

    index = []  # the text's LineIndex, made on the first diagnostic: each line_col would scan the text again

    def at(offset: int) -> SourceLocation:
        return SourceLocation(name, *line_of(offset))

    def line_of(offset: int) -> tuple[int, int]:
        if not index:
            index.append(LineIndex(text))
        return index[0](offset)

    out += _comments(plain, at)
    out += _unclosed_fence(text, at)
    where = ("an included file; move these fields to the front matter of the file that includes it" if single
             else "a chapter file; a project keeps its metadata in one file (manuscript/metadata.yaml, or "
             "_quarto.yml): move these fields there")  # a single file's own blocks are read, and blanked
    out += [error("metadata.in-chapter", f"a YAML metadata block in {where} (if it is text between two rules, "
                  "put a blank line after the first '---')", at(offset)) for offset in metadata_blocks(plain)]
    seen: dict[str, int] = {}
    for m in FOOTDEF.finditer(_without_comments(plain)):
        note = m.group(1)
        if note in seen:
            out.append(error("note.defined-twice", f"footnote '[^{note}]' is already defined at line {seen[note]}; "
                             "one definition would be lost: merge them or rename one", at(m.start())))
        else:
            seen[note] = line_of(m.start())[0]
    body = _without_comments(plain)
    for m in EMPTY_CITATION.finditer(body):
        out.append(error("cite.empty", f"'{m.group()}' cites nothing; write the key after '@', e.g. [@smith2020]",
                         at(m.start())))
    for m in OPEN_CITATION.finditer(body):
        stop = STOP.search(body, m.end())  # from the bracket on: a slice of the rest for each was quadratic
        if not stop or stop.group() != "]":
            out.append(error("cite.unclosed", "citation bracket '[' is never closed; add ']' after the key "
                             "(and locator)", at(m.start())))
    notes = [m.start() for m in OPEN_NOTE.finditer(body)]
    unclosed = _unclosed(body) if notes else set()
    for start in notes:  # its own ']' after those of the brackets inside it
        if start + 1 in unclosed:
            out.append(error("cite.unclosed", "inline note '^[' that opens with a citation is never closed; "
                             "add ']' at its end", at(start + 1)))
    for m in EMPTY_HEADING.finditer(body):
        out.append(error("heading.no-title", f"heading '{m.group(1)}' has no text; write its title after "
                         f"'{m.group(1)} '", at(m.start() + m.group().index("#"))))
    out += _list_depth(body, at)
    words = LINK_TARGET.sub(lambda t: " " * len(t.group()), body)
    for m in LONG_WORD.finditer(words):
        if m.group().strip(">") == "" and _opens_line(words, m.start()):
            continue  # quote marks opening a line: quote.too-deep says it (a run inside a line is a word)
        out.append(error("text.word-too-long", f"a 'word' of {len(m.group()):,} characters (“{m.group()[:30]}…”) "
                         f"cannot be laid out; break it up (at most {MAX_WORD:,} characters)", at(m.start())))
    return out


def _unclosed(text: str) -> set[int]:
    """Where each '[' is that no ']' closes before a blank line, the brackets inside it paired: one pass
    over the text (a scan from each inline note to its paragraph's end was quadratic)."""
    stack: list[int] = []
    out: set[int] = set()
    for m in BRACKET.finditer(text):
        if m.group() == "[":
            stack.append(m.start())
        elif m.group() == "]":
            if stack:
                stack.pop()
        else:
            out.update(stack)
            stack.clear()
    return out | set(stack)


def metadata_blocks(text: str) -> list[int]:
    """Where each YAML metadata block of a chapter opens (pandoc would read it as metadata; a single
    file's are read so, :mod:`briefpress.metadata_blocks`, and blanked before this sees the text)."""
    from .metadata_blocks import blocks
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    return [starts[a] for a, _ in blocks(lines, first=True)]


def title_problems(project) -> list[Diagnostic]:
    """A title the cover cannot hold, found before the layout (the verification catches the rest)."""
    title = project.metadata.title_text
    if len(title) <= MAX_TITLE:
        return []
    meta = project.root / "manuscript" / "metadata.yaml"
    first = project.chapters[0]
    text = first.path.read_text(encoding="utf-8", errors="replace")  # the front matter as written
    m = re.search(r"(?m)^title\s*:", text)
    where = SourceLocation(first.name, *(line_col(text, m.start()) if m else (1, 1)))
    if meta.is_file():
        text = meta.read_text(encoding="utf-8", errors="replace")
        m = re.search(r"(?m)^title\s*:", text)
        where = SourceLocation("manuscript/metadata.yaml", *(line_col(text, m.start()) if m else (1, 1)))
    return [error("metadata.title-too-long", f"the title has {len(title):,} characters; the cover holds about "
                  f"{MAX_TITLE}: shorten it", where)]


def _comments(plain: str, at) -> list[Diagnostic]:
    out, pos = [], 0
    while (start := plain.find("<!--", pos)) != -1:
        end = plain.find("-->", start + 4)
        inner = plain.find("<!--", start + 4, end if end != -1 else len(plain))
        if inner != -1:
            out.append(error("comment.nested", "an HTML comment inside another: the first '-->' ends both and "
                             "the rest is printed; remove the inner '<!--'", at(inner)))
        if end == -1:
            out.append(error("comment.unclosed", "HTML comment '<!--' is never closed: everything after it would "
                             "vanish; add '-->'", at(start)))
            break
        pos = end + 3
    return out


def _unclosed_fence(text: str, at) -> list[Diagnostic]:
    """A code fence never closed: pandoc and Python-Markdown open no code block, without a word: the fence and
    the lines after it are read as text (its code printed as prose, a '~~~' even as a subscript)."""
    from .metadata_blocks import fence_after
    fence, opened, offset = "", None, 0
    for line in text.split("\n"):
        after = fence_after(fence, line)
        if after and not fence:
            opened = (after, offset + len(line) - len(line.lstrip(" \t")))
        fence, offset = after, offset + len(line) + 1
    if not fence:
        return []
    return [Diagnostic("warning", "code.unclosed", f"the code block opened here is never closed, so it is no code block: "
                       f"its fence and the lines after it are printed as text (as pandoc prints them); end it with a "
                       f"line '{opened[0]}'", at(opened[1]))]


def _without_comments(plain: str) -> str:
    return re.sub(r"(?s)<!--.*?(-->|$)", lambda m: re.sub(r"[^\n]", " ", m.group()), plain)


def too_deep(text: str, name: str) -> list[Diagnostic]:
    """Lists or quotes nested so deep that Markdown's parser would run out of stack: lint and the build
    ask before they render a chapter, and render nothing of it."""
    return _list_depth(_without_comments(masked(text)), lambda offset: SourceLocation(name, *line_col(text, offset)))


def _opens_line(text: str, start: int) -> bool:
    """Whether only spaces and tabs come before ``start`` on its line (looking back over those alone)."""
    while start and text[start - 1] in " \t":
        start -= 1
    return start == 0 or text[start - 1] == "\n"


def _list_depth(body: str, at) -> list[Diagnostic]:
    """Nesting deduced from indentation, as pandoc reads it (two spaces a level under '- ', three under
    '1. ', :mod:`.lists`), and from '>' markers; Python-Markdown and the layout (WeasyPrint) recurse
    once per level and fail a few hundred deep."""
    for m in QUOTE.finditer(body):
        if m.group().count(">") > MAX_LIST_DEPTH:
            return [error("quote.too-deep", f"block quotes nested more than {MAX_LIST_DEPTH} levels deep; "
                          "flatten them", at(m.start()))]
    for m in LIST_ITEM.finditer(body):
        indent = len(m.group(1).expandtabs(4))
        markers = len(re.findall(LIST_MARKER, m.group(2)))
        # a deeper item is at least two columns further in, or one more marker on its line ('- - - x')
        if indent // 2 + markers > MAX_LIST_DEPTH and not THEMATIC_BREAK.match(body, m.start()):
            return [error("list.too-deep", f"a list nested more than {MAX_LIST_DEPTH} levels deep; flatten it",
                          at(m.start() + len(m.group(1))))]
    return []
