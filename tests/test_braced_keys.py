"""Braced citation keys, as pandoc writes them: ``@{key}`` for a key that the plain form cannot hold (NASA ADS
keys such as ``2019A&A....61..123H``, a key ending in punctuation, a URL). The braces are not part of the key;
the source is cited, listed and linked like any other, in the PDF and the EPUB."""
import zipfile

import pytest

from briefpress.citations import extract
from briefpress.pipeline import build
from conftest import epubcheck_problems, pdf_words

ADS = "2019A&A....61..123H"
BIB = r"""
@article{2019A&A....61..123H, author = {Hoxha, Ilirjana and Krasniqi, Arbër}, title = {Dust Lanes in Barred Galaxies},
  journal = {Astronomy and Astrophysics}, volume = {61}, pages = {123--140}, year = {2019}}
@book{Gashi., author = {Gashi, Blerina}, title = {Borders of the Western Balkans}, publisher = {Example Press}, year = {2015}}
"""
PAPER = f"""---
title: Braced Keys
bibliography: refs.bib
---

# Introduction

Disks glow [see @{{{ADS}}}, p. 130]. @{{Gashi.}} [p. 4] says so too; mail me at name@{{host}} is no citation.
"""


def test_a_braced_key_is_the_key_without_its_braces():
    text, citations = extract(PAPER, "paper.md")
    keys = [(item.key, item.locator, item.mode) for c in citations for item in c.items]
    assert keys == [(ADS, "130", "normal"), ("Gashi.", "4", "author-in-text")]
    assert "name@{host}" in text  # an address with braces after it is left alone, as pandoc does
    # the plain form stops where pandoc's does: at the second punctuation mark in a row
    assert [i.key for c in extract("[@2019A&A....61]", "a.md")[1] for i in c.items] == ["2019A&A"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("braced")
    (folder / "refs.bib").write_text(BIB, encoding="utf-8")
    (folder / "paper.md").write_text(PAPER, encoding="utf-8")
    return folder, build(folder / "paper.md", ("pdf", "epub"))  # the build verifies notes and reference list


def test_the_sources_are_cited_and_listed(built):
    _, result = built
    assert (result.notes, result.references) == (2, 2)
    text = pdf_words(result.outputs["pdf"].read_bytes())
    assert "Ilirjana Hoxha and Arbër Krasniqi, “Dust Lanes in Barred Galaxies,” Astronomy and Astrophysics 61 (2019): 130." in text
    assert "Hoxha, Ilirjana, and Arbër Krasniqi. “Dust Lanes in Barred Galaxies.”" in text


def test_the_epub_with_such_ids_passes_epubcheck(built, tmp_path):
    _, result = built
    with zipfile.ZipFile(result.outputs["epub"]) as epub:
        xhtml = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))
    assert "2019A&amp;A....61..123H" in xhtml  # the key's '&' escaped in ids and links
    assert epubcheck_problems(result.outputs["epub"], tmp_path) == []


def test_a_key_cut_short_by_the_plain_form_is_told_to_use_braces(tmp_path):
    from briefpress.lint import lint_project, read_entries
    from briefpress.project import load_project
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "paper.md").write_text(PAPER.replace(f"@{{{ADS}}}", f"@{ADS}"), encoding="utf-8")
    project = load_project(tmp_path / "paper.md")
    errors = [d for d in lint_project(project, read_entries(project)) if d.severity == "error"]
    assert [(d.code, d.location.line, d.location.col) for d in errors] == [("cite.unknown-key", 8, 12)]  # the bracket's column
    assert f"write its key in braces, @{{{ADS}}}" in errors[0].message


def test_braces_are_advised_only_for_a_key_the_plain_form_cannot_hold():
    from briefpress.citations import extract_all
    from briefpress.citation_checks import citation_problems
    entries = {"hoxha-gashi": None, "Gashi.": None}
    messages = [d.message for t in ("See [@hoxha, 4].", "See [@Gashi., 4].")
                for d in citation_problems(extract_all(t, "a.md"), entries)]
    # 'hoxha-gashi' is written @hoxha-gashi: '@hoxha' is another key (a typo), not one cut short
    assert "braces" not in messages[0] and "did you mean 'hoxha-gashi'" in messages[0]
    assert "write its key in braces, @{Gashi.}" in messages[1]
