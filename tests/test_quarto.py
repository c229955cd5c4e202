"""Quarto and R Markdown papers as researchers write them: chunks (never run) keep their figure and
table numbers and captions with a visible note where the output would be, chunk options decide what
is printed, inline code and shortcodes, each problem a warning at file:line:col."""
import re
from pathlib import Path

import pytest

from briefpress.diagnostics import BuildError
from briefpress.lint import lint_path
from briefpress.pipeline import parse

BIB = "@book{doe2020, author = {Doe, Jane}, title = {A Book}, date = {2020}, publisher = {P}, location = {L}}\n"


def paper(tmp_path: Path, body: str, front: str = "", name: str = "paper.qmd", **files) -> Path:
    path = tmp_path / name
    path.write_text(f"---\ntitle: A Paper\nbibliography: refs.bib\n{front}---\n\n{body}")
    (tmp_path / "refs.bib").write_text(BIB)
    for file, text in files.items():
        (tmp_path / file).write_text(text)
    return path


def html_of(path: Path) -> str:
    return "\n".join(c.html for c in parse(path).document.chapters)


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def where(path: Path, needle: str, nth: int = 0) -> tuple[int, int]:
    """(line, column) of a piece of the file, 1-based, as diagnostics give them."""
    text = path.read_text()
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)


def found(path: Path, code: str) -> list:
    return [d for d in lint_path(path) if d.code == code]


FIGURE = """# Results

```{r}
#| label: fig-x
#| fig-cap: "A plot"
plot(1)
```

See @fig-x.
"""


def test_a_figure_chunk_is_a_numbered_figure_with_a_note_for_its_missing_output(tmp_path):
    path = paper(tmp_path, FIGURE)
    html = html_of(path)
    figure = re.search(r'<figure class="figure" id="fig-x" data-number="1">.*?</figure>', html, re.S).group()
    assert "Figure 1:</span> A plot" in figure
    assert "not run for this edition" in text_of(figure)
    assert 'href="#fig-x">1</a>' in html and "See Figure" in text_of(html)
    text = text_of(html)
    assert "plot(1)" in text and "label" not in text  # the code is shown, its option lines are not
    assert text.index("plot(1)") < text.index("Figure 1")
    [warning] = found(path, "quarto.chunk-output")
    assert (warning.severity, warning.location.line, warning.location.col) == ("warning", *where(path, "```{r}"))
    assert "![A plot](" in warning.message and "{#fig-x}" in warning.message


def test_r_markdown_header_options(tmp_path):
    body = """# Results

```{r setup, include=FALSE}
knitr::opts_chunk$set(echo = FALSE)
library(secret)
```

```{r plot1, fig.cap="Spending by year", fig.width=6}
plot(spending)
```

As @fig-plot1 shows.
"""
    path = paper(tmp_path, body)
    html = html_of(path)
    assert "secret" not in html and "opts_chunk" not in html  # include=FALSE prints nothing
    assert "spending" not in text_of(html).lower().replace("spending by year", "")  # echo = FALSE from setup
    assert re.search(r'<figure class="figure" id="fig-plot1" data-number="1">', html)
    assert "Figure 1:</span> Spending by year" in html and "As Figure" in text_of(html)
    assert [d.location.line for d in found(path, "quarto.chunk-output")] == [where(path, "```{r plot1")[0]]


def test_eval_and_output_false_print_the_code_alone_and_say_nothing(tmp_path):
    body = "# Code\n\n```{python}\n#| eval: false\nimport pandas\n```\n\n```{r, results='hide'}\nx <- 1\n```\n"
    path = paper(tmp_path, body)
    html = html_of(path)
    assert "import pandas" in text_of(html) and "x &lt;- 1" in text_of(html) and "chunk-missing" not in html
    assert found(path, "quarto.chunk-output") == []


def test_echo_false_from_execute_and_an_unlabelled_chunk_whose_output_is_the_point(tmp_path):
    body = "# Data\n\n```{r}\nsummary(cars)\n```\n\n```{r}\n#| echo: true\nhead(cars)\n```\n"
    path = paper(tmp_path, body, front="execute:\n  echo: false\n")
    html = html_of(path)
    assert "summary" not in html and "head(cars)" in text_of(html)
    assert html.count('class="chunk-missing"') == 1 and "Output not shown" in text_of(html)
    assert [d.location.line for d in found(path, "quarto.chunk-output")] == [where(path, "```{r}")[0]]
    assert [d.severity for d in found(path, "quarto.not-run")] == ["info"]  # head(cars): shown, never run


