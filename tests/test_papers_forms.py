"""Forms people write that pandoc builds (pandoc 3.9, pandoc-crossref, biblatex as Zotero Better BibTeX
exports it), each rendered as pandoc renders it. Found by building small papers with both
(tests/fixtures/papers/harbour is the paper that holds them all)."""
import re

import pytest

from briefpress.citations import extract_all
from briefpress.markdown_ext import render_chapter


def _html(text: str) -> tuple[str, tuple]:
    ex = extract_all(text, "p.md")
    return render_chapter(ex.text, 1)[0], ex.citations


def test_a_citation_in_a_bracketed_span_is_read_as_in_the_text_and_the_attributes_never_print():
    # pandoc: Span ("", ["suppress-author"], []) [Cite AuthorInText]; before, '{.suppress-author}' was printed
    html, cites = _html("# A\n\nA [@tidepool]{.suppress-author} and [see @ito2022, p. 3]{.x} b.\n")
    assert [(c.items[0].key, c.items[0].mode) for c in cites] == [("tidepool", "author-in-text"),
                                                                   ("ito2022", "author-in-text")]
    assert "{" not in html and '<span class="suppress-author">' in html and '<span class="x">see ' in html
    # a bracketed citation is still one, and a span without a citation a span
    html, cites = _html("# A\n\nA claim [@a]. [Small]{.smallcaps}.\n")
    assert [c.items[0].mode for c in cites] == ["normal"] and '<span class="smallcaps">Small</span>' in html


def test_pandoc_crossref_subfigures_written_one_image_per_line_are_one_figure():
    text = ("# A\n\n<div id=\"fig:pair\">\n![Left part](a.png){#fig:left width=40%}\n"
            "![Right part](b.png){#fig:right width=40%}\n\nTwo parts of one figure.\n</div>\n")
    html, _ = _html(text)
    assert html.count('class="subfigure"') == 2 and html.count('class="figure"') == 1
    assert re.search(r'<figure class="figure" id="fig:pair">.*<figcaption>Two parts of one figure\.</figcaption>'
                     r"\s*</figure>", html, re.S)
    assert '<figcaption class="subcaption">(a) Left part</figcaption>' in html
    assert '<figcaption class="subcaption">(b) Right part</figcaption>' in html
    # the image's width is its subfigure's share of the line; the image fills its subfigure
    assert html.count('style="width: 40%"') == 2 and html.count('style="width: 100%"') == 2
    # two rows of two: two columns
    rows = ("# A\n\n::: {#fig:grid}\n![a](a.png)\n![b](b.png)\n\n![c](a.png)\n![d](b.png)\n\nFour.\n:::\n")
    html, _ = _html(rows)
    assert html.count('class="subfigure"') == 4 and html.count("width: 47.5%") == 4
    # images in running text in a div without a figure's id stay images in a paragraph
    html, _ = _html("# A\n\n::: {#other}\n![a](a.png)\n![b](b.png)\n\nText.\n:::\n")
    assert "<figure" not in html


def test_latex_layout_commands_are_left_out_with_one_note_each_and_their_text_kept():
    """\\noindent, \\vspace{1em}, \\small, a center environment: a LaTeX build applies them, pandoc's HTML leaves
    them out; before, each was printed as typed ('\\noindent Some text') with a warning."""
    from briefpress import rawlatex
    text = ("\\noindent Some text \\vspace{1em} and \\noindent more.\n\n\\begin{center}\n$\\alpha$ centred \\foo\n"
            "\\end{center}\n\n\\vspace*{2em}\n\n\\small{}Small \\hspace{1cm}text.\n")
    out = rawlatex.translate(text)
    assert out.count("\n") == text.count("\n")  # lines kept
    assert " ".join(out.split()) == "Some text and more. $\\alpha$ centred \\foo Small text."
    found = [(d.code, d.location.line, d.location.col, d.message.split()[0]) for d in rawlatex.problems(text, "p.md")]
    assert found == [("latex.layout", 1, 1, "\\noindent"), ("latex.layout", 1, 21, "\\vspace"),
                     ("latex.layout", 3, 1, "\\begin{center}"), ("latex.unsupported", 4, 18, "unsupported"),
                     ("latex.layout", 9, 1, "\\small"), ("latex.layout", 9, 15, "\\hspace")]
    assert all(d.severity == "info" for d in rawlatex.problems(text, "p.md") if d.code == "latex.layout")


