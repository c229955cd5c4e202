"""A citation in the abstract (issue #11): formatted as one in the text, not printed as typed.

pandoc with citeproc and a Chicago notes CSL reads the metadata's citations too: the abstract's
become notes, numbered before the text's (the abstract is read first), the first citation of a
source there is its full note, and the source is in the reference list. The same here, in the web
page, the PDF (the notes at the foot of the title page) and the EPUB; an unknown key in the abstract
is the error one in the text is, at its file, line and column, however the YAML value is written.
"""
import io
import re
import zipfile

import lxml.html
import pytest

from briefpress.cli import main

BIB = """@book{vale2020,
  author = {Vale, Jo},
  title = {Borders and Bridges},
  publisher = {Dardania Press},
  address = {Prishtina},
  year = {2020}
}
@book{mora2019,
  author = {Mora, Ilir},
  title = {Roads Not Taken},
  publisher = {Lake Press},
  address = {Ohrid},
  year = {2019}
}
"""


def paper(tmp_path, abstract: str, body: str = "The text cites [@vale2020].") -> "Path":
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    path = tmp_path / "paper.md"
    path.write_text(f"---\ntitle: Crossings\nbibliography: refs.bib\n{abstract}---\n\n# Intro\n\n{body}\n",
                    encoding="utf-8")
    return path


def run(*args) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(args), stdout=out, stderr=out), out.getvalue()


def test_the_abstract_s_citations_are_notes_before_the_text_s_and_their_sources_are_listed(tmp_path):
    source = paper(tmp_path, "abstract: |\n  As @vale2020 shows, roads matter [see @mora2019, 4].\n")
    code, said = run("build", "--format", "all", "--out", str(tmp_path / "out"), str(source))
    assert code == 0, said
    page = lxml.html.parse(str(tmp_path / "out" / "crossings.html")).getroot()
    abstract = " ".join(page.xpath("string(//section[@class='abstract'])").split())
    assert "@" not in abstract and abstract.endswith("As Vale1 shows, roads matter.2")
    notes = [" ".join(li.text_content().split()) for li in page.xpath("//section[@class='notes']//li")]
    # the abstract's are the first, each source's first citation a full note; the text's a short one
    assert notes == ["1. Jo Vale, Borders and Bridges (Dardania Press, 2020).",
                     "2. See Ilir Mora, Roads Not Taken (Lake Press, 2019), 4.",
                     "3. Vale, Borders and Bridges."]
    assert page.xpath("//section[@class='references']//li/@id") == ["ref-mora2019", "ref-vale2020"]

    from conftest import pdf_words
    pdf = pdf_words((tmp_path / "out" / "crossings.pdf").read_bytes())
    assert "@" not in pdf and "As Vale1 shows, roads matter.2" in pdf
    assert "1. Jo Vale, Borders and Bridges (Dardania Press, 2020)." in pdf and "3. Vale, Borders and Bridges." in pdf

    with zipfile.ZipFile(tmp_path / "out" / "crossings.epub") as epub:
        title = epub.read("OEBPS/title.xhtml").decode()
        endnotes = epub.read("OEBPS/text/notes.xhtml").decode()
    assert 'href="text/notes.xhtml#fn-1"' in title and 'id="fnref-1"' in title and "@vale2020" not in title
    assert 'href="../title.xhtml#fnref-1"' in endnotes and 'href="paper.xhtml#fnref-3"' in endnotes


def test_the_epub_with_notes_in_its_abstract_is_valid(tmp_path):
    from conftest import epubcheck_problems
    source = paper(tmp_path, "abstract: As @vale2020 shows.\n")
    assert run("build", "--format", "epub", "--out", str(tmp_path / "out"), str(source))[0] == 0
    assert epubcheck_problems(next((tmp_path / "out").glob("*.epub")), tmp_path) == []


