"""The invented corpus (tests/fixtures/bib/corpus.bib): every type read, nothing lost; several files at once."""
import io
import re
import shutil
from pathlib import Path

from briefpress import chicago
from briefpress.bib.read import read_bibliographies
from briefpress.cli import main
from briefpress.project import load_project
from briefpress.source_files import SourceFile

FIXTURES = Path(__file__).parent / "fixtures" / "bib"


def corpus():
    path = FIXTURES / "corpus.bib"
    return read_bibliographies([SourceFile(path, "corpus.bib", path.read_text(encoding="utf-8"))])


def test_the_corpus_reads_without_errors_and_covers_every_type():
    bib = corpus()
    assert len(bib.entries) >= 150
    assert not [p for p in bib.problems if p.severity == "error"]
    types = {e.type for e in bib.entries.values()}
    assert {"article", "book", "mvbook", "collection", "incollection", "inbook", "inreference", "proceedings",
            "inproceedings", "thesis", "report", "manual", "online", "misc", "software", "dataset", "patent",
            "unpublished", "jurisdiction", "legislation", "video", "movie", "audio", "standard", "periodical",
            "letter"} <= types
    subtypes = {e.get("entrysubtype") for e in bib.entries.values()}
    assert {"magazine", "newspaper", "social"} <= subtypes
    assert {e.source_type for e in bib.entries.values()} >= {"phdthesis", "mastersthesis", "techreport",
                                                              "conference", "electronic", "www", "interview"}


def test_no_latex_survives_in_the_corpus():
    bib = corpus()
    for e in bib.entries.values():
        for name, value in e.fields.items():
            text = value.split('<span class="math inline">')[0]  # math keeps its TeX on purpose
            assert "\\" not in text and "{" not in text and "}" not in text, (e.key, name, value)
        for people in e.names.values():
            for n in people:
                assert not set("\\{}") & set(n.family + n.given + n.particle), (e.key, n)


def test_corpus_spot_checks():
    e = corpus().entries
    assert e["hoxha2019border"].get("journaltitle") == "Journal of Southeast European Studies"  # @string
    assert e["hoxha2019border"].get("date") == "2019-03"  # month = mar
    assert e["jovanovic2020doctrine"].authors[1].family == "Đorđević"
    assert e["aksin2018turkey"].authors[0].family == "Aksın" and e["aksin2018turkey"].get("date") == "2018-11"
    assert e["many2023others"].et_al == {"author"}
    assert e["corp2019osce"].authors[0].literal
    assert e["hyphen2017method"].get("title").startswith("A Methodology-independent Test")
    assert "TeX" in e["hyphen2017method"].get("title")
    assert e["inp2022cyber"].get("booktitle") == "Proceedings of the Balkan Security Conference 2022"
    assert e["inp2022cyber"].role("editor")[1].family == "Yıldız"
    assert e["book2011inmv"].get("maintitle") == "Die Kriege des 20.\u00a0Jahrhunderts"
    assert e["inc2021small"].get("publisher") == "Springer"  # xdata through crossref
    assert e["elec2015"].get("url") == "https://example.org/hasani/notes"
    assert e["accents2020"].get("title").endswith("à, é, ô, ü, ñ, ā, ż, ç, š, ğ, ő, ą, ů, ß, ø, å, ł, Æ")


def test_the_current_formatter_formats_every_corpus_entry():
    for entry in corpus().entries.values():
        assert chicago.full_note(entry) and chicago.short_note(entry) and chicago.bibliography_entry(entry)


def project(tmp_path, text="See [@hoxha2019border] and [@csl-article] and [@yaml-book].\n"):
    (tmp_path / "manuscript").mkdir()
    (tmp_path / "manuscript" / "metadata.yaml").write_text(
        "title: T\nauthors: [A]\npublisher: {name: P}\ndate: 2025\nlanguage: en\nnocite: ['*']\n")
    (tmp_path / "manuscript" / "01-one.md").write_text("# One\n\n" + text)
    return tmp_path


def corpus_files(root):
    """The corpus in its three formats, copied into the project (a build reads only files inside it)."""
    bibs = [root / name for name in ("corpus.bib", "corpus.json", "corpus.yaml")]
    for bib in bibs:
        shutil.copyfile(FIXTURES / bib.name, bib)
    return bibs


def test_several_bibliography_files_at_once(tmp_path):
    root = project(tmp_path)
    bibs = corpus_files(root)
    p = load_project(root, bibs)
    assert [b.path for b in p.bibliographies] == bibs
    out = io.StringIO()
    argv = ["lint", str(root)] + [arg for b in bibs for arg in ("--bib", str(b))]
    assert main(argv, stdout=out, stderr=io.StringIO()) == 0
    lines = out.getvalue().splitlines()
    # each diagnostic names the file it is about
    assert any("corpus.json:57:1: warning" in line and "bib.date" in line for line in lines)
    assert any("corpus.bib:194:1: warning" in line and "bib.missing-field" in line for line in lines)
    assert any("corpus.json:59:1: warning" in line and "bib.unknown-type" in line for line in lines)


def test_a_key_in_two_files_is_an_error_naming_both(tmp_path):
    root = project(tmp_path, "See [@a].\n")
    (root / "one.bib").write_text("@misc{a, title = {One}}\n")
    (root / "two.json").write_text('[{"id": "a", "type": "book", "title": "Two"}]\n')
    out = io.StringIO()
    code = main(["lint", str(root), "--bib", str(root / "one.bib"), "--bib", str(root / "two.json")], stdout=out,
                stderr=io.StringIO())
    assert code == 1
    assert "two.json:1:1: error: key 'a' is already used at one.bib:1" in out.getvalue()


def test_the_default_is_references_bib_and_a_missing_file_is_an_error(tmp_path):
    root = project(tmp_path, "Text.\n")
    assert load_project(root).bibliographies == ()
    (root / "references.bib").write_text("@misc{a, title = {T}}\n")
    assert [b.name for b in load_project(root).bibliographies] == ["references.bib"]
    out = io.StringIO()
    assert main(["lint", str(root), "--bib", str(root / "nope.bib")], stdout=out, stderr=io.StringIO()) == 1
    assert "nope.bib: error: no such bibliography file" in out.getvalue()


def test_the_web_edition_cites_from_three_files(tmp_path):
    from briefpress.pipeline import build_screen
    root = project(tmp_path)
    html, p = build_screen(root, corpus_files(root))
    assert len(p.bibliographies) == 3
    for key in ("hoxha2019border", "csl-article", "yaml-book"):
        assert f'id="ref-{key}"' in html
    assert re.search(r"<(i|em)>De Facto</\1> States", html) and "Srbija i NATO" in html