def test_a_name_with_a_capital_inside_keeps_its_lower_case_first_letter_at_a_sentence_start():
    """The bibliography printed 'ArXiv Preprint' after the title's period, the note 'arXiv Preprint' (citeproc:
    'arXiv Preprint' in both); an ordinary word is still capitalised there."""
    from briefpress import chicago
    from briefpress.bib.model import plain
    from briefpress.bib.read import read_text
    bib = read_text("@article{a, title={Port Fees}, author={Brown, Lee}, year={2019}, journal={arXiv preprint}}\n"
                    "@misc{b, title={Port Fees}, author={Brown, Lee}, year={2019}, howpublished={eKosova portal}}\n"
                    "@misc{c, title={Port Fees}, author={Brown, Lee}, year={2019}, howpublished={working paper}}\n",
                    "r.bib")
    listed = {k: plain(chicago.bibliography_entry(e)) for k, e in bib.entries.items()}
    assert listed["a"] == "Brown, Lee. “Port Fees.” arXiv Preprint, 2019."
    assert "Port Fees. eKosova portal, 2019" in listed["b"] and "Port Fees. Working paper, 2019" in listed["c"]


def test_the_same_entry_twice_is_a_warning_and_a_different_one_under_the_same_key_still_an_error():
    """pandoc builds both (it takes one copy silently); before, an identical copy (a file listed twice, two
    exports that share a source) stopped the build too."""
    from briefpress.bib.read import read_bibliographies
    from briefpress.bib.read import _Text as File
    entry = "@book{vale2020,\n  title = {Tides},\n  author = {Vale, Jo},\n  year = 2020,\n  publisher = {Sea House},\n}\n"
    bib = read_bibliographies([File("a.bib", entry), File("b.bib", "% shared\n" + entry.replace("  ", "\t")),
                               File("c.bib", entry.replace("Tides", "Waves"))])
    found = [(d.severity, d.code, str(d.location)) for d in bib.problems]
    assert found == [("warning", "bib.duplicate-key", "b.bib:2:1"), ("error", "bib.duplicate-key", "c.bib:1:1")]
    assert "a.bib:1" in bib.problems[0].message and bib.entries["vale2020"].path == "a.bib"


FRONT = """---
title: Inline Sources
author: Jo Vale
references:
- id: watson1953
  type: article-journal
  author:
  - family: Watson
    given: J. D.
  issued:
    date-parts:
    - [1953, 4, 25]
  title: 'Molecular structure of nucleic acids'
  container-title: Nature
  volume: 171
  page: 737-738
- id: vale2004
  type: book
  author:
  - literal: World Health Body
  title: A book
  issued: 2004
  publisher: Sea House
---

# One

Text [@watson1953, 737]. And [@vale2004].
"""


def test_pandoc_s_references_in_the_front_matter_are_sources_at_their_lines(tmp_path):
    """pandoc reads CSL items from the metadata's ``references``; before, the field was 'unknown' and every
    citation of them an error."""
    from briefpress import chicago
    from briefpress.bib.model import plain
    from briefpress.bib.read import read_bibliographies
    from briefpress.lint import lint_path
    from briefpress.project import load_project
    paper = tmp_path / "paper.md"
    paper.write_text(FRONT)
    project = load_project(paper)
    bib = read_bibliographies(project.bibliographies)
    assert bib.problems == () and list(bib.entries) == ["watson1953", "vale2004"]
    assert (bib.entries["watson1953"].path, bib.entries["watson1953"].line) == ("paper.md", 5)
    assert plain(chicago.full_note(bib.entries["watson1953"])) == ("J. D. Watson, “Molecular Structure of Nucleic "
                                                                    "Acids,” Nature 171 (April 1953): 737–38")
    assert [d for d in lint_path(paper) if d.severity != "info"] == []
    # a bibliography file as well: both are read
    (tmp_path / "more.bib").write_text("@book{roe2010, title={Waves}, author={Roe, Ann}, publisher={P}, year=2010}\n")
    paper.write_text(FRONT.replace("author: Jo Vale\n", "author: Jo Vale\nbibliography: more.bib\n")
                     .replace("[@vale2004]", "[@vale2004; @roe2010]"))
    bib = read_bibliographies(load_project(paper).bibliographies)
    assert set(bib.entries) == {"watson1953", "vale2004", "roe2010"} and bib.problems == ()
    # front matter that does not parse is reported once, by the metadata check
    paper.write_text(FRONT.replace("  volume: 171\n", "  volume: [171\n"))
    codes = [d.code for d in lint_path(paper) if d.severity == "error"]
    assert "bib.parse" not in codes and "metadata.yaml-syntax" in codes


