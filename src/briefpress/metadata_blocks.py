"""Metadata blocks after the front matter: a single file's front matter (YAML) and its text -> one YAML
text holding the front matter and every later metadata block at their own lines, and the text with
those blocks blanked (lines kept, so every diagnostic still points into the file).

pandoc reads a YAML block anywhere in a Markdown file as metadata when a blank line (or the front
matter) comes before it, its opening ``---`` is not followed by a blank line, and it holds a mapping
(``nocite:`` or ``references:`` at the end of a paper, for one); a field that a later block sets again
takes the later value. Left in the text, such a block printed as a rule and a section heading
("nocite: '@*'"). A block that is not a mapping (``---``, a line of text, ``---``) is Markdown, as
in pandoc; one whose YAML is broken is merged all the same, so the metadata check reports it at its line.
"""

from __future__ import annotations

import re

import yaml

OPEN = re.compile(r"---[ \t]*$")
CLOSE = re.compile(r"(?:---|\.\.\.)[ \t]*$")
CODE = re.compile(r"(`+).*?\1")
FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})(.*)$")
QUOTE = re.compile(r"(?:[ ]{0,3}>[ ]?)*")


def quoted(line: str) -> tuple[int, str]:
    """A line's block-quote depth (its ``>`` marks) and its text inside the quotes."""
    prefix = QUOTE.match(line).group()
    return prefix.count(">"), line[len(prefix):]


def fence_after(fence: str, line: str) -> str:
    """The code fence open after ``line``, given ``fence``, the one open before it ('' for none), as
    CommonMark and pandoc read fences: closed only by the same character, at least as many, and nothing
    after (```` holds ```); a backtick fence's info string holds no backtick."""
    m = FENCE.match(line)
    if fence:
        return "" if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not m.group(2).strip() \
            else fence
    return m.group(1) if m and not (m.group(1)[0] == "`" and "`" in m.group(2)) else ""


def blocks(lines: list[str], first: bool = False) -> list[tuple[int, int]]:
    """(opening line, closing line) of each metadata block, outside fenced code and HTML comments
    (0-based); ``first``: one that opens the text counts too (a chapter's front matter). pandoc reads a
    block inside a block quote (``> ---`` / ``> title: …`` / ``> ---``) as metadata as well, when it
    opens the quote or follows a blank line of it; its lines are all of that quote."""
    found, fence, fence_depth, comment, i = [], "", 0, False, 0
    while i < len(lines):
        depth, line = quoted(lines[i])
        if fence:  # a fence in a quote is closed inside it; ``> ``` `` in a fence's code is code
            fence = fence_after(fence, line if fence_depth else lines[i])
        elif comment:  # pandoc leaves a block inside <!-- --> alone: commented-out metadata is not read
            comment = "-->" not in line
        elif opened := fence_after("", line):
            fence, fence_depth = opened, depth
        elif "<!--" in CODE.sub("", line):  # `<!--` in inline code opens no comment
            line = CODE.sub("", line)
            comment = "-->" not in line[line.index("<!--") + 4:]
        elif OPEN.match(line) and _opens(lines, i, depth, first):
            inner = (quoted(lines[j]) if depth else (0, lines[j]) for j in range(i + 1, len(lines)))
            end = next((i + 1 + k for k, (d, text) in enumerate(inner) if d != depth or CLOSE.match(text)), None)
            if end is not None and quoted(lines[end])[0] == depth \
                    and _is_mapping("\n".join(quoted(x)[1] if depth else x for x in lines[i + 1:end])):
                found.append((i, end))
                i = end
        i += 1
    return found


def _opens(lines: list[str], i: int, depth: int, first: bool) -> bool:
    """Whether a ``---`` at line ``i`` may open a block: after a blank line (of its quote), or at the
    start of the text (``first``) or of its quote, with text right under it."""
    if i + 1 >= len(lines):
        return False
    next_depth, next_text = quoted(lines[i + 1]) if depth else (0, lines[i + 1])
    if next_depth != depth or not next_text.strip():
        return False
    if i == 0:
        return first or depth > 0
    before_depth, before = quoted(lines[i - 1])
    return not lines[i - 1].strip() or before_depth == depth and not before.strip()


def _is_mapping(text: str) -> bool:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return bool(re.match(r"[\w-]+[ \t]*:", text))  # broken YAML that begins as a field: pandoc stops on it
    return isinstance(node, yaml.MappingNode) and bool(node.value)


def _fields(text: str) -> dict[str, tuple[int, int]]:
    """Each top-level field of a YAML mapping -> (first line, line after its value), 0-based in ``text``."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}  # the metadata check reports it
    if not isinstance(node, yaml.MappingNode):
        return {}
    out = {}
    for key, value in node.value:
        end = value.end_mark.line + (1 if value.end_mark.column else 0)
        out[str(key.value)] = (key.start_mark.line, max(end, key.start_mark.line + 1))
    return out


def merge(front: str, body: str, first: int, keep=lambda block: "") -> tuple[str, str]:
    """``front``: the front matter's YAML, which starts on line ``first`` of the file; ``body``: the file's
    text with the front matter blanked. Returns (the YAML of every block, the body without the blocks,
    each block's first line holding what ``keep`` gives for its YAML: its TeX macros, which pandoc
    reads where the block is)."""
    lines = body.split("\n")
    found = blocks(lines)
    if not found:
        return front, body
    merged = front.split("\n")
    if merged and merged[-1] == "":
        merged.pop()
    pieces = [(0, len(merged))] if front.strip() else []
    for start, end in found:
        top = start + 1 - (first - 1)  # the block's first field, as a line of the merged text
        merged += [""] * (top - len(merged))
        depth = quoted(lines[start])[0]
        merged += [quoted(line)[1] if depth else line for line in lines[start + 1:end]]
        pieces.append((top, end - (first - 1)))
        # in a quote, its lines stay the quote's (blank would end it: pandoc keeps one quote around the block)
        prefix = ">" * depth
        if all(not 0 <= j < len(lines) or quoted(lines[j])[0] < depth for j in (start - 1, end + 1)):
            prefix = ""  # the block was the whole quote: no empty quote (a bar in the web edition) left
        for j in range(start, end + 1):
            lines[j] = prefix
        kept = keep("\n".join(merged[top:]))
        lines[start] = f"{prefix} {kept}" if prefix and kept else kept or prefix
    seen: dict[str, tuple[int, int]] = {}
    for a, b in pieces:  # a field set again: the later block's value, as in pandoc
        for name, (x, y) in _fields("\n".join(merged[a:b])).items():
            if name in seen:
                merged[seen[name][0]:seen[name][1]] = [""] * (seen[name][1] - seen[name][0])
            seen[name] = (a + x, a + y)
    return "\n".join(merged) + "\n", "\n".join(lines)
