"""Manuscripts as authors write them for pandoc, read as pandoc 3.9 reads them (its -t html the
reference): each case here printed wrongly, or lost text, before."""
import re

import lxml.html
import pytest

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


QUOTED_META = """---
title: Front
authors: [A. Writer]
date: 2026-01-01
---

Text.

> ---
> title: Quoted
> abstract: |
>   Two
>   lines.
> ---
> Still a quote.

> A quote,
> ---
> not: metadata (no blank line before)

```
> ---
> code: not metadata
> ---
```

After.
"""


def test_a_metadata_block_inside_a_block_quote_is_metadata_as_pandoc_reads_it(tmp_path):
    from briefpress.project import load_project
    (tmp_path / "p.md").write_text(QUOTED_META)
    project = load_project(tmp_path / "p.md")
    assert project.metadata.title == "Quoted"  # the later block's value, as pandoc
    assert " ".join(project.metadata.abstract.split()) == "Two lines."
    text = project.chapters[0].text
    assert "Quoted" not in text and "abstract" not in text and "> Still a quote." in text
    assert "not: metadata" in text and "code: not metadata" in text
    assert text.count("\n") == QUOTED_META.count("\n")  # lines kept: diagnostics point into the file


def test_a_metadata_block_inside_a_quote_leaves_one_quote_around_it(tmp_path):
    """pandoc reads the block as metadata and the quote's text before and after it as one quote."""
    from briefpress.project import load_project
    (tmp_path / "p.md").write_text("---\ntitle: T\n---\n\n> Before.\n>\n> ---\n> subtitle: S\n> ---\n>\n> After.\n\n"
                                   "> ---\n> date: 2026-01-02\n> ---\n\nText.\n")
    project = load_project(tmp_path / "p.md")
    assert project.metadata.subtitle == "S" and "2026" in str(project.metadata.date)
    root = html(project.chapters[0].text)
    # a quote that held only the block leaves no empty quote (an empty bar in the web edition)
    assert [[p.text_content().strip() for p in q.findall("p")] for q in root.xpath("//blockquote")] == [
        ["Before.", "After."]]


def test_a_quoted_metadata_block_in_a_chapter_is_reported_at_its_line():
    from briefpress.pitfalls import markdown_pitfalls
    found = [(d.code, d.location.line) for d in markdown_pitfalls("# One\n\n> ---\n> foo: bar\n> ---\n", "01.md")]
    assert ("metadata.in-chapter", 3) in found


def test_macros_in_a_later_metadata_blocks_header_includes_serve_the_math(tmp_path):
    """pandoc reads header-includes' \\newcommand where its block stands (a use above it it prints as
    TeX); briefpress expands a file's macros wherever they are defined, so the use above prints too."""
    import re
    from briefpress.lint import lint_path
    from briefpress.pipeline import build
    paper = tmp_path / "p.md"
    paper.write_text("---\ntitle: T\n---\n\n# One\n\nBefore $\\R^2$.\n\n---\nheader-includes: |\n"
                     "  \\newcommand{\\R}{\\mathbb{R}}\n---\n\nAfter $\\R^3$.\n\n> ---\n> header-includes:\n"
                     ">   - \\DeclareMathOperator{\\Var}{Var}\n> ---\n\nAnd $\\Var(X)$.\n", encoding="utf-8")
    result = build(paper, ("html",), tmp_path / "out")
    html = result.outputs["html"].read_text(encoding="utf-8")
    assert re.findall(r'alttext="([^"]*)"', html) == ["\\mathbb{R}^2", "\\mathbb{R}^3", "\\operatorname{Var}(X)"]
    found = {d.code for d in lint_path(paper)}
    assert "math.unsupported" not in found and "latex.unsupported" not in found


