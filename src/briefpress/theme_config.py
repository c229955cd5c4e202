"""Theme settings: ``theme.yaml`` -> a validated settings mapping, or every problem at file:line:col.

Checked like metadata.yaml, all at once: YAML syntax and limits (:mod:`briefpress.safe_yaml`),
missing and unknown keys, colours (CSS colours: ``#14365d``, ``navy``), sizes (a positive CSS
length: ``10.5pt``, ``22mm``), the page size, the font files (present in ``fonts/``, fonts HarfBuzz
reads) and the families that name them. Every file the theme holds, ``fonts.dir`` and the font files
must lie inside its ``templates/`` folder (a link leading elsewhere is refused, ``theme.outside``). Lint and the build both run it, so a theme error stops the build
before any layout, with its place in theme.yaml.
"""

from __future__ import annotations

import contextlib
import copy
import os
import re
from pathlib import Path

import tinycss2.color3

from . import fonts, safe_yaml
from .chicago.style import OPTIONS
from .diagnostics import BuildError, Diagnostic, SourceLocation, error, relative
from .input_text import decode
from .paths import loops

LENGTH = re.compile(r"^(\d+(?:\.\d+)?)(pt|mm|cm|in|px|pc|q|em|rem)$", re.I)
PAGE_SIZES = {"a3", "a4", "a5", "b4", "b5", "letter", "legal", "ledger", "jis-b4", "jis-b5"}
REQUIRED_COLOURS = ("primary", "accent", "text", "muted", "rule")
REQUIRED_SIZES = ("body", "note", "h1", "h2", "running")
SCHEMA = {  # top-level key -> required?
    "name": True, "page": True, "colors": True, "fonts": True, "sizes": True,
    "sections_start": False, "toc_depth": False, "layout_guess": False, "logo": False,
    "bibliography": False,  # bibliography.require: the house style's required fields per type (lint.py)
    "labels": False,  # the locale's label overrides (briefpress.locale)
    "toc_min_sections": False,
}
# Where a numbered section starts: a new page (the paper can then be laid out in parts, on two
# cores), a right-hand page, or where the text before it ends ("auto": sections run on).
SECTIONS_START = ("page", "right", "auto")
RENAMED = {"sections_start_right": ("page", "right"), "sections_start_page": ("auto", "page")}  # replaced: false, true
PAGE_KEYS = ("size", "margin_top", "margin_bottom", "margin_inner", "margin_outer")


def load_settings(theme_dir: Path, root: Path | None = None) -> dict:
    """The theme's settings; raises BuildError with every problem."""
    settings, problems = _check(theme_dir, root)
    if problems:
        raise BuildError(problems)
    return settings


def theme_problems(theme_dir: Path, root: Path | None = None) -> list[Diagnostic]:
    return _check(theme_dir, root)[1]


def checked_settings(theme_dir: Path, root: Path | None = None) -> tuple[dict, list[Diagnostic]]:
    """The settings as far as they could be read, and every problem (lint reports them with the rest)."""
    return _check(theme_dir, root)


_last: dict = {}  # the last settings checked, by theme folder, project and text


def _check(theme_dir: Path, root: Path | None) -> tuple[dict, list[Diagnostic]]:
    """Read once per text and font files: a build loads the theme and lints it (YAML read and checked in
    pure Python, ~15 ms), and the live preview does both on every save. The check reads the font files
    (in the project's templates/ folder: fonts.dir may name another theme's), so a file replaced, added
    or removed there is checked again. A copy each time: no caller shares another's."""
    path = theme_dir / "theme.yaml"
    name = relative(path, root) if root else path.as_posix()
    try:
        text = decode(path.read_bytes(), name)
    except BuildError as exc:  # not UTF-8: said at its line and column
        return {}, list(exc.diagnostics)
    except OSError as exc:
        return {}, [error("theme.unreadable", f"cannot read the theme settings: {exc}", SourceLocation(name))]
    key = (str(theme_dir), str(root), text, _files_state(theme_dir.parent))
    if key not in _last:
        _last.clear()
        _last[key] = _checked_text(theme_dir, text, name)
    settings, problems = _last[key]
    return copy.deepcopy(settings), list(problems)


def _files_state(folder: Path) -> tuple:
    found = []
    with contextlib.suppress(OSError):
        for path in sorted(folder.rglob("*")):
            with contextlib.suppress(OSError):
                stat = path.stat()
                found.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


