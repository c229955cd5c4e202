"""BibTeX / biblatex as reference managers and people write them -> the model's fields and types."""
from briefpress.bib.read import read_text


def one(text, key="a"):
    bib = read_text(text, "r.bib")
    return bib.entries[key], bib.problems


def test_field_names_are_case_insensitive():
    e, problems = one("@ARTICLE{a, Author = {Hoxha, Ilirjana}, TITLE = {T}, Journal = {J}, Year = {2020}}")
    assert e.type == "article" and e.authors[0].family == "Hoxha"
    assert (e.get("title"), e.get("journaltitle"), e.get("date")) == ("T", "J", "2020")
    assert not [p for p in problems if p.severity == "error"]


def test_strings_month_macros_and_concatenation():
    e, _ = one('@string{kcss = "Kosovar Centre for"}\n@STRING{sec = {Security Studies}}\n'
               '@report{a, title = "Report " # {No.} # " 5", institution = kcss # " " # sec, year = 2020, '
               'month = sep}')
    assert e.get("title") == "Report No. 5"
    assert e.get("institution") == "Kosovar Centre for Security Studies"
    assert e.get("date") == "2020-09"


def test_an_undefined_macro_is_a_warning_and_its_name_is_kept():
    e, problems = one("@article{a, title = {T}, journal = undefinedmacro}")
    assert e.get("journaltitle") == "undefinedmacro"
    assert [p.code for p in problems if "undefinedmacro" in p.message] == ["bib.macro"]


def test_preamble_and_comments_are_ignored():
    bib = read_text('@preamble{"\\newcommand{\\x}{}"}\n@comment{@article{ghost, title={G}}}\n% a line\n'
                    'free text between entries\n@misc{a, title = {T}}\n', "r.bib")
    assert list(bib.entries) == ["a"] and not bib.problems


def test_bibtex_aliases_become_biblatex_fields():
    e, _ = one("@thesis{a, title={T}, school={University of Prishtina}, address={Prishtina}, annote={Good}, "
               "eprint={2101.00001}, archivePrefix={arXiv}, primaryClass={cs.CY}, key={sortme}, year={2020}}")
    fields = dict(e.fields)
    assert fields["institution"] == "University of Prishtina" and fields["location"] == "Prishtina"
    assert fields["annotation"] == "Good" and fields["sortkey"] == "sortme"
    assert (fields["eprint"], fields["eprinttype"], fields["eprintclass"]) == ("2101.00001", "arXiv", "cs.CY")
    assert not {"school", "address", "annote", "archiveprefix", "primaryclass", "key", "year"} & set(fields)


def test_the_biblatex_field_wins_over_its_alias():
    e, _ = one("@article{a, title={T}, journal={Old}, journaltitle={New}, year={1999}, date={2000-02}}")
    assert (e.get("journaltitle"), e.get("date")) == ("New", "2000-02")


def test_types_are_normalised_and_the_written_type_kept():
    bib = read_text("@techreport{r, title={T}, year={2020}}\n@phdthesis{p, title={T}, year={2020}}\n"
                    "@mastersthesis{m, title={T}, year={2020}}\n@conference{c, title={T}}\n"
                    "@electronic{e, title={T}}\n@www{w, title={T}}\n"
                    "@techreport{typed, title={T}, type={Working Paper}}\n", "r.bib")
    got = {k: (e.type, e.get("type"), e.source_type) for k, e in bib.entries.items()}
    assert got["r"] == ("report", "techreport", "techreport")
    assert got["p"] == ("thesis", "phdthesis", "phdthesis")
    assert got["m"] == ("thesis", "mathesis", "mastersthesis")
    assert got["c"][0] == "inproceedings" and got["e"][0] == "online" and got["w"][0] == "online"
    assert got["typed"][:2] == ("report", "Working Paper")


def test_every_biblatex_type_is_read_as_itself():
    types = ["article", "book", "mvbook", "inbook", "bookinbook", "suppbook", "booklet", "collection",
             "mvcollection", "incollection", "suppcollection", "dataset", "manual", "misc", "online", "patent",
             "periodical", "suppperiodical", "proceedings", "mvproceedings", "inproceedings", "reference",
             "mvreference", "inreference", "report", "set", "software", "thesis", "unpublished", "artwork", "audio",
             "bibnote", "commentary", "image", "jurisdiction", "legislation", "legal", "letter", "movie", "music",
             "performance", "review", "standard", "video"]
    bib = read_text("\n".join(f"@{t}{{k{t}, title = {{T}}}}" for t in types), "r.bib")
    assert {e.type for e in bib.entries.values()} == set(types)
    assert not [p for p in bib.problems if p.code == "bib.unknown-type"]


def test_names_go_to_their_roles_with_et_al():
    e, _ = one("@book{a, author = {Hoxha, Ilirjana and others}, editor = {{KCSS}}, translator = {Doe, Jane}, "
               "title = {T}}")
    assert e.role("editor")[0].literal and e.role("translator")[0].family == "Doe"
    assert e.et_al == frozenset({"author"})
    assert "author" not in e.fields


def test_literal_fields_are_taken_as_written():
    e, problems = one(r"@online{a, title = {T}, url = {https://x.org/a_b%20c?x=1&y=2~z}, "
                      r"doi = {https://doi.org/10.5555/a_b}, isbn = {978-0-00-000000-2}}")
    assert e.get("url") == "https://x.org/a_b%20c?x=1&y=2~z"
    assert e.get("doi") == "10.5555/a_b"  # the resolver prefix is not part of the DOI
    assert e.get("isbn") == "978-0-00-000000-2"


def test_a_url_with_latex_escapes_is_unescaped_with_a_note():
    e, problems = one("@online{a,\n  title = {T},\n  url = {https://x.org/a\\_b\\%20},\n}")
    assert e.get("url") == "https://x.org/a_b%20"
    assert [(p.code, p.severity, p.location.line) for p in problems] == [("bib.url", "info", 3)]


def test_howpublished_url_becomes_the_url():
    e, _ = one(r"@misc{a, title = {T}, howpublished = {\url{https://x.org/page}}}")
    assert e.get("url") == "https://x.org/page" and not e.get("howpublished")


def test_rich_text_in_titles():
    e, _ = one(r"@article{a, title = {The {NATO} \emph{Summit}: \mkbibquote{Hybrid} $x^2$ \& More}}")
    assert e.get("title") == ('The <span class="nocase">NATO</span> <i>Summit</i>: <q>Hybrid</q> '
                              r'<span class="math inline">\(x^2\)</span> &amp; More')


def test_each_entry_carries_its_file_and_lines():
    bib = read_text("\n\n@article{a,\n  title = {T},\n  doi = {10.5555/x},\n}\n", "refs/own.bib")
    e = bib.entries["a"]
    assert (e.path, e.line, e.field_lines["title"], e.field_lines["doi"]) == ("refs/own.bib", 3, 4, 5)


def test_parenthesised_entries():
    e, _ = one("@article(a,\n  title = {T},\n  year = {2014}\n)")
    assert (e.get("title"), e.get("date")) == ("T", "2014")


def test_empty_fields_are_absent():
    e, _ = one("@article{a, title = {T}, journal = {J}, volume = {}, number = {{}}, pages = {  }, year = {2020}}")
    assert not {"volume", "number", "pages"} & set(e.fields)
