"""How to cite the KCSS paper itself: the credits page's block, the citation files beside the outputs,
and the web edition's JSON-LD."""
import json
import re

import pypdfium2

from briefpress import cite
from briefpress.project import load_project
from conftest import ROOT

REFERENCE = ("Ilazi, Ramadan. How Does the Serbian Security Doctrine View Kosovo, the West, Russia, and China? "
             "Kosovar Centre for Security Studies, 2025.")  # CMOS 14.116: a report gives its year


def test_credits_page_prints_how_to_cite(built):
    doc = pypdfium2.PdfDocument(built[1])
    try:
        credits = " ".join(doc[1].get_textpage().get_text_range().split())
    finally:
        doc.close()
    assert "How to cite this publication " + REFERENCE in credits
    assert credits.index("How to cite") < credits.index("© 2025")  # the whole block fits the page


def test_citation_files_are_written_beside_the_outputs(built):
    from cffconvert import Citation
    result = built[0]
    names = sorted(p.name for p in result.citations)
    assert names == ["CITATION.cff", "serbian-security-doctrine.bib", "serbian-security-doctrine.ris"]
    folder = result.outputs["pdf"].parent
    Citation((folder / "CITATION.cff").read_text()).validate()
    bib = (folder / "serbian-security-doctrine.bib").read_text()
    assert bib.startswith("@report{serbian-security-doctrine,") and "isbn = {978-9951-842-41-9}" in bib


def test_special_characters_are_escaped_in_bibtex_and_json_ld():
    meta = load_project(ROOT).metadata
    from dataclasses import replace
    odd = replace(meta, title="R&D at 50% </script>", doi="10.1234/a_b")
    assert r"title = {{R\&D at 50\% </script>}}" in cite.bibtex(odd)
    assert r"doi = {10.1234/a_b}" in cite.bibtex(odd)  # a DOI is taken literally
    ld = cite.json_ld(odd)
    assert "</script>" not in ld and json.loads(ld)["name"] == "R&D at 50% </script>"


def test_web_edition_has_json_ld_and_how_to_cite():
    from briefpress.pipeline import build_screen
    html, _ = build_screen(ROOT)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert (data["@type"], data["inLanguage"], data["datePublished"]) == ("Report", "en", "2025-03")
    assert data["author"] == [{"@type": "Person", "name": "Ramadan Ilazi"}]
    assert "How to cite this publication" in html
