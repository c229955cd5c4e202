"""Papers written with other tools that hand Markdown to pandoc (MyST / Jupyter Book, Obsidian, Zettlr,
MultiMarkdown, Google Docs, Notion) and papers in other scripts: each builds or is refused with a
diagnostic at its place saying what to write instead. The fixtures are ours
(tests/fixtures/papers/dialects/)."""
from pathlib import Path

import pytest

from briefpress.lint import lint_path

DIALECTS = Path(__file__).parent / "fixtures" / "papers" / "dialects"


def _lint(name: str, bib: str = "refs.bib"):
    return lint_path(DIALECTS / name, bibs=[DIALECTS / bib])


@pytest.mark.parametrize("name, script, font, line", [("rtl.md", "Arabic", "Noto Naskh Arabic", 2),
                                                       ("hebrew.md", "Hebrew", "Noto Serif Hebrew", 2),
                                                       ("cjk.md", "CJK", "Noto Serif CJK", 2)])
def test_a_paper_in_a_script_the_theme_lacks_is_one_error_at_its_title(name, script, font, line):
    """One error for the script (not one per letter), at the front matter's title, naming a font."""
    missing = [d for d in _lint(name) if d.code == "glyph.missing"]
    assert len(missing) == 1
    assert (missing[0].location.path, missing[0].location.line) == (name, line)
    assert f"the {script} script" in missing[0].message and font in missing[0].message
    assert "fonts.fallback" in missing[0].message
    assert ("'dir: rtl' is not read" in missing[0].message) == (script != "CJK")


