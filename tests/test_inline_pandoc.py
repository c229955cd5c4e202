"""Inline Markdown read as pandoc 3.9 reads it (``pandoc -f markdown -t html``): each case here once differed."""

from __future__ import annotations

import re

import pytest

from briefpress.citations import extract_all
from briefpress.markdown_ext import render_chapter
from briefpress.sanitize import active_content


def render(markdown: str) -> str:
    return render_chapter(extract_all("# T\n\n" + markdown, "t.md").text, 1)[0].split("</h1>", 1)[1].strip()


def text(markdown: str) -> str:
    return re.sub(r"<[^>]+>", "", render(markdown))


# --- quotation marks ------------------------------------------------------------------------------

@pytest.mark.parametrize("markdown, expected", [
    ('"quote with [a link](https://x.org)"', "“quote with a link”"),
    ('"*em quote*"', "“em quote”"),
    ("'a `code`'", "‘a code’"),
    ('"<b>raw</b>"', "“raw”"),
    ("'[a span]{.c}'", "‘a span’"),
])
def test_a_quote_right_after_an_inline_element_closes(markdown, expected):
    assert text(markdown) == expected


@pytest.mark.parametrize("markdown, expected", [
    ('a—"*em*"—b', "a—“em”—b"),
    ("—'`code`'—", "—‘code’—"),
    ('a "[a link](u)"s b', "a “a link”s b"),
    ('a—"...so"', "a—“…so”"),
])
def test_a_quote_before_or_after_an_element_after_a_dash_or_before_a_letter(markdown, expected):
    assert text(markdown) == expected


def test_a_quote_right_after_math_closes():
    html = render("'$y$' and \"$x$\"")
    assert re.sub(r"<span class=\"math inline\">.*?</span>", "M", html) == "<p>‘M’ and “M”</p>"


@pytest.mark.parametrize("markdown, expected", [
    ("'Tis the season", "’Tis the season"),
    ("He said, \"'Tis the season.\"", "He said, “’Tis the season.”"),
    ("'tis and 'twas and 'em", "’tis and ’twas and ’em"),
    ("quote: 'never closed", "quote: ’never closed"),
    ("I'm 'quoting' here", "I’m ‘quoting’ here"),
    ("'a [link](u)' and 'em", "‘a link’ and ’em"),
    ("'Twas 'quoted' here", "‘Twas ’quoted’ here"),  # no single quote inside another
])
def test_an_opening_single_quote_never_closed_is_an_apostrophe(markdown, expected):
    assert text(markdown) == expected


@pytest.mark.parametrize("markdown, expected", [
    ("'cause he said \"the 'best' one\" today", "’cause he said “the ‘best’ one” today"),
    ("'Tis \"quoted 'inner' text\" here", "’Tis “quoted ‘inner’ text” here"),
    ("'a \"b 'c' d\" e'", "‘a “b ‘c’ d” e’"),
    ("'cause “the 'best' one” today", "’cause “the ‘best’ one” today"),  # double marks typed curly
])
def test_a_single_quote_is_not_closed_inside_a_double_quotation_it_did_not_open_in(markdown, expected):
    assert text(markdown) == expected


def test_a_quote_after_an_entity_closes():
    assert text("'&copy;' and \"&eacute;t&eacute;\", '&copy;'.") == "‘&copy;’ and “&eacute;t&eacute;”, ‘&copy;’."


def test_single_quotes_pair_within_a_paragraph_only():
    assert text("'first\n\nsecond'") == "’first\nsecond’"


# --- escapes, breaks, entities --------------------------------------------------------------------

def test_an_escaped_backslash_at_a_line_end_is_a_backslash_not_a_line_break():
    assert render("line one\\\\\nline two") == "<p>line one\\\nline two</p>"
    assert render("a\\\\\\\nb") == "<p>a\\<br>\nb</p>"  # an escaped backslash, then a break
    assert render("a\\\nb") == "<p>a<br>\nb</p>"


def test_an_escaped_space_in_a_superscript_or_subscript_keeps_it_one():
    assert text("x^a\\ b^ and H~a\\ b~") == "xa\u00a0b and Ha\u00a0b"
    assert "<sup>" in render("x^a\\ b^") and "<sub>" in render("H~a\\ b~")


