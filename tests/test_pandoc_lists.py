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


def paragraphs(lst) -> list[bool]:
    """Whether each item of the list holds its text in a <p> (loose)."""
    return [li.find("p") is not None for li in lst.findall("li")]


def test_a_blank_line_in_a_nested_list_leaves_the_list_around_it_tight():
    """pandoc makes a list loose by a blank line after a paragraph of its own items only: '- a' / '  - b' / blank /
    '  - c' / '- d' is a tight list holding a loose one (pandoc 3.9: '<li>a<ul><li><p>b</p>…</ul></li><li>d</li>');
    Python-Markdown put 'a' and 'd' in <p>s too. The same with a blank line after the nested list only, under a
    number, a numbered list nested, in a block quote and with the item's text going on after the nested list."""
    for source, outer, inner in [
            ("- a\n  - b\n\n  - c\n- d\n", [False, False], [True, True]),
            ("- a\n  - b\n  - c\n\n- d\n- e\n", [False, False, False], [False, False]),
            ("1. a\n   - b\n\n   - c\n2. d\n", [False, False], [True, True]),
            ("1. a\n   1. b\n\n   2. c\n2. d\n", [False, False], [True, True]),
            ("> - a\n>   - b\n>\n>   - c\n> - d\n", [False, False], [True, True]),
            ("- a\n  - b\n\n  more\n- c\n", [False, False], [False]),
            ("- a\n\n  - b\n  - c\n- d\n", [True, True], [False, False])]:
        lists = [el for el in html(source).iter() if el.tag in ("ul", "ol")]
        assert paragraphs(lists[0]) == outer and paragraphs(lists[1]) == inner, source
        assert "more" not in source or [words(li) for li in lists[0].findall("li")] == ["a b more", "c"]


def test_a_blank_line_before_indented_code_in_an_item_makes_the_list_loose():
    """pandoc: '- a' / blank / '      code' / '- b' is a loose list ('<li><p>a</p><pre>…'); Python-Markdown read it tight."""
    root = html("- a\n\n      code\n- b\n")
    assert paragraphs(root.find("ul")) == [True, True]
    assert root.find("ul/li/p").text == "a" and "\ue019" not in words(root) and "\ue01a" not in words(root)


def test_a_fence_short_of_a_nested_items_column_is_code_in_the_item_around_it():
    """pandoc 3.9: '- a' / '  - b' / '  ~~~' / '  code' / '  ~~~' / '- c' is one list, the code in 'a' after its nested
    list ('<li>a<ul><li>b</li></ul><pre><code>code</code></pre></li><li>c</li>'); briefpress put the code after
    the whole list and began a new list at 'c'. A backtick fence, a numbered list, a list three deep and a block
    quote alike; the code's language and its blank lines are kept."""
    for source, depth in [("- a\n  - b\n  ~~~\n  code\n  ~~~\n- c\n", 0), ("- a\n  - b\n   ```\n   code\n   ```\n- c\n", 0),
                          ("1. a\n   - b\n   ~~~ python\n   code = 1\n\n   code = 2\n   ~~~\n2. c\n", 0),
                          ("- x\n  - a\n    - b\n    ~~~\n    code\n    ~~~\n  - c\n", 1),
                          ("> - a\n>   - b\n>   ~~~\n>   code\n>   ~~~\n> - c\n", 0)]:
        root = html(source)
        outer = root.find(".//blockquote") if source.startswith(">") else root
        lst = outer.xpath("./ul|./ol")[0]
        for _ in range(depth):
            lst = lst.find("li").xpath("./ul|./ol")[0]
        assert [words(li)[:1] for li in lst.findall("li")] == ["a", "c"], source
        first = lst.find("li")
        assert [child.tag for child in first] == ["ul", "div"] and first[0].find("li/pre") is None, source
        code = first[1].find("pre").text_content()
        assert code.strip().startswith("code") and root.xpath("count(//pre)") == 1, source
        assert "\ue01b" not in root.text_content(), source
    python = html("1. a\n   - b\n   ~~~ python\n   code = 1\n\n   code = 2\n   ~~~\n2. c\n").find(".//pre")
    assert python.find(".//span[@class='mi']") is not None and "code = 1\n\ncode = 2" in python.text_content()