def test_a_table_in_a_footnote_is_a_table():
    """A pipe table indented under a note's definition printed as '|a|b| |—|—|' (pandoc: a table in the note)."""
    from briefpress.markdown_ext import render_inline
    text = ("# A\n\nText.[^n]\n\n[^n]: A note with a table:\n\n    | a | b |\n    |---|---|\n    | 1 | 2 |\n\n"
            "    > and a quote.\n\n    Not a table | here.\n")
    ex = extract_all(text, "p.md")
    note = render_inline(ex.footnotes["n"].text)
    assert re.search(r"<table.*<th[^>]*>a</th>.*<td[^>]*>2</td>.*</table>", note, re.S)
    assert "|" not in note.replace("Not a table | here", "") and "<blockquote>" in note
    # the same lines after a paragraph of the text, not a note, stay code as pandoc reads them
    plain = _html("# A\n\nText.\n\n    | a | b |\n    |---|---|\n")[0]
    assert "<pre" in plain and "<table" not in plain


def test_a_language_given_as_an_iso_639_2_code_is_that_language():
    """EndNote, Scopus and library catalogues write ``language = {eng}``: the title was not title-cased (an
    English title taken for another language)."""
    from briefpress import chicago, locale
    from briefpress.bib.model import plain
    from briefpress.bib.read import read_text
    bib = read_text("@article{a, title={the state of the art}, author={Vale, Jo}, journal={J}, year=2001, "
                    "language={eng}}\n@article{b, title={die lage der kunst}, author={Vale, Jo}, journal={J}, "
                    "year=2001, language={ger}}\n", "r.bib")
    assert plain(chicago.full_note(bib.entries["a"])) == "Jo Vale, “The State of the Art,” J, 2001"
    from briefpress.note_text import in_own_language
    german = bib.entries["b"]  # sentence case kept, marked as German (it was lang="ger"), in German quotation marks
    assert in_own_language(chicago.full_note(german), german, "en") == \
        '<span lang="de">Jo Vale, „Die lage der kunst“, <em>J</em>, 2001</span>'
    assert [locale.bcp47(x) for x in ("eng", "ger", "alb", "fre", "english", "en-GB")] == \
        ["en", "de", "sq", "fr", "en", "en-GB"]


def test_biblatex_s_issue_as_a_word_goes_with_the_date():
    """``issue = {Spring}`` printed 'J 3, no. Spring (2019)' (biblatex: '3 (Spring 2019)'); an exporter's issue
    that is a number stays the number."""
    from briefpress import chicago
    from briefpress.bib.model import plain
    from briefpress.bib.read import read_text
    bib = read_text("@article{a, title={Tides}, author={Vale, Jo}, journaltitle={J}, date={2019}, issue={Spring}, "
                    "volume={3}}\n@article{b, title={Tides}, author={Vale, Jo}, journal={J}, year={2019}, issue={4}, "
                    "volume={3}}\n@article{c, title={Tides}, author={Vale, Jo}, journaltitle={J}, date={2019}, "
                    "issue={Spring}, number={2}, volume={3}, pages={3--9}}\n@article{d, title={Tides}, "
                    "author={Vale, Jo}, journaltitle={J}, date={2019}, issue={Spring}}\n", "r.bib")
    notes = {k: plain(chicago.full_note(e)).removeprefix("Jo Vale, “Tides,” ") for k, e in bib.entries.items()}
    assert notes == {"a": "J 3 (Spring 2019)", "b": "J 3, no. 4 (2019)", "c": "J 3, no. 2 (Spring 2019): 3–9",
                     "d": "J, Spring 2019"}


