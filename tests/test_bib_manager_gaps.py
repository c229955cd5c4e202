"""Shapes reference managers export that briefpress misread (each test: an invented entry written as the tool
writes it, the text pandoc 3.9 --citeproc prints with chicago-notes-bibliography.csl, and briefpress's)."""
import json
from dataclasses import replace

from briefpress.bib.model import plain
from briefpress.bib.read import read_text
from briefpress.bib.to_csl import to_csl
from briefpress.chicago import bibliography_entry, full_note, notes_only, short_note
from briefpress.chicago.style import CMOS
from briefpress.lint import lint_path


def one(text: str, name: str):
    bib = read_text(text, name)
    (entry,) = bib.entries.values()
    return entry, [(p.severity, p.code) for p in bib.problems]


URL_KEYS = """@misc{https://example.org/index.php?title=Main_Page,
  author = {Loe, Lee}, title = {Wiki Page}, year = {2017}}
@misc{https://example.org/?p=5&q=a,
  author = {Poe, Pat},
  title = {Third Page},
  year = {2019},
}
"""


def test_a_url_with_a_query_as_the_key_is_read():
    # some exports key a web page by its URL; its query's '=' was taken for a field's: "cannot parse …: its braces
    # do not balance", and both citations unknown. pandoc reads the key and prints "Pat Poe, Third Page, 2019."
    bib = read_text(URL_KEYS, "refs.bib")
    assert list(bib.problems) == []
    assert list(bib.entries) == ["https://example.org/index.php?title=Main_Page", "https://example.org/?p=5&q=a"]
    assert plain(full_note(bib.entries["https://example.org/?p=5&q=a"])) == "Pat Poe, Third Page, 2019"
    assert bib.entries["https://example.org/?p=5&q=a"].line == 3


def test_a_url_key_cited_in_braces_is_no_link(tmp_path):
    (tmp_path / "refs.bib").write_text(URL_KEYS + "@misc{http://zotero.org/users/1/items/AB12,\n"
                                       "  author = {Roe, Rick}, title = {Second Page}, year = {2021}}\n")
    (tmp_path / "paper.md").write_text("---\ntitle: T\nbibliography: refs.bib\n---\n\n"
                                       "As @{http://zotero.org/users/1/items/AB12} says.[@{https://example.org/?p=5&q=a}]\n"
                                       "Also [@{https://example.org/index.php?title=Main_Page}, 4].\n")
    # before: the key read as a link, "'http://zotero.org/users/1/items/AB12}' uses http://" (url.http), and the
    # other two unknown keys
    assert [(d.code, str(d.location)) for d in lint_path(tmp_path / "paper.md")] == []


def test_zoteros_preprint_in_csl_json_keeps_its_number():
    # Zotero's CSL-JSON for a preprint: type "article", no journal, the server's id in "number", the server in
    # "publisher". Before, the number was lost: "Arta Gashi, “Learning Sparse Things,” arXiv, May 4, 2023, …"
    item = {"id": "k", "type": "article", "title": "Learning sparse things", "author": [{"family": "Gashi", "given": "Arta"}],
            "issued": {"date-parts": [[2023, 5, 4]]}, "number": "arXiv:2305.01234", "publisher": "arXiv",
            "DOI": "10.48550/arXiv.2305.01234"}
    entry, problems = one(json.dumps([item]), "z.json")
    assert problems == []
    # pandoc 3.9 --citeproc, chicago-notes-bibliography.csl, word for word
    assert plain(full_note(entry)) == ("Arta Gashi, “Learning Sparse Things,” arXiv:2305.01234, preprint, arXiv, "
                                       "May 4, 2023, https://doi.org/10.48550/arXiv.2305.01234")
    assert plain(bibliography_entry(entry)) == ("Gashi, Arta. “Learning Sparse Things.” arXiv:2305.01234. Preprint, "
                                                "arXiv, May 4, 2023. https://doi.org/10.48550/arXiv.2305.01234.")
    assert to_csl(entry)["type"] == "article" and to_csl(entry)["number"] == "arXiv:2305.01234"  # the export too