def test_an_entity_html_does_not_know_is_text_as_typed():
    html = render("&notanentity; &bogus; and &copy; &#8212; &amp;")
    assert html == "<p>&amp;notanentity; &amp;bogus; and &copy; &#8212; &amp;</p>"


def test_a_tag_name_holds_no_dot_so_angle_brackets_around_a_host_are_text():
    assert text("visit <www.example.org> or <e.g.> now") == "visit &lt;www.example.org&gt; or &lt;e.g.&gt; now"
    assert render("a <kbd>K</kbd> b") == "<p>a <kbd>K</kbd> b</p>"


def test_two_reference_links_a_space_apart_are_two_links():
    html = render("[x] [y] and [x][y]\n\n[x]: https://x.org\n[y]: https://y.org\n")
    assert html == ('<p><a href="https://x.org">x</a> <a href="https://y.org">y</a> and '
                    '<a href="https://y.org">x</a></p>')


def test_a_uri_of_a_scheme_without_slashes_in_angle_brackets_is_a_link():
    html = render("See <urn:isbn:0451450523>, <doi:10.1000/182> and <mailto:a@example.org>.")
    assert html == ('<p>See <a href="urn:isbn:0451450523">urn:isbn:0451450523</a>, '
                    '<a href="doi:10.1000/182">doi:10.1000/182</a> and '
                    '<a href="mailto:a@example.org">mailto:a@example.org</a>.</p>')


def test_lint_takes_such_a_uri_and_a_dotted_name_for_no_tag():
    found = active_content("See <urn:isbn:0451450523> and <www.example.org>, not <o:p>.\n", "t.md")
    assert [(d.code, d.message.split(" is ")[0], d.location.col) for d in found] == [
        ("html.tag-removed", "raw <o:p>", 54)]


def test_a_quote_opening_a_paragraph_before_an_ellipsis_opens():
    assert text("\"...and then,\" he said; '...so'") == "“…and then,” he said; ‘…so’"
    assert render('It states: ***"... a quotation"***') == "<p>It states: <strong><em>“… a quotation”</em></strong></p>"


# --- images ---------------------------------------------------------------------------------------

def test_an_inline_image_alt_text_is_its_text_without_markup():
    assert render('a ![alt *x* and `c`](i.png "t") b') == '<p>a <img alt="alt x and c" src="i.png" title="t"> b</p>'
    assert render("a ![\\*lit\\*](i.png) b") == '<p>a <img alt="*lit*" src="i.png"> b</p>'


def test_math_in_a_caption_or_an_inline_image_s_alt_text_is_math_and_its_tex():
    """The caption printed 'wzxhzdk:0' (the math's place in a stash its reader did not hold), the alt text of
    an image in a sentence held the math's HTML, quotes and all, inside its attribute."""
    html = render("![Costs of $x^2$ and *y*](a.png)\n\nSee ![$a<b$ and *c*](b.png) here.")
    assert "wzxhzdk" not in html and html.count("<math") == 1
    assert re.search(r'<img alt="Costs of x\^2 and y" src="a.png"><figcaption>Costs of '
                     r'<span class="math inline"><math .*?</math></span> and <em>y</em></figcaption>', html)
    assert '<img alt="a&lt;b and c" src="b.png">' in html


def test_dashes_and_ellipses_are_read_from_left_to_right():
    assert text("a----b, a -----, x......y, Wait....") == "a—-b, a —–, x……y, Wait…."


def test_a_backslash_ending_a_block_is_an_invisible_break_not_a_backslash():
    assert render("para \\") == "<p>para </p>"
    assert render("- item \\") == "<ul>\n<li>item </li>\n</ul>"
    assert render("para \\\\") == "<p>para \\</p>"  # an escaped backslash stays


def test_a_heading_ending_in_a_backslash_is_a_heading():
    html = render("## Sub \\\n\ntext")
    assert html.startswith('<h2 data-number="1.1" id="sub"><span class="number">1.1</span>Sub </h2>')


def test_an_escaped_ampersand_before_an_entity_name_is_text():
    assert render("\\&copy; and R\\&D and \\\\&copy;") == "<p>&amp;copy; and R&amp;D and \\&copy;</p>"


# --- blocks ---------------------------------------------------------------------------------------

