"""Language editions: the sample project tests/fixtures/editions (an Albanian and a Serbian Cyrillic
edition sharing references.bib) built in full; labels, quotation marks, dates, hyphenation, reference
order, verification from the PDF's structure, EPUBCheck, the citation files and the web editions' links."""
import json
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pypdfium2
import pytest
from conftest import epubcheck_problems

FIXTURE = Path(__file__).parent / "fixtures" / "editions"
SQ, SR = "uji-dhe-siguria", "voda-i-bezbednost"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from briefpress.editions import build_all
    from briefpress.printing import workers
    out = tmp_path_factory.mktemp("editions")
    started = []
    with pytest.MonkeyPatch.context() as patch:  # every layout worker pool the build starts
        patch.setattr(workers, "start", lambda *a, start=workers.start: started.append(1) or start(*a))
        results = build_all(FIXTURE, ("pdf", "epub", "html"), out)
    return out, results, len(started)


def text(path: Path) -> str:
    doc = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in doc).replace("\r\n", "\n")
    finally:
        doc.close()


@pytest.fixture(scope="module")
def texts(built):
    out, *_ = built
    return {slug: text(out / f"{slug}.pdf") for slug in (SQ, SR)}


def test_every_edition_is_built_under_its_own_slug(built):
    out, results, pools = built
    assert pools == 1  # the editions share the layout workers: WeasyPrint is started once
    assert [r.outputs["pdf"].name for r in results] == [f"{SQ}.pdf", f"{SR}.pdf"]
    for slug in (SQ, SR):
        for ext in ("pdf", "epub", "html", "cff", "bib", "ris"):
            assert (out / f"{slug}.{ext}").is_file()
    assert not (out / "CITATION.cff").exists()  # two editions: one .cff each


def test_a_second_build_lays_out_no_edition_again(built):
    """Each edition keeps its own layout state: building the second did not throw the first's away."""
    from briefpress.editions import build_all
    out, *_ = built
    again = build_all(FIXTURE, ("pdf",), out)
    assert [r.outputs["pdf"].name for r in again] == [f"{SQ}.pdf", f"{SR}.pdf"]
    for result in again:
        assert not [step for step in result.timings if step.strip().startswith("layout ")]


def test_labels_in_the_editions_language(texts):
    for label in ("Përmbajtja", "Bibliografia", "Si ta citoni këtë botim", "Botues", "Tabela 1:", "Rreth QSS"):
        assert label in texts[SQ]
    for label in ("Садржај", "Литература", "Како цитирати ову публикацију", "Издавач", "Табела 1:"):
        assert label in texts[SR]
    for english in ("Table of Contents", "References", "Published by", "How to cite"):
        assert english not in texts[SQ] and english not in texts[SR]


def test_chicago_terms_and_dates_in_the_editions_language(texts):
    sq, sr = texts[SQ], texts[SR]
    assert "7 mars 2025" in sq and "qasur më 12 shtator 2024" in sq and "përkth. Mira Çela" in sq
    assert "Gëzim Dhima dhe Lindita Zeqiri" in sq and "nr. 2" in sq
    assert "7. март 2025" in sr and "приступљено 12. септембар 2024" in sr and "ур. Зоран Ивић" in sr
    assert "Ана Јовић и Петар Чолић" in sr and "бр. 1" in sr


def test_quotation_marks_follow_each_sources_language(texts):
    sq, sr = texts[SQ], texts[SR]
    assert "«Rrjedhat ndërkufitare dhe politikat e ujit,»" in sq
    assert "«Uji është pasuri" in sq  # the text's own quotes too
    assert "„Прекогранични токови и политика вода“," in sr  # the comma after the mark, as Pravopis and citeproc's sr-RS set it
    assert "„Вода" in sr
    # the English source keeps English quotes (and English title case) in both editions; the comma is placed
    # as the edition's language places it (Albanian inside the mark, Serbian after it, as German does)
    assert "“Water Scarcity and Regional Security: A Comparative View,”" in sq
    assert "“Water Scarcity and Regional Security: A Comparative View”," in sr


def test_a_source_in_another_language_carries_its_lang(built):
    out, *_ = built
    html = (out / f"{SQ}.html").read_text()
    assert re.search(r'<span lang="en">Jane Smith dhe Tom Brown, “Water', html)
    assert '<span lang="sq">' not in html  # the edition's own sources need none


def test_long_words_are_hyphenated_in_cyrillic(texts):
    # a line that ends in a hyphen (U+2010, WeasyPrint's break) inside a word of the Serbian text
    broken = re.findall(r"(\w+)‐\n(\w+)", texts[SR])
    assert broken
    assert all(re.search(a + b, (FIXTURE / "manuscript/sr/01-uvod.md").read_text()
                         + (FIXTURE / "manuscript/sr/02-nalazi.md").read_text()) for a, b in broken)


def _order(text: str, names: list[str]) -> list[str]:
    """The names in the order the reference list prints them (inverted names appear only there)."""
    return sorted(names, key=text.index)