def test_google_docs_export_builds_with_its_escapes_and_embedded_image(tmp_path):
    """Google Docs' 'Download as Markdown': '1\\.' in a heading, '\\(' around words, an image as a
    reference to a data: URL. Built as pandoc reads them: the heading's TOC entry and bookmark say
    '1. Introduction' (the escape was a placeholder there, so the bookmark check failed), the
    parentheses are text (they were math), the image is a figure (the data: definition was refused)."""
    import io
    import re

    import pypdfium2
    from briefpress.cli import main
    out, err = io.StringIO(), io.StringIO()
    code = main(["build", "--format", "all", "--out", str(tmp_path), "--bib", str(DIALECTS / "refs.bib"),
                 str(DIALECTS / "gdocs.md")], stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    assert "html.tag-removed" not in err.getvalue() and "link.active-url" not in err.getvalue()
    html = (tmp_path / "island-commuting-in-winter.html").read_text()
    toc = re.search(r'<li class="toc-level-1">(.*?)</li>', html).group(1)
    assert re.sub(r"<[^>]+>", "", toc) == "1 1. Introduction"
    assert "(see the table)" in html and "<math" not in html
    assert re.search(r'<img alt="A map of the two routes" src="data:image/png;base64,', html)
    pdf = pypdfium2.PdfDocument(str(tmp_path / "island-commuting-in-winter.pdf"))
    assert [b.get_title() for b in pdf.get_toc()] == ["1 1. Introduction"]


def test_an_image_reference_without_alt_text_is_an_error_at_its_place(tmp_path):
    """'![][image1]' (Google Docs) was caught only after layout, by WeasyPrint, with no place."""
    paper = tmp_path / "paper.md"
    paper.write_text("# A\n\nText.\n\n![][image1]\n\n[image1]: <data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB"
                     "CAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==>\n")
    found = [(d.code, str(d.location)) for d in lint_path(paper) if d.severity == "error"]
    assert found == [("image.alt", "paper.md:5:1")]


def test_a_data_image_that_does_not_decode_is_an_error_and_other_data_links_stay_refused(tmp_path):
    paper = tmp_path / "paper.md"
    paper.write_text("# A\n\n![A dot](data:image/png;base64,iVBORw0KGgo)\n\n[page]: <data:text/html;base64,PHA+>\n")
    found = [(d.code, d.location.line) for d in lint_path(paper) if d.severity == "error"]
    assert sorted(found) == [("image.invalid", 3), ("link.active-url", 5)]


@pytest.mark.parametrize("tex, math", [(r"\(see the table\)", []), (r"\(EUR\)", []), (r"\(für alle\)", []),
                                       (r"\(x@y\)", ["x@y"]), (r"\(\alpha\)", [r"\alpha"]),
                                       (r"\(n = 3 items\)", ["n = 3 items"]), (r"\(ms\)", ["ms"])])
def test_escaped_parentheses_around_words_are_text_as_pandoc_reads_them(tex, math):
    from briefpress.mathspans import find_math
    assert [s.tex for s in find_math(f"Costs {tex} rose.")] == math


def test_notion_export_builds_with_an_image_whose_alt_text_is_its_file_name(tmp_path):
    """Notion writes '![ferry.png](ferry.png)': the image's file name was replaced in alt= instead of
    src=, and WeasyPrint's fetch of the file it may not read ended the build with a traceback."""
    import io

    from briefpress.cli import main
    out, err = io.StringIO(), io.StringIO()
    code = main(["build", "--format", "all", "--out", str(tmp_path), "--bib", str(DIALECTS / "refs.bib"),
                 str(DIALECTS / "notion.md")], stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    html = (tmp_path / "harbour-notes.html").read_text()
    assert '<img alt="ferry.png" src="data:image/png;base64,' in html
    assert "Callouts from Notion come out as aside blocks." in html and "Deeper point" in html


def test_an_exception_outside_exception_is_still_an_internal_error(tmp_path, monkeypatch):
    """WeasyPrint's FatalURLFetchingError derives from BaseException: it was a traceback and exit 1."""
    import io

    from briefpress.cli import main

    class Fatal(BaseException):
        pass

    def bug(*args, **kwargs):
        raise Fatal("fetching failed")
    monkeypatch.setattr("briefpress.cli.run", bug)
    err = io.StringIO()
    assert main(["build", str(DIALECTS / "notion.md")], stdout=io.StringIO(), stderr=err) == 3
    assert err.getvalue().startswith("briefpress: internal error: Fatal: fetching failed")


def _dialect(name: str, bib: str = "refs.bib"):
    return [(d.code, d.location.line, d.location.col, d.message) for d in _lint(name, bib)
            if d.code.startswith("dialect.")]


def test_myst_markup_is_a_warning_at_its_place_saying_what_to_write():
    found = _dialect("myst.md")
    at = {(line, col): message for _, line, col, message in found}
    assert {code for code, *_ in found} == {"dialect.myst"}
    assert "'# Heading {#sec-intro}'" in at[(6, 1)]
    assert "'[@lund2019]'" in at[(9, 36)] and "'[@sato2021]'" in at[(10, 1)]
    assert "'@sec-method'" in at[(10, 25)] and "'@fig-ferry'" in at[(10, 47)]
    assert "'::: {.callout-note}'" in at[(12, 1)] and "title=\"Check the dates\"" in at[(16, 1)]
    assert "'![Caption](file.png){#fig-name}'" in at[(20, 1)]
    assert "{#eq-demand}" in at[(32, 19)] and "'@eq-demand'" in at[(34, 5)]
    assert "'```python'" in at[(41, 1)] and "$$ … $$" in at[(45, 1)]
    assert len(found) == 14


def test_obsidian_markup_is_a_warning_at_its_place_and_its_front_matter_is_accepted():
    diagnostics = _lint("obsidian.md", "refs.json")
    assert not [d for d in diagnostics if d.code == "metadata.unknown"]  # aliases:, tags: lists
    found = sorted((code, line, col) for code, line, col, _ in _dialect("obsidian.md", "refs.json"))
    assert found == [("dialect.obsidian", 12, 5), ("dialect.obsidian", 12, 30), ("dialect.obsidian", 13, 1),
                     ("dialect.obsidian", 13, 66), ("dialect.obsidian", 15, 1), ("dialect.obsidian", 18, 1),
                     ("dialect.obsidian", 21, 1), ("dialect.obsidian", 23, 1), ("dialect.obsidian", 28, 1),
                     ("dialect.obsidian", 30, 1)]
    messages = " ".join(m for *_, m in _dialect("obsidian.md", "refs.json"))
    assert "'[rare]{.mark}'" in messages and "'<!-- … -->'" in messages and "'![Description](ferry.png)'" in messages
    assert '::: {.callout-note title="Winter schedule"}' in messages


def test_multimarkdown_markup_is_a_warning_at_its_place():
    found = [(line, col, message) for _, line, col, message in _dialect("mmd.md")]
    assert [(line, col) for line, col, _ in found] == [(1, 1), (9, 71), (10, 13), (18, 1)]
    assert "YAML front matter" in found[0][2] and "'[@lund2019]'" in found[1][2]
    assert "'[@sato2021, p. 44]'" in found[2][2] and "': Caption {#tbl-name}'" in found[3][2]


def test_no_dialect_warning_where_pandoc_markdown_means_what_it_says(tmp_path):
    """Quarto chunks, grid tables' '==', a '%' in math, a link's [text][ref], an '(a)=' inside code."""
    paper = tmp_path / "paper.md"
    paper.write_text("# A\n\n```{r}\nx <- 1\n```\n\n+---+---+\n| a | b |\n+===+===+\n| 1 | 2 |\n+---+---+\n\n"
                     "A [link][ref] and x == y in prose, 50% and 20%.\n\n```\n(a)=\n{cite}`k`\n```\n\n"
                     "[ref]: https://example.org\n")
    assert [d for d in lint_path(paper) if d.code.startswith("dialect.")] == []


def test_a_line_of_tags_is_text_not_a_section_as_in_pandoc():
    """Obsidian's '#ferries #winter' and '#42 is open': pandoc wants a space after '#' for a heading;
    Python-Markdown made each a numbered section."""
    from briefpress.markdown_ext import render_chapter
    html, headings = render_chapter("# Intro\n\nText.\n\n#ferries #winter\n\n#42 is open.\n\n##Tight\n\n## Spaced\n")
    assert [h.title_text for h in headings] == ["Intro", "Spaced"]
    assert "<p>#ferries #winter</p>" in html and "<p>#42 is open.</p>" in html and "<p>##Tight</p>" in html


def test_google_docs_links_into_the_document_reach_the_heading_of_their_text(tmp_path):
    """Google Docs' table of contents links '#heading=h.…', ids its export leaves out: the link.anchor
    error refused what pandoc builds. Now each goes to the heading of its text; one whose text names
    no heading is still an error, saying what the link is."""
    import io

    from briefpress.cli import main
    paper = tmp_path / "paper.md"
    paper.write_text("---\ntitle: Notes\n---\n\n[Introduction](#heading=h.gjdgxs)\n\n[2. The Method](#heading=h.30j0zll)"
                     "\n\n# Introduction\n\nText.\n\n# 2. The Method\n\nText.\n")
    err = io.StringIO()
    assert main(["build", "--format", "html", "--out", str(tmp_path / "out"), str(paper)],
                stdout=io.StringIO(), stderr=err) == 0, err.getvalue()
    html = (tmp_path / "out" / "notes.html").read_text()
    assert '<a href="#introduction">Introduction</a>' in html and '<a href="#2-the-method">2. The Method</a>' in html
    paper.write_text("# A\n\nSee [the annex](#heading=h.xyz).\n")
    found = [(d.code, str(d.location), d.message) for d in lint_path(paper) if d.severity == "error"]
    assert len(found) == 1 and found[0][:2] == ("link.anchor", "paper.md:3:5") and "Google Docs" in found[0][2]


def test_pandocs_title_block_is_the_title_authors_and_date(tmp_path):
    """'% Title' / '% Author; Author' / '% Date' opening a file (pandoc's own title block, as MultiMarkdown
    converters and older papers write it) was printed as a paragraph and the title taken from the file name."""
    from briefpress.project import load_project
    paper = tmp_path / "paper.md"
    paper.write_text("% Island Commuting\n  in Winter\n% Maren Lund; Tobi Okoye\n% March 2024\n\n# One\n\nText.\n")
    project = load_project(paper)
    meta = project.metadata
    assert (meta.title, [a.name for a in meta.authors]) == ("Island Commuting in Winter", ["Maren Lund", "Tobi Okoye"])
    assert "2024" in str(meta.date) and "%" not in project.chapters[0].text
    assert project.chapters[0].text.count("\n") == paper.read_text().count("\n")  # lines kept for diagnostics


def test_more_myst_jupytext_typora_and_obsidian_lines_are_warnings(tmp_path):
    paper = tmp_path / "paper.md"
    paper.write_text("---\ntitle: T\nkernelspec:\n  name: python3\njupytext:\n  formats: md:myst\n---\n\n+++\n\n"
                     "% a comment\n\n# Start\n\nThe ferry leaves {{ place }} at dawn.\n\n````{tab-set}\n```{tab-item} One\n"
                     "A.\n```\n````\n\n[TOC]\n\nA paragraph with a block id. ^blk-1\n")
    diagnostics = lint_path(paper)
    assert not [d for d in diagnostics if d.code == "metadata.unknown"]  # kernelspec, jupytext: ignored, a note
    found = sorted((d.location.line, d.location.col, d.message) for d in diagnostics if d.code.startswith("dialect."))
    assert [(line, col) for line, col, _ in found] == [(9, 1), (11, 1), (15, 18), (17, 1), (18, 1), (23, 1), (25, 30)]
    assert "'{{ place }}'" in found[2][2] and "'::: {.panel-tabset}'" in found[3][2] and "'^blk-1'" in found[6][2]


@pytest.mark.parametrize("name, bib", [("myst.md", "refs.bib"), ("obsidian.md", "refs.json"), ("mmd.md", "refs.bib")])
def test_papers_in_other_dialects_build_to_all_three_editions_with_their_warnings(name, bib, tmp_path):
    import io

    from briefpress.cli import main
    err = io.StringIO()
    code = main(["build", "--format", "all", "--out", str(tmp_path), "--bib", str(DIALECTS / bib), str(DIALECTS / name)],
                stdout=io.StringIO(), stderr=err)
    assert code == 0, err.getvalue()
    assert {".epub", ".html", ".pdf"} <= {p.suffix for p in tmp_path.glob("*.*")}
    assert f"[dialect.{name.split('.')[0]}]" in err.getvalue()


def test_myst_directives_print_as_callouts_figures_math_and_code(tmp_path):
    """pandoc prints ```{note} as code and ```{figure} ferry.png as text whose closing fence opens a code
    block that swallows the paper up to the next fence; the built MyST paper prints them as what they mean."""
    import io

    from briefpress.cli import main
    err = io.StringIO()
    assert main(["build", "--format", "html", "--out", str(tmp_path), "--bib", str(DIALECTS / "refs.bib"),
                 str(DIALECTS / "myst.md")], stdout=io.StringIO(), stderr=err) == 0, err.getvalue()
    html = (tmp_path / "ferries-and-island-commuting.html").read_text()
    assert '<div class="callout callout-note" role="note">' in html and "<strong>Check the dates</strong>" in html
    assert '<figure class="figure" id="fig-ferry" data-number="1"><img alt="A ferry at the pier."' in html
    assert 'style="width: 50%"' in html and '<div class="math display" id="eq-two" data-number="1">' in html
    assert "```" not in html and ":name:" not in html and "quarto.not-run" not in err.getvalue()
    # the text after the figure is not swallowed into code; '(sec-method)=' is the heading's id
    assert '<h1 data-number="2" id="sec-method">' in html and "(sec-intro)=" not in html


def test_myst_rewrite_keeps_every_line_and_leaves_code_and_unclosed_fences_alone():
    from briefpress.dialect_rewrite import rewrite
    text = ("```python\n```{note}\n```\n\n```{figure} a.png\n:name: fig-a\n\nA caption\nover lines.\n```\n\n"
            "```{figure} b.png\nno closing fence\n")
    out = rewrite(text)
    assert out.split("\n") == ["```python", "```{note}", "```", "", "", "", "", "![A caption",
                               "over lines.](a.png){#fig-a}", "", "", "```", "no closing fence", ""]
    assert rewrite("(sec-a)=\n\n# A\n\n(b)=\n# B {#bee}\n\n(c)=\ntext\n").split("\n") == [
        "", "", "# A {#sec-a}", "", "(b)=", "# B {#bee}", "", "(c)=", "text", ""]


def test_emoji_the_theme_lacks_are_one_error(tmp_path):
    """Notion writes emoji as page icons and in callouts: one error for them all, not one per emoji."""
    paper = tmp_path / "paper.md"
    paper.write_text("# A\n\n\U0001F4A1 An idea, a \U0001F6A2 ferry and \U0001F4A1 again.\n\nOne alone: \U00010000.\n")
    missing = sorted((d for d in lint_path(paper) if d.code == "glyph.missing"), key=lambda d: d.location.line)
    assert [str(d.location) for d in missing] == ["paper.md:3:1", "paper.md:5:12"]
    assert missing[0].message.startswith("emoji (2: \U0001F4A1 \U0001F6A2) are in no font") and "Noto Emoji" in missing[0].message
    assert "U+10000" in missing[1].message


def test_a_project_whose_title_is_in_a_script_the_theme_lacks_names_its_metadata_line(tmp_path):
    from fixture_papers import write_project
    root = write_project(tmp_path)
    meta = root / "manuscript" / "metadata.yaml"
    meta.write_text(meta.read_text().replace('title: "Formulas, Listings and Symbols"', 'title: "מעבורות בחורף"'))
    missing = [d for d in lint_path(root) if d.code == "glyph.missing"]
    assert len(missing) == 1 and "the Hebrew script" in missing[0].message
    assert (missing[0].location.path, missing[0].location.line) == ("manuscript/metadata.yaml", 1)


def test_obsidian_callouts_print_as_callouts_and_its_comments_are_left_out(tmp_path):
    import io

    from briefpress.cli import main
    err = io.StringIO()
    assert main(["build", "--format", "html", "--out", str(tmp_path), "--bib", str(DIALECTS / "refs.json"),
                 str(DIALECTS / "obsidian.md")], stdout=io.StringIO(), stderr=err) == 0, err.getvalue()
    html = (tmp_path / "harbour-notes.html").read_text()
    assert '<div class="callout callout-note" data-title="Winter schedule" role="note">' in html
    assert "<strong>Folded</strong>" in html and "[!" not in html and "<blockquote" not in html
    assert "%%" not in html and "for me only" not in html and "block comment" not in html
    assert "Only two crossings run after dark." in html and "Hidden until opened." in html


def test_obsidian_rewrite_keeps_lines_and_leaves_a_callout_at_the_end_of_the_file_a_quotation():
    from briefpress.dialect_rewrite import rewrite
    text = "A %%private%% word.\n\n> [!tip] Title\n> body\n\n```\n%%code%%\n```\n\n> [!note]\n> last"
    assert rewrite(text).split("\n") == ["A             word.", "", '::: {.callout-tip title="Title"}', "  body", ":::",
                                         "```", "%%code%%", "```", "", "> [!note]", "> last"]


def test_tex_comments_in_display_math_are_kept_and_math_and_html_comments_give_no_warning(tmp_path):
    """'%%' is a TeX comment in math (two of them made one Obsidian comment that blanked 'y = 2' out of the
    equation); '[[', '==', '% ' in math and anything in an HTML comment are not Obsidian's or MyST's."""
    from briefpress.dialect_rewrite import rewrite
    text = "$$\nx = 1 %% first\ny = 2 %% second\n$$\n\nA <!-- %%draft%% --> b.\n"
    assert rewrite(text) == text
    paper = tmp_path / "paper.md"
    paper.write_text("# A\n\n" + text + "\nWith $[[a,b]]$ and $x ==y== z$.\n\n$$\n% a TeX comment\n[[x]] ==y==\n$$\n\n"
                     "<!-- (sec)= [[hidden]] ==hl== {{ name }} -->\n\n$$ x = 1 $$ (eq1)\n")
    found = [(d.location.line, d.location.col) for d in lint_path(paper) if d.code.startswith("dialect.")]
    assert found == [(19, 13)]  # the MyST equation label after '$$', still read


def test_a_myst_directive_shown_inside_a_code_block_is_no_warning(tmp_path):
    """A paper showing MyST in a '````markdown' block: rewrite leaves it code, so no warning says it is
    printed as a callout; a directive after the block still is one."""
    paper = tmp_path / "paper.md"
    paper.write_text("# A\n\n````markdown\n```{note}\nAn example\n```\n````\n\n~~~\n:::{warning}\n:::\n~~~\n\n"
                     "```{note}\nReal\n```\n")
    found = [(d.location.line, d.location.col) for d in lint_path(paper) if d.code.startswith("dialect.")]
    assert found == [(14, 1)]


def test_code_spans_and_html_comments_are_found_in_linear_time():
    """A line of 20,000 backticks took dialects' code-span pattern 100 s (its run matched every length
    back: it also took a run of two for a span of one), and 20,000 unclosed '<!--' each searched to the end."""
    from briefpress import dialect_rewrite
    assert dialect_rewrite.masked("`" * 20000) == "`" * 20000  # no code span: the run is unclosed
    # pandoc's (CommonMark's) spans: a run of two closes only a run of two
    assert dialect_rewrite.masked("a `x` b ``y`z`` c `unclosed ``d``") == "a " + " " * 3 + " b " + " " * 7 + " c `unclosed " + " " * 5
    assert dialect_rewrite.masked("<!-- a --> b\n" + "<!--" * 20000) == "           b\n" + "<!--" * 20000
    assert dialect_rewrite.CODE.search("`" * 20000) is None


def test_an_indented_directive_callout_or_toc_is_placed_at_its_first_mark():
    """file:line:col at the fence, the '>' and the '[', not at the indent before them."""
    from briefpress.dialects import problems
    text = "# A\n\n   ```{note}\n   Text\n   ```\n\n  > [!tip] T\n  > body\n\n [TOC]\n"
    assert sorted((d.location.line, d.location.col) for d in problems(text, "paper.md")) == [(3, 4), (7, 3), (10, 2)]


def test_a_link_whose_text_is_in_brackets_is_no_wikilink(tmp_path):
    """'[[1]](#ftnt1)' (Google Docs' footnote marks) and '[[2]][r]' are links pandoc reads, with the text
    '[1]'; '[[Wiki]]' and '[[A]][[B]]' are still Obsidian's."""
    paper = tmp_path / "paper.md"
    paper.write_text("# A\n\nSee [[1]](#a) and [[2]][r], [[Wiki]] and [[A]][[B]].\n\n[r]: https://example.org\n")
    found = [d.location.col for d in lint_path(paper) if d.code == "dialect.obsidian"]
    assert found == [29, 42, 47]


def test_unclosed_directive_fences_are_read_in_linear_steps(monkeypatch):
    """6,000 unclosed '```{note}' took lint 14 s: each looked for its closing fence through the rest of the
    file, and the file's code blocks were found three times. Counted in lines read, not timed."""
    from briefpress import dialects

    class Counted(list):
        reads = 0

        def __getitem__(self, k):
            Counted.reads += 1
            return super().__getitem__(k)

    lines = Counted(["```{note}"] * 3000 + ["```"])
    assert dialects._in_code(lines) == set()
    assert Counted.reads < 20 * len(lines)
    calls = []
    monkeypatch.setattr(dialects, "fences_blanked", lambda text: calls.append(text) or text)
    dialects.problems("# A\n\n$$ x $$ (eq1)\n", "paper.md")
    assert len(calls) == 1


def test_a_paragraph_line_wrapped_before_a_percent_sign_is_no_myst_comment(tmp_path):
    """'Rates rose 40' then '% of the total.' is one paragraph (pandoc's, and the advice to delete it was
    wrong); a '%' line after a blank line, or after another, is still MyST's comment."""
    paper = tmp_path / "paper.md"
    paper.write_text("# A\n\nRates rose 40\n% of the total.\n\n% a comment\n% more\n\nText.\n")
    assert [d.location.line for d in lint_path(paper) if d.code == "dialect.myst"] == [6, 7]