ALIGN = r"""# One

$$x = 1$$ {#eq:one}

\begin{align}
a &= b + c \label{eq:first} \\
  &= d \nonumber \\
  &= e \label{eq:third}
\end{align}

\begin{gather*}
p = q \\
r = \begin{cases} 1 \\ 2 \end{cases} \tag{*}
\end{gather*}

\begin{eqnarray}
u & = & v \label{eq:u} \\
w & = & \frac{1}{2}
\end{eqnarray}

See \eqref{eq:third}, @eq:first and @eq:one.

$$y = 2$$ {#eq:last}
"""


def test_each_line_of_an_align_gather_or_eqnarray_takes_its_own_number_and_label():
    import re
    from briefpress import crossref
    from briefpress.mathtex import number_with_notes
    body, _ = render_chapter(ALIGN)
    (body,) = number_with_notes([body], [])[0]
    reg = crossref.registry([body])
    assert {k: reg[k][1] for k in ("eq:one", "eq:first", "eq:third", "eq:u", "eq:last")} == {
        "eq:one": "1", "eq:first": "2", "eq:third": "3", "eq:u": "4", "eq:last": "6"}
    root = lxml.html.fragment_fromstring(body, create_parent="div")
    printed = [[t.strip() for t in d.xpath(".//*[local-name()='mtext']/text()") + d.xpath(".//span[@class='eq-number']/text()")]
               for d in root.xpath("//div[contains(@class, 'math')]")]
    assert printed == [["(1)"], ["(2)", "(3)"], ["(*)"], ["(4)", "(5)"], ["(6)"]]  # \nonumber: none
    assert "\ue011" not in body and "\ue012" not in body and "\\label" not in body
    alts = re.findall(r'alttext="([^"]*)"', body)
    assert alts[1] == "a &amp;= b + c \\\\ &amp;= d \\\\ &amp;= e"  # the lines as written, not the table


def test_in_print_the_numbers_of_an_equation_s_lines_stand_at_the_right_margin_beside_their_lines():
    """An align's numbers were the table's last column, next to its lines; print sets the lines centred and a
    second image of the numbers at the right margin, as tall as the lines' image, so each is on its line."""
    import re
    from briefpress.mathrows import split_numbers
    from briefpress.mathlayout import mathml_to_svg
    from briefpress.mathtex import number_with_notes
    body, _ = render_chapter(ALIGN)
    (body,) = number_with_notes([body], [])[0]
    printed = mathml_to_svg(body)
    rows = re.findall(r'<div class="math display math-rows">.*?</div>', printed, re.S)
    assert len(rows) == 3 and "data-number-cells" not in printed
    for div, numbers in zip(rows, ["(2) (3)", "(*)", "(4) (5)"]):
        lines, beside = re.findall(r'<img class="([^"]+)" alt="([^"]*)"[^>]*style="([^"]*)"', div)
        assert lines[0] == "math-svg" and beside[:2] == ("math-svg eq-numbers", numbers)
        assert "height" not in lines[2] and beside[2].startswith("height: 100%")  # as tall as the lines, drawn smaller or not
    mathml = re.search(r'<div class="math display math-rows" data-number-cells="2">.*?(<math.*?</math>)', body, re.S).group(1)
    without, only = split_numbers(mathml, 2)
    shown = lambda m: re.sub(r"<mphantom>.*?</mphantom>", "", m, flags=re.S)  # noqa: E731 (no ink)
    assert "(2)" not in shown(without) and "<mtext>(2)</mtext>" in shown(only) and "<mtext>(3)</mtext>" in shown(only)
    assert "a</mi>" not in shown(only) and "<mi>a</mi>" in shown(without)
    assert without.count("<mtd") == mathml.count("<mtd") - 2 * 3  # three lines, two number cells each


