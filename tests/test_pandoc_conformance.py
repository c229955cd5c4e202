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


LISTINGS = '''# Code

```{#lst:pow .python .numberLines startFrom="10" caption="Square and *multiply*"}
def power(x, n):
    return x ** n
```

Listing: A C version. {#lst:c}

~~~~ {.c}
long power(long x);
~~~~

```{.numberLines}
plain
```

```{r}
summary(cars)
```
'''


def test_listings_carry_their_id_caption_and_line_numbers_and_are_numbered_in_order():
    from briefpress import listings
    body, _ = render_chapter(LISTINGS)
    root = lxml.html.fragment_fromstring(listings.number_html([body])[0], create_parent="div")
    figures = root.xpath("//figure[@class='listing']")
    assert [(f.get("id"), f.get("data-number")) for f in figures] == [("lst:pow", "1"), ("lst:c", "2")]
    captions = [" ".join(f.find("figcaption").text_content().split()) for f in figures]
    assert captions == ["Listing 1: Square and multiply", "Listing 2: A C version."]
    assert figures[0].xpath(".//figcaption/em/text()") == ["multiply"]
    assert figures[0].xpath(".//span[@class='linenos']/text()") == ["10", "11"]
    assert figures[1].xpath(".//span[@class='kt']/text()") == ["long", "long"]  # highlighted as C
    assert root.xpath("//span[@class='linenos']/text()")[2:] == ["1"]  # .numberLines alone: numbered from 1
    assert "summary(cars)" in root.text_content() and "{r}" not in root.text_content()
    assert "Listing:" not in root.text_content().replace("Listing 1:", "").replace("Listing 2:", "")


def test_a_listing_is_referred_to_by_its_number_and_an_unknown_one_is_an_error(tmp_path):
    import io

    from briefpress.cli import main
    paper = tmp_path / "paper.md"
    paper.write_text("---\ntitle: Code\n---\n\n# Code\n\nAs @lst:pow shows, and [-@lst:pow] again; not @lst:nope.\n\n"
                     + LISTINGS.split("\n", 2)[2], encoding="utf-8")
    out = io.StringIO()
    assert main(["lint", str(paper)], stdout=out, stderr=out) == 1
    assert "paper.md:7:47: error: no figure, table, section or equation has the id 'lst:nope'" in out.getvalue()
    paper.write_text(paper.read_text().replace("; not @lst:nope", ""), encoding="utf-8")
    assert main(["build", "--format", "html", "--out", str(tmp_path / "out"), str(paper)], stdout=out, stderr=out) == 0
    page = lxml.html.parse(str(next((tmp_path / "out").glob("*.html"))))
    assert " ".join(page.xpath("string(//p[contains(., 'shows')])").split()) == "As Listing 1 shows, and 1 again."


def test_every_ascii_punctuation_mark_may_be_escaped_and_an_escaped_angle_bracket_is_no_tag(tmp_path):
    from briefpress import sanitize
    marks = ",/:;<=?^~"
    source = " ".join(f"a\\{c}b" for c in marks) + " and \\<angle\\>."
    assert html(source).xpath("string(//p)") == " ".join(f"a{c}b" for c in marks) + " and <angle>."
    assert sanitize.active_content(source, "paper.md") == []  # no "raw <angle> is not kept" warning


# what `pandoc paper.tex -t markdown` writes for a LaTeX paper's labels and references (our own paper)
FROM_LATEX = '''---
title: Convergence
---

# Introduction {#sec:intro}

See
Section [2](#sec:main){reference-type="ref" reference="sec:main"} and
@sec:main. $$\\begin{equation}
\\label{eq:fp}
  x^\\ast = g(x^\\ast).
\\end{equation}$$

# Main result {#sec:main}

::: {#tab:it}
  $k$     $x_k$   error
  ----- ------- -------
  0         1.0     0.5
  1        0.75    0.25

  : Iterates.
:::

Table [1](#tab:it){reference-type="ref" reference="tab:it"} lists
iterates. By [\\[eq:fp\\]](#eq:fp){reference-type="eqref"
reference="eq:fp"} we are done, [2](#sec:main){reference-type="autoref" reference="sec:main"} too.

::: note
| a | b |
|---|---|
| 1 | 2 |
:::
'''


