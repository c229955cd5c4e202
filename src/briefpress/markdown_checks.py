"""Markdown checks: one chapter's Markdown -> lint's diagnostics about it: its footnotes (unused,
too long, called twice), its headings (a skipped level, a section with no text, an id given twice, one
right after a line of text, which pandoc reads as text), a ``~~~`` fence right after a line of text (the same),
its links and images (no alt text, a malformed URL, http://; links into the document are returned
for :mod:`.lint` to match against every chapter's ids) and emphasis markers left unpaired.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from .code import Masking, fence_starts
from .diagnostics import Diagnostic, SourceLocation, error, info, line_col, warning
from .list_markers import item_text_col
from .lists import normalize as normalize_lists
from .markdown_ext import slug
from .pandoc_text import NOT_TEXT, masked_text  # a line a heading may follow without a blank line in pandoc
from .reflist import is_references_title

NOTE_TOO_LONG = 2500  # characters: about what the foot of an A4 page holds in 8 pt
CODE = Masking(r"(?s)", r"|(?<!`)(`+)(?=`{0,2}(?!`))(?:(?!\n[ \t]*\n).)+?(?<!`)\2(?!`)|<!--.*?-->")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(\{[^}]*\})?\s*$")
# A target in angle brackets may hold spaces (pandoc writes them %20): ``[a](<https://x.org/a b>)``
LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*(?:<([^>\n]*)>|([^)\s>]*))(?:\s+\"[^\"]*\")?\s*\)")
QUOTED = re.compile(r"^(?: {0,3}> ?)+")  # a block quote's marks at a line's start


def footnotes(ex, chapter) -> list[Diagnostic]:
    out = []
    used = [r.id for r in ex.refs]
    for note_id, note in ex.footnotes.items():
        if note_id not in used:
            out.append(warning("note.unused", f"footnote '[^{note_id}]' is defined but never called", note.location))
        if len(note.text) > NOTE_TOO_LONG:
            name = "inline note" if note_id.startswith("^") else f"footnote '[^{note_id}]'"  # ^n: a ^[...] note
            out.append(warning("note.too-long", f"{name} has {len(note.text)} characters: it may "
                               "not fit at the foot of one page; shorten it or move text into the body", note.location))
    seen = set()
    for ref in ex.refs:
        if ref.id in seen:
            out.append(warning("note.repeated", f"footnote '[^{ref.id}]' is called twice; each call needs its own "
                               "note", ref.location))
        seen.add(ref.id)
    return out


def _lines_outside_code(text: str):
    fenced = False
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if not fenced:
            yield number, line


def headings(chapter) -> list[Diagnostic]:
    out, previous, ids, masked = [], 0, {}, None
    text_lines = chapter.text.splitlines()
    lines = list(_lines_outside_code(chapter.text))
    heading_lines = [(n, HEADING.match(l)) for n, l in lines if HEADING.match(l)]
    positions = {n: i for i, (n, _) in enumerate(lines)}  # a section's lines by slicing: linear in the headings
    for index, (number, m) in enumerate(heading_lines):
        level, title, attrs = len(m.group(1)), m.group(2), m.group(3) or ""
        loc = SourceLocation(chapter.name, number, 1)
        before = text_lines[number - 2] if number >= 2 else ""
        if before.strip() and not NOT_TEXT.match(before):
            masked = masked or masked_text(chapter.text).splitlines()  # numbered as text_lines are
            # a line masked whole (the end of a multi-line HTML comment) is no paragraph's text
            if masked[number - 2].replace("\0", "").strip():
                out.append(warning("heading.no-blank-line", f"pandoc reads '{m.group(1)} {title}' after a line of "
                                   "text as that paragraph's text; it is printed as a heading here: put a blank line "
                                   "before it", loc))
        if previous and level > previous + 1:
            out.append(warning("heading.skip", f"heading level jumps from {previous} to {level}; use "
                               f"{'#' * (previous + 1)}", loc))
        previous = level
        explicit = re.search(r"#([^\s}]+)", attrs)
        ident = explicit.group(1) if explicit else slug(title)
        if explicit and ident in ids:
            out.append(error("heading.duplicate-id", f"id '#{ident}' is already used at line {ids[ident]}", loc))
        ids.setdefault(ident, number)
        following = heading_lines[index + 1][0] if index + 1 < len(heading_lines) else None
        body = any(l.strip() for n, l in lines[positions[number] + 1:positions.get(following, len(lines))])
        next_level = len(heading_lines[index + 1][1].group(1)) if following else 0
        if not body and (following is None or next_level <= level) and not is_references_title(title):
            out.append(warning("heading.empty", f"section '{title}' has no text", loc))
    return out


def tilde_fences(chapter) -> list[Diagnostic]:
    """A ``~~~`` fence right under a line of text: pandoc ends a paragraph at a backtick fence only, and
    reads this one and its code as the paragraph's text; outside a list it is printed as code here (what was meant),
    in a list item (read by :func:`.lists.normalize`) and where it stands indented as text, as pandoc reads it. Under a
    list item's first paragraph short of the item's column, pandoc ends the item there (a first-level item's list) and
    reads code: no warning; past that paragraph (after a blank line) the fence is the item's text (a lazy line)."""
    if "~~~" not in chapter.text:
        return []
    out, masked, listed, at = [], None, None, 0
    lines = chapter.text.split("\n")
    starts = set(fence_starts(chapter.text))
    for number, line in enumerate(lines, 1):
        body = line.lstrip(" \t>")
        if at in starts and body.startswith("~~~") and number > 1:
            before = lines[number - 2].lstrip(" \t>")
            if before.strip() and not NOT_TEXT.match(before):
                masked = masked or masked_text(chapter.text).split("\n")
                if masked[number - 2].replace("\0", "").strip() and not _ends_item(lines, masked, number - 1):
                    listed = listed or normalize_lists(chapter.text).split("\n")  # lines kept: line numbers hold
                    printed = "printed as code here" if _unquoted(listed[number - 1]).startswith("~~~") else \
                        "printed as that text here too"
                    out.append(warning("code.no-blank-line", "pandoc reads a '~~~' fence after a line of text, and the "
                                       "code under it, as that paragraph's text (only a '```' fence may follow text); "
                                       f"it is {printed}: put a blank line before it",
                                       SourceLocation(chapter.name, number, len(line) - len(body) + 1)))
        at += len(line) + 1
    return out


def _ends_item(lines: list[str], masked: list[str], i: int) -> bool:
    """Whether the fence at line ``i`` stands short of the text column of the list item whose paragraph is above it
    (the nearest item's first line up the paragraph, read without its block quote's ``>``)."""
    col = len(_unquoted(lines[i]).expandtabs(4)) - len(_unquoted(lines[i]).expandtabs(4).lstrip(" "))
    k = i - 1
    while k >= 0 and masked[k].replace("\0", "").strip(" \t>"):  # up the paragraph, to a blank line or a block
        text_col = item_text_col(_unquoted(lines[k]))
        if text_col is not None:
            return col < text_col
        k -= 1
    return False


def _unquoted(line: str) -> str:
    return QUOTED.sub("", line, count=1)


def links(chapter, root: Path, anchors: list) -> list[Diagnostic]:
    out = []
    masked = CODE.sub(lambda m: "\0" * len(m.group()), chapter.text)
    for m in LINK.finditer(masked):
        image, text = m.group(1), m.group(2)
        target = m.group(4) if m.group(3) is None else m.group(3).strip().replace(" ", "%20")
        line, col = line_col(chapter.text, m.start())
        loc = SourceLocation(chapter.name, line, col)
        if image:
            if not text.strip():
                out.append(error("image.alt", "image has no alt text, which the tagged PDF needs; describe it "
                                 "between the brackets", loc))
            # Where the file is and whether it decodes: images.check, as the build reads it.
        elif target.startswith("#"):
            anchors.append((target[1:], loc, text))
        elif target:
            out += url_problems(target, loc)
    for m in re.finditer(r"!\[\s*\]\[[^\]\n]*\]", masked):  # ![][image1], as Google Docs exports images
        out.append(error("image.alt", "image has no alt text, which the tagged PDF needs; describe it between the "
                         "first brackets: ![A ferry at the pier][label]", SourceLocation(chapter.name, *line_col(
                             chapter.text, m.start()))))
    # a citation's URL key, @{https://…} (or @https://…, cite.unknown-key's), is no link
    for m in re.finditer(r"(?<!\]\()<(https?://[^>\n]*)>|(?<![<(\w/@])(?<!@\{)https?://[^\s<>\])]+", masked):
        line, col = line_col(chapter.text, m.start())
        out += url_problems((m.group(1) or m.group()).rstrip(".,;:"), SourceLocation(chapter.name, line, col))
    return out


def url_problems(url: str, loc) -> list[Diagnostic]:
    if re.match(r"^(https?|mailto|ftp):", url) is None and "://" in url:
        return [error("url.malformed", f"'{url}' has an unknown scheme", loc)]
    if url.startswith("http") and (re.search(r"[\s\\]", url) or re.search(r"%(?![0-9A-Fa-f]{2})", url)
                                   or not re.match(r"^https?://[^/\s]+\.[^/\s]+|^https?://localhost|^https?://[\d.:]+", url)):
        return [error("url.malformed", f"'{url}' is not a valid URL", loc)]
    if url.startswith("http://"):
        return [info("url.http", f"'{url}' uses http://; use https:// if the site offers it", loc)]
    return []


ESCAPED = "\ue015"  # stands for an escaped * or _ in _unescaped's text


def _unescaped(text: str) -> tuple[str, list[int]]:
    """The text as the output shows it (Markdown's backslash escapes resolved, an escaped * or _ as
    ESCAPED), and for each of its characters the offset it came from."""
    out, offsets, i = [], [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in "\\`*_{}[]()#+-.!$@%<>|~^":
            out.append(ESCAPED if text[i + 1] in "*_" else text[i + 1])
            offsets.append(i)
            i += 2
            continue
        out.append(text[i])
        offsets.append(i)
        i += 1
    return "".join(out), offsets


def _lone_run(text: str, at: int) -> bool:
    """Whether the underscore at ``at`` is in a run of three or more with neither a letter nor a digit beside it."""
    start, end = at, at
    while start and text[start - 1] == "_":
        start -= 1
    while end < len(text) and text[end] == "_":
        end += 1
    return end - start >= 3 and not (start and text[start - 1].isalnum()) and not (end < len(text) and text[end].isalnum())


def emphasis(html: str, chapter) -> list[Diagnostic]:
    """Markers Markdown could not pair show up as literal * or _ in the output."""
    plain = " ".join(unescape(re.sub(r"<code\b[^>]*>.*?</code>|<math\b.*?</math>|<[^>]+>", " ", html, flags=re.S)).split())
    out = []
    source = offsets = None
    for m in re.finditer(r"(?<![\w*])\*{1,3}(?=\w)|(?<=\w)\*{1,3}(?![\w*])|(?<![\w_])__?(?=\w)|(?<=\w)__?(?!\w)", plain):
        if m.group()[0] == "_" and _lone_run(plain, m.start()):
            continue  # '___' between blanks marks nothing ('___' right under a paragraph's text is that text)
        after = plain[m.end():m.end() + 12]
        if source is None:  # read a character at a time: only for a chapter with a marker left
            source, offsets = _unescaped(chapter.text)
        # a space in the output may be a line break, a table's cell border or a grid's edge in the source
        rest = "".join(f"[{re.escape(c)}{ESCAPED}]" if c in "*_" else r"[\s|+]+" if c == " " else re.escape(c)
                       for c in after)
        found = re.search(re.escape(m.group()) + rest, source) if after else None
        if not found and after and re.search(ESCAPED * len(m.group()) + rest, source):
            continue  # written \* or \_: a literal marker, as the author asked
        line, col = line_col(chapter.text, offsets[found.start()]) if found else (0, 0)
        out.append(warning("emphasis.unbalanced", f"unpaired emphasis marker '{m.group()}' before “{after.strip()}…”; "
                           "close it or escape it with a backslash", SourceLocation(chapter.name, line, col)))
    return out