def test_a_label_on_a_later_line_is_a_target_in_every_edition(tmp_path):
    from briefpress.lint import lint_path
    from briefpress.pipeline import build
    paper = tmp_path / "p.md"
    paper.write_text("---\ntitle: T\n---\n\n" + ALIGN, encoding="utf-8")
    assert [d for d in lint_path(paper) if d.severity != "info"] == []
    result = build(paper, ("html", "epub"), tmp_path / "out")
    html = result.outputs["html"].read_text(encoding="utf-8")
    assert 'href="#eq:third"' in html and re.search(r'id="eq:third" data-number="3"', html)
    import zipfile
    with zipfile.ZipFile(result.outputs["epub"]) as z:
        xhtml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert 'id="eq:third"' in xhtml and "<mtext>(3)</mtext>" in xhtml
    from conftest import epubcheck_problems
    assert epubcheck_problems(result.outputs["epub"], tmp_path) == []


def test_a_section_underlined_with_equals_keeps_its_atx_subsections_below_it(tmp_path):
    """A single file whose '#' sections are Setext ones (``===``) and whose sub-sections are '##': the
    '##' headings were raised to sections (the file seemed to hold '##' headings only)."""
    from briefpress.project import load_project
    (tmp_path / "p.md").write_text("---\ntitle: T\n---\n\nFirst\n=====\n\nText.\n\n## Sub ##\n\nMore.\n\n"
                                   "```\n## not a heading\n```\n\nSecond\n======\n\n### Deep\n")
    body = load_project(tmp_path / "p.md").chapters[0].text
    assert "\n## Sub ##\n" in body and "\n### Deep\n" in body
    (tmp_path / "q.md").write_text("---\ntitle: T\n---\n\n## One\n\nText.\n\n    code\n    ===\n\n## Two\n")
    body = load_project(tmp_path / "q.md").chapters[0].text  # '##' sections only: raised, as before
    assert "\n# One\n" in body and "\n# Two\n" in body


def test_a_link_target_in_angle_brackets_may_hold_spaces_written_as_pandoc_writes_them(tmp_path):
    from briefpress.lint import lint_path
    root = html("[the report](<https://example.org/annual report.pdf>) and <https://example.org/a_b>")
    assert [a.get("href") for a in root.iter("a")] == ["https://example.org/annual%20report.pdf", "https://example.org/a_b"]
    paper = tmp_path / "p.md"
    paper.write_text("---\ntitle: T\n---\n\nSee [it](<https://example.org/a b>), [bad](<https://exa mple>) "
                     "and <https://example.org/c>.\n", encoding="utf-8")
    found = [(d.code, d.message) for d in lint_path(paper) if d.code.startswith("url.")]
    assert found == [("url.malformed", "'https://exa%20mple' is not a valid URL")]  # a host with a space


def test_markdown_in_the_cells_of_a_raw_html_table_is_read_as_pandoc_reads_it():
    root = html('<table class="data">\n<tr><th>Term</th><th>Meaning</th></tr>\n'
                '<tr><td>*ad hoc*</td><td>for **this** purpose, see [x](https://example.org)</td></tr>\n</table>\n\n'
                '<table>\n    <tr><td>*indented*</td></tr>\n</table>\n')
    first, second = root.xpath("//table")
    assert first.get("class") == "data" and first.xpath(".//td/em/text()") == ["ad hoc"]
    assert first.xpath(".//td/strong/text()") == ["this"] and first.xpath(".//td/a/@href") == ["https://example.org"]
    assert "markdown" not in lxml.html.tostring(root, encoding="unicode")
    assert second.xpath(".//td/text()") == ["*indented*"]  # indented lines: raw, as before (not code)


def test_a_raw_table_commented_out_stays_as_typed_and_a_comment_in_a_table_is_left_alone():
    from briefpress import pandoc_text
    body, _ = render_chapter(pandoc_text.normalize(
        "Text.\n\n<!--\n<table>\n<tr><td>*old*</td></tr>\n</table>\n-->\n\n<table>\n<!--\n<tr><td>*x*</td></tr>\n-->\n"
        "<tr><td>*shown*</td></tr>\n</table>\n"))
    assert "markdown=" not in body  # the web edition keeps comments: the author's text, not ours
    root = lxml.html.fragment_fromstring(body, create_parent="div")
    assert root.xpath("//td/em/text()") == ["shown"]