def test_a_paragraph_opening_with_a_colon_and_no_term_is_a_paragraph():
    assert render(": not a definition") == "<p>: not a definition</p>"
    html = render("> a quote\n\n: after it\n\nTerm\n: its definition")
    assert "<p>: after it</p>" in html and "<dt>Term</dt>\n<dd>its definition</dd>" in html


def test_a_colon_paragraph_after_a_fenced_code_block_or_raw_html_has_no_term():
    """A fenced block is set aside as a paragraph of its placeholder: it was read as the term."""
    html = render("```\ncode\n```\n\n: after code\n\n<div>raw</div>\n\n: after div")
    assert "<dl>" not in html and "<p>: after code</p>" in html and "<p>: after div</p>" in html
    assert "<dt>" in render("$$x$$\n\n: display math is a term, as pandoc reads it")


def test_a_backslash_ending_a_paragraph_that_opens_with_an_image_is_a_break_unless_the_image_is_alone():
    """Only an image alone before the backslash is pandoc's 'not a figure'; text after it printed the backslash."""
    assert render("![a](x.png) and text \\") == '<p><img alt="a" src="x.png"> and text </p>'
    assert render("![a](x.png) and ![b](y.png)\\") == '<p><img alt="a" src="x.png"> and <img alt="b" src="y.png"></p>'
    assert render("![a [b]](x_(1).png)\\") == '<p class="image"><img alt="a [b]" src="x_(1).png"></p>'


def test_the_space_after_an_abbreviation_is_a_no_break_space_and_p_and_a_page_is_no_list():
    """pandoc's smart extension: after "Dr.", "e.g.", "p.", "vol."… (its list) a no-break space, so "Dr. Smith"
    and "p. 5" never break at a line's end; "p. 45 says" opening a paragraph is text (it was an ordered list
    starting at 16, "p." lost), while "p. four" and "e. 4" stay list items, as pandoc reads them."""
    from briefpress.citations import extract_all
    from briefpress.markdown_ext import render_chapter

    def html(text):
        return render_chapter(extract_all(text, "t.md").text, 1)[0]
    out = html("Dr. Smith cited p. 4, pp. 5-6, vol. 2, e.g. *this*, cf. that; Dr.Smith, MDr. x and `Dr. code`.")
    assert "Dr.\u00a0Smith cited p.\u00a04, pp.\u00a05-6, vol.\u00a02, e.g.\u00a0<em>this</em>, cf.\u00a0that" in out
    assert "Dr.Smith, MDr. x and <code>Dr. code</code>" in out
    assert html("p. 45 says so.") == "<p>p.\u00a045 says so.</p>"
    assert "<ol" in html("p. four\n") and "<ol" in html("e. 4 says\n")


@pytest.mark.parametrize("markdown, expected", [
    ("- ~~~ x ~~~", "<ul>\n<li><sub></sub>~ x <sub></sub>~</li>\n</ul>"),  # in a list item, as outside
    ("a ~~~ x ~~~ b", "<p>a <sub></sub>~ x <sub></sub>~ b</p>"),
    ("a ~~ b ~~", "<p>a <sub></sub> b <sub></sub></p>"),
    ("~~~~x~~~~", "<p><sub></sub><del>x</del><sub></sub></p>"),
    ("~~x~~~ and H~2~O", "<p><del>x</del>~ and H<sub>2</sub>O</p>"),
    ("~~a ~b~ c~~", "<p><del>a <sub>b</sub> c</del></p>"),
    # a longer run: one empty subscript for its pairs, as pandoc reads it (its first pairs were one each)
    ("a ~~~~ b", "<p>a <sub></sub> b</p>"), ("a ~~~~~ b", "<p>a <sub></sub>~ b</p>"), ("a~~~~b", "<p>a<sub></sub>b</p>"),
    ("a ~~~~~~~~ b ~~ c", "<p>a <sub></sub> b <sub></sub> c</p>"), ("a ~~~~~~x~~ b", "<p>a <sub></sub><del>x</del> b</p>"),
])
def test_tildes_that_open_no_strikeout_are_empty_subscripts_read_from_the_left(markdown, expected):
    """pandoc reads a run of tildes from its left: '~~' before a blank or a third '~' opens no strikeout but is
    an empty subscript ('~' then '~'); '~~~ x ~~~' was struck through ('<del>~ x ~</del>')."""
    assert re.sub(r' id="[^"]*"', "", render(markdown)) == expected