@pytest.mark.parametrize("abstract", [
    "abstract: Roads matter [see @nope2019, 4].\n",
    "abstract: 'Roads matter [see @nope2019, 4].'\n",
    "abstract: |\n  Roads matter.\n  More roads [see @nope2019, 4].\n",
    "abstract: >-\n    Roads matter, more than\n    we thought [see @nope2019, 4].\n",
    'abstract: "Roads matter,\n  more than we thought\n  [see @nope2019, 4]."\n',
    "abstract: Roads matter,            more [see @nope2019, 4].\n",
    "abstract: >\n  Roads matter:\n                          more than we thought [see @nope2019, 4].\n",
    'abstract: "Roads \\U0001F6E3\\u00e9 and \\t it\'s [see @nope2019, 4]."\n',
    "abstract: 'It''s roads, it''s ''more'' [see @nope2019, 4].'\n",
], ids=["plain", "single-quoted", "literal block", "folded block", "double-quoted, over lines", "a run of spaces",
        "a line more indented", "escapes", "quotes doubled"])
def test_an_unknown_key_in_the_abstract_is_an_error_at_its_place_in_lint_and_build(tmp_path, abstract):
    source = paper(tmp_path, abstract)
    text = source.read_text()
    at = text.index("[see @nope2019")
    line, col = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
    for command in (["lint"], ["build", "--format", "html", "--out", str(tmp_path / "out")]):
        code, said = run(*command, str(source))
        assert code == 1 and f"paper.md:{line}:{col}: error: unknown citation key 'nope2019'" in said, said
        assert "cite.unknown-key" in said


def test_an_abstract_without_citations_is_as_it_was(tmp_path):
    source = paper(tmp_path, "abstract: Roads *matter*, say 40 % of us; mail \\@vale.\n")
    assert run("build", "--format", "html", "--out", str(tmp_path / "out"), str(source))[0] == 0
    page = lxml.html.parse(str(tmp_path / "out" / "crossings.html")).getroot()
    section = page.xpath("//section[@class='abstract']")[0]
    assert " ".join(section.xpath("string(p)").split()) == "Roads matter, say 40 % of us; mail @vale."
    assert section.xpath("p/em/text()") == ["matter"] and not section.xpath(".//sup")
    assert [li.get("id") for li in page.xpath("//section[@class='notes']//li")] == ["fn-1"]  # the text's alone


def test_a_theme_that_prints_no_abstract_makes_no_notes_of_it(project_copy):
    """The KCSS theme prints no abstract: a citation there makes no note that no page calls, and its
    unknown keys are still errors at their place in metadata.yaml."""
    from briefpress.pipeline import parse
    meta = project_copy / "manuscript" / "metadata.yaml"
    before = parse(project_copy, formats=("html",)).document
    key = before.notes[0].keys[0]
    meta.write_text(meta.read_text(encoding="utf-8") + f"abstract: As [@{key}] shows.\n", encoding="utf-8")
    after = parse(project_copy, formats=("html",)).document
    assert [n.html for n in after.notes] == [n.html for n in before.notes]
    assert [r.key for r in after.references] == [r.key for r in before.references]
    meta.write_text(meta.read_text(encoding="utf-8").replace(f"[@{key}]", "[@nokey2024]"), encoding="utf-8")
    line = meta.read_text(encoding="utf-8").split("\n").index("abstract: As [@nokey2024] shows.") + 1
    code, said = run("lint", str(project_copy))
    assert code == 1 and f"manuscript/metadata.yaml:{line}:14: error: unknown citation key 'nokey2024'" in said


