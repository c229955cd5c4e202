"""Cache: URL -> the last good result, with the time it was verified; URL -> transient failure streak.

Only ok and redirected results are kept as results; failures are never served from
the cache, so a broken link is checked again on every run. For transient failures
(5xx, timeouts, 429) the cache counts the runs in a row that failed, so a flaky
server is reported as broken only after ``transient_failures_before_broken`` runs.
CI can persist the file between runs.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .check import OK, REDIRECTED, Result
from .errors import OFFLINE, TRANSIENT

VERSION = 1
FIELDS = tuple(Result.__dataclass_fields__)


def load(path: Path) -> dict:
    """The whole cache: {"entries": {...}, "transient": {url: runs in a row}}."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"entries": {}, "transient": {}}
    if data.get("version") != VERSION:
        return {"entries": {}, "transient": {}}
    return {"entries": data.get("entries", {}), "transient": data.get("transient", {})}


def fresh(cache: dict, url: str, now: float, max_age: float) -> Result | None:
    entry = cache["entries"].get(url)
    if not entry or now - entry.get("checked_at", 0) > max_age:
        return None
    fields = {k: v for k, v in entry.items() if k in Result.__dataclass_fields__}
    for name in ("missing_fragments", "unchecked_fragments"):
        fields[name] = tuple(fields.get(name, ()))
    fields["chain"] = tuple(tuple(hop) for hop in fields.get("chain", ()))
    return Result(**{**fields, "cached": True})


def streak(cache: dict, url: str) -> int:
    """How many runs in a row before this one had a transient failure at `url`."""
    return int(cache["transient"].get(url, 0))


def save(path: Path, cache: dict, results: dict[str, Result], now: float) -> None:
    kept, streaks = dict(cache["entries"]), dict(cache["transient"])
    for url, result in results.items():
        if result.cached or result.kind == OFFLINE:
            continue  # an offline run learnt nothing: keep what earlier runs knew
        if result.verdict in (OK, REDIRECTED):
            # Shallow: asdict copies every nested tuple, and took half of a 1,000-URL save.
            kept[url] = {**{f: getattr(result, f) for f in FIELDS}, "checked_at": now, "cached": False}
        else:
            kept.pop(url, None)
        if result.kind == TRANSIENT and result.verdict not in (OK, REDIRECTED):
            streaks[url] = result.transient_runs
        else:
            streaks.pop(url, None)
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # only when there is something to write

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".linkcheck-", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(_lines(VERSION, kept, streaks))
    os.replace(tmp, path)


def _lines(version: int, entries: dict, streaks: dict) -> str:
    """One URL per line, in URL order: readable and diffable, and written by json's C encoder
    (indent= makes json use its Python one, which took the other half of a 1,000-URL save)."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    rows = ",\n".join(f"{encode(url)}: {encode(entry)}" for url, entry in sorted(entries.items()))
    return (f'{{"version": {version},\n"entries": {{\n{rows}\n}},\n'
            f'"transient": {encode(dict(sorted(streaks.items())))}}}\n')