REFERENCE_WORKS = r"""
@inreference{brit, title = {Sovereignty}, booktitle = {Encyclopaedia Britannica}, edition = {15}, volume = {11},
  publisher = {Encyclopaedia Britannica}, year = {2010}}
@inreference{oed, title = {doctrine, n.}, booktitle = {Oxford English Dictionary}, publisher = {Oxford University Press},
  year = {2023}}
@inreference{mw, title = {nation}, booktitle = {Merriam-Webster.com Dictionary}, publisher = {Merriam-Webster},
  url = {https://www.merriam-webster.com/dictionary/nation}, urldate = {2024-03-02}}
@inreference{lotha, author = {Lotha, Gloria}, title = {Sovereignty}, booktitle = {Encyclopaedia Britannica},
  publisher = {Encyclopaedia Britannica}, year = {2010}}
"""


def test_an_unsigned_reference_entry_is_cited_under_its_headword_in_notes_only():
    # CMOS 18 14.130-131, as pandoc 3.9 --citeproc prints these (but for its date printed twice, "under
    # “Sovereignty,” (2010)"). Before: "“Sovereignty,” in Encyclopaedia Britannica, …", "“Doctrine, N.,” in …" (a
    # headword title-cased), "“Nation,” in … (Merriam-Webster, n.d.)", a short note of the headword alone, and
    # each listed in the bibliography, where citeproc lists none of them.
    bib = read_text(REFERENCE_WORKS, "refs.bib")
    brit, oed, mw, lotha = (bib.entries[k] for k in ("brit", "oed", "mw", "lotha"))
    assert plain(full_note(brit)) == ("Encyclopaedia Britannica, 15th ed., vol. 11 (Encyclopaedia Britannica, 2010), "
                                      "under “Sovereignty”")
    assert plain(full_note(oed, "12")) == "Oxford English Dictionary (Oxford University Press, 2023), under “doctrine, n.,” 12"
    assert plain(short_note(brit, "3")) == "Encyclopaedia Britannica, under “Sovereignty,” 3"
    assert plain(full_note(mw)) == ("“Nation,” Merriam-Webster.com Dictionary (Merriam-Webster), accessed March 2, "
                                    "2024, https://www.merriam-webster.com/dictionary/nation")
    assert plain(short_note(mw, "3")) == "Merriam-Webster.com Dictionary, “nation,” 3"
    assert [notes_only(e) for e in (brit, oed, mw, lotha)] == [True, True, True, False]
    # a signed entry is an ordinary chapter: “Title,” in Work; and listed
    assert plain(full_note(lotha)).startswith("Gloria Lotha, “Sovereignty,” in Encyclopaedia Britannica (")
    # a theme that lists sources cited in notes only lists it under its headword, in the work
    listed = replace(CMOS, list_notes_only=True)
    assert not notes_only(brit, listed)
    assert plain(bibliography_entry(brit, listed)).startswith("“Sovereignty.” In Encyclopaedia Britannica, 15th ed., vol. 11")


ICOMM = """TY  - ICOMM
AU  - Nilsson, Erik
TI  - Thread on port data
T2  - H-Net Discussion Networks
DA  - 2020/02/11
UR  - https://example.org/h-net/thread/42
M3  - Online forum post
ER  - 

TY  - ICOMM
ID  - mail
AU  - Berisha, Blerim
DA  - 2022/05/03
M3  - Email message to the author
ER  - 
"""