def test_a_paper_pandoc_converted_from_latex_keeps_its_equation_table_and_references(tmp_path):
    import io

    from briefpress.cli import main
    paper = tmp_path / "paper.md"
    paper.write_text(FROM_LATEX, encoding="utf-8")
    out = io.StringIO()
    assert main(["lint", str(paper)], stdout=out, stderr=out) == 0, out.getvalue()
    assert main(["build", "--format", "html", "--out", str(tmp_path / "out"), str(paper)], stdout=out, stderr=out) == 0
    page = lxml.html.parse(str(next((tmp_path / "out").glob("*.html"))))
    assert page.xpath("//div[@id='eq:fp']/@data-number") == ["1"]
    assert page.xpath("//table[@id='tab:it']/@data-number") == ["1"]
    assert page.xpath("//table[@id='tab:it']/caption")[0].text_content() == "Table 1: Iterates."
    text = " ".join(page.xpath("string(//main)").split())
    assert "See Section 2 and Section 2." in text
    assert "Table 1 lists iterates. By (1) we are done, Section 2 too." in text
    assert "reference-type" not in text and ":::" not in text
    assert page.xpath("//div[@class='note']/div/table//td/text()") == ["1", "2"]


def test_an_attribute_block_pandoc_wrapped_over_two_lines_still_applies_and_lines_keep_their_number():
    from briefpress import pandoc_text
    source = ('![Revenue chart](chart.png){width="5.83in"\nheight="2.87in"}\n\n'
              'A [link](https://example.org){.external\ntarget="_blank"} here.\n')
    assert pandoc_text.normalize(source).count("\n") == source.count("\n")
    root = html(source)
    assert root.xpath("//img/@style") == ["width: 5.83in; height: 2.87in"]
    assert root.xpath("//a/@class") == ["external"]
    assert "{" not in root.text_content()


def _lint(tmp_path, text: str) -> str:
    import io

    from briefpress.cli import main
    paper = tmp_path / "paper.md"
    paper.write_text(text, encoding="utf-8")
    out = io.StringIO()
    main(["lint", str(paper)], stdout=out, stderr=out)
    return out.getvalue()


def test_escaped_stars_in_table_cells_are_no_unpaired_emphasis_and_a_real_one_is_found_at_its_place(tmp_path):
    table = ("---\ntitle: T\n---\n\n# Results\n\n| | (1) | (2) | (3) |\n|---|---|---|---|\n"
             "| Treated | −0.021\\*\\* | −0.019\\* | −0.024\\*\\*\\* |\n| | (0.008) | (0.009) | (0.007) |\n")
    assert "emphasis.unbalanced" not in _lint(tmp_path, table)
    report = _lint(tmp_path, table.replace("| Treated |", "| **Treated |"))
    assert "paper.md:9:3: warning: unpaired emphasis marker '**'" in report


def test_pandoc_s_citation_settings_are_known_and_ignored_with_a_note(tmp_path):
    report = _lint(tmp_path, "---\ntitle: T\nnotes-after-punctuation: true\ncitation-abbreviations: abbr.json\n---\n\n# A\n\nText.\n")
    assert "paper.md:3:1: info: 'notes-after-punctuation' is a pandoc/Quarto setting" in report
    assert "paper.md:4:1: info: 'citation-abbreviations' is a pandoc/Quarto setting" in report
    assert "metadata.unknown" not in report


def test_markdown_inside_a_raw_details_or_blockquote_block_is_read_as_markdown():
    root = html("<details>\n<summary>Show the algorithm</summary>\n\nThe interval *doubles*.\n\n</details>\n\n"
                "<blockquote>\n\nA **quoted** line.\n\n</blockquote>\n")
    assert root.xpath("//details/summary/text()") == ["Show the algorithm"]
    assert root.xpath("//details/p/em/text()") == ["doubles"]
    assert root.xpath("//blockquote/p/strong/text()") == ["quoted"]


