"""Raw LaTeX in Markdown: the commands papers carry are mapped (references, citations, page breaks, labels,
emphasis); any other command is a warning where it is written and printed as typed; math and code are left alone."""
import re

import pytest

from briefpress import rawlatex
from briefpress.diagnostics import BuildError
from briefpress.lint import lint_path
from briefpress.pipeline import build
from figure_papers import build_all, chapter_xhtml, epubcheck, pdf_pages, png, text_of

X = rawlatex.XREF_MARK


@pytest.mark.parametrize("source,expected", [
    (r"see \autoref{fig:a}.", f"see {X}fig:a"),
    (r"see \cref{fig:a,fig:b}.", f"see [{X}fig:a; {X}fig:b]"),
    (r"Figure \ref{fig:a}.", f"Figure [-{X}fig:a"),
    (r"by \eqref{eq:x}.", f"by ([-{X}eq:x])"),
    (r"as shown \cite{doe2020}.", "as shown [@doe2020"),
    (r"as shown \citep[see][p.~4]{doe2020,roe2019}.", "as shown [see @doe2020;@roe2019, p.\u00a04"),
    (r"\citet[p.~4]{doe2020} says", "@doe2020 [p.\u00a04]"),
    (r"\textcite{doe2020} says", "@doe2020"),
    (r"an \emph{important} and \textbf{bold \emph{nested}} word", "an *important* and **bold *nested*** word"),
    (r"see \url{https://example.org} or \href{https://example.org/a}{the site}",
     "see <https://example.org> or [the site](https://example.org/a)"),
    (r"a claim\footnote{See \emph{the} report \cite{doe2020}.} made", "a claim^[See *the* report [@doe2020"),
])
def test_commands_are_mapped_to_markdown(source, expected):
    # (citations and references are padded with spaces inside their brackets: see the next test)
    assert re.sub(r" +\]", "]", rawlatex.translate(source).replace(rawlatex.PAD, "")).startswith(expected)


def test_citations_and_references_keep_their_length():
    # Same length as typed, so a later diagnostic on the line keeps its column.
    for source in (r"\citep{doe2020}", r"\citet{doe2020}", r"\ref{fig:a}", r"\autoref{fig:a}"):
        assert len(rawlatex.translate(source)) == len(source)


def test_labels_become_ids_and_page_breaks_a_block():
    text = "# Introduction \\label{sec:intro}\n\n![A chart \\label{fig:c}](c.png){width=50%}\n\n\\newpage\n\nText.\n"
    out = rawlatex.translate(text)
    assert out.splitlines() == ["# Introduction {#sec:intro}", "", "![A chart](c.png){#fig:c width=50%}", "",
                                rawlatex.PAGE_BREAK, "", "Text."]


def test_latex_figures_sections_and_escapes_become_markdown():
    text = ("\\section{Introduction}\\label{sec:intro}\nCosts rose 5\\% \\& more\\ldots{} in \\mbox{\\LaTeX}.\n\n"
            "\\begin{figure}[ht]\n  \\centering\n  \\includegraphics[width=0.8\\textwidth]{figs/chart}\n"
            "  \\caption{Spending \\emph{by} year}\n  \\label{fig:spend}\n\\end{figure}\n\n\\subsection*{Notes}\n")
    out = rawlatex.translate(text)
    assert out.count("\n") == text.count("\n")
    assert out.splitlines()[:4] == ["# Introduction {#sec:intro}", "Costs rose 5% & more… in LaTeX.", "",
                                    "![Spending *by* year](figs/chart){#fig:spend width=80%}"]
    assert out.splitlines()[-1] == "## Notes {.unnumbered}"
    assert rawlatex.problems(text, "p.md") == []


def test_a_latex_figure_builds_with_its_number(tmp_path):
    (tmp_path / "figs").mkdir()
    png(tmp_path / "figs" / "chart.png")
    md = tmp_path / "paper.md"
    md.write_text("# Title\n\nAs \\autoref{fig:spend} shows.\n\n\\begin{figure}\n\\includegraphics{figs/chart}\n"
                  "\\caption{Spending by year}\\label{fig:spend}\n\\end{figure}\n")
    assert [d for d in lint_path(md) if d.severity != "info"] == []
    html = build(md, ("html",), tmp_path / "build").outputs["html"].read_text()
    assert "As Figure 1 shows." in text_of(html) and "Figure 1: Spending by year" in text_of(html)


def test_math_and_code_are_left_alone():
    text = ("Inline $\\ref{a} \\alpha$ and $$\\cite{b}$$ and \\(\\textbf{x}\\) and `\\cite{c}`\n\n"
            "```\n\\newpage \\foo\n```\n\n\\begin{equation}\\label{eq:1} x \\end{equation}\n")
    assert rawlatex.translate(text) == text
    assert rawlatex.problems(text, "p.md") == []


