"""The whole paper, built once per session, checked on the PDF itself."""
import hashlib
import io
import re

import pypdf
import pytest

from briefpress.diagnostics import BuildError
from printing_helpers import render_pdf
from briefpress.pipeline import build
from briefpress.render_html import toc_entries
from briefpress.verify import verify_pdf
from conftest import ROOT

FAMILIES = ["KCSS Sans", "KCSS Serif"]


@pytest.fixture(scope="session")
def reader(built):
    return pypdf.PdfReader(io.BytesIO(built[1]))


def test_counts(built):
    result, _, document = built
    assert result.notes == 35 == len(document.notes)
    assert 25 <= result.pages <= 60
    assert result.references == len(document.references) >= 33


def test_toc_numbers_match_the_bookmarked_pages(reader):
    toc_page = next(i for i, p in enumerate(reader.pages) if "Table of Contents" in p.extract_text())
    printed = [int(m.group(1)) for m in re.finditer(r"\. (\d+)\n", reader.pages[toc_page].extract_text() + "\n")]
    top = [o for o in reader.outline if not isinstance(o, list)]
    assert len(printed) == len(top) == 13
    assert printed == [reader.get_destination_page_number(o) + 1 for o in top]
    assert [o.title for o in top][3:5] == ["1 Introduction", "2 An Overview of Serbia’s Security Doctrine"]


def test_every_note_is_on_the_page_of_its_call(reader, built):
    dests = {k: reader.get_destination_page_number(v) for k, v in reader.named_destinations.items()}
    for note in built[2].notes:
        assert dests[f"fnref-{note.number}"] == dests[f"fn-{note.number}"], note.number
        page_text = reader.pages[dests[f"fn-{note.number}"]].extract_text()
        assert re.search(rf"(?m)^{note.number}\. ", page_text), note.number


def test_fonts_are_the_theme_fonts_embedded_and_subset(reader):
    fonts = {}
    for page in reader.pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            fonts[str(font["/BaseFont"])] = descendant["/FontDescriptor"].get_object()
    assert fonts
    for name, descriptor in fonts.items():
        assert re.match(r"^/[A-Z]{6}\+KCSS-(Serif|Sans)", name), name
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, name


