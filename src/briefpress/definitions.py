"""Python-Markdown extension: a ``:`` line is a definition only under its term, as pandoc reads it.

Python-Markdown's ``def_list`` read a paragraph opening with ``: `` after a heading, a quote or a list
as a definition without a term, and the colon was lost; pandoc reads it as a paragraph (``: text``).
A definition needs its term in the lines above it, or a paragraph (the term) or a definition list
right before it.
"""

from __future__ import annotations

import functools
import re

from markdown.extensions import Extension

STASHED = re.compile("\x02wzxhzdk:(\\d+)\x03")  # Python-Markdown's placeholder of a stashed block


class DefinitionsExtension(Extension):
    def extendMarkdown(self, md):
        # the processor's test wrapped, as tables/ wraps it: the processor keeps its place among the others
        if "deflist" in md.parser.blockprocessors:
            deflist = md.parser.blockprocessors["deflist"]
            deflist.test = functools.partial(_has_term, deflist, deflist.test)


def _has_term(deflist, test, parent, block) -> bool:
    m = deflist.RE.search(block)
    if m and not block[:m.start()].strip():
        sibling = deflist.lastChild(parent)
        if sibling is None or sibling.tag not in ("p", "dl") or _set_aside(deflist, sibling):
            return False
    return test(parent, block)


def _set_aside(deflist, p) -> bool:
    """A paragraph that only holds a block set aside (a fenced code block, raw HTML), which is no term; display
    math, which pandoc reads as a paragraph's, is one."""
    m = STASHED.fullmatch((p.text or "").strip()) if p.tag == "p" and not len(p) else None
    if not m:
        return False
    stash = deflist.parser.md.htmlStash.rawHtmlBlocks
    return int(m.group(1)) < len(stash) and "<math" not in str(stash[int(m.group(1))])


def makeExtension(**kwargs):
    return DefinitionsExtension(**kwargs)
