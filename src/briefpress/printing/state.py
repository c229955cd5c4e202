"""State: the layout an earlier build left in the output folder <-> values for the next build.

Where the last build's parts started (``Hints``) and its verified parts (``Written``, each a PDF and a
record) are kept in the output folder, read back before the layout and written after the PDF is
verified (:mod:`briefpress.pipeline`). Both only save time: what cannot be read is laid out again.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..output import write_all
from .model import Hints, written_from_json, written_to_json

HINTS = ".layout-hints.json"  # in the output folder: where the last build found the parts to start
PARTS = ".layout-parts"  # in the output folder: the last verified PDF's parts, <key>.pdf + <key>.json


def places(out_dir: Path, edition: str | None) -> tuple[Path, Path]:
    """Where the layout state is kept: a language edition has its own (``.layout-hints.sq.json``,
    ``.layout-parts.sq/``), so building the next edition does not throw the last one's away."""
    if edition is None:
        return out_dir / HINTS, out_dir / PARTS
    return out_dir / f".layout-hints.{edition}.json", out_dir / f"{PARTS}.{edition}"


def read_hints(path: Path) -> Hints | None:
    try:
        return Hints.from_json(json.loads(path.read_text()))
    except (OSError, ValueError):
        return None


def read_parts(folder: Path) -> dict:
    """The parts kept in ``folder``: part key -> Written (a part whose PDF does not match its record is left out)."""
    known = {}
    for record in sorted(folder.glob("*.json")) if folder.is_dir() else ():
        try:
            written = written_from_json(json.loads(record.read_text()), record.with_suffix(".pdf").read_bytes())
        except (OSError, ValueError):
            continue
        if written:
            known[record.stem] = written
    return known


def keep(hints_file: Path, hints: Hints | None, folder: Path, parts: dict | None, known: dict) -> None:
    """The hints (when new) and the verified PDF's parts into the output folder (the new parts written,
    the others removed); ``parts`` None: kept in memory by the caller, not here."""
    if hints:
        write_all({hints_file: json.dumps(hints.to_json(), sort_keys=True).encode()}, durable=False)
    if parts is None:
        return
    files = {}
    for key, written in parts.items():
        if key not in known:
            files[folder / f"{key}.pdf"] = written.pdf
            files[folder / f"{key}.json"] = json.dumps(written_to_json(written), sort_keys=True).encode()
    write_all(files, durable=False)  # a cache: no fsync (a part left short by a crash is not used, model.py)
    for old in folder.glob("*") if folder.is_dir() else ():
        if old.stem not in parts:
            old.unlink(missing_ok=True)
