"""Metadata blocks after the front matter (pandoc's yaml_metadata_block anywhere in the file): merged with
the front matter at their own lines, the later value winning, and taken out of the text."""
import pytest

from briefpress.diagnostics import BuildError
from briefpress.front_matter import split_front
from briefpress.metadata_blocks import merge
from briefpress.project import load_project

TEXT = """---
title: Blocks
nocite: "@first"
---

# Intro

Text.

---
nocite: |
  @second
lang: en-GB
---

```
---
code: not metadata
---
```

---

A rule, then text.

---
Not a field, a line of text
---

---
bibliography: refs.bib
...
"""


def test_later_blocks_join_the_front_matter_at_their_lines_and_leave_the_text():
    front, body = split_front(TEXT, "p.md")
    yaml_text, rest = merge(front, body, 2)
    lines = TEXT.split("\n")
    merged = yaml_text.split("\n")
    for field in ("lang: en-GB", "bibliography: refs.bib", "  @second"):
        assert merged[lines.index(field) - 1] == field  # line N of the file is line N - 1 of the YAML
    assert 'nocite: "@first"' not in yaml_text  # set again further down: the later value, as pandoc
    assert rest.count("\n") == TEXT.count("\n")
    for kept in ("code: not metadata", "A rule, then text.", "Not a field, a line of text"):
        assert kept in rest
    assert "lang: en-GB" not in rest and "bibliography" not in rest and "@second" not in rest


def test_a_single_file_reads_them_and_reports_their_fields_at_their_lines(tmp_path):
    (tmp_path / "refs.bib").write_text("@book{second, author={Doe, Jane}, title={Second Book}, date={2001}}\n")
    (tmp_path / "p.md").write_text(TEXT)
    project = load_project(tmp_path / "p.md")
    assert project.metadata.nocite == ("second",)
    assert [b.name for b in project.bibliographies] == ["refs.bib"]
    assert project.metadata.language == "en-GB"
    text = project.chapters[0].text
    assert "bibliography" not in text and "A rule, then text." in text

    bad = TEXT.replace("lang: en-GB", "langauge: en-GB")
    (tmp_path / "p.md").write_text(bad)
    project = load_project(tmp_path / "p.md", lenient=True)
    where = [(p.code, p.location.line) for p in project.problems if p.code == "metadata.unknown"]
    assert where == [("metadata.unknown", bad.split("\n").index("langauge: en-GB") + 1)]


def test_broken_yaml_in_a_later_block_stops_the_build_at_its_line(tmp_path):
    (tmp_path / "p.md").write_text("---\ntitle: T\n---\n\nText.\n\n---\nnocite: [unclosed\n---\n")
    with pytest.raises(BuildError) as caught:
        load_project(tmp_path / "p.md")
    assert [(d.code, d.location.line) for d in caught.value.diagnostics] == [("metadata.yaml-syntax", 9)]


def test_a_chapter_of_a_project_with_a_metadata_block_is_told_where_metadata_goes(tmp_path):
    from briefpress.lint import lint_project
    manuscript = tmp_path / "manuscript"
    manuscript.mkdir()
    (manuscript / "metadata.yaml").write_text("title: P\nauthors: [A. Writer]\ndate: 2026-01-01\n")
    (tmp_path / "references.bib").write_text("")
    (manuscript / "01-one.md").write_text("---\nnocite: '@*'\n---\n\n# One\n\nText.\n\n---\nfoo: bar\n---\n\nEnd.\n")
    project = load_project(tmp_path, lenient=True)
    from briefpress.lint import read_entries
    found = [(d.code, d.location.line) for d in lint_project(project, read_entries(project))
             if d.severity == "error"]
    assert found == [("metadata.in-chapter", 1), ("metadata.in-chapter", 9)]  # not chapter.no-title as well
    (said, *_) = [d.message for d in lint_project(project, read_entries(project)) if d.code == "metadata.in-chapter"]
    assert said.endswith("(if it is text between two rules, put a blank line after the first '---')")


def test_references_at_the_end_of_a_single_file_are_its_sources_with_their_lines(tmp_path):
    from briefpress.pipeline import parse
    end = "---\nreferences:\n- id: lane2019\n  type: book\n  author:\n  - family: Lane\n    given: Ida\n" \
          "  title: Harbour Towns\n  issued:\n    date-parts: [[2019]]\n- id: bad\n  type: book\n  titel: Oops\n---\n"
    text = "---\ntitle: End Refs\n---\n\n# Intro\n\nText [@lane2019].\n\n" + end
    (tmp_path / "p.md").write_text(text)
    with pytest.raises(BuildError) as caught:
        parse(tmp_path / "p.md")
    assert [(d.code, d.location.line) for d in caught.value.diagnostics] == \
        [("bib.unusable", text.split("\n").index("- id: bad") + 1)]
    (tmp_path / "p.md").write_text(text.replace("- id: bad\n  type: book\n  titel: Oops\n", ""))
    document = parse(tmp_path / "p.md").document
    assert [r.key for r in document.references] == ["lane2019"] and "Harbour Towns" in document.notes[0].html


