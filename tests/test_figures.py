"""Figures and images: pandoc figures numbered in all three editions, images found beside the Markdown file,
every format decoded, lint and build agreeing on bad images."""
import re
import shutil

import lxml.etree
import pytest

from briefpress.diagnostics import BuildError
from briefpress.lint import lint_path
from briefpress.pipeline import build
from conftest import ROOT
from figure_papers import (GREEN, build_all, chapter_xhtml, color_pixels, epubcheck, gif, jpeg, pdf, pdf_pages, png,
                           svg, text_of)

PAPER = """# Charts in Policy

## Data

The data come first [@doe2020]. An inline ![small mark](img/mark.gif){height=12px} stays in the text.

![Share of *green* spending[^src]](img/chart.png){#fig:chart width=60%}

![A blue block [@doe2020, p. 3]](figures/block.svg){#fig:block}

## Results

![A red photograph](photo.jpg){#fig:photo .wide width=5cm}

![A vector figure from a PDF](vector.pdf){#fig:vector}

[^src]: Figures from the ministry.
"""


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    root = tmp_path_factory.mktemp("figures")
    (root / "img").mkdir()
    (root / "figures").mkdir()
    png(root / "img" / "chart.png")
    gif(root / "img" / "mark.gif")
    svg(root / "figures" / "block.svg")
    jpeg(root / "photo.jpg")
    pdf(root / "vector.pdf")
    (root / "paper.md").write_text(PAPER)
    result, out = build_all(root / "paper.md")
    return root, result, out


def test_figures_are_numbered_in_reading_order_in_the_pdf(paper):
    text = " ".join(paper[2]["pdf"].split())
    for n, caption in enumerate(["Share of green spending", "A blue block", "A red photograph",
                                 "A vector figure from a PDF"], 1):
        assert f"Figure {n}: {caption}" in text
    assert "Figures from the ministry." in text  # the caption's note is a numbered note
    assert "Doe, Book on Charts, 3." in text  # and so is its citation (a short note: cited before; CMOS 18 13.33 drops "A")


def test_the_images_are_painted_in_the_pdf(paper):
    data = paper[1].outputs["pdf"].read_bytes()
    pages = [i for i in range(paper[1].pages) if color_pixels(data, i, GREEN) > 2000]
    assert pages, "the green chart is not on any page"


def test_html_has_figures_with_captions_alt_text_and_inline_data(paper):
    html = paper[2]["html"]
    figures = re.findall(r'<figure class="figure"[^>]*>.*?</figure>', html, re.S)
    assert len(figures) == 4
    first = figures[0]
    assert 'id="fig:chart"' in first and 'data-number="1"' in first
    assert 'alt="Share of green spending"' in first  # the caption as plain text, no note call
    assert "<em>green</em>" in first and 'style="width: 60%"' in first
    assert 'src="data:image/png;base64,' in first
    assert 'src="data:image/svg+xml;base64,' in figures[1] and 'alt="A blue block"' in figures[1]
    assert 'class="wide"' in figures[2] and 'style="width: 5cm"' in figures[2]
    assert 'src="data:image/png;base64,' in figures[3]  # the PDF figure, rasterised
    assert not re.findall(r'\bsrc="(?!data:)', html)  # self-contained
    # An image inside running text is no figure.
    inline = re.search(r'An inline (<img[^>]*>)', html).group(1)
    assert 'alt="small mark"' in inline and "height: 12px" in inline and "data:image/gif;base64," in inline


def test_epub_carries_the_images_and_epubcheck_reports_nothing(paper, tmp_path):
    files = paper[2]["epub"]
    opf = lxml.etree.fromstring(files["OEBPS/package.opf"])
    ns = {"opf": "http://www.idpf.org/2007/opf"}
    items = {i.get("href"): i.get("media-type") for i in opf.xpath("//opf:manifest/opf:item", namespaces=ns)}
    pictures = {h: t for h, t in items.items() if h.startswith("images/img-")}
    assert sorted(pictures.values()) == ["image/gif", "image/jpeg", "image/png", "image/png", "image/svg+xml"]
    for href in pictures:
        assert f"OEBPS/{href}" in files
    xhtml = chapter_xhtml(files)
    assert "data:" not in xhtml
    for href in pictures:
        assert f'src="../{href}"' in xhtml
    assert "Figure 3:</span> A red photograph" in xhtml
    assert epubcheck(paper[1].outputs["epub"], tmp_path) == []


