"""CSL-JSON and CSL-YAML bibliographies -> the same model as BibTeX."""
from pathlib import Path

from briefpress.bib.read import read_bibliographies, read_text
from briefpress.source_files import SourceFile

FIXTURES = Path(__file__).parent / "fixtures" / "bib"


def read(name):
    path = FIXTURES / name
    return read_bibliographies([SourceFile(path, name, path.read_text(encoding="utf-8"))])


def test_csl_json_types_variables_names_and_dates():
    bib = read("corpus.json")
    e = bib.entries
    a = e["csl-article"]
    assert (a.type, a.get("journaltitle"), a.get("volume"), a.get("number"), a.get("pages")) == \
        ("article", "Journal of Southeast European Studies", "24", "3", "301-327")
    assert a.get("title") == "Border Regimes and <i>De Facto</i> States"  # CSL markup kept as rich text
    assert (a.get("date"), a.get("doi"), a.line) == ("2022-09", "10.5555/jsees.2022.301", 2)
    assert [n.family for n in a.authors] == ["Hoxha", "Đorđević"]
    assert (e["csl-magazine"].type, e["csl-magazine"].get("entrysubtype")) == ("article", "magazine")
    assert e["csl-news"].get("entrysubtype") == "newspaper" and e["csl-news"].get("date") == "2021-12-30"
    book = e["csl-book"]
    assert (book.authors[0].particle, book.role("translator")[0].family) == ("van den", "Lefèvre")
    assert (book.get("publisher"), book.get("location"), book.get("series"), book.get("edition")) == \
        ("Brill", "Leiden", "Studies in Diplomacy", "2")
    assert e["csl-chapter"].type == "incollection" and e["csl-chapter"].get("booktitle") == \
        "The Balkans after Enlargement"
    assert (e["csl-thesis"].type, e["csl-thesis"].get("type"), e["csl-thesis"].get("institution")) == \
        ("thesis", "phdthesis", "University of Prishtina")
    report = e["csl-report"]
    assert report.authors[0].literal and report.get("urldate") == "2024-01-15"
    assert e["csl-web"].type == "online" and e["csl-web"].get("organization") == "United Nations"
    assert e["csl-case"].type == "jurisdiction" and e["csl-case"].get("institution") == \
        "International Court of Justice"
    assert e["csl-range"].get("date") == "2010/2012"
    king, fontaine = e["csl-others"].authors[1:]
    assert (king.suffix, fontaine.particle) == ("Jr.", "de la")


def test_csl_problems_are_warnings_with_the_item_line():
    bib = read("corpus.json")
    found = {(p.code, p.location.line) for p in bib.problems}
    assert ("bib.date", 57) in found and ("bib.unknown-type", 59) in found
    assert bib.entries["csl-baddate"].get("date") == "sometime soon"
    assert bib.entries["csl-unknown"].type == "misc"


def test_csl_yaml_with_pandoc_references_and_plain_dates():
    bib = read("corpus.yaml")
    e = bib.entries
    assert len(e) == 10 and not [p for p in bib.problems if p.severity == "error"]
    a = e["yaml-article"]
    assert (a.get("date"), a.get("volume"), a.line) == ("2018-11", "12", 4)
    assert a.get("title") == "Turkey's <i>Soft Power</i> in the Balkans"
    assert e["yaml-book"].get("date") == "2017" and e["yaml-report"].get("date") == "2023-11-08"
    assert e["yaml-chapter"].role("editor")[0].particle == "de"
    assert e["yaml-thesis"].get("type") == "mathesis"
    assert e["yaml-web"].get("urldate") == "2024-02-01"
    assert e["yaml-cyrillic"].authors[0].family == "Пешић"


def test_a_plain_list_and_bad_files_give_diagnostics_not_tracebacks():
    assert list(read_text("- id: k\n  type: book\n  title: T\n", "b.yml").entries) == ["k"]
    for text, name in [("[{", "b.json"), ("{}", "b.json"), ("- id: [", "b.yaml"), ("", "b.json"),
                       ('[{"title": "no id"}, {"id": "a b", "title": "T"}]', "b.json")]:
        bib = read_text(text, name)
        assert bib.problems and all(p.location.line >= 1 for p in bib.problems), text


def test_one_bad_yaml_date_is_one_warning_not_a_failed_file():
    bib = read_text("references:\n- id: y\n  type: book\n  title: T\n  issued: 2020-02-30\n"
                    "- id: z\n  type: book\n  title: U\n  issued: 2021-03-04\n", "b.yaml")
    assert set(bib.entries) == {"y", "z"} and bib.entries["z"].get("date") == "2021-03-04"
    assert [(p.code, p.location.line) for p in bib.problems if p.code == "bib.date"] == [("bib.date", 2)]
