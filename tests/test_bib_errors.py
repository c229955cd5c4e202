"""Bad input: one clear diagnostic each, with file:line:col, never a traceback or a log line."""
import io
import logging

import pytest

from briefpress.bib.read import read_text
from briefpress.cli import main


def problems(text, name="r.bib"):
    return read_text(text, name).problems


def test_unbalanced_braces_give_one_error_where_the_entry_starts_and_later_entries_survive():
    bib = read_text("@article{ok1, title = {A}}\n\n@article{bad,\n  title = {Unclosed,\n  year = 2000}\n\n"
                    "@book{ok2, title = {B}}\n", "r.bib")
    errors = [p for p in bib.problems if p.severity == "error"]
    assert [(p.code, p.location.line, p.location.col) for p in errors] == [("bib.parse", 3, 1)]
    assert "bad" in errors[0].message and "braces" in errors[0].message
    assert set(bib.entries) == {"ok1", "ok2"} and bib.lost_keys == {"bad"}


def test_an_empty_file_is_one_message_that_says_so():
    for text in ("", "   \n", "% just a comment\n"):
        found = problems(text)
        assert len(found) == 1 and "empty" in found[0].message and found[0].code == "bib.empty"


def test_a_duplicate_field_is_an_error_at_the_fields_line_in_any_case():
    found = [p for p in problems("@article{a,\n  title = {A},\n  journal = {J},\n  Title = {B},\n}\n")
             if p.severity == "error"]
    assert [(p.code, p.location.line, p.location.col) for p in found] == [("bib.duplicate-field", 4, 3)]


def test_an_unknown_type_is_a_warning_and_read_as_misc():
    bib = read_text("@foo{a, title = {T}}", "r.bib")
    assert bib.entries["a"].type == "misc" and bib.entries["a"].source_type == "foo"
    assert [(p.code, p.severity) for p in bib.problems] == [("bib.unknown-type", "warning")]


@pytest.mark.parametrize("text, code", [
    ("@article{, title = {T}}", "bib.key"), ("@article{a b, title = {T}}", "bib.key"),
    # a key-less entry on one line (EndNote's) is a warning and given pandoc's key, as a multi-line one
    # (test_bib_manager_gaps); an entry never closed is an error
    ("@article{a, title = {T}, year = {2000}", "bib.parse"), ("@article{a, year = {2020}}", "bib.unusable"),
    ("@article{a, title = {T}}\n@book{a, title = {U}}", "bib.duplicate-key"),
    ("@article{Key, title = {T}}\n@book{key, title = {U}}", "bib.key-case"),
])
def test_only_unusable_entries_are_errors(text, code):
    errors = [p for p in problems(text) if p.severity == "error"]
    assert [p.code for p in errors] == [code]


def test_missing_fields_are_warnings_naming_the_field():
    found = problems("@book{a, author = {Doe, Jane}, title = {T}}\n")
    assert [(p.code, p.severity) for p in found] == [("bib.missing-field", "warning")]
    assert "publisher" in found[0].message and "date" in found[0].message


@pytest.mark.parametrize("text", [
    "@", "@article{", "@article{a", "\x00\x01\x7f@@@{{{", "@article{a, title=" + "{" * 3000,
    "@article{a, title=" + "{" * 2000 + "x" + "}" * 2000 + "}", "@article{a, title={" + "x" * 1_000_000 + "}}",
    '@article{a, title="x}', "@article{a, title={x\\}}", "@article{a, author={and and , , {} and others and}}",
    "@string{x = }", "@article{a, title = x # # y}", "@article{a, title={\\'}}", "}}}}", "@@article{a,}",
])
def test_nasty_input_never_raises(text, caplog):
    with caplog.at_level(logging.DEBUG):
        found = problems(text)
    assert all(p.location and p.location.line >= 1 for p in found)
    assert not [r for r in caplog.records if r.name.startswith("bibtexparser")]  # no raw parser log line


