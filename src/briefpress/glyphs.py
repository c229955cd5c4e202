"""Glyphs: the Document + the theme's fonts -> an error for every character (or script) no theme font can set.

Run by lint (so before every build's layout): a missing glyph is named with its place in the sources
instead of showing up after layout as an unknown fallback font. Text is checked against the body and heading fonts plus
the theme's ``fonts.fallback`` list; code against ``fonts.mono`` plus the fallbacks. Math is not
checked: the print edition draws it as SVG paths. Each error names the character, its code point,
where it occurs in the manuscript, its front matter and the bibliography, and how to add a font;
several letters of one script missing (a paper in Arabic, Hebrew, Japanese) are one error naming the
script, its characters, its first places and a font for it.
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
FRONT = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*$", re.S | re.M)  # a single file's front matter
MAX_SHOWN = 10  # characters and places named in one error
CJK = {"Hani", "Hira", "Kana", "Hang", "Bopo"}  # one font family covers them
RTL = {"Arabic", "Hebrew", "Syriac", "Thaana", "Nko", "Adlam"}
FONT_HINTS = {"emoji": "Noto Emoji", "Arabic": "Noto Naskh Arabic", "Hebrew": "Noto Serif Hebrew", "CJK": "Noto Serif CJK",
              "Devanagari": "Noto Serif Devanagari"}


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
    plain.append(meta.display_date)  # the date as printed, in the paper's language ('2024年5月3日' in Japanese)
    return _plain(text) + "\n" + "\n".join(plain), _plain(code)


def missing_glyphs(document, theme_dir: Path, settings: dict, sources) -> list[Diagnostic]:
    """An error per character none of the theme's fonts has, or per script when several of its letters
    are missing (a paper in Arabic or Japanese: one error, not hundreds). ``sources``: SourceFile values
    to point into."""
    fonts = settings["fonts"]
    text, code = document_texts(document)
    text_cover = font_coverage(theme_dir, settings, [fonts["body"], fonts["heading"]])
    code_cover = font_coverage(theme_dir, settings, [fonts.get("mono", fonts["body"])])
    missing = {c for c in set(text) if ord(c) not in text_cover} | {c for c in set(code) if ord(c) not in code_cover}
    families = ", ".join(sorted({f[0] for f in fonts["files"]}))
    fronts = {s.name: _front_matter(s) for s in sources} if missing else {}
    if missing:
        sources = [*sources, *_metadata_file(sources)]
    out = []
    printed = document.metadata.display_date
    for script, chars in _by_script(sorted(c for c in missing if unicodedata.category(c) not in IGNORED_CATEGORIES)):
        places = sorted({p for char in chars for p in _places(char, sources, fronts)},
                        key=lambda p: (p.path, p.line, p.col))
        dated = not places and any(char in printed for char in chars)  # written by no one: the printed date
        if dated:
            places = _date_field(sources, fronts)
        if len(chars) > 1:  # a script's letters fill whole lines: one place per line
            places = [p for i, p in enumerate(places)
                      if not i or (places[i - 1].path, places[i - 1].line) != (p.path, p.line)]
        if len(chars) == 1:
            char = chars[0]
            what = f"'{char}' (U+{ord(char):04X}, {unicodedata.name(char, 'unnamed character').lower()}) is"
            font = "a font that has it"
        else:
            shown = " ".join(chars[:MAX_SHOWN]) + (" …" if len(chars) > MAX_SHOWN else "")
            what = f"the {script} script ({len(chars)} characters: {shown}) is" if script != "emoji" else \
                f"emoji ({len(chars)}: {shown}) are"
            font = (f"a font for {script} ({FONT_HINTS.get(script, 'Noto Sans ' + script)}, for one"
                    + ("; or delete them)" if script == "emoji" else ")"))
        also = places[1:MAX_SHOWN + 1]
        where = ", ".join(str(p) for p in also) + (f" and {len(places) - 1 - len(also)} more"
                                                   if len(places) - 1 > len(also) else "")
        rtl = " (the pages are laid out left to right: 'dir: rtl' is not read)" if script in RTL else ""
        if dated:
            what += (f" in the date as printed in the paper's language ('{printed}', "
                     f"lang: {document.metadata.language}) and")
        out.append(error("glyph.missing", f"{what} in no font of the theme ({families})"
                         f"{'; also at ' + where if where else ''}; add {font} to theme.yaml: put the "
                         "file in the theme's fonts/ folder, list it under fonts.files as [Family, 400, normal, "
                         f"File.ttf] and add the family to fonts.fallback{rtl}", places[0] if places else None))
    return out


def _by_script(chars: list[str]) -> list[tuple[str, list[str]]]:
    """Characters grouped by their script (Unicode's Script property, CJK's scripts as one); a common
    character (punctuation, a symbol) joins a missing script it is used with, else stands alone."""
    if not chars:
        return []  # a build whose fonts have every glyph does not import fontTools (~10 ms beside the layout)
    from fontTools import unicodedata as ucd
    groups: dict[str, list[str]] = {}
    common = []
    for char in chars:
        script = ucd.script(char)
        if script in ("Zyyy", "Zinh", "Zzzz"):
            common.append(char)
        else:
            groups.setdefault(_script_name(script), []).append(char)
    for char in common:
        used = [_script_name(s) for s in sorted(ucd.script_extension(char))]
        home = next((name for name in used if name in groups), None)
        if home:
            groups[home].append(char)
        elif ord(char) >= 0x1F000:  # emoji (Notion's page icons and callouts): one error for them all
            groups.setdefault("emoji", []).append(char)
        else:
            groups[f"U+{ord(char):04X}"] = [char]
    return sorted(groups.items(), key=lambda item: item[1][0])


def _script_name(code: str) -> str:
    from fontTools import unicodedata as ucd
    return "CJK" if code in CJK else ucd.script_name(code, code)


def _places(char: str, sources, fronts: dict) -> list[SourceLocation]:
    """Where a character is written: in the sources' text and in a single file's front matter (the
    title, the abstract), which its text has blanked, lines kept."""
    found = [SourceLocation(s.name, *line_col(s.text, m.start()))
             for s in sources for m in re.finditer(re.escape(char), getattr(s, "own_text", s.text))]
    for s in sources:
        front = fronts.get(s.name, "")
        found += [SourceLocation(s.name, *line_col(front, m.start())) for m in re.finditer(re.escape(char), front)]
    return found


def _date_field(sources, fronts: dict) -> list[SourceLocation]:
    """Where the date is set: the ``date:`` line of a single file's front matter or of metadata.yaml."""
    for s in sources:
        for text in (fronts.get(s.name, ""), s.text if s.name.endswith("metadata.yaml") else ""):
            found = re.search(r"^date[ \t]*:", text, re.M)
            if found:
                return [SourceLocation(s.name, *line_col(text, found.start()))]
    return []


def _front_matter(source) -> str:
    if not getattr(source, "single", False):
        return ""
    try:
        whole = source.path.read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return ""
    front = FRONT.match(whole)
    return front.group() if front else ""


def _metadata_file(sources) -> tuple:
    """A project's metadata.yaml (beside its chapters) as a source: places in its title or abstract."""
    first = next(iter(sources), None)
    path = first.path.parent / "metadata.yaml" if first is not None and not getattr(first, "single", False) else None
    if path is None or not path.is_file():
        return ()
    from .source_files import SourceFile
    return (SourceFile(path, str(Path(first.name).parent / "metadata.yaml").replace("\\", "/"),
                       path.read_text(encoding="utf-8", errors="replace")),)
