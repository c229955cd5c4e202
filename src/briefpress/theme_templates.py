"""Theme templates, checked without rendering: a project's theme folder (+ the formats being built) ->
the ``theme.template`` errors the build would stop at, for every template it reads for those formats
(``RENDERED``, and what they include), in one pass (the build stops at the first it renders).

Found: a template's syntax, an ``{% include %}`` / ``{% extends %}`` / ``{% import %}`` of a template that
is not in the theme, and a name a template reads that the build never gives a template (``GIVEN``) and
no template of the theme sets (an included template sees its includer's), and a filter or test the
environment lacks (inside an ``{% if %}``, where Jinja leaves it to the render). Each template is compiled
once, in the build's own Jinja environment, which the build then renders it with: the compiler notes
its syntax tree and the names it reads as it goes (:class:`NotingCompiler`); the templates of the other
formats are not read at all (a PDF build compiled the web edition's and the EPUB's templates too: ~0.1 s
of a cold build). A mistake only rendering shows (an attribute missing from a given value) is still the
build's alone. briefpress's own themes are left out: they are part of briefpress and tested with it.

Also the environment every theme's templates are compiled and rendered in (:class:`ThemeEnvironment`,
made by :func:`briefpress.render_html.environment`): a template's mistake is a diagnostic at its line.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from jinja2.compiler import CodeGenerator

from .diagnostics import BuildError, Diagnostic, SourceLocation, error, relative
from .input_text import decode
from .project import PACKAGE_TEMPLATES

# What render_html.py and epub.py give the templates (their render() and make_module() arguments; a
# test keeps this list equal to theirs), besides Jinja's own globals.
GIVEN = frozenset({
    "L", "abstract", "back", "barcode", "body", "body_type", "chapters", "cite", "css", "date", "editions", "fonts",
    "front", "identifier", "json_ld", "label", "landmarks", "lang", "logo", "manifest", "marker", "math", "medium", "meta",
    "modified", "notes", "pages", "part_css", "preview", "references", "short_title", "show_references", "source",
    "spine", "summary", "t", "title", "toc", "toc_pages"})


# What render_html.py and epub.py render by name, by format (a test keeps these equal to their get_template
# calls): the EPUB's page list and cover come from the print layout, so an EPUB build renders the print's too.
PRINT = ("print.html.j2", "print.css.j2")
BY_FORMAT = {"pdf": PRINT, "html": ("screen.html.j2", "screen.css.j2"),
             "epub": (*PRINT, "parts.html.j2", "epub/page.xhtml.j2", "epub/nav.xhtml.j2", "epub/epub.css.j2",
                      "epub/package.opf.j2")}
RENDERED = tuple(dict.fromkeys(name for names in BY_FORMAT.values() for name in names))


class NotingCompiler(CodeGenerator):
    """Jinja's code generator, which also notes in its environment's ``compiled`` each template's syntax
    tree and the names it reads that nothing in it sets, found as ``jinja2.meta.find_undeclared_variables``
    finds them (by generating the code a second time)."""

    def visit_Template(self, node, frame=None):
        self.environment.compiled[self.name] = (node, set())
        super().visit_Template(node, frame)

    def enter_frame(self, frame):
        super().enter_frame(frame)
        if self.name in self.environment.compiled:
            read = self.environment.compiled[self.name][1]
            read.update(param for action, param in frame.symbols.loads.values()
                        if action == "resolve" and param not in self.environment.globals)


_checked: dict[tuple, tuple[Diagnostic, ...]] = {}  # the last theme's findings, by its templates' text


def template_problems(theme_dir: Path, formats=None) -> list[Diagnostic]:
    """Every template of a project's theme the build of ``formats`` renders (None: every format, each as
    its own build checks it, as ``briefpress lint`` does) -> the errors the build would give for it, at
    their lines. Found again only when a template changed (its name or bytes: a modification time may not move between two
    quick saves): compiling the templates took ~45 ms, on every save in the live preview."""
    if theme_dir.resolve().is_relative_to(PACKAGE_TEMPLATES.resolve()):
        return []
    if formats is None:
        # each format's on its own: a name set only in the EPUB's templates is given to the EPUB's, not to
        # the print stylesheet a PDF build stops at (taken as given to every template, lint passed it)
        found: list[Diagnostic] = []
        for fmt in BY_FORMAT:
            found += [d for d in template_problems(theme_dir, (fmt,)) if d not in found]
        return found
    roots = tuple(dict.fromkeys(n for f in formats for n in BY_FORMAT.get(f, ())))
    try:
        key = (str(theme_dir.resolve()), roots, *((str(p), hashlib.sha256(p.read_bytes()).digest())
                                                  for p in sorted(theme_dir.rglob("*.j2"))))
    except OSError:
        key = None  # a template gone while listed: found afresh, and reported
    if key is not None and key in _checked:
        return list(_checked[key])
    found = _problems(theme_dir, roots)
    if key is not None:
        _checked.clear()
        _checked[key] = tuple(found)
    return found


INCLUDES = ("Include", "Extends", "Import", "FromImport")


def _problems(theme_dir: Path, roots: tuple[str, ...]) -> list[Diagnostic]:
    from jinja2 import TemplateNotFound, nodes

    from .render_html import _environment
    env = _environment(theme_dir)
    project = theme_dir.parent.parent
    out: list[Diagnostic] = []

    def problem(kind: str, what: str, name: str, line: int) -> None:
        out.append(error("theme.template", f"the theme's template cannot be rendered ({kind}: {what}); fix the "
                         "template", SourceLocation(relative(theme_dir / name, project), line)))

    includes = tuple(getattr(nodes, kind) for kind in INCLUDES)
    compiled: dict[str, tuple] = {}  # name -> (tree, names read), for the templates the build reads
    todo, seen = list(roots), set()
    while todo:
        name = todo.pop(0)
        if name in seen or not (theme_dir / name).is_file():
            continue  # a template of the list the theme lacks: the build reports it when it renders
        seen.add(name)
        try:
            env.get_template(name)  # compiled and kept: the build renders this one
        except BuildError as exc:
            out += exc.diagnostics
            continue
        except (OSError, UnicodeDecodeError) as exc:
            out.append(error("theme.template", f"the theme's template cannot be read ({exc}); save it as "
                             "UTF-8 text", SourceLocation(relative(theme_dir / name, project))))
            continue
        compiled[name] = env.compiled[name]
        for node in compiled[name][0].find_all(includes):
            target = node.template
            if not (isinstance(target, nodes.Const) and isinstance(target.value, str)):
                # a template named by a variable: any template of the theme may be read
                todo += [p.relative_to(theme_dir).as_posix() for p in sorted(theme_dir.rglob("*.j2"))]
                continue
            try:
                env.loader.get_source(env, target.value)
            except BuildError as exc:  # not UTF-8 (ThemeLoader)
                out += [d for d in exc.diagnostics if d not in out]
                continue
            except TemplateNotFound:
                if not getattr(node, "ignore_missing", False):
                    problem("TemplateNotFound", target.value, name, node.lineno)
                continue
            todo.append(target.value)
    # A template included (or imported with context) sees the names its includer sets: a name set in any
    # template read is taken as given (which template includes which is known only when rendering).
    trees = [tree for tree, _ in compiled.values()]
    assigned = {n.name for tree in trees for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    assigned |= {n.name for tree in trees for n in tree.find_all(nodes.Macro)}
    for name, (tree, read) in compiled.items():
        for found in sorted(read - GIVEN - set(env.globals) - assigned):
            line = next((n.lineno for n in tree.find_all(nodes.Name) if n.name == found), 0)
            problem("UndefinedError", f"'{found}' is undefined", name, line)
        for what, line in _unknown_filters(tree, env, nodes):
            problem("TemplateRuntimeError", what, name, line)
    return out


def _unknown_filters(tree, env, nodes) -> list[tuple[str, int]]:
    """A filter or test the environment lacks inside an ``{% if %}``, which Jinja leaves to the render
    (elsewhere compiling stops at it), unless the template asks for it first (``"x" is filter``)."""
    asked = {n.node.value for n in tree.find_all(nodes.Test)
             if n.name in ("filter", "test") and isinstance(n.node, nodes.Const)}
    found: dict[str, int] = {}
    for node in tree.find_all((nodes.Filter, nodes.Test)):
        kind, known = ("filter", env.filters) if isinstance(node, nodes.Filter) else ("test", env.tests)
        if node.name not in known and node.name not in asked:
            found.setdefault(f"No {kind} named '{node.name}' found.", node.lineno)
    return list(found.items())


class ThemeEnvironment(Environment):
    """A theme's templates are the project's input: a mistake in one (syntax, an undefined name, an
    include that is not there) is an error at its template's line, not an internal error. Each template
    compiled leaves in ``compiled`` what the theme's check reads (:func:`template_problems`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.code_generator_class = NotingCompiler
        self.compiled: dict = {}  # template name -> (its syntax tree, the names it reads that no one set)

    def handle_exception(self, source=None):
        from jinja2 import TemplateError
        try:
            super().handle_exception(source)
        except TemplateError as exc:
            raise BuildError([_template_error(exc, Path(self.loader.searchpath[0]))]) from None

    def get_template(self, name, parent=None, globals=None):
        from jinja2 import TemplateNotFound
        try:
            return super().get_template(name, parent, globals)
        except TemplateNotFound as exc:
            if parent is not None:  # an {% include %}: handle_exception names the including line
                raise
            raise BuildError([_template_error(exc, Path(self.loader.searchpath[0]))]) from None


class ThemeLoader(FileSystemLoader):
    """The theme's templates, read as UTF-8: one that is not is an ``input.encoding`` error at its first
    byte that is not (Jinja's ``UnicodeDecodeError`` was an internal error)."""

    def get_source(self, environment, template):
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError:
            theme_dir = Path(self.searchpath[0])
            path = theme_dir / template
            decode(path.read_bytes(), relative(path, theme_dir.parent.parent))
            raise


def _template_error(exc, theme_dir: Path) -> Diagnostic:
    """The template and line of a Jinja error: the syntax error's own, else the innermost template frame
    of the traceback (Jinja rewrites it to the templates' lines)."""
    file, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    tb, frames = exc.__traceback__, []
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            frames.append((tb.tb_frame.f_code.co_filename, tb.tb_lineno))
        tb = tb.tb_next
    if file is None and frames:
        file, line = frames[-1]  # the innermost template
    name = relative(Path(file), theme_dir.parent.parent) if file else relative(theme_dir, theme_dir.parent.parent)
    what = f"{type(exc).__name__}: {exc.message}" if exc.message else type(exc).__name__
    return error("theme.template", f"the theme's template cannot be rendered ({what}); fix the template",
                 SourceLocation(name, line))
