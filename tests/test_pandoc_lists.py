"""Lists as pandoc 3.9 reads them (``pandoc -f markdown -t html`` the reference), in the cases briefpress
read otherwise: a fence right under an item's text, loose and tight nested lists, code between a nested item's
column and its parent's, an ordered list run on into a bullet list."""
import lxml.html

from briefpress import pandoc_text
from briefpress.lint import lint_path
from briefpress.markdown_ext import render_chapter


def html(markdown_text: str):
    body, _ = render_chapter(pandoc_text.normalize(markdown_text))
    return lxml.html.fragment_fromstring(body, create_parent="div")


def words(el) -> str:
    return " ".join(el.text_content().split())


def test_a_tilde_fence_right_under_an_items_text_is_that_text():
    """pandoc ends a paragraph at a backtick fence only: '- item text' / '  ~~~' / '  code' / '  ~~~' is one item whose
    text runs on ('item text ~ code ~'), in a nested item, a later paragraph, a block quote and an ordered item too;
    briefpress printed a code block in the item."""
    for source in ("- item text\n  ~~~\n  code\n  ~~~\n- next\n", "1. item text\n   ~~~ python\n   code\n   ~~~\n",
                   "- a\n  - item text\n    ~~~\n    code\n    ~~~\n", "- a\n\n  item text\n  ~~~\n  code\n  ~~~\n",
                   "> - item text\n>   ~~~\n>   code\n>   ~~~\n", "- item text\n      ~~~\n      code\n      ~~~\n"):
        root = html(source)
        assert root.find(".//pre") is None, source
        item = [li for li in root.iter("li") if "item text" in words(li)][-1]
        assert "item text" in words(item) and "code" in words(item), source


def test_a_tilde_fence_after_a_blank_line_in_an_item_stays_code():
    root = html("- item text\n\n  ~~~\n  code\n  ~~~\n- next\n")
    assert [words(pre) for pre in root.findall("./ul/li//pre")] == ["code"]


def test_lint_says_the_fence_under_an_items_text_is_printed_as_text_and_outside_a_list_as_code(tmp_path):
    paper = tmp_path / "paper.md"
    paper.write_text("---\ntitle: T\n---\n\n# A\n\nPara:\n~~~\ncode\n~~~\n\n- Item:\n  ~~~\n  text\n  ~~~\n")
    found = {d.location.line: d.message for d in lint_path(paper) if d.code == "code.no-blank-line"}
    assert sorted(found) == [8, 13]
    assert "printed as code here" in found[8] and "printed as that text here too" in found[13]
