"""A paper in British English (lang: en-GB): its sources as citeproc prints them with CSL's en-GB
locale (‘single’ marks, “double” inside, the comma and period after them, "2nd edn", dates day
first), its own text's quotation marks as written, its date day first (CLDR's en-GB)."""
import html
import re

import pytest

from briefpress import locale
from briefpress.pipeline import build

BIB = """\
@article{ward, author={Ward, Jennifer}, title={Trust and Rivers}, journaltitle={Water Policy}, volume={21},
  number={3}, pages={401--420}, date={2019-06-14}, langid={english}}
@book{petrovic, author={Petrović, Marko}, title={Rivers without Borders}, publisher={CEP}, date={2020}, edition={2}}
@online{hoxha, author={Hoxha, Besnik}, title={Floods, Drought and the ``New'' Normal}, url={https://example.org/f},
  date={2024-03-15}}
@online{gashi, author={Gashi, Dren}, title={Dams}, url={https://example.org/d}, urldate={2025-11-02}}
@article{talks, author={Krasniqi, Arta}, title={Talks}, journaltitle={Koha Ditore}, entrysubtype={newspaper},
  date={2022-10-06/2022-10-07}}
@article{spring, author={Berisha, Lira}, title={Spring}, journaltitle={Koha Ditore}, entrysubtype={newspaper},
  date={2020-03-15/2020-04-02}}
"""
TEXT = """---
title: Rivers
lang: {lang}
date: 2026-03-15
---

# One

The author "quotes" a 'phrase', as typed.[@ward, 14] B.[@petrovic] C.[@hoxha] D.[@gashi] E.[@talks]
F.[@spring] G.[@petrovic, 3] H.[@hoxha]
"""
# pandoc 3.9 --citeproc with chicago-notes-bibliography.csl and lang: en-GB prints these (Ward's langid english:
# a source in the paper's language, in the paper's marks)
GB_NOTES = [
    "Jennifer Ward, ‘Trust and Rivers’, Water Policy 21, no. 3 (2019): 14.",
    "Marko Petrović, Rivers Without Borders, 2nd edn (CEP, 2020).",
    "Besnik Hoxha, ‘Floods, Drought and the “New” Normal’, 15 March 2024, https://example.org/f.",
    "Dren Gashi, ‘Dams’, accessed 2 November 2025, https://example.org/d.",
    "Arta Krasniqi, ‘Talks’, Koha Ditore, 6–7 October 2022.",
    "Lira Berisha, ‘Spring’, Koha Ditore, 15 March–2 April 2020.",
    "Petrović, Rivers Without Borders, 3.",
    "Hoxha, ‘Floods, Drought and the “New” Normal’.",
]
GB_REFERENCES = [
    "Berisha, Lira. ‘Spring’. Koha Ditore, 15 March–2 April 2020.",
    "Gashi, Dren. ‘Dams’. Accessed 2 November 2025. https://example.org/d.",
    "Hoxha, Besnik. ‘Floods, Drought and the “New” Normal’. 15 March 2024. https://example.org/f.",
    "Krasniqi, Arta. ‘Talks’. Koha Ditore, 6–7 October 2022.",
    "Petrović, Marko. Rivers Without Borders. 2nd edn. CEP, 2020.",
    "Ward, Jennifer. ‘Trust and Rivers’. Water Policy 21, no. 3 (2019): 401–20.",
]


def _texts(page: str, kind: str) -> list[str]:
    items = re.findall(rf'<li id="{kind}-[^"]*"[^>]*>(.*?)</li>', page, re.S)
    texts = [" ".join(html.unescape(re.sub(r"<[^>]+>", "", i)).split()).replace("↩", "").strip() for i in items]
    return [re.sub(r"^\d+\. ", "", t) for t in texts]  # a note's number


@pytest.fixture(scope="module", params=["en-GB", "en-US"])
def page(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(request.param)
    (tmp / "p.md").write_text(TEXT.replace("{lang}", request.param), encoding="utf-8")
    (tmp / "p.bib").write_text(BIB, encoding="utf-8")
    result = build(tmp / "p.md", ("html",), tmp / "out", bibs=tmp / "p.bib", theme="article")
    return request.param, result.outputs["html"].read_text(encoding="utf-8")


def test_sources_print_as_citeproc_prints_them_in_the_paper_s_english(page):
    lang, text = page
    notes, references = _texts(text, "fn"), _texts(text, "ref")
    if lang == "en-GB":
        assert notes == GB_NOTES and references == GB_REFERENCES
    else:  # American English: as before, “double” marks with the comma and period inside, month first
        assert notes[0] == "Jennifer Ward, “Trust and Rivers,” Water Policy 21, no. 3 (2019): 14."
        assert notes[1] == "Marko Petrović, Rivers Without Borders, 2nd ed. (CEP, 2020)."
        assert notes[4:6] == ["Arta Krasniqi, “Talks,” Koha Ditore, October 6–7, 2022.",
                              "Lira Berisha, “Spring,” Koha Ditore, March 15–April 2, 2020."]
        assert references[1] == "Gashi, Dren. “Dams.” Accessed November 2, 2025. https://example.org/d."


def test_the_text_keeps_its_quotation_marks_and_the_date_its_language_s_order(page):
    lang, text = page
    assert "The author “quotes” a ‘phrase’, as typed." in text
    assert ("15 March 2026" if lang == "en-GB" else "March 15, 2026") in text


def test_british_english_dates_and_marks_come_from_the_region():
    assert locale.human_date("2024-03-15", "en-GB") == "15 March 2024"
    assert locale.human_date("2024-03-15", "en-AU") == "15 March 2024"  # CLDR's own
    assert locale.human_date("2024-03-15", "en-ZZ") == "March 15, 2024"  # no such region: English
    assert locale.load("en-GB").citation_quotes == ("‘", "’", "“", "”")
    assert locale.load("en-US").citation_quotes == () and locale.load("en-GB").quote_marks == locale.load("en").quote_marks
