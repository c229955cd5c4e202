"""Chicago notes-bibliography formatting: one golden note, short note and bibliography entry per source kind
of the KCSS paper, in the KCSS house forms (templates/kcss/theme.yaml, bibliography: house:), and the plain
CMOS 18 forms where the house differs."""
import re
from pathlib import Path

import pytest

from briefpress import chicago
from briefpress.bibliography import parse_bibliography
from briefpress.theme_config import load_settings

GOLDEN = Path(__file__).parent / "golden"
ENTRIES = parse_bibliography((GOLDEN / "kinds.bib").read_text(), "kinds.bib")
KCSS = chicago.Style.from_settings(load_settings(Path(__file__).parent.parent / "templates/kcss"))


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
    assert chicago.full_note(entry, "12", style=KCSS) == want["note"]
    assert chicago.short_note(entry, "12", style=KCSS) == want["short"]
    assert chicago.bibliography_entry(entry, KCSS) == want["bib"]


def test_the_kcss_house_forms_are_switches_and_cmos_18_is_the_default():
    from dataclasses import replace
    assert KCSS != chicago.CMOS
    report = ENTRIES["report"]
    journal = replace(ENTRIES["journal"], fields={k: v for k, v in ENTRIES["journal"].fields.items()
                                                  if k not in ("volume", "number")})
    web = replace(ENTRIES["webpage"], names={}, fields={**ENTRIES["webpage"].fields, "organization": "HRW"})
    assert "(Working paper no. 5, PAVE Project, 2022)" in chicago.full_note(report, style=KCSS)
    assert "</em>, Working paper no. 5 (PAVE Project, 2022)" in chicago.full_note(report)
    assert "</em>. Working Paper No. 5. PAVE Project, 2022." in chicago.bibliography_entry(report)
    assert "<em>Nationalities Papers</em> (2024): 1–16" in chicago.bibliography_entry(journal, KCSS)
    assert "<em>Nationalities Papers</em>, 2024, 1–16" in chicago.bibliography_entry(journal)
    assert chicago.bibliography_entry(web).startswith("HRW. “Yugoslav")  # CMOS 18 14.104: under its owner
    assert chicago.bibliography_entry(web, KCSS).startswith("“Yugoslav")
    assert chicago.full_note(web) == chicago.full_note(web, style=KCSS)  # the note keeps the title first


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


def test_a_house_switch_is_checked_at_its_line(tmp_path):
    import shutil
    from briefpress.theme_config import theme_problems
    kcss = Path(__file__).parent.parent / "templates/kcss"
    text = (kcss / "theme.yaml").read_text(encoding="utf-8")
    shutil.copytree(kcss / "fonts", tmp_path / "fonts")  # a theme reads no folder outside templates/
    text = text.replace("website_owner_leads: false", "website_owner_leads: maybe\n    report_italic: true")
    (tmp_path / "theme.yaml").write_text(text, encoding="utf-8")
    problems = {p.code: p for p in theme_problems(tmp_path)}
    assert set(problems) == {"theme.invalid", "theme.unknown"}, problems
    assert "website_owner_leads' must be true or false" in problems["theme.invalid"].message
    assert "report_italic" in problems["theme.unknown"].message
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "website_owner_leads" in s)
    assert problems["theme.invalid"].location.line == line


def test_a_malformed_house_setting_falls_back_to_cmos_18_without_a_traceback():
    # theme_config reports the problem at its line; lint still formats the document meanwhile
    for settings in (None, {}, {"bibliography": ["x"]}, {"bibliography": {"house": "yes"}},
                     {"bibliography": {"house": {"website_owner_leads": "no", "unknown": True}}}):
        assert chicago.Style.from_settings(settings) == chicago.CMOS


def _cite(text: str, entry, seen: bool) -> str:
    from briefpress.citations import Citation, parse_bracket
    from briefpress.note_text import format_citation
    return format_citation(Citation(parse_bracket(text), None), {"k": entry}, {"k"} if seen else set())