def test_pdf_figure_is_rasterised_the_same_every_time(tmp_path):
    from briefpress import images
    source = pdf(tmp_path / "v.pdf")
    first, second = images._pdf(source.read_bytes()), images._pdf(source.read_bytes())
    assert first == second and first.media_type == "image/png"
    assert first.css_width == "226.77pt"  # 8 cm: the figure keeps its printed size


@pytest.fixture
def small_project(tmp_path):
    """A project (manuscript/ + metadata.yaml) with a figure under manuscript/."""
    (tmp_path / "manuscript" / "img").mkdir(parents=True)
    shutil.copy(ROOT / "manuscript" / "metadata.yaml", tmp_path / "manuscript" / "metadata.yaml")
    png(tmp_path / "manuscript" / "img" / "chart.png")
    (tmp_path / "manuscript" / "01-one.md").write_text(
        "# One\n\nText with a chart.\n\n![A chart](img/chart.png){#fig:c}\n\nAs @fig:c shows.\n")
    return tmp_path


def test_project_mode_finds_images_under_manuscript_in_every_edition(small_project):
    assert [d for d in lint_path(small_project) if d.code.startswith("image.")] == []
    result = build(small_project, ("pdf", "html"), small_project / "build")
    assert color_pixels(result.outputs["pdf"].read_bytes(), 3, GREEN) > 2000
    assert "As Figure 1 shows." in text_of(result.outputs["html"].read_text())


BAD = [
    ("missing", "![A chart](nothere.png)", "image.missing", None),
    ("remote", "![A chart](https://example.org/chart.png)", "image.remote", None),
    ("outside", "![A chart](../outside.png)", "image.outside", None),
    ("symlink", "![A chart](link.png)", "image.outside", "symlink"),
    ("truncated", "![A chart](broken.png)", "image.invalid", "truncated"),
    ("not-an-image", "![A chart](text.png)", "image.invalid", "text"),
    ("svg-external", "![A chart](ext.svg)", "image.invalid", "svg-external"),
    ("svg-entity", "![A chart](ent.svg)", "image.invalid", "svg-entity"),
    ("html-img", 'Text <img src="gone.png" alt="x"> here.', "image.missing", None),
]


