"""Lists as pandoc reads them: nested by the column of the item's text (two spaces under "- ", three
under "1. "), and ordered markers 1), (1), a., (b), iv., A. with their styles in HTML, EPUB and PDF."""

import lxml.html
import pytest

from briefpress.lists import normalize
from outputs import build_all, epub_files, epubcheck_problems, pdf_pages_text, xhtml


def html_of(markdown_text: str):
    import markdown

    from briefpress import pandoc_text
    from briefpress.markdown_ext import EXTENSIONS, SMARTY
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=SMARTY, output_format="html")
    return lxml.html.fragment_fromstring(md.convert(pandoc_text.normalize(markdown_text)), create_parent="div")


def items(lst) -> list[str]:
    return [" ".join((li.text or "").split() + [t for p in li.findall("p") for t in (p.text or "").split()])
            for li in lst.findall("li")]


def test_bullets_nest_by_two_spaces_and_items_under_a_number_by_three():
    root = html_of("- fruit\n  - apple\n  - pear\n- bread\n\n1. first\n   - under first\n2. second\n")
    outer_ul, ol = root.findall("ul")[0], root.findall("ol")[0]
    assert items(outer_ul) == ["fruit", "bread"]
    assert items(outer_ul.find("li").find("ul")) == ["apple", "pear"]
    assert items(ol) == ["first", "second"]
    assert items(ol.find("li").find("ul")) == ["under first"]


@pytest.mark.parametrize("markers, kind, start, classes", [
    (("1)", "2)"), None, None, "decimal rparen"),
    (("(1)", "(2)"), None, None, "decimal paren"),
    (("a.", "b."), "a", None, "lower-alpha"),
    (("(b)", "(c)"), "a", "2", "lower-alpha paren"),
    (("iv.", "v."), "i", "4", "lower-roman"),
    (("C)", "D)"), "A", "3", "upper-alpha rparen"),
    (("II.", "III."), "I", "2", "upper-roman"),
])
def test_ordered_markers_keep_their_style_and_first_number(markers, kind, start, classes):
    root = html_of(f"{markers[0]} one\n{markers[1]} two\n")
    ol = root.find("ol")
    assert ol is not None, markers
    assert items(ol) == ["one", "two"]
    assert ol.get("type") == kind and ol.get("start") == start and ol.get("class") == classes


def test_a_capital_with_a_period_needs_two_spaces_so_a_name_stays_a_sentence():
    assert html_of("A. Smith wrote it.\n").find("ol") is None
    assert html_of("B.  Second point\nC.  Third point\n").find("ol").get("type") == "A"


def test_a_change_of_style_starts_a_new_list_as_in_pandoc():
    root = html_of("1. one\n2. two\n\na) alpha\nb) beta\n\ni. roman\n")
    lists = root.findall("ol")
    assert [items(ol) for ol in lists] == [["one", "two"], ["alpha", "beta"], ["roman"]]
    assert [ol.get("class") for ol in lists] == [None, "lower-alpha rparen", "lower-roman"]


def test_what_is_not_a_list_stays_as_it_was():
    text = ("A paragraph\n- not an item without a blank line\n\n    indented code\n\n* * *\n\n"
            "```\n- inside code\n  - still code\n```\n")
    assert normalize(text) == text


def test_lines_are_kept_and_code_in_an_item_stays_code():
    text = "- item\n\n      code in the item\n\n  continued paragraph\nlazy line\n\nafter\n"
    out = normalize(text)
    assert out.count("\n") == text.count("\n")
    root = html_of(text)
    li = root.find("ul").find("li")
    assert "code in the item" in " ".join(pre.text_content() for pre in li.iter("pre"))
    assert "lazy line" in li.text_content() and root.findall("p")[-1].text == "after"


@pytest.fixture(scope="module")
def fancy(tmp_path_factory):
    markdown = ("---\ntitle: Lists\n---\n\n# Steps\n\nThe measures:\n\n(a) first measure\n(b) second measure\n"
                "    - a detail\n    - another\n\nii) then\niii) last\n")
    return build_all(tmp_path_factory.mktemp("fancy"), markdown, "")


def test_fancy_lists_in_pdf_and_epub(fancy):
    words = " ".join(pdf_pages_text(fancy["pdf"])).split()  # PDFium reads markers after the list's text
    assert "first measure second measure a detail another then last" in " ".join(words)
    assert [w for w in words if w in ("(a)", "(b)", "i)", "ii)", "iii)", "(c)")] == ["(a)", "(b)", "ii)", "iii)"]
    chapter = next(v for k, v in epub_files(fancy["epub"]).items() if k.endswith(".xhtml") and b"measure" in v)
    ol = xhtml(chapter).xpath("//x:ol", namespaces={"x": "http://www.w3.org/1999/xhtml"})
    assert [(o.get("class"), o.get("type"), o.get("start")) for o in ol] == [
        ("lower-alpha paren", "a", None), ("lower-roman rparen", "i", "2")]


