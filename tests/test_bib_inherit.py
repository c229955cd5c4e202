"""crossref and xdata inheritance, with biblatex's rules."""
from briefpress.bib.read import read_text


def entries(text):
    bib = read_text(text, "r.bib")
    return bib.entries, bib.problems


def test_proceedings_title_becomes_booktitle_and_the_rest_is_inherited():
    e, _ = entries("@proceedings{p, editor = {Hoxha, Ilirjana}, title = {Proceedings of BSC}, subtitle = {Sub}, "
                   "shorttitle = {BSC}, publisher = {KCSS}, location = {Prishtina}, date = {2022}, "
                   "entrysubtype = {x}}\n"
                   "@inproceedings{c, author = {Doe, Jane}, title = {Paper}, crossref = {p}, pages = {1--9}}\n")
    c = e["c"]
    assert (c.get("title"), c.get("booktitle"), c.get("booksubtitle")) == ("Paper", "Proceedings of BSC", "Sub")
    assert c.role("editor")[0].family == "Hoxha" and c.authors[0].family == "Doe"
    assert (c.get("publisher"), c.get("location"), c.get("date")) == ("KCSS", "Prishtina", "2022")
    assert not c.get("shorttitle") and not c.get("entrysubtype")  # not inherited
    assert c.get("pages") == "1–9"


def test_collection_to_incollection_and_own_fields_win():
    e, _ = entries("@collection{p, editor = {Doe, Jane}, title = {Handbook}, date = {2019}, publisher = {P}}\n"
                   "@incollection{c, author = {Roe, Ann}, title = {Chapter}, crossref = {p}, date = {2020}}\n")
    assert (e["c"].get("booktitle"), e["c"].get("date"), e["c"].get("publisher")) == ("Handbook", "2020", "P")


def test_book_to_inbook_makes_the_author_the_bookauthor():
    e, _ = entries("@book{b, author = {Kraus, Dietrich}, title = {Imperien}, date = {2012}}\n"
                   "@inbook{c, title = {Die Habsburger}, crossref = {b}}\n")
    c = e["c"]
    assert c.get("booktitle") == "Imperien" and c.role("bookauthor")[0].family == "Kraus"
    assert c.authors[0].family == "Kraus"


def test_mvbook_title_becomes_maintitle_and_periodical_title_journaltitle():
    e, _ = entries("@mvbook{mv, title = {Collected Works}, volumes = {3}}\n"
                   "@book{v, title = {Volume Two}, volume = {2}, crossref = {mv}}\n"
                   "@periodical{per, title = {Balkan Review}, date = {2017}}\n"
                   "@article{a, title = {Article}, crossref = {per}}\n")
    assert (e["v"].get("title"), e["v"].get("maintitle")) == ("Volume Two", "Collected Works")
    assert (e["a"].get("title"), e["a"].get("journaltitle"), e["a"].get("date")) == ("Article", "Balkan Review", "2017")


def test_crossref_chains_and_files_in_any_order():
    e, _ = entries("@inbook{c, title = {Chapter}, crossref = {v}}\n"
                   "@book{v, title = {Volume}, crossref = {mv}}\n"
                   "@mvbook{mv, title = {Series}, publisher = {P}}\n")
    assert (e["c"].get("booktitle"), e["c"].get("maintitle"), e["c"].get("publisher")) == ("Volume", "Series", "P")


def test_xdata_copies_fields_as_they_are_and_is_not_an_entry():
    e, _ = entries("@xdata{pub, publisher = {Springer}, location = {Berlin}}\n"
                   "@xdata{year, date = {2021}}\n"
                   "@book{b, title = {T}, xdata = {pub, year}}\n")
    assert (e["b"].get("publisher"), e["b"].get("location"), e["b"].get("date")) == ("Springer", "Berlin", "2021")
    assert set(e) == {"b"}


def test_a_missing_parent_and_a_loop_are_warnings():
    e, problems = entries("@incollection{c, title = {T}, crossref = {nowhere}}\n"
                          "@book{x, title = {X}, crossref = {y}}\n@book{y, title = {Y}, crossref = {x}}\n")
    codes = [(p.code, p.severity) for p in problems if p.code == "bib.crossref"]
    assert ("bib.crossref", "warning") in codes and len(codes) >= 2
    assert e["c"].get("title") == "T"