def _checked_text(theme_dir: Path, text: str, name: str) -> tuple[dict, list[Diagnostic]]:
    try:
        data, node = safe_yaml.load(text, name, "theme")
    except BuildError as exc:
        return {}, list(exc.diagnostics)
    if not isinstance(data, dict):
        return {}, [error("theme.invalid", "theme.yaml must be a mapping of setting: value", SourceLocation(name, 1, 1))]
    pos = safe_yaml.positions(node)
    problems: list[Diagnostic] = []

    def report(key: str, message: str, code: str = "theme.invalid"):
        probe = key
        while probe and probe not in pos:
            probe = probe.rsplit(".", 1)[0] if "." in probe else ""
        line, col = pos.get(probe, (1, 1))
        problems.append(error(code, message, SourceLocation(name, line, col)))

    for key, required in SCHEMA.items():
        if required and key not in data:
            report("", f"missing setting '{key}'; add it to theme.yaml (see templates/kcss/theme.yaml)",
                   "theme.missing")
    for key in data:
        if key in RENAMED:
            now = RENAMED[key][bool(data[key])]
            report(str(key), f"'{key}' is now 'sections_start: {now}' (page, right or auto)", "theme.unknown")
        elif key not in SCHEMA:
            report(str(key), f"unknown setting '{key}'; known: {', '.join(SCHEMA)}", "theme.unknown")

    def section(key: str, keys=None, required=()) -> dict:
        value = data.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            report(key, f"'{key}' must be a mapping")
            return {}
        for k in required:
            if k not in value:
                report(key, f"missing setting '{key}.{k}'", "theme.missing")
        for k in value:
            if keys is not None and k not in keys:
                report(f"{key}.{k}", f"unknown setting '{key}.{k}'; known: {', '.join(keys)}", "theme.unknown")
        return value

    page = section("page", PAGE_KEYS, PAGE_KEYS)
    if "size" in page and not _page_size(page["size"]):
        report("page.size", f"page size '{page['size']}' is not A4, A5, letter… or two lengths ('148mm 210mm')")
    for k in PAGE_KEYS[1:]:
        if k in page and not _length(page[k], allow_zero=True):
            report(f"page.{k}", f"'page.{k}' must be a length such as 22mm, not '{page[k]}'")

    for k, value in section("colors", None, REQUIRED_COLOURS).items():
        if not isinstance(value, str) or tinycss2.color3.parse_color(value) is None:
            report(f"colors.{k}", f"'colors.{k}' is not a CSS colour: '{value}'; write e.g. \"#14365d\"")

    sizes = section("sizes", None, REQUIRED_SIZES)
    for k, value in sizes.items():
        if k == "leading":
            if not (isinstance(value, (int, float)) and not isinstance(value, bool) and 0.8 <= value <= 4) \
                    and not _length(value):
                report("sizes.leading", f"'sizes.leading' must be a line-height factor (1.45) or a length, "
                       f"not '{value}'")
        elif not _length(value):
            report(f"sizes.{k}", f"'sizes.{k}' must be a positive length such as 10.5pt, not '{value}'")

    fonts = section("fonts", ("body", "heading", "mono", "fallback", "files", "dir"), ("body", "heading", "files"))
    folder = fonts.get("dir", "fonts")
    themes = theme_dir.parent.resolve()  # the project's templates/ (or briefpress's): all a theme may read
    if not isinstance(folder, str) or not (theme_dir / folder).is_dir() or not _within(theme_dir / folder, themes):
        report("fonts.dir", f"'fonts.dir' must be a folder of font files inside the theme's templates/ folder, "
               f"relative to the theme, not '{folder}'")
        folder = "fonts"
    families = _font_files(fonts.get("files"), theme_dir, folder, report)
    for k, value in fonts.items():
        names = value if k == "fallback" and isinstance(value, list) else [value]
        if k not in ("files", "dir") and any(not isinstance(v, str) or (families and v not in families) for v in names):
            report(f"fonts.{k}", f"'fonts.{k}' must name a family of fonts.files ({', '.join(sorted(families))}), "
                   f"not '{value}'")

    start = data.get("sections_start", "page")
    if start not in SECTIONS_START:
        report("sections_start", f"'sections_start' must be one of {', '.join(SECTIONS_START)}, not '{start}'")
    least = data.get("toc_min_sections", 1)
    if not isinstance(least, int) or isinstance(least, bool) or least < 0:
        report("toc_min_sections", f"'toc_min_sections' must be a whole number, not '{least}'")
    depth = data.get("toc_depth", 1)
    if not isinstance(depth, int) or isinstance(depth, bool) or not 1 <= depth <= 6:
        report("toc_depth", f"'toc_depth' must be a heading level from 1 to 6, not '{depth}'")
    for k, value in section("bibliography", ("require", "house")).items():
        if k == "house":  # the Chicago formatter's house switches (chicago/style.py); 'require' is lint's
            if not isinstance(value, dict):
                report("bibliography.house", "'bibliography.house' must be a mapping of switch: true/false")
                continue
            for option, on in value.items():
                where = f"bibliography.house.{option}"
                if option not in OPTIONS:
                    report(where, f"unknown setting '{where}'; known: {', '.join(OPTIONS)}", "theme.unknown")
                elif not isinstance(on, bool):
                    report(where, f"'{where}' must be true or false")
    for k, value in section("layout_guess", ("chars_per_page", "toc_entries_per_page")).items():
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            report(f"layout_guess.{k}", f"'layout_guess.{k}' must be a positive whole number, not '{value}'")
    _links_outside(theme_dir, report)
    if "logo" in data and not (isinstance(data["logo"], str) and _inside(theme_dir, data["logo"])):
        report("logo", "'logo' must be a file name inside the theme folder")
    _labels(section("labels"), report)
    if not isinstance(data.get("name", ""), str):
        report("name", "'name' must be text")
    return data, problems


