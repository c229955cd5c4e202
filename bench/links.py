"""Link-checker benchmark: briefpress check-links beside lychee and LinkChecker, on loopback only.

1,000 URLs on 20 hosts (127.0.0.1 ... 127.0.0.20), each answer delayed 20 ms, per-host limit 4
for every tool; then the trouble cases of the test suite (flaky server, one-off 429, HEAD 405,
redirects, 404...), where we compare verdicts. Results go to build/bench-links.json.
Run with `make bench-links`. Nothing leaves this machine.
"""

from __future__ import annotations

import asyncio
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from aiohttp import web

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from linkserver import Server, closed_port as free_port  # noqa: E402

HOSTS = [f"127.0.0.{i}" for i in range(1, 21)]
PER_HOST = 4
LATENCY = 0.020
BIN = Path(sys.executable).parent

# path -> the verdict a careful checker should reach ("ok" or "fail")
TROUBLE = {"/ok": "ok", "/r301": "ok", "/r302": "ok", "/loop-a": "fail", "/404": "fail", "/410": "fail",
           "/head405": "ok", "/head403": "ok", "/429-once": "ok", "/500-once": "ok", "/500": "fail",
           "/page#present": "ok", "/page#missing": "fail"}


class BenchServer(Server):
    async def route(self, request, path):
        if path.startswith("/p/"):
            await asyncio.sleep(LATENCY)
            return web.Response(text="ok")
        return await super().route(request, path)


def project(urls: list[str], folder: Path) -> Path:
    (folder / "manuscript").mkdir(parents=True)
    (folder / "manuscript" / "metadata.yaml").write_text(
        "title: Bench\nauthors: [A]\npublisher: {name: P}\ndate: 2025\nlanguage: en\n")
    (folder / "manuscript" / "01-links.md").write_text("# Links\n\n" + "\n\n".join(f"<{u}>" for u in urls) + "\n")
    (folder / "pyproject.toml").write_text(f"[tool.briefpress.linkcheck]\nper_host = {PER_HOST}\nconcurrency = 80\n"
                                           "timeout = 5\nretries = 3\n")
    return folder


def run_briefpress(urls, work):
    folder = project(urls, work / "bp")
    start = time.perf_counter()
    subprocess.run([str(BIN / "briefpress"), "check-links", "--no-cache", "--json", str(work / "bp.json"),
                    str(folder)], capture_output=True)
    elapsed = time.perf_counter() - start
    data = json.loads((work / "bp.json").read_text())
    return elapsed, {l["url"]: "ok" if l["verdict"] in ("ok", "redirected") else "fail" for l in data["links"]}


def run_lychee(urls, work):
    listing = work / "urls.txt"
    listing.write_text("\n".join(urls) + "\n")
    start = time.perf_counter()
    out = subprocess.run([str(BIN / "lychee"), "--no-progress", "--format", "json", "--host-concurrency",
                          str(PER_HOST), "--max-concurrency", "80", "--timeout", "5", "--max-retries", "3",
                          "--include-fragments", str(listing)], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    data = json.loads(out.stdout[out.stdout.index("{"):])
    verdicts = {u: "ok" for u in urls}
    for items in data.get("error_map", {}).values():
        for item in items:
            verdicts[item["url"]] = "fail"
    return elapsed, verdicts


def run_linkchecker(urls, work):
    page = work / "links.html"
    page.write_text("<html><body>" + "".join(f'<a href="{u}">{i}</a>\n' for i, u in enumerate(urls)) + "</body></html>")
    rc = work / "linkcheckerrc"
    rc.write_text(f"[checking]\nthreads={PER_HOST * len(HOSTS)}\ntimeout=5\nmaxrequestspersecond=1000\n"
                  "[output]\nstatus=0\n[AnchorCheck]\n")
    for f in (work, work.parent):
        os.chmod(f, 0o755)
    for f in (page, rc):
        os.chmod(f, 0o644)
    start = time.perf_counter()
    out = subprocess.run([str(BIN / "linkchecker"), "--config", str(rc), "--check-extern", "--no-warnings", "--verbose",
                          "-o", "csv", "--no-status", str(page)], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    verdicts = {}
    rows = csv.DictReader((l for l in out.stdout.splitlines() if not l.startswith("#")), delimiter=";")
    for row in rows:
        verdicts[row["urlname"]] = "ok" if row["valid"] == "True" else "fail"
    return elapsed, verdicts


def main():
    port = free_port()
    server = BenchServer().start(HOSTS, port)
    urls = [f"http://{HOSTS[i % len(HOSTS)]}:{port}/p/{i}" for i in range(1000)]
    trouble = [f"http://127.0.0.1:{port}{p}" for p in TROUBLE]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)  # LinkChecker run as root drops to 'nobody', who must read its input
        for name, run in (("briefpress", run_briefpress), ("lychee", run_lychee), ("linkchecker", run_linkchecker)):
            work = Path(tmp) / name
            work.mkdir()
            elapsed, verdicts = run(urls, work)
            ok = sum(1 for u in urls if verdicts.get(u) == "ok")
            server.hits.clear()
            (work / "t").mkdir()
            _, tv = run(trouble, work / "t")
            right = sum(1 for u, want in zip(trouble, TROUBLE.values()) if tv.get(u) == want)
            wrong = [p for u, (p, want) in zip(trouble, TROUBLE.items()) if tv.get(u) != want]
            results[name] = {"seconds": round(elapsed, 3), "urls_per_second": round(len(urls) / elapsed, 1),
                             "ok_of_1000": ok, "trouble_right": right, "trouble_total": len(TROUBLE),
                             "trouble_wrong": wrong}
    server.stop()
    out = ROOT / "build" / "bench-links.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n")
    print(f"{'tool':<12} {'seconds':>8} {'URLs/s':>8} {'ok/1000':>8} {'trouble cases right':>20}")
    for name, r in results.items():
        print(f"{name:<12} {r['seconds']:>8.2f} {r['urls_per_second']:>8.1f} {r['ok_of_1000']:>8} "
              f"{r['trouble_right']:>12}/{r['trouble_total']}  {', '.join(r['trouble_wrong'])}")
    bp, ly, lc = results["briefpress"], results["lychee"], results["linkchecker"]
    print(f"briefpress vs LinkChecker: {bp['urls_per_second'] / lc['urls_per_second']:.1f}x; "
          f"vs lychee: {bp['urls_per_second'] / ly['urls_per_second']:.2f}x")


if __name__ == "__main__":
    main()
