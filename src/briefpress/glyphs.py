"""Glyphs: the Document + the theme's fonts -> an error for every character no theme font can set.

Run by lint (so before every build's layout): a missing glyph is named with its place in the sources
instead of showing up after layout as an unknown fallback font. Text is checked against the body and heading fonts plus
the theme's ``fonts.fallback`` list; code against ``fonts.mono`` plus the fallbacks. Math is not
checked: the print edition draws it as SVG paths. Each error names the character, its code point,
every file:line:col where it occurs in the manuscript and the bibliography, and how to add a font.
Font coverage (HarfBuzz, :func:`briefpress.fonts.face`) is read once per font file version.
"""

from __future__ import annotations

import re
import unicodedata
from html import unescape
from pathlib import Path

from .diagnostics import Diagnostic, SourceLocation, error, line_col
from .fonts import CODE, face

SKIP = re.compile(r"<math\b.*?</math>|<svg\b.*?</svg>|\ue000[a-z]?\d*\ue001?|[\ue000-\ue0ff]", re.S)
IGNORED_CATEGORIES = ("Cc", "Cf", "Zl", "Zp")  # control and format characters take no glyph


def font_coverage(theme_dir: Path, settings: dict, families: list[str]) -> frozenset[int]:
    """Code points set by any file of the given families or of the theme's fallbacks."""
    fonts = settings["fonts"]
    wanted = set(families) | set(fonts.get("fallback", []))
    out: set[int] = set()
    for family, _, _, file in fonts["files"]:
        if family in wanted:
            path = theme_dir / fonts.get("dir", "fonts") / file  # fonts.dir: another theme's fonts
            if not path.is_file():
                continue  # the layout reports a missing font file
            out |= face(path)[1]  # read once: the build's subsetting uses the same faces
    return frozenset(out)


def _plain(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", SKIP.sub(" ", html)))


def document_texts(document) -> tuple[str, str]:
    """(text set in the text fonts, text set in the monospace font) of every edition."""
    meta = document.metadata
    parts = [c.html for c in document.chapters] + [n.html for n in document.notes] + \
            [r.html for r in document.references]
    html = "\n".join(parts)
    code = "\n".join(m.group(1) for m in CODE.finditer(SKIP.sub(" ", html)))
    text = CODE.sub(" ", html)
    plain = [str(v) for v in vars(meta).values() if isinstance(v, str)] + [a.name for a in meta.authors]
    return _plain(text) + "\n" + "\n".join(plain), _plain(code)


def missing_glyphs(document, theme_dir: Path, settings: dict, sources) -> list[Diagnostic]:
    """An error per character none of the theme's fonts has. ``sources``: SourceFile values to point into."""
    fonts = settings["fonts"]
    text, code = document_texts(document)
    text_cover = font_coverage(theme_dir, settings, [fonts["body"], fonts["heading"]])
    code_cover = font_coverage(theme_dir, settings, [fonts.get("mono", fonts["body"])])
    missing = {c for c in set(text) if ord(c) not in text_cover} | {c for c in set(code) if ord(c) not in code_cover}
    out = []
    for char in sorted(c for c in missing if unicodedata.category(c) not in IGNORED_CATEGORIES):
        places = [SourceLocation(s.name, *line_col(s.text, m.start()))
                  for s in sources for m in re.finditer(re.escape(char), getattr(s, "own_text", s.text))]
        name = unicodedata.name(char, "unnamed character").lower()
        where = ", ".join(str(p) for p in places[1:]) if len(places) > 1 else ""
        out.append(error("glyph.missing", f"'{char}' (U+{ord(char):04X}, {name}) is in no font of the theme "
                         f"({', '.join(sorted({f[0] for f in fonts['files']}))})"
                         f"{'; also at ' + where if where else ''}; add a font that has it to theme.yaml: put the "
                         "file in the theme's fonts/ folder, list it under fonts.files as [Family, 400, normal, "
                         "File.ttf] and add the family to fonts.fallback", places[0] if places else None))
    return out