def _labels(labels: dict, report) -> None:
    """``labels:``: key: text for every language, or a language tag (``sq``, ``sr-Cyrl``) holding key: text."""
    from . import locale
    known = locale.keys()

    def check(where: str, key, value):
        if key not in known:
            report(where, f"unknown label '{key}'; known: {', '.join(sorted(known))}", "theme.unknown")
        elif not isinstance(value, str):
            report(where, f"label '{key}' must be text")
    for key, value in labels.items():
        if isinstance(value, dict) and re.match(r"^[a-z]{2,3}(-[A-Za-z]{4})?(-[A-Z]{2})?$", str(key)):
            for k, v in value.items():
                check(f"labels.{key}.{k}", k, v)
        else:
            check(f"labels.{key}", key, value)


def _font_files(files, theme_dir: Path, folder: str, report) -> set[str]:
    if files is None:
        return set()
    if not isinstance(files, list) or not files:
        report("fonts.files", "'fonts.files' must be a list of [family, weight, style, file]")
        return set()
    families = set()
    for i, entry in enumerate(files):
        key = f"fonts.files.{i}"
        if not (isinstance(entry, list) and len(entry) == 4 and isinstance(entry[0], str) and isinstance(entry[3], str)):
            report(key, "each font is [family, weight, style, file], e.g. [KCSS Serif, 400, normal, NotoSerif-Regular.ttf]")
            continue
        family, weight, style, file = entry
        families.add(family)
        if not isinstance(weight, int) or isinstance(weight, bool) or not 1 <= weight <= 1000:
            report(f"{key}.1", f"font weight must be a number from 1 to 1000 (400 regular, 700 bold), not '{weight}'")
        if style not in ("normal", "italic", "oblique"):
            report(f"{key}.2", f"font style must be normal, italic or oblique, not '{style}'")
        path = theme_dir / folder / file
        if not path.is_file():
            report(f"{key}.3", f"font file '{folder}/{file}' is not in the theme's fonts folder", "theme.font-missing")
        elif not _within(path, theme_dir.parent.resolve()):
            report(f"{key}.3", f"font file '{folder}/{file}' is outside the theme's templates/ folder (it leads to "
                   f"{path.resolve()}); copy the font into the theme's fonts folder", "theme.outside")
        elif not os.access(path, os.R_OK):  # HarfBuzz's own error said only "Failed to open"
            report(f"{key}.3", f"font file '{folder}/{file}' cannot be read (permission denied); make it readable "
                   "(chmod a+r)", "theme.unreadable")
        elif not fonts.face(path)[1]:  # read once: the build's subsetting reuses the face
            report(f"{key}.3", f"font file '{folder}/{file}' is not a font HarfBuzz can read (no characters); "
                   "replace it with a TrueType or OpenType file", "theme.font-invalid")
    return families


def _links_outside(theme_dir: Path, report) -> None:
    """A file or folder of the theme that is a link leading outside the templates/ folder: the build
    reads only the project and its theme."""
    themes = theme_dir.parent.resolve()
    for folder, dirs, files in os.walk(theme_dir):  # links to folders are not followed
        for entry in sorted(dirs + files):
            path = Path(folder, entry)
            if path.is_symlink() and loops(path):
                report("", f"'{path.relative_to(theme_dir).as_posix()}' in the theme is a link that leads round in "
                       "a loop; replace it with the file", "theme.outside")
            elif path.is_symlink() and not _within(path, themes):
                name = path.relative_to(theme_dir).as_posix()
                report("", f"'{name}' in the theme is a link to {path.resolve()}, outside the theme's templates/ "
                       "folder; copy the file into the theme", "theme.outside")


def _within(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder)
        return True
    except ValueError:
        return False


def _inside(folder: Path, name: str) -> bool:
    try:
        (folder / name).resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def _length(value, allow_zero: bool = False) -> bool:
    m = LENGTH.match(str(value).strip()) if isinstance(value, str) else None
    return bool(m) and (allow_zero or float(m.group(1)) > 0)


def _page_size(value) -> bool:
    if not isinstance(value, str):
        return False
    words = [w for w in value.lower().split() if w not in ("portrait", "landscape")]
    return (len(words) == 1 and words[0] in PAGE_SIZES) or (len(words) == 2 and all(_length(w) for w in words))