def test_a_table_chunk_is_numbered_with_the_pipe_tables(tmp_path):
    body = """# Data

```{r}
#| label: tbl-cars
#| tbl-cap: "Cars"
knitr::kable(cars)
```

| a | b |
|---|---|
| 1 | 2 |

: Pipe {#tbl-pipe}

See @tbl-cars and @tbl-pipe.
"""
    path = paper(tmp_path, body)
    html = html_of(path)
    assert re.search(r'<table class="chunk-table" data-number="1" id="tbl-cars"><caption><span class="table-label">'
                     r'Table 1:</span> Cars</caption>', html)
    assert "Table 2:</span> Pipe" in html
    assert "See Table 1 and Table 2." in text_of(html)
    assert "write the table in Markdown" in found(path, "quarto.chunk-output")[0].message


def test_lines_are_kept_and_a_caption_may_cite(tmp_path):
    body = """# Data

```{r}
#| label: fig-a
#| fig-cap: "Landings, after [@doe2020]"
plot(a)
```

```{r fig-b, fig.cap="As @fig-a, redrawn"}
plot(b)
```

A citation of a key nobody has [@nobody].
"""
    path = paper(tmp_path, body)
    [unknown] = found(path, "cite.unknown-key")
    assert (unknown.location.line, unknown.location.col) == where(path, "[@nobody]")
    with pytest.raises(BuildError):
        parse(path)
    path.write_text(path.read_text().replace(" [@nobody]", ""))
    document = parse(path).document
    assert len(document.notes) == 1 and "A Book" in document.notes[0].html
    assert "As Figure 1, redrawn" in text_of(html_of(path))


def test_inline_code_is_printed_as_code_with_a_warning(tmp_path):
    path = paper(tmp_path, "# Data\n\nWe have `r nrow(df)` rows and `{python} len(x)` columns; `r` is a language.\n")
    html = html_of(path)
    assert "<code>nrow(df)</code>" in html and "<code>len(x)</code>" in html and "<code>r</code>" in html
    assert [(d.location.line, d.location.col) for d in found(path, "quarto.inline-code")] == [where(path, "`r "), where(path, "`{python}")]


def test_shortcodes(tmp_path):
    body = ("# Info\n\nVersion {{< var release.version >}} by {{< meta author >}}; {{< var nope >}}.\n\n"
            "Press {{< kbd Shift-Ctrl-P >}}.\n\n{{< video https://example.org/talk.mp4 >}}\n")
    path = paper(tmp_path, body, front="author: Jane Doe\n", **{'_variables.yml': "release:\n  version: 1.2\n"})
    text = text_of(html_of(path))
    assert "Version 1.2 by Jane Doe; ?var:nope." in text
    assert "<kbd>Shift-Ctrl-P</kbd>" in html_of(path)
    assert "Video: https://example.org/talk.mp4" in text
    [missing] = found(path, "quarto.var-missing")
    assert (missing.location.line, missing.location.col) == where(path, "{{< var nope")
    assert found(path, "pandoc.unsupported") == []


def test_quarto_equation_labels(tmp_path):
    path = paper(tmp_path, "# Model\n\n$$\ny = ax + b\n$$ {#eq-line}\n\nBy @eq-line.\n")
    html = html_of(path)
    assert 'id="eq-line" data-number="1"' in html and "By Equation 1." in text_of(html)


def test_crossref_titles_and_prefixes_of_the_front_matter(tmp_path):
    body = ("# Data\n\n![A map](map.png){#fig-map}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n: Counts {#tbl-n}\n\n"
            "See @fig-map, @tbl-n, [Figure -@fig-map] and [see @tbl-n].\n")
    from PIL import Image
    Image.new("RGB", (20, 10), (200, 30, 30)).save(tmp_path / "map.png")
    path = paper(tmp_path, body, front="crossref:\n  fig-title: Fig.\n  tbl-title: Tab.\n  fig-prefix: figure\n")
    text = text_of(html_of(path))
    assert "Fig. 1: A map" in text and "Tab. 1: Counts" in text
    assert "See figure 1, Tab. 1, Figure 1 and see Tab. 1." in text
    assert [d for d in lint_path(path) if d.code.startswith("metadata.")] == []  # crossref is read, not ignored