@pytest.mark.parametrize("source, expected", [
    ('<div>raw *x*</div>\n', '<div>raw <em>x</em></div>'),  # on the tag's line, closed there: inline, no <p>
    ('<div class="c">raw *x* and <b>b</b></div> tail\n', '<div class="c">raw <em>x</em> and <b>b</b></div><p>tail</p>'),
    ('<section>see [a](https://a.org) *x*</section>\n', '<section>see <a href="https://a.org">a</a> <em>x</em></section>'),
    ('<div>raw *x*\n\nmore *y*\n</div>\n', '<div><p>raw <em>x</em></p><p>more <em>y</em></p></div>'),  # blocks
    ('<div>a <div>b</div> c</div>\n', '<div>a <div>b</div> c</div>'),  # one in another on a line: as typed
])
def test_markdown_on_the_line_of_a_raw_div_s_tag_is_read_as_markdown(source, expected):
    """pandoc reads the Markdown on a raw ``<div>``'s line too (markdown_in_html_blocks): ``<div>raw *x*</div>``
    printed its asterisks; closed on that line, its text is inline (pandoc's Plain), else paragraphs."""
    root = html(source)
    for el in root.iter():
        el.attrib.pop("id", None)
    out = "".join(lxml.html.tostring(el, encoding="unicode") for el in root)
    assert out.replace("\n", "") == expected


@pytest.mark.parametrize("source", [
    "![x](a.png){" + "  ".join(f".c{i}" for i in range(40)) + "\n\ntext\n",  # never closed: once backtracked 2^40 ways
    "[x](https://example.org){" + "  \n".join(f'k{i}="v"' for i in range(40)) + "\n",
])
def test_an_attribute_block_never_closed_stays_text_at_once(source):
    from briefpress import pandoc_text
    assert pandoc_text.normalize(source) == source


def test_many_empty_items_and_items_after_code_are_read(tmp_path):
    report = _lint(tmp_path, "---\ntitle: T\n---\n\n# A\n\n" + "-\n" * 5000 + "\n" + "- a\n\n        code\n" * 500)
    assert report.endswith("0 errors, 0 warnings, 0 notes\n"), report
    root = html("# A\n\n" + "-\n" * 5000 + "\nAfter.\n")
    assert len(root.xpath("/*/ul/li[not(node())]")) == 5000 and root.xpath("/*/p/text()") == ["After."]


TITLE_NOTES = """---
title: "A Title^[Written with support from the Example Fund.]"
author:
  - name: "Jo Vale[^vale]"
  - Sam Roe
thanks: "We thank *the referees*."
---

[^vale]: Professor of Law,
    Example University.

# Introduction

Text.[^1]

[^1]: A note in the text.
"""


def test_notes_on_the_title_and_an_author_are_marked_and_printed_in_the_title_block(tmp_path):
    import io

    from briefpress.cli import main
    paper = tmp_path / "paper.md"
    paper.write_text(TITLE_NOTES, encoding="utf-8")
    out = io.StringIO()
    assert main(["lint", str(paper)], stdout=out, stderr=out) == 0 and "note.unused" not in out.getvalue()
    assert main(["build", "--format", "html", "--out", str(tmp_path / "out"), str(paper)], stdout=out, stderr=out) == 0
    page = lxml.html.parse(str(tmp_path / "out" / "a-title.html"))  # the note is not in the file's name
    assert page.xpath("string(//h1[@class='title'])") == "A Title†‡"
    assert [a.text_content() for a in page.xpath("//span[@class='author']")] == ["Jo Vale§", "Sam Roe"]
    assert [" ".join(li.text_content().split()) for li in page.xpath("//ul[@class='author-notes']/li")] == [
        "† Written with support from the Example Fund.", "‡ We thank the referees.",
        "§ Professor of Law, Example University."]
    assert page.xpath("//ul[@class='author-notes']/li/em/text()") == ["the referees"]
    assert len(page.xpath("//li[@role='doc-endnote']")) == 1  # the text's own note, numbered 1