def test_a_roman_list_right_after_a_decimal_one_is_roman_as_pandoc_reads_it():
    root = html("#. First\n#. Second\n\ni. roman one\nii. roman two\n\nh. eighth\ni. ninth\n")
    lists = root.xpath("//ol")
    assert [(ol.get("type"), ol.get("start"), len(ol)) for ol in lists] == [
        (None, None, 2), ("i", None, 2), ("a", "8", 2)]  # "i." after "#." was the letter i, then a new list


def test_fenced_code_in_a_definition_is_a_code_block_as_pandoc_reads_it():
    root = html("Term\n:   Defined with code:\n\n    ```python\n    x = 1\n      y = 2\n    ```\n\n"
                "    After the code.\n\nOther\n:   text\n")
    (dd, other) = root.xpath("//dd")
    assert dd.xpath("./p/text()") == ["Defined with code:", "After the code."]
    assert [c.text_content() for c in dd.xpath(".//pre/code")] == ["x = 1\n  y = 2\n"]
    assert dd.xpath(".//pre//span[@class='mi']/text()") == ["1", "2"]  # highlighted as Python
    assert other.text_content().strip() == "text"


def test_a_list_with_one_loose_item_is_loose_in_every_item_as_pandoc_reads_it():
    root = html("- one\n- two\n\n- three *em*\n- four\n  - nested\n\nText.\n\n1. tight\n2. list\n")
    loose, nested, tight = root.xpath("//ul[not(ancestor::li)]") + root.xpath("//li/ul") + root.xpath("//ol")
    assert [" ".join(li.xpath("./p")[0].text_content().split()) for li in loose.xpath("./li")] == [
        "one", "two", "three em", "four"]  # each in a <p>: "one" and "four" were bare text, "two" a <p>
    assert loose.xpath("./li/p/em/text()") == ["em"] and nested.xpath("./li/text()") == ["nested"]
    assert tight.xpath("./li/p") == [] and tight.xpath("./li/text()") == ["tight", "list"]


def test_a_reference_definition_with_attributes_serves_its_uses_as_pandoc_reads_it():
    root = html('![A growth chart][fig1]\n\n[fig1]: chart.png "Its title" {#fig:growth width=50%}\n\n'
                'An ![icon][Small] and [the site][site] and [site].\n\n[small]: icon.png {width=10%}\n'
                '[site]: https://example.org {.external}\n\n```\n[fig1]\n```\n')
    (figure,) = root.xpath("//figure")
    assert figure.get("id") == "fig:growth" and figure.xpath("./img/@title") == ["Its title"]
    assert figure.xpath("./figcaption/text()") == ["A growth chart"]
    assert root.xpath("//p/img/@src") == ["icon.png"]  # the label matched whatever its case
    assert root.xpath("//a[@class='external']/@href") == ["https://example.org"] * 2
    text = root.text_content()
    assert "]:" not in text and "{" not in text and "[fig1]" in root.xpath("//pre")[0].text_content()


def test_a_reference_with_attributes_in_inline_code_or_a_comment_is_left_as_typed():
    """pandoc prints `[fig1]` in inline code as typed; a definition in a comment defines nothing."""
    root = html('Write `[fig1]` or `![A][fig1]` to use it: ![A chart][fig1].\n\n'
                '[fig1]: chart.png {#fig:growth width=50%}\n\n<!--\n[old]: old.png {width=9%}\n-->\n\nSee [old].\n')
    assert root.xpath("//code/text()") == ["[fig1]", "![A][fig1]"]
    assert root.xpath("//img/@src") == ["chart.png"] and not root.xpath("//a[@href='old.png']")


