"""The web edition (briefpress build --format html): one self-contained, responsive page."""
import re

import pytest
import yaml

from briefpress.pipeline import build
from conftest import ROOT


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    result = build(ROOT, ("html",), tmp_path_factory.mktemp("web"))
    return result.outputs["html"].read_text()


def test_self_contained(page):
    # Every resource is inline: no src/href to another file, fonts as data: URLs.
    assert not re.findall(r'\bsrc="(?!data:)[^"]*"', page)
    assert not re.findall(r'url\("(?!data:)', page)
    theme = yaml.safe_load((ROOT / "templates" / "kcss" / "theme.yaml").read_text())
    assert len(re.findall(r'url\("data:font/ttf;base64,', page)) == len(theme["fonts"]["files"]) == 9
    assert '<meta name="viewport"' in page and "@media (min-width" in page


def test_citation_metadata_and_language(page):
    assert '<html lang="en">' in page
    for name, value in [("citation_title", "How Does the Serbian Security Doctrine View Kosovo"),
                        ("citation_author", "Ramadan Ilazi"), ("citation_isbn", "978-9951-842-41-9"),
                        ("citation_publication_date", "2025/03/01")]:
        assert re.search(rf'<meta name="{name}" content="{value}', page), name


def test_toc_sections_notes_both_ways_references_and_about(page):
    toc = re.search(r'<nav class="toc".*?</nav>', page, re.S).group()
    assert '<span class="number">3.1</span>' in toc and 'href="#references"' in toc and 'href="#notes"' in toc
    for n in range(1, 36):
        assert f'href="#fn-{n}" id="fnref-{n}"' in page
        assert f'<li id="fn-{n}" role="doc-endnote"><a class="back" href="#fnref-{n}"' in page
    assert page.count('<li id="ref-') == 36
    assert "About KCSS" in page and "securitybarometer.qkss.org" in page
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    for target in re.findall(r'href="#([^"]+)"', page):
        assert target in ids, target