def test_an_in_text_citation_in_a_heading_gives_the_toc_its_name_and_no_note_call():
    """'# Heading with @key' stopped every build with pdf.outline: the bookmarks read 'Heading with Smith', the
    TOC 'Heading with' (the citation, name included, was taken out of the TOC's text)."""
    from briefpress.bib.read import read_text
    from briefpress.document import build_document
    from briefpress.metadata import Metadata
    from briefpress.source_files import SourceFile
    bib = read_text("@book{smith2018, title={Docks}, author={Smith, Al}, publisher={P}, year=2018}\n", "r.bib")
    chapter = SourceFile(None, "p.md", "# Heading with @smith2018 here [@smith2018]\n\nText.\n", single=True)
    doc = build_document(Metadata(title="T", short_title="T", slug="t", language="en"), [chapter], bib.entries)
    heading = doc.chapters[0].headings[0]
    assert (heading.title_text, heading.title_html) == ("Heading with Smith here", "Heading with Smith here")
    assert [n.number for n in doc.notes] == [1, 2]


def test_a_heading_right_after_a_line_of_text_is_a_warning_pandoc_reads_it_as_text(tmp_path):
    """pandoc's blank_before_header: '# x' right under a line of text is that paragraph's text in pandoc, a
    heading (a new chapter) here, silently; now lint says so at its line. After a fence, a heading, a table, a
    setext underline or raw TeX it is a heading in both, without a warning."""
    from briefpress.lint import lint_path
    paper = tmp_path / "paper.md"
    paper.write_text("---\ntitle: T\nauthor: A\n---\n\n# One\n\nA paragraph\n# Two\n\nText.\n\n::: {.note}\n"
                     "## Inside\n\nNote.\n:::\n\nSetext\n------\n## Three\n\nText.\n\n\\newpage\n# Four\n\nEnd.\n"
                     "\n```\ntext\n# a comment\n```\n")
    found = [(d.code, d.location.line) for d in lint_path(paper) if d.code.startswith("heading.")]
    assert found == [("heading.no-blank-line", 9)]


def test_a_quote_mark_right_under_a_line_of_text_is_text_as_in_pandoc():
    """pandoc's blank_before_blockquote: 'values' / '> 5 were dropped' is one paragraph; Python-Markdown made the
    second line, and every line after it, a block quote. A quote's own lazy lines and a quote after a blank line,
    a div fence or in code are as before."""
    cases = {
        "values\n> 5 were dropped\nand more.\n": "<p>values\n&gt; 5 were dropped\nand more.</p>",
        "> quote one\nlazy line\n> quote two\n": "<blockquote>\n<p>quote one\nlazy line\nquote two</p>\n</blockquote>",
        "Text.\n\n> A quote.\n": "<p>Text.</p>\n<blockquote>\n<p>A quote.</p>\n</blockquote>",
        "::: note\n> In a div.\n:::\n": '<div class="note">\n<blockquote>\n<p>In a div.</p>\n</blockquote>\n</div>',
        "```\ncode\n> x\n```\n": "&gt; x",
    }
    for source, expected in cases.items():
        html = _html("# A\n\n" + source)[0]
        assert expected in html, (source, html)


