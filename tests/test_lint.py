"""briefpress lint: every check on a project made to contain each problem once."""
import io
import json

import pytest

from briefpress.cli import main
from briefpress.lint import lint_path, sort_and_filter

CHAPTER = """# One

Text [@karcic2023] and @KCSSQKSS and [@good, p. 2].[^a][^b]

### Skipped a level

## Empty

## Links

See [the part](#no-such-part), [ok](#one), ![](pic.png) and ![A chart](missing.png).
Visit http://example.org/page and <https://exa mple.org> and <https://example.org/100%>.
This has *unclosed emphasis and more.

[^a]: Note a.
[^c]: Never called.
"""

BIB = """@online{good, title = {Good}, url = {https://example.org/good}, date = {2024}}

@online{karcic2023serbia, author = {Karčić, Hamza}, title = {T}, url = {https://example.org/k},
  date = {2023-13}}
@online{dup, title = {Dup}, url = {https://example.org/good}, doi = {10.1017}}
@online{latex, title = {L}, url = {https://example.org/a\\_b}}
"""


@pytest.fixture
def messy(tmp_path):
    (tmp_path / "manuscript").mkdir()
    (tmp_path / "manuscript" / "metadata.yaml").write_text(
        "title: T\nauthors: [A]\npublisher: {name: P}\ndate: 2025\nlanguage: english\nisbn: 978-9951-842-41-8\n")
    (tmp_path / "manuscript" / "01-one.md").write_text(CHAPTER)
    (tmp_path / "manuscript" / "pic.png").write_bytes(b"\x89PNG")
    (tmp_path / "references.bib").write_text(BIB)
    return tmp_path


def test_every_check_fires_once_at_its_place(messy):
    found = {(d.code, str(d.location)) for d in sort_and_filter(lint_path(messy))}
    m = "manuscript/01-one.md"
    expected = {
        ("cite.unknown-key", f"{m}:3:6"), ("cite.handle", f"{m}:3:24"), ("note.undefined", f"{m}:3:56"),
        ("note.unused", f"{m}:16:1"), ("heading.skip", f"{m}:5:1"), ("heading.empty", f"{m}:7:1"),
        ("link.anchor", f"{m}:11:5"), ("image.alt", f"{m}:11:44"), ("image.missing", f"{m}:11:61"),
        ("url.http", f"{m}:12:7"), ("url.malformed", f"{m}:12:35"), ("url.malformed", f"{m}:12:62"),
        ("emphasis.unbalanced", f"{m}:13:10"),
        ("bib.date", "references.bib:4:1"), ("bib.duplicate", "references.bib:5:1"), ("bib.doi", "references.bib:5:1"),
        ("bib.url", "references.bib:6:1"), ("bib.uncited", "references.bib:3:1"), ("bib.uncited", "references.bib:5:1"),
        ("bib.uncited", "references.bib:6:1"),
        ("metadata.invalid", "manuscript/metadata.yaml:5:1"), ("metadata.invalid", "manuscript/metadata.yaml:6:1"),
    }
    assert expected <= found
    assert ("heading.empty", f"{m}:9:1") not in found  # "Links" has text


def test_suggestion_in_the_message(messy):
    (d,) = [d for d in lint_path(messy) if d.code == "cite.unknown-key"]
    assert "did you mean 'karcic2023serbia'?" in d.message


def run(*argv):
    out = io.StringIO()
    return main(["lint", *argv], stdout=out, stderr=io.StringIO()), out.getvalue()


def test_cli_sorted_output_json_strict_and_ignore(messy):
    code, out = run(str(messy))
    assert code == 1
    lines = out.splitlines()[:-1]
    keys = [(l.split(":")[0], int(l.split(":")[1])) for l in lines]
    assert keys == sorted(keys)
    code, out = run(str(messy), "--format", "json")
    data = json.loads(out)
    assert {"file", "line", "column", "severity", "code", "message"} <= set(data[0])
    clean = messy / "clean"
    (clean / "manuscript").mkdir(parents=True)
    (clean / "manuscript" / "metadata.yaml").write_text("title: T\nauthors: [A]\npublisher: {name: P}\ndate: 2025\n"
                                                         "language: en\n")
    (clean / "manuscript" / "01.md").write_text("# One\n\nSee http://example.org and [@x].\n")
    (clean / "references.bib").write_text("@online{x, title = {X}, url = {https://x.org}}\n"
                                          "@online{y, title = {Y}, url = {https://y.org}}\n")
    assert run(str(clean))[0] == 0  # a warning (uncited y) and a note (http) do not fail
    assert run(str(clean), "--strict")[0] == 1
    assert run(str(clean), "--strict", "--ignore", "bib.uncited")[0] == 0
    (clean / "pyproject.toml").write_text('[tool.briefpress.lint]\nignore = ["bib.*"]\n')
    assert run(str(clean), "--strict")[0] == 0


def test_the_paper_is_clean():
    from conftest import ROOT
    assert sort_and_filter(lint_path(ROOT)) == []


def test_build_stops_on_lint_errors_before_any_output(messy):
    code = main(["build", str(messy)], stdout=io.StringIO(), stderr=io.StringIO())
    assert code == 1 and not (messy / "build").exists()


def test_escaped_markers_are_no_unpaired_emphasis_and_a_real_one_is_found_beside_them(tmp_path):
    """\\* and \\_ print a literal marker, as the author asked: no warning (there were two, one without
    a place); an unpaired * on the same line is still reported at its column."""
    paper = tmp_path / "p.md"
    paper.write_text("# A\n\nPrices \\*not emphasis\\*, \\$5, snake\\_case and *unpaired here.\n", encoding="utf-8")
    found = [(d.code, str(d.location)) for d in lint_path(paper) if d.code == "emphasis.unbalanced"]
    assert found == [("emphasis.unbalanced", f"{paper.name}:3:47")]


@pytest.mark.parametrize("fence,close,warned", [
    ("```python", "```", False), ("````", "```", True), ("~~~", "```", True), ("```", "````", False),
    ("``` {.r}", "~~~", True), ("```", "``` not a close", True),
])
def test_a_code_fence_never_closed_is_a_warning_at_its_place(fence, close, warned):
    # Markdown and pandoc print the rest of the file as code, without a word
    from briefpress.pitfalls import markdown_pitfalls
    text = f"# T\n\nText.\n\n{fence}\nprint(1)\n{close}\n\nMore text.\n"
    found = [(d.code, d.severity, d.location.line, d.location.col) for d in markdown_pitfalls(text, "t.md")]
    assert found == ([("code.unclosed", "warning", 5, 1)] if warned else [])


def test_a_rule_line_read_as_a_paragraph_s_text_is_no_unpaired_emphasis(tmp_path):
    """'___' right under a paragraph's text is that text (pandoc prints it as typed): a run of underscores between
    blanks marks nothing (it was two warnings without a place); an unpaired '_' beside it is still found."""
    paper = tmp_path / "p.md"
    paper.write_text("# A\n\n> A quote\n> ___\n\nText\n___\n\nAnd _unpaired here.\n", encoding="utf-8")
    found = [(d.code, str(d.location)) for d in lint_path(paper) if d.code == "emphasis.unbalanced"]
    assert found == [("emphasis.unbalanced", f"{paper.name}:9:5")]
    paper.write_text("# A\n\nA quote\n___\n\n___bold and em never closed.\n", encoding="utf-8")
    assert [str(d.location) for d in lint_path(paper) if d.code == "emphasis.unbalanced"] == [f"{paper.name}:6:1"]
