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
    from briefpress.mathtex import find_math
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