def test_a_reference_definition_with_an_id_used_twice_gives_the_id_to_its_first_use_only(tmp_path):
    """The author wrote the id once: a second use (a link to the figure's file) is no second target,
    which the build refused as a duplicate id the file does not hold."""
    from briefpress.lint import lint_path
    root = html('![Growth][fig1]\n\nThe [chart file][fig1].\n\n[fig1]: chart.png {#fig:growth .wide}\n')
    assert len(root.xpath("//*[@id='fig:growth']")) == 1
    assert root.xpath("//a[@href='chart.png']/@class") == ["wide"]
    paper = tmp_path / "p.md"
    paper.write_text("---\ntitle: T\n---\n\n# One\n\n![Growth][fig1]\n\nSee [the chart][fig1] and @fig:growth.\n\n"
                     "[fig1]: https://example.org/chart.png {#fig:growth}\n", encoding="utf-8")
    assert "crossref.duplicate-id" not in {d.code for d in lint_path(paper)}


def test_display_math_in_a_block_quote_stays_in_the_quote_without_its_marks():
    root = html("> Quoted:\n>\n> \\begin{align}\n> a &= b \\\\\n> c &= d\n> \\end{align}\n>\n> After $$x\n> = 1$$ it.\n")
    (quote,) = root.xpath("//blockquote")  # the math's own blank lines split it in three
    assert re.findall(r'alttext="([^"]*)"', lxml.html.tostring(quote, encoding="unicode")) == [
        "a &amp;= b \\\\ c &amp;= d", "x\n= 1"]  # no '>' read as TeX's "greater than"
    assert [" ".join(p.text_content().split()) for p in quote.findall("p")] == ["Quoted:", "After", "it."]


def test_fenced_code_in_a_block_quote_is_a_code_block_as_pandoc_reads_it():
    root = html("> Run:\n>\n> ```python\n> def f():\n>     return 1\n>\n> f()\n> ```\n> Done.\n\n> ```\n> cut short\n\nOut.\n")
    first, second = root.xpath("//blockquote")
    assert [c.text_content() for c in first.xpath(".//pre/code")] == ["def f():\n    return 1\n\nf()\n"]
    assert first.xpath(".//span[@class='k']/text()") == ["def", "return"]  # highlighted as Python
    assert [p.text_content() for p in first.findall("p")] == ["Run:", "Done."]
    assert [c.text_content() for c in second.xpath(".//pre/code")] == ["cut short\n"]  # the quote's end closes it
    assert root.xpath("/div/p/text()") == ["Out."]


def test_a_quoted_fence_or_a_definition_shown_inside_a_fenced_code_block_stays_as_typed():
    """An example of Markdown in a code block (``> ```python`` / ``:   def`` with its fence) is code:
    it printed with its fences dropped and its lines shifted."""
    root = html("Quote code so:\n\n~~~~markdown\n> ```python\n> x = 1\n> ```\n~~~~\n\n"
                "And a definition:\n\n~~~\nTerm\n\n:   Its text.\n\n    ```python\n    y = 2\n    ```\n~~~\n")
    codes = [c.text_content() for c in root.xpath("//pre")]
    assert codes == ["> ```python\n> x = 1\n> ```\n", "Term\n\n:   Its text.\n\n    ```python\n    y = 2\n    ```\n"]


@pytest.mark.parametrize("env", ["gather", "gather*", "eqnarray"])
def test_a_gather_s_or_eqnarray_s_last_line_without_a_number_is_printed(env):
    """'\\begin{gather} x = y \\\\ z = w \\nonumber \\end{gather}' printed x = y alone: the last line, its number
    cell empty, was dropped by latex2mathml (web edition, EPUB and print)."""
    import re
    from briefpress.mathtex import number_with_notes
    tex = r"x &=& y \\ z &=& w" if env == "eqnarray" else r"x = y \tag{A} \\ z = w"
    body, _ = render_chapter(f"Text.\n\n\\begin{{{env}}}\n{tex} \\nonumber\n\\end{{{env}}}\n")
    (body,) = number_with_notes([body], [])[0]
    mathml = re.search(r"<math.*?</math>", body, re.S).group()
    assert mathml.count("<mtr") == 2 and "<mi>z</mi>" in mathml and "<mi>w</mi>" in mathml


