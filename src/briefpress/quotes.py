"""Python-Markdown extension: block quotes as pandoc reads them.

Takes the blocks Python-Markdown splits at blank lines and returns one ``<blockquote>`` per quote:
Python-Markdown puts a ``>`` block right after a quote into that quote, pandoc (and CommonMark)
start a new one after a blank line (``> a`` / blank / ``> b`` are two quotes, an epigraph and its
source, two letters). A blank line inside a quote is written ``>``; that block is one quote still.
"""

from __future__ import annotations

import re

from markdown.blockprocessors import BlockQuoteProcessor
from markdown.extensions import Extension

RAW = re.compile(r"(?m)^ {0,3}<[A-Za-z!/]")


class _QuoteProcessor(BlockQuoteProcessor):
    def run(self, parent, blocks):
        m = self.RE.search(blocks[0])
        if m and "<" in blocks[0]:
            blocks[0] = blocks[0][:m.start()] + self._raw_blocks(blocks[0][m.start():])
        super().run(parent, blocks)

    def _raw_blocks(self, block: str) -> str:
        """The quote's raw HTML blocks set aside as at the top level (Python-Markdown does so before it reads the
        blocks, where a quote's lines still open with '>'): pandoc reads them as HTML blocks, Markdown inside a
        <div>; a paragraph held them before ('<p><div>…</div></p>'). Each line keeps its '>'."""
        lines = [self.clean(line) for line in block.split("\n")]
        text = "\n".join(lines)
        if not RAW.search(text):
            return block
        self.parser.md.briefpress_source = getattr(self.parser.md, "briefpress_source", "") + "\n" + text  # sanitized
        for name in ("pandoc-md-in-html", "html_block"):
            if name in self.parser.md.preprocessors:
                lines = self.parser.md.preprocessors[name].run(lines)
        return "\n".join("> " + line if line else ">" for line in lines)

    def lastChild(self, parent):
        # Only the base class's run asks, and only for a quote to continue: the answer is never one.
        child = super().lastChild(parent)
        return None if child is not None and child.tag == "blockquote" else child


class QuotesExtension(Extension):
    def extendMarkdown(self, md):
        md.parser.blockprocessors.register(_QuoteProcessor(md.parser), "quote", 20)


def makeExtension(**kwargs):
    return QuotesExtension(**kwargs)