def test_include_reads_the_file_in_place_and_diagnostics_point_into_it(tmp_path):
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "_methods.qmd").write_text("## Methods\n\nWe sampled [@doe2020].\n\n{{< include _more.qmd >}}\n")
    (tmp_path / "parts" / "_more.qmd").write_text("More text, `r n` times, citing [@nobody].\n")
    body = "# Intro\n\nFirst.\n\n{{< include parts/_methods.qmd >}}\n\nLast [@nope].\n"
    path = paper(tmp_path, body)
    by_code = {d.code: d.location for d in lint_path(path) if d.severity != "info"}
    inner = tmp_path / "parts" / "_more.qmd"
    assert by_code["quarto.inline-code"] == type(by_code["quarto.inline-code"])("parts/_more.qmd", *where(inner, "`r n`"))
    unknown = sorted((d.location.path, d.location.line, d.location.col) for d in lint_path(path)
                     if d.code == "cite.unknown-key")
    assert unknown == [("paper.qmd", *where(path, "[@nope]")), ("parts/_more.qmd", *where(inner, "[@nobody]"))]
    with pytest.raises(BuildError) as caught:
        parse(path)
    assert {str(d.location.path) for d in caught.value.diagnostics} == {"paper.qmd", "parts/_more.qmd"}
    path.write_text(path.read_text().replace(" [@nope]", ""))
    inner.write_text("More text.\n")
    text = re.sub("\ue000n\\d+\ue001", "", text_of(html_of(path)))
    assert "First. 1.1Methods We sampled. More text. Last." in text


@pytest.mark.parametrize("target, code", [("../outside.qmd", "quarto.include-outside"),
                                          ("_gone.qmd", "quarto.include-missing"),
                                          ("_loop.qmd", "quarto.include-cycle"),
                                          ("_latin1.qmd", "quarto.include-unreadable")])
def test_include_refuses_files_outside_missing_and_cycles(tmp_path, target, code):
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "_latin1.qmd").write_bytes(b"Caf\xe9.\n")
    (tmp_path / "outside.qmd").write_text("Secret.\n")
    (tmp_path / "p" / "_loop.qmd").write_text("Loop.\n\n{{< include _loop.qmd >}}\n")
    path = paper(tmp_path / "p", f"# Intro\n\n{{{{< include {target} >}}}}\n")
    [problem] = [d for d in lint_path(path) if d.code == code]
    expected = ("_loop.qmd", 3) if code == "quarto.include-cycle" else ("paper.qmd", where(path, "{{<")[0])
    assert (problem.severity, problem.location.path, problem.location.line) == ("error", *expected)
    with pytest.raises(BuildError):
        parse(path)


def test_content_visible_and_hidden_per_edition(tmp_path):
    from briefpress.pipeline import build
    from briefpress.quarto_divs import for_medium
    body = """# Data

::: {.content-visible when-format="pdf"}
Printed only.
:::

::: {.content-hidden when-format="pdf"}
On screens only.
:::

::: {.content-visible unless-format="html"}
Not in HTML formats.
:::

::: {.content-visible when-format="html"}
## A heading for the web

Kept everywhere.
:::
"""
    path = paper(tmp_path, body)
    html = html_of(path)
    shown = {medium: text_of(for_medium(html, medium)) for medium in ("print", "epub", "screen")}
    assert "Printed only" in shown["print"] and "Printed only" not in shown["epub"] + shown["screen"]
    assert "On screens only" not in shown["print"] and "On screens only" in shown["epub"] and \
        "On screens only" in shown["screen"]
    assert "Not in HTML formats" in shown["print"] and "Not in HTML formats" not in shown["epub"] + shown["screen"]
    assert all("Kept everywhere" in text for text in shown.values())
    [warning] = found(path, "quarto.conditional")
    assert warning.location.line == where(path, '::: {.content-visible when-format="html"}')[0]
    result = build(path, ("html",), tmp_path / "out")
    web = result.outputs["html"].read_text()
    assert "On screens only" in web and "Printed only" not in web


def test_tabset_headings_are_tab_titles_not_sections(tmp_path):
    path = paper(tmp_path, "# Data\n\n::: {.panel-tabset}\n## Plot\n\nA.\n\n## Table\n\nB.\n:::\n\n## Real section\n")
    document = parse(path).document
    assert [h.title_text for h in document.headings] == ["Data", "Real section"]
    assert re.search(r"<p class=\"tab-title\"[^>]*>Plot</p>", document.chapters[0].html)