def test_reference_lists_sorted_by_the_alphabet(texts):
    # Albanian: D < Dh, E < Ë, S < Sh (so Smith before Shala)
    assert _order(texts[SQ], ["Cuni, Besnik", "Dhima, Gëzim", "Ëmeri, Dorina", "Smith, Jane", "Shala, Arta"]) == \
        ["Cuni, Besnik", "Dhima, Gëzim", "Ëmeri, Dorina", "Smith, Jane", "Shala, Arta"]
    # Serbian azbuka: Ђ after Д, Љ after Л, Cyrillic before Latin
    assert _order(texts[SR], ["Ђорђевић, Милан", "Јовић, Ана", "Лукић, Мирјана", "Љубић, Драган", "Smith, Jane"]) == \
        ["Ђорђевић, Милан", "Јовић, Ана", "Лукић, Мирјана", "Љубић, Драган", "Smith, Jane"]


def _verification(out: Path, edition: str, swap: bool):
    from briefpress.document import build_document
    from briefpress.lint import read_entries
    from briefpress.project import load_project
    from briefpress.render_html import load_theme, printed_toc, toc_entries
    from briefpress.verify import verify_pdf
    project = load_project(FIXTURE, edition=edition)
    theme = load_theme(project.theme_dir)
    document = build_document(project.metadata, project.chapters, dict(read_entries(project).entries))
    outline = toc_entries(document, 1, theme)
    if swap:  # the same titles, each pointing at the other's heading
        outline = [replace(outline[0], id=outline[1].id), replace(outline[1], id=outline[0].id)] + outline[2:]
    families = sorted({f[0] for f in theme.settings["fonts"]["files"]})
    pdf = (out / f"{project.metadata.slug}.pdf").read_bytes()
    return verify_pdf(pdf, document, printed_toc(document, theme), families, (), outline)


def test_cyrillic_edition_verifies_toc_notes_and_bookmarks(built):
    out, *_ = built
    assert _verification(out, "sr", swap=False) == []


def test_bookmarks_are_checked_by_their_destination(built):
    out, *_ = built
    codes = {d.code for d in _verification(out, "sr", swap=True)}
    assert codes == {"pdf.outline-target"}


def test_a_misdirected_bookmark_is_named_by_its_own_title(built):
    out, *_ = built
    problems = _verification(out, "sr", swap=True)
    assert len(problems) == 2 and problems[0].message != problems[1].message  # each names its own bookmark
    titles = [m.group(1) for d in problems for m in [re.search(r"bookmark '([^']*)'", d.message)] if m]
    assert len(titles) == 2 and titles[0] != titles[1]


def test_citation_files_are_valid_and_carry_the_doi(built):
    from cffconvert import Citation

    from briefpress.bib.read import read_text
    out, *_ = built
    cff = (out / f"{SR}.cff").read_text()
    Citation(cff).validate()  # raises on anything against the CFF 1.2.0 schema
    assert "doi: 10.5555/pcs.2025.1" in cff and "- sr" in cff
    bib = read_text((out / f"{SR}.bib").read_text(), f"{SR}.bib")
    assert not [d for d in bib.problems if d.severity == "error"]
    (entry,) = bib.entries.values()
    assert (entry.type, entry.get("doi"), entry.language) == ("report", "10.5555/pcs.2025.1", "serbianc")
    assert entry.authors[0].family == "Петровић"
    ris = (out / f"{SQ}.ris").read_text()
    assert ris.startswith("TY  - RPRT") and "DO  - 10.5555/qss.2025.1" in ris and ris.rstrip().endswith("ER  -")


def test_web_editions_link_to_each_other(built):
    out, *_ = built
    for slug, lang in ((SQ, "sq"), (SR, "sr-Cyrl")):
        html = (out / f"{slug}.html").read_text()
        assert f'<html lang="{lang}">' in html
        assert '<link rel="alternate" hreflang="sq" href="uji-dhe-siguria.html">' in html
        assert '<link rel="alternate" hreflang="sr-Cyrl" href="voda-i-bezbednost.html">' in html
        assert re.search(rf'href="{slug}.html"[^>]*aria-current="page"', html)
        data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
        assert (data["@type"], data["inLanguage"]) == ("Report", lang)
        assert data["identifier"]["value"].startswith("10.5555/")
        assert '<meta name="citation_doi"' in html


def test_epub_declares_its_language_and_doi(built):
    out, *_ = built
    with zipfile.ZipFile(out / f"{SR}.epub") as z:
        opf = z.read("OEBPS/package.opf").decode()
        nav = z.read("OEBPS/nav.xhtml").decode()
    assert "<dc:language>sr-Cyrl</dc:language>" in opf
    assert '<dc:identifier id="uid">urn:doi:10.5555/pcs.2025.1</dc:identifier>' in opf
    assert "Садржај" in nav and "Литература" in nav


@pytest.mark.parametrize("slug", [SQ, SR])
def test_epubcheck_reports_nothing(built, slug, tmp_path):
    assert epubcheck_problems(built[0] / f"{slug}.epub", tmp_path) == []


def test_lint_sees_citations_of_every_edition():
    from briefpress.lint import lint_path
    assert [d for d in lint_path(FIXTURE) if d.severity != "info"] == []


def test_an_edition_that_does_not_exist_is_an_error():
    from briefpress.diagnostics import BuildError
    from briefpress.project import load_project
    with pytest.raises(BuildError) as exc:
        load_project(FIXTURE, edition="de")
    assert exc.value.diagnostics[0].code == "project.no-edition"