def test_a_citation_in_a_note_on_the_title_or_in_thanks_is_printed_in_that_note(tmp_path):
    """The title block's notes (``thanks``, ``^[…]`` on the title or a name, ``[^id]`` for a name) are notes
    already: a citation in one is printed in it, as one in a footnote is, and its source is listed."""
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    source = tmp_path / "paper.md"
    source.write_text("---\ntitle: Crossings^[Drawn from @mora2019.]\nauthor: Jo Vale[^jv]\n"
                      "thanks: Thanks to [@mora2019, 3] for the idea.\nbibliography: refs.bib\n---\n\n"
                      "# Intro\n\nThe text cites [@vale2020].\n\n[^jv]: Author of [@vale2020].\n", encoding="utf-8")
    code, said = run("build", "--format", "all", "--out", str(tmp_path / "out"), str(source))
    assert code == 0 and "never cited" not in said, said
    page = lxml.html.parse(str(tmp_path / "out" / "crossings.html")).getroot()
    notes = [" ".join(li.text_content().split()) for li in page.xpath("//ul[@class='author-notes']/li")]
    assert notes == ["† Drawn from Ilir Mora, Roads Not Taken (Lake Press, 2019).",
                     "‡ Thanks to (Mora, Roads Not Taken, 3) for the idea.",  # in parentheses, as in a footnote
                     "§ Author of (Jo Vale, Borders and Bridges (Dardania Press, 2020))."]  # pandoc prints this one so
    assert page.xpath("//ul[@class='author-notes']/li[1]/em/text()") == ["Roads Not Taken"]
    # the text's first citation of a source cited in full on the title block is a short note
    assert [" ".join(li.text_content().split()) for li in page.xpath("//section[@class='notes']//li")] == [
        "1. Vale, Borders and Bridges."]
    assert page.xpath("//section[@class='references']//li/@id") == ["ref-mora2019", "ref-vale2020"]
    from conftest import pdf_words
    pdf = pdf_words((tmp_path / "out" / "crossings.pdf").read_bytes())
    assert "@" not in pdf and "Drawn from Ilir Mora, Roads Not Taken (Lake Press, 2019)." in pdf


@pytest.mark.parametrize("front, typed", [
    ("title: Crossings^[Drawn from @nope2019.]\n", "@nope2019."),
    ("title: Crossings\nthanks: |\n  Thanks to all.\n  And to [@nope2019, 3].\n", "[@nope2019, 3]"),
], ids=["title note", "thanks"])
def test_an_unknown_key_in_a_title_note_is_an_error_at_its_place(tmp_path, front, typed):
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    source = tmp_path / "paper.md"
    source.write_text(f"---\n{front}bibliography: refs.bib\n---\n\n# Intro\n\nText [@vale2020] and [@mora2019].\n",
                      encoding="utf-8")
    text = source.read_text()
    at = text.index(typed)
    line, col = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
    for command in (["lint"], ["build", "--format", "html", "--out", str(tmp_path / "out")]):
        code, said = run(*command, str(source))
        assert code == 1 and f"paper.md:{line}:{col}: error: unknown citation key 'nope2019'" in said, said


def test_a_citation_in_the_subtitle_is_a_note_on_the_title_block(tmp_path):
    """pandoc makes it a note; the title block's notes are marked († ‡ …), so it is one of them, after the
    title's: the subtitle keeps an in-text citation's name, with its mark."""
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    source = tmp_path / "paper.md"
    source.write_text("---\ntitle: Crossings^[A first note.]\nsubtitle: A reply to @vale2020 [p. 4]\n"
                      "bibliography: refs.bib\n---\n\n# Intro\n\nThe text cites [@vale2020].\n", encoding="utf-8")
    code, said = run("build", "--format", "all", "--out", str(tmp_path / "out"), str(source))
    assert code == 0, said
    page = lxml.html.parse(str(tmp_path / "out" / "crossings.html")).getroot()
    assert " ".join(page.xpath("string(//p[@class='subtitle'])").split()) == "A reply to Vale‡"
    assert [" ".join(li.text_content().split()) for li in page.xpath("//ul[@class='author-notes']/li")] == [
        "† A first note.", "‡ Jo Vale, Borders and Bridges (Dardania Press, 2020), 4."]
    assert [" ".join(li.text_content().split()) for li in page.xpath("//section[@class='notes']//li")] == [
        "1. Vale, Borders and Bridges."]
    # where no note can go (the publication's citation files, the page's metadata), its text as printed, unmarked
    import json
    assert "subtitle = {A reply to Vale}," in (tmp_path / "out" / "crossings.bib").read_text()
    assert "TI  - Crossings: A reply to Vale\n" in (tmp_path / "out" / "crossings.ris").read_text()
    ld = json.loads(page.xpath("string(//script[@type='application/ld+json'])").replace("<\\/", "</"))
    assert ld["alternativeHeadline"] == "A reply to Vale"
    source.write_text(source.read_text().replace("@vale2020 [p. 4]", "@nope2019 [p. 4]"), encoding="utf-8")
    code, said = run("lint", str(source))
    assert code == 1 and "paper.md:3:22: error: unknown citation key 'nope2019'" in said, said


