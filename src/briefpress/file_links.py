"""Links between the files an edition is made of: a print part's HTML links to an id in another part through a
stand-in anchor (:func:`part_links`, for :mod:`briefpress.printing.merge`); an EPUB chapter's links to an id in
another chapter's file name that file (:func:`epub_links`). HTML strings -> the same with those links rewritten."""

from __future__ import annotations

import html as htmlmod
import re

STANDIN = "xpart-"


def part_links(htmls: list[str]) -> list[str]:
    """A print part is laid out on its own (:mod:`briefpress.printing.parts`): a link to an id in another
    part points at a stand-in anchor ``xpart-<id>`` at the part's start, which the merge
    (:mod:`briefpress.printing.merge`) points at the real destination."""
    own = set(re.findall(r'\bid="([^"]+)"', "".join(htmls)))
    far: dict[str, None] = {}

    def one(m):
        if m.group(1) in own:
            return m.group(0)
        far[m.group(1)] = None
        return f'href="#{STANDIN}{m.group(1)}"'
    out = [re.sub(r'href="#([^"]+)"', one, h) for h in htmls]
    if far and out:
        out[0] = "".join(f'<span id="{STANDIN}{x}"></span>' for x in far) + out[0]
    return out


def epub_links(files: dict[str, str]) -> dict[str, str]:
    """EPUB chapters are separate files: '#id' links to another chapter get that file's name."""
    home = {}
    for name, text in files.items():
        for ident in re.findall(r'\bid="([^"]+)"', text):
            home.setdefault(ident, name)

    def fix(name):
        def one(m):
            target = home.get(htmlmod.unescape(m.group(1)))
            if target is None or target == name:
                return m.group(0)
            return f'href="{target.rsplit("/", 1)[-1]}#{m.group(1)}"'
        return one
    return {name: re.sub(r'href="#([^"]+)"', fix(name), text) for name, text in files.items()}
