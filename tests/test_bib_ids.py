"""biblatex ``ids`` (an entry's other keys) and the fields a reader must understand without printing them."""
from briefpress.bib.read import read_text
from briefpress.document import build_document
from briefpress.metadata import load_metadata
from briefpress.source_files import SourceFile

IDS = """@book{hoxha2020,
  ids = {hoxha2019, hoxhaBorder},
  author = {Hoxha, Ilirjana}, title = {Border Management}, publisher = {KCSS}, date = {2020}}
@online{krasniqi2021, author = {Krasniqi, Arbër}, title = {Dialogue Notes}, url = {https://example.org/d},
  date = {2021}}
"""


def test_an_id_cites_the_entry():
    bib = read_text(IDS, "refs.bib")
    assert not bib.problems
    assert bib.aliases == {"hoxha2019": "hoxha2020", "hoxhaBorder": "hoxha2020"}
    assert {"hoxha2019", "hoxhaBorder", "hoxha2020"} <= bib.known_keys
    assert bib.citable()["hoxhaBorder"] is bib.entries["hoxha2020"]
    assert list(bib.entries) == ["hoxha2020", "krasniqi2021"]  # listed once, under its key


def test_citing_by_key_and_by_id_is_one_source_one_full_note_one_reference():
    bib = read_text(IDS, "refs.bib")
    meta = load_metadata("title: T\nlanguage: en\n", "m.yaml", strict=False)
    text = "# One\n\nA [@hoxha2019]. B [@hoxha2020]. C [@krasniqi2021].\n"
    d = build_document(meta, [SourceFile(None, "manuscript/01.md", text)], bib.citable())
    assert d.notes[0].html.startswith("Ilirjana Hoxha, <em>Border Management</em>")
    assert d.notes[1].html.startswith("Hoxha, <em>Border Management</em>")  # the short form: already cited
    assert d.notes[0].keys == ("hoxha2020",)
    assert [r.key for r in d.references] == ["hoxha2020", "krasniqi2021"]


def test_nocite_everything_lists_each_entry_once_not_its_ids():
    bib = read_text(IDS, "refs.bib")
    meta = load_metadata("title: T\nlanguage: en\nnocite: '@*'\n", "m.yaml", strict=False)
    d = build_document(meta, [SourceFile(None, "manuscript/01.md", "# One\n\nText.\n")], bib.citable())
    assert [r.key for r in d.references] == ["hoxha2020", "krasniqi2021"]


def test_an_id_that_is_another_key_is_an_error_at_the_id():
    text = IDS.replace("ids = {hoxha2019, hoxhaBorder}", "ids = {hoxha2019,\n         krasniqi2021}")
    bib = read_text(text, "refs.bib")
    (problem,) = bib.problems
    assert (problem.severity, problem.code) == ("error", "bib.ids")
    assert (problem.location.path, problem.location.line, problem.location.col) == ("refs.bib", 3, 10)
    assert "krasniqi2021" in problem.message and "refs.bib:5" in problem.message
    assert "krasniqi2021" not in bib.aliases


def test_an_id_of_two_entries_is_an_error_at_the_second():
    text = IDS.replace("@online{krasniqi2021,", "@online{krasniqi2021, ids = {hoxhaBorder},")
    bib = read_text(text, "refs.bib")
    (problem,) = bib.problems
    assert problem.code == "bib.ids" and "already an id of 'hoxha2020'" in problem.message
    assert (problem.location.line, problem.location.col) == (4, 30)
    assert bib.aliases["hoxhaBorder"] == "hoxha2020"


def test_an_entrys_own_key_among_its_ids_is_harmless():
    bib = read_text("@misc{a, ids = {a, b}, title = {T}}", "r.bib")
    assert not bib.problems and bib.aliases == {"b": "a"}


def test_csl_citation_key_is_an_id():
    bib = read_text('[{"id": "item1", "type": "book", "title": "T", "citation-key": "hoxha2020"}]', "r.json")
    assert bib.aliases == {"hoxha2020": "item1"}


def test_related_entries_are_read_and_a_missing_one_is_a_warning():
    text = """@book{orig, author = {Hoxha, Ilirjana}, title = {Kufiri}, date = {2018}, publisher = {KCSS},
  related = {transl, missing}, relatedtype = {translatedas}}
@book{transl, author = {Hoxha, Ilirjana}, title = {The Border}, date = {2020}, publisher = {KCSS}}
"""
    bib = read_text(text, "r.bib")
    assert bib.entries["orig"].get("related") == "transl, missing"
    assert bib.entries["orig"].get("relatedtype") == "translatedas"
    problems = [(p.severity, p.code, p.location.line) for p in bib.problems]
    assert problems == [("warning", "bib.related", 2)]
    assert "'missing'" in bib.problems[0].message and "transl'" not in bib.problems[0].message
    fixed = read_text(text.replace("transl, missing", "transl"), "r.bib")
    assert [(p.severity, p.code) for p in fixed.problems] == [("info", "bib.related")]
    assert "(translatedas) are not printed" in fixed.problems[0].message


def test_sorting_and_other_biblatex_fields_pass_through():
    text = r"""@book{b, author = {de Gaulle, Charles}, title = {M{\'e}moires}, date = {1954}, publisher = {Plon},
  sortname = {Gaulle, Charles de}, sortkey = {gaulle}, presort = {mm}, sorttitle = {Memoires},
  sortyear = {1954}, shorthand = {MdG}, options = {useprefix=false,skipbib=false},
  keywords = {history, france}, langid = {french}, language = {English and French}}
"""
    bib = read_text(text, "r.bib")
    assert not bib.problems
    e = bib.entries["b"]
    assert [n.family for n in e.role("sortname")] == ["Gaulle"]
    assert (e.get("sortkey"), e.get("presort"), e.get("sorttitle"), e.get("sortyear")) == ("gaulle", "mm", "Memoires", "1954")
    assert (e.get("shorthand"), e.get("options"), e.get("keywords")) == ("MdG", "useprefix=false,skipbib=false",
                                                                           "history, france")
    assert e.language == "french"  # langid (the source's language) wins over language (a printed note)
    assert e.get("language") == "English and French"


def test_bibtex_key_field_is_the_sort_key():
    bib = read_text("@book{b, key = {Anon}, title = {T}, publisher = {P}, year = {2001}}", "r.bib")
    assert bib.entries["b"].get("sortkey") == "Anon"


def test_lint_knows_a_citation_by_id(tmp_path):
    import io

    from briefpress.cli import main
    (tmp_path / "manuscript").mkdir()
    (tmp_path / "manuscript" / "metadata.yaml").write_text(
        "title: T\nauthors: [A]\npublisher: {name: P}\ndate: 2025\nlanguage: en\n")
    (tmp_path / "manuscript" / "01-one.md").write_text("# One\n\nSee [@hoxhaBorder] and [@krasniqi2021].\n")
    (tmp_path / "references.bib").write_text(IDS)
    out = io.StringIO()
    assert main(["lint", str(tmp_path)], stdout=out, stderr=io.StringIO()) == 0
    assert "cite.unknown-key" not in out.getvalue() and "bib.uncited" not in out.getvalue()
    (tmp_path / "manuscript" / "01-one.md").write_text("# One\n\nSee [@hoxhaBorderX].\n")
    assert main(["lint", str(tmp_path)], stdout=(out := io.StringIO()), stderr=io.StringIO()) == 1
    assert "cite.unknown-key" in out.getvalue()