@pytest.mark.parametrize("written, warned", [
    ("DOI 10.5555/tides.1", False), ("DOI: 10.5555/tides.1", False), ("doi.org/10.5555/tides.1", False),
    ("https://www.doi.org/10.5555/tides.1", False),
    ("10.5555/tides.1 10.5555/tides.2", True), ("10.5555/tides.1, https://doi.org/10.5555/tides.2", True),
])
def test_a_doi_as_exporters_write_it_links_to_its_doi(written, warned):
    """'DOI 10.…' linked to https://doi.org/DOI 10.… (a dead link), two DOIs to one run-together link."""
    from briefpress import chicago
    from briefpress.bib.model import plain
    from briefpress.bib.read import read_text
    bib = read_text(f"@article{{a, title={{Tides}}, author={{Vale, Jo}}, journal={{J}}, year=2001, doi={{{written}}}}}\n",
                    "r.bib")
    assert plain(chicago.full_note(bib.entries["a"])) == "Jo Vale, “Tides,” J, 2001, https://doi.org/10.5555/tides.1"
    assert [d.code for d in bib.problems] == (["bib.doi"] if warned else [])


def test_biblatex_s_execute_field_is_code_never_read_as_text():
    from briefpress.bib.read import read_text
    bib = read_text("@article{a, title={Tides}, author={Vale, Jo}, journaltitle={J}, date={2020}, "
                    "execute={\\DeclareFieldFormat{title}{#1}}}\n", "r.bib")
    assert bib.problems == ()  # it was an unknown-command warning


def test_a_comment_line_between_an_entry_s_fields_is_skipped_and_the_next_field_kept():
    """pandoc (and biber) skip '% …' between fields; the author after such a line was lost without a word."""
    from briefpress import chicago
    from briefpress.bib.model import plain
    from briefpress.bib.read import read_text
    bib = read_text("@article{a,\n  title = {Tides},\n  % checked against the PDF, {p. 3} = ok\n  author = {Vale, Jo},\n"
                    "  journal = {J},\n  abstract = {Rates,\n% of the total},\n  year = {2002},\n  % last\n}\n"
                    "% a {top-level note\n@book{b, title={Waves}, author={Roe, Ann}, year=2000, publisher={P}}\n", "r.bib")
    assert bib.problems == ()
    assert plain(chicago.full_note(bib.entries["a"])) == "Jo Vale, “Tides,” J, 2002"
    assert bib.entries["a"].get("abstract") == "Rates, % of the total"  # a '%' line inside a value is its text
    assert bib.entries["a"].field_lines["author"] == 4 and "b" in bib.entries


def test_a_csl_file_in_the_front_matter_is_a_note_that_says_which_style_is_used(tmp_path):
    from briefpress.lint import lint_path
    paper = tmp_path / "paper.md"
    paper.write_text("---\ntitle: T\nauthor: A\ncsl: apa.csl\n---\n\n# One\n\nText.\n")
    found = [d for d in lint_path(paper) if d.code == "metadata.ignored"]
    assert [(d.severity, d.location.line) for d in found] == [("info", 4)] and "Chicago notes" in found[0].message


def test_a_csl_article_without_a_journal_is_a_preprint_printed_as_citeproc_prints_it():
    """Zotero exports a preprint as CSL 'article': it was read as a journal article without a journal (a warning,
    its publisher 'arXiv' left out, the title in italics)."""
    import json
    from briefpress import chicago
    from briefpress.bib.model import plain
    from briefpress.bib.read import read_bibliographies
    from briefpress.bib.read import _Text as File
    items = [{"id": "roe2022", "type": "article", "title": "Preprint", "author": [{"family": "Roe", "given": "Ann"}],
              "issued": {"date-parts": [[2022]]}, "publisher": "arXiv", "DOI": "10.48550/arXiv.2201.00001"},
             {"id": "vale2020", "type": "article", "title": "Tides", "author": [{"family": "Vale", "given": "Jo"}],
              "issued": {"date-parts": [[2020]]}, "container-title": "Sea"}]
    bib = read_bibliographies([File("z.json", json.dumps(items))])
    assert bib.problems == ()
    assert plain(chicago.bibliography_entry(bib.entries["roe2022"])) == \
        "Roe, Ann. “Preprint.” Preprint, arXiv, 2022. https://doi.org/10.48550/arXiv.2201.00001."  # pandoc 3.9's
    assert plain(chicago.full_note(bib.entries["vale2020"])) == "Jo Vale, “Tides,” Sea, 2020"


