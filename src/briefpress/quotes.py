"""Python-Markdown extension: block quotes as pandoc reads them.

Takes the blocks Python-Markdown splits at blank lines and returns one ``<blockquote>`` per quote:
Python-Markdown puts a ``>`` block right after a quote into that quote, pandoc (and CommonMark)
start a new one after a blank line (``> a`` / blank / ``> b`` are two quotes, an epigraph and its
source, two letters). A blank line inside a quote is written ``>``; that block is one quote still.
"""

from __future__ import annotations

from markdown.blockprocessors import BlockQuoteProcessor
from markdown.extensions import Extension


class _QuoteProcessor(BlockQuoteProcessor):
    def lastChild(self, parent):
        # Only the base class's run asks, and only for a quote to continue: the answer is never one.
        child = super().lastChild(parent)
        return None if child is not None and child.tag == "blockquote" else child


class QuotesExtension(Extension):
    def extendMarkdown(self, md):
        md.parser.blockprocessors.register(_QuoteProcessor(md.parser), "quote", 20)


def makeExtension(**kwargs):
    return QuotesExtension(**kwargs)
