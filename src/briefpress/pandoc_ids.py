"""pandoc's identifiers for headings, so that a link written for pandoc (``[the review](#review)`` to
``# 2020 Review``) reaches its heading, whose own id here is another (``2020-review``).

- :func:`identifier`: a heading's text -> pandoc's ``auto_identifiers`` id: formatting and notes gone,
  every character but letters, digits, ``_``, ``-`` and ``.`` dropped, words joined by ``-``, lower
  case, everything before the first letter dropped; ``section`` if nothing is left.
- :func:`aliases`: the paper's headings (text, id), in reading order -> pandoc's id -> ours (a second
  heading of one text is pandoc's ``x-1``, as pandoc numbers them).
- :func:`resolve`: HTML -> the same with each ``href="#x"`` that names no element but is pandoc's id of
  a heading pointed at that heading; and each of Google Docs' links into the document
  (``[Introduction](#heading=h.gjdgxs)``, its table of contents: the export has no such ids) pointed
  at the heading of the link's text.
"""

from __future__ import annotations

import re
import unicodedata

HREF = re.compile(r'href="#([^"]+)"')
GOOGLE_DOCS = re.compile(r"(heading=h|bookmark=(id|kix))\.")  # Google Docs' ids, never in its export
GOOGLE_LINK = re.compile(r'(<a\b[^>]*?href="#)((?:heading=h|bookmark=(?:id|kix))\.[^"]*)("[^>]*>)(.*?)</a>', re.S)


def identifier(text: str) -> str:
    kept = "".join(ch for ch in text if ch in "_-. \n\t" or unicodedata.category(ch)[0] in "LN")
    words = "-".join(kept.split()).lower()
    m = re.search(r"[^\W\d_]", words)
    return words[m.start():] if m else "section"


def aliases(headings) -> dict[str, str]:
    """``headings``: (text, id) in reading order."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for text, ident in headings:
        base = identifier(text)
        alias, n = base, 0
        while alias in taken:
            n += 1
            alias = f"{base}-{n}"
        taken.add(alias)
        out[alias] = ident
    return out


def resolve(html: str, names: dict[str, str], ids) -> str:
    """``names``: from :func:`aliases`; ``ids``: every id the paper's elements carry."""
    if 'href="#' not in html or not names:
        return html
    if "=h." in html or "bookmark=" in html:
        html = GOOGLE_LINK.sub(lambda m: m.group() if m.group(2) in ids else m.group(1) + names.get(
            identifier(re.sub(r"<[^>]+>", "", m.group(4))), m.group(2)) + m.group(3) + m.group(4) + "</a>", html)
    return HREF.sub(lambda m: m.group() if m.group(1) in ids or m.group(1) not in names
                    else f'href="#{names[m.group(1)]}"', html)
