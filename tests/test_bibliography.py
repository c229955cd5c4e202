import pytest

from briefpress.bibliography import parse_bibliography
from briefpress.diagnostics import BuildError


def errors(text):
    with pytest.raises(BuildError) as exc:
        parse_bibliography(text, "refs.bib")
    return exc.value.diagnostics


def test_latex_is_decoded_but_urls_and_dois_stay_literal():
    entries = parse_bibliography(r"""
@online{k,
  author = {Kar{\v{c}}i{\'c}, Hamza},
  title = {Costs \$1 Billion},
  url = {https://example.org/a_b%20c?x=1&y=2~z},
  doi = {10.1000/a_b%2},
  date = {2020},
}""", "refs.bib")
    e = entries["k"]
    assert e.authors[0].family == "Karčić"
    assert e.get("title") == "Costs $1 Billion"
    assert e.get("url") == "https://example.org/a_b%20c?x=1&y=2~z"
    assert e.get("doi") == "10.1000/a_b%2"


def test_organisation_in_braces_is_one_name():
    e = parse_bibliography("@online{k, author = {{Human Rights Watch}}, title = {T}, url = {https://x.org}}",
                           "refs.bib")["k"]
    assert e.authors[0].family == "Human Rights Watch" and e.authors[0].is_organisation


def test_failed_blocks_are_reported_with_their_line():
    text = "@online{a, title = {A}, url = {https://a}}\n\n@online{b, title = {B}, url = {https://b}, title = {C}}\n\n" \
           "@online{a, title = {D}, url = {https://d}}\n"
    found = {(d.location.line, d.code) for d in errors(text)}
    assert (3, "bib.duplicate-field") in found  # duplicate field in 'b'
    assert (5, "bib.duplicate-key") in found  # duplicate key 'a'


def test_syntax_error_line():
    diags = errors("@online{ok, title = {A}, url = {https://a}}\n\n\n@online{broken, title = {A}\n")
    assert [d.location.line for d in diags] == [4]
    assert diags[0].code == "bib.parse"


def test_a_missing_field_is_a_warning_and_the_entry_is_kept():
    from briefpress.bibliography import read_bibliography
    entries, diags = read_bibliography("@article{j, author = {A, B}, title = {T}, date = {2020}}", "refs.bib")
    assert "j" in entries
    assert [(d.severity, d.code) for d in diags if "journaltitle" in d.message] == [("warning", "bib.missing-field")]


def test_keys_differing_only_by_case():
    diags = errors("@online{Key, title = {A}, url = {https://a}}\n@online{key, title = {B}, url = {https://b}}")
    assert diags[0].code == "bib.key-case" and diags[0].location.line == 2


def test_the_paper_bibliography_has_its_diacritics():
    from conftest import ROOT
    entries = parse_bibliography((ROOT / "references.bib").read_text(), "references.bib")
    families = {a.family for e in entries.values() for a in e.authors}
    assert {"Karčić", "Němec", "Zorić", "Rankić"} <= families
