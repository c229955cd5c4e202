"""pandoc's list rules: a file's Markdown -> the same lines, re-indented and re-marked so that
Python-Markdown reads the lists pandoc reads (:func:`normalize`); the tree step that gives each
ordered list the style of its markers is :func:`briefpress.list_styles.apply_styles`.

pandoc nests an item's blocks by the column where the item's text starts (``- a`` then ``  - b``;
``1. a`` then ``   - b``), Python-Markdown by steps of four spaces: a line inside an item is moved to
Python-Markdown's step for its depth, keeping any indentation beyond the item's text (code). pandoc's
ordered markers ``1)``, ``(1)``, ``a.``, ``b)``, ``(c)``, ``iv.``, ``IV)``, ``A.`` (a single capital with a
period takes two spaces after it, as in pandoc, so that "A. Smith" stays a sentence) become ``N.``,
N the item's number, so Python-Markdown's ``start`` holds (:mod:`briefpress.list_markers`); the first item carries a token naming the
style and the delimiter, which :func:`.list_styles.apply_styles` turns into ``type`` and ``class`` on the ``<ol>``
(the themes' shared CSS draws ``(a)``, ``a)``, ``iv.``).

Lines are never added or removed; only re-indented lines and longer numbers move columns. Fenced
code is never read for markers; in an item it becomes indented code (Python-Markdown reads no fence
there), the fence lines blank (the opening one codehilite's ``:::language`` after a blank line); a block quote's lines (``>`` taken off) and a
footnote's body (four spaces taken off) are read by the same rules, as pandoc reads them; a marker after
a paragraph line is left alone (pandoc needs a blank line before a list, a heading or a div's ``:::`` line),
and so is one four columns or more past an item's text (the paragraph's text, or code). An item right under an
item's paragraph is written as any item: :mod:`briefpress.list_blocks` cuts Python-Markdown's block before it. Right under an item's
text, a backtick fence opens code only in the item's column (further in it is the paragraph's text, a code span;
a ``~~~`` fence there is the paragraph's text in any column);
fenced code right under the item's text or code, or indented code right after fenced code, is a code block of its own
(its first line marked with :data:`NEW_CODE` and the language, for :class:`.list_blocks.OwnCode`);
a closed fence short of that column under the item's first paragraph ends the list (a nested item's list only: the
code is the item's around it, :data:`IN_ITEM` marking its blocks for :class:`.list_blocks.CodeInItem`); past that
paragraph (after a blank line in the item…) it is the item's own, a lazy line. A closed fence indented 1-3 spaces outside a list, where no
paragraph's text stands above it, moves to column 0 with its block (Python-Markdown reads a fence there only).
Each list's blank lines are noted as the lines are read, and one of its items marked loose or tight as pandoc reads
it (:mod:`briefpress.list_spacing`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import list_items, list_spacing
from .list_items import NEW_LIST  # at the text of an item that starts a list under one of the other kind
from .list_markers import MARKER, RULE, is_marker, marked, text_col
from .list_spacing import Spacing
from .code import Closers, plain_closer
from . import list_fences
from .list_fences import FENCE

HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
DIV_FENCE = re.compile(r"^:{3,}[ \t]*(?:\{[^}]*\}|[\w-]+)?[ \t]*:*[ \t]*$")  # a fenced div's opening or closing line
QUOTE = re.compile(r"^ {0,3}> ?")
NOTE = re.compile(r"^ {0,3}\[\^[^\]\s]+\]:[ \t]*")
BULLET_RULE = re.compile(r"([-*])[ \t]+\1(?:[ \t]*\1)+[ \t]*$")  # a rule line opening as an item's marker ("- - -")
AFTER_LIST = "\ue018"  # at the start of the first line of a quote's code that ends a list: list_blocks.py
IN_ITEM = "\ue01b"  # around the depth and language of code in an item after the list nested in it: list_blocks.py
NEW_CODE = "\ue01d"  # around the language of an item's code that starts a code block of its own: list_blocks.py
MAX_DEPTH = 30  # block quotes and notes in one another: pitfalls.MAX_LIST_DEPTH


@dataclass
class _Item:
    marker_col: int  # where the marker stands in the source
    text_col: int  # where the item's text starts: pandoc's column for its blocks
    new_col: int  # Python-Markdown's column for them (4 per depth)
    style: str = ""  # its list's numbering and delimiter ("i.", "a)"…): 'v.' after 'iv.' is five
    list: Spacing | None = None
    continued: bool = False  # past its first paragraph's lines (a blank line, a nested list, a fence…): lazy lines join it


def normalize(text: str, depth: int = 0) -> str:
    if not re.search(r"(?m)^[ \t>]*(?:[*+-]|\(?\w{1,9}[.)]?)(?:[ \t]|$)|^ {1,3}(?:`{3}|~{3})", text):
        return text
    lines = text.split("\n")
    out: list[str] = []
    stack: list[_Item] = []
    blank_before, fence, inside = True, "", 0
    code: tuple[_Item, int] | None = None  # fenced code in an item: the item and the fence's column
    indented = False  # the line before was indented code in an item
    dedent = 0  # a fence outside the lists indented 1-3 spaces: as many taken off its block's lines
    closers: list[Closers] = []  # the lines able to close a fence, found once (when a fence needs them)
    masked: list[list[str]] = []  # the lines with code, HTML and math masked, likewise
    lists: list[Spacing] = []
    last: tuple[_Item | None, bool] = (None, False)  # the last line's innermost item, and whether it was its text
    gap: tuple[_Item | None, bool, list[Spacing]] | None = None  # that, at a blank line, and the lists open there
    hosted, fresh = "", False  # the mark of code in an item after the list nested in it; whether a block opens next
    # an item's code block right above ("indented", "fenced": a blank line or a fence apart, Python-Markdown reads
    # the next indented code into it); the language of fenced code under it, whose first line is marked NEW_CODE
    code_above, own_code = "", None
    for i, line in enumerate(lines):
        if i < inside:  # read with its block quote or note
            continue
        if not fence and (QUOTE.match(line) or NOTE.match(line)) and (
                not stack or blank_before and _indent(line) < stack[0].text_col):  # after the lists
            stack.clear()
            inside = _container(lines, i, out, depth)
            blank_before = False
            continue
        body = line.expandtabs(4)
        col = len(body) - len(body.lstrip(" "))
        if fence:  # inside fenced code: moved with its item, never read
            # a line of the fence's character as long or longer, nothing after it ('```python' is code)
            closing = (closer := plain_closer(body)) is not None and closer[0] == fence[0] and closer[1] >= len(fence)
            # Python-Markdown reads no fence in an item: indented code (a fence short of the item's column, its
            # lines too)
            if code and (col >= code[0].text_col or code[1] < code[0].text_col):
                out.append("" if closing or not body.strip() else " " * (code[0].new_col + 4) + body[min(col, code[1]):])
                if hosted and out[-1] and fresh:  # each block of the code (blank lines part them) carries the mark
                    out[-1] = out[-1][:code[0].new_col + 4] + hosted + out[-1][code[0].new_col + 4:]
                elif own_code is not None and out[-1]:
                    out[-1] = _code_mark(out[-1], code[0], own_code)
                    own_code = None
                fresh = not out[-1]
            elif stack and col >= stack[-1].text_col:
                out.append(_move(line, body, col, stack))
            else:
                # the closing fence at column 0 too, wherever it stands (Python-Markdown closes there only)
                out.append(line if not dedent else line.lstrip(" ") if closing else re.sub(f"^ {{0,{dedent}}}", "", line))
            if closing:
                code_above = "fenced" if code else ""
                fence, code, blank_before, dedent, hosted, own_code = "", None, True, 0, "", None
            continue
        if not body.strip():
            out.append(line)
            blank_before = True
            if gap is None and stack:
                gap = (*last, list({id(it.list): it.list for it in stack}.values()))
            continue
        if body.startswith(AFTER_LIST):  # a quote's code that ends the lists (list_blocks.CodeAfterList)
            stack.clear()
        after_code, indented = indented, bool(stack) and col >= stack[-1].text_col + 4 and (blank_before or indented)
        m = MARKER.match(body, col) if not RULE.match(body, col) else None
        # four columns or more past the item's text, a marker is the paragraph's text or code (pandoc)
        marker = m if m and is_marker(m) and not (stack and col >= stack[-1].text_col + 4) else None
        in_list = bool(stack)
        sibling, runs_on, popped = None, False, None
        while stack and col < stack[-1].text_col:
            top = stack[-1]
            if marker or blank_before:
                popped = stack.pop()  # a sibling (or an item further out), or a paragraph after the list
                if marker and col >= top.marker_col:
                    sibling = top
                    break
            else:
                break  # a lazy continuation line of the item's paragraph
        for it in stack if gap is not None else ():
            it.continued = True  # a line after a blank line: past the item's first paragraph
        # so too a nested item or a fence, where pandoc sees one: up to three spaces in from the column around
        if stack and (marker or FENCE.match(body) and col >= stack[-1].text_col) \
                and col - (stack[-2].text_col if len(stack) > 1 else 0) <= 3:
            stack[-1].continued = True
        lazy = bool(stack) and col < stack[-1].text_col
        # (a fence: up to three spaces in from the column of the item around it, if any)
        ends_list = lazy and col - max((it.text_col for it in stack if it.text_col <= col), default=0) <= 3 \
            and list_fences.opens_block(lines, i, body, closers)
        # pandoc ends an item at a fence short of its column in the item's first paragraph only: past it (after a
        # blank line, a nested list…) the fence is a lazy line of the item, a code block in it ('~~~' under a
        # paragraph's text: that text); in its first paragraph, the fence is the item around it's, after the
        # nested list (Python-Markdown has no such form: its blocks are marked for list_blocks.CodeInItem), and
        # a fence under a first-level item's first paragraph ends the list
        in_own = lazy and stack[-1].continued and bool(FENCE.match(body)) and (ends_list or body.lstrip()[0] == "~")
        host = (stack[-2] if len(stack) > 1 else None) if ends_list and not in_own else None
        if in_own:
            ends_list, runs_on = False, body.lstrip()[0] == "~" and not blank_before and not after_code
            if runs_on:  # indented, not to be read as a fence at column 0 (Python-Markdown)
                line = " " * stack[-1].new_col + body.lstrip()
        elif ends_list:
            del stack[stack.index(host) + 1 if host else 0:]
        lazy = lazy and not ends_list and not in_own or runs_on
        if marker and (in_list or blank_before) and (stack or col <= 3) and not lazy:
            line, style = marked(body, marker, len(stack), sibling.style if sibling else "", blank_before)
            # Python-Markdown would read it as a list inside the code's item (an item deeper in is read
            # into the code itself, which no tree step can undo: that case stays as it was)
            new_col = 4 * (len(stack) + 1)
            if after_code and not blank_before and not stack:
                line = list_items.hoisted(line, len(stack))
                # Python-Markdown holds it a list deeper (in the code's item): its lines indented so
                # (a chain of such items nests deeper each: past MAX_DEPTH, its lines stay as they were)
                if sibling and sibling.new_col < 4 * MAX_DEPTH:
                    new_col = sibling.new_col + 4
            out.append(line)
            indented = False
            kind = style or marker.group("marker")  # pandoc starts a new list at another bullet or numbering
            if popped and not blank_before and (kind[0] in "*+-") != (popped.list.kind[0] in "*+-"):
                # right under an item of a list of the other kind, at its depth: a list of its own (pandoc); for
                # Python-Markdown, the line of an item of its list
                out[-1] = re.sub(r"^(\s*(?:[*+-]|\d+\.)[ \t]+)", lambda m: m.group(1) + NEW_LIST, out[-1], count=1)
            # (an item short of the marker of the one before, at its depth: of its list too, as Python-Markdown reads it)
            own = popped.list if popped and popped.list.kind == kind else Spacing(kind)
            if not own.lines:
                lists.append(own)
            own.lines.append(len(out) - 1)
            stack.append(_Item(col, text_col(marker), new_col, style, own))
        elif stack and not lazy:
            out.append(_move(line, body, col, stack))
            if (f := FENCE.match(body)) and not host and not in_own and list_fences.runs_on(
                    f, col, stack[-1].text_col, blank_before or after_code):
                runs_on = True  # the paragraph's text, as pandoc reads it (its backticks a code span)
            elif f and not list_fences.fence_closes(lines, i, f.group(1)):
                code = (stack[-1], col)
                if not host and not blank_before and last == (stack[-1], True):
                    stack[-1].list.loose = True  # pandoc: text ended by a fence is a paragraph (<p>), the list loose
                language = re.match(r"[{\s.]*([\w+#-]*)", body[f.end():]).group(1)
                if host:  # the fence line a blank line, ending the nested item's paragraph for Python-Markdown
                    hosted, fresh = f"{IN_ITEM}{len(stack) - 1}:{language}{IN_ITEM}", True
                for it in stack:
                    it.list.blank = True  # the fence line a blank line: Python-Markdown reads the lists loose
                # the fence line becomes the blank line before the code, or codehilite's ':::language'
                out[-1] = " " * (stack[-1].new_col + 4) + ":::" + language if blank_before and language else ""
                # pandoc: a code block of its own, not more of the code above; its language kept where no line of
                # its own above the code holds it (the fence right under text or code)
                if (code_above or language and not out[-1]) and not host:
                    if out[-1]:
                        out[-1] = _code_mark(out[-1], stack[-1], "")
                    else:
                        own_code = language
        else:
            out.append(line)
        if last[1] and not blank_before and not marker and BULLET_RULE.match(body, col):
            # right under an item's text a rule line is that text (pandoc), '- - -' no item (Python-Markdown)
            at = len(out[-1]) - len(out[-1].lstrip(" "))
            out[-1] = out[-1][:at] + "\\" + out[-1][at:]
        if indented and code_above == "fenced" and out[-1].strip():  # indented code right after fenced code
            out[-1] = _code_mark(out[-1], stack[-1], "")
        code_above = "indented" if indented else ""
        f = FENCE.match(body)
        if f and not runs_on and (stack or col <= 3 or ends_list):
            fence = f.group(1)
            # Python-Markdown reads a fence at column 0 only (under a paragraph's text, pandoc reads on)
            if not stack and col and (blank_before or ends_list or list_fences.no_text(lines, i, masked)) \
                    and list_fences.opens_block(lines, i, body, closers):
                dedent, out[-1] = col, line.lstrip(" ")
        blank_before = bool(HEADING.match(body) or DIV_FENCE.match(body))  # pandoc: a list may follow these directly
        if gap is not None:
            list_spacing.after_gap(gap, stack)
            gap = None
        # the line's item, and whether the line is its paragraph's text (not code, a fence, nor a nested block's)
        # (a line four columns past the item's text right under its text is that text: code only after a blank line)
        last = (stack[-1] if stack else None, bool(stack) and not fence and not code and not indented and not f)
    for own in lists:
        list_spacing.mark(out, own)
    return "\n".join(out)


def _container(lines: list[str], start: int, out: list[str], depth: int) -> int:
    """A block quote's lines (``>`` taken off) or a footnote's body (its label and four spaces taken
    off) read as a text of their own, as pandoc reads them, then put back; the index after them."""
    quote = QUOTE.match(lines[start])
    end = start + 1
    if quote:
        while end < len(lines) and QUOTE.match(lines[end]):
            end += 1
        prefixes = [QUOTE.match(line).group() for line in lines[start:end]]
    else:
        while end < len(lines) and (not lines[end].strip() or lines[end].startswith(("    ", "\t"))):
            end += 1
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        label = NOTE.match(lines[start]).group()
        prefixes = [label] + [line[:len(line) - len(_dedent(line))] for line in lines[start + 1:end]]
    inner = "\n".join(line[len(prefix):] for line, prefix in zip(lines[start:end], prefixes))
    if depth < MAX_DEPTH:  # deeper is an error (pitfalls.py: quote.too-deep): left as it is, not recursed into
        inner = normalize(inner, depth + 1)
    for k, (line, prefix) in enumerate(zip(inner.split("\n"), prefixes)):
        out.append((prefix if quote or not k else "    " if line else "") + line)
    return end


def _indent(line: str) -> int:
    body = line.expandtabs(4)
    return len(body) - len(body.lstrip(" "))


def _dedent(line: str) -> str:
    """A note's line without the four spaces (or tab) that put it in the note."""
    return line[1:] if line.startswith("\t") else line[4:] if line.startswith("    ") else line.lstrip(" ")


def source_col(source_line: str, line: str, col: int) -> int:
    """A 1-based column of a line :func:`normalize` re-indented or re-marked -> the column in the source
    line: the text after the marker is kept as written, so a place in it moved by the lengths' difference."""
    common = 0
    while common < min(len(line), len(source_line)) and line[-1 - common] == source_line[-1 - common]:
        common += 1
    return col - (len(line) - len(source_line)) if col > len(line) - common else col


def _code_mark(line: str, item: _Item, language: str) -> str:
    """An item's code line marked as the first of a code block of its own (:class:`.list_blocks.OwnCode`)."""
    at = item.new_col + 4
    return line[:at] + NEW_CODE + language + NEW_CODE + line[at:]


def _move(line: str, body: str, col: int, stack: list[_Item]) -> str:
    top = stack[-1]
    return " " * (top.new_col + col - top.text_col) + body[col:]