def test_unsupported_commands_are_warnings_where_written():
    text = "# Title\n\nSome \\foo{bar} text.\n\n\\begin{figure}\n\\centering\n\\end{figure}\n\\noindent Next.\n"
    found = [(d.severity, d.code, str(d.location)) for d in rawlatex.problems(text, "p.md")]
    assert found == [("warning", "latex.unsupported", "p.md:3:6"), ("warning", "latex.unsupported", "p.md:5:1"),
                     ("info", "latex.layout", "p.md:8:1")]  # \noindent: layout, left out
    assert "\\foo" in rawlatex.problems(text, "p.md")[0].message


PAPER = r"""# LaTeX Habits

## Background \label{sec:bg}

Spending grew \citep[p.~12]{doe2020}, as \citet{roe2019} showed; see \autoref{fig:growth} and
Section \ref{sec:bg}. An \emph{emphasised} and \textbf{strong} phrase, and \textcolor{red}{kept}.

![Growth of spending \label{fig:growth}](g.png){width=40%}

\newpage

After the break.
"""


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    root = tmp_path_factory.mktemp("latex")
    png(root / "g.png")
    (root / "paper.md").write_text(PAPER)
    return root, *build_all(root / "paper.md")


def test_the_paper_lints_with_one_warning(paper):
    found = [(d.severity, d.code, str(d.location)) for d in lint_path(paper[0] / "paper.md", paper[0] / "paper.bib")
             if d.severity != "info"]
    assert found == [("warning", "latex.unsupported", "paper.md:6:76")]


def test_in_every_edition(paper, tmp_path):
    _, result, out = paper
    expected = "see Figure 1 and Section 1. An emphasised and strong phrase, and \\textcolor{red}{kept}."
    html = out["html"]
    assert expected in text_of(html)
    assert "<em>emphasised</em>" in html and "<strong>strong</strong>" in html
    notes = re.findall(r'<li[^>]*id="fn-\d+"[^>]*>.*?</li>', html, re.S)
    assert len(notes) == 2 and "Jane Doe, A Book on Charts" in text_of(notes[0]) and "12." in text_of(notes[0])
    assert "Richard Roe, Numbers in Policy" in text_of(notes[1])
    assert "Spending grew,1 as Roe2 showed" in text_of(html) and "\\cite" not in html
    assert '<div class="page-break" aria-hidden="true"></div>' in html and ".page-break { display: none; }" in html
    assert expected in text_of(chapter_xhtml(out["epub"]))
    assert epubcheck(result.outputs["epub"], tmp_path) == []
    # Print: the page break starts a new page; the citations are notes.
    pages = [" ".join(p.split()) for p in pdf_pages(result.outputs["pdf"].read_bytes())]
    before = next(i for i, p in enumerate(pages) if "Growth of spending" in p)
    after = next(i for i, p in enumerate(pages) if "After the break." in p)
    assert after == before + 1
    assert "Spending grew,1 as Roe2 showed" in pages[before]
    assert "1. Jane Doe, A Book on Charts (Example Press, 2020), 12." in pages[before]


def test_unknown_key_in_a_cite_command_is_reported_at_its_column(tmp_path):
    md = tmp_path / "paper.md"
    md.write_text("# Title\n\nText \\citep{doe2020} and \\cite{nokey}.\n")
    (tmp_path / "paper.bib").write_text("@book{doe2020, author = {Doe, Jane}, title = {T}, date = {2020}}\n")
    found = [(d.code, str(d.location)) for d in lint_path(md, tmp_path / "paper.bib") if d.severity == "error"]
    assert found == [("cite.unknown-key", "paper.md:3:26")]
    with pytest.raises(BuildError):
        build(md, ("html",), tmp_path / "build", tmp_path / "paper.bib")


def test_a_latex_footnote_is_a_note_numbered_with_the_others_unless_it_holds_paragraphs():
    from briefpress.citations import extract_all
    text = "# T\n\nOne.^[First.] Two.\\footnote{Second, with [a bracket].} Three.[^n]\n\n[^n]: Third.\n"
    ex = extract_all(rawlatex.translate(text), "t.md")
    assert [ex.footnotes[r.id].text for r in ex.refs] == ["First.", "Second, with [a bracket].", "Third."]
    kept = "Long.\\footnote{One paragraph.\n\nAnother.} And \\footnote{an ] unbalanced one}."
    assert rawlatex.translate(kept) == kept  # no inline note can hold them: printed as typed, with a warning
    assert [d.code for d in rawlatex.problems(kept, "t.md")] == ["latex.unsupported", "latex.unsupported"]


def test_a_page_break_written_as_html_breaks_the_page(tmp_path):
    # Markdown meant for a browser's print (or wkhtmltopdf) writes its page breaks so; the style was dropped
    (tmp_path / "paper.md").write_text("---\ntitle: Breaks\nauthor: A. Writer\ndate: 2026-01-01\n---\n\n# One\n\n"
                                       "Before.\n\n<div style=\"page-break-after: always;\"></div>\n\nAfter.\n\n"
                                       "<p style=\"break-before: page\">Own page.</p>\n")
    pages = pdf_pages(build(tmp_path / "paper.md", ("pdf",), tmp_path / "out").outputs["pdf"])
    before = next(i for i, p in enumerate(pages) if "Before." in p)
    assert "After." in pages[before + 1] and "Own page." in pages[before + 2]
