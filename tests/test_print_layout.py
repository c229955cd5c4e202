"""The paper laid out in parts (front, A, B) and merged is the paper laid out in one piece."""
import io
import json

import pikepdf
import pypdfium2 as pdfium

from briefpress.pdf import render_pdf
from briefpress.pipeline import build
from briefpress.print_layout import split_point
from briefpress.render_html import Theme, load_theme, render_print
from conftest import ROOT


def _page_texts(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    texts = [doc[i].get_textpage().get_text_bounded() for i in range(len(doc))]
    doc.close()
    return texts


def test_the_parts_print_exactly_what_one_piece_prints(built):
    _, pdf, document = built
    theme = load_theme(ROOT / "templates" / "kcss")
    whole = render_pdf(render_print(document, theme), theme.dir, (ROOT, theme.dir))
    assert whole.pages == built[0].pages
    assert _page_texts(pdf) == _page_texts(whole.pdf)  # every page: body, notes, running heads, numbers


def test_the_split_starts_a_numbered_section_near_the_middle(built):
    document = built[2]
    theme = load_theme(ROOT / "templates" / "kcss")
    split = split_point(document, theme)
    assert document.chapters[split].title.number
    sizes = [len(c.html) for c in document.chapters]
    assert 0.35 < sum(sizes[:split]) / sum(sizes) < 0.65
    right = Theme(theme.dir, dict(theme.settings, sections_start_right=True))
    assert split_point(document, right) is None  # blank pages would depend on where B starts


def test_wrong_hints_cost_time_not_bytes(built, project_copy):
    hints = project_copy / "build" / ".layout-hints.json"  # the layout state lives in the output folder
    hints.parent.mkdir()
    split = split_point(built[2], load_theme(ROOT / "templates" / "kcss"))
    name = built[2].chapters[split].name
    hints.write_text(json.dumps({"split": name, "front": 5, "b": 31}))  # front and B both wrong
    result = build(project_copy, ("pdf",), project_copy / "build")
    assert result.outputs["pdf"].read_bytes() == built[1]
    settled = json.loads(hints.read_text())
    assert settled["front"] == 3 and settled["b"] == 3 + 1 + _pages_before(built[1], name, built[2])


def _pages_before(pdf: bytes, chapter_name: str, document) -> int:
    """Pages of part A: from the first page after the front to the page before B's first heading."""
    chapter = next(c for c in document.chapters if c.name == chapter_name)
    reader = pikepdf.open(io.BytesIO(pdf))
    names = reader.Root.Names.Dests.Names
    dests = {str(names[i]): names[i + 1] for i in range(0, len(names), 2)}
    page_of = {p.obj.objgen: i for i, p in enumerate(reader.pages)}
    return page_of[dests[chapter.title.id][0].objgen] - 3


def test_one_structure_tree_outline_and_name_tree_for_the_merged_parts(built):
    pdf = pikepdf.open(io.BytesIO(built[1]))
    tree = pdf.Root.StructTreeRoot
    nums = tree.ParentTree.Nums
    keys = [int(nums[i]) for i in range(0, len(nums), 2)]
    assert keys == list(range(len(keys))) and int(tree.ParentTreeNextKey) == len(keys)
    assert [int(p.obj.StructParents) for p in pdf.pages] == list(range(len(pdf.pages)))
    annotation_keys = [int(a.StructParent) for p in pdf.pages for a in p.obj.get("/Annots", [])]
    assert sorted(annotation_keys) == list(range(len(pdf.pages), len(keys)))
    document = tree.K[0]
    assert all(kid.P.objgen == document.objgen for kid in document.K)
    pages = {p.obj.objgen for p in pdf.pages}
    stack, seen = list(document.K), 0
    while stack:
        element = stack.pop()
        if isinstance(element, pikepdf.Dictionary) and element.get("/Type") == "/StructElem":
            seen += 1
            assert "/Pg" not in element or element.Pg.objgen in pages
            kids = element.get("/K")
            stack += list(kids) if isinstance(kids, pikepdf.Array) else []
    assert seen > 1000
    names = [str(n) for n in pdf.Root.Names.Dests.Names[::2]]
    assert names == sorted(names) and len(names) == len(set(names))
    assert str(pdf.Root.Lang) == "en" and str(pdf.docinfo.Title).startswith("How Does the Serbian")
