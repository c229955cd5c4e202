"""Run: project -> link report. Collect, consult the cache, check what is left, weigh
transient failures against earlier runs, look up archived copies if asked, merge.

Returns :class:`Report` (every occurrence with its verdict); prints nothing.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from ..project import load_sources
from . import cache
from .check import BROKEN, EXCLUDED, OK, UNCERTAIN, Checker, Result, Target
from .collect import Link, collect, fragment, normalize
from .config import LinkcheckConfig
from .errors import DNS, OFFLINE, TRANSIENT


@dataclass(frozen=True)
class Occurrence:
    """One link in the paper with the verdict on it."""

    link: Link
    result: Result


@dataclass(frozen=True)
class Report:
    """A whole run: every occurrence, the result per unique URL, and what the run cost."""

    occurrences: tuple[Occurrence, ...]
    results: dict  # cache key -> Result
    elapsed: float
    requested: int  # unique URLs actually requested (not cached, not excluded)
    transient_limit: int = 1  # runs in a row a transient failure needs to count as broken
    requests: int = 0  # HTTP requests sent (retries and HEAD->GET included)

    def count(self, verdict: str) -> int:
        return sum(1 for r in self.results.values() if r.verdict == verdict)


def targets_for(links: list[Link], config: LinkcheckConfig) -> tuple[list[Target], dict[str, str]]:
    """Unique targets (one per normalized URL, fragments merged) and occurrence URL -> target key."""
    grouped: dict[str, dict] = {}
    key_of: dict[str, str] = {}
    for link in links:
        if link.url in key_of:
            continue
        base = normalize(link.url)
        g = grouped.setdefault(base, {"fragments": set(), "doi": link.doi})
        if "#" in link.url and fragment(link.url):
            g["fragments"].add(fragment(link.url))
        key_of[link.url] = base
    return [Target(url, frozenset(g["fragments"]), g["doi"]) for url, g in sorted(grouped.items())], key_of


def check_links(path: Path, config: LinkcheckConfig, use_cache: bool = True, checker: Checker | None = None,
                progress=None, now: float | None = None, suggest_archive: bool = False) -> Report:
    started = time.monotonic()
    project = load_sources(Path(path))
    links = collect(project)
    targets, key_of = targets_for(links, config)
    now = time.time() if now is None else now
    cache_path = project.root / config.cache_file
    stored = cache.load(cache_path) if use_cache else {"entries": {}, "transient": {}}

    results: dict[str, Result] = {}
    todo = []
    for t in targets:
        if config.excluded(t.url):
            results[t.url] = Result(t.url, EXCLUDED, message="excluded by configuration")
        elif use_cache and (hit := cache.fresh(stored, _cache_key(t), now, config.cache_max_age)):
            results[t.url] = hit
        else:
            todo.append(t)
    checker = checker or Checker(config)
    checked = _offline(_run(checker.check_all(todo, progress)) if todo else {})
    # Without a cache there is no history: a transient failure stands as the checker found it.
    limit = config.transient_failures_before_broken if use_cache else 1
    for t in todo:
        results[t.url] = _weigh(checked[t.url], cache.streak(stored, _cache_key(t)), limit) if use_cache \
            else checked[t.url]
    if use_cache:
        cache.save(cache_path, stored, {_cache_key(t): results[t.url] for t in todo}, now)
    if suggest_archive:
        broken = {url: _accessed(links, key_of, url) for url, r in results.items() if r.verdict == BROKEN}
        from . import archive  # only with --suggest-archive

        found = _run(archive.suggest(checker, broken)) if broken else {}
        for url, (snapshot, date) in found.items():
            results[url] = replace(results[url], archive_url=snapshot, archive_date=date)
    occurrences = tuple(Occurrence(link, _for_occurrence(link, results[key_of[link.url]])) for link in links)
    return Report(occurrences, results, time.monotonic() - started, len(todo), max(1, limit),
                  sum(checked[t.url].requests for t in todo))


def _run(coroutine):
    """Run on uvloop where it is installed (not on Windows): its event loop in C took a third less
    CPU per URL than asyncio's own, which on 2 cores is time the answers wait. Same verdicts either way."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(coroutine)


def _offline(checked: dict[str, Result]) -> dict[str, Result]:
    """When no host name resolved at all, the machine is offline: nothing is known to be broken."""
    if any(r.kind != DNS for r in checked.values()) or len({urlsplit(url).hostname for url in checked}) < 2:
        return checked
    return {url: replace(r, verdict=UNCERTAIN, kind=OFFLINE, message="not checked: no host name could be resolved "
                         "(is this machine offline?)") for url, r in checked.items()}


def _weigh(result: Result, before: int, limit: int) -> Result:
    """A transient failure is uncertain until it has failed `limit` runs in a row."""
    if result.kind != TRANSIENT or result.verdict not in (BROKEN, UNCERTAIN):
        return result
    runs = before + 1
    return replace(result, verdict=BROKEN if runs >= limit else UNCERTAIN, transient_runs=runs)


def _accessed(links: list[Link], key_of: dict[str, str], url: str) -> str:
    dates = sorted(link.accessed for link in links if key_of[link.url] == url and link.accessed)
    return dates[0] if dates else ""


def _for_occurrence(link: Link, result: Result) -> Result:
    """A page's missing anchors break only the links that point at them; unchecked ones only note it."""
    if not (result.unchecked_fragments or result.missing_fragments):
        return result
    frag = fragment(link.url)
    if result.unchecked_fragments and result.verdict != BROKEN:
        return replace(result, unchecked_fragments=(frag,) if frag in result.unchecked_fragments else ())
    if not result.missing_fragments:
        return result
    if frag in result.missing_fragments:
        return replace(result, message=f"missing anchor #{frag}" if not frag.startswith(":~:")
                       else "the linked text is not on the page")
    return replace(result, verdict=OK, message="", missing_fragments=(), kind="",
                   unchecked_fragments=(frag,) if frag in result.unchecked_fragments else ())


def _cache_key(target: Target) -> str:
    return target.url + ("#" + "&".join(sorted(target.fragments)) if target.fragments else "")
