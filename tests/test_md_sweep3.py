"""Papers written for pandoc by other people (arXiv conversions, R Markdown, Quarto, Word and Google Docs
exports, notes apps), read as pandoc 3.9 reads them: each case here was misread, refused or crashed."""
import re

import lxml.html

from briefpress import citations, pandoc_text
from briefpress.markdown_ext import render_chapter


def html(markdown_text: str):
    body, _ = render_chapter(pandoc_text.normalize(markdown_text))
    return lxml.html.fragment_fromstring(body, create_parent="div")


CODE_WITH_MARKS = """Text.

````markdown
```
inner fence
```
A call[^1], a citation [@key], an escape \\@ after the inner fence.
````

Inline `[^2]` and `a\\@b`.

    indented [^3] and @key \\@

Done.
"""


def test_notes_citations_and_escapes_in_code_are_the_code_s_text():
    """A '````' block showing a '```' block (a Markdown tutorial's shape), inline and indented code:
    '[^1]' was a call of an undefined note (an error), '@key' a citation, '\\@' printed as '&#64;'."""
    found = citations.extract_all(CODE_WITH_MARKS, "paper.md")
    assert found.refs == () and found.citations == ()
    assert "an escape \\@ after" in found.text and "`a\\@b`" in found.text and "@key \\@" in found.text
    assert "&#64;" not in found.text


def test_a_four_backtick_block_closes_at_its_own_fence_for_math_and_latex():
    """A '```' line inside a '````' block (a tutorial's) closed it for the readers of math and LaTeX commands: the
    lines after it had their '$x$' read as math and their '\\cite{k}' rewritten to a citation."""
    from briefpress import mathspans, rawlatex
    text = "````\nA fence opens with\n```\nthen $x$ and \\cite{k}.\n````\n\nAfter $y$.\n"
    assert [text[s.start:s.end] for s in mathspans.find_math(text)] == ["$y$"]
    assert "\\cite{k}" in rawlatex.translate(text)


def chapter(markdown_text: str):
    body = render_chapter(citations.extract_all(markdown_text, "paper.md").text, 1)[0]
    return lxml.html.fragment_fromstring(body, create_parent="div")


EXAMPLES = """As (@good) and @good's form show.

(@) First.
(@good) Second.

A paragraph between.

(@) Third.

    (@) Nested under the third.

- A bullet
    (@) nested in the bullet

> (@) In a quote.
>
>     (@quoted) Nested in the quote.

1. An ordered item
2. Another

(@) After the ordered list.

A paragraph.

    (@) indented code, not an item

Cited: (@quoted), -@good, `(@good)`.
"""


def test_example_lists_are_numbered_across_lists_quotes_and_nesting_as_pandoc_numbers_them():
    """Items nested in another item or in a block quote were left '(@)' as typed (and their labels read
    as unknown citations); an example list after a '1.' list joined it (numbered 3, 4); '@good' outside
    parentheses was a citation. pandoc 3.9's numbers, each list its own '<ol class="example">'."""
    root = chapter(EXAMPLES)
    lists = [(ol.get("start", "1"), [" ".join(li.text_content().split()) for li in ol.findall("li")])
             for ol in root.iter("ol") if ol.get("class") == "example"]
    assert lists == [("1", ["First.", "Second."]), ("3", ["Third. Nested under the third."]),
                     ("4", ["Nested under the third."]), ("5", ["nested in the bullet"]),
                     ("6", ["In a quote. Nested in the quote."]), ("7", ["Nested in the quote."]),
                     ("8", ["After the ordered list."])]
    assert [li.text_content().strip() for li in root.xpath("//ol[not(@class)]/li")] == ["An ordered item", "Another"]
    text = " ".join(root.text_content().split())
    assert text.startswith("As (2) and 2’s form show.")
    assert "Cited: (7), -2, (@good)." in text
    assert "(@) indented code, not an item" in root.xpath("string(//pre)")


def test_a_proof_pandoc_converted_from_latex_keeps_its_own_title_once():
    """pandoc's LaTeX reader writes '::: proof' with '*Proof.*' opening it; briefpress added its own
    'Proof.' title too ("Proof. Proof. Standard."). A proof without one still gets the title."""
    root = html("::: proof\n*Proof.* Standard.\n:::\n\n::: proof\nA plain proof.\n:::\n")
    proofs = root.xpath("//div[@class='proof']")
    assert [len(p.xpath(".//p[@class='theorem-title']")) for p in proofs] == [0, 1]
    assert " ".join(proofs[0].text_content().split()) == "Proof. Standard."