def test_a_comma_or_period_after_a_quoted_title_goes_inside_the_quotation_marks():
    # CMOS 18 6.9: whatever follows the title in a citation (a locator, a suffix), the comma is inside
    from briefpress.bib.model import Entry, Name
    article = Entry(key="k", type="article", fields={"title": "Border Regimes in the Balkans", "journaltitle": "J",
                                                    "volume": "3", "date": "2020"}, names={"author": (Name("Hoxha", "Arbër"),)})
    assert _cite("@k, 5", article, seen=True) == "Hoxha, “Border Regimes,” 5."
    assert _cite("@k, and passim", article, seen=True) == "Hoxha, “Border Regimes,” and passim."
    nested = Entry(key="k", type="online", fields={"title": "On the ‘Four Pillars’", "url": "https://example.com"},
                   names={"author": (Name("Hoxha", "Arbër"),)})
    assert _cite("@k, and passim", nested, seen=True) == "Hoxha, “On the ‘Four Pillars,’” and passim."
    asked = Entry(key="k", type="online", fields={"title": "Did They Create Kosovo?", "url": "https://example.com"},
                  names={"author": (Name("Hoxha", "Arbër"),)})
    assert _cite("@k, and passim", asked, seen=True) == "Hoxha, “Did They Create Kosovo?” and passim."
    assert chicago.add_suffix("Hoxha, <em>Parents’</em>", ", and passim") == "Hoxha, <em>Parents’</em>, and passim"
    assert chicago.add_suffix("Hoxha, “Title”", "; see below") == "Hoxha, “Title”; see below"  # CMOS 6.10
    # a parenthetical or an ampersand follows the locator after a space, as written (it took a comma)
    assert chicago.add_suffix("Hoxha, “Title,” 12", "(emphasis added)") == "Hoxha, “Title,” 12 (emphasis added)"
    assert chicago.add_suffix("Hoxha, “Title,” 200", "& n.3") == "Hoxha, “Title,” 200 & n.3"


def test_a_locator_written_with_a_tex_tie_is_a_page_locator():
    from briefpress.bib.model import Entry, Name
    from briefpress.citations import parse_locator
    article = Entry(key="k", type="article", fields={"title": "Border Regimes in the Balkans", "journaltitle": "J",
                                                    "volume": "3", "date": "2020"}, names={"author": (Name("Hoxha", "Arbër"),)})
    assert parse_locator(", p.~5") == ("5", "page", "")
    assert parse_locator(", pp.~5--7, and passim") == ("5–7", "page", ", and passim")
    assert parse_locator(", chap.~3") == ("3", "chapter", "")
    assert _cite("@k, p.~5", article, seen=True) == "Hoxha, “Border Regimes,” 5."
    assert _cite("@k, p.~5", article, seen=False) == "Arbër Hoxha, “Border Regimes in the Balkans,” <em>J</em> 3 (2020): 5."


def test_a_title_ending_in_a_question_or_exclamation_mark_takes_no_period_after_it():
    # CMOS 18 6.133: the question mark or exclamation point replaces the period, inside or outside italics
    from briefpress.bib.model import Entry, Name
    by = {"author": (Name("Hoxha", "Arbër"),)}
    book = Entry(key="k", type="book", fields={"title": "Why Kosovo?", "publisher": "Pub", "date": "2020"}, names=by)
    assert chicago.bibliography_entry(book) == "Hoxha, Arbër. <em>Why Kosovo?</em> Pub, 2020."
    report = Entry(key="k", type="report", fields={"title": "Stop Now!", "institution": "KCSS", "date": "2020"},
                   names=by)
    assert chicago.bibliography_entry(report) == "Hoxha, Arbër. <em>Stop Now!</em> KCSS, 2020."
    assert chicago.bibliography_entry(report, KCSS) == "Hoxha, Arbër. <em>Stop Now!</em> KCSS, 2020."
    law = Entry(key="k", type="misc", fields={"title": "Act No. 5 of the U.S.", "date": "2020"})
    assert ".</em>." not in chicago.bibliography_entry(law) and "..</em>" not in chicago.bibliography_entry(law)


def test_an_elided_year_takes_an_apostrophe_not_an_opening_quote():
    bib = parse_bibliography("""@inproceedings{acm19, author = {Ana Berisha}, title = {Ranking Sources},
      booktitle = {Proceedings of BSC '19}, series = {BSC '19}, year = {2019}, publisher = {ACM}}
      @article{q, author = {Ana Berisha}, title = {On '19 Ways to Read},
      journaltitle = {Journal of 'Quoted 19' Things}, year = {2020}}""", "x.bib")
    note = chicago.full_note(bib["acm19"], "")
    assert "BSC ’19 (ACM" in note and "Proceedings of BSC ’19</em>" in note and "'" not in note
    # a single quote that closes later in the same text is a quotation, whatever follows it
    assert "‘Quoted 19’" in chicago.full_note(bib["q"], "")


def test_a_book_title_in_a_chapter_entry_sets_its_own_italics_in_roman():
    bib = parse_bibliography("""@incollection{c, author = {Ana Berisha}, title = {Reading Again},
      booktitle = {Essays on \\emph{Hamlet}}, editor = {Ben Dida}, year = {2019}, publisher = {ACM}}""", "x.bib")
    assert "in <em>Essays on </em>Hamlet, ed. Ben Dida" in chicago.full_note(bib["c"], "")
