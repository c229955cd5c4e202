"""Run: project -> link report. Collect, consult the cache, check what is left, merge.

Returns :class:`Report` (every occurrence with its verdict); prints nothing.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, replace
from pathlib import Path

from ..project import load_project
from . import cache
from .check import EXCLUDED, OK, Checker, Result, Target
from .collect import Link, collect, fragment, normalize
from .config import LinkcheckConfig


@dataclass(frozen=True)
class Occurrence:
    link: Link
    result: Result


@dataclass(frozen=True)
class Report:
    occurrences: tuple[Occurrence, ...]
    results: dict  # cache key -> Result
    elapsed: float
    requested: int  # unique URLs actually requested (not cached, not excluded)

    def count(self, verdict: str) -> int:
        return sum(1 for r in self.results.values() if r.verdict == verdict)


def targets_for(links: list[Link], config: LinkcheckConfig) -> tuple[list[Target], dict[str, str]]:
    """Unique targets (one per normalized URL, fragments merged) and occurrence URL -> target key."""
    grouped: dict[str, dict] = {}
    key_of: dict[str, str] = {}
    for link in links:
        base = normalize(link.url)
        g = grouped.setdefault(base, {"fragments": set(), "doi": link.doi})
        if fragment(link.url):
            g["fragments"].add(fragment(link.url))
        key_of[link.url] = base
    return [Target(url, frozenset(g["fragments"]), g["doi"]) for url, g in sorted(grouped.items())], key_of


def check_links(path: Path, config: LinkcheckConfig, use_cache: bool = True, checker: Checker | None = None,
                progress=None, now: float | None = None) -> Report:
    started = time.monotonic()
    project = load_project(Path(path))
    links = collect(project)
    targets, key_of = targets_for(links, config)
    now = time.time() if now is None else now
    cache_path = project.root / config.cache_file
    entries = cache.load(cache_path) if use_cache else {}

    results: dict[str, Result] = {}
    todo = []
    for t in targets:
        cached = _cache_key(t)
        if config.excluded(t.url):
            results[t.url] = Result(t.url, EXCLUDED, message="excluded by configuration")
        elif use_cache and (hit := cache.fresh(entries, cached, now, config.cache_max_age)):
            results[t.url] = hit
        else:
            todo.append(t)
    checker = checker or Checker(config)
    checked = asyncio.run(checker.check_all(todo, progress)) if todo else {}
    results.update(checked)
    if use_cache:
        cache.save(cache_path, entries, {_cache_key(t): results[t.url] for t in todo}, now)
    occurrences = tuple(Occurrence(link, _for_occurrence(link, results[key_of[link.url]])) for link in links)
    return Report(occurrences, results, time.monotonic() - started, len(todo))


def _for_occurrence(link: Link, result: Result) -> Result:
    """A page's missing anchors break only the links that point at them."""
    if not result.missing_fragments:
        return result
    frag = fragment(link.url)
    if frag in result.missing_fragments:
        return replace(result, message=f"missing anchor #{frag}" if not frag.startswith(":~:")
                       else "the linked text is not on the page")
    return replace(result, verdict=OK, message="", missing_fragments=())


def _cache_key(target: Target) -> str:
    return target.url + ("#" + "&".join(sorted(target.fragments)) if target.fragments else "")
