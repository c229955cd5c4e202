"""Measure the bibliography reader, the Chicago formatter and lint on a folder of real .bib files.

Not part of `make bench` and holds no bibliography: point it at .bib files written by others (theses,
exports of Zotero, JabRef, Mendeley, EndNote, Web of Science, Scopus, DBLP, ADS, doi.org, hand-kept
files) kept outside the repository. For each file: the entries read, crashes (tracebacks, which must
be none), errors and warnings by code, every entry's full note, short note and bibliography entry
scanned for oddities (leftover LaTeX, raw markup or type names, doubled punctuation, "n.d." beside a
year, broken URLs, capitals, lost names, quotes turned the wrong way), and `briefpress lint` on a
one-chapter paper citing every key. Prints a line per file (and examples); --json writes the counts.

usage: python bench/bib_measure.py DIR [--samples N] [--show] [--only PART] [--json OUT] [--nolint]
"""
import html
import json
import re
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from pathlib import Path

from briefpress import chicago
from briefpress.bib.read import read_bibliographies
from briefpress.source_files import _read_bibs
from briefpress.citations import KEY

KEY_FULL = re.compile(rf"^{KEY}$")
MATH = re.compile(r'<span class="math inline">.*?</span>', re.S)
TAGS = re.compile(r"<[^>]+>")
RAW_TYPES = re.compile(r"\b(techreport|phdthesis|mastersthesis|inproceedings|incollection|inbook|"
                       r"Journal Article|Book Section|Conference Paper|Conference Proceedings|Proceedings Paper|"
                       r"Electronic Article|Edited Book|Thesis\b(?= \()|"
                       r"resreport|mathesis|Article; Proceedings Paper|Article; Early Access)\b")
ALLCAPS = re.compile(r"\b[A-Z][A-Z&\-]{3,}(?:\s+(?:&\s+)?[A-Z][A-Z&\-]{2,}){2,}\b")


ABBR = {"ed", "al", "eds", "inc", "jr", "co", "no", "vol", "vols", "pp", "trans", "st", "ltd", "dr", "ms", "d", "diss", "rev", "comp", "corp", "bros", "univ", "dept", "repr", "ser", "suppl", "jan", "feb", "mar", "apr", "aug", "sept", "oct", "nov", "dec", "etc", "mr", "mrs", "esq", "ph", "j", "u.s", "e.g", "i.e", "chap", "fig", "sr", "mass", "calif", "conn"}


def bad_dot_comma(t):
    for m in re.finditer(r"(\S*)\.\s*,(?!\d)", t):
        word = m.group(1).split("(")[-1]
        if re.fullmatch(r"[A-ZÀ-ÞА-Я]|[A-Z]\.[A-Z]|[A-Z]\.-[A-Z]|[A-Za-z]{1,3}", word) or word.lower() in ABBR or word.endswith(".."):
            continue
        return True
    return False


def plain_of(h):
    return html.unescape(TAGS.sub("", MATH.sub(" MATH ", h)))


def oddities(entry, outputs):
    found = []
    for form, h in outputs.items():
        if 'href="' in h:
            for url in re.findall(r'href="([^"]*)"', h):
                if " " in url or "\\" in url or "{" in url or "}" in url:
                    found.append(("url-broken", form, url))
        t = plain_of(h)
        if "\\" in t:
            found.append(("latex-backslash", form, t))
        if "{" in t or "}" in t:
            found.append(("latex-brace", form, t))
        if "$" in t:
            found.append(("dollar", form, t))
        m = RAW_TYPES.search(t)
        if m:
            found.append(("raw-type", form, m.group(0) + " | " + t))
        if re.search(r",\s*,|(?<![.…])\.\s*\.(?!\s*\.)|;\s*;|,\s*\.(?!\d)|:\s*[.,]|\(\s*\)|\[\s*\]", t) or bad_dot_comma(t):
            found.append(("punct", form, t))
        if ("n.d." in t) and (entry.get("date") or entry.get("year")):
            found.append(("nd-with-date", form, t))
        if re.search(r"\band others\b|\bothers\.", t):
            found.append(("and-others", form, t))
        if re.search(r"<[a-zA-Z]+:[a-zA-Z]|&(?:amp|lt|gt|quot|#\d+);", t):
            found.append(("raw-markup", form, t))
        if re.search(r"\w‘(?:\s|$|[.,;:])", t):
            found.append(("wrong-quote", form, t))
        m = ALLCAPS.search(t)
        if m:
            found.append(("all-caps", form, m.group(0) + " | " + t))
        if re.search(r"\s[,.;:]", t.replace(" . . .", "")):
            found.append(("space-before-punct", form, t))
        if form == "bib":
            year = re.match(r"\d{4}", entry.get("date") or "")
            if year and year.group(0) not in t:
                found.append(("year-lost", form, t))
            t = t.replace('’', "'")
            for n in entry.authors[:3]:
                if n.family and n.family not in t and not entry.et_al:
                    found.append(("name-lost", form, n.family + " | " + t))
    return found


