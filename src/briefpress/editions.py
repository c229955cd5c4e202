"""Language editions: a project with ``manuscript/<language>/`` folders -> every edition built.

Takes a project path; returns one :class:`~briefpress.pipeline.BuildResult` per edition, in folder
order. Each edition has its own metadata.yaml (title, ISBN, DOI, date, language) and chapters and
shares the project's ``references.bib`` and theme; each is built and verified as a project of its own
(its PDF laid out on the same two layout workers) into the same output folder, under its own slug. The
web editions link to each other (``hreflang``). A project without editions is built once, as before.
"""

from __future__ import annotations

from pathlib import Path

from .diagnostics import BuildError, SourceLocation, error
from .project import editions, load_project


def language_name(tag: str) -> str:
    """An edition's language in its own words (CLDR via Babel): 'English', 'shqip', 'српски'."""
    from babel import Locale, UnknownLocaleError

    from .locale import babel_locale
    try:
        name = Locale.parse(babel_locale(tag)).get_display_name() or tag
    except (ValueError, UnknownLocaleError):
        return tag
    return name[:1].upper() + name[1:]


def alternates(path: Path, bibs=None, theme: str | None = None) -> dict[str, list[dict]]:
    """For each edition, every edition's language, name and web file (the current one marked)."""
    names = editions(path)
    metas = {name: load_project(path, bibs, theme=theme, edition=name).metadata for name in names}
    slugs: dict[str, str] = {}
    for name, meta in metas.items():
        if meta.slug in slugs:
            raise BuildError([error("project.edition-slug", f"editions '{slugs[meta.slug]}' and '{name}' both "
                                    f"write '{meta.slug}'; give one a 'slug' in its metadata.yaml",
                                    SourceLocation(f"manuscript/{name}/metadata.yaml"))])
        slugs[meta.slug] = name
    return {name: [{"language": m.language, "name": language_name(m.language), "href": f"{m.slug}.html",
                    "current": other == name} for other, m in metas.items()] for name in names}


def build_all(path: Path, formats=("pdf",), out_dir: Path | None = None, bibs=None,
              theme: str | None = None) -> list:
    """Every edition of the project, each verified (one BuildResult each), one after the other: an
    edition with errors stops the build there (the editions before it are written, each all or none).
    The layout workers are started first, before anything is read, and serve every edition: they
    import WeasyPrint once, while the editions are read."""
    built: list = []  # each edition's result as it is written
    try:
        if "pdf" not in formats and "epub" not in formats:
            return _build_all(path, formats, out_dir, bibs, theme, None, built)
        from .printing.workers import pool
        with pool(ahead=True) as workers:  # pipeline.build gives it the first edition's stylesheet
            return _build_all(path, formats, out_dir, bibs, theme, workers, built)
    except KeyboardInterrupt as exc:  # the files written before it are named (exits.interrupted_line)
        exc.written = tuple(p for result in built for p in (*result.outputs.values(), *result.citations))
        raise


def _build_all(path, formats, out_dir, bibs, theme, workers, built: list) -> list:
    from .pipeline import build

    names = editions(path)
    if not names:
        built.append(build(path, formats, out_dir, bibs, theme, workers=workers))
        return built
    links = alternates(Path(path), bibs, theme)
    for name in names:
        built.append(build(path, formats, out_dir, bibs, theme, edition=name, editions=tuple(links[name]),
                           workers=workers))
    return built
