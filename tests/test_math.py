"""Math: pandoc's TeX math rules, MathML in the EPUB and web edition, SVG in the PDF, numbered equations."""

import re

import lxml.etree
import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from briefpress import mathlayout, mathspans, mathtex
from briefpress.citations import extract_all
from briefpress.markdown_ext import render_chapter
from fixture_papers import page_texts, sampler, sampler_epubcheck  # noqa: F401 (fixtures)

MATHML = "{http://www.w3.org/1998/Math/MathML}"


def tex(text):
    return [(s.tex, s.display) for s in mathspans.find_math(text)]


def test_dollar_rules_follow_pandoc():
    assert tex("costs $20 and $30 today") == []  # closing $ followed by a digit
    assert tex("a $ x$ b") == [] and tex("a $x $ b") == []  # space after the opening / before the closing $
    assert tex(r"escaped \$x\$ here") == []
    assert tex("a $x$ b $$y$$ c") == [("x", False), ("y", True)]
    assert tex("\\(a\\) and\n\\[b\\]") == [("a", False), ("b", True)]
    assert tex(r"the text \[sic\] goes on") == []  # mid-line, '\[' is Markdown's escaped bracket
    assert tex("a $x\n\ny$ b") == []  # never across a paragraph break
    assert tex("`$x$` and\n```\n$y$\n```\n<!-- $z$ -->") == []  # code and comments
    assert tex("[a](https://x.org/$p$) <https://x.org/$q$>") == []  # link targets
    assert tex("$a<b$ and $c>d$") == [("a<b", False), ("c>d", False)]
    assert tex("Text.\n\n    $x$ indented code\n\n- item\n\n    $y$ continues the item\n") == [("y", False)]


def test_escaped_dollar_prints_a_dollar():
    html, _ = render_chapter("# T\n\nA \\$5 fee, \\$x\\$ and $y$.\n", 1)
    assert "A $5 fee, $x$ and <span class=\"math inline\">" in html


def test_environments_and_labels_choose_numbering():
    spans = mathspans.find_math("\\begin{equation}\nE=mc^2\n\\end{equation}\n\n\\begin{equation*}a\\end{equation*}\n\n"
                              "$$b$$ {#eq:bee}\n\n$$c$$")
    assert [(s.tex, s.numbered, s.label) for s in spans] == [("E=mc^2", True, ""), ("a", False, ""),
                                                             ("b", True, "eq:bee"), ("c", False, "")]


def test_latex_labels_and_nonumber_in_environments():
    spans = mathspans.find_math("\\begin{equation}\\label{eq:e}\nE\n\\end{equation}\n\n"
                              "\\begin{equation}\nx \\nonumber\n\\end{equation}\n")
    assert [(s.tex, s.numbered, s.label) for s in spans] == [("E", True, "eq:e"), ("x", False, "")]


def test_a_label_or_tag_in_display_math_numbers_it_as_mathjax_does_and_is_no_unrenderable_tex():
    # \label and \tag in $$…$$ (papers written for MathJax) made the whole display print as TeX source
    text = ("# T\n\n$$\n\\begin{aligned} y &= a \\label{eq:main} \\\\ z &= b \\end{aligned}\n$$\n\n"
            "$$ c \\tag{2a} $$\n\n\\[ d \\tag*{$\\star$} \\]\n\n$$ e $$ {#eq:e}\n")
    spans = mathspans.find_math(text)
    assert [(s.numbered, s.label, s.tag) for s in spans] == [(True, "eq:main", ""), (False, "", "(2a)"),
                                                            (False, "", "$\\star$"), (True, "eq:e", "")]
    assert [d for d in mathtex.math_problems(text.replace("\\tag*{$\\star$}", ""), "t.md")] == []
    (html,) = mathtex.number_with_notes([render_chapter(text, 1)[0]], [])[0]
    assert re.search(r'id="eq:main" data-number="1"', html) and "(1)</span>" in html
    assert '(2a)</span>' in html and re.search(r'id="eq:e" data-number="2"', html)  # a tag takes no number
    assert "\\label" not in html and "\\tag" not in html


def test_a_tag_in_an_equation_environment_prints_its_own_number():
    spans = mathspans.find_math("\\begin{equation}\nx = 1 \\tag{A}\n\\end{equation}\n\n"
                              "\\begin{equation}\\label{eq:y}\ny \\tag*{B}\n\\end{equation}\n")
    assert [(s.tex, s.numbered, s.label, s.tag) for s in spans] == [("x = 1", False, "", "(A)"),
                                                                   ("y", False, "eq:y", "B")]


