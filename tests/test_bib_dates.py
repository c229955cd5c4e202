"""Dates as people write them -> ISO 8601 / EDTF; those that do not parse are warnings, the text kept."""
import pytest

from briefpress.bib import dates
from briefpress.bib.read import read_text


@pytest.mark.parametrize("text, iso", [
    ("2024", "2024"), ("2024-07", "2024-07"), ("2024-07-19", "2024-07-19"), ("2019/2020", "2019/2020"),
    ("2022-10-06/2022-10-07", "2022-10-06/2022-10-07"), ("2020-01/", "2020-01/"), ("../2020", "/2020"),
    ("2024-07-19T10:00:00Z", "2024-07-19"), ("July 2024", "2024-07"), ("19 July 2024", "2024-07-19"),
    ("July 19, 2024", "2024-07-19"), ("2019--2020", "2019/2020"), ("2024/7/19", "2024-07-19"), ("2020~", "2020"),
    ("2019-05?", "2019-05"),
])
def test_normalise(text, iso):
    assert dates.normalise(text) == iso


@pytest.mark.parametrize("text", ["2023-13", "2023-02-30", "forthcoming", "n.d.", "2020/soon", ""])
def test_not_dates(text):
    assert dates.normalise(text) is None


@pytest.mark.parametrize("year, month, day, iso", [
    ("2020", "", "", "2020"), ("2020", "January", "", "2020-01"), ("2020", "jan", "", "2020-01"),
    ("2020", "Jan.", "", "2020-01"), ("2020", "3", "", "2020-03"), ("2020", "11", "17", "2020-11-17"),
    ("2020", "mars", "", "2020-03"), ("2019--2020", "", "", "2019/2020"), ("2020", "Jan–Feb", "", "2020-01/2020-02"),
    ("2020", "7/8", "", "2020-07/2020-08"),
])
def test_year_month_day(year, month, day, iso):
    assert dates.from_parts(year, month, day) == iso


def test_year_and_month_fields_and_month_macros_become_date():
    bib = read_text("@article{a, title={T}, year = 2020, month = jan}\n"
                    "@article{b, title={T}, year = {2020}, month = {June}, day = {5}}\n"
                    "@online{c, title={T}, url={https://x.org}, date={2024-05}, urldate={2024-06-01}}\n", "r.bib")
    assert bib.entries["a"].get("date") == "2020-01" and "year" not in bib.entries["a"].fields
    assert bib.entries["b"].get("date") == "2020-06-05"
    assert (bib.entries["c"].get("date"), bib.entries["c"].get("urldate")) == ("2024-05", "2024-06-01")


def test_a_date_that_does_not_parse_is_a_warning_at_its_line_and_keeps_its_text():
    bib = read_text("@article{a,\n  title = {T},\n  date = {Spring 2020},\n}\n"
                    "@article{b,\n  title = {T},\n  year = {soon},\n}\n", "r.bib")
    found = {(d.code, d.severity, str(d.location)) for d in bib.problems}
    assert ("bib.date", "warning", "r.bib:3:1") in found and ("bib.date", "warning", "r.bib:7:1") in found
    assert bib.entries["a"].get("date") == "Spring 2020" and bib.entries["b"].get("date") == "soon"


@pytest.mark.parametrize("written", ["forthcoming", "in press", "n.d.", "Forthcoming"])
def test_a_year_written_as_the_works_state_is_printed_as_written_without_a_warning(written):
    """citeproc prints year = {forthcoming} as written; before, it was a warning, and a book printed 'n.d.'."""
    from briefpress import chicago
    from briefpress.bib.model import plain
    bib = read_text(f"@book{{a, author={{Vale, Jo}}, title={{Tides}}, publisher={{Sea House}}, year={{{written}}}}}\n"
                    f"@misc{{b, author={{Vale, Jo}}, title={{Tides}}, date={{{written}}}}}\n", "r.bib")
    assert [d for d in bib.problems if d.code == "bib.date"] == []
    assert plain(chicago.full_note(bib.entries["a"])) == f"Jo Vale, Tides (Sea House, {written})"
    assert plain(chicago.bibliography_entry(bib.entries["b"])).endswith(f". {written[:1].upper()}{written[1:]}".rstrip(".") + ".")


@pytest.mark.parametrize("date, note", [
    ("2019-21", "Spring 2019"),  # EDTF season; printed '2019-21' before
    ("2020-05-XX", "May 2020"),  # EDTF unspecified day; a warning before
    ("-0044-03-15", "March 15, 45 BC"),  # before 1 with a day: printed '-0044-03-15' before
    ("2020-03-15/2020-04-02", "March 15–April 2, 2020"),  # 'March 15, 2020–April 2, 2020' before
    ("2020-12-30/2021-01-02", "December 30, 2020–January 2, 2021"),
    ("2021-22/2021-23", "Summer–Autumn 2021"),  # two seasons of a year: 'Summer 2021–Autumn 2021' before
    ("2021-23/2022-21", "Autumn 2021–Spring 2022"),
    ("2021-05/2021-22", "May–Summer 2021"),
])
def test_edtf_dates_biblatex_reads_print_as_citeproc_prints_them(date, note):
    from briefpress import chicago
    from briefpress.bib.model import plain
    bib = read_text(f"@article{{a, author={{Vale, Jo}}, title={{Tides}}, journaltitle={{Sea}}, date={{{date}}}}}\n",
                    "r.bib")
    assert bib.problems == ()
    assert plain(chicago.full_note(bib.entries["a"])) == f"Jo Vale, “Tides,” Sea, {note}"