def test_a_list_of_the_other_kind_right_under_a_list_is_a_list_of_its_own():
    """pandoc 3.9: '1. a' / '2. b' / '- c' (no blank line) is a numbered list, then a bullet list; briefpress read
    '- c' as the text of 'b'. The reverse, nested in an item, and right under a nested list of the other kind alike."""
    for source, shape in [("1. a\n2. b\n- c\n", [("ol", ["a", "b"]), ("ul", ["c"])]),
                          ("- a\n- b\n1. c\n2. d\n", [("ul", ["a", "b"]), ("ol", ["c", "d"])]),
                          ("1. a\n  - b\n", [("ol", ["a"]), ("ul", ["b"])])]:
        root = html(source)
        assert [(lst.tag, [words(li) for li in lst.findall("li")]) for lst in root] == shape, source
    item = html("1. a\n   - b\n   1. c\n").find("ol/li")
    assert [(lst.tag, [words(li) for li in lst.findall("li")]) for lst in item] == [("ul", ["b"]), ("ol", ["c"])]
    item = html("- a\n    1. b\n   - c\n").find("ul/li")
    assert [(lst.tag, [words(li) for li in lst.findall("li")]) for lst in item] == [("ol", ["b"]), ("ul", ["c"])]
    assert "\ue01c" not in html("- w0\n  - w1\n\n    - w2\n  1. w3\n").text_content()


def test_an_items_text_right_above_a_fence_makes_the_list_loose_beside_a_blank_line_in_a_nested_list():
    """pandoc reads an item's text that a backtick fence ends as a paragraph, and a list with one such paragraph is
    loose in every item: '- a' / '  ```' / '  code' / '  ```' / '- b' / '  - c' / blank / '  - d' is
    '<li><p>a</p><pre>…</pre></li><li><p>b</p><ul>…'. The blank line in the nested list marked the outer list tight
    (main printed it loose). And a list nested in an item, its item's code a fence under its text, leaves the outer list
    tight ('1. a' / '   1. e' / '   2. f' / '      ```'…: '<li>a<ol><li><p>e</p>…'), where Python-Markdown read the
    fence line as a blank line in both lists."""
    for source in ("- a\n  ```\n  code\n  ```\n- b\n  - c\n\n  - d\n", "> 1. a\n>    ```\n>    code\n>    ```\n"
                   "> 2. b\n>    - c\n>\n>    - d\n"):
        lists = [el for el in html(source).iter() if el.tag in ("ul", "ol")]
        assert paragraphs(lists[0]) == [True, True] and paragraphs(lists[1]) == [True, True], source
    lists = [el for el in html("1. a\n   1. e\n   2. f\n      ```\n      code\n      ```\n   3. g\n").iter()
             if el.tag in ("ul", "ol")]
    assert paragraphs(lists[0]) == [False] and paragraphs(lists[1]) == [True, True, True]


def test_a_fence_short_of_an_items_column_past_its_first_paragraph_is_in_that_item():
    """pandoc ends an item at a fence short of its column only in the item's first paragraph; past it (after a blank
    line) the fence is a lazy line of the item: '- a' / '  - b' / blank / '    more' / '  ```' / '  code' / '  ```' /
    '- c' is code in 'b' ('<li><p>b</p><p>more</p><pre>…'), a '~~~' fence there the paragraph's text ('more ~~~ code
    ~~~'), at a first-level item too. In the first paragraph the fence is the item around it's whatever its column:
    at column 0 under '- a' / '  - b' it is code in 'a' after the nested list, three deep in the middle item. The
    branch put the code in 'a' (main after the whole list, a new list at 'c'), or after the list."""
    def shape(el):
        return [(child.tag, shape(child)) if child.tag in ("ul", "ol", "li") else child.tag for child in el
                if child.tag != "div" or child.find(".//pre") is None] + [
                "pre" for child in el if child.tag == "div" and child.find(".//pre") is not None]
    for source, expected in [
            ("- a\n  - b\n\n    more\n  ```\n  code\n  ```\n- c\n",
             [("ul", [("li", [("ul", [("li", ["p", "p", "pre"])])]), ("li", [])])]),
            ("- b\n\n  more\n```\ncode\n```\n", [("ul", [("li", ["p", "p", "pre"])])]),
            ("- a\n  - b\n```\ncode\n```\n- c\n", [("ul", [("li", [("ul", [("li", [])]), "pre"]), ("li", [])])]),
            ("- a\n  - b\n    - c\n```\ncode\n```\n- d\n",
             [("ul", [("li", [("ul", [("li", [("ul", [("li", [])]), "pre"])])]), ("li", [])])])]:
        root = html(source)
        assert shape(root) == expected, source
        assert [words(pre) for pre in root.iter("pre")] == ["code"] and "\ue01b" not in words(root), source
    for source in ("- a\n  - b\n\n    more\n  ~~~\n  code\n  ~~~\n- c\n", "- b\n\n  more\n~~~\ncode\n~~~\n\n~~~\nreal\n~~~\n"):
        root = html(source)
        assert [words(p) for p in root.iter("p") if "more" in words(p)] == ["more ~ code ~"], source  # '~~~' as pandoc
        assert [words(pre) for pre in root.iter("pre")] == (["real"] if "real" in source else []), source
        assert root.xpath("count(/div/ul)") == 1, source


