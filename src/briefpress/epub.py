"""EPUB: Document + theme + print layout -> EPUB 3 bytes, byte-identical for the same input.

Reads the same Document as the PDF; never parses the manuscript again. The
print layout (element id -> page) places ``doc-pagebreak`` markers where each
PDF page begins, so the page-list cites the print edition. The cover image is
the PDF's first page. Notes are endnotes linked both ways; fonts are the
theme's, subset to the characters used. A theme whose parts.html.j2 has a
``title_page`` macro (article) gets a title page in place of the publisher's
credits, and no back cover. Every XHTML file is checked for well-formedness
before zipping.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

import lxml.etree
import lxml.html

from . import images, reflist
from .document import NOTE_TOKEN, Document
from .fonts import document_text, subset_theme_fonts
from .quarto_divs import for_medium
from .cite import how_to_cite
from .cover import cover_png
from .epub_pages import insert_markers, marker, page_index, page_markers
from .file_links import epub_links
from .print_markup import NOTE_BLOCK
from .mathlayout import spread_pairs
from .render_html import Theme, barcode_data_uri, build_date, content_css, environment, has_math, labels_for

XHTML_NS = "http://www.w3.org/1999/xhtml"


@dataclass(frozen=True)
class Item:
    id: str
    href: str
    media_type: str
    data: bytes
    properties: str = ""
    linear: bool = True


def to_xhtml(fragment: str) -> str:
    """An HTML fragment -> well-formed XHTML (closed void elements, no named entities)."""
    if not fragment.strip():
        return ""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    out = escape(root.text or "", quote=False)
    for child in root:
        out += lxml.etree.tostring(child, method="xml", encoding="unicode")
    return out


def chapter_file_names(document: Document) -> list[str]:
    """One XHTML file per chapter, named after its source (a single file's sections: paper, paper-2, ...)."""
    names, seen = [], {}
    for c in document.chapters:
        stem = Path(c.name).stem
        seen[stem] = seen.get(stem, 0) + 1
        names.append(f"text/{stem}.xhtml" if seen[stem] == 1 else f"text/{stem}-{seen[stem]}.xhtml")
    return names


def build_epub(document: Document, theme: Theme, pdf: bytes, anchors: dict[str, int], pages: int,
               fonts: dict[str, bytes] | None = None, cover=None) -> bytes:
    """``fonts``: the theme fonts already subset (file name -> bytes); computed here when absent.
    ``cover``: gives the cover image (PNG bytes) when called, made elsewhere meanwhile (a worker,
    :mod:`briefpress.pipeline`); else it is made here from the PDF (:func:`.cover.cover_png`)."""
    env = environment(theme)
    meta = document.metadata
    lang = meta.language
    page = env.get_template("epub/page.xhtml.j2")
    notes = {n.number: n for n in document.notes}
    chapter_files = chapter_file_names(document)
    note_home = {}
    for name, chapter in zip(chapter_files, document.chapters):
        for m in NOTE_TOKEN.finditer(chapter.html):
            note_home[int(m.group(1))] = name

    for m in NOTE_TOKEN.finditer(document.abstract):  # the title page's, a folder up from the notes
        note_home[int(m.group(1))] = "../title.xhtml"

    def noteref(m):
        n = int(m.group(1))
        return (f'<sup><a class="noteref" epub:type="noteref" role="doc-noteref" id="fnref-{n}" '
                f'href="../notes.xhtml#fn-{n}">{n}</a></sup>')

    placed = document.references_at  # the list sits in a chapter, not in references.xhtml
    listed = document.lists_references  # references.xhtml
    chapter_html = [reflist.fill(for_medium(c.html, "epub"), document.references) for c in document.chapters]
    # Reading order of the ids the print pages are mapped onto.
    order = ["cover", "credits", "title-block", "toc"]
    for html in chapter_html:
        order += re.findall(r'\bid="([^"]+)"', html)
    if listed:
        order += ["references"] + [f"ref-{r.key}" for r in document.references]
    order += ["back-cover"]
    markers = page_markers(anchors, order, pages)

    files: dict[str, str] = {}
    pictures: dict[str, tuple[str, bytes]] = {}  # the manuscript's images: href -> (media type, data)
    L = labels_for(document, theme)
    files["cover.xhtml"] = page.render(lang=lang, title=L["cover"], body_type="cover", body=(
        f'<section class="cover" id="cover" epub:type="cover">{"".join(marker(p) for p in markers.get("cover", []))}'
        f'<img src="images/cover.png" alt="{escape(L("cover_alt", title=meta.title_text, authors=meta.author_names))}"/></section>'))
    parts = env.get_template("parts.html.j2").make_module({"L": L, "label": L, "cite": how_to_cite(meta)})
    # A theme with a title page (article) has it in place of the publisher's credits and back cover.
    front_name = "title.xhtml" if hasattr(parts, "title_page") else "credits.xhtml"
    if hasattr(parts, "title_page"):
        files[front_name] = page.render(lang=lang, title=meta.title_text, body_type="frontmatter", body=insert_markers(
            f'<section class="title-page" id="title-block" epub:type="titlepage">'
            f'{parts.title_page(meta, NOTE_TOKEN.sub(noteref, to_xhtml(document.abstract)).replace("../notes.xhtml", "text/notes.xhtml"))}'
            f'</section>', markers))
    else:
        files[front_name] = page.render(lang=lang, title=L["credits"], body_type="frontmatter", body=insert_markers(
            f'<section class="credits" id="credits" epub:type="imprint">{parts.credits(meta)}</section>', markers))
    for name, chapter, html in zip(chapter_files, document.chapters, chapter_html):
        numbered = bool(chapter.title.number)
        kind = 'epub:type="chapter" role="doc-chapter"'
        body, found = images.to_files(insert_markers(NOTE_TOKEN.sub(noteref, to_xhtml(html)), markers))
        pictures.update(found)
        files[name] = page.render(lang=lang, title=chapter.title.title_text or meta.title_text,
                                  body_type="bodymatter" if numbered else
                                  "backmatter" if placed and f'id="{placed}"' in html else "frontmatter",
                                  body=f'<section {kind}>{body}</section>')
    def note_item(n):
        back = (f'<a epub:type="backlink" role="doc-backlink" href="{note_home[n].removeprefix("text/")}#fnref-{n}">'
                f'{n}.</a> ')
        body = to_xhtml(notes[n].html)
        if body.startswith("<p>"):  # a note of several paragraphs (a list, code): the backlink opens the first
            body = "<p>" + back + body[3:]
        elif NOTE_BLOCK.search(body):
            body = f"<p>{back.rstrip()}</p>{body}"
        else:
            body = f"<p>{back}{body}</p>"
        return f'<li><aside epub:type="footnote" role="doc-footnote" id="fn-{n}">{body}</aside></li>\n'
    note_items = "".join(note_item(n) for n in sorted(notes))
    note_items, found = images.to_files(note_items)
    pictures.update(found)
    if document.notes:
        files["text/notes.xhtml"] = page.render(lang=lang, title=L["notes"], body_type="backmatter", body=(
            f'<section class="notes" epub:type="endnotes" role="doc-endnotes"><h1>{escape(L["notes"])}</h1><ol>{note_items}</ol></section>'))
    refs = "".join(f'<li id="ref-{escape(r.key)}">{to_xhtml(r.html)}</li>\n' for r in document.references)
    if listed:
        files["text/references.xhtml"] = page.render(lang=lang, title=L["references"], body_type="backmatter",
                                                     body=insert_markers(
            f'<section class="references" epub:type="bibliography" role="doc-bibliography">'
            f'<h1 id="references">{escape(L["references"])}</h1><ol>{refs}</ol></section>', markers))
    barcode = barcode_data_uri(meta.isbn) and "images/barcode.svg" if meta.isbn else ""
    back = str(parts.back_cover(meta, "", barcode))
    files["about.xhtml"] = "" if not back.strip() else page.render(lang=lang, title=L("about", name=meta.publisher.short_name if meta.publisher else ""),
                                       body_type="backmatter", body=insert_markers(
        f'<section class="about" id="back-cover">{back}</section>', markers))
    if not files["about.xhtml"]:
        del files["about.xhtml"]

    files.update(epub_links({name: files[name] for name in chapter_files + ["text/notes.xhtml"] if name in files}))
    # Files under text/ reach the stylesheet and images one folder up.
    for name in list(files):
        depth = name.count("/")
        if depth:
            files[name] = files[name].replace('href="css/', 'href="../css/').replace('src="images/', 'src="../images/')
    for name in chapter_files:
        files[name] = files[name].replace('href="../notes.xhtml#', 'href="notes.xhtml#')

    toc = []
    depth = int(theme.settings.get("toc_depth", 1))
    for name, chapter in zip(chapter_files, document.chapters):
        for h in chapter.headings:
            entry = {"href": f"{name}#{h.id}", "number": h.number, "title": h.title_text, "children": []}
            if h.level == 1:
                toc.append(entry)
            elif h.level == 2 and depth >= 1 and toc:
                toc[-1]["children"].append(entry)
    if not toc:  # no section heading (a paper whose one heading is its title): the text, by the title, as pandoc
        toc.append({"href": chapter_files[0], "number": "", "title": meta.title_text or L["start_of_content"],
                    "children": []})  # lists it (an empty <ol> is invalid EPUB)
    if document.notes:
        toc.append({"href": "text/notes.xhtml", "number": "", "title": L["notes"], "children": []})
    refs_href = "text/references.xhtml"
    if placed:
        refs_href = next(f"{f}#{placed}" for f, html in zip(chapter_files, chapter_html) if f'id="{placed}"' in html)
    elif listed:
        toc.append({"href": f"{refs_href}#references", "number": "", "title": L["references"], "children": []})
    first_body = next((f for f, c in zip(chapter_files, document.chapters) if c.title.number), chapter_files[0])
    landmarks = [{"type": "cover", "href": "cover.xhtml", "title": L["cover"]},
                 {"type": "toc", "href": "nav.xhtml#toc", "title": L["toc_title"]},
                 {"type": "bodymatter", "href": first_body, "title": L["start_of_content"]}] + (
                [{"type": "bibliography", "href": refs_href, "title": L["references"]}] if placed or listed else [])
    nav_marker = "".join(marker(p) for p in markers.get("toc", []))
    page_hrefs = page_index(files)
    page_hrefs.update({p: f"nav.xhtml#page-{p}" for p in markers.get("toc", [])})
    files["nav.xhtml"] = env.get_template("epub/nav.xhtml.j2").render(
        lang=lang, toc=toc, landmarks=landmarks, marker=nav_marker, L=L, label=L,
        pages=[{"href": page_hrefs[p], "label": str(p)} for p in sorted(page_hrefs)])

    files = {name: spread_pairs(text) for name, text in files.items()}
    for name, text in files.items():
        lxml.etree.fromstring(text.encode())  # raises on anything not well-formed

    if fonts is None:
        fonts = subset_theme_fonts(theme, document_text(document, theme))
    spine_names = ["cover.xhtml", front_name, "nav.xhtml"] + chapter_files + (
        ["text/notes.xhtml"] if document.notes else []) + (["text/references.xhtml"] if listed else []) + (
        ["about.xhtml"] if "about.xhtml" in files else [])
    items = [Item("nav" if name == "nav.xhtml" else f"x{i:02d}", name, "application/xhtml+xml",
                  files[name].encode(), "nav" if name == "nav.xhtml" else "mathml" if "<math" in files[name] else "",
                  linear=name != "text/notes.xhtml")  # notes are reached through their links
             for i, name in enumerate(spine_names)]
    css = env.get_template("epub/epub.css.j2").render(t=theme.settings) + content_css(theme, "epub", has_math(document))
    items.append(Item("css", "css/epub.css", "text/css", css.encode()))
    for n, (_, _, _, file) in enumerate(theme.settings["fonts"]["files"]):
        items.append(Item(f"font{n}", f"fonts/{file}", "font/ttf", fonts[file]))
    items.append(Item("cover-image", "images/cover.png", "image/png", cover_png(pdf) if cover is None else cover(),
                      "cover-image"))
    for n, (href, (media_type, data)) in enumerate(sorted(pictures.items())):
        items.append(Item(f"img{n:03d}", href, media_type, data))
    if barcode:
        import base64
        svg = base64.b64decode(barcode_data_uri(meta.isbn).split(",", 1)[1])
        items.append(Item("barcode", "images/barcode.svg", "image/svg+xml", svg))

    date = build_date(meta)
    modified = f"{date or '2000-01-01'}T00:00:00Z"
    digits = re.sub(r"\D", "", meta.isbn)
    identifier = (f"urn:doi:{meta.doi}" if meta.doi else f"urn:isbn:{digits}" if digits
                  else f"urn:briefpress:{meta.slug}")
    spine = items[:len(spine_names)]  # the documents were made in spine order
    opf = env.get_template("epub/package.opf.j2").render(
        meta=meta, identifier=identifier, date=date, modified=modified,
        source=page_source(meta, digits), manifest=items, spine=spine,
        summary=("Structured text with navigation by section, note and print page; every note links back "
                 "to its call; images have text alternatives; no hazards."))
    lxml.etree.fromstring(opf.encode())
    return _zip(items, opf, date)


def page_source(meta, isbn_digits: str) -> str:
    """What the page list's page numbers are the pages of (``dc:source``, ``pageBreakSource``): the PDF
    edition, by its ISBN or DOI; without either, by its title, authors and date, as DAISY's knowledge base
    advises for a source with no identifier (Ace's epub-pagesource: a page list names its source)."""
    if isbn_digits:
        return f"urn:isbn:{isbn_digits}"
    if meta.doi:
        return f"urn:doi:{meta.doi}"
    named = ", ".join(x for x in (meta.title_text, meta.author_names, meta.display_date) if x)
    return f"{named} (PDF)"


CONTAINER = ('<?xml version="1.0" encoding="UTF-8"?>\n<container version="1.0" '
             'xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n<rootfiles>\n'
             '<rootfile full-path="OEBPS/package.opf" media-type="application/oebps-package+xml"/>\n'
             '</rootfiles>\n</container>\n')


def _zip(items: list[Item], opf: str, date: str) -> bytes:
    stamp = tuple(int(x) for x in (date or "1980-01-01").split("-")) + (0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        def put(name: str, data: bytes, compress=zipfile.ZIP_DEFLATED):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = compress
            info.external_attr = 0o644 << 16
            info.create_system = 3
            z.writestr(info, data, compress_type=compress, compresslevel=9 if compress else None)
        put("mimetype", b"application/epub+zip", zipfile.ZIP_STORED)
        put("META-INF/container.xml", CONTAINER.encode())
        put("OEBPS/package.opf", opf.encode())
        for item in items:
            put(f"OEBPS/{item.href}", item.data)
    return out.getvalue()
