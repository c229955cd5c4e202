"""The print edition's pages in the EPUB: the PDF's layout (element id -> page) -> where each page's
``doc-pagebreak`` marker goes (:func:`page_markers`), the markers put into a file's XHTML (:func:`insert_markers`),
and the files' markers -> the page-list's links (:func:`page_index`). Run by :mod:`briefpress.epub`."""

from __future__ import annotations

import re


def page_markers(anchors: dict[str, int], order: list[str], pages: int) -> dict[str, list[int]]:
    """Element id -> the 1-based print pages whose break marker goes at its start.

    A page's marker goes at the first element (in reading order) that starts on
    it; a page that starts none (a paragraph runs over it) marks the next element.
    """
    starts = [(anchors[i], i) for i in order if i in anchors]
    markers: dict[str, list[int]] = {}
    k = 0
    for page in range(pages):
        while k < len(starts) and starts[k][0] < page:
            k += 1
        if k == len(starts):
            break
        markers.setdefault(starts[k][1], []).append(page + 1)
    return markers


def marker(page: int) -> str:
    return f'<span epub:type="pagebreak" role="doc-pagebreak" id="page-{page}" aria-label="{page}"></span>'


def insert_markers(xhtml: str, markers: dict[str, list[int]]) -> str:
    def add(m):
        pages = markers.get(m.group(2))
        if not pages:
            return m.group(0)
        if m.group(1) in ("table", "thead", "tbody", "tr", "colgroup", "ul", "ol"):  # no text allowed at their start
            return "".join(marker(p) for p in pages) + m.group(0)
        return m.group(0) + "".join(marker(p) for p in pages)
    return re.sub(r'<(\w+)[^>]*\bid="([^"]+)"[^>]*>', add, xhtml)


def page_index(files: dict[str, str]) -> dict[int, str]:
    found = {}
    for name, text in files.items():
        for p in re.findall(r'id="page-(\d+)"', text):
            found[int(p)] = f"{name}#page-{p}"
    return found