def test_math_is_never_read_as_emphasis_smartypants_or_citation():
    text = "# T\n\nSee $a*b*c$ and $x_1 + y_1$ and \\(u@v\\) and \"quoted\" [@real].\n"
    ex = extract_all(text, "t.md")
    assert [i.key for c in ex.citations for i in c.items] == ["real"]  # '@v' inside math is no citation
    html, _ = render_chapter(ex.text, 1)
    assert "<em>" not in html
    assert html.count("<mo>*</mo>") == 2 and "<mi>@</mi>" in html
    assert "“quoted”" in html  # SmartyPants still works outside math


def test_unsupported_command_is_a_warning_at_its_place_and_printed_as_source():
    text = "# T\n\nFine $x$, odd $\\frob{y}$ here.\n"
    problems = mathtex.math_problems(text, "manuscript/t.md")
    assert [(d.severity, d.code, str(d.location)) for d in problems] == [
        ("warning", "math.unsupported", "manuscript/t.md:3:15")]
    assert "\\frob" in problems[0].message
    html, _ = render_chapter(text, 1)
    assert '<code class="math-source">\\frob{y}</code>' in html


def test_equations_are_numbered_across_chapters():
    one, _ = render_chapter("# A\n\n$$a$$ {#eq:first}\n", 1)
    two, _ = render_chapter("# B\n\n\\begin{equation}b\\end{equation}\n\n$$c$$\n", 2)
    one, two = mathtex.number_with_notes([one, two], [])[0]
    assert re.search(r'id="eq:first" data-number="1"', one) and "(1)</span>" in one
    assert 'data-number="2"' in two and "(2)</span>" in two and "(3)" not in two


def test_pandoc_math_spans_from_the_bibliography_become_mathml():
    html = mathtex.pandoc_spans('On <span class="math inline">\\(\\alpha &lt; 1\\)</span> values')
    root = lxml.etree.fromstring(re.search(r"<math.*</math>", html).group())
    assert root.tag == f"{MATHML}math" and "α" in "".join(root.itertext()) and "<" in "".join(root.itertext())


def test_svg_for_print_is_deterministic_and_sits_on_the_baseline():
    mathml, _ = mathtex.tex_to_mathml("x_1^2", False)
    first, second = mathlayout.mathml_to_svg(mathml), mathlayout.mathml_to_svg(mathml)
    assert first == second and first.startswith('<img class="math-svg" alt="x_1^2"')
    depth = float(re.search(r"vertical-align: (-?[\d.]+)em", first).group(1))
    assert depth < 0  # the subscript hangs below the baseline


def _form_or_image_objects(pdf: bytes, index: int) -> int:
    doc = pdfium.PdfDocument(pdf)
    try:
        kinds = (raw.FPDF_PAGEOBJ_FORM, raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_PATH)
        return sum(1 for _ in doc[index].get_objects(filter=kinds, max_depth=1))
    finally:
        doc.close()


def test_pdf_draws_math_and_prints_no_tex(sampler):
    result, pdf, _, _, _ = sampler
    texts = page_texts(pdf)
    page = next(i for i, t in enumerate(texts) if t.startswith("1 Formulas"))
    text = texts[page]
    assert "stays math, and so does ; this is emphasis" in " ".join(text.split())  # math is drawn, not set as text
    assert "$20 and $30" in text and "(1)" in text and "(2)" in text and "(3)" not in text
    assert "\\int" not in text and "mc^2" not in text
    assert "\\notacommand{x}" in text  # the unsupported command, as source
    empty = next(i for i, t in enumerate(texts) if t.startswith("4 Безбедносна"))
    assert _form_or_image_objects(pdf, page) >= _form_or_image_objects(pdf, empty) + 5
    assert any(d.code == "math.unsupported" and str(d.location) == "manuscript/01-formulas.md:17:16"
               for d in result.warnings)