def test_margin_content_and_highlighted_text(tmp_path):
    path = paper(tmp_path, "# Data\n\nSome [key words]{.mark} here.\n\n::: {.column-margin}\nA side remark.\n:::\n")
    html = html_of(path)
    assert "<mark>key words</mark>" in html
    assert re.search(r'<div class="column-margin" style="[^"]*border-left[^"]*">\s*<p[^>]*>A side remark', html)


BOOK = """project:
  type: book

book:
  title: "A Small Book"
  author: "Jane Doe"
  chapters:
    - index.qmd
    - part: "Findings"
      chapters:
        - intro.qmd
        - parts/results.qmd
    - references.qmd

bibliography: refs.bib
format:
  pdf:
    documentclass: scrreprt
"""


def book(tmp_path: Path, config: str = BOOK) -> Path:
    (tmp_path / "_quarto.yml").write_text(config)
    (tmp_path / "index.qmd").write_text("# Preface {.unnumbered}\n\nThis is a book.\n")
    (tmp_path / "intro.qmd").write_text("---\ntitle: Intro\n---\n\n# Introduction\n\nWe cite [@doe2020]. See @fig-a.\n")
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "results.qmd").write_text("# Results\n\n```{r}\n#| label: fig-a\n#| fig-cap: A figure\n"
                                                    "plot(1)\n```\n\nInline `r x`, {{< var n >}} cases.\n")
    (tmp_path / "_variables.yml").write_text("n: 12\n")
    (tmp_path / "references.qmd").write_text("# References {.unnumbered}\n\n::: {#refs}\n:::\n")
    (tmp_path / "refs.bib").write_text(BIB)
    return tmp_path


def test_a_quarto_book_builds_its_chapters_in_order(tmp_path):
    root = book(tmp_path)
    parsed = parse(root)
    assert parsed.project.metadata.title == "A Small Book"
    assert [h.title_text for h in parsed.document.headings] == ["Preface", "Introduction", "Results", "References"]
    assert "See Figure 1." in text_of(parsed.document.chapters[1].html)
    [inline] = found(root, "quarto.inline-code")
    assert (inline.location.path, inline.location.line) == ("parts/results.qmd",
                                                            where(root / "parts" / "results.qmd", "`r x`")[0])
    assert "12 cases" in text_of(parsed.document.chapters[2].html)


def test_a_book_chapters_macros_serve_the_chapters_after_it(tmp_path):
    root = book(tmp_path)
    (root / "index.qmd").write_text("# Preface {.unnumbered}\n\n$\\newcommand{\\E}{\\mathbb{E}}\\E[X]$\n")
    (root / "intro.qmd").write_text("# Introduction\n\nThen $\\E[Y]$ [@doe2020]. See @fig-a.\n")
    html = parse(root).document.chapters[1].html
    assert 'alttext="\\mathbb{E}[Y]"' in html and 'class="math-source"' not in html
    assert [d for d in lint_path(root) if d.severity == "error" or d.code == "metadata.unknown"] == []


