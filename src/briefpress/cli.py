"""Command line: argument parsing, printing diagnostics, exit codes. Nothing else.

Exit codes are stated in :mod:`briefpress.exits`: 0 success, 1 the input has errors (nothing
written), 2 usage error, 3 internal error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from . import __version__, exits
from .diagnostics import BuildError

FORMATS = ("pdf", "html", "epub")

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = exits.OK, exits.ERRORS, exits.USAGE


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="briefpress", description="Publish a policy brief from Markdown + BibTeX.")
    p.add_argument("--version", action="version", version=f"briefpress {__version__}")
    p.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the PDF, EPUB and/or HTML of a project or of one Markdown file",
                       description="Build the paper. PATH is a project directory (manuscript/, references.bib, "
                                   "templates/) or a single Markdown file used with --bib.")
    b.add_argument("path", nargs="?", default=".", metavar="PATH", help="project directory or .md file (default: .)")
    b.add_argument("--format", choices=FORMATS + ("all",), default="pdf", help="what to build (default: pdf)")
    b.add_argument("--out", type=Path, metavar="DIR", help="output directory (default: PATH/build)")
    b.add_argument("--bib", type=Path, action="append", metavar="FILE",
                   help="bibliography file: BibTeX/biblatex (.bib), CSL-JSON (.json) or CSL-YAML (.yaml); "
                        "repeatable (default: references.bib of the project)")
    b.add_argument("--timings", action="store_true", help="print the time each stage took")
    lint = sub.add_parser("lint", help="report every problem in the manuscript, bibliography and metadata",
                          description="Compiler-style diagnostics, sorted by file and line. Exit 0 clean "
                                      "(warnings allowed), 1 errors (or warnings with --strict), 2 usage.")
    sv = sub.add_parser("serve", help="live preview on 127.0.0.1 that reloads after every save",
                        description="Serve the web edition on 127.0.0.1 and rebuild it on every save; the PDF is "
                                    "rebuilt in the background at /paper.pdf. Opens nothing by itself.")
    lint.add_argument("path", nargs="?", default=".", metavar="PATH", help="project directory or .md file")
    lint.add_argument("--bib", type=Path, action="append", metavar="FILE",
                      help="bibliography file (.bib, .json, .yaml); repeatable (default: references.bib)")
    lint.add_argument("--format", choices=("text", "json"), default="text")
    lint.add_argument("--strict", action="store_true", help="warnings fail too")
    lint.add_argument("--ignore", action="append", default=[], metavar="CODE",
                      help="silence a code (repeatable; 'bib.*' silences a family); also "
                           "[tool.briefpress.lint] ignore = [...] in pyproject.toml")
    sv.add_argument("path", nargs="?", default=".", metavar="PATH", help="project directory or .md file")
    sv.add_argument("--port", type=_port, default=8000, help="port on 127.0.0.1 (default 8000)")
    sv.add_argument("--bib", type=Path, action="append", metavar="FILE",
                    help="bibliography file (.bib, .json, .yaml); repeatable (default: references.bib)")
    sv.add_argument("--no-pdf", action="store_true", help="do not rebuild the PDF in the background")
    for command in (b, lint, sv):
        command.add_argument("--theme", metavar="NAME", help="theme folder under templates/ (default: the "
                             "metadata's 'theme', else kcss for a project and article for a single file)")
    c = sub.add_parser("check-links", help="check every URL in references.bib and the manuscript",
                       description="Check every link the paper relies on (never part of the build). "
                                   "Settings: [tool.briefpress.linkcheck] in PATH/pyproject.toml.")
    c.add_argument("path", nargs="?", default=".", metavar="PATH", help="project directory (default: .)")
    c.add_argument("--format", choices=("text", "json", "junit", "markdown"), default="text")
    c.add_argument("--output", type=Path, metavar="FILE", help="write the report here instead of stdout")
    for name in ("json", "junit", "markdown"):
        c.add_argument(f"--{name}", type=Path, metavar="FILE", dest=f"{name}_file",
                       help=f"also write the {name} report to FILE (one run, several reports)")
    c.add_argument("--no-cache", action="store_true", help="check every URL, ignoring and not updating the cache")
    c.add_argument("--fail-on-uncertain", action="store_true", help="exit 1 on uncertain links too")
    c.add_argument("--verbose", action="store_true", help="list the links that are fine too")
    c.add_argument("--suggest-archive", action="store_true",
                   help="look up the nearest Wayback Machine snapshot of each broken link (archive_api setting)")
    c.add_argument("--junit-uncertain", choices=("pass", "failure"), default=None,
                   help="uncertain links in JUnit: a passing test case with a note (default), or a failure "
                        "(the default with --fail-on-uncertain)")
    new = sub.add_parser("new", help="start a new brief: metadata, a chapter, references.bib, a Makefile",
                         description="Create DIR with manuscript/metadata.yaml, manuscript/01-introduction.md, "
                                     "references.bib and a Makefile, ready for `briefpress build DIR`.")
    new.add_argument("dir", type=Path, metavar="DIR", help="a new or empty folder")
    for command in (b, lint, sv, c, new):
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                             help="show the traceback of an internal error")
    return p


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port: give a number from 1 to 65535")
    return int(text)


def main(argv=None, stdout=None, stderr=None) -> int:
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if argv is None and args.command in ("build", "lint", "check-links"):
        import gc
        # The process ends after the report (_leave): a collector switched back on after the build (which
        # runs without it, _without_cycle_collector) made one pass over all it had made, 33 ms, then exited.
        gc.disable()
    try:
        with exits.interruptible():
            code = run(args, stdout, stderr)
        # A failed build has killed its workers: the interpreter's exit handlers tidy after them.
        if argv is None and (args.command == "check-links" or code == EXIT_OK and args.command in ("build", "lint")):
            _leave(code, stdout, stderr)
        return code
    except KeyboardInterrupt as exc:  # Ctrl-C or SIGTERM: the workers are gone, no temporary file is left
        print(exits.interrupted_line(exc), file=stderr)
        return exits.INTERRUPTED
    except (SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # WeasyPrint's FatalURLFetchingError is a BaseException: a bug all the same
        if exits.from_interrupt(exc):  # Ctrl-C as a module was imported: Python made it a RuntimeError
            print(exits.INTERRUPTED_MESSAGE, file=stderr)
            return exits.INTERRUPTED
        if args.debug:
            import traceback
            traceback.print_exc(file=stderr)
        print(exits.internal_error_line(exc), file=stderr)
        return exits.INTERNAL


def run(args, stdout, stderr) -> int:
    if args.command == "new":
        return new_command(args, stdout, stderr)
    if args.command == "check-links":
        return check_links_command(args, stdout, stderr)
    if args.command == "lint":
        return lint_command(args, stdout)
    if args.command == "serve":
        from .serve import PortUnavailable, serve
        if not Path(args.path).exists():
            print(f"{args.path}: error: no such file or directory [input.missing]", file=stderr)
            return EXIT_USAGE
        try:
            serve(Path(args.path), args.port, args.bib or (), not args.no_pdf, lambda m: print(m, file=stderr),
                  args.theme)
        except PortUnavailable as exc:
            print(f"briefpress: {exc}", file=stderr)
            return EXIT_USAGE
        return EXIT_OK
    formats = FORMATS if args.format == "all" else (args.format,)
    try:
        with _without_cycle_collector():
            from .editions import build_all
            results = build_all(Path(args.path), formats, args.out, args.bib, args.theme)
    except OSError as exc:
        from .output import FULL, unwritable
        if exc.errno not in FULL:
            raise
        # no room for a temporary file (a worker's, WeasyPrint's fonts in TMPDIR): one error, as for an output
        import tempfile
        exc = unwritable(Path(exc.filename or tempfile.gettempdir()), exc)
        return _failed(exc, stderr)
    except BuildError as exc:
        return _failed(exc, stderr)
    for result in results:  # one per language edition
        for d in result.warnings:
            print(d, file=stderr)
        for fmt, path in result.outputs.items():
            print(path, file=stdout)
        if args.timings:
            for stage, seconds in result.timings.items():
                print(f"  {stage:<16} {seconds:6.2f} s", file=stderr)
        pages = f"{result.pages} pages, " if result.pages else ""
        print(f"briefpress: {pages}{result.notes} notes, {result.references} references",
              file=stderr)
    return EXIT_OK


def _failed(exc: BuildError, stderr) -> int:
    for d in exc.diagnostics:
        print(d, file=stderr)
    count = len(exc.diagnostics)
    print(f"briefpress: {count} error{'s' if count != 1 else ''}; nothing was written", file=stderr)
    return EXIT_ERRORS


def new_command(args, stdout, stderr) -> int:
    from .scaffold import new_project
    try:
        written = new_project(args.dir)
    except BuildError as exc:
        for d in exc.diagnostics:
            print(d, file=stderr)
        return EXIT_USAGE if any(d.code == "new.not-empty" for d in exc.diagnostics) else EXIT_ERRORS
    for path in written:
        print(path, file=stdout)
    print(f"briefpress: a new brief in {args.dir}; build it with `briefpress build {args.dir}`", file=stderr)
    return EXIT_OK


def lint_command(args, stdout) -> int:
    import json

    from .lint import lint_path, sort_and_filter

    from .tool_config import lint_settings

    ignore = list(args.ignore)
    if Path(args.path).is_dir():
        try:
            ignore += lint_settings(Path(args.path))
        except BuildError as exc:
            for d in exc.diagnostics:
                print(d, file=stdout)
            return EXIT_USAGE
    found = sort_and_filter(lint_path(Path(args.path), args.bib, args.theme), ignore)
    if args.format == "json":
        print(json.dumps([{"file": d.location.path if d.location else None,
                           "line": d.location.line if d.location else None,
                           "column": d.location.col if d.location else None,
                           "severity": d.severity, "code": d.code, "message": d.message} for d in found],
                         indent=1, ensure_ascii=False), file=stdout)
    else:
        for d in found:
            print(d, file=stdout)
        counts = {s: sum(1 for d in found if d.severity == s) for s in ("error", "warning", "info")}
        print(f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} notes", file=stdout)
    failing = {"error", "warning"} if args.strict else {"error"}
    return EXIT_ERRORS if any(d.severity in failing for d in found) else EXIT_OK


def check_links_command(args, stdout, stderr) -> int:
    with _without_cycle_collector():  # from its imports to its report's last byte
        return _check_links(args, stdout, stderr)


def _check_links(args, stdout, stderr) -> int:
    from .linkcheck import report as fmt
    from .linkcheck.config import load_config
    from .linkcheck.run import check_links
    from .output import write_all

    overrides = {"fail_on_uncertain": True} if args.fail_on_uncertain else {}
    try:
        config = load_config(Path(args.path), overrides)
        with _progress(stderr) as progress:
            report = check_links(Path(args.path), config, use_cache=not args.no_cache, progress=progress,
                                 suggest_archive=args.suggest_archive)
    except BuildError as exc:
        for d in exc.diagnostics:
            print(d, file=stderr)
        return EXIT_USAGE if any(d.code.startswith("linkcheck.") for d in exc.diagnostics) else EXIT_ERRORS
    uncertain = args.junit_uncertain or ("failure" if config.fail_on_uncertain else "pass")
    rendered = {"text": lambda: fmt.text(report, args.verbose), "json": lambda: fmt.as_json(report),
                "junit": lambda: fmt.junit(report, uncertain),
                "markdown": lambda: fmt.markdown(report)}[args.format]()
    extra = {args.json_file: fmt.as_json, args.junit_file: lambda r: fmt.junit(r, uncertain),
             args.markdown_file: fmt.markdown}
    files = {path: render(report).encode() for path, render in extra.items() if path}
    if args.output:
        files[args.output] = rendered.encode()
    try:  # all or none, never half-written; a report need not wait for the disk (not durable)
        write_all(files, durable=False)
    except BuildError as exc:
        for d in exc.diagnostics:
            print(d, file=stderr)
        return EXIT_ERRORS
    if args.output:
        if args.format != "text":
            print(fmt.text(report, args.verbose), end="", file=stdout)
    else:
        print(rendered, end="", file=stdout)
    broken = report.count("broken") + (report.count("uncertain") if config.fail_on_uncertain else 0)
    return EXIT_ERRORS if broken else EXIT_OK


@contextlib.contextmanager
def _without_cycle_collector():
    """A link check makes many short-lived objects and next to no cyclic garbage: the collector's
    passes were 5% of its CPU on 1,000 URLs, and, left on for the report, two thirds of the time
    from the last answer to the exit on 10,000 (full passes over every result). Switching it off
    leaves the peak memory of a 10,000-URL run as it was. A build's own process (the layout is the
    workers', :mod:`.printing.workers`) reads and parses the manuscript: its passes were a tenth of
    that (0.06 s), on the way to the first part laid out. Restored afterwards, for a caller that
    goes on in this process."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _leave(code: int, *streams) -> None:
    """End the process at once: the report is printed and every file is written and closed (a build's
    workers have ended, its files are renamed into place); the exit handlers run (multiprocessing's
    removes the folder its forkserver listened in, the layout's the fonts WeasyPrint wrote), but not
    the interpreter's own teardown (freeing every object and module one by one), which took ~25 ms,
    a twentieth of a run on the 1,000-URL bench, and ~0.1 s after a build; and the layout's forkserver and
    resource tracker are ended with it (:func:`.printing.forkserver.end_now`)."""
    import atexit
    import os

    try:
        for stream in streams:
            stream.flush()
    except OSError:
        return  # a closed pipe: the interpreter reports it, as it always has
    atexit._run_exitfuncs()
    if "briefpress.printing.forkserver" in sys.modules:  # a PDF or EPUB build started them
        sys.modules["briefpress.printing.forkserver"].end_now()
    os._exit(code)


class _progress:
    """A live progress bar on a terminal (rich); nothing when output is captured."""

    def __init__(self, stream):
        self.stream, self.bar = stream, None

    def __enter__(self):
        if not getattr(self.stream, "isatty", lambda: False)():
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
        self.bar = Progress(TextColumn("checking links"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.description}"), console=Console(file=self.stream), transient=True)
        self.bar.start()
        self.task = self.bar.add_task("", total=None)
        return lambda result: self.bar.update(self.task, advance=1, description=result.url[:60])

    def __exit__(self, *exc):
        if self.bar:
            self.bar.stop()
        return False


if __name__ == "__main__":
    sys.exit(main())