def test_a_note_call_in_the_front_matter_without_definition_is_an_error_at_its_place(tmp_path):
    report = _lint(tmp_path, TITLE_NOTES.replace("[^vale]: Professor", "Professor"))
    assert "paper.md:4:19: error: footnote '[^vale]' in the front matter has no definition" in report


def test_a_tilde_definition_and_a_link_destination_in_angle_brackets(tmp_path):
    root = html("Term\n  ~ Defined with a tilde.\n\nA [report](<my file.pdf>) and H~2~O.\n")
    assert root.xpath("//dl/dt/text()") == ["Term"] and root.xpath("//dl/dd/text()") == ["Defined with a tilde."]
    assert root.xpath("//a/@href") == ["my%20file.pdf"] and root.xpath("//sub/text()") == ["2"]
    report = _lint(tmp_path, "---\ntitle: T\n---\n\n# A\n\nA [report](<my file.pdf>).\n")
    assert "html.tag-removed" not in report  # <my file.pdf> is the link's destination, no tag


def test_two_authors_share_one_note_and_a_note_the_text_calls_too_keeps_its_definition(tmp_path):
    import io

    from briefpress.cli import main
    paper = tmp_path / "paper.md"
    paper.write_text("---\ntitle: T\nauthor:\n  - name: \"B[^x]\"\n  - name: \"C[^x]\"\n---\n\n[^x]: Example Forum.\n\n"
                     "# A\n\nText.[^x]\n", encoding="utf-8")
    out = io.StringIO()
    assert main(["build", "--format", "html", "--out", str(tmp_path / "out"), str(paper)], stdout=out, stderr=out) == 0
    page = lxml.html.parse(str(tmp_path / "out" / "t.html"))
    assert [a.text_content() for a in page.xpath("//span[@class='author']")] == ["B†", "C†"]
    assert [" ".join(li.text_content().split()) for li in page.xpath("//ul[@class='author-notes']/li")] == [
        "† Example Forum."]
    assert "Example Forum." in page.xpath("string(//li[@role='doc-endnote'])")


@pytest.mark.parametrize("text, expected", [
    ("1.2 Results: (a) & b", "results-a-b"), ("Über Straße — naïve café", "über-straße-naïve-café"),
    ("Q&A / FAQ's", "qa-faqs"), ("2020 Review", "review"), ("Section_with dots.v2", "section_with-dots.v2"),
    ("Ελληνικά κείμενα", "ελληνικά-κείμενα"), ("1.2", "section"),
])
def test_pandoc_s_identifier_of_a_heading(text, expected):
    from briefpress.pandoc_ids import identifier
    assert identifier(text) == expected  # pandoc 3.9's auto_identifiers for the same headings


def test_a_link_to_a_heading_by_pandoc_s_identifier_reaches_it(tmp_path):
    import io

    from briefpress.cli import main
    paper = tmp_path / "paper.md"
    paper.write_text("---\ntitle: Ids\n---\n\n# 2020 Review\n\nText.\n\n# Q&A / FAQ's\n\nText.\n\n# Q&A / FAQ's\n\n"
                     "See [the review](#review), [the questions](#qa-faqs), [again](#qa-faqs-1) and [ours](#2020-review).\n",
                     encoding="utf-8")
    out = io.StringIO()
    assert main(["lint", str(paper)], stdout=out, stderr=out) == 0, out.getvalue()
    assert "link.anchor" not in out.getvalue()
    assert main(["build", "--format", "html", "--out", str(tmp_path / "out"), str(paper)], stdout=out, stderr=out) == 0
    page = lxml.html.parse(str(tmp_path / "out" / "ids.html"))
    ids = page.xpath("//h1[@data-number]/@id")
    assert page.xpath("//p[contains(., 'See')]/a/@href") == [f"#{ids[0]}", f"#{ids[1]}", f"#{ids[2]}", f"#{ids[0]}"]