def test_a_quote_mark_after_text_is_found_at_its_line_below_a_multi_line_environment():
    """The lines were counted on a text whose blanked LaTeX environment had lost its line breaks: the escape
    went to another line and the '>' still opened a quote."""
    html = _html("# A\n\n\\begin{center}\nCentred.\n\\end{center}\n\nText for ratios\n> 2 above all.\n")[0]
    assert "<blockquote" not in html and "for ratios\n&gt; 2 above all." in html and "\\" not in html


def test_more_of_natbib_s_and_biblatex_s_citation_commands_are_citations():
    """\\citealt, \\Citet, \\smartcite, \\supercite, \\fullcite… were printed as typed with a warning."""
    from briefpress import rawlatex
    text = "As \\Citet[p.~4]{a} and \\citealt{b}, \\smartcite{a}, \\supercite{a}, \\Parencite{b} and \\fullcite{a}.\n"
    ex = extract_all(text, "p.md")
    assert [(c.items[0].key, c.items[0].mode) for c in ex.citations] == [
        ("a", "author-in-text"), ("b", "normal"), ("a", "normal"), ("a", "normal"), ("b", "normal"), ("a", "normal")]
    assert ex.citations[0].items[0].locator == "4" and rawlatex.problems(text, "p.md") == []


def test_a_quote_mark_under_a_line_holding_code_or_math_is_text_too():
    """The line before the '>' was taken for no text as soon as it held anything masked (inline code, math, an
    autolink): 'the ratio $r$' / '> 2 above all' was a quote, where pandoc reads one paragraph. A line masked
    whole (a fence, an HTML block) still lets a quote start."""
    for source in ("the ratio $r$\n> 2 above all.\n", "Text `a\nb` c\n> 5 kept.\n", "See <https://x.org>\n> 5 kept.\n"):
        html = _html("# A\n\n" + source)[0]
        assert "<blockquote" not in html and "&gt; " in html, (source, html)
    for source in ("```\ncode\n```\n> A quote.\n", "<div>\n> A quote.\n</div>\n"):
        assert "<blockquote>\n<p>A quote.</p>" in _html("# A\n\n" + source)[0], source


def test_what_a_center_environment_holds_is_read_as_it_is_outside_it():
    """Inside \\begin{center} only math spans and code were masked: an equation's \\frac and a tabular's \\begin
    were each reported as unknown commands ('\\begin', without its name) on top of the layout note."""
    from briefpress import rawlatex
    text = ("\\begin{center}\n\\begin{equation}\n\\frac{a}{b}\n\\end{equation}\n\\end{center}\n\n"
            "\\begin{center}\n\\begin{tabular}{ll}\na & b \\\\\n\\end{tabular}\n\\end{center}\n")
    found = [(d.code, d.location.line, d.message.split(";")[0]) for d in rawlatex.problems(text, "p.md")]
    assert found == [("latex.layout", 1, "\\begin{center} sets the layout of a LaTeX build"),
                     ("latex.unsupported", 8, "unsupported LaTeX command \\begin{tabular}")]
    assert rawlatex.translate(text).startswith("\n\\begin{equation}\n\\frac{a}{b}\n\\end{equation}\n\n")


def test_a_comment_line_between_the_fields_of_an_entry_in_parentheses_is_skipped_too():
    """@article(key, …): the pass that blanks comment lines counts braces, so bibtexparser took the comment into
    the next field's name ('% checked\\n  author') and the author was lost without a word."""
    from briefpress import chicago
    from briefpress.bib.model import plain
    from briefpress.bib.read import read_text
    bib = read_text("@article(a,\n  title = {Tides},\n% checked\n%  twice\n  author = {Vale, Jo},\n  journal = {J},\n"
                    "  year = {2002},\n)\n", "r.bib")
    assert bib.problems == ()
    assert plain(chicago.full_note(bib.entries["a"])) == "Jo Vale, “Tides,” J, 2002"
    assert bib.entries["a"].field_lines["author"] == 5