def test_a_quarto_book_with_a_missing_chapter_and_other_projects(tmp_path):
    (tmp_path / "b").mkdir()
    root = book(tmp_path / "b")
    (root / "parts" / "results.qmd").unlink()
    [missing] = [d for d in lint_path(root) if d.code == "project.quarto"]
    assert (missing.location.path, missing.location.line) == ("_quarto.yml", where(root / "_quarto.yml", "results.qmd")[0])
    site = tmp_path / "site"
    site.mkdir()
    (site / "_quarto.yml").write_text("project:\n  type: website\n")
    (site / "paper.qmd").write_text("# A\n")
    [refused] = lint_path(site)
    assert refused.code == "project.quarto" and "briefpress build paper.qmd" in refused.message
    article = tmp_path / "ms"
    article.mkdir()
    (article / "_quarto.yml").write_text("project:\n  type: manuscript\nmanuscript:\n  article: paper.qmd\n")
    paper(article, "# Findings\n\nText.\n")
    assert parse(article).project.metadata.title == "A Paper"
    (tmp_path / "secret.md").write_text("# Not published\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "_quarto.yml").write_text("project:\n  type: book\nbook:\n  chapters:\n    - ../secret.md\n")
    found = [d for d in lint_path(out) if d.code == "project.quarto"]
    assert [d.location.line for d in found] == [5] and "'../secret.md' is outside the project" in found[0].message
    odd = tmp_path / "odd"
    odd.mkdir()
    for chapters in ("7", "index.qmd", "{a: b}"):  # not a list: one clear error, no traceback
        (odd / "_quarto.yml").write_text(f"project:\n  type: book\nbook:\n  chapters: {chapters}\n")
        [bad] = lint_path(odd)
        assert bad.code == "project.quarto" and "must be a list" in bad.message


def test_a_book_chapter_front_matter_as_a_single_file_reads_it(tmp_path):
    root = book(tmp_path)
    (root / "intro.qmd").write_text("---\nheader-includes: \\newcommand{\\R}{\\mathbb{R}}\n---\n\n"
                                    "# Introduction\n\nIn $\\R$.\n")
    assert "<mi>ℝ</mi>" in parse(root).document.chapters[1].html  # the chapter's macro is defined
    (root / "intro.qmd").write_text("---\ntitle: Intro\n\n# Introduction\n")
    (root / "parts" / "results.qmd").unlink()
    problems = lint_path(root)  # both at once
    assert [(d.code, d.location.path, d.location.line) for d in problems if d.severity == "error"] == [
        ("project.quarto", "_quarto.yml", where(root / "_quarto.yml", "results.qmd")[0]),
        ("metadata.front-matter-unclosed", "intro.qmd", 1)]


def test_subfigure_captions_of_a_chunk_and_figures_side_by_side(tmp_path):
    from PIL import Image
    for name in ("a.png", "b.png"):
        Image.new("RGB", (20, 10), (30, 30, 200)).save(tmp_path / name)
    body = """# Data

```{r}
#| label: fig-pair
#| fig-cap: "Two plots"
#| fig-subcap:
#|   - "Left"
#|   - "Right"
#| layout-ncol: 2
plot(1); plot(2)
```

See @fig-pair-2.

::: {layout-ncol=2}
![One](a.png){#fig-one}

![Two](b.png){#fig-two}
:::
"""
    path = paper(tmp_path, body)
    html = html_of(path)
    tags = {re.search(r'id="([^"]+)"', t).group(1): t for t in re.findall(r"<figure[^>]*>", html)}
    assert 'class="subfigure"' in tags["fig-pair-2"] and 'data-number="1(b)"' in tags["fig-pair-2"]
    assert "(b) Right" in text_of(html) and "See Figure 1(b)." in text_of(html)
    for ident, number in (("fig-one", 2), ("fig-two", 3)):
        assert "display: inline-block" in tags[ident] and f'data-number="{number}"' in tags[ident]


FULL = """---
title: "Harbour landings"
author:
  - name: Jane Doe
    affiliations:
      - name: Fisheries Observatory
format:
  html:
    code-fold: true
execute:
  echo: false
crossref:
  fig-title: Fig.
---

## Introduction

See @fig-landings, @tbl-fleet and @eq-growth; the data have `r nrow(d)` rows. Press {{< kbd Ctrl-S >}}.

```{r}
#| label: fig-landings
#| fig-cap: "Landings by month"
plot(d)
```

```{r}
#| label: tbl-fleet
#| tbl-cap: "Boats by harbour"
knitr::kable(boats)
```

$$
g = \\frac{a}{b}
$$ {#eq-growth}

::: {.callout-note collapse="true"}
## Collapsed in HTML
Printed open.
:::

::: {.content-visible when-format="pdf"}
Only in print.
:::

::: {.content-hidden when-format="pdf"}
Only on screens.
:::

Some [highlighted]{.mark} words.

::: {.column-margin}
A margin note.
:::
"""


def test_a_quarto_paper_builds_to_every_edition(tmp_path):
    from briefpress.pipeline import build
    from conftest import epubcheck_problems
    from outputs import epub_files, pdf_pages_text
    path = tmp_path / "paper.qmd"
    path.write_text(FULL)
    result = build(path, ("pdf", "epub", "html"), tmp_path / "out")
    pdf = " ".join(" ".join(pdf_pages_text(result.outputs["pdf"])).split())
    assert "See Fig. 1, Table 1 and Equation 1" in pdf and "Fig. 1: Landings by month" in pdf
    assert "not run for this edition" in pdf and "Only in print" in pdf and "Only on screens" not in pdf
    epub = " ".join(data.decode() for name, data in epub_files(result.outputs["epub"]).items() if name.endswith(".xhtml"))
    assert "Only on screens" in epub and "Only in print" not in epub and "<mark>highlighted</mark>" in epub
    assert {d.code for d in result.warnings if d.severity == "warning"} == {"quarto.chunk-output", "quarto.inline-code"}
    assert epubcheck_problems(result.outputs["epub"], tmp_path) == []  # last: without Java it skips


def test_bookdown_references_and_chunks_in_a_project_chapter(tmp_path):
    import shutil
    from conftest import ROOT
    (tmp_path / "manuscript").mkdir()
    shutil.copy(ROOT / "manuscript" / "metadata.yaml", tmp_path / "manuscript" / "metadata.yaml")
    (tmp_path / "manuscript" / "01-data.md").write_text(
        "# Data\n\n```{r trend, fig.cap='The trend'}\nplot(x)\n```\n\nAs Figure \\@ref(fig:trend) shows, "
        "`r n` cases.\n\n```r\nx <- \\@ref(fig:trend)\n```\n")
    (tmp_path / "references.bib").write_text("")
    html = html_of(tmp_path)
    assert 'id="fig-trend" data-number="1"' in html and "As Figure 1 shows" in text_of(html)
    # in code it stays as written (it printed '&#64;ref(fig:trend)': the escape was read in the code)
    assert "x &lt;- \\@ref(fig:trend)" in re.sub(r"<[^>]+>", "", html)
    assert [d.location.path for d in found(tmp_path, "quarto.inline-code")] == ["manuscript/01-data.md"]


def test_bookdown_equation_and_table_labels_are_targets_of_its_references(tmp_path):
    """bookdown labels an equation with '(\\#eq:lm)' in it and a Markdown table with 'Table: (\\#tab:x) …';
    '\\@ref(eq:lm)' and '\\@ref(tab:sites)' were unknown cross-references (errors) and the labels printed."""
    path = paper(tmp_path, "# Data\n\n\\begin{equation}\ny = X\\beta\n(\\#eq:lm)\n\\end{equation}\n\n"
                           "| Site | Depth |\n|---|---|\n| A | 10 |\n\nTable: (\\#tab:sites) Survey sites.\n\n"
                           "Equation \\@ref(eq:lm) and Table \\@ref(tab:sites).\n\n```\nTable: (\\#tab:x) in code\n```\n",
                 name="paper.Rmd")
    assert [d for d in lint_path(path) if d.severity == "error"] == []
    html = html_of(path)
    assert 'id="eq-lm" data-number="1"' in html and 'id="tbl-sites"' in html
    text = text_of(html)
    assert "Equation 1 and Table 1." in text and "Survey sites." in text and "(#tab:sites)" not in text
    assert "Table: (\\#tab:x) in code" in text


def test_quarto_image_attributes_become_valid_html(tmp_path):
    from PIL import Image
    Image.new("RGB", (20, 10), (200, 30, 30)).save(tmp_path / "img.png")
    path = paper(tmp_path, '# Data\n\n![A chart](img.png){#fig-c fig-alt="A red chart" fig-align="center" '
                           'fig-cap-location="top"}\n')
    img = re.search(r"<img[^>]*>", html_of(path)).group()
    assert 'alt="A red chart"' in img and 'data-fig-cap-location="top"' in img
    assert not re.search(r'\s(?!data-)[\w]+-[\w-]+=', img.replace("aria-", ""))


def test_a_caption_that_is_an_r_expression_is_reported(tmp_path):
    path = paper(tmp_path, '# Data\n\n```{r fig-a, fig.cap=paste("Trend", year)}\nplot(x)\n```\n\nSee @fig-a.\n')
    html = html_of(path)
    assert 'id="fig-a" data-number="1"' in html and "See Figure 1." in text_of(html)
    [unread] = found(path, "quarto.chunk-option")
    assert "fig-cap" in unread.message and unread.location.line == where(path, "```{r")[0]


def test_a_diagram_and_generated_markdown_are_missing_output(tmp_path):
    body = ("# Flow\n\n```{mermaid}\n%%| label: fig-flow\n%%| fig-cap: The flow\nflowchart LR\n  A --> B\n```\n\n"
            "```{python}\n#| output: asis\n#| echo: true\nprint('**bold**')\n```\n\nSee @fig-flow.\n")
    path = paper(tmp_path, body)
    html = html_of(path)
    text = text_of(html)
    assert "flowchart" not in text  # a diagram's source is not shown (Quarto's default)
    assert "Figure 1: The flow" in text and "Mermaid code of the paper" in text and "See Figure 1." in text
    assert "print('**bold**')" in text.replace("&#39;", "'") and "Output not shown" in text
    assert [d.location.line for d in found(path, "quarto.chunk-output")] == [where(path, "```{mermaid}")[0],
                                                                          where(path, "```{python}")[0]]


def test_a_div_shown_by_metadata_or_profile_is_printed_everywhere_with_a_warning(tmp_path):
    from briefpress.quarto_divs import for_medium
    path = paper(tmp_path, '# Data\n\n::: {.content-hidden when-meta="draft"}\nFinal text.\n:::\n')
    html = html_of(path)
    assert all("Final text" in for_medium(html, medium) for medium in ("print", "epub", "screen"))
    [warning] = found(path, "quarto.conditional")
    assert "'when-meta' is not read" in warning.message and warning.location.line == where(path, ":::")[0]


def test_a_problem_in_a_chunk_caption_is_reported_where_the_caption_is_written(tmp_path):
    body = ("# Data\n\n- a list\n\n```{r fig-a, fig.cap=\"Cap [@nobody]\"}\nplot(1)\n```\n\n"
            "```{r}\n#| label: fig-b\n#| fig-cap: \"Other [@noone]\"\n#| echo: false\nplot(2)\n```\n\nSee @fig-a.\n")
    path = paper(tmp_path, body)
    unknown = sorted((d.location.line, d.location.col) for d in found(path, "cite.unknown-key"))
    assert unknown == sorted([where(path, "[@nobody]"), where(path, "[@noone]")])
    assert [(d.location.line, d.location.col) for d in found(path, "quarto.chunk-output")] == \
        [where(path, "```{r fig-a"), where(path, "```{r}\n#| label: fig-b")]


def test_a_table_div_is_a_numbered_table(tmp_path):
    body = ("# Data\n\n| x | y |\n|---|---|\n| 0 | 0 |\n\n: First {#tbl-first}\n\n"
            "::: {#tbl-letters}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nLetters and [numbers]{.smallcaps}.\n:::\n\n"
            "See @tbl-letters.\n")
    path = paper(tmp_path, body)
    html = html_of(path)
    assert re.search(r'<table [^>]*data-number="2" id="tbl-letters">\s*<caption><span class="table-label">Table 2:'
                     r'</span> Letters and <span class="smallcaps">numbers</span>\.</caption>', html)
    assert "See Table 2." in text_of(html)
    assert [d for d in lint_path(path) if d.code.startswith("crossref.")] == []


def test_theorems_are_numbered_per_kind_and_referable(tmp_path):
    body = ("# Results\n\n::: {#thm-main}\n## Main result\nEvery x is y.\n:::\n\n::: {.proof}\nTrivial.\n:::\n\n"
            '::: {#lem-small name="Small"}\nA lemma.\n:::\n\n::: {#thm-other}\nAnother.\n:::\n\n'
            "See @thm-main, @lem-small and [@thm-main; @thm-other].\n")
    path = paper(tmp_path, body)
    text = text_of(html_of(path))
    assert "Theorem 1 (Main result)Every x is y." in text and "Proof.Trivial." in text
    assert "Lemma 1 (Small)A lemma." in text and "Theorem 2Another." in text
    assert "See Theorem 1, Lemma 1 and Theorems 1 and 2." in text
    assert [d for d in lint_path(path) if d.code.startswith(("crossref.", "cite."))] == []
    assert [h.title_text for h in parse(path).document.headings] == ["Results"]  # a theorem's name is no section


def notebook(path: Path, cells: list) -> None:
    import json
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}))