def test_word_s_bookmarks_and_comments_are_empty_spans_and_links_reach_them():
    root = html("# []{#_Toc123 .anchor}Introduction\n\nSee [the start](#_Toc123) and a "
                "[remark]{.comment-start id=\"0\" author=\"Ana\"}[]{.comment-end id=\"0\"}.\n")
    assert root.xpath("//h1/span[@class='anchor']/@id") == ["_Toc123"]
    assert root.xpath("//span[@class='comment-start']/@data-author") == ["Ana"]
    assert root.xpath("//span[@class='comment-end']/@data-id") == ["0"] and not root.xpath("//*[@id='0']")
    assert "{" not in root.text_content() and "[]" not in root.text_content()


def test_an_id_given_twice_to_spans_or_divs_is_an_error_at_its_place_before_the_layout(tmp_path):
    report = _lint(tmp_path, "---\ntitle: D\n---\n\n# A\n\n[a]{#dup} and [b]{#dup}.\n\n::: {#two}\nx\n:::\n\n"
                             "::: {#two}\ny\n:::\n")
    assert "paper.md:7:18: error: the id 'dup' is given twice" in report
    assert "paper.md:13:5: error: the id 'two' is given twice" in report


def test_a_note_never_closed_in_the_title_stays_text(tmp_path):
    report = _lint(tmp_path, "---\ntitle: \"A^[note never closed\"\nauthor: \"B[^x] [^x]\"\n---\n\n[^x]: One.\n\n# A\n\nText.\n")
    assert report.endswith("0 errors, 0 warnings, 0 notes\n"), report
    from briefpress.project import load_project
    metadata = load_project(tmp_path / "paper.md").metadata
    assert metadata.title == "A^[note never closed" and metadata.title_marks == ""
    assert [a.name for a in metadata.authors] == ["B"] and metadata.title_notes == (("†", "One."),)


def test_a_listing_written_inside_another_code_block_is_that_block_s_text():
    root = html("````markdown\nListing: Not a caption. {#lst:inner}\n\n```python\nx = 1\n```\n````\n")
    assert not root.xpath("//figure")
    assert "Listing: Not a caption. {#lst:inner}" in root.xpath("string(//pre)")
    assert "```python" in root.xpath("string(//pre)")


def test_a_reference_link_in_code_is_the_code_s_text():
    from briefpress import latexrefs
    from briefpress.rawlatex import XREF_MARK
    code = '`[2](#sec:a){reference-type="ref" reference="sec:a"}`'
    assert latexrefs.translate(code) == code
    assert latexrefs.translate(code.strip("`")) != code.strip("`")
    assert latexrefs.translate(code.strip("`")).startswith(f"[-{XREF_MARK}sec:a]")  # outside code: '\\ref{sec:a}'


@pytest.mark.parametrize("source", [
    "[a [b] c " * 20000 + "and [a link](https://example.org).",  # '[' never closed: each was counted to the end
    "[" * 3000 + "x]" * 3000 + " and [a link](https://example.org).",  # closed, far away
])
def test_thousands_of_brackets_in_a_paragraph_are_read_once_and_links_still_work(source):
    root = html(source)
    assert root.xpath("//a[@href='https://example.org']/text()") == ["a link"]


def test_links_and_references_read_as_before_with_brackets_looked_up():
    root = html("[one](https://a.org) [two [nested]](https://b.org) ![img [x]](c.png) [ref][r] [r]\n\n"
                "[r]: https://r.org\n")
    assert root.xpath("//a/@href") == ["https://a.org", "https://b.org", "https://r.org", "https://r.org"]
    assert root.xpath("//a/text()") == ["one", "two [nested]", "ref", "r"]
    assert root.xpath("//img/@alt") == ["img [x]"]