@pytest.fixture
def paper(tmp_path):
    (tmp_path / "manuscript").mkdir()
    (tmp_path / "manuscript" / "metadata.yaml").write_text(
        "title: T\nauthors: [A]\npublisher: {name: P}\ndate: 2025\nlanguage: en\n")
    (tmp_path / "manuscript" / "01-one.md").write_text("# One\n\nText [@ok1] and [@bad] and [@ok2; @missing].\n")
    (tmp_path / "references.bib").write_text(
        "@online{ok1, title = {A}, url = {https://a.org}}\n\n@online{bad,\n  title = {Unclosed,\n"
        "  url = {https://b.org}}\n\n@online{ok2, title = {B}, url = {https://c.org}}\n")
    return tmp_path


def lint(*argv):
    out = io.StringIO()
    code = main(["lint", *argv], stdout=out, stderr=io.StringIO())
    return code, out.getvalue()


def test_a_broken_entry_is_reported_once_not_at_every_citation(paper):
    code, out = lint(str(paper))
    assert code == 1
    assert "references.bib:3:1: error: cannot parse entry 'bad'" in out
    assert "'bad'" not in "".join(line for line in out.splitlines() if "cite.unknown-key" in line)
    assert "unknown citation key 'missing'" in out  # a key that is nowhere is still unknown
    assert "bibtexparser" not in out and "Traceback" not in out


@pytest.mark.parametrize("key, col", [("https://example.org/page#sec", 33), ("a~b", 10), ("a\\b", 10), ("a^b", 10),
                                      ("a|b", 10), ("a<b", 10), ("a%b", 10)])
def test_a_key_pandoc_refuses_is_one_warning_at_the_character_and_the_entry_is_read(key, col):
    # pandoc 3.9 stops at this character, "(line 1, column 33): unexpected '#'", and reads none of the file;
    # before, briefpress read it without a word, so the paper built here and nowhere else
    bib = read_text(f"@online{{{key},\n  title = {{A Page}}, date = {{2020}}, url = {{https://example.org/page}}}}\n", "r.bib")
    assert list(bib.entries) == [key]
    found = [p for p in bib.problems if p.code == "bib.key"]
    assert [(p.severity, p.location.line, p.location.col) for p in found] == [("warning", 1, col)]
    assert f"has '{key[col - 9]}'" in found[0].message and "rename the key" in found[0].message


def test_a_url_key_with_a_fragment_builds_with_its_warning(tmp_path, capsys):
    (tmp_path / "refs.bib").write_text("@online{https://example.org/page#sec, author = {Gashi, Blerina}, title = {A Page},"
                                       " date = {2020}, url = {https://example.org/page}}\n", encoding="utf-8")
    (tmp_path / "paper.md").write_text("---\ntitle: T\nbibliography: refs.bib\n---\n\nA.[@{https://example.org/page#sec}]\n",
                                       encoding="utf-8")
    assert main(["lint", str(tmp_path / "paper.md")]) == 0
    err = capsys.readouterr()
    assert "refs.bib:1:33: warning: key 'https://example.org/page#sec' has '#'" in err.out + err.err
    assert "Traceback" not in err.out + err.err


def test_a_key_with_a_double_quote_is_one_error_that_names_the_quote_and_later_entries_survive():
    # pandoc: "(line 1, column 8): unexpected '\"'"; before: "its braces do not balance (1 '{' and 0 '}')", which
    # sent the writer looking for a brace that is not missing
    bib = read_text('@book{a"b, author = {Gashi, B}, title = {T}, year = {2010}}\n'
                    "@book{ok, author = {Gashi, B}, title = {T2}, year = {2010}}\n", "r.bib")
    assert list(bib.entries) == ["ok"]
    errors = [p for p in bib.problems if p.severity == "error"]
    assert len(errors) == 1 and errors[0].code == "bib.parse" and errors[0].location.line == 1
    assert errors[0].location.col == 8  # at the quote, where pandoc stops; it was the '@'
    assert "cannot hold '\"'" in errors[0].message and "rename the key" in errors[0].message
    assert "braces" not in errors[0].message
