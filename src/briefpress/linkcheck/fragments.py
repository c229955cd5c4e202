"""Fragments: a URL fragment and the content it points into -> present, missing or not checkable.

HTML (and XHTML): ``#id`` against id/name attributes, ``#:~:text=`` against the page
text. PDF: the open parameters viewers understand (``#page=2``, ``#nameddest=intro``,
``#zoom=…``, combined with ``&``) are fine as they are; any other fragment on a PDF,
or a fragment on any other kind of content, cannot be checked from here, so it is
reported as not checked rather than as missing.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

PRESENT, MISSING, UNCHECKED = "present", "missing", "unchecked"
HTML_TYPES = ("text/html", "application/xhtml+xml", "")  # no Content-Type: look anyway
PDF_OPEN_PARAMETERS = {"page", "nameddest", "zoom", "view", "viewrect", "pagemode", "scrollbar", "search",
                       "toolbar", "statusbar", "messages", "navpanes", "highlight", "comment", "fdf"}
ANCHOR = re.compile(rb"""\b(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def wants_body(content_type: str) -> bool:
    return media_type(content_type) in HTML_TYPES


def judge(frag: str, content_type: str, body: bytes) -> str:
    kind = media_type(content_type)
    if kind in HTML_TYPES:
        return PRESENT if fragment_present(frag, body) else MISSING
    if kind == "application/pdf" and _pdf_open_parameters(frag):
        return PRESENT
    return UNCHECKED


def _pdf_open_parameters(frag: str) -> bool:
    pairs = [p for p in unquote(frag).split("&") if p]
    return bool(pairs) and all("=" in p and p.split("=", 1)[0].lower() in PDF_OPEN_PARAMETERS for p in pairs)


def fragment_present(frag: str, body: bytes) -> bool:
    """#id against id/name attributes; #:~:text=... against the page text."""
    if frag.startswith(":~:"):
        return all(_text_directive(d, body) for d in frag[3:].split("&") if d.startswith("text="))
    import html  # its table of entities: only when a page's anchors are read

    wanted = unquote(frag)
    return any(unquote(html.unescape(next(g for g in m.groups() if g is not None).decode("utf-8", "replace"))) == wanted
               for m in ANCHOR.finditer(body))


def _text_directive(directive: str, body: bytes) -> bool:
    import html

    parts = [unquote(p) for p in directive[5:].split(",")]
    parts = [p for p in parts if not (p.endswith("-") or p.startswith("-"))]  # drop prefix-/-suffix context
    text = re.sub(rb"(?is)<(script|style)\b.*?</\1>", b" ", body)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text.decode("utf-8", "replace")))
    norm = " ".join(text.split()).lower()
    if not parts:
        return True
    start = norm.find(" ".join(parts[0].split()).lower())
    if start < 0:
        return False
    return len(parts) == 1 or norm.find(" ".join(parts[-1].split()).lower(), start) >= 0
