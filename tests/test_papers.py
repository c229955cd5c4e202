"""Papers in the shapes people write (JOSS, Quarto, R Markdown, arXiv, a policy brief, pandoc's
extensions, Zotero/JabRef/CSL-JSON bibliographies), each built with ``briefpress build paper.md``
to PDF, EPUB and HTML: exit 0, EPUBCheck clean, the key text in every edition, and only the
diagnostics each paper is known to earn. The papers are ours (tests/fixtures/papers/)."""
import io
import re
import shutil
from pathlib import Path

import pytest

from conftest import require
from outputs import NS, epub_files, epubcheck_problems, html_tree, pdf_pages_text, xhtml

PAPERS = Path(__file__).parent / "fixtures" / "papers"

# paper -> (extra CLI arguments, strings every edition prints, warning codes it earns)
CASES = {
    "joss": ([], ["Statement of need", "tidepool.read()", "Harwood, Penelope", "Lindqvist", "Okafor",
                  "Coastal Data Lab"], set()),
    "quarto": ([], ["Figure 1 shows the landings", "Table 1 lists the fleets", "About the data",
                    "Two months of data are missing", "Reproduce", "pd.read_csv",
                    "not run for this edition"], {"quarto.chunk-output"}),
    "rmarkdown": ([], ["summarise(mean_minutes", "nrow(survey)", "Delacroix, Hélène"], {"quarto.inline-code"}),
    "arxiv": ([], ["Section 2 defines", "Figure 1 shows the degrees", "Expander graphs", "Hoory, Shlomo",
                   "Apply Markov"], set()),
    "policy": ([], ["Failed tests by district", "Fund one free test", "Figure 1 shows failures",
                    "When was your well last tested", "Water Quality Agency",
                    "(2022): 14–15"], set()),
    "kitchen": ([], ["Catchment", "The land that drains", "set in small capitals", "struck out",
                     "As (2) shows", "The second example", "☐ check the gauges", "☒ read the manual",
                     "Was written on a hill", "holding bold text", "with a bare class name",
                     "Hidden text that still prints", "with Markdown inside"], set()),
    "citations": ([], ["Müller, Jörg", "Güler, Ayşe", "Kowalczyk, Zofia", "Paying for Protection",
                       "Flood Risk Management"], set()),
    "csljson": ([], ["Ito, Haruka", "The Library After Hours", "Grades rose slightly",
                     "Ito and Brown, “Study Spaces and Academic Performance.”"], set()),
    "jabref": ([], ["Haddad, Karim", "Peters, Anke", "Parking and Retail", "Earlier studies"], set()),
    "hashtwo": (["--bib", "{dir}/paper.bib"], ["Street trees and summer heat",
                "What we found", "Ruiz, Carmen"], set()),
    "german": ([], ["Einleitung", "Schulz, Matthias", "Wohnen in der Mittelstadt", "Literatur"], set()),
    "workingpaper": ([], ["Office demand fell by 19%", "Table 1", "Statistics Office", "Appendix A",
                          "Main result:"], set()),
    # the constructs of a conformance sweep against pandoc 3.9 (tests/test_pandoc_conformance.py)
    "sweep": ([], ["Library Hours and Visits†‡", "Nadia Kerr§", "† Prepared for the Example Libraries Forum",
                   "§ Nadia Kerr is a research fellow", "Autumn 2024", "at length.2", "12 & n.4", "204 (table 2)",
                   "5 * 3 = 15, a <tag> and a_b", "Table 1 gives the counts", "Listing 1 the code",
                   "Section 1 the story", "Listing 1: Counting the visits", "20 def weekly",
                   "Listing 2: The same in SQL", "Listing 1 and Listing 2 agree (the method, a note)", "and (1) sums to one",
                   "Table 1: Weekly visits by branch", "A definition marked with a tilde", "Counts are weekly"],
              {"metadata.date"}),
    # Better BibLaTeX's shapes and pandoc forms that printed wrongly (tests/test_papers_forms.py)
    "harbour": ([], ["As Lindqvist2 put it", "see Brown3 for the model", "(a) The quay", "(b) The dock",
                     "Figure 1: Two berths of the harbour", "Figure 1(b) is the newer one", "Critics met in Rotterdam",
                     "arXiv Preprint, 2019", "(Sea House, forthcoming)", "Quay Quarterly 7 (Spring 2019)",
                     "Harbour Studies 4 (March–May 2021): 12", "Harbour dues rose",
                     "The winter view of Field", "Field, Sam. ‘Winter Berths’.",  # lang: en-GB "https://doi.org/10.5555/qq.2019.7",
                     "for ratios > 2 above all", "North 2.4"], set()),
}
@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Each paper built once (with the CLI, in-process): name -> (exit code, messages, outputs)."""
    from briefpress.cli import main
    cache = {}

    def get(name):
        if name not in cache:
            tmp = tmp_path_factory.mktemp(name)
            shutil.copytree(PAPERS / name, tmp / name)
            args = [arg.format(dir=tmp / name) for arg in CASES[name][0]]  # {dir}: the copied paper's folder
            out, err = io.StringIO(), io.StringIO()
            code = main(["build", "--format", "all", "--out", str(tmp / "out"), *args, str(tmp / name / "paper.md")],
                        stdout=out, stderr=err)
            files = {p.suffix[1:]: p for p in (tmp / "out").glob("*.*") if p.suffix in (".pdf", ".epub", ".html")}
            cache[name] = (code, out.getvalue() + err.getvalue(), files)
        return cache[name]
    return get


def _bare(text: str) -> str:
    """Text without spaces, hyphens and soft hyphens: words the PDF split across lines still match."""
    return re.sub(r"[\s\u00ad\u2010\x02-]", "", text)


@pytest.mark.parametrize("name", list(CASES))
def test_paper_builds_to_all_three_editions(name, built, tmp_path):
    code, messages, files = built(name)
    assert code == 0, messages
    assert "Traceback" not in messages
    _, strings, warnings = CASES[name]
    assert set(re.findall(r": warning: .*\[([\w.-]+)\]", messages)) == warnings, messages
    pdf = _bare(" ".join(pdf_pages_text(files["pdf"])))
    html = _bare(html_tree(files["html"]).xpath("string(//body)"))
    chapters = epub_files(files["epub"])
    epub = _bare(" ".join(xhtml(data).xpath("string(//x:body)", namespaces=NS)
                          for path, data in sorted(chapters.items()) if path.endswith(".xhtml")))
    for s in strings:
        assert _bare(s) in pdf, f"PDF lacks {s!r}"
        assert _bare(s) in html, f"HTML lacks {s!r}"
        assert _bare(s) in epub, f"EPUB lacks {s!r}"
    require(shutil.which("java"), "Java for EPUBCheck (Debian: default-jre-headless)")
    assert epubcheck_problems(files["epub"], tmp_path) == []


def test_raw_blocks_shortcodes_and_letter_lists_are_read_as_pandoc_reads_them():
    """Raw HTML and LaTeX are read (LaTeX through rawlatex: \\newpage is a page break), another format's
    raw block or span is left out with a note at its place, {{< pagebreak >}} is a page break, an
    unknown shortcode is warned and kept; a) b) is a list, "A. Smith" a sentence."""
    from briefpress.citations import extract_all
    from briefpress.markdown_ext import render_chapter
    from briefpress.pandoc_text import problems
    text = ("# A\n\n```{=latex}\n\\newpage\n```\n\nSee `<b>bold</b>`{=html} and `.ft B`{=ms} here.\n\n"
            "{{< pagebreak >}}\n\n```{=openxml}\n<w:p/>\n```\n\n{{< video https://example.org/v >}}\n\n"
            "a) first\nb) second\n\nAs @{smith2020} says. A. Smith wrote this.\n")
    found = [(d.code, d.location.line, d.location.col) for d in problems(text, "p.md")]
    assert found == [("pandoc.other-format", 11, 1), ("pandoc.other-format", 7, 30), ("pandoc.unsupported", 15, 1)]
    html = render_chapter(extract_all(text, "p.md").text, 1)[0]
    assert html.count('class="page-break"') == 2 and "<b>bold</b>" in html
    for gone in ("newpage", ".ft B", "w:p", "pagebreak", "{=", "`"):
        assert gone not in html, gone
    assert "video https://example.org/v" in html
    assert re.search(r'<ol class="lower-alpha rparen" type="a">\s*<li[^>]*>first</li>\s*<li[^>]*>second</li>', html)
    assert re.search(r"<p[^>]*>As .*A\. Smith wrote this\.</p>", html)
    assert "@{smith2020}" not in html  # a braced key is a citation (tests/test_braced_keys.py)


def test_example_lists_unnumbered_shorthand_and_hash_markers():
    from briefpress.citations import extract_all
    from briefpress.markdown_ext import render_chapter
    text = "# A {-}\n\n(@) One.\n(@two) Two.\n\nText (@two) and `(@two)`.\n\n(@) Three.\n\nEnd.\n\n#. x\n#. y\n"
    ex = extract_all(text, "p.md")
    assert ex.citations == ()
    html = render_chapter(ex.text, 1)[0]
    assert "data-number" not in html.split("</h1>")[0]
    assert "Text (2) and <code>(@two)</code>" in html
    assert '<ol class="example" start="3" type="1">' in html and "<li>x</li>" in html


def test_backslash_space_and_not_a_figure_as_in_pandoc():
    from briefpress.citations import extract_all
    from briefpress.markdown_ext import render_chapter
    text = "# A\n\nDr.\\ Smith, `a\\ b` and $a\\ b$.\n\n![Alt text](x.png)\\\n\n![Caption](y.png)\n"
    html = render_chapter(extract_all(text, "p.md").text, 1)[0]
    assert "Dr.\u00a0Smith" in html and "<code>a\\ b</code>" in html and "\\" not in html.split("<code>")[0]
    assert re.search(r'<p class="image"><img alt="Alt text" src="x.png"></p>', html)
    assert html.count("<figure") == 1 and "<figcaption>Caption</figcaption>" in html


def test_harbour_prints_no_layout_command_and_no_span_attributes(built):
    """What printed as typed before: '\\noindent', '\\begin{center}', '{.suppress-author}' (tests/test_papers_forms.py).
    (Its heading with an in-text citation stopped the build: the bookmarks held the name, the TOC did not.)"""
    code, messages, files = built("harbour")
    text = " ".join(pdf_pages_text(files["pdf"])) + html_tree(files["html"]).xpath("string(//body)")
    for gone in ("\\noindent", "\\vspace", "\\begin", "\\end", "{.", "suppress-author", "ArXiv", "|-", "DOI:"):
        assert gone not in text, gone
    assert messages.count("[latex.layout]") == 3


def test_a_paper_of_every_construct_passes_ace_by_daisy(built, tmp_path):
    """Figures, tables, code, math, notes, a single file without an ISBN: the EPUB Ace checks is not only the
    KCSS paper's (a page list without a named source failed here: epub-pagesource)."""
    from conftest import ace_report
    code, _, files = built("kitchen")
    assert code == 0 and ace_report(files["epub"], tmp_path) == ("pass", [])