def test_lint_says_a_tilde_fence_past_an_items_first_paragraph_is_printed_as_that_text(tmp_path):
    paper = tmp_path / "paper.md"
    paper.write_text("---\ntitle: T\n---\n\n# A\n\n- a\n\n  more\n~~~\ncode\n~~~\n")
    found = [d.message for d in lint_path(paper) if d.code == "code.no-blank-line"]
    assert len(found) == 1 and "printed as that text here too" in found[0]


def test_a_list_whose_items_open_with_emphasis_code_or_a_link_is_tight_or_loose_as_pandoc_reads_it():
    """The mark that tells a list tight was put only on an item's text opening with a letter or a digit: '- *a*' /
    '  - b' / blank / '  - c' / '- *d*' stayed loose as Python-Markdown reads it (pandoc 3.9: '<li><em>a</em><ul>…
    </ul></li><li><em>d</em></li>'). Code and a link alike; a loose list of such items keeps its <p>s."""
    for source in ("- *a*\n  - b\n\n  - c\n- *d*\n", "- `a`\n  - b\n\n  - c\n- [d](u)\n", "1. **a**\n   1. b\n\n   2. c\n"):
        lists = [el for el in html(source).iter() if el.tag in ("ul", "ol")]
        assert paragraphs(lists[0]) == [False] * len(lists[0]) and paragraphs(lists[1]) == [True, True], source
    assert paragraphs(html("- *a*\n\n- *b*\n").find("ul")) == [True, True]


def chapter(markdown_text: str):
    """The chapter as the build reads it: example items numbered (citations.extract_all) before it is rendered."""
    from briefpress.citations import extract_all
    body, _ = render_chapter(extract_all(markdown_text, "paper.md").text)
    return lxml.html.fragment_fromstring(body, create_parent="div")


def test_an_example_item_holds_fenced_code_and_its_blocks_go_on_at_four_columns_whatever_its_label():
    """An example item's fence (four spaces in) was printed as its text ('~ law ~': '~~' read as a deletion), and
    the item tight; its blocks were read by Python-Markdown's rule, not pandoc's: '(@long) a' / blank / four spaces
    in 'b' is b in the item for pandoc 3.9, two spaces in a paragraph after the list."""
    for source in ("(@) Field.\n\n    ~~~\n    law\n    ~~~\n", "(@good) Field.\n\n    ```\n    law\n    ```\n"):
        root = chapter(source)
        li = root.find("ol/li")
        assert [el.tag for el in li] == ["p", "div"] and words(li.find("p")) == "Field.", source
        assert [words(pre) for pre in root.iter("pre")] == ["law"], source
    root = chapter("(@long) a\n\n    b\n\n(@) c\n\n  d\n\nAs @long shows.\n")
    assert [[words(p) for p in li.findall("p")] for li in root.findall("ol/li")] == [["a", "b"], ["c"]]
    assert [words(p) for p in root.findall("p")] == ["d", "As 1 shows."]


def test_an_items_text_run_on_four_columns_past_it_is_still_text_and_a_blank_line_after_it_makes_the_list_loose():
    """'- [ ] Order.' / '      state.' (the line set under the task's text, six columns in) / blank / '      Alpha.':
    pandoc 3.9 reads 'Order. state.' as the item's paragraph, the list loose ('<li><p>Order. state.</p><pre>…');
    the run-on line was taken for code (four columns past the item's text), the blank line after it for one after
    code, and the list left tight."""
    for source in ("- [ ] Order.\n      state.\n\n      Alpha.\n", "- Order.\n      state.\n\n      Alpha.\n- Next.\n"):
        li = html(source).find("ul/li")
        assert li.find("p") is not None and words(li.find("p")).endswith("Order. state."), source
        assert [words(pre) for pre in li.iter("pre")] == ["Alpha."], source
