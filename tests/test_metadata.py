import pytest

from briefpress.diagnostics import BuildError
from briefpress.metadata import isbn_is_valid, load_metadata

GOOD = """title: A Paper
authors:
  - name: A. Author
publisher:
  name: KCSS
date: 2025-03
language: en
isbn: 978-9951-842-41-9
"""


def diags(text):
    with pytest.raises(BuildError) as exc:
        load_metadata(text, "manuscript/metadata.yaml")
    return exc.value.diagnostics


def test_valid_metadata():
    meta = load_metadata(GOOD, "m.yaml")
    assert meta.slug == "a-paper" and meta.display_date == "March 2025" and meta.iso_date == "2025-03-01"


@pytest.mark.parametrize("isbn, ok", [("978-9951-842-41-9", True), ("978-9951-842-41-8", False),
                                      ("0-306-40615-2", True), ("12345", False)])
def test_isbn_checksum(isbn, ok):
    assert isbn_is_valid(isbn) is ok


def test_bad_isbn_is_reported_at_its_line():
    (d,) = diags(GOOD.replace("41-9", "41-8"))
    assert d.code == "metadata.invalid" and "check digit" in d.message
    assert (d.location.line, d.location.col) == (8, 1)


def test_all_problems_are_reported_in_one_pass():
    text = "title: T\nlanguage: english\ndate: yesterday\nfoo: 1\n"
    codes = sorted(d.code for d in diags(text))
    assert codes == ["metadata.invalid", "metadata.invalid", "metadata.missing", "metadata.missing",
                     "metadata.unknown"]


def test_invalid_yaml_names_line_and_column():
    (d,) = diags("title: A\nauthors: [unclosed\nlanguage: en\n")
    assert d.code == "metadata.yaml-syntax" and d.location.line >= 2 and d.location.col > 0


def test_a_long_title_gives_a_file_name_cut_between_words():
    from briefpress.metadata import slugify
    title = "Water Governance in the Western Balkans: Cross-Border Rivers After 2030"
    # cut at 60 characters it ended "-rivers-": a file "…-rivers-.pdf"
    assert slugify(title) == "water-governance-in-the-western-balkans-cross-border-rivers"
    # a cut inside a word keeps the words before it whole
    assert slugify("Security Doctrines of the Western Balkans Compared Systematically") == \
        "security-doctrines-of-the-western-balkans-compared"
    assert slugify("x" * 80) == "x" * 60 and slugify("A Short Title!") == "a-short-title" and slugify("—") == "paper"