def test_the_text_s_notes_follow_the_abstract_s_when_the_paper_is_laid_out_in_parts(tmp_path):
    """A theme whose sections start a page is laid out a section per part: the first section's notes are
    numbered after the abstract's, on the title page of the front part (they restarted at 1)."""
    import shutil

    from conftest import pdf_words
    root = __import__("pathlib").Path(__file__).resolve().parents[1] / "templates"
    shutil.copytree(root / "article", tmp_path / "templates" / "paged")
    shutil.copytree(root / "kcss" / "fonts", tmp_path / "templates" / "kcss" / "fonts")
    settings = tmp_path / "templates" / "paged" / "theme.yaml"
    settings.write_text(settings.read_text().replace("sections_start: auto", "sections_start: page"))
    source = paper(tmp_path, "theme: paged\nabstract: As @vale2020 shows, roads matter [see @mora2019, 4].\n",
                   "The text cites [@vale2020, 7].\n\n# More\n\nAnd [@mora2019, 9].")
    code, said = run("build", "--format", "pdf", "--out", str(tmp_path / "out"), str(source))
    assert code == 0 and "4 pages" in said, said  # the title page, a page per section, the references
    pdf = pdf_words((tmp_path / "out" / "crossings.pdf").read_bytes())
    assert "The text cites.3" in pdf and "3. Vale, Borders and Bridges, 7." in pdf, pdf
    assert "And.4" in pdf and "4. Mora, Roads Not Taken, 9." in pdf


def test_a_note_the_abstract_calls_may_be_defined_in_the_text(tmp_path):
    """pandoc reads ``abstract: … [^a]`` with ``[^a]: …`` in the text: the abstract's first note (the build
    stopped with note.undefined); its citations are read there, an unknown key reported at its line."""
    source = paper(tmp_path, "abstract: Roads matter.[^a] More.\n",
                   "The text cites [@vale2020].\n\n[^a]: Drawn from [@mora2019, 4].")
    code, said = run("build", "--format", "html", "--out", str(tmp_path / "out"), str(source))
    assert code == 0, said
    page = lxml.html.parse(str(tmp_path / "out" / "crossings.html")).getroot()
    assert " ".join(page.xpath("string(//section[@class='abstract'])").split()).endswith("Roads matter.1 More.")
    assert [" ".join(li.text_content().split()) for li in page.xpath("//section[@class='notes']//li")] == [
        "1. Drawn from (Ilir Mora, Roads Not Taken (Lake Press, 2019), 4).",  # in parentheses, as citeproc
        "2. Jo Vale, Borders and Bridges (Dardania Press, 2020)."]
    source.write_text(source.read_text().replace("@mora2019, 4", "@nope2019, 4"), encoding="utf-8")
    line = source.read_text().split("\n").index("[^a]: Drawn from [@nope2019, 4].") + 1
    code, said = run("lint", str(source))
    assert code == 1 and f"paper.md:{line}:18: error: unknown citation key 'nope2019'" in said, said


def test_a_note_typed_over_lines_is_printed_as_one_paragraph(tmp_path):
    """WeasyPrint 70 breaks a footnote's line at each line end of its HTML: a note typed over lines (in an abstract
    written as a block, in the text) printed a line per line typed. Its code keeps its lines."""
    import pypdfium2
    source = paper(tmp_path, "abstract: |\n  Roads matter.^[A note typed\n  over two lines.]\n",
                   "The text.^[Another note\nover lines.][^c]\n\n[^c]: With code:\n\n        first = 1\n        second = 2")
    code, said = run("build", "--format", "pdf", "--out", str(tmp_path / "out"), str(source))
    assert code == 0, said
    pdf = pypdfium2.PdfDocument(str(tmp_path / "out" / "crossings.pdf"))
    lines = [" ".join(line.split()) for line in pdf[0].get_textpage().get_text_bounded().splitlines()]
    pdf.close()
    assert "1. A note typed over two lines." in lines and "2. Another note over lines." in lines, lines
    assert "first = 1" in lines and "second = 2" in lines
