"""Python-Markdown extension: link targets as pandoc writes them.

Takes the tree of a chapter and returns it with the spaces of a link's target percent-encoded
(``[report](<https://example.org/annual report.pdf>)``: pandoc's ``%20``); left as typed, the
web edition, the EPUB (not a valid URL) and the PDF's link each carried a target with a space.
"""

from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


class _Targets(Treeprocessor):
    def run(self, root):
        for el in root.iter("a"):
            href = el.get("href")
            if href and re.search(r"\s", href):
                el.set("href", re.sub(r"\s", lambda m: f"%{ord(m.group()):02X}", href.strip()))


class LinkTargetsExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_Targets(md), "briefpress-link-targets", 6)


def makeExtension(**kwargs):
    return LinkTargetsExtension(**kwargs)
