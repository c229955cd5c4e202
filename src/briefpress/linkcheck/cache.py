"""Cache: URL -> the last good result, with the time it was verified.

Only ok and redirected results are kept; failures are never cached, so a broken
link is checked again on every run. CI can persist the file between runs.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path

from .check import OK, REDIRECTED, Result

VERSION = 1


def load(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("entries", {}) if data.get("version") == VERSION else {}


def fresh(entries: dict, url: str, now: float, max_age: float) -> Result | None:
    entry = entries.get(url)
    if not entry or now - entry.get("checked_at", 0) > max_age:
        return None
    fields = {k: v for k, v in entry.items() if k in Result.__dataclass_fields__}
    fields["missing_fragments"] = tuple(fields.get("missing_fragments", ()))
    return Result(**{**fields, "cached": True})


def save(path: Path, entries: dict, results: dict[str, Result], now: float) -> None:
    kept = dict(entries)
    for url, result in results.items():
        if result.cached:
            continue
        if result.verdict in (OK, REDIRECTED):
            kept[url] = {**asdict(result), "checked_at": now, "cached": False}
        else:
            kept.pop(url, None)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".linkcheck-", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"version": VERSION, "entries": dict(sorted(kept.items()))}, f, indent=1)
    os.replace(tmp, path)