def test_display_math_on_an_item_s_first_line_stays_in_the_item():
    """'2. Text $$a^2$$' then a nested list: the math's block was put at the margin, which closed the list
    ('3.' started another) and turned the nested list into code showing lists.py's tokens."""
    root = chapter("1. First\n2. Second with $$a^2 + b^2 = c^2$$\n\n   a. nested\n   b. next\n\n3. Third\n\n"
                   "- A bullet $$x$$\n- Another\n")
    outer = root.find("ol")
    assert [li.xpath("string(p)").strip() or li.text.strip() for li in outer.findall("li")] == \
        ["First", "Second with", "Third"]
    second = outer.findall("li")[1]
    assert second.xpath(".//div[contains(@class, 'math')]") and second.find("ol").get("type") == "a"
    assert [li.text_content().strip() for li in second.find("ol")] == ["nested", "next"]
    assert len(root.xpath("//ul/li")) == 2 and root.xpath("//ul/li[1]//div[contains(@class, 'math')]")
    assert not root.xpath("//pre") and "\ue013" not in root.text_content()


def test_punctuation_after_an_attribute_block_pandoc_wrapped_stays_against_it():
    """pandoc -t markdown wraps a LaTeX reference's attributes over two lines, with the comma after them
    on the second: the joined block's line break came before the comma ("Section 2 ,", "Eq. (1). ¹")."""
    text = ("# Main {#sec:main}\n\nSee Section [1](#sec:main){reference-type=\"ref\"\nreference=\"sec:main\"}, "
            "then more, and\n[x](#sec:main){.a\n.b}.[^1] End.\n\n[^1]: A note.\n")
    found = citations.extract_all(text, "paper.md")
    assert found.text.count("\n") == text.count("\n")  # lines keep their numbers
    assert re.search(r"See Section \[-\ue004sec:main\],\n then more, and\n\[x\]\(#sec:main\)\{\.a \.b\}\.\ue000f0\ue001\n End", found.text)
    assert chapter(text).xpath("//a[@class='a b']")


RAW_FIGURE = """# Results

See Figure [1](#fig:net){reference-type="ref" reference="fig:net"}.

<figure id="fig:net" data-latex-placement="t">
<img src="net.png" style="width:50.0%" />
<figcaption>The network.</figcaption>
</figure>

<figure><img src="net.png" alt="not a figure of the paper" /></figure>
"""


def test_a_latex_figure_pandoc_wrote_as_raw_html_is_numbered_and_referred_to(tmp_path):
    """pandoc -t markdown writes a LaTeX figure with a placement ('[t]') as a raw '<figure id="fig:x">': it
    was not numbered, and the reference to it printed 'fig:net' with a crossref.unnumbered warning; its
    image, without alt text, stopped the PDF (WeasyPrint: no required alt description). The caption is its alt."""
    from PIL import Image

    from briefpress import figures
    from briefpress.lint import lint_path
    Image.new("RGB", (30, 20), (20, 90, 160)).save(tmp_path / "net.png")
    (tmp_path / "paper.md").write_text("---\ntitle: T\n---\n\n" + RAW_FIGURE)
    assert [(d.code, d.severity) for d in lint_path(tmp_path / "paper.md")] == []
    out = figures.number_html([render_chapter(citations.extract_all(RAW_FIGURE, "paper.md").text, 1)[0]])[0]
    assert re.search(r'<figure class="figure" id="fig:net"[^>]* data-number="1">\s*<img alt="The network\."[^>]*>\s*<figcaption>'
                     r'<span class="figure-label">Figure 1:</span> The network.</figcaption>', out)
    assert out.count("<figure class=\"figure\"") == 1  # a raw figure without a figure's id and caption is left as it is


