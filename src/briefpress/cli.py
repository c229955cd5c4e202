"""Command line: argument parsing, printing diagnostics, exit codes. Nothing else.

Exit codes: 0 success, 1 the input has errors (nothing written), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .diagnostics import BuildError
from .pipeline import FORMATS, build

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="briefpress", description="Publish a policy brief from Markdown + BibTeX.")
    p.add_argument("--version", action="version", version=f"briefpress {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the PDF, EPUB and/or HTML of a project or of one Markdown file",
                       description="Build the paper. PATH is a project directory (manuscript/, references.bib, "
                                   "templates/) or a single Markdown file used with --bib.")
    b.add_argument("path", nargs="?", default=".", metavar="PATH", help="project directory or .md file (default: .)")
    b.add_argument("--format", choices=FORMATS + ("all",), default="pdf", help="what to build (default: pdf)")
    b.add_argument("--out", type=Path, metavar="DIR", help="output directory (default: PATH/build)")
    b.add_argument("--bib", type=Path, metavar="FILE", help="BibTeX file (default: references.bib of the project)")
    b.add_argument("--timings", action="store_true", help="print the time each stage took")
    return p


def main(argv=None, stdout=None, stderr=None) -> int:
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    formats = FORMATS if args.format == "all" else (args.format,)
    try:
        result = build(Path(args.path), formats, args.out, args.bib)
    except BuildError as exc:
        for d in exc.diagnostics:
            print(d, file=stderr)
        count = len(exc.diagnostics)
        print(f"briefpress: {count} error{'s' if count != 1 else ''}; nothing was written", file=stderr)
        return EXIT_ERRORS
    for fmt, path in result.outputs.items():
        print(path, file=stdout)
    if args.timings:
        for stage, seconds in result.timings.items():
            print(f"  {stage:<16} {seconds:6.2f} s", file=stderr)
    print(f"briefpress: {result.pages} pages, {result.notes} notes, {result.references} references",
          file=stderr)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