@pytest.mark.parametrize("name,markdown,code,make", BAD, ids=[b[0] for b in BAD])
def test_lint_and_build_agree_on_bad_images(tmp_path, name, markdown, code, make):
    root = tmp_path / "p"
    root.mkdir()
    png(tmp_path / "outside.png")
    if make == "symlink":
        (root / "link.png").symlink_to(tmp_path / "outside.png")
    elif make == "truncated":
        data = png(tmp_path / "full.png", size=(400, 400)).read_bytes()
        (root / "broken.png").write_bytes(data[:len(data) // 2])
    elif make == "text":
        (root / "text.png").write_text("not an image")
    elif make == "svg-external":
        svg(root / "ext.svg", '<image href="file:///etc/passwd" width="1" height="1"/>')
    elif make == "svg-entity":
        (root / "ent.svg").write_text('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "boom">]>'
                                      '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>')
    md = root / "paper.md"
    md.write_text(f"# Title\n\nSome text.\n\n{markdown}\n")
    found = [d for d in lint_path(md) if d.severity == "error"]
    assert [(d.code, str(d.location)) for d in found] == [(code, "paper.md:5:1" if "img" not in markdown else
                                                           "paper.md:5:6")]
    for fmt in ("pdf", "epub", "html"):
        with pytest.raises(BuildError) as exc:
            build(md, (fmt,), root / "build")
        assert [(d.code, d.location) for d in exc.value.diagnostics] == [(d.code, d.location) for d in found]
    assert not (root / "build").exists()


def test_image_beside_the_markdown_file_is_found_by_lint(tmp_path):
    png(tmp_path / "chart.png")
    md = tmp_path / "paper.md"
    md.write_text("# Title\n\n![A chart](chart.png)\n\n![Bad size](chart.png){width=wide}\n")
    found = [(d.severity, d.code, str(d.location)) for d in lint_path(md)]
    assert found == [("warning", "image.size", "paper.md:5:1")]


@pytest.mark.parametrize("before", ["[a link](https://example.org/a)", "![an image](chart.png)"])
def test_a_link_or_image_before_a_bracket_citation_leaves_it_a_note(before):
    from briefpress.citations import extract_all
    ex = extract_all(f"Text {before} and [@doe2020, p. 3].\n", "paper.md")
    assert [(i.key, i.mode, i.locator) for c in ex.citations for i in c.items] == [("doe2020", "normal", "3")]


def test_reference_style_images_are_checked_too(tmp_path):
    md = tmp_path / "paper.md"
    md.write_text("# Title\n\nSome text.\n\n![A chart][chart]\n\n[chart]: img/none.png\n")
    assert [(d.code, str(d.location)) for d in lint_path(md) if d.severity == "error"] == \
        [("image.missing", "paper.md:5:1")]


def test_the_same_paper_gives_the_same_bytes(paper, tmp_path):
    again = build(paper[0] / "paper.md", ("pdf", "epub"), tmp_path, paper[0] / "paper.bib")
    for fmt in ("pdf", "epub"):
        assert again.outputs[fmt].read_bytes() == paper[1].outputs[fmt].read_bytes(), fmt


def test_an_image_in_a_footnote_is_carried_too(tmp_path):
    from figure_papers import epubcheck
    png(tmp_path / "dot.png", size=(20, 20))
    md = tmp_path / "paper.md"
    md.write_text("# Title\n\nText with a note.[^n]\n\n[^n]: A note with ![a dot](dot.png) inside.\n")
    result = build(md, ("epub", "html"), tmp_path / "build")
    assert 'alt="a dot" src="data:image/png;base64,' in result.outputs["html"].read_text()
    import zipfile
    with zipfile.ZipFile(result.outputs["epub"]) as z:
        notes = z.read("OEBPS/text/notes.xhtml").decode()
    assert re.search(r'src="\.\./images/img-[0-9a-f]{16}\.png"', notes)
    assert epubcheck(result.outputs["epub"], tmp_path) == []


SUBFIGURES = {
    "quarto": "::: {#fig-pair layout-ncol=2}\n\n![Left panel](a.png){#fig-left}\n\n![Right panel](b.png){#fig-right}\n\n"
              "Two panels.\n:::\n",
    "crossref": '<div id="fig-pair">\n![Left panel](a.png){#fig-left}\n\n![Right panel](b.png){#fig-right}\n\n'
                "Two panels.\n</div>\n",
}


@pytest.fixture(scope="module", params=sorted(SUBFIGURES))
def subfigures(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(f"subfigures-{request.param}")
    png(root / "a.png")
    png(root / "b.png", color=(200, 40, 40))
    md = root / "paper.md"
    md.write_text("---\ntitle: Panels\n---\n\n# One\n\nSee @fig-pair, @fig-left and @fig-right.\n\n"
                  + SUBFIGURES[request.param] + "\n![Alone](a.png){#fig-alone}\n\nThen @fig-alone.\n")
    return build_all(md)


def test_subfigures_are_one_figure_with_panels_a_and_b(subfigures):
    """Quarto's and pandoc-crossref's figure of several images: one number, panels (a), (b) side by side,
    each referable ('Figure 1(a)'); they were a plain div of two numbered figures."""
    result, out = subfigures
    assert "See Figure 1, Figure 1(a) and Figure 1(b)." in text_of(out["html"])
    assert "Then Figure 2." in text_of(out["html"])
    tree = lxml.etree.fromstring(next(v for k, v in out["epub"].items() if k.endswith("paper.xhtml")))
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    outer = tree.xpath("//x:figure[@id='fig-pair']", namespaces=ns)[0]
    assert [f.get("id") for f in outer.xpath("x:figure", namespaces=ns)] == ["fig-left", "fig-right"]
    assert [text_of(lxml.etree.tostring(c).decode()) for c in outer.xpath(".//x:figcaption", namespaces=ns)] == [
        "(a) Left panel", "(b) Right panel", "Figure 1: Two panels."]
    pages = pdf_pages(result.outputs["pdf"].read_bytes())
    assert "Figure 1: Two panels." in " ".join(" ".join(pages).split()) and "Figure 2: Alone" in " ".join(pages)


def test_subfigures_sit_side_by_side_in_the_pdf(subfigures):
    import pypdfium2
    result, _ = subfigures
    doc = pypdfium2.PdfDocument(result.outputs["pdf"].read_bytes())
    try:
        page = next(p for p in doc if "Left panel" in p.get_textpage().get_text_range())
        boxes = [obj.get_bounds() for obj in page.get_objects() if obj.type == pypdfium2.raw.FPDF_PAGEOBJ_IMAGE]
    finally:
        doc.close()
    panels = sorted(b for b in boxes if abs(b[3] - max(t for *_, t in boxes)) < 1)  # the top row of images
    assert len(panels) == 2 and panels[0][2] <= panels[1][0]  # side by side, the first left of the second


def test_subfigures_pass_epubcheck(subfigures, tmp_path):
    result, _ = subfigures
    assert epubcheck(result.outputs["epub"], tmp_path) == []


def test_a_cross_reference_in_a_caption_is_one_link_there_and_plain_words_in_the_alt_text(tmp_path):
    """A caption's reference was resolved inside the image's alt attribute too: a link in an attribute broke
    the tag (the PDF printed the image's base64 source and the alt text's 'Figure <a class=' beside the caption,
    the EPUB stopped with an XML error). The caption holds one "Figure N" link; the alt text is its plain
    words, as pandoc's alt text is the caption's plain text (an escaped '\\<' in it kept)."""
    png(tmp_path / "map.png")
    (tmp_path / "paper.md").write_text(
        "# Maps\n\n![A map \\<i\\>, compare @fig:other and [-@fig:other].](map.png){#fig:map}\n\n"
        "![Other map, see [Figure -@fig:map].](map.png){#fig:other}\n")
    _, out = build_all(tmp_path / "paper.md")
    pdf_words = " ".join(out["pdf"].split())
    assert "Figure 1: A map <i>, compare Figure 2 and 2." in pdf_words
    assert "Figure 2: Other map, see Figure 1." in pdf_words
    assert "base64" not in pdf_words and "<a" not in pdf_words and "Figure Figure" not in pdf_words
    for html in (out["html"], chapter_xhtml(out["epub"])):
        alts = re.findall(r'<img alt="([^"]*)"', html)
        assert alts == ["A map &lt;i&gt;, compare Figure\u00a02 and 2.", "Other map, see Figure 1."]
        captions = re.findall(r"<figcaption>(.*?)</figcaption>", html)
        assert [c.count('<a class="xref"') for c in captions] == [2, 1]
        assert "Figure Figure" not in text_of(html)


RAW_PANELS = """---
title: Atlas
---

# Maps

![First](a.png){#fig:first}

<figure id="fig:pair">
<figure id="fig:left">
<img src="a.png" />
<figcaption>Left</figcaption>
</figure>
<figure id="fig:right">
<img src="b.png" />
<figcaption>Right</figcaption>
</figure>
<figcaption>Both maps</figcaption>
</figure>

See @fig:pair and @fig:right.
"""


def test_a_raw_figure_of_figures_is_one_numbered_figure_its_figures_its_panels(tmp_path):
    """A raw figure holding figures and a caption, as pandoc -t markdown writes LaTeX's subfigures: it was left
    unnumbered (a reference to it printed its id, with a crossref.unnumbered warning) and its figures were
    numbered as figures of their own. It is one figure, its figures panels (a), (b), each referable."""
    png(tmp_path / "a.png")
    png(tmp_path / "b.png")
    (tmp_path / "paper.md").write_text(RAW_PANELS)
    assert [d.code for d in lint_path(tmp_path / "paper.md") if d.code.startswith("crossref")] == []
    result, out = build_all(tmp_path / "paper.md")
    pdf_words = " ".join(out["pdf"].split())
    assert "Figure 2: Both maps" in pdf_words and "(a) Left" in pdf_words and "(b) Right" in pdf_words
    assert "See Figure 2 and Figure 2(b)." in pdf_words and "Figure 3" not in pdf_words
    for html in (out["html"], chapter_xhtml(out["epub"])):
        assert re.findall(r'<figure class="(\w+)"[^>]*data-number="([^"]+)"', html) == [
            ("figure", "1"), ("figure", "2"), ("subfigure", "2(a)"), ("subfigure", "2(b)")]
        assert re.findall(r'<img alt="([^"]*)"', html) == ["First", "Left", "Right"]
    assert epubcheck(result.outputs["epub"], tmp_path) == []


def test_a_raw_figure_of_figures_without_a_caption_is_one_figure_its_label_its_caption(tmp_path):
    """The same raw figure of figures with no <figcaption> of its own: its figures were numbered as figures of their
    own (Figures 2 and 3) and '@fig:pair' printed its id (crossref.unnumbered). It is one figure, 'Figure 2' its
    caption (as a raw figure without a caption is), its figures panels (a), (b), in PDF, EPUB and web edition."""
    png(tmp_path / "a.png")
    png(tmp_path / "b.png")
    (tmp_path / "paper.md").write_text(RAW_PANELS.replace("<figcaption>Both maps</figcaption>\n", ""))
    assert [d.code for d in lint_path(tmp_path / "paper.md") if d.code.startswith("crossref")] == []
    result, out = build_all(tmp_path / "paper.md")
    pdf_words = " ".join(out["pdf"].split())
    assert "(a) Left (b) Right Figure 2 See Figure 2 and Figure 2(b)." in pdf_words and "Figure 3" not in pdf_words
    for html in (out["html"], chapter_xhtml(out["epub"])):
        assert re.findall(r'<figure class="(\w+)"[^>]*data-number="([^"]+)"', html) == [
            ("figure", "1"), ("figure", "2"), ("subfigure", "2(a)"), ("subfigure", "2(b)")]
        assert '<figcaption><span class="figure-label">Figure 2</span></figcaption></figure>' in html
        assert re.findall(r'<img alt="([^"]*)"', html) == ["First", "Left", "Right"]
    assert epubcheck(result.outputs["epub"], tmp_path) == []


def test_an_escaped_character_in_a_caption_prints_as_the_character(tmp_path):
    """'![Costs in \\$, \\*starred\\*](x.png)': the caption printed "Costs in 36, 42starred42" (the
    characters' codes, as Python-Markdown holds an escape in the alt text); pandoc 3.9 prints the characters,
    in the caption and the alt text alike."""
    png(tmp_path / "x.png")
    (tmp_path / "paper.md").write_text("# Costs\n\n![Costs in \\$, 50\\%, \\*starred\\*, \\<b\\>.](x.png){#fig:x}\n")
    _, out = build_all(tmp_path / "paper.md", ("pdf", "html"))
    assert "Figure 1: Costs in $, 50%, *starred*, <b>." in " ".join(out["pdf"].split())
    assert re.findall(r'<img alt="([^"]*)"', out["html"]) == ["Costs in $, 50%, *starred*, &lt;b&gt;."]
    assert "Costs in $, 50%, *starred*, &lt;b&gt;.</figcaption>" in out["html"]


def test_an_image_alone_in_a_tight_list_item_or_a_definition_is_a_figure_as_in_pandoc():
    """pandoc 3.9 makes a figure of an image alone in a list item or a definition, tight or not ('- a' /
    '- ![Map](m.png)'); it was printed as a bare image, its caption lost. An image with a backslash after it
    stays an image, the backslash unprinted."""
    from briefpress.markdown_ext import render_chapter
    image = "![A map of the *coast*](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYP" \
            "hfDwAChwGA60e6kgAAAABJRU5ErkJggg==)"
    for source in (f"- First.\n- {image}\n", f"Term\n:   {image}\n"):
        root = lxml.etree.HTML(render_chapter(source)[0])
        figure = root.find(".//figure")
        assert figure is not None and figure.getparent().tag in ("li", "dd"), source
        assert " ".join(figure.find("figcaption").xpath("string()").split()) == "A map of the coast", source
    root = lxml.etree.HTML(render_chapter(f"- First.\n- {image}\\\n")[0])
    assert root.find(".//figure") is None and root.xpath("string(//li[2])").strip() == ""
