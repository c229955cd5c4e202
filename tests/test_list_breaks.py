"""An item (or a nested list) right under the second paragraph of the item before it, no blank line between:
pandoc ends the paragraph there; Python-Markdown read the marker line into the paragraph ('b - c')."""

import lxml.html
import pytest

from outputs import build_all, epub_files, pdf_pages_text, squash
from test_lists import html_of


def shape(lst) -> list:
    """A list's items, each as its blocks: a paragraph's (or a tight item's) text, or a nested list's shape."""
    out = []
    for li in lst.findall("li"):
        blocks = [squash(li.text)] if (li.text or "").strip() else []
        for child in li:
            if child.tag in ("ul", "ol"):
                blocks.append(shape(child))
            elif child.tag == "p":
                blocks.append(squash(child.text_content()))
        out.append(blocks)
    return out


# pandoc 3.9 reads each so (pandoc -t html)
@pytest.mark.parametrize("source, expected", [
    ("- a\n\n  b\n- c\n", [["a", "b"], ["c"]]),
    ("1. a\n\n   b\n2. c\n", [["a", "b"], ["c"]]),
    ("* a\n\n  b\n* c\n", [["a", "b"], ["c"]]),
    ("+   a\n\n    b\n+   c\n", [["a", "b"], ["c"]]),
    ("1.  a\n\n    b\n2.  c\n", [["a", "b"], ["c"]]),
    ("a) a\n\n   b\nb) c\n", [["a", "b"], ["c"]]),
    ("- a\n\n  b\n  more b\n- c\n\n  d\n- e\n", [["a", "b more b"], ["c", "d"], ["e"]]),
    ("- x\n  - a\n\n    b\n  - c\n- y\n", [["x", [["a", "b"], ["c"]]], ["y"]]),
    ("- x\n  - a\n\n    b\n- y\n", [["x", [["a", "b"]]], ["y"]]),
    ("- a\n\n  b\n  - x\n", [["a", "b", [["x"]]]]),
    ("1. a\n\n   b\n   2. c\n", [["a", "b", [["c"]]]]),
    ("- a\n\n  - x\n  lazy\n- c\n", [["a", [["x lazy"]]], ["c"]]),
])
def test_an_item_right_under_an_items_second_paragraph_is_the_next_item(source, expected):
    root = html_of(source)
    lists = [e for e in root if e.tag in ("ul", "ol")]
    assert len(lists) == 1 and shape(lists[0]) == expected
    assert root.findall("p") == []


def test_in_a_block_quote_too():
    quote = html_of("> - a\n>\n>   b\n> - c\n").find("blockquote")
    assert shape(quote.find("ul")) == [["a", "b"], ["c"]]


def test_the_next_item_is_loose_as_the_list_is():
    ul = html_of("- a\n\n  b\n- c\n").find("ul")
    assert [[child.tag for child in li] for li in ul.findall("li")] == [["p", "p"], ["p"]]


def test_code_and_a_paragraph_that_only_looks_like_items_stay_as_they_were():
    root = html_of("- a\n\n  b\n      - not an item: b's text\n\ntext\n- not a list (no blank line)\n")
    assert shape(root.find("ul")) == [["a", "b - not an item: b’s text"]]
    assert squash(root.findall("p")[-1].text_content()) == "text - not a list (no blank line)"


@pytest.mark.parametrize("source, expected", [
    ("- a\n      - b's text\n", [["a - b’s text"]]),
    ("1. a\n\n   b\n          - b's text\n2. c\n", [["a", "b - b’s text"], ["c"]]),
])
def test_a_marker_four_columns_past_the_items_text_is_text_as_pandoc_reads_it(source, expected):
    assert shape(html_of(source).find("ul") if source[0] == "-" else html_of(source).find("ol")) == expected


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    markdown = ("---\ntitle: Breaks\n---\n\n# Steps\n\n- alpha\n\n  beta\n- gamma\n\nThen:\n\n"
                "1. one\n\n   two\n2. three\n")
    return build_all(tmp_path_factory.mktemp("breaks"), markdown, "")


def test_pdf_and_epub_print_the_items_apart(paper):
    text = squash(" ".join(pdf_pages_text(paper["pdf"])))
    assert "alpha beta gamma Then: one two three" in text and "- gamma" not in text and "2. three" not in text
    chapter = next(v for k, v in epub_files(paper["epub"]).items() if k.endswith(".xhtml") and b"gamma" in v)
    body = lxml.html.document_fromstring(chapter).body  # the HTML parser: tags without the XHTML namespace
    assert [shape(lst) for lst in body.iter("ul", "ol")] == [[["alpha", "beta"], ["gamma"]], [["one", "two"], ["three"]]]
    html = lxml.html.parse(str(paper["html"])).getroot()
    assert [shape(lst) for lst in html.find(".//main").iter("ul", "ol")] == [
        [["alpha", "beta"], ["gamma"]], [["one", "two"], ["three"]]]


@pytest.mark.parametrize("source", ["::: note\n- a\n\n  b\n\n- c\n:::\n", "::: {.callout-note}\n1. a\n\n   b\n2. c\n:::\n"])
def test_a_list_right_under_a_divs_opening_line_is_read_as_pandoc_reads_it(source):
    div = html_of(source).find("div")
    lists = [e for e in div if e.tag in ("ul", "ol")]
    assert len(lists) == 1 and shape(lists[0]) == [["a", "b"], ["c"]]
    assert [p.get("class") for p in div.findall("p")] in ([], ["callout-title"])  # b was a paragraph after the list


@pytest.mark.parametrize("source", [
    "> - Item:\n> ```\n> x = 1\n> ```\n",
    "> - Item:\n>\n> ```python\n> x = 1\n>\n> y = 2\n> ```\n>\n> after\n",
    "> - Item:\n> lazy\n> ~~~\n> x = 1\n> ~~~\n",
    "> > - Item:\n> > ```\n> > x = 1\n> > ```\n",
])
def test_a_fence_in_a_block_quote_short_of_an_items_text_ends_the_list_as_in_pandoc(source):
    """pandoc ends the list at the fence and reads code in the quote; the code was a paragraph in the item."""
    quote = html_of(source).findall(".//blockquote")[-1]
    assert [child.tag for child in quote][:2] == ["ul", "div"] and quote[1].get("class") == "highlight"
    assert squash(quote[1].text_content()).startswith("x = 1") and quote.find("ul").find(".//p") is None
    assert ("y = 2" in quote[1].text_content()) == ("y = 2" in source)
    assert "\ue018" not in lxml.html.tostring(quote, encoding="unicode")


def test_a_fence_in_a_block_quote_in_an_items_column_stays_in_the_item():
    li = html_of("> - Item:\n>   ```\n>   x = 1\n>   ```\n").find(".//li")
    assert squash(li.find(".//pre").text_content()) == "x = 1"


def test_that_code_keeps_its_language_with_no_blank_line_above_its_fence():
    code = html_of("> - Item:\n> ```python\n> x = 1\n> ```\n").find(".//blockquote/div[@class='highlight']")
    assert squash(code.text_content()) == "x = 1" and code.find(".//span[@class='n']") is not None  # highlighted
