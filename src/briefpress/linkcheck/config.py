"""Link-check settings: ``[tool.briefpress.linkcheck]`` in pyproject.toml -> :class:`LinkcheckConfig`.

Every problem is reported at once; an unknown or mistyped setting is an error (exit 2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from pathlib import Path

from ..diagnostics import BuildError, Diagnostic, error
from ..tool_config import key_location, read_table


@dataclass(frozen=True)
class LinkcheckConfig:
    """The settings of [tool.briefpress.linkcheck], with their defaults."""

    exclude: tuple[str, ...] = ()  # regular expressions matched against the URL
    accept: tuple[int, ...] = ()  # extra status codes that count as ok
    timeout: float = 15.0  # connect and read timeout per request, seconds
    retries: int = 3
    per_host: int = 4
    concurrency: int = 128  # shared fairly across hosts; per_host is the politeness limit
    max_redirects: int = 10
    retry_after_cap: float = 60.0
    url_time_limit: float = 120.0  # hard limit per URL, retries included
    total_time_limit: float = 600.0  # the whole run
    max_body: int = 5_000_000  # bytes read at most, for anchor checks
    user_agent: str = "briefpress-linkcheck/0.1 (+https://github.com/briefpress)"
    cache_file: str = "build/linkcheck-cache.json"
    cache_max_age: float = 86_400.0
    fail_on_uncertain: bool = False
    transient_failures_before_broken: int = 2  # runs in a row, counted in the cache
    archive_api: str = "https://archive.org/wayback/available"  # for --suggest-archive
    doi_api: str = "https://doi.org/api/handles/"
    exclude_patterns: tuple = field(default=(), repr=False)

    def excluded(self, url: str) -> bool:
        return any(p.search(url) for p in self.exclude_patterns)


TYPES = {f.name: f.type for f in fields(LinkcheckConfig) if f.name != "exclude_patterns"}


def load_config(root: Path, overrides: dict | None = None) -> LinkcheckConfig:
    raw, text = read_table(root, "linkcheck", "linkcheck.config")
    raw = {**raw, **(overrides or {})}
    problems: list[Diagnostic] = []
    values = {}
    for key, value in raw.items():
        name = key.replace("-", "_")
        if name not in TYPES:
            problems.append(error("linkcheck.config", f"unknown setting '{key}' in [tool.briefpress.linkcheck]; "
                                  f"known: {', '.join(sorted(TYPES))}", key_location(text, "linkcheck", key)))
            continue
        expected = TYPES[name]
        try:
            values[name] = _coerce(value, expected)
        except (TypeError, ValueError):
            problems.append(error("linkcheck.config", f"setting '{key}' must be {expected}, not {value!r}",
                                  key_location(text, "linkcheck", key)))
    patterns = []
    for pattern in values.get("exclude", ()):
        try:
            patterns.append(re.compile(pattern))
        except re.error as exc:
            problems.append(error("linkcheck.config", f"exclude pattern {pattern!r} is not a valid regular "
                                  f"expression: {exc}", key_location(text, "linkcheck", "exclude")))
    if problems:
        raise BuildError(problems)
    return LinkcheckConfig(**values, exclude_patterns=tuple(patterns))


def _coerce(value, expected: str):
    if expected.startswith("tuple[str"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise TypeError
        return tuple(value)
    if expected.startswith("tuple[int"):
        if not isinstance(value, list) or not all(isinstance(v, int) for v in value):
            raise TypeError
        return tuple(value)
    if expected == "bool":
        if not isinstance(value, bool):
            raise TypeError
        return value
    if expected == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise TypeError
        return value
    if expected == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise TypeError
        return float(value)
    if not isinstance(value, str):
        raise TypeError
    return value