def test_the_numbers_of_lines_too_wide_for_the_column_stay_on_their_lines_in_print(tmp_path):
    """Lines wider than the column are drawn smaller: their image kept its height, the lines in its middle,
    and the numbers (an image as tall) stood above and below them. Each number's ink now lies within the
    lines' ink, top to bottom."""
    import pypdfium2 as pdfium
    from briefpress.pipeline import build
    wide = " + ".join(f"x_{{{i}}}" for i in range(60))
    md = f"---\ntitle: M\n---\n\n# One\n\n\\begin{{align}}\na &= {wide} \\\\\nb &= \\frac{{1}}{{2}} \\\\\nc &= d\n\\end{{align}}\n"
    (tmp_path / "p.md").write_text(md, encoding="utf-8")
    page = pdfium.PdfDocument(build(tmp_path / "p.md", ("pdf",), tmp_path / "out", theme="article").outputs["pdf"])[0]
    text = page.get_textpage()
    heading_bottom = min(text.get_charbox(i)[1] for i in range(text.count_chars()) if text.get_text_range(i, 1) == "O")
    image = page.render(scale=2).to_pil().convert("L")
    scale = image.height / page.get_height()
    start = int((page.get_height() - heading_bottom) * scale) + 4  # below the heading
    pixels = image.load()

    def ink(x0, x1):  # the rows with ink between two fractions of the width
        rows = [y for y in range(start, image.height)
                if any(pixels[x, y] < 128 for x in range(int(x0 * image.width), int(x1 * image.width)))]
        return min(rows), max(rows)
    lines, numbers = ink(0.3, 0.7), ink(0.85, 0.95)
    assert lines[0] - 2 <= numbers[0] and numbers[1] <= lines[1] + 2


@pytest.mark.parametrize("source, expected", [
    ("some text\n***\n", "<p>some text\n***</p>"),
    ("some text\n* * *\n\nnext\n", "<p>some text\n* * *</p><p>next</p>"),
    ("some text\n___\n", "<p>some text\n___</p>"),
    ("some text\n  _ _ _\n", "<p>some text\n  _ _ _</p>"),
    ("> quoted\n> ***\n", "<blockquote><p>quoted\n***</p></blockquote>"),
    ("- item\n- - -\n", "<ul><li>item\n- - -</li></ul>"),
    ("- item\n  - nested\n    * * *\n- next\n", "<ul><li>item<ul><li>nested\n* * *</li></ul></li><li>next</li></ul>"),
    ("some text\n---\n", '<h2 id="some-text">some text</h2>'),  # a setext heading's underline, as in pandoc
    ("some text\n\n***\n", "<p>some text</p><hr>"),
    ("# Heading\n***\n", '<h1 id="heading">Heading</h1><hr>'),
    ("    code\n***\n", "<pre><code>code\n</code></pre><hr>"),
    ("- item\n\n  - - -\n", "<ul><li><p>item</p><hr></li></ul>"),
])
def test_a_rule_line_right_under_a_paragraph_s_text_is_that_text(source, expected):
    """pandoc reads '***', '* * *', '___', '- - -' right under a paragraph's text as more of it (in a quote or an
    item too); they made a rule (and '- - -' under an item an item). After a blank line, a heading or code: a rule."""
    root = html(source)
    for el in root.iter():
        el.attrib.pop("id", None) if el.tag not in ("h1", "h2") else None
        el.attrib.pop("data-number", None)
        el.attrib.pop("class", None)
    for number in root.xpath("//span[not(@*)]"):
        number.drop_tree()
    out = "".join(lxml.html.tostring(el, encoding="unicode") for el in root)
    out = re.sub(r"<div>(<pre>.*?</pre>)</div>", r"\1", out, flags=re.S).replace("\n    ", "\n").replace("\n  ", "\n")
    assert re.sub(r">\s+<", "><", out) == expected.replace("\n  ", "\n")