@pytest.mark.parametrize("source, tags, text", [
    ("> <p>A raw paragraph.</p>\n", ["p"], "A raw paragraph."),
    ('> Before.\n>\n> <div class="box">\n> Some *Markdown* here.\n> </div>\n>\n> After.\n', ["p", "div", "p"],
     "Before. Some Markdown here. After."),
])
def test_a_raw_html_block_in_a_block_quote_is_a_block_and_markdown_inside_a_div_is_read(source, tags, text):
    """It was held in a paragraph ('<p><div>…</div></p>', '<p><p>a</p></p>': an empty paragraph before the text,
    the div's Markdown as typed); pandoc 3.9 reads it as at the top level."""
    quote = html(source).find("blockquote")
    assert [el.tag for el in quote] == tags and " ".join(quote.text_content().split()) == text
    assert not quote.xpath(".//p[not(normalize-space())]") and not quote.xpath(".//p//p | .//p//div")
    if "div" in tags:
        assert quote.xpath("string(div/p/em)") == "Markdown"


def test_a_raw_html_block_in_a_block_quote_is_sanitized_as_one_at_the_top_level():
    quote = html('> <script>alert(1)</script>\n>\n> <div onclick="steal()">\n> Text.\n> </div>\n').find("blockquote")
    assert not quote.xpath(".//script | .//*[@onclick]") and quote.xpath("string(div/p)") == "Text."


@pytest.mark.parametrize("source", [
    "Term\n:   ~~~\n    code\n    ~~~\n\nAfter text.\n\nNext\n:   Its text.\n",  # the fence on the definition's line
    "Term\n:   Lead.\n\n    ~~~\n    code\n\nAfter text.\n\nNext\n:   Its text.\n",  # a fence the definition never closes
])
def test_a_fence_in_a_definition_ends_with_the_definition_and_the_text_after_it_is_text(source):
    """The fence's code ran on past the definition to the end of the file: 'After text.' and every block after it
    were printed as that code; pandoc 3.9 ends the definition (and its fence) at the unindented line."""
    root = html(source)
    assert [" ".join(p.text_content().split()) for p in root.findall("p")] == ["After text."]
    assert [dt.text for dt in root.iter("dt")] == ["Term", "Next"]
    assert all("After" not in pre.text_content() for pre in root.iter("pre"))


def _blocks(el) -> list:
    """The block elements under el as nested (tag, children) lists: pandoc's block structure, without text."""
    block = {"p", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "div", "figure", "table", "hr"}
    out = []
    for child in el:
        if child.tag in block and "highlight" not in (child.get("class") or "").split():
            out.append([child.tag, *_blocks(child)] if _blocks(child) else child.tag)
        elif child.tag in block or child.tag == "math":
            out.extend(_blocks(child) if child.tag != "math" else [])
    return out


@pytest.mark.parametrize("source, expected", [  # pandoc 3.9 -t html's blocks (code's highlighting div left out)
    ("(@) Field.\n\n    ~~~\n    law\n    ~~~\n", [["ol", ["li", "p", "pre"]]]),
    ("- [ ] Order.\n      state.\n\n      Alpha.\n", [["ul", ["li", "p", "pre"]]]),
    ("Lead text.\n(@) Law order.\n", ["p"]),
    ("> <div>\n> In a *div*.\n> </div>\n", [["blockquote", ["div", "p"]]]),
    ("- First.\n- ![A map](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA"
     "60e6kgAAAABJRU5ErkJggg==)\n", [["ul", "li", ["li", "figure"]]]),
    ("- Lead.\n\n    Second $x$ para.\n", [["ul", ["li", "p", "p"]]]),
    ("> - Lead.\n>\n>     Second $x$ para.\n", [["blockquote", ["ul", ["li", "p", "p"]]]]),
])
def test_blocks_pandoc_reads_differently_from_python_markdown_are_read_as_pandoc_reads_them(source, expected):
    """Cases a generated sweep of nested block constructs found read otherwise than pandoc 3.9 (each mended, with
    a test of its own beside its module's): the block structure, compared whole; math read, no list token left."""
    from briefpress.citations import extract_all
    body, _ = render_chapter(extract_all(source, "paper.md").text)
    root = lxml.html.fragment_fromstring(body, create_parent="div")
    assert _blocks(root) == expected
    assert "$" not in root.text_content() and not any("\ue000" <= ch <= "\uf8ff" for ch in root.text_content())
