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
