"""Merge: the PDFs of the parts of the paper (front, then chapters) -> one PDF, as if laid out at once.

Takes the part PDFs WeasyPrint wrote, in page order, and returns PDF bytes with: every page; one
name tree of destinations (a later part's destination wins over the front's stand-in for the
same name, see :mod:`.parts`; a stand-in ``xpart-<id>`` for a link into another part,
see :func:`briefpress.file_links.part_links`, takes ``<id>``'s destination), so links between parts work; one outline, the
parts' top-level bookmarks in order; one structure tree (tags), every part's elements under the
front's Document element, with its parent tree numbered afresh; one copy of each embedded font program, the build's font in place of the parts' stubs
(:func:`.model.stub`), reduced to the glyphs drawn; the front's document
information, language and viewer settings. Uses qpdf (pikepdf),
which carries every object a page needs with it; the file ID is computed from the content,
so the same parts give the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import warnings
import zlib
from typing import NamedTuple

import pikepdf
from pikepdf import Array, Dictionary, Name

from ..fonts import keep_glyphs
from .model import STUB


def _pairs(array) -> list[tuple]:
    return [(array[i], array[i + 1]) for i in range(0, len(array), 2)]


def _top_level(outlines) -> list:
    items, item = [], outlines.get("/First")
    while item is not None:
        items.append(item)
        item = item.get("/Next")
    return items


def _copier(out, src):
    """Copies objects of ``src`` into ``out``; page references land on the pages already copied."""
    def copy(obj):
        if isinstance(obj, pikepdf.Object) and not obj.is_indirect:
            obj = src.make_indirect(obj)  # qpdf copies indirect objects only
        return out.copy_foreign(obj)
    return copy


FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def _drawn(widths) -> set[int]:
    """The glyphs a CID font's /W array gives widths for: ``c [w1 w2 …]`` and ``c_first c_last w``."""
    items, out, i = list(widths), set(), 0
    while i < len(items):
        if i + 1 < len(items) and isinstance(items[i + 1], Array):
            out.update(range(int(items[i]), int(items[i]) + len(items[i + 1])))
            i += 2
        else:
            out.update(range(int(items[i]), int(items[i + 1]) + 1))
            i += 3
    return out


def _program(stream, fonts: dict[bytes, bytes]) -> bytes:
    """A font program's bytes: a part's stub (:func:`.model.stub`) replaced by the font it stands for."""
    data = stream.read_bytes()
    if data[4:4 + len(STUB)] != STUB:
        return data
    font = fonts.get(data[4 + len(STUB):])
    if font is None:  # never a stub in the paper: a font the build did not give is a bug, not a bad input
        raise ValueError("a part embeds a font stub whose font the build did not give")
    return font


def _kinds(pdf, document=None, listed=frozenset()) -> tuple[list, list, list]:
    """``pdf``'s font dictionaries that have a descriptor, its font descriptors, and its structure elements
    whose parent is ``document`` but which it does not list (``listed``: their objgens): one pass over its
    objects, each asked its type through qpdf once (thousands of them)."""
    fonts, descriptors, unlisted = [], [], []
    for obj in pdf.objects:
        if not isinstance(obj, Dictionary):
            continue
        kind = obj.get("/Type")
        if kind == Name.Font and "/FontDescriptor" in obj:
            fonts.append(obj)
        elif kind == Name.FontDescriptor:
            descriptors.append(obj)
        elif (kind == Name.StructElem and document is not None and "/P" in obj and obj.P.objgen == document.objgen
              and obj.objgen not in listed):
            unlisted.append(obj)
    return fonts, descriptors, unlisted


def _one_copy_of_each_font(font_dicts: list, descriptors: list, fonts: dict[bytes, bytes]) -> None:
    """One stream per distinct font program, reduced to the glyphs the pages draw. The parts embed a stub
    for each font subset once per build (:mod:`briefpress.fonts`; ``fonts``: those subsets by their
    sha256 digest); here each distinct program becomes one copy, from the real font, with the glyphs
    of every part (WeasyPrint's /W gives a width for each glyph it draws), and the other copies are
    dropped when saving. A font WeasyPrint subset itself (not given) is the same in every part too.
    ``font_dicts`` and ``descriptors``: the merged PDF's (:func:`_kinds`, of each part as it was read),
    taken in the PDF's object order, so the copy kept is the first."""
    drawn: dict[tuple, set[int]] = {}
    for obj in font_dicts:
        glyphs = drawn.setdefault(obj.FontDescriptor.objgen, set())
        glyphs.update(_drawn(obj.W) if "/W" in obj else {-1})  # -1: glyphs unknown, keep them all
    programs: dict[tuple, tuple] = {}
    for obj in sorted(descriptors, key=lambda d: d.objgen):
        for key in FONT_FILES:
            stream = obj.get(key)
            if isinstance(stream, pikepdf.Stream):
                extra = tuple(sorted((str(k), repr(v)) for k, v in stream.stream_dict.items()
                                     if k not in ("/Length", "/Length1", "/Filter", "/DecodeParms")))
                program = _program(stream, fonts)
                content = (key, extra, hashlib.sha256(program).digest())
                first, _, glyphs = programs.setdefault(content, (stream, program, set()))
                glyphs.update(drawn.get(obj.objgen, {-1}))
                obj[key] = first
    for first, font, glyphs in programs.values():
        truetype = "/Length1" in first
        if -1 not in glyphs and (truetype or first.get("/Subtype") == Name.OpenType):  # all its glyphs known
            font = keep_glyphs(font, glyphs | {0})
        first.write(zlib.compress(font), filter=Name.FlateDecode)
        if truetype:
            first.Length1 = len(font)