def test_ris_internet_communications_keep_their_forum_and_describe_themselves_in_lower_case():
    # RIS's ICOMM (EndNote's "Online Multimedia"/Zotero's forum post, email): M3 the kind of message, T2 the
    # forum. Before: "“Thread on Port Data,” Online forum post, February 11, 2020, …" (the forum lost, the
    # description capitalised mid-note; citeproc, given the same CSL, prints "Email message to the author" too,
    # where CMOS 18 14.111 writes "email message to author" in the running note)
    bib = read_text(ICOMM, "refs.ris")
    forum, mail = bib.entries["Nilsson"], bib.entries["mail"]
    assert plain(full_note(forum)) == ("Erik Nilsson, “Thread on Port Data,” online forum post, H-Net Discussion "
                                       "Networks, February 11, 2020, https://example.org/h-net/thread/42")
    assert plain(bibliography_entry(forum)).startswith("Nilsson, Erik. “Thread on Port Data.” Online forum post, H-Net")
    assert plain(full_note(mail)) == "Blerim Berisha, email message to the author, May 3, 2022"
    assert notes_only(mail) and not notes_only(forum)  # a link: the reader can find the post


def test_an_undated_online_source_without_a_link_prints_how_it_was_published():
    # pandoc --citeproc: "Ilirjana Hoxha, “Intranet Page,” Intranet." (no "n.d.", no stray comma: a web page's
    # missing date is no "n.d." in the CSL style, CMOS 18 14.104); before, the howpublished was lost
    entry, _ = one("@online{p5, author = {Hoxha, Ilirjana}, title = {Intranet Page}, howpublished = {Intranet}}", "r.bib")
    assert plain(full_note(entry)) == "Ilirjana Hoxha, “Intranet Page,” Intranet"
    assert plain(bibliography_entry(entry)) == "Hoxha, Ilirjana. “Intranet Page.” Intranet."
    entry, _ = one("@online{p1, author = {Hoxha, Ilirjana}, title = {Timetable}, organization = {Port Authority}}", "r.bib")
    assert plain(full_note(entry)) == "Ilirjana Hoxha, “Timetable,” Port Authority"


def test_a_keyless_entry_on_one_line_is_read_as_a_multi_line_one():
    # EndNote writes a record without a Label as "@article{" and its fields; on one line the same entry was
    # "cannot parse '@article{author =': it has no key" (error), where the multi-line one got pandoc's RIS key
    text = ("@article{author = {Rugova, Ibrahim and Demaçi, Adem}, title = {Kosovo Papers}, journal = {Review}, year = 1994}\n"
            "@book{ author={Weber, Lena}, title={Neutral \\foo{Ground}}, publisher={Example Press}, year={2018} }\n"
            "@article{\n  author = {Gashi, Blerina},\n  title = {Multi-line},\n  journal = {Review},\n  year = {2020}\n}\n"
            "@misc{kept, note = {mail me@{host}, or at x@example}, title = {Kept}, year = 2001}\n")
    bib = read_text(text, "endnote.bib")
    assert list(bib.entries) == ["Rugova_Demaçi_1994", "Weber_2018", "Gashi_2020", "kept"]
    assert plain(full_note(bib.entries["Rugova_Demaçi_1994"])) == \
        "Ibrahim Rugova and Adem Demaçi, “Kosovo Papers,” Review, 1994"
    found = sorted((p.code, p.location.line, p.location.col) for p in bib.problems)
    assert found == [("bib.key", 1, 1), ("bib.key", 2, 1), ("bib.key", 3, 1), ("bib.latex", 2, 45)]  # as written


def test_lint_and_the_build_name_the_same_files_for_an_unknown_key(tmp_path, monkeypatch):
    # Before: lint named the files in use for the text's citations and "references.bib" (no such file) for the
    # abstract's; the build named the files its entries came from, leaving out one of @string macros
    import pytest
    from briefpress import lint
    from briefpress.diagnostics import BuildError
    from briefpress.pipeline import parse
    (tmp_path / "refs.bib").write_text("@book{known, author = {Weber, Lena}, title = {Neutrality}, publisher = pub,"
                                       " year = {2018}}\n")
    (tmp_path / "strings.bib").write_text("@string{pub = {Example Press}}\n")
    (tmp_path / "paper.md").write_text("---\ntitle: T\nabstract: |\n  As shown [@missingA].\n"
                                       "bibliography: [strings.bib, refs.bib]\n---\n\nText [@missingB] and [@known].\n")
    linted = [(str(d.location), d.message) for d in lint_path(tmp_path / "paper.md") if d.code == "cite.unknown-key"]
    monkeypatch.setattr(lint, "lint_project", lambda *args, **kw: [])  # the build's own errors, not lint's
    with pytest.raises(BuildError) as raised:
        parse(tmp_path / "paper.md", formats=("html",))
    built = [(str(d.location), d.message) for d in raised.value.diagnostics if d.code == "cite.unknown-key"]
    assert linted == built
    assert [where for where, _ in built] == ["paper.md:4:12", "paper.md:8:6"]
    assert all("add it to one of refs.bib, strings.bib " in message for _, message in built)


