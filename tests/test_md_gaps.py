"""Manuscripts as authors write them for pandoc, read as pandoc 3.9 reads them (its -t html the
reference): each case here printed wrongly, or lost text, before."""
import lxml.html

from briefpress.markdown_ext import render_chapter


def html(markdown_text: str):
    from briefpress import pandoc_text
    body, _ = render_chapter(pandoc_text.normalize(markdown_text))
    return lxml.html.fragment_fromstring(body, create_parent="div")


def test_two_block_quotes_a_blank_line_apart_are_two_quotes_a_marked_blank_line_keeps_one():
    root = html("> Epigraph.\n\n> Its source.\n\n> One quote,\n>\n> two paragraphs.\n\n"
                "- item\n\n    > in the item\n\n    > and another\n")
    quotes = root.xpath("//blockquote")
    assert [[" ".join(p.text_content().split()) for p in q.findall("p")] for q in quotes] == [
        ["Epigraph."], ["Its source."], ["One quote,", "two paragraphs."], ["in the item"], ["and another"]]