def test_an_example_item_right_after_a_bullet_marker_is_a_list_in_the_item():
    """'* (@) text' (pandoc: a bullet holding an example list) printed '(@)' as typed."""
    root = chapter("(@) One.\n\n* (@b) In a bullet.\n\nAs (@b) shows.\n")
    nested = root.xpath("//ul/li/ol[@class='example']")
    assert nested and nested[0].get("start") == "2" and nested[0].findtext("li").strip() == "In a bullet."
    assert "As (2) shows." in root.text_content()


def test_many_example_items_and_their_references_are_numbered_in_near_linear_steps():
    """Each '@label' was checked against every item, bracket and code block, and each item's blank-line test
    copied the text before it: 4,000 examples took 2.4 s, ten times as many a minute. Counted in lines run
    in examples.py (not timed): doubling the items must not quadruple them."""
    import sys

    from briefpress import examples

    def steps(n: int) -> int:
        text = "".join(f"(@e{i}) Example; see @e{i} and [@k{i}].\n" for i in range(n))
        count = 0

        def trace(frame, event, arg):
            nonlocal count
            if frame.f_code.co_filename == examples.__file__:
                count += 1
                return trace
            return None
        sys.settrace(trace)
        try:
            out = examples.number(text)
        finally:
            sys.settrace(None)
        assert f"see {n}" in out.replace(examples.PAD, "") and f"[@k{n - 1}]" in out
        return count

    assert steps(800) < 3 * steps(400)


def test_code_in_a_block_quote_keeps_its_citations_notes_and_math_as_typed():
    """lists.py writes a quote's fenced code as code indented past the '>', and the masks' indented code
    was found only at the margin: '[@q1]' in it was a citation (a note call printed inside the code),
    '[^n]' a call of an undefined note, '$a$' math. pandoc 3.9 prints all three as the code's text; a
    citation in the quote's text is still one."""
    from briefpress import mathspans
    text = ("> ~~~\n> fenced [@q1] and $a$\n> ```\n> ~~~\n\n> Quoted text\n>\n>     indented [@q2] a[^n]\n\n"
            "> After the code, [@q3].\n")
    found = citations.extract_all(text, "paper.md")
    assert [i.key for c in found.citations for i in c.items] == ["q3"] and found.refs == ()
    assert "fenced [@q1] and $a$" in found.text and "indented [@q2] a[^n]" in found.text
    assert mathspans.find_math(text) == []


def test_code_in_a_list_item_keeps_its_citations_notes_and_math_as_typed():
    """lists.py writes an item's fenced code as code indented past the item's text, which the masks took
    for the item's paragraph: '[@i1]' was a citation printed as a note call inside the code, '$a$' math.
    pandoc 3.9 prints them as the code's text; the item's own paragraphs are still read."""
    from briefpress import mathspans
    text = ("- An item [@i0]\n\n  ````\n  fenced [@i1] a[^n] and $a$\n  ```\n  ````\n\n  Its paragraph [@i2].\n\n"
            "1. Another\n\n       indented [@i3]\n")
    found = citations.extract_all(text, "paper.md")
    assert [i.key for c in found.citations for i in c.items] == ["i0", "i2"] and found.refs == ()
    assert "fenced [@i1] a[^n] and $a$" in found.text and "indented [@i3]" in found.text
    assert mathspans.find_math(text) == []


def test_an_example_marker_right_under_a_paragraph_line_is_that_paragraph_s_text_and_not_counted():
    """'Text.' / '(@) Law.' (no blank line between): pandoc 3.9 reads '(@) Law.' as the paragraph's text, as for any
    list; it was numbered, its list token left in the text as private-use characters ('1. \\ue013@.1\\ue014Law.'), and
    the examples after it counted from 2."""
    root = chapter("Lead text.\n(@) Law order.\n\n> Quoted text.\n> (@) Not an item.\n\n(@first) First.\n\n    More of it.\n"
                   "(@) Second.\n\n"
                   "See @first.\n")
    paragraphs = [" ".join(p.text_content().split()) for p in root.iter("p")]
    assert paragraphs[:2] == ["Lead text. (@) Law order.", "Quoted text. (@) Not an item."]
    assert [" ".join(li.text_content().split()) for li in root.iter("li")] == ["First. More of it.", "Second."]
    assert root.find(".//ol").get("start", "1") == "1" and paragraphs[-1] == "See 1."
    assert not any("\ue000" <= ch <= "\uf8ff" for ch in root.text_content())