def test_embed_takes_the_saved_figure_of_a_notebook_cell(tmp_path):
    import base64
    import io
    from PIL import Image
    png = io.BytesIO()
    Image.new("RGB", (30, 20), (20, 120, 40)).save(png, "PNG")
    (tmp_path / "nb").mkdir()
    notebook(tmp_path / "nb" / "analysis.ipynb", [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Analysis"]},
        {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": [
            "#| label: fig-trend\n", "#| fig-cap: \"Trend from the notebook\"\n", "plot()\n"],
         "outputs": [{"output_type": "display_data", "metadata": {},
                      "data": {"image/png": base64.b64encode(png.getvalue()).decode(), "text/plain": ["<Figure>"]}}]},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "source": "#| label: tbl-x\ndf", "outputs": []},
    ])
    body = ("# Results\n\n{{< embed nb/analysis.ipynb#fig-trend >}}\n\nSee @fig-trend.\n\n"
            "{{< embed nb/analysis.ipynb#tbl-x >}}\n\n{{< embed nb/analysis.ipynb#fig-gone >}}\n")
    path = paper(tmp_path, body)
    [missing] = found(path, "quarto.embed")
    assert "fig-gone" in missing.message and missing.location.line == where(path, "{{< embed nb/analysis.ipynb#fig-gone")[0]
    [unsaved] = found(path, "quarto.embed-output")
    assert unsaved.location.line == where(path, "{{< embed nb/analysis.ipynb#tbl-x")[0]
    path.write_text(path.read_text().replace("{{< embed nb/analysis.ipynb#fig-gone >}}", ""))
    html = html_of(path)
    assert re.search(r'<figure class="figure" id="fig-trend" data-number="1"><img alt="Trend from the notebook" '
                     r'src="data:image/png;base64,', html)
    assert "See Figure 1." in text_of(html) and "not in the notebook as an image" in text_of(html)


