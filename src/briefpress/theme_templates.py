"""Theme templates, checked without rendering: a project's theme folder -> the ``theme.template`` errors
the build would stop at, for every template the build reads (``RENDERED`` and what they include), in one
pass (the build stops at the first it renders).

Found: a template's syntax (compiled in the build's own Jinja environment, so the build reuses the
compiled template), an ``{% include %}`` / ``{% extends %}`` / ``{% import %}`` of a template that is
not in the theme, and a name a template reads that the build never gives a template (``GIVEN``) and no
template of the theme sets (an included template sees its includer's). A mistake only rendering shows
(an attribute missing from a given value) is still the build's alone. briefpress's own themes are left out: they are part of briefpress and tested with it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .diagnostics import BuildError, Diagnostic, SourceLocation, error, relative
from .project import PACKAGE_TEMPLATES

# What render_html.py and epub.py give the templates (their render() and make_module() arguments; a
# test keeps this list equal to theirs), besides Jinja's own globals.
GIVEN = frozenset({
    "L", "abstract", "back", "barcode", "body", "body_type", "chapters", "cite", "css", "date", "editions", "fonts",
    "front", "identifier", "json_ld", "label", "landmarks", "lang", "logo", "manifest", "marker", "medium", "meta",
    "modified", "notes", "pages", "part_css", "preview", "references", "short_title", "show_references", "source",
    "spine", "summary", "t", "title", "toc", "toc_pages"})


# What render_html.py and epub.py render by name (a test keeps this equal to their get_template calls).
RENDERED = ("screen.html.j2", "screen.css.j2", "print.html.j2", "print.css.j2", "parts.html.j2",
            "epub/page.xhtml.j2", "epub/nav.xhtml.j2", "epub/epub.css.j2", "epub/package.opf.j2")
ALL: set[str] = set()  # every template: which are used cannot be told


_checked: dict[tuple, tuple[Diagnostic, ...]] = {}  # the last theme's findings, by its templates' text


def template_problems(theme_dir: Path) -> list[Diagnostic]:
    """Every template of a project's theme -> the errors the build would give for it, at their lines.
    Found again only when a template changed (its name or bytes: a modification time may not move between
    two quick saves): parsing and walking the templates took ~45 ms, on every save in the live preview."""
    if theme_dir.resolve().is_relative_to(PACKAGE_TEMPLATES.resolve()):
        return []
    try:
        key = (str(theme_dir.resolve()), *((str(p), hashlib.sha256(p.read_bytes()).digest())
                                            for p in sorted(theme_dir.rglob("*.j2"))))
    except OSError:
        key = None  # a template gone while listed: found afresh, and reported
    if key is not None and key in _checked:
        return list(_checked[key])
    found = _problems(theme_dir)
    if key is not None:
        _checked.clear()
        _checked[key] = tuple(found)
    return found


def _problems(theme_dir: Path) -> list[Diagnostic]:
    from jinja2 import TemplateNotFound, meta, nodes

    from .render_html import _environment
    env = _environment(theme_dir)
    project = theme_dir.parent.parent
    out: list[Diagnostic] = []

    def problem(kind: str, what: str, name: str, line: int) -> None:
        out.append(error("theme.template", f"the theme's template cannot be rendered ({kind}: {what}); fix the "
                         "template", SourceLocation(relative(theme_dir / name, project), line)))

    trees, broken = {}, {}
    for path in sorted(theme_dir.rglob("*.j2")):
        name = path.relative_to(theme_dir).as_posix()
        try:
            env.get_template(name)  # compiled and kept: the build renders this one
            trees[name] = env.parse(path.read_text(encoding="utf-8"), name, str(path))
        except BuildError as exc:
            broken[name] = exc.diagnostics
        except (OSError, UnicodeDecodeError) as exc:
            broken[name] = [error("theme.template", f"the theme's template cannot be read ({exc}); save it as "
                                  "UTF-8 text", SourceLocation(relative(path, project)))]
    used = _used(trees, nodes)
    out += [d for name in sorted(broken) if name in used or used is ALL for d in broken[name]]
    trees = {name: tree for name, tree in trees.items() if name in used or used is ALL}
    # A template included (or imported with context) sees the names its includer sets: a name set in any
    # template of the theme is taken as given (which template includes which is known only when rendering).
    assigned = {n.name for tree in trees.values() for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    assigned |= {n.name for tree in trees.values() for n in tree.find_all(nodes.Macro)}
    for name, tree in trees.items():
        for node in tree.find_all((nodes.Include, nodes.Extends, nodes.Import, nodes.FromImport)):
            target = node.template
            if isinstance(target, nodes.Const) and isinstance(target.value, str):
                try:
                    env.loader.get_source(env, target.value)
                except TemplateNotFound:
                    if not getattr(node, "ignore_missing", False):
                        problem("TemplateNotFound", target.value, name, node.lineno)
        unknown = meta.find_undeclared_variables(tree) - GIVEN - set(env.globals) - assigned
        for found in sorted(unknown):
            line = next((n.lineno for n in tree.find_all(nodes.Name) if n.name == found), 0)
            problem("UndefinedError", f"'{found}' is undefined", name, line)
    return out


def _used(trees: dict, nodes) -> set[str]:
    """The templates the build renders (RENDERED) and those they include, import or extend: a file of the
    theme the build never reads cannot stop it. ALL when a template names another by a variable."""
    used, todo = set(), list(RENDERED)
    while todo:
        name = todo.pop()
        if name in used:
            continue
        used.add(name)
        for node in trees[name].find_all((nodes.Include, nodes.Extends, nodes.Import, nodes.FromImport)) \
                if name in trees else ():
            if not (isinstance(node.template, nodes.Const) and isinstance(node.template.value, str)):
                return ALL
            todo.append(node.template.value)
    return used