class Read(NamedTuple):
    """A part's PDF read for the merge (:func:`open_part`): the PDF, and its structure elements whose parent
    is its Document element (those the Document lists, then those it does not), taken from it; its font
    dictionaries and descriptors (:func:`_kinds`)."""
    pdf: pikepdf.Pdf
    kids: list
    unlisted: list
    fonts: list
    descriptors: list


def open_part(pdf: bytes) -> Read:
    """A part's PDF, read: :func:`merge_parts` takes it in place of the bytes (the build reads each part
    as it comes back, beside the layout of the others, not all of them once the last is laid out). A
    part read so is used by one merge only, which changes it.

    The elements under the part's Document element are taken from it (their /P removed), to be put under
    the paper's: WeasyPrint 70 makes a NonStruct element for each margin box (the running head, the page
    number) whose parent is the Document but which the Document does not list, and carried as they were,
    they brought each part's Document element, and its whole structure tree, into the paper (11 orphaned
    structure trees in the KCSS paper's PDF, each copied at the merge)."""
    read = pikepdf.open(io.BytesIO(pdf))
    tree = read.Root.get("/StructTreeRoot")
    if tree is None:
        raise ValueError("a part has no tags")
    document = tree.K[0]
    kids = list(document.K)
    fonts, descriptors, unlisted = _kinds(read, document, {kid.objgen for kid in kids})
    for element in kids + unlisted:
        del element["/P"]
    return Read(read, kids, unlisted, fonts, descriptors)


def merge_parts(parts: list[bytes], fonts=(), opened=()) -> bytes:
    """``parts``: the PDFs, in page order; ``fonts``: the font programs the layout was given (the
    build's subsets), which the parts' stubs stand for; ``opened``: for each part after the first, the
    part read already (:func:`open_part`) or None."""
    fonts = {hashlib.sha256(font).digest(): font for font in fonts}
    out = pikepdf.open(io.BytesIO(parts[0]))
    ready = dict(enumerate(opened, start=1))
    own_fonts, own_descriptors, _ = _kinds(out)  # the first part's, before the others' are copied in
    sources = [Read(out, [], [], own_fonts, own_descriptors)] + [ready.get(i) or open_part(p)
                                                                 for i, p in enumerate(parts[1:], start=1)]
    names: dict[str, object] = {}
    bookmarks: list = []
    struct_kids: list = []
    unlisted: list = []
    page_entries: list = []
    annot_entries: list[tuple] = []
    font_dicts: list = []
    descriptors: list = []
    for src, kids, others, own_fonts, described in sources:
        own = src is out
        copy = (lambda obj: obj) if own else _copier(out, src)
        first = len(out.pages) if not own else 0
        count = len(src.pages)
        if not own:
            with warnings.catch_warnings():  # pikepdf warns that named destinations are not carried: they are, below
                warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
                out.pages.extend(src.pages)
        dests = src.Root.get("/Names", {}).get("/Dests")
        for name, dest in _pairs(dests.Names) if dests is not None else []:
            names[str(name)] = copy(dest)
        if "/Outlines" in src.Root:
            bookmarks += [copy(item) for item in _top_level(src.Root.Outlines)]
        tree = src.Root.get("/StructTreeRoot")
        if tree is None:
            raise ValueError("a part has no tags")
        if not own:
            struct_kids += [copy(kid) for kid in kids]
            unlisted += [copy(element) for element in others]
        else:
            struct_kids += list(tree.K[0].K)
        numbers = dict((int(k), v) for k, v in _pairs(tree.ParentTree.Nums))
        # what the pages copied brought with them (qpdf gives back the copy made of an object copied already)
        font_dicts += [copy(font) for font in own_fonts]
        descriptors += [copy(descriptor) for descriptor in described]
        for i in range(count):
            page = out.pages[first + i]
            page_entries.append(copy(numbers[int(page.obj.StructParents)]))
            for annot in page.obj.get("/Annots", []):
                if "/StructParent" in annot:
                    annot_entries.append((annot, copy(numbers[int(annot.StructParent)])))

    for name in [n for n in names if n.startswith("xpart-")]:  # a link into another part (file_links.part_links)
        names[name] = names.get(name[len("xpart-"):], names[name])
    root = out.Root
    if names:
        root.Names = Dictionary(Dests=out.make_indirect(Dictionary(
            Names=Array([x for name in sorted(names) for x in (pikepdf.String(name), names[name])]))))
    if bookmarks:
        outlines = root.get("/Outlines") or out.make_indirect(Dictionary(Type=Name.Outlines))
        visible = 0
        for i, item in enumerate(bookmarks):
            item.Parent = outlines
            for key, other in (("/Prev", i - 1), ("/Next", i + 1)):
                if 0 <= other < len(bookmarks):
                    item[key] = bookmarks[other]
                elif key in item:
                    del item[key]
            visible += 1 + max(int(item.get("/Count", 0)), 0)
        outlines.First, outlines.Last, outlines.Count = bookmarks[0], bookmarks[-1], visible
        root.Outlines = outlines

    document = root.StructTreeRoot.K[0]
    for kid in struct_kids + unlisted:
        kid.P = document
    document.K = Array(struct_kids)
    for i, page in enumerate(out.pages):
        page.obj.StructParents = i
    numbers = [x for i, entry in enumerate(page_entries) for x in (i, entry)]
    for j, (annot, entry) in enumerate(annot_entries, start=len(page_entries)):
        annot.StructParent = j
        numbers += [j, entry]
    root.StructTreeRoot.ParentTree = out.make_indirect(Dictionary(Nums=Array(numbers)))
    root.StructTreeRoot.ParentTreeNextKey = len(page_entries) + len(annot_entries)

    _one_copy_of_each_font(font_dicts, descriptors, fonts)
    buffer = io.BytesIO()
    out.save(buffer, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buffer.getvalue()
