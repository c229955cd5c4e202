"""Compare what briefpress's reader and pandoc's make of bibliography files (any .bib, e.g. real exports).

Usage: ``python bench/bib_vs_pandoc.py FILE.bib...`` (pandoc from pypandoc-binary, a ``bench`` extra).
For every entry, the fields both readers have (title, names, date, container, publisher, volume,
issue, pages, DOI, URL) are compared after normalising case, quotes, dashes and whitespace; each
disagreement is printed with both values, then the share of fields that agree. A disagreement is
a lead, not a verdict: pandoc drops LaTeX it does not know (``\\textendash``, ``\\dj``, journal
macros) and reads non-UTF-8 files as Latin-1, so read each one.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from briefpress.bib.model import plain  # noqa: E402
from briefpress.bib.read import read_bibliographies  # noqa: E402
from briefpress.source_files import _read_bibs  # noqa: E402

NUMBER_IS_ISSUE = {"article", "periodical"}


def norm(text) -> str:
    text = unicodedata.normalize("NFC", plain(str(text or "")))
    text = re.sub(r"[‘’‚′`]", "'", re.sub(r"[“”„«»″]", '"', text))
    text = re.sub(r"\s*[‐‑‒–—-]+\s*", "-", text).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip().casefold()


def ours(entry) -> dict:
    def people(role):
        return ", ".join(n.family for n in entry.role(role)) + (", others" if role in entry.et_al else "")
    container = entry.get("journaltitle") or entry.get("booktitle")
    publisher = entry.get("publisher") or (entry.get("institution") if entry.type in ("report", "thesis") else "")
    return {"title": entry.get("title"), "author": people("author"), "editor": people("editor"),
            "issued": entry.get("date").split("/")[0], "container": container, "publisher": publisher,
            "volume": entry.get("volume"),
            "issue": entry.get("number") if entry.type in NUMBER_IS_ISSUE else entry.get("issue"),
            "page": entry.get("pages"), "doi": entry.get("doi"), "url": entry.get("url")}


def theirs(item: dict) -> dict:
    def people(role):
        return ", ".join(p.get("family") or p.get("literal") or "" for p in item.get(role, []))
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    issued = "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts[0]))
    return {"title": item.get("title"), "author": people("author"), "editor": people("editor"), "issued": issued,
            "container": item.get("container-title"), "publisher": item.get("publisher"),
            "volume": item.get("volume"), "issue": item.get("issue"), "page": item.get("page"),
            "doi": item.get("DOI"), "url": item.get("URL")}


def pandoc(path: Path) -> tuple[dict, str]:
    import pypandoc
    done = subprocess.run([pypandoc.get_pandoc_path(), "--from", "biblatex", "--to", "csljson", str(path)],
                          capture_output=True, text=True)
    items = json.loads(done.stdout or "[]")
    return {item["id"]: item for item in items}, done.stderr.strip()


def compare(path: Path) -> tuple[int, int]:
    files = _read_bibs([path], path.parent)
    bib = read_bibliographies(files)
    them, messages = pandoc(path)
    print(f"== {path.name}: ours {len(bib.entries)} entries, pandoc {len(them)}"
          + (f"; pandoc says: {messages[:200]}" if messages else ""))
    for p in (*files[0].warnings, *bib.problems):
        print(f"   ours: {p}")
    agree = total = 0
    for key in sorted(set(bib.entries) | set(them)):
        if key not in bib.entries or key not in them:
            print(f"   {key}: only in {'pandoc' if key in them else 'ours'}")
            continue
        a, b = ours(bib.entries[key]), theirs(them[key])
        for name in a:
            if not (a[name] or b[name]):
                continue
            total += 1
            if norm(a[name]) == norm(b[name]):
                agree += 1
            else:
                print(f"   {key} {name}: ours {plain(str(a[name]))!r} | pandoc {plain(str(b[name] or ''))!r}")
    print(f"   {agree}/{total} fields agree")
    return agree, total


def main() -> None:
    agree = total = 0
    for name in sys.argv[1:]:
        a, t = compare(Path(name))
        agree, total = agree + a, total + t
    if total:
        print(f"all: {agree}/{total} fields agree ({100 * agree / total:.0f}%)")


if __name__ == "__main__":
    main()