def test_fancy_lists_pass_epubcheck(fancy, tmp_path):
    assert epubcheck_problems(fancy["epub"], tmp_path) == []


def test_a_list_right_under_a_heading_nests_as_in_pandoc():
    root = html_of("# Plan\n- fruit\n  - apple\n- bread\n")
    ul = root.find("ul")
    assert items(ul) == ["fruit", "bread"]
    assert items(ul.find("li").find("ul")) == ["apple"]


def test_a_list_in_a_block_quote_nests_by_its_text_column():
    for text in ("> Quoted:\n>\n> 1. one\n>    - sub\n> 2. two\n", "i. a list\n\n> 1. one\n>    - sub\n> 2. two\n"):
        root = html_of(text)
        ol = root.find("blockquote").find("ol")
        assert items(ol) == ["one", "two"]
        assert items(ol.find("li").find("ul")) == ["sub"]
        assert "- sub" not in lxml.html.tostring(root, encoding="unicode")


def test_a_list_in_a_footnote_nests_by_its_text_column():
    import markdown

    from briefpress import pandoc_text
    from briefpress.markdown_ext import EXTENSIONS, SMARTY
    md = markdown.Markdown(extensions=EXTENSIONS + ["footnotes"], extension_configs=SMARTY, output_format="html")
    text = "Text[^1].\n\n- l\n\n[^1]: First.\n\n    - x\n      - y\n    - z\n\n    Last.\n\nAfter the note.\n"
    root = lxml.html.fragment_fromstring(md.convert(pandoc_text.normalize(text)), create_parent="div")
    ul = root.find(".//li[@id]").find("ul")
    assert items(ul) == ["x", "z"]
    assert items(ul.find("li").find("ul")) == ["y"]
    assert root.findall("p")[-1].text == "After the note."


def test_lists_parted_by_a_change_of_style_stay_tight_and_a_loose_one_stays_loose():
    root = html_of("1. one\n2. two\n\na) alpha\nb) beta\n\ni. x\n\nii. y\n")
    tight_decimal, tight_alpha, loose_roman = root.findall("ol")
    for ol in (tight_decimal, tight_alpha):
        assert [li.find("p") for li in ol.findall("li")] == [None, None], lxml.html.tostring(ol)
    assert [li.find("p").text for li in loose_roman.findall("li")] == ["x", "y"]


def test_fenced_code_in_an_item_stays_in_the_item_highlighted_and_the_list_goes_on():
    root = html_of("1. one\n\n   ```python\n   x = 1\n   ```\n2. two\n   ```\n   plain\n   ```\n   after\n")
    ol = root.find("ol")
    assert len(root.findall("ol")) == 1 and len(ol.findall("li")) == 2
    first, second = ol.findall("li")
    assert first.find(".//code").text_content() == "x = 1\n" and first.find(".//span[@class='mi']") is not None
    assert second.find(".//code").text_content() == "plain\n"
    assert [p.text for p in second.findall("p")] == ["two", "after"]


def test_a_diagnostic_in_a_re_indented_or_re_marked_item_points_at_its_source_column(tmp_path):
    from briefpress.lint import lint_path
    lines = ["---", "title: T", "---", "", "- a", "  - see @missing here", "", "> 1. q",
             ">    - quoted @nokey", "", "a) first @gone", "b) second"]
    (tmp_path / "p.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = sorted((d.location.line, d.location.col) for d in lint_path(tmp_path / "p.md")
                   if d.code.startswith("cite."))
    expected = sorted((n, lines[n - 1].index("@") + 1) for n in (6, 9, 11))
    assert found == expected


def test_a_decimal_list_after_a_lettered_one_keeps_its_first_number():
    first, second = html_of("a) alpha\nb) beta\n\n3. three\n4. four\n").findall("ol")
    assert items(first) == ["alpha", "beta"] and items(second) == ["three", "four"]
    assert second.get("start") == "3" and second.get("type") is None


def test_a_note_s_lists_print_in_their_style_from_their_first_number(tmp_path):
    """In print a note's blocks are spans (render_html._inline_blocks): an <ol>'s type and start were lost."""
    paper = build_all(tmp_path, "# A\n\nText.[^n]\n\n[^n]: First.\n\n    c) gamma\n    d) delta\n\n"
                      "    3. three\n    4. four\n", "")
    words = " ".join(pdf_pages_text(paper["pdf"])).split()
    note = words[words.index("First."):]
    assert {"c)", "d)", "3.", "4."} <= set(note) and not {"a)", "b)", "5.", "6."} & set(note), note