def test_embed_reads_a_notebook_again_when_it_changed(tmp_path):
    cell = {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": "#| label: fig-a\n#| fig-cap: Old\nx",
            "outputs": [{"output_type": "display_data", "metadata": {},
                         "data": {"image/svg+xml": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'}}]}
    notebook(tmp_path / "nb.ipynb", [cell])
    path = paper(tmp_path, "# Results\n\n{{< embed nb.ipynb#fig-a >}}\n")
    assert 'alt="Old"' in html_of(path)
    notebook(tmp_path / "nb.ipynb", [{**cell, "source": "#| label: fig-a\n#| fig-cap: The new caption\nx"}])
    assert 'alt="The new caption"' in html_of(path)


def test_chunk_options_that_are_no_yaml_are_a_warning_and_a_bad_date_is_text(tmp_path):
    path = paper(tmp_path, '# Data\n\n```{r fig-a, fig.cap="A plot"}\n#| when: 2021-13-01\nplot(1)\n```\n')
    assert found(path, "quarto.chunk-option") == []  # a date YAML cannot make is read as text, not a traceback
    assert 'id="fig-a" data-number="1"' in html_of(path)
    path.write_text(path.read_text().replace("when: 2021-13-01", "when: [unclosed"))
    [unread] = found(path, "quarto.chunk-option")
    assert "unreadable YAML" in unread.message and unread.location.line == where(path, "```{r")[0]


def test_a_date_yaml_cannot_make_in_variables_or_quarto_yml_is_no_traceback(tmp_path):
    path = paper(tmp_path, "# A\n\nOn {{< var when >}}, {{< meta date >}}.\n", front="date: 2021-1-5\n",
                 **{"_variables.yml": "when: 2021-13-01\n"})
    assert "On 2021-13-01, 2021-1-5." in text_of(html_of(path))  # as written, as pandoc prints them
    (tmp_path / "b").mkdir()
    root = book(tmp_path / "b")
    (root / "_quarto.yml").write_text(BOOK + "date: 2021-13-01\n")
    [bad] = [d for d in lint_path(root) if d.code == "metadata.date"]
    assert "not a real date" in bad.message


@pytest.mark.parametrize("cell", [{"cell_type": "code", "source": [1, 2], "outputs": []},
                                  {"cell_type": "code", "source": "#| label: fig-a\n",
                                   "outputs": [{"data": {"image/png": [1]}}]}])
def test_a_malformed_notebook_cell_is_an_error_not_a_traceback(tmp_path, cell):
    notebook(tmp_path / "nb.ipynb", [cell])
    path = paper(tmp_path, "# A\n\n{{< embed nb.ipynb#fig-a >}}\n")
    [problem] = found(path, "quarto.embed")
    assert problem.location.line == where(path, "{{< embed")[0]


def test_a_conditional_div_written_in_a_code_block_is_code(tmp_path):
    div = '::: {.content-hidden when-meta="draft"}\nText.\n:::\n'
    path = paper(tmp_path, f"# A\n\n```markdown\n{div}```\n\n{div}")
    [warning] = found(path, "quarto.conditional")
    assert warning.location.line == where(path, ":::", 2)[0]
