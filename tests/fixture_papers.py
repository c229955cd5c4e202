"""A small paper written for these tests (math, code, symbols, a Cyrillic heading, a heading that wraps),
built once per session to PDF, EPUB and the web edition; and helpers to read the results."""

import zipfile
from pathlib import Path

import pytest
from conftest import epubcheck_problems

METADATA = """\
title: "Formulas, Listings and Symbols"
slug: sampler
authors:
  - name: Test Author
publisher:
  name: Test Institute
  short_name: TI
  web: [example.org]
  social: []
  about: A made-up institute that publishes test papers.
date: "2024-05"
language: en
"""

CHAPTERS = {
    "01-formulas.md": r"""# Formulas

The ratio $a_1 * b_2 + c_3 * d$ stays math, and so does \(x@y\); *this* is emphasis.
A price of $20 and $30 is not math. A source is cited [@roe2021, p. 4].

$$ \int_0^1 f(x)\,dx \ge \sqrt{2} $$ {#eq:area}

\begin{equation}
E = mc^2
\end{equation}

\begin{equation*}
a^2 + b^2 = c^2
\end{equation*}

It holds where $p<q$ (the XHTML stays well-formed).
An odd command $\notacommand{x}$ is shown as source.
""",
    "02-listings.md": """# Listings

Call `parse_input(text) * 2_000` inline.

```python
def area(radius):
    # the comment
    return 3.14159 * radius ** 2  # a comment long enough to run past the right margin of the page, and on, and on, and on
```

~~~
a plain block without a language
~~~
""",
    "03-symbols.md": """# Symbols

Change ∆ leads → to ≥ growth; √2 ≈ 1.41, ∞ ∑ ≠ ± and a star ★.
""",
    "04-cyrillic.md": """# Безбедносна стратегија Србије

Текст поглавља на ћирилици.
""",
    "05-long.md": """# A heading long enough that its entry in the table of contents has to wrap onto a second line

Text.
""",
}

BIB = """\
@book{roe2021,
  author = {Roe, Richard},
  title = {Counting and Friends},
  publisher = {Example Press},
  date = {2021},
}
"""


def write_project(root: Path, chapters=None, bib: str = BIB) -> Path:
    (root / "manuscript").mkdir(parents=True, exist_ok=True)
    (root / "manuscript" / "metadata.yaml").write_text(METADATA, encoding="utf-8")
    for name, text in (chapters or CHAPTERS).items():
        (root / "manuscript" / name).write_text(text, encoding="utf-8")
    (root / "references.bib").write_text(bib, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def sampler(tmp_path_factory):
    """(BuildResult, pdf bytes, {epub file: bytes}, web edition HTML, epub path) of the test paper."""
    from briefpress.pipeline import build

    root = write_project(tmp_path_factory.mktemp("sampler"))
    result = build(root, ("pdf", "epub", "html"))
    with zipfile.ZipFile(result.outputs["epub"]) as z:
        files = {n: z.read(n) for n in z.namelist()}
    return result, result.outputs["pdf"].read_bytes(), files, result.outputs["html"].read_text(), result.outputs["epub"]


@pytest.fixture(scope="session")
def sampler_epubcheck(sampler, tmp_path_factory):
    """EPUBCheck's fatals, errors and warnings on the test paper's EPUB (run once)."""
    return epubcheck_problems(sampler[4], tmp_path_factory.mktemp("epubcheck"))


def page_texts(pdf: bytes) -> list[str]:
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].get_textpage().get_text_bounded() for i in range(len(doc))]
    finally:
        doc.close()