@pytest.mark.parametrize("source, expected", [
    ("Text.\n\n-\n-\n\nAfter.\n", [["", ""]]),
    ("Text.\n\n* \n*\n", [["", ""]]),
    ("Text.\n\n1.\n2.\n", [["", ""]]),
    ("Text.\n\n- a\n-\n- c\n", [["a", "", "c"]]),
])
def test_empty_items_are_empty_items_not_a_heading(source, expected):
    # pandoc reads "-" alone as an empty item; Python-Markdown took "-" under "-" for a heading underline
    root = html_of(source)
    assert not root.findall(".//h2")
    assert [items(lst) for lst in root if lst.tag in ("ul", "ol")] == expected
    assert "\ue016" not in lxml.html.tostring(root, encoding="unicode")


@pytest.mark.parametrize("source, outer, inner", [
    ("- one\n\n        code in one\n- two\n- three\n", ["one", "two", "three"], None),
    ("1. one\n\n        code\n2. two\n", ["one", "two"], None),
    ("- one\n  - nested\n\n          code\n- two\n", ["one", "two"], ["nested"]),
])
def test_an_item_right_after_code_in_the_item_before_is_its_sibling(source, outer, inner):
    root = html_of(source)
    top = [e for e in root if e.tag in ("ul", "ol")]
    assert len(top) == 1 and items(top[0]) == outer
    assert [t.strip() for t in top[0].xpath(".//code/text()")] == ["code in one" if "code in one" in source else "code"]
    nested = top[0].find("li").find("ul")
    assert (items(nested) if nested is not None else None) == inner
    assert "\ue017" not in lxml.html.tostring(root, encoding="unicode")


def test_items_each_after_code_in_the_one_before_keep_their_own_code_and_text():
    # pandoc: three items, each with its code; the second's code was a paragraph '- c' ran into
    root = html_of("- a\n\n        code a\n- b\n\n        code b\n- c\n\n        code c\n- d\n\n"
                   "Then:\n\n- e\n\n        code e\n- f\n\n  f para\n\n- g\n")
    first, second = [e for e in root if e.tag == "ul"]
    assert [li.xpath("string(./p[1])") for li in first] == ["a", "b", "c", "d"]  # loose, as in pandoc
    assert [li.xpath("string(.//code)").strip() for li in first] == ["code a", "code b", "code c", ""]
    assert [li.xpath("string(./p[last()])") for li in second] == ["e", "f para", "g"]
    assert "\ue017" not in lxml.html.tostring(root, encoding="unicode")


def test_a_fence_indented_past_the_items_text_under_its_paragraph_is_text_as_pandoc_reads_it():
    """pandoc ends a paragraph at a backtick fence only in the paragraph's own column: indented further under
    an item's text (``- Item:`` then a fence 4 spaces in) the fence, the code and its closing fence read on in
    the paragraph, a code span (pandoc 3.9: ``<li>Item: <code>make all</code></li>``); at the item's column it
    is a code block in the item. It was read as a code block in both."""
    root = html_of("- Item:\n    ```\n    make all\n    ```\n- Next\n\n1. Step:\n   ```\n   make\n   ```\n")
    ul, ol = root.find("ul"), root.find("ol")
    first = ul.find("li")
    assert first.find(".//pre") is None and first.find("code").text == "make all"
    assert " ".join(first.text_content().split()) == "Item: make all"
    assert items(ul) == ["Item:", "Next"]
    assert ol.find("li").find(".//pre/code").text.strip() == "make"


def test_a_fence_under_an_items_text_short_of_its_column_ends_the_list_and_opens_code():
    """``1. Item:`` then a fence two spaces in (the item's text starts at three): pandoc ends the list there and
    reads a code block after it; it was read as a code span in the item."""
    root = html_of("1. Item:\n  ```\n  code\n  ```\n")
    assert items(root.find("ol")) == ["Item:"] and root.find("ol").find(".//code") is None
    assert [pre.text_content() for pre in root.xpath("//pre")] == ["code\n"]


def test_a_fence_indented_one_to_three_spaces_outside_a_list_is_a_code_block():
    """pandoc reads a fence indented up to three spaces (after a blank line) as a code block, its lines less that
    indentation (its closing fence may be indented otherwise); Python-Markdown reads a fence at column 0 only, and
    printed the block as a code span. Under a paragraph's text such a fence reads on in the paragraph, in both."""
    root = html_of("Text\n\n  ```\n  def f():\n      return 1\n  ```\n\n  ~~~\n  b\n   ~~~\n\nPara:\n   ```\n   c\n   ```\n")
    assert [pre.text_content() for pre in root.xpath("//pre")] == ["def f():\n    return 1\n", "b\n"]
    assert " ".join(root.findall("p")[-1].text_content().split()) == "Para: c"


