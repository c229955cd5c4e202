"""pandoc's {…} attributes on links, headings and paragraphs: what HTML allows on the element stays, the
rest becomes a data- attribute (as pandoc keeps a span's); as typed, `{width=50%}` on a link made the EPUB
fail EPUBCheck (RSC-005)."""

import zipfile

from briefpress.cli import main
from conftest import epubcheck_problems

PAPER = """---
title: Attributes
---

# A heading {foo=bar width=3}

See [the site](https://example.org){width=50% .wide #site foo=bar} and
[a new tab](https://example.org/tab){target=_blank rel=noopener hreflang=en}.

A paragraph with *stress*{data-x=1 width=2}.
"""


def test_attributes_html_does_not_allow_become_data_attributes(tmp_path):
    (tmp_path / "paper.md").write_text(PAPER)
    assert main(["build", "--format", "all", "--out", str(tmp_path / "out"), str(tmp_path / "paper.md")]) == 0
    html = (tmp_path / "out" / "attributes.html").read_text()
    assert '<a class="wide" data-foo="bar" data-width="50%" href="https://example.org" id="site">' in html
    assert '<a href="https://example.org/tab" hreflang="en" rel="noopener" target="_blank">' in html
    assert '<h1 data-foo="bar" data-number="1" data-width="3" id="a-heading">' in html
    assert '<em data-width="2" data-x="1">stress</em>' in html
    assert ' width="' not in html and ' foo="' not in html
    with zipfile.ZipFile(tmp_path / "out" / "attributes.epub") as epub:
        text = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))
    assert 'data-width="50%"' in text and ' width="50%"' not in text
    assert epubcheck_problems(tmp_path / "out" / "attributes.epub", tmp_path) == []
