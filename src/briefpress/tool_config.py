"""Tool settings: ``[tool.briefpress.<table>]`` of a project's pyproject.toml -> values or diagnostics.

tomllib gives no positions, so :func:`key_location` finds a key's line in the text of its table
(enough for the flat tables briefpress reads). ``[tool.briefpress.lint]`` is checked here:
``ignore`` (a list of codes, ``bib.*`` for a family) is its one setting; anything else is an error.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from pathlib import Path

from .diagnostics import BuildError, Diagnostic, SourceLocation, error
from .input_text import decode

NAME = "pyproject.toml"


def read_table(root: Path, table: str, code: str) -> tuple[dict, str]:
    """(the table's mapping, the file's text); invalid TOML -> BuildError at its line and column."""
    path = Path(root) / NAME
    if not path.is_file():
        return {}, ""
    try:
        text = decode(path.read_bytes(), NAME)
        data = tomllib.loads(text)
    except BuildError as exc:  # not UTF-8: at its line and column, under this setting's code
        raise BuildError([replace(d, code=code) for d in exc.diagnostics]) from None
    except OSError as exc:
        raise BuildError([error(code, f"cannot read pyproject.toml ({exc.strerror}); make it readable",
                                SourceLocation(NAME))]) from None
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+), column (\d+)", str(exc))
        loc = SourceLocation(NAME, int(m.group(1)), int(m.group(2))) if m else SourceLocation(NAME)
        raise BuildError([error(code, f"invalid TOML: {exc}", loc)]) from None
    value = data.get("tool", {}).get("briefpress", {}).get(table, {})
    if not isinstance(value, dict):
        raise BuildError([error(code, f"tool.briefpress.{table} must be a table", key_location(text, table, ""))])
    return value, text


def key_location(text: str, table: str, key: str) -> SourceLocation:
    """Where ``key`` is set in ``[tool.briefpress.<table>]`` (or the table header; the file when neither)."""
    header = re.search(rf"(?m)^\s*\[\s*tool\.briefpress\.{re.escape(table)}\s*\]\s*(#.*)?$", text)
    if header:
        body = text[header.end():]
        end = re.search(r"(?m)^\s*\[", body)
        body = body[:end.start()] if end else body
        m = re.search(rf"(?m)^\s*[\"']?{re.escape(key)}[\"']?\s*=", body) if key else None
        offset = header.end() + m.start() + (len(m.group()) - len(m.group().lstrip())) if m else header.start()
    else:
        m = re.search(rf"(?m)^\s*(tool\.briefpress\.)?{re.escape(table)}\.{re.escape(key)}\s*=", text) if key else None
        if not m:
            return SourceLocation(NAME)
        offset = m.start()
    line = text.count("\n", 0, offset) + 1
    return SourceLocation(NAME, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def lint_settings(root: Path) -> list[str]:
    """The codes ``[tool.briefpress.lint] ignore`` silences; problems -> BuildError (code lint.config)."""
    table, text = read_table(root, "lint", "lint.config")
    problems: list[Diagnostic] = []
    for key in table:
        if key != "ignore":
            problems.append(error("lint.config", f"unknown setting '{key}' in [tool.briefpress.lint]; known: ignore",
                                  key_location(text, "lint", key)))
    ignore = table.get("ignore", [])
    if not isinstance(ignore, list) or not all(isinstance(c, str) and c for c in ignore):
        problems.append(error("lint.config", "'ignore' must be a list of codes, e.g. [\"url.http\", \"bib.*\"]",
                              key_location(text, "lint", "ignore")))
        ignore = []
    if problems:
        raise BuildError(problems)
    return list(ignore)