def test_a_misc_published_online_is_no_message():
    # the words that describe a letter's kind ("Online forum post", "Email") are not a misc's: "howpublished =
    # {Online}" is how a published work was published. pandoc 3.9 --citeproc: "Ann Smith, A Useful Tool, Online,
    # 2020, …" and each listed; they were read as unpublished: title quoted, "online", one left out of the list
    entry, _ = one("@misc{m1, author = {Smith, Ann}, title = {A Useful Tool}, howpublished = {Online}, year = {2020},"
                   " url = {https://example.org/tool}}", "r.bib")
    assert plain(full_note(entry)) == "Ann Smith, A Useful Tool, Online, 2020, https://example.org/tool"
    entry, _ = one("@misc{m3, author = {Smith, Ann}, title = {Some Text}, howpublished = {Text available from the"
                   " author}, year = {2020}}", "r.bib")
    assert plain(bibliography_entry(entry)) == "Smith, Ann. Some Text. Text available from the author, 2020."
    assert not notes_only(entry)


def test_a_long_token_of_equals_signs_after_a_url_key_is_read_once():
    # the URL key's pattern took each '=' of the token for the key's and read the rest from it: quadratic, this
    # file of one 200 KB token took minutes; its entry is refused as bibtexparser refuses it
    bib = read_text("@misc{http://a=" + "a=" * 100_000 + "\n", "r.bib")
    assert [p.code for p in bib.problems] == ["bib.parse"] and not bib.entries


def test_many_keyless_entries_on_one_line_are_read_in_one_pass():
    # each '@' looked back to its line's start, to tell an entry from an '@' in a value: quadratic in a long line.
    # Counted in characters looked at, not timed. Only the first starts its line; the others are the note's text
    from briefpress.bib import keyless

    class Counted(str):
        reads = 0

        def rfind(self, sub, start=0, end=None):
            found = super().rfind(sub, start, end)
            Counted.reads += (len(self) if end is None else end) - max(found, start)
            return found

        def __getitem__(self, k):
            Counted.reads += 1
            return super().__getitem__(k)

    text = Counted("@misc{author = {Lee, Kim}, year = 2000, note = {" + "@misc{a = 1} " * 5000 + "}}")
    assert keyless.mark(text).count(keyless.PLACEHOLDER) == 1
    assert Counted.reads < 2 * len(text)
    bib = read_text("@misc{author = {Lee, Kim}, year = 2000, note = {" + "@misc{a = 1} " * 3 + "}}", "r.bib")
    assert list(bib.entries) == ["Lee_2000"] and [p.code for p in bib.problems] == ["bib.key"]
    assert plain(bib.entries["Lee_2000"].get("note")) == "@misca = 1 @misca = 1 @misca = 1"


def test_an_undated_unsigned_reference_entry_in_print_has_no_nd():
    # pandoc 3.9 --citeproc: "Some Dictionary (Pub), under “Nation.”" (the headword re-cased; kept as written
    # here); it printed "(Pub, n.d.)"
    entry, _ = one("@inreference{nd, title = {nation}, booktitle = {Some Dictionary}, publisher = {Pub}}", "r.bib")
    assert plain(full_note(entry)) == "Some Dictionary (Pub), under “nation”"
