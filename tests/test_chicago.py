"""Chicago notes-bibliography formatting: one golden note, short note and bibliography entry per source kind."""
import re
from pathlib import Path

import pytest

from briefpress import chicago
from briefpress.bibliography import parse_bibliography

GOLDEN = Path(__file__).parent / "golden"
ENTRIES = parse_bibliography((GOLDEN / "kinds.bib").read_text(), "kinds.bib")


def golden() -> dict:
    text = (GOLDEN / "chicago.txt").read_text()
    out = {}
    for block in re.split(r"(?m)^## ", text)[1:]:
        key, *lines = block.strip().splitlines()
        out[key] = {line.split(":", 1)[0]: line.split(":", 1)[1].strip() for line in lines}
    return out


EXPECTED = golden()


def test_every_kind_has_a_golden_case():
    kinds = {(e.type, e.get("entrysubtype")) for e in ENTRIES.values()}
    assert kinds == {("article", ""), ("article", "newspaper"), ("online", ""), ("online", "social"), ("report", ""),
                     ("jurisdiction", ""), ("video", "")}
    assert set(EXPECTED) == set(ENTRIES)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_forms(key):
    entry, want = ENTRIES[key], EXPECTED[key]
    assert chicago.full_note(entry, "12") == want["note"]
    assert chicago.short_note(entry, "12") == want["short"]
    assert chicago.bibliography_entry(entry) == want["bib"]


def test_punctuation_goes_inside_nested_quotes_and_is_dropped_after_a_question_mark():
    assert chicago.quoted("Tadić on Serbia’s ‘Four Pillars’", ",") == "“Tadić on Serbia’s ‘Four Pillars,’”"
    assert chicago.quoted("Did They Create Kosovo?", ",") == "“Did They Create Kosovo?”"


def test_seven_or_more_authors_are_cut_to_three_in_the_bibliography():
    from briefpress.bibliography import Name
    names = tuple(Name(f"F{i}", f"G{i}") for i in range(7))
    assert chicago.names_bib(names) == "F0, G0, G1 F1, G2 F2, et al."
    assert chicago.names_note(names) == "G0 F0 et al."


def test_sorting_ignores_diacritics_and_leading_articles():
    keys = sorted(ENTRIES, key=lambda k: chicago.sort_key(ENTRIES[k]))
    assert keys.index("journal") > keys.index("webpage")  # Němec after Human Rights Watch
    assert keys[0] == "legal"  # "Accordance ..." (no author) sorts by title
