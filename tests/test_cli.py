"""The CLI in-process: exit codes, one clear message per error, nothing written on failure."""
import hashlib
import io
import re
from pathlib import Path


from briefpress.cli import main


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def tree_hash(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file() and "build" not in p.parts:
            h.update(p.as_posix().encode() + p.read_bytes())
    return h.hexdigest()


def test_help_and_usage_errors():
    assert run("build", "--help")[0] == 0
    assert run("build", "--format", "docx")[0] == 2
    assert run()[0] == 2


def test_unknown_citation_key(project_copy):
    russia = project_copy / "manuscript" / "05-russia.md"
    text = russia.read_text().replace("[@lavrov2025statement]", "[@lavrov2025]")
    russia.write_text(text)
    line = text[:text.index("[@lavrov2025]")].count("\n") + 1
    col = text.index("[@lavrov2025]") - text.rfind("\n", 0, text.index("[@lavrov2025]"))
    before = tree_hash(project_copy)
    code, out, err = run("build", str(project_copy))
    assert code == 1 and out == ""
    assert err.splitlines()[0] == (f"manuscript/05-russia.md:{line}:{col}: error: unknown citation key 'lavrov2025' "
                                   "— did you mean 'lavrov2025statement'?; add it to references.bib or fix the key "
                                   "(write \\@ for a literal @) [cite.unknown-key]")
    assert "nothing was written" in err
    assert not (project_copy / "build").exists()
    assert tree_hash(project_copy) == before  # sources never modified


def test_broken_bibtex(project_copy):
    bib = project_copy / "references.bib"
    text = bib.read_text()
    bib.write_text(text + "\n@online{broken,\n  title = {Unclosed,\n")
    code, _, err = run("build", str(project_copy))
    assert code == 1
    assert re.match(rf"references\.bib:{text.count(chr(10)) + 2}:1: error: cannot parse entry 'broken'", err)


def test_invalid_yaml(project_copy):
    meta = project_copy / "manuscript" / "metadata.yaml"
    meta.write_text(meta.read_text().replace("language: en", "language: [en"))
    code, _, err = run("build", str(project_copy))
    assert code == 1 and re.match(r"manuscript/metadata\.yaml:\d+:\d+: error: invalid YAML", err)


def test_bad_isbn_and_failed_build_keeps_the_earlier_pdf(project_copy):
    earlier = project_copy / "build" / "serbian-security-doctrine.pdf"
    earlier.parent.mkdir()
    earlier.write_bytes(b"%PDF- earlier good build")
    meta = project_copy / "manuscript" / "metadata.yaml"
    meta.write_text(meta.read_text().replace("978-9951-842-41-9", "978-9951-842-41-8"))
    code, _, err = run("build", str(project_copy))
    assert code == 1 and "ISBN '978-9951-842-41-8' has a wrong check digit" in err
    assert earlier.read_bytes() == b"%PDF- earlier good build"
    assert [p.name for p in earlier.parent.iterdir()] == [earlier.name]  # no temporary file left


def test_single_markdown_file_with_bib(tmp_path):
    (tmp_path / "paper.md").write_text("# A Small Paper\n\nIt says so [@one, p. 2].\n")
    (tmp_path / "paper.bib").write_text("@online{one, author = {Doe, Jane}, title = {A Page}, date = {2024},"
                                        " url = {https://example.org/a}}\n")
    code, out, err = run("build", str(tmp_path / "paper.md"), "--bib", str(tmp_path / "paper.bib"),
                         "--out", str(tmp_path / "out"))
    assert code == 0, err
    pdf = Path(out.strip())
    assert pdf == tmp_path / "out" / "a-small-paper.pdf" and pdf.read_bytes().startswith(b"%PDF-")
    assert "1 notes" in err


def test_single_file_dates_come_from_source_date_epoch(tmp_path, monkeypatch):
    import pypdf
    (tmp_path / "p.md").write_text("# Dated\n\nText.\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    code, out, err = run("build", str(tmp_path / "p.md"), "--out", str(tmp_path / "a"))
    assert code == 0, err
    first = Path(out.strip()).read_bytes()
    assert pypdf.PdfReader(io.BytesIO(first)).metadata["/CreationDate"].startswith("D:20231114")
    run("build", str(tmp_path / "p.md"), "--out", str(tmp_path / "b"))
    assert (tmp_path / "b" / "dated.pdf").read_bytes() == first
