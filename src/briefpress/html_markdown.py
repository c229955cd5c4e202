"""Markdown inside raw HTML blocks, as pandoc reads it (markdown_in_html_blocks): a chapter's lines -> the same
lines with ``markdown="1"`` (or ``"span"``) on the tags whose content pandoc reads as Markdown, for Python-Markdown's
``md_in_html`` (a preprocessor :mod:`briefpress.pandoc_extras` registers)."""

from __future__ import annotations

import re

from markdown.preprocessors import Preprocessor


class MarkdownInHtml(Preprocessor):
    """pandoc reads Markdown inside a raw ``<div>`` (``<section>``, ``<aside>``, ``<article>``, ``<details>``,
    ``<blockquote>``) whose
    tags stand on their own lines, or whose text starts on its opening tag's line (``<div>raw *x*</div>``: inline,
    as pandoc's Plain, when it closes there), and in the cells of a raw ``<table>``; Python-Markdown's
    ``md_in_html`` does so when asked with ``markdown="1"`` (``"span"``: inline)."""

    OPEN = re.compile(r"^(<(?:div|section|aside|article|details|blockquote)\b(?![^>]*\bmarkdown=)[^>]*?)(\s*/?)>\s*$")

    OPEN_TEXT = re.compile(r"^(<(div|section|aside|article|details|blockquote)\b(?![^>]*\bmarkdown=)[^>]*?(?<!/))>"
                           r"(?=\s*[^\s<])((?:(?!<\2\b).)*?)(</\2>.*)?$")  # (one holding another of its tag: left as typed)

    TABLE = re.compile(r"<(table|thead|tbody|tfoot|tr|td|th)\b(?![^>]*\bmarkdown=)([^>]*?)(\s*/?)>")

    def run(self, lines):
        lines = [self.OPEN.sub(lambda m: f'{m.group(1)} markdown="1">' if not m.group(2).strip() else m.group(0), line)
                 if not (m := self.OPEN_TEXT.match(line)) else
                 # its text on the tag's line: inline when the tag closes on that line (pandoc's Plain), else blocks
                 f'{m.group(1)} markdown="{"span" if m.group(4) else "1"}">{m.group(3)}{m.group(4) or ""}'
                 for line in lines]
        start, comment, commented = None, False, set()
        for i, line in enumerate(lines):
            opens = line.rfind("<!--")
            if comment or opens >= 0 and "-->" not in line[opens:]:
                # a table commented out stays as typed: the web edition keeps the comment
                comment = opens >= 0 and "-->" not in line[opens:] or comment and "-->" not in line
                commented.add(i)
                continue
            start = i if start is None and line.startswith("<table") else start
            if start is not None and "</table>" in line:
                # pandoc reads a cell's text as Markdown (*a* is emphasis): md_in_html, asked on every tag
                # down to the cell; not where a line is indented (Markdown would read it as code)
                if not any(re.match(r"    |\t", row) for row in lines[start:i + 1]):
                    lines[start:i + 1] = [self.TABLE.sub(lambda m: m.group(0) if m.group(3).strip() else
                                                         f'<{m.group(1)}{m.group(2)} markdown="1">', row)
                                          if j not in commented else row
                                          for j, row in enumerate(lines[start:i + 1], start)]
                start = None
        return lines