def test_epub_carries_mathml_with_the_manifest_property(sampler, sampler_epubcheck):
    _, _, files, _, _ = sampler
    chapter = lxml.etree.fromstring(files["OEBPS/text/01-formulas.xhtml"])
    maths = chapter.findall(f".//{MATHML}math")
    assert len(maths) == 6 and {m.get("display") for m in maths} == {"inline", "block"}
    assert maths[0].get("alttext") == "a_1 * b_2 + c_3 * d"
    numbered = chapter.find(".//{http://www.w3.org/1999/xhtml}div[@id='eq:area']")
    assert numbered.get("data-number") == "1"
    opf = files["OEBPS/package.opf"].decode()
    with_math = re.findall(r'href="([^"]+)"[^>]*properties="mathml"', opf)
    assert with_math == ["text/01-formulas.xhtml"]
    assert sampler_epubcheck == []


def test_web_edition_carries_mathml(sampler):
    html = sampler[3]
    assert html.count("<math ") == 6 and 'display="block"' in html
    assert re.search(r'<div class="math display" id="eq:area" data-number="1">', html)
    assert ".math.display .eq-number" in html  # the shared math styles are in the page


def test_a_definition_whose_braces_never_close_is_reported_and_printed_as_source():
    text = "Let $\\newcommand{\\R}{\\mathbb{R}$ be.\n"
    problems = mathtex.math_problems(text, "p.md")
    assert [(d.code, d.location.line, d.location.col) for d in problems] == [("math.unsupported", 1, 5)]
    assert "newcommand" in problems[0].message
    html = render_chapter(extract_all(text, "p.md").text, 1)[0]
    assert "math-source" in html and "<math" not in html


def test_newcommand_macros_are_expanded_as_pandoc_does_and_print_nothing_themselves():
    from briefpress import rawlatex
    text = ("\\newcommand{\\R}{\\mathbb{R}}\n\\DeclareMathOperator{\\argmax}{arg\\,max}\n\n# One\n\n"
            "$$\\newcommand{\\norm}[1]{\\left\\lVert#1\\right\\rVert}$$\n\n"
            "Let $x \\in \\R^n$, $\\norm{x}$, $\\argmax_x f$ and $e^\\R$.\n\n\\def\\pair#1#2{(#1, #2)}\n\n"
            "Pairs $\\pair{a}{b}$; \\newcommand{\\e}[1][i]{e_{#1}} $\\e + \\e[j]$ and \\unknowncommand.\n")
    html = render_chapter(extract_all(text, "p.md").text, 1)[0]
    alts = re.findall(r'alttext="([^"]*)"', html)
    assert alts == ["x \\in \\mathbb{R}^n", "\\left\\lVert x\\right\\rVert", "\\operatorname{arg\\,max}_x f",
                    "e^{\\mathbb{R}}", "(a, b)", "e_{i} + e_{j}"]
    assert "newcommand" not in html and "\\def" not in html and "math-source" not in html
    assert [p.count("\n") for p in (text, rawlatex.translate(text))] == [text.count("\n")] * 2
    found = [(d.code, d.location.line) for d in rawlatex.problems(text, "p.md") + mathtex.math_problems(
        rawlatex.translate(text), "p.md")]
    assert found == [("latex.unsupported", 12)]  # only the command nobody defined, at its line


def test_a_macro_that_never_ends_is_reported_not_a_hang():
    text = "$$\\newcommand{\\x}{\\x\\x}$$\n\nSee $\\x$.\n"
    problems = mathtex.math_problems(text, "p.md")
    assert [(d.code, d.location.line) for d in problems] == [("math.unsupported", 3)]


def test_macros_in_the_front_matter_header_includes_serve_the_math(tmp_path):
    """pandoc users define macros in header-includes (pandoc passes them to LaTeX only)."""
    from briefpress.lint import lint_path
    from briefpress.pipeline import build
    paper = tmp_path / "p.md"
    paper.write_text("---\ntitle: T\nheader-includes:\n  - \\usepackage{amsmath}\n  - \\newcommand{\\E}{\\mathbb{E}}\n"
                     "  - |\n    \\DeclareMathOperator{\\Var}{Var}\n---\n\n# One\n\nWe have $\\E[X]$ and $\\Var(X)$.\n",
                     encoding="utf-8")
    (tmp_path / "p.bib").write_text("", encoding="utf-8")
    result = build(paper, ("html",), tmp_path / "out", bibs=tmp_path / "p.bib")
    html = result.outputs["html"].read_text(encoding="utf-8")
    assert re.findall(r'alttext="([^"]*)"', html) == ["\\mathbb{E}[X]", "\\operatorname{Var}(X)"]
    found = {(d.code, d.location.line) for d in lint_path(paper, bibs=[tmp_path / "p.bib"])}
    assert ("metadata.ignored", 3) in found and not any(code == "math.unsupported" for code, _ in found)