def test_a_block_in_an_html_comment_or_in_a_longer_fence_is_not_metadata():
    # pandoc leaves both alone: commented-out fields were read (a 'nocite' taken back still cited), and
    # a ```` fence holding ``` lines was taken as closed by its first ```
    from briefpress.metadata_blocks import blocks
    commented = "# T\n\nText.\n\n<!--\n\n---\nnocite: '@b'\n---\n\n-->\n\n---\nlang: de\n---\n"
    assert blocks(commented.split("\n")) == [(12, 14)]
    fenced = "# T\n\n````markdown\n```\n\n---\nnocite: '@b'\n---\n```\n````\n\n~~~~\n~~~ not a closer\n\n---\na: 1\n---\n~~~~\n"
    assert blocks(fenced.split("\n")) == []
    assert blocks("# T\n\nWrite `<!--` to open a comment.\n\n---\nlang: de\n---\n".split("\n")) == [(4, 6)]
    front, body = split_front("---\ntitle: T\nnocite: '@a'\n---\n\n" + commented, "p.md")
    yaml_text, rest = merge(front, body, 2)
    assert "'@a'" in yaml_text and "'@b'" not in yaml_text and "nocite: '@b'" in rest


def test_text_between_two_rules_read_as_metadata_is_told_how_to_stay_text(tmp_path):
    # pandoc reads "Note: ..." between two rules as a field too; the warning named only the unknown field
    # ("did you mean 'nocite'?"), not why a line of text was one nor how to keep it as text
    from briefpress.lint import lint_path
    (tmp_path / "p.md").write_text("---\ntitle: T\n---\n\n# One\n\nText.\n\n---\nNote: this matters\n---\n\nMore.\n")
    (said,) = [d for d in lint_path(tmp_path / "p.md") if d.code == "metadata.unknown"]
    assert said.location.line == 10
    assert "the '---' block from line 9 is metadata, as in pandoc; if it is text, put a blank line after that '---'" \
        in said.message
    (tmp_path / "p.md").write_text("---\ntitle: T\n---\n\n# One\n\nText.\n\n---\nNote: this is it: yes\n---\n")
    with pytest.raises(BuildError) as caught:  # broken YAML, as pandoc finds it too
        load_project(tmp_path / "p.md")
    (said,) = caught.value.diagnostics
    assert (said.code, said.location.line) == ("metadata.yaml-syntax", 10) and "blank line after that '---'" in said.message
    (tmp_path / "p.md").write_text("---\ntitle: T\nnocite: '@x'\ntitel: X\n---\n\n# One\n")
    (said,) = [d for d in lint_path(tmp_path / "p.md") if d.code == "metadata.unknown"]
    assert "blank line" not in said.message  # the front matter's own fields are not text


def test_a_file_with_a_percent_title_block_reads_its_later_blocks_too(tmp_path):
    # they were left in the text, and lint took them for a chapter's metadata (metadata.in-chapter), an error
    from briefpress.lint import lint_path
    text = "% My Title\n% A. Writer\n% 2026-01-01\n\n# One\n\nText.\n\n---\nnocite: '@*'\nlangauge: de\n---\n"
    (tmp_path / "p.md").write_text(text)
    project = load_project(tmp_path / "p.md", lenient=True)
    assert (project.metadata.title_text, project.metadata.nocite) == ("My Title", ("*",))
    assert [(d.code, d.location.line) for d in lint_path(tmp_path / "p.md") if d.severity != "info"] == \
        [("metadata.unknown", 11)]


def test_a_block_in_a_file_a_single_file_includes_is_told_where_its_fields_go(tmp_path):
    # it was told that "a project keeps its metadata in manuscript/metadata.yaml", which a single file has not
    from briefpress.lint import lint_path
    (tmp_path / "p.qmd").write_text("---\ntitle: T\n---\n\n# One\n\nText.\n\n{{< include _end.qmd >}}\n")
    (tmp_path / "_end.qmd").write_text("\n---\nnocite: '@*'\n---\n")
    (said,) = [d for d in lint_path(tmp_path / "p.qmd") if d.code == "metadata.in-chapter"]
    assert (said.location.path, said.location.line) == ("_end.qmd", 2)
    assert "an included file; move these fields to the front matter of the file that includes it" in said.message
