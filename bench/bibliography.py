"""`make bench` (part): read and format a generated 5,000-entry bibliography; time and peak memory.

Generates a BibTeX file of varied types (journal / magazine / newspaper articles, books with
editors and translators, chapters with crossref, theses, reports, online, misc with arXiv, ...),
LaTeX accents, math, \\emph, case-protecting braces, @string macros, reference-manager style
(journal + year + month) and biblatex style, names in several languages and 'and others', and what
reference managers add (abstracts, keywords, langid, file paths, ids).
Each run is a fresh process (no cache), without the cycle collector as a build runs: read as a build reads (the file's bytes decoded and normalised
by ``project``, then ``read_bibliographies``: parse, crossref, checks), then a full note and a
bibliography entry per entry (``chicago``). Reports median / min / max seconds of RUNS runs (wall
time, and CPU time of the process, which a busy machine disturbs less) and the peak RSS of the process (``ru_maxrss``, which includes the interpreter and its imports).
Writes build/bench-bib.json. The target (issue #10): read + format <= 1 s, <= 200 MB.
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5
ENTRIES = 5000

FAMILIES = [r"Hoxha", r"Krasniqi", r"Jovanovi{\'c}", r"{\DJ}or{\dj}evi{\'c}", r"Aks{\i}n", r"{\"O}zt{\"u}rk",
            r"M{\"u}ller", r"Wei{\ss}", r"Lef{\`e}vre", r"{\c{C}}eku", r"Петровић", r"Пешић", r"Dubois",
            r"\v{S}ari\'c", r"Y{\i}ld{\i}z", r"Gashi", r"Berisha", r"Nilsson", r"Weber", r"Kova\v{c}"]
GIVEN = [r"Ilirjana", r"Arb{\"e}r", r"Dragana", r"Milo\v{s}", r"Ay{\c{s}}e", r"Mehmet", r"J{\"u}rgen",
         r"H{\'e}l{\`e}ne", r"Jean-Fran{\c c}ois", r"Јован", r"Весна", r"Lena", r"Erik", r"Blerina"]
WORDS = ["security", "doctrine", "neutrality", "border", "dialogue", "energy", "memory", "reform",
         "{NATO}", "{Kosovo}", "{Serbia}", "\\emph{de facto}", "$\\mathcal{O}(n)$", "policy", "resilience",
         "\\mkbibquote{hybrid}", "cooperation", "recognition", "2015--2020", "{EU}", "sovereignty"]
MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


def _names(rng: random.Random) -> str:
    n = rng.choice([1, 1, 2, 2, 3, 4, 8])
    names = [f"{rng.choice(FAMILIES)}, {rng.choice(GIVEN)}" for _ in range(n)]
    if rng.random() < 0.05:
        names.append("others")
    if rng.random() < 0.08:
        names = ["{{Kosovar Centre for Security Studies}}"]
    return " and ".join(names)


def _title(rng: random.Random) -> str:
    words = " ".join(rng.sample(WORDS, rng.randint(3, 8)))
    return words[:1].upper() + words[1:] + (": A Study" if rng.random() < 0.3 else "")


SENTENCES = ["We study {NATO}'s role in the Western Balkans since 1999.", "Trust fell by 12\\% between 2015 and 2020.",
             "The dialogue (2011--2023) produced 33 agreements, few of them implemented.",
             "Interviews with officials in Prishtina and Belgrade show \\emph{de facto} limits.",
             "Data come from the Balkan Barometer; see the appendix for methods.",
             "Energy dependence on Russia shapes Serbia's neutrality.", "Our findings suggest three reforms."]


def _extras(rng: random.Random, i: int) -> str:
    """What reference managers add to an entry: abstract, keywords, language, file, ids (Zotero, Mendeley)."""
    out = ""
    if rng.random() < 0.3:
        out += ", abstract = {" + " ".join(rng.choices(SENTENCES, k=rng.randint(3, 9))) + "}"
    if rng.random() < 0.4:
        out += ", keywords = {" + ", ".join(rng.sample(["security", "Kosovo", "Serbia", "EU", "NATO", "trust"], 3)) + "}"
    if rng.random() < 0.3:
        out += ", langid = {" + rng.choice(["english", "english", "albanian", "serbian", "german"]) + "}"
    if rng.random() < 0.15:
        out += f", file = {{/home/user/Zotero/storage/K{i:05d}/Paper {i}.pdf}}"
    if rng.random() < 0.03:
        out += f", ids = {{old{i}}}"
    return out


def generate(n: int = ENTRIES, seed: int = 10) -> str:
    rng = random.Random(seed)
    out = ['@string{kcss = "Kosovar Centre for Security Studies"}\n', '@string{jbs = {Journal of Balkan Studies}}\n',
           "@collection{handbook, editor = {Krasniqi, Arb{\\\"e}r}, title = {The Handbook of Balkan Security},"
           " publisher = {Routledge}, location = {London}, date = {2019}}\n",
           "@proceedings{proc, editor = {Hoxha, Ilirjana}, title = {Proceedings of the Balkan Security Conference},"
           " publisher = kcss, year = {2022}}\n"]
    for i in range(n):
        kind = rng.choice(["zotero", "article", "news", "book", "incollection", "inproc", "thesis", "report",
                           "online", "misc"])
        who = _names(rng)
        title = _title(rng)
        year = rng.randint(1990, 2025)
        if kind == "zotero":
            out.append(f"@article{{e{i},\n  author = {{{who}}},\n  title = {{{title}}},\n  journal = "
                       f"{rng.choice(['jbs', '{Journal of Balkan Studies}', '{Security Dialogue}'])},\n  year = {{{year}}},\n  month = {rng.choice(MONTHS)},\n  volume = "
                       f"{{{rng.randint(1, 60)}}},\n  number = {{{rng.randint(1, 4)}}},\n  pages = {{{rng.randint(1, 99)}--"
                       f"{rng.randint(100, 300)}}},\n  doi = {{10.5555/jbs.{i}}},\n}}\n")
        elif kind == "article":
            out.append(f"@article{{e{i}, author = {{{who}}}, title = {{{title}}}, journaltitle = {{Security "
                       f"Dialogues}}, date = {{{year}-{rng.randint(1, 12):02d}}}, volume = {{{rng.randint(1, 30)}}}, "
                       f"pages = {{{rng.randint(1, 50)}--{rng.randint(51, 90)}}}}}\n")
        elif kind == "news":
            out.append(f"@article{{e{i}, author = {{{who}}}, title = {{{title}}}, journaltitle = {{Koha Ditore}}, "
                       f"entrysubtype = {{newspaper}}, date = {{{year}-03-{rng.randint(1, 28):02d}}}, "
                       f"url = {{https://example.com/news/{i}}}}}\n")
        elif kind == "book":
            out.append(f"@book{{e{i}, author = {{{who}}}, editor = {{{rng.choice(FAMILIES)}, {rng.choice(GIVEN)}}}, "
                       f"translator = {{{rng.choice(FAMILIES)}, {rng.choice(GIVEN)}}}, title = {{{title}}}, "
                       f"edition = {{{rng.randint(2, 5)}}}, series = {{Balkan Studies}}, volume = {{{rng.randint(1, 9)}}}, "
                       f"publisher = {{Routledge}}, address = {{London}}, year = {{{year}}}}}\n")
        elif kind == "incollection" and rng.random() < 0.5:
            out.append(f"@incollection{{e{i}, author = {{{who}}}, title = {{{title}}}, crossref = {{handbook}}, "
                       f"pages = {{{rng.randint(1, 200)}--{rng.randint(201, 400)}}}}}\n")
        elif kind == "incollection":
            out.append(f"@incollection{{e{i}, author = {{{who}}}, title = {{{title}}}, booktitle = {{The Handbook "
                       f"of Balkan Security}}, editor = {{Krasniqi, Arb{{\\\"e}}r}}, publisher = {{Routledge}}, "
                       f"year = {{{year}}}, pages = {{{rng.randint(1, 200)}--{rng.randint(201, 400)}}}}}\n")
        elif kind == "inproc":
            out.append(f"@inproceedings{{e{i}, author = {{{who}}}, title = {{{title}}}, crossref = {{proc}}, "
                       f"pages = {{{rng.randint(1, 99)}--{rng.randint(100, 200)}}}}}\n")
        elif kind == "thesis":
            out.append(f"@phdthesis{{e{i}, author = {{{who}}}, title = {{{title}}}, school = {{University of "
                       f"Prishtina}}, year = {{{year}}}}}\n")
        elif kind == "report":
            out.append(f"@techreport{{e{i}, author = {{{who}}}, title = {{{title}}}, institution = kcss, "
                       f"type = {{Working Paper}}, number = {{{i}}}, year = {{{year}}}, month = {{{rng.randint(1, 12)}}}}}\n")
        elif kind == "online":
            out.append(f"@online{{e{i}, author = {{{who}}}, title = {{{title}}}, organization = {{Balkan Insight}}, "
                       f"date = {{{year}}}, url = {{https://example.org/p/{i}?a=1&b=2}}, urldate = {{2024-05-01}}}}\n")
        else:
            out.append(f"@misc{{e{i}, author = {{{who}}}, title = {{{title}}}, eprint = {{2101.{i:05d}}}, "
                       f"archivePrefix = {{arXiv}}, primaryClass = {{cs.CY}}, year = {{{year}}}}}\n")
        body = out.pop().rstrip()[:-1].rstrip()  # the entry without its closing brace
        out.append(body.rstrip(",") + _extras(rng, i) + (",\n}\n" if body.endswith(",") else "}\n"))
    return "\n".join(out)


CHILD = r"""
import gc, json, resource, sys, time
from pathlib import Path
gc.disable()  # as `briefpress build` reads and formats (cli._without_cycle_collector): a full collection
t0 = time.perf_counter()  # more or less, as the heap crossed a threshold, moved the figure by ~0.1 s
from briefpress.bib.read import read_bibliographies
from briefpress.source_files import _read_bibs
from briefpress import chicago
t_import = time.perf_counter()
path = Path(sys.argv[1])
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
c0 = cpu()
bib = read_bibliographies(_read_bibs([path], path.parent))  # as a build reads it: bytes, text, entries
t_read = time.perf_counter()
c_read = cpu()
out = [chicago.full_note(e) + chicago.bibliography_entry(e) for e in bib.entries.values()]
t_format = time.perf_counter()
c1 = cpu()
print(json.dumps({"cpu": c1 - c0, "read_cpu": c_read - c0, "entries": len(bib.entries), "problems": len(bib.problems), "import": t_import - t0,
                  "read": t_read - t_import, "format": t_format - t_read,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    # --src DIR: time another checkout's sources (e.g. main's) on the same file, for before/after figures
    src = Path(sys.argv[sys.argv.index("--src") + 1]) if "--src" in sys.argv else ROOT / "src"
    with tempfile.TemporaryDirectory() as tmp:
        bib = Path(tmp) / "generated.bib"
        bib.write_text(generate(), encoding="utf-8")
        runs = []
        for _ in range(RUNS + 1):  # the first run warms the disk cache and .pyc files
            done = subprocess.run([sys.executable, "-c", CHILD, str(bib)], capture_output=True, text=True,
                                  check=True, env={"PYTHONPATH": str(src), "PATH": ""})
            runs.append(json.loads(done.stdout))
        runs = runs[1:]

    def stat(key):
        values = [r[key] for r in runs]
        return {"median": round(statistics.median(values), 3), "min": round(min(values), 3),
                "max": round(max(values), 3)}
    total = [r["read"] + r["format"] for r in runs]
    result = {"entries": runs[0]["entries"], "problems": runs[0]["problems"], "runs": RUNS,
              "read_s": stat("read"), "format_s": stat("format"),
              "read_and_format_s": {"median": round(statistics.median(total), 3), "min": round(min(total), 3),
                                    "max": round(max(total), 3)},
              "read_cpu_s": stat("read_cpu"), "read_and_format_cpu_s": stat("cpu"), "import_s": stat("import"), "peak_rss_mb": stat("peak_rss_mb"),
              "target": {"read_and_format_s": 1.0, "peak_rss_mb": 200}}
    if "--src" in sys.argv:
        result["src"] = str(src)
        print(json.dumps(result, indent=1))
        return
    out = ROOT / "build" / "bench-bib.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