def test_macros_defined_in_one_chapter_file_serve_the_files_after_it(tmp_path):
    """pandoc reads a paper's files as one text: a macro of 01-a.md is known in 02-b.md (not the other
    way), one in a code block is no definition, and 02-b.md's diagnostics keep their lines."""
    from briefpress.lint import lint_path
    from briefpress.pipeline import build
    (tmp_path / "manuscript").mkdir()
    (tmp_path / "manuscript" / "metadata.yaml").write_text("title: T\nauthors: [A]\npublisher: {name: P}\ndate: 2025\nlanguage: en\n")
    (tmp_path / "manuscript" / "01-a.md").write_text(
        "# A\n\nLet $\\newcommand{\\E}{\\mathbb{E}}\\E[X]$ and $\\V$.\n\n```\n\\newcommand{\\C}{C}\n```\n",
        encoding="utf-8")
    (tmp_path / "manuscript" / "02-b.md").write_text(
        "# B\n\n$$\\newcommand{\\V}{\\operatorname{Var}}$$\n\nThen $\\E[Y]$, $\\V(Y)$ and $\\C$.\n\n- a list\n- last\n",
        encoding="utf-8")
    html = build(tmp_path, ("html",), tmp_path / "out").outputs["html"].read_text(encoding="utf-8")
    assert re.findall(r'alttext="([^"]*)"', html) == ["\\mathbb{E}[X]", "\\mathbb{E}[Y]", "\\operatorname{Var}(Y)"]
    assert re.findall(r'class="math-source">([^<]*)<', html) == ["\\V", "\\C"]
    assert html.count("newcommand") == 1 and html.count('class="math display"') == 0  # the code block's
    found = sorted((d.location.path, d.location.line, d.location.col) for d in lint_path(tmp_path)
                   if d.code == "math.unsupported")
    assert found == [("manuscript/01-a.md", 3, 44), ("manuscript/02-b.md", 5, 27)]  # at each "$"


def _two_chapters(tmp_path, first: str, second: str):
    (tmp_path / "manuscript").mkdir(parents=True)
    (tmp_path / "manuscript" / "metadata.yaml").write_text("title: T\nauthors: [A]\npublisher: {name: P}\ndate: 2025\nlanguage: en\n")
    (tmp_path / "manuscript" / "01-a.md").write_text(first, encoding="utf-8")
    (tmp_path / "manuscript" / "02-b.md").write_text(second, encoding="utf-8")
    return tmp_path


def _web(root) -> str:
    from briefpress.pipeline import build
    return build(root, ("html",), root / "out").outputs["html"].read_text(encoding="utf-8")


def test_a_chapter_redefining_an_earlier_chapters_macro_uses_its_own(tmp_path):
    """The definitions shared from earlier files never override the file's own (\\renewcommand)."""
    root = _two_chapters(tmp_path, "# A\n\nLet $\\newcommand{\\v}{a}\\v$.\n",
                         "# B\n\n$$\\renewcommand{\\v}{b}$$\n\nThen $\\v$.\n")
    assert re.findall(r'alttext="([^"]*)"', _web(root)) == ["a", "b"]


def test_a_stray_double_dollar_in_a_later_chapter_stays_text(tmp_path):
    """Shared definitions print nothing even after an unpaired '$$' (it stays text, as it did)."""
    root = _two_chapters(tmp_path, "# A\n\nLet $\\newcommand{\\v}{a}\\v$.\n",
                         "# B\n\nPrices in US$$ were high, said $\\v$.\n")
    html = _web(root)
    assert "newcommand" not in html and "US$$ were high" in html
    assert re.findall(r'alttext="([^"]*)"', html) == ["a", "a"]