def measure(path: Path, samples: int, do_lint: bool):
    rec = {"file": path.name, "entries": 0, "crash": [], "errors": Counter(), "warnings": Counter(),
           "odd": Counter(), "odd_examples": defaultdict(list), "samples": []}
    t0 = time.perf_counter()
    try:
        files = _read_bibs([path], path.parent)
        bib = read_bibliographies(files)
    except Exception:
        rec["crash"].append(("read", traceback.format_exc()))
        return rec
    rec["read_s"] = time.perf_counter() - t0
    probs = list(files[0].warnings) + list(bib.problems)
    for p in probs:
        (rec["errors"] if p.severity == "error" else rec["warnings"])[p.code] += 1
    rec["error_msgs"] = [f"{p.location.line}: {p.code}: {p.message}" for p in probs if p.severity == "error"][:15]
    rec["warn_msgs"] = defaultdict(list)
    for p in probs:
        if p.severity != "error" and len(rec["warn_msgs"][p.code]) < 4:
            rec["warn_msgs"][p.code].append(f"{p.location.line}: {p.message}")
    rec["entries"] = len(bib.entries)
    t0 = time.perf_counter()
    for i, (key, entry) in enumerate(bib.entries.items()):
        try:
            outs = {"full": chicago.full_note(entry), "short": chicago.short_note(entry),
                    "bib": chicago.bibliography_entry(entry)}
        except Exception:
            rec["crash"].append((key, traceback.format_exc()))
            continue
        for kind, form, ex in oddities(entry, outs):
            rec["odd"][kind] += 1
            if len(rec["odd_examples"][kind]) < 6:
                rec["odd_examples"][kind].append(f"[{key} {form}] {ex[:300]}")
        if samples and i % max(1, len(bib.entries) // samples) == 0 and len(rec["samples"]) < samples:
            rec["samples"].append((key, entry.source_type, plain_of(outs["full"]), plain_of(outs["bib"])))
    rec["format_s"] = time.perf_counter() - t0
    if do_lint:
        from briefpress.lint import lint_path
        d = Path(tempfile.mkdtemp(prefix="rb-lint-"))
        try:
            shutil.copy(path, d / "refs.bib")
            keys = list(bib.entries)
            cited = [k for k in keys if KEY_FULL.match(k)]
            other = [k for k in keys if not KEY_FULL.match(k)]
            body = "\n\n".join(f"Sentence {i} cites a source.[^n{i}]\n\n[^n{i}]: See [@{k}]." for i, k in enumerate(cited))
            nocite = "" if not other else "nocite: '" + ", ".join("@" + k for k in other if "'" not in k) + "'\n"
            (d / "paper.md").write_text(f"---\ntitle: Measure\nbibliography: refs.bib\n{nocite}---\n\n# One\n\n{body}\n")
            rec["uncitable_keys"] = len(other)
            t0 = time.perf_counter()
            diags = lint_path(d / "paper.md")
            rec["lint_s"] = time.perf_counter() - t0
            rec["lint"] = Counter(f"{x.severity}:{x.code}" for x in diags)
            rec["lint_examples"] = defaultdict(list)
            for x in diags:
                k = f"{x.severity}:{x.code}"
                if len(rec["lint_examples"][k]) < 3:
                    rec["lint_examples"][k].append(f"{x.location.line if x.location else ''}: {x.message[:200]}")
        except Exception:
            rec["crash"].append(("lint", traceback.format_exc()))
        finally:
            shutil.rmtree(d)
    return rec


def main():
    args = sys.argv[1:]
    folder = Path(args[0])
    samples = int(args[args.index("--samples") + 1]) if "--samples" in args else 3
    out = args[args.index("--json") + 1] if "--json" in args else None
    only = args[args.index("--only") + 1] if "--only" in args else ""
    recs = []
    for p in sorted(folder.glob("*.bib")):
        if only and only not in p.name:
            continue
        r = measure(p, samples, "--nolint" not in args)
        recs.append(r)
        print(f"== {p.name}: {r['entries']} entries, crash {len(r['crash'])}, errors {dict(r['errors'])}, "
              f"warnings {dict(r['warnings'])}, odd {dict(r['odd'])}, lint {dict(r.get('lint', {}))} "
              f"read {r.get('read_s', 0):.2f}s fmt {r.get('format_s', 0):.2f}s lint {r.get('lint_s', 0):.1f}s")
        for c in r["crash"]:
            print("   CRASH", c[0], c[1][-800:])
        for m in r.get("error_msgs", []):
            print("   ERR", m)
        for code, ms in r.get("warn_msgs", {}).items():
            for m in ms[:2]:
                print("   WARN", code, m[:200])
        for kind, exs in r["odd_examples"].items():
            for e in exs[:3]:
                print("   ODD", kind, e)
        for k, ms in r.get("lint_examples", {}).items():
            if k.startswith("error") or "bib." not in k:
                for m in ms[:2]:
                    print("   LINT", k, m)
        if "--show" in args:
            for s in r["samples"]:
                print("   SAMPLE", s[0], s[1], "\n      N:", s[2], "\n      B:", s[3])
    tot = Counter()
    for r in recs:
        tot["files"] += 1
        tot["entries"] += r["entries"]
        tot["crash"] += len(r["crash"])
        tot["errors"] += sum(r["errors"].values())
        tot["warnings"] += sum(r["warnings"].values())
        tot["odd"] += sum(r["odd"].values())
    print("TOTAL", dict(tot))
    if out:
        Path(out).write_text(json.dumps([{k: v for k, v in r.items() if k != "samples"} for r in recs],
                                        indent=1, default=str))


if __name__ == "__main__":
    main()