def test_metadata_and_language(reader):
    meta = reader.metadata
    assert meta.title.startswith("How Does the Serbian Security Doctrine")
    assert meta.author == "Ramadan Ilazi"
    assert "Kosovo" in meta["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert meta["/CreationDate"].startswith("D:2025")


def test_text_from_cover_to_back_cover_survives(reader):
    text = " ".join(p.extract_text() for p in reader.pages)
    # Undo line-end hyphenation (U+2010, WeasyPrint's) and breaks after hard hyphens.
    text = re.sub(r"‐\s+", "", text)
    text = re.sub(r"\s+", " ", re.sub(r"(?<=\w)-\s+(?=\w)", "-", text))
    for phrase in ["Kad se vojska na Kosovo vrati", "engages with Kosovo government in the EU-led dialogue",
                   "About KCSS", "securitybarometer.qkss.org", "ISBN 978-9951-842-41-9"]:
        assert phrase in text, phrase


def test_two_worker_processes_give_the_same_bytes_and_carry_errors_back(built, tmp_path):
    import pickle
    from briefpress.printing.workers import pool
    result = build(ROOT, ("pdf",), tmp_path, parallel=False)  # the same jobs in this process
    assert result.outputs["pdf"].read_bytes() == built[1]  # `built` used the two processes
    theme = ROOT / "templates" / "kcss"
    with pool() as workers:
        job = workers.submit("lay_out_and_write", "<html><body><img src='https://example.org/x.png'></body></html>",
                             theme, (theme,))
        with pytest.raises(BuildError) as exc:
            job.result()
    assert exc.value.diagnostics[0].code == "pdf.resource"
    again = pickle.loads(pickle.dumps(exc.value))
    assert again.diagnostics == exc.value.diagnostics


def test_build_is_deterministic(built, tmp_path):
    again = build(ROOT, ("pdf", "epub"), tmp_path)
    for fmt in ("pdf", "epub"):
        first, second = built[0].outputs[fmt].read_bytes(), again.outputs[fmt].read_bytes()
        assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest(), fmt


def test_verification_catches_a_wrong_toc_and_a_missing_reference(built):
    _, pdf, document = built
    toc = toc_entries(document, 1)
    swapped = toc[:3] + [toc[4], toc[3]] + toc[5:]
    codes = {d.code for d in verify_pdf(pdf, document, swapped, FAMILIES)}
    assert {"pdf.toc-page", "pdf.outline"} <= codes
    trimmed = type(document)(document.metadata, document.chapters, document.notes, document.references[1:])
    assert "pdf.reference-missing" in {d.code for d in verify_pdf(pdf, trimmed, toc, FAMILIES)}


def _small_html(body: str) -> str:
    return (f"<html lang='en'><style>@font-face {{ font-family: 'KCSS Serif'; src: url(fonts/NotoSerif-Regular.ttf) }}"
            f" body {{ font-family: 'KCSS Serif' }}</style><body>{body}</body></html>")


def test_fallback_font_is_an_error(built):
    theme = ROOT / "templates" / "kcss"
    ok = render_pdf(_small_html("<p>ë ç ć č đ š ž Ђ Љ Њ Ћ Џ</p>"), theme, (theme,))
    bad = render_pdf(_small_html("<p>Arrow → here</p>"), theme, (theme,))
    document = type(built[2])(built[2].metadata, (), (), ())
    assert not [d for d in verify_pdf(ok.pdf, document, [], FAMILIES) if d.code == "pdf.fallback-font"]
    assert [d for d in verify_pdf(bad.pdf, document, [], FAMILIES) if d.code == "pdf.fallback-font"]


@pytest.mark.parametrize("src", ["https://example.org/logo.png", "file:///etc/hostname"])
def test_the_build_never_reads_outside_the_project(src):
    theme = ROOT / "templates" / "kcss"
    with pytest.raises(BuildError) as exc:
        render_pdf(f"<html><body><img src='{src}'></body></html>", theme, (theme,))
    assert exc.value.diagnostics[0].code == "pdf.resource"


def test_theme_options_right_hand_sections_and_logo(project_copy):
    theme = project_copy / "templates" / "kcss"
    settings = theme / "theme.yaml"
    settings.write_text(settings.read_text().replace("sections_start: page", "sections_start: right"))
    (theme / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">'
                                    '<rect width="120" height="40" fill="#c8102e"/></svg>')
    result = build(project_copy, ("pdf",), project_copy / "build")  # verification included
    reader = pypdf.PdfReader(result.outputs["pdf"])
    top = [o for o in reader.outline if not isinstance(o, list)]
    numbered = [reader.get_destination_page_number(o) for o in top if o.title[0].isdigit()]
    assert numbered and all(p % 2 == 0 for p in numbered)  # 0-based even = odd page number = right-hand page
    blank = [p for p in reader.pages if not p.extract_text().strip()]
    assert blank, "a left-hand blank page should precede some section"
    cover = reader.pages[0].extract_text()
    assert "How Does the Serbian" in cover and "KOSOVAR CENTRE" not in cover  # logo replaces the text wordmark


def test_a_heading_alone_at_a_page_foot_is_caught(built):
    from briefpress.verify import headings_alone
    document = built[2]
    chapter = document.chapters[4]  # 04-overview: "2" then text, "2.1" then text
    ids = re.findall(r'\bid="([^"]+)"', chapter.html)
    pages = {i: 10 for i in ids}
    assert headings_alone(pages, document) == []
    sub = chapter.headings[1].id
    after = ids[ids.index(sub) + 1]
    pages[after] = 11
    (d,) = headings_alone(pages, document)
    assert d.code == "pdf.heading-alone" and f"'#{sub}'" in d.message and "page 11" in d.message
