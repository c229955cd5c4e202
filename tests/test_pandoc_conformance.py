"""Constructs papers written for pandoc carry, read as pandoc reads them (pandoc 3.9 -t html the
reference): each case here printed wrongly, or was refused, before."""
import lxml.html
import pytest

from briefpress.markdown_ext import render_chapter


def html(markdown_text: str):
    from briefpress import pandoc_text
    body, _ = render_chapter(pandoc_text.normalize(markdown_text))
    return lxml.html.fragment_fromstring(body, create_parent="div")


@pytest.mark.parametrize("source, attr, value, text", [
    ("In English: [Who, if I cried out, would hear\nme among the orders?]{lang=en-GB} she wrote.",
     "lang", "en-GB", "Who, if I cried out, would hear me among the orders?"),
    ("See [the [report](https://example.org) itself]{.smallcaps}.", "class", "smallcaps", "the report itself"),
])
def test_a_bracketed_span_may_run_over_lines_and_hold_brackets(source, attr, value, text):
    root = html(source)
    spans = root.xpath(f"//span[@{attr}='{value}']")
    assert len(spans) == 1 and " ".join(spans[0].text_content().split()) == text
    assert "]{" not in root.text_content()
