"""Archive: broken URLs -> the nearest Wayback Machine snapshot of each, where one exists.

Asks the availability API (``archive_api``, by default
https://archive.org/wayback/available?url=…&timestamp=…) once per URL, with the same
politeness as the check (the API is one host: ``per_host`` at a time). The timestamp is
the date the reference says it was accessed (BibTeX ``urldate``) when there is one, so
the snapshot shows the page as the author saw it; otherwise the newest snapshot.
Returns url -> (snapshot URL, YYYY-MM-DD); a URL without a snapshot, or whose lookup
failed, is left out: a suggestion is a help, never a verdict.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode, urlsplit

from .failures import ClientError
from .schedule import Scheduler


async def suggest(checker, wanted: dict[str, str]) -> dict[str, tuple[str, str]]:
    """`wanted`: url -> access date (YYYY-MM-DD, or "")."""
    cfg = checker.config
    host = urlsplit(cfg.archive_api).netloc
    async with checker.session() as session:
        async def ask(url: str):
            query = {"url": url}
            stamp = re.sub(r"\D", "", wanted[url])[:8]
            if stamp:
                query["timestamp"] = stamp
            try:
                answer = await session.request("GET", f"{cfg.archive_api}?{urlencode(query)}", cfg.max_body,
                                               lambda status, _: status == 200)
                if answer.status != 200:
                    return None
                data = json.loads(answer.body)
            except (ClientError, TimeoutError, OSError, ValueError):
                return None
            return _closest(data)

        outcomes = await Scheduler(cfg.concurrency, cfg.per_host, ask, checker.sleep).run(
            [(host, url) for url in sorted(wanted)], cfg.total_time_limit)
    return {url: found for url, found in outcomes.items() if isinstance(found, tuple)}


def _closest(data) -> tuple[str, str] | None:
    try:
        snap = data["archived_snapshots"]["closest"]
    except (KeyError, TypeError):
        return None
    if not isinstance(snap, dict) or not snap.get("available") or not snap.get("url"):
        return None
    if str(snap.get("status", "200"))[:1] not in ("2", "3"):
        return None  # the archive kept an error page: no help
    ts = str(snap.get("timestamp", ""))
    return snap["url"], f"{ts[:4]}-{ts[4:6]}-{ts[6:8]}" if len(ts) >= 8 else ""