def test_a_shared_definition_is_reported_at_its_own_file_only(tmp_path):
    """A diagnostic about a definition's text is not repeated at a later file, past its last line."""
    from briefpress.lint import lint_path
    root = _two_chapters(tmp_path, "# A\n\nLet $\\newcommand{\\u}{\\text{http://example.com/x}} \\u$.\n",
                         "# B\n\nThen $\\u$.\n")
    found = [(d.code, d.location.path, d.location.line) for d in lint_path(root)]
    assert found == [("url.http", "manuscript/01-a.md", 3)]  # once, and no error (its text is no URL in 02-b.md)
    root = _two_chapters(tmp_path / "glyph", "# A\n\nA \U0001F9A0 and $\\newcommand{\\m}{\\text{\U0001F9A0}}\\m$.\n",
                         "# B\n\nThen $\\m$.\n")
    glyph = [d for d in lint_path(root) if d.code == "glyph.missing"]
    assert len(glyph) == 1 and "02-b.md" not in glyph[0].message


def test_a_shared_definition_written_over_lines_with_tex_comments_serves_as_in_its_file(tmp_path):
    """LaTeX's '{%' at a line's end (and any '%' comment) in a definition written over several lines:
    the later file gets the same definition, not one whose comment swallowed the rest of its body."""
    root = _two_chapters(tmp_path, "# A\n\n$$\\newcommand{\\norm}[1]{%\n  \\left\\lVert#1\\right\\rVert % the norm\n}$$\n\n"
                                   "Use $\\norm{x}$ and 100\\% of it.\n", "# B\n\nThen $\\norm{y}$.\n")
    html = _web(root)
    assert 'class="math-source"' not in html
    assert [re.sub(r"<[^>]+>", "", m) for m in re.findall(r"<math\b.*?</math>", html, re.S)] == ["‖x‖", "‖y‖"]


def test_a_chapter_given_earlier_definitions_is_checked_as_written(tmp_path):
    """The definitions after a chapter's last line are no text of its last section (heading.empty)."""
    from briefpress.lint import lint_path
    for name, first in (("plain", "# A\n\nLet $a$.\n"), ("macros", "# A\n\nLet $\\newcommand{\\v}{a}\\v$.\n")):
        root = _two_chapters(tmp_path / name, first, "# B\n\nText $\\v$.\n\n## Empty\n")
        assert [(d.code, d.location.line) for d in lint_path(root) if d.code == "heading.empty"] == [("heading.empty", 5)]


def test_notes_use_the_macros_of_their_file_and_of_the_files_before(tmp_path):
    """A footnote is rendered apart from the text around it: it still knows the file's macros, those of
    earlier files, and its own definition of a name first."""
    from briefpress.pipeline import build
    (tmp_path / "manuscript").mkdir()
    (tmp_path / "manuscript" / "metadata.yaml").write_text(
        "title: T\nauthors: [A]\npublisher: {name: P}\ndate: 2025\nlanguage: en\n")
    (tmp_path / "manuscript" / "01-a.md").write_text(
        "# A\n\nLet $\\newcommand{\\E}{\\mathbb{E}}\\E[X]$.[^1]\n\n[^1]: In a note, $\\E[Z]$ too.\n", encoding="utf-8")
    (tmp_path / "manuscript" / "02-b.md").write_text(
        "# B\n\nInline.^[Here $\\E[W]$.] Own.[^o]\n\n"
        "[^o]: $\\newcommand{\\E}{\\mathrm{E}}\\E[V]$\n", encoding="utf-8")
    (tmp_path / "manuscript" / "03-c.md").write_text("# C\n\nLast.^[And $\\E[U]$.]\n", encoding="utf-8")
    html = build(tmp_path, ("html",), tmp_path / "out").outputs["html"].read_text(encoding="utf-8")
    alts = re.findall(r'alttext="([^"]*)"', html)
    # 02-b.md defines \E itself (in a note): its definition holds in the whole file, and after it
    assert sorted(alts) == sorted(["\\mathbb{E}[X]", "\\mathbb{E}[Z]", "\\mathrm{E}[W]", "\\mathrm{E}[V]",
                                   "\\mathrm{E}[U]"])
    assert 'class="math-source"' not in html


def test_arg_max_and_limits_under_display_operators_as_tex_sets_them():
    """\\arg (latex2mathml has no \\arg: the formula was printed as TeX source with a warning) is an upright
    name as \\sin is; in display, \\max_\\theta and \\lim_{x \\to 0} take their limit under the operator."""
    mathml, unknown = mathtex.tex_to_mathml(r"\hat{\theta} = \arg\max_\theta \sum_i \log p(x_i \mid \theta)", True)
    assert unknown == () and "<mi>arg</mi>" in mathml
    assert re.search(r"<munder><mo>max</mo><mi>θ</mi></munder>", mathml)
    mathml, _ = mathtex.tex_to_mathml(r"\lim_{x \to 0} f + \min_{a}^{b} g", True)
    assert "<munder><mo>lim</mo>" in mathml and "<munderover><mo>min</mo>" in mathml
    inline, _ = mathtex.tex_to_mathml(r"\max_\theta x", False)  # in the text, beside it, as TeX sets it
    assert "<msub><mo>max</mo>" in inline


