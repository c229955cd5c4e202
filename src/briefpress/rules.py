"""Python-Markdown extension: horizontal rules as pandoc reads them.

Takes the blocks Python-Markdown splits at blank lines and returns an ``<hr>`` only for a rule line that opens
its block: pandoc reads ``***``, ``* * *``, ``___``, ``- - -`` right under a paragraph's text (no blank line
between) as more of that text, in a quote, a list item or a definition too (``---`` and ``===`` there underline a
setext heading: Python-Markdown's own reading). Python-Markdown cut the paragraph at a rule on any line of its
block. The blocks that may stand right above a rule (a heading, code, a table, a fenced div) are cut off their block
by processors that run before this one.
"""

from __future__ import annotations

from markdown.blockprocessors import HRProcessor
from markdown.extensions import Extension


class _RuleProcessor(HRProcessor):
    def test(self, parent, block) -> bool:
        m = self.SEARCH_RE.match(block)
        if m:
            self.match = m  # (the base class's run reads it)
        return m is not None


class RulesExtension(Extension):
    def extendMarkdown(self, md):
        md.parser.blockprocessors.register(_RuleProcessor(md.parser), "hr", 50)


def makeExtension(**kwargs):
    return RulesExtension(**kwargs)