def test_a_heading_right_after_a_multi_line_html_comment_or_block_is_no_warning(tmp_path):
    """'-->' ending a multi-line comment is no paragraph's text: pandoc reads the line after it as a heading, as
    briefpress does; lint warned that pandoc would read it as text. A line of text with code in it still warns."""
    from briefpress.lint import lint_path
    paper = tmp_path / "paper.md"
    paper.write_text("---\ntitle: T\nauthor: A\n---\n\n# One\n\nText.\n\n<!--\nA note to self\n-->\n# Two\n\n"
                     "Text `with code`\n# Three\n\nEnd.\n")
    found = [(d.code, d.location.line) for d in lint_path(paper) if d.code.startswith("heading.")]
    assert found == [("heading.no-blank-line", 16)]


def test_a_file_listed_twice_is_read_once_with_one_warning():
    """Each entry of a file listed twice ('bibliography: [refs.bib, refs.bib]') was 'the same entry as at
    refs.bib:1; this copy is not read: delete it', once per entry, at the entry itself: deleting it would
    delete the source."""
    from briefpress.bib.read import read_bibliographies
    from briefpress.bib.read import _Text as File
    text = "@book{a, title={Tides}, author={Vale, Jo}, year=2020, publisher={P}}\n" \
           "@book{b, title={Waves}, author={Roe, Ann}, year=2021, publisher={P}}\n"
    bib = read_bibliographies([File("refs.bib", text), File("refs.bib", text)])
    assert [(d.code, str(d.location)) for d in bib.problems] == [("bib.duplicate-file", "refs.bib:1:1")]
    assert "listed twice" in bib.problems[0].message and set(bib.entries) == {"a", "b"}


def test_a_suppress_author_citation_in_a_span_or_the_text_is_one():
    """pandoc reads '-@key' outside brackets as a citation without the author. Read as '-' and an in-text
    citation, '[-@nd]{.q}' printed '-Green' and a note (before the span was read: a note and '{.q}')."""
    html, cites = _html("# A\n\nA [-@green]{.q} b. C -@brown d. A-@ and me@y are none.\n")
    assert [(c.items[0].key, c.items[0].mode) for c in cites] == [("green", "suppress-author"),
                                                                   ("brown", "suppress-author")]
    assert "-\ue000" not in html and "A-@ and me@y" in html


@pytest.mark.parametrize("language, season", [("en", "Spring 2019"), ("sr-Latn", "proleće 2019"),
                                              ("sq", "pranverë 2019")])
def test_an_edtf_season_is_printed_in_the_paper_s_language(language, season):
    """The season's name was asked of the locale with a key no locale file held: 'Spring 2019' in every
    language, where the months beside it are the paper's ('maj 2020')."""
    from briefpress import chicago, locale
    from briefpress.bib.model import plain
    from briefpress.bib.read import read_text
    bib = read_text("@article{a, author={Vale, Jo}, title={Tides}, journaltitle={Sea}, volume={3}, date={2019-21}}\n",
                    "r.bib")
    with locale.using(language):
        assert plain(chicago.full_note(bib.entries["a"])).endswith(f"Sea 3 ({season})")


def test_a_forthcoming_article_written_in_both_year_and_pubstate_says_so_once():
    """year = {forthcoming} with pubstate = {forthcoming} printed 'J, forthcoming forthcoming'."""
    from briefpress import chicago
    from briefpress.bib.model import plain
    from briefpress.bib.read import read_text
    bib = read_text("@article{a, author={Vale, Jo}, title={Tides}, journal={J}, year={forthcoming},\n"
                    "  pubstate={forthcoming}}\n"
                    "@article{b, author={Vale, Jo}, title={Waves}, journal={J}, year={2024}, pubstate={forthcoming}}\n",
                    "r.bib")
    assert plain(chicago.full_note(bib.entries["a"])) == "Jo Vale, “Tides,” J, forthcoming"
    assert plain(chicago.full_note(bib.entries["b"])) == "Jo Vale, “Waves,” J, forthcoming 2024"