@pytest.mark.parametrize("tex", [r"\max\nolimits_x f", r"\frac{\max_x f}{2}", r"\dfrac{1}{\min_x f}",
                                 r"\textstyle \lim_{n} a_n", r"e^{\max_x f}", r"\begin{pmatrix} \max_x f \end{pmatrix}",
                                 r"\begin{cases} \sup_n a_n & x > 0 \end{cases}"])
def test_an_operator_s_limits_stay_beside_it_where_tex_sets_them_so_in_display(tex):
    """\\nolimits, a fraction's parts, a script, \\textstyle, a matrix's or cases' cells are set in text style
    even in a display: TeX sets the limit as a subscript there (they were put under the operator)."""
    mathml, unknown = mathtex.tex_to_mathml(tex, True)
    assert unknown == () and "<munder>" not in mathml and "<msub><mo>" in mathml


def test_only_the_operator_written_nolimits_keeps_its_limit_beside_it():
    mathml, _ = mathtex.tex_to_mathml(r"\max_x \max\nolimits_y \min_z f", True)
    assert re.findall(r"<(munder|msub)><mo>(\w+)", mathml) == [("munder", "max"), ("msub", "max"), ("munder", "min")]
    mathml, _ = mathtex.tex_to_mathml(r"\begin{array}{c}\displaystyle \max_x f\end{array}", True)  # display again
    assert "<munder><mo>max</mo>" in mathml


@pytest.mark.parametrize("source", [
    "- Lead.\n\n    Second $x$ para, and\n\n    $$y^2$$\n",  # four spaces under '- ': pandoc's paragraph (column 2)
    "> - Lead.\n>\n>     Second $x$ para, and\n>\n>     $$y^2$$\n",
    "- a\n  - Lead.\n\n      Second $x$ para, and\n\n      $$y^2$$\n",  # a nested item's text at 4: code from 8
    "Term\n:   Lead.\n\n    Second $x$ para, and\n\n    $$y^2$$\n",  # a definition's second paragraph
])
def test_math_in_an_items_or_a_definitions_later_paragraph_is_math_and_its_code_stays_code(source):
    """Its lines were taken for indented code (four past the item's text in pandoc's columns, but lists.py had
    moved them to Python-Markdown's), so '$x$' and '$$y^2$$' were printed as typed; pandoc 3.9 prints math."""
    html = render_chapter(extract_all(source, "paper.md").text)[0]
    assert "$" not in re.sub(r"<[^>]+>", "", html) and html.count("<math") == 2, html
    code = source.replace("Second $x$ para, and", "    code $x$").replace("$$y^2$$", "    $$y^2$$")
    html = render_chapter(extract_all(code, "paper.md").text)[0]
    assert "<math" not in html and "code $x$" in html and "$$y^2$$" in html, html


def test_a_citation_and_a_note_call_in_an_items_later_paragraph_are_read_as_pandoc_reads_them():
    """The same misreading hid them from the citation reader: '[@known]' and '[^n]' were printed as typed."""
    ex = extract_all("- a\n\n    See [@known] and a note.[^n]\n\n[^n]: The note.\n", "paper.md")
    assert "[@known]" not in ex.text and "[^n]" not in ex.text
    assert [(item.key, str(c.location)) for c in ex.citations for item in c.items] == [("known", "paper.md:3:9")]


def test_display_math_on_a_definitions_first_line_stays_in_the_definition():
    """'Term' / ':   $$x^2$$': the equation was set after the list, the definition left empty (pandoc 3.9: in it)."""
    root = lxml.etree.HTML(render_chapter(extract_all("Term\n:   $$x^2 + y$$\n\nOther\n:   Its text.\n", "p.md").text)[0])
    assert [int(dd.xpath("count(.//*[local-name()='math'])")) for dd in root.iter("dd")] == [1, 0]
    assert [dt.text for dt in root.iter("dt")] == ["Term", "Other"] and len(root.findall(".//dl")) == 1