def test_a_tilde_fence_under_an_items_text_short_of_its_column_ends_the_list_and_opens_code():
    """``1. Item:`` then a '~~~' fence one space in: pandoc ends the list and reads a code block, as with a backtick
    fence; it was read as the item's text, its tildes a strikeout (``<del>~ code ~</del>``)."""
    root = html_of("1. Item:\n ~~~\n code\n ~~~\n")
    assert items(root.find("ol")) == ["Item:"] and root.find(".//del") is None
    assert [pre.text_content() for pre in root.xpath("//pre")] == ["code\n"]
    # four spaces in (the item's text at five) it is no fence: the item's text, a code span, the list going on
    root = html_of("1.   Item:\n    ```\n    x\n    ```\n2. Next\n")
    assert [" ".join(li.text_content().split()) for li in root.find("ol")] == ["Item: x", "Next"]
    assert root.xpath("//pre") == [] and len(root.findall("ol")) == 1


def test_a_fence_indented_one_to_three_spaces_after_a_line_that_is_no_text_is_a_code_block():
    """A fence two spaces in right under a div's opening ``::: note``, a rule or a comment is a code block in pandoc 3.9
    (only a paragraph's text reads on); it was read as a code span, its code run into a paragraph."""
    root = html_of("::: note\n  ```\n  x = 1\n  ```\n:::\n\n***\n  ~~~\n  y\n  ~~~\n\n<!-- c -->\n  ```\n  z\n  ```\n")
    assert [pre.text_content() for pre in root.xpath("//pre")] == ["x = 1\n", "y\n", "z\n"]
    assert root.xpath("//p//code") == []
    # under a paragraph's text, HTML in it or not, it reads on (a code span), as pandoc reads it
    root = html_of("<span>Para</span> text:\n  ```\n  x\n  ```\n")
    assert root.xpath("//pre") == [] and root.xpath("//p/code")[0].text.strip() == "x"


def test_a_fence_line_with_an_info_string_inside_fenced_code_is_code_not_its_end():
    """'```python' inside a '```' block is a line of its code (a closing fence has nothing after it), in pandoc 3.9 as
    in CommonMark; in an item, or indented two spaces outside a list, it was read as the closing fence, the rest of the
    code run into a paragraph ('<p>x</p>')."""
    root = html_of("- Item\n\n  ```\n  ```python\n  x\n  ```\n- Next\n\nText\n\n  ```\n  ```r\n  y\n  ```\n\nAfter.\n")
    assert [pre.text_content() for pre in root.xpath("//pre")] == ["```python\nx\n", "```r\ny\n"]
    assert items(root.find("ul")) == ["Item", "Next"] and root.findall("p")[-1].text == "After."


@pytest.mark.parametrize("source, codes", [
    ("- item\n\n      indented\n  ```\n  fenced\n  ```\n", [["indented\n", "fenced\n"]]),
    ("- item\n\n      indented\n\n  ~~~\n  fenced\n  ~~~\n- next\n", [["indented\n", "fenced\n"], []]),
    ("1. item\n\n       indented\n   ~~~ python\n   x = 1\n   ~~~\n   after\n", [["indented\n", "x = 1\n"]]),
    ("- item\n\n  ```\n  a\n  ```\n  ```\n  b\n  ```\n", [["a\n", "b\n"]]),
    ("- item\n\n  ```\n  a\n  ```\n\n      indented\n", [["a\n", "indented\n"]]),
    ("- a\n  - b\n\n        indented\n    ```\n    fenced\n    ```\n", [[], ["indented\n", "fenced\n"]]),
    ("> - item\n>\n>       indented\n>   ```\n>   fenced\n>   ```\n", [["indented\n", "fenced\n"]]),
    ("- item\n\n      one\n\n      two\n", [["one\n\ntwo\n"]]),  # indented code a blank line on: the same block
])
def test_code_in_an_item_right_after_the_item_s_code_is_a_code_block_of_its_own(source, codes):
    """pandoc ends an item's indented code at a fence (and fenced code at its closing fence): the code after it is a
    block of its own. An item's fenced code is indented code for Python-Markdown, which read it into the code above."""
    root = html_of(source)
    assert [[pre.text_content() for pre in li.xpath("pre|div/pre")] for li in root.iter("li")] == codes


def test_a_fence_s_language_right_under_an_item_s_text_or_code_is_kept():
    """``- Item:`` / ```` ```python ````: the code is highlighted as Python, as pandoc does (the language was lost)."""
    for source in ("- Item:\n  ```python\n  x = 1\n  ```\n", "- Item\n\n      y\n  ```python\n  x = 1\n  ```\n"):
        assert html_of(source).xpath("//li//pre//span[@class='n']/text()") == ["x"], source