def test_a_comment_line_after_an_entry_s_last_field_is_skipped():
    """'year = 2020' / '% checked' / '}': the comment was read into the year ('2020 % checked', a bib.date and a
    bib.macro warning), where pandoc and biber skip it."""
    from briefpress.bib.read import read_text
    bib = read_text("@article{a,\n  title = {T},\n  author = {Doe, Jane},\n  journal = {J},\n  year = 2020\n"
                    "  % checked\n}\n", "r.bib")
    assert bib.problems == () and bib.entries["a"].get("date") == "2020"
    # a quoted value's line that starts with '%' is the value's text
    bib = read_text('@misc{a,\n  title = {T},\n  note = "at x.org/a\n%20b"\n}\n', "r.bib")
    assert bib.entries["a"].get("note") == "at x.org/a %20b"


@pytest.mark.parametrize("written", ["DOI: 10.5555/tides.1", "https://www.doi.org/10.5555/tides.1",
                                     "doi.org/10.5555/tides.1"])
def test_a_csl_doi_as_exporters_write_it_links_to_its_doi_as_a_bibtex_one_does(written):
    """The BibTeX reader took 'DOI: 10.…' and https://www.doi.org/ as the DOI; a CSL-JSON item's linked to
    https://doi.org/DOI: 10.… with a 'malformed' warning."""
    import json
    from briefpress import chicago
    from briefpress.bib.model import plain
    from briefpress.bib.read import _Text as File
    from briefpress.bib.read import read_bibliographies
    item = {"id": "a", "type": "article-journal", "title": "Tides", "author": [{"family": "Vale", "given": "Jo"}],
            "container-title": "Sea", "issued": {"date-parts": [[2020]]}, "DOI": written}
    bib = read_bibliographies([File("z.json", json.dumps([item]))])
    assert bib.problems == ()
    assert plain(chicago.bibliography_entry(bib.entries["a"])).endswith("Sea, 2020. https://doi.org/10.5555/tides.1.")


def test_a_language_of_three_letters_that_are_not_ascii_is_kept_as_written():
    """language = {срп}: langcodes refused it (LanguageTagError) and every build stopped with an internal
    error; before ISO 639-2 codes were read it was kept as written, as it is again."""
    from briefpress import chicago
    from briefpress.bib.model import plain
    from briefpress.bib.read import read_text
    from briefpress.locale import bcp47
    assert bcp47("срп") == "срп" and bcp47("ger") == "de"
    bib = read_text("@book{a, author={Vale, Jo}, title={Tides}, publisher={P}, year=2020, language={срп}}\n", "r.bib")
    assert plain(chicago.full_note(bib.entries["a"])) == "Jo Vale, Tides (P, 2020)"


def test_a_link_s_reference_definition_is_no_paragraph_text(tmp_path):
    """'[s]: https://…' is no paragraph: pandoc reads a heading or a quote on the next line as one. lint warned
    (heading.no-blank-line) and the '>' was made text; a footnote's definition is text, and still warns."""
    from briefpress.lint import lint_path
    paper = tmp_path / "paper.md"
    paper.write_text("---\ntitle: T\nauthor: A\n---\n\n# One\n\nSee [the site][s].\n\n[s]: https://example.org\n"
                     "# Two\n\nText.[^1]\n\n[^1]: A note\n# Three\n\nEnd.\n")
    found = [(d.code, d.location.line) for d in lint_path(paper) if d.code.startswith("heading.")]
    assert found == [("heading.no-blank-line", 16)]
    html = _html("# A\n\nSee [the site][s].\n\n[s]: https://example.org\n> A quote.\n")[0]
    assert "<blockquote>\n<p>A quote.</p>" in html


def test_a_heading_after_text_is_found_in_a_chapter_holding_unicode_line_separators(tmp_path):
    """The headings are numbered by str.splitlines, which also breaks at U+2028; the masked lines were split at
    '\\n' only, so a line's neighbour was looked up at the wrong index, past the end with enough of them (an
    internal error: lint stopped)."""
    from briefpress.lint import lint_path
    paper = tmp_path / "paper.md"
    paper.write_text("---\ntitle: T\nauthor: A\n---\n\n# One\n\nA" + "\u2028x" * 20 + "\nText\n# Two\n\nEnd.\n",
                     encoding="utf-8")
    assert [d.code for d in lint_path(paper) if d.code.startswith("heading.")] == ["heading.no-blank-line"]
