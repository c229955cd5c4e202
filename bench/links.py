"""Link-checker benchmark: briefpress check-links beside lychee and LinkChecker, on loopback only.

1,000 URLs on 20 hosts (127.0.0.1 ... 127.0.0.20), each answer delayed 20 ms, per-host limit 4
for every tool: the physical limit is 20 x 4 / 0.02 s = 4,000 URLs/s. lychee runs twice: with
its default per-host interval (50 ms between requests to a host) and with it off
(`--host-request-interval 0ms`), its strongest setting at the same per-host limit, which is the
like-for-like comparison. Every tool gets the same URLs, timeout (5 s) and retries (3).
Wall-clock time runs from starting the tool's process to its exit (start-up included): briefpress
as its installed `briefpress` command, with its bytecode cached as an installed package has it,
its sources taken from this checkout (PYTHONPATH), its dependencies from the environment
(httptools; uvloop, which it runs on where installed, as `pip install -e .` brings it).
The server records, per run, the most requests in flight per host (the per-host limit kept or
not), the most hosts busy at once, the requests it received and the span from the first request
to the last answer (the network phase). Each tool first runs once unmeasured (warm caches); then
the tools take turns, REPEAT rounds (default 5), so a change in the machine's load hits them
alike; figures are min/median/max, with each run's load average (2 cores are shared: other work
depresses every figure, a Python checker's most). Then the trouble cases (flaky server, one-off
429, HEAD refused, redirects, 404, PDF fragments, ...) where verdicts and requests are compared,
and 10,000 URLs (REPEAT_BIG rounds, default 3) for briefpress and lychee with peak memory. Each run's
time outside the network phase is reported too (process start to the first request, last answer to
exit), beside what a Python process pays to import asyncio, uvloop and httptools: the start-up no
asyncio checker can go below.
TOOLS=briefpress,lychee runs only those (a tool's first word names all its settings); BP_SETTINGS adds lines to briefpress's
[tool.briefpress.linkcheck] (e.g. "concurrency = 16"). Results go to build/bench-links.json.
Run with `make bench-links`. Nothing leaves this machine.
"""

from __future__ import annotations

import asyncio
import csv
import json
import os
import statistics
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
CONCURRENCY = 128  # global limit for the tools that have one: briefpress's default
LIMIT = len(HOSTS) * PER_HOST / LATENCY  # URLs/s no polite checker can beat
REPEAT = int(os.environ.get("REPEAT", "5"))
REPEAT_BIG = int(os.environ.get("REPEAT_BIG", "3"))
LINKCHECKER_REPEAT = 2  # far from the others and slow: two runs tell enough
BIN = Path(sys.executable).parent
GNU_TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None  # see timed()

# path -> the verdict a careful checker should reach ("ok" or "fail")
TROUBLE = {"/ok": "ok", "/r301": "ok", "/r302": "ok", "/loop-a": "fail", "/404": "fail", "/410": "fail",
           "/head405": "ok", "/head403": "ok", "/head404": "ok", "/head500": "ok", "/429-once": "ok",
           "/500-once": "ok", "/500": "fail", "/moved-gone": "fail", "/page#present": "ok", "/page#missing": "fail",
           "/page#:~:text=did%20not%20violate": "ok", "/report.pdf#page=2": "ok",
           "/report.pdf#nameddest=intro": "ok", "/data.txt#top": "ok", "/to-page#present": "ok",
           "/to-page#missing": "fail"}
EXTRA_TROUBLE = {"refused": "fail", "tls": "fail"}  # URLs built at run time


class BenchServer(Server):
    def __init__(self):
        super().__init__()
        self.first = self.last = None

    async def route(self, request, path):
        if path.startswith("/p/"):
            self.first = self.first or time.perf_counter()
            await asyncio.sleep(LATENCY)
            self.last = time.perf_counter()
            return web.Response(text="ok")
        return await super().route(request, path)

    def reset(self):
        self.reset_counts()
        self.first = self.last = None


def project(urls: list[str], folder: Path) -> Path:
    (folder / "manuscript").mkdir(parents=True)
    (folder / "manuscript" / "metadata.yaml").write_text(
        "title: Bench\nauthors: [A]\npublisher: {name: P}\ndate: 2025\nlanguage: en\n")
    (folder / "manuscript" / "01-links.md").write_text("# Links\n\n" + "\n\n".join(f"<{u}>" for u in urls) + "\n")
    # Only what every tool is given; concurrency stays at briefpress's default.
    (folder / "pyproject.toml").write_text(f"[tool.briefpress.linkcheck]\nper_host = {PER_HOST}\n"
                                           "timeout = 5\nretries = 3\n" + os.environ.get("BP_SETTINGS", ""))
    return folder


def timed(cmd, **kw):
    """Run `cmd`; returns (seconds, peak RSS in MB, stdout)."""
    # A child forked from this process counts this process's memory as its own peak (Linux keeps
    # the pre-exec high-water mark), so GNU time, itself small, starts the tool and reports its peak.
    rss_file = Path(tempfile.mkstemp()[1])
    wrapped = [GNU_TIME, "-f", "%M", "-o", str(rss_file), *cmd] if GNU_TIME else cmd
    start = timed.started = time.perf_counter()
    proc = subprocess.Popen(wrapped, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, **kw)
    out = proc.stdout.read()
    _, _, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = 0
    timed.cpu = usage.ru_utime + usage.ru_stime  # the tool's own CPU time (GNU time's is negligible)
    rss = int(rss_file.read_text().split()[-1]) / 1024 if GNU_TIME else usage.ru_maxrss / 1024
    rss_file.unlink()
    return seconds, rss, out


def run_briefpress(urls, work):
    folder = project(urls, work / "bp")
    command = [str(BIN / "briefpress")] if (BIN / "briefpress").exists() else [sys.executable, "-m", "briefpress.cli"]
    # As installed: bytecode cached (an environment that forbids writing it would time compiling instead).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    seconds, rss, _ = timed(command + ["check-links", "--no-cache", "--json", str(work / "bp.json"), str(folder)],
                            env={**env, "PYTHONPATH": str(ROOT / "src")})
    data = json.loads((work / "bp.json").read_text())
    return seconds, rss, {l["url"]: "ok" if l["verdict"] in ("ok", "redirected") else "fail" for l in data["links"]}


def lychee(interval: str | None):
    def run(urls, work):
        listing = work / "urls.txt"
        listing.write_text("\n".join(urls) + "\n")
        cmd = [str(BIN / "lychee"), "--no-progress", "--format", "json", "--host-concurrency", str(PER_HOST),
               "--max-concurrency", str(CONCURRENCY), "--timeout", "5", "--max-retries", "3",
               "--include-fragments", str(listing)]
        if interval is not None:
            cmd[1:1] = ["--host-request-interval", interval]
        seconds, rss, out = timed(cmd)
        data = json.loads(out[out.index("{"):])
        verdicts = {u: "ok" for u in urls}
        for items in data.get("error_map", {}).values():
            for item in items:
                verdicts[item["url"]] = "fail"
        return seconds, rss, verdicts
    return run


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
    seconds, rss, out = timed([str(BIN / "linkchecker"), "--config", str(rc), "--check-extern", "--no-warnings",
                               "--verbose", "-o", "csv", "--no-status", str(page)])
    verdicts = {}
    for row in csv.DictReader((l for l in out.splitlines() if not l.startswith("#")), delimiter=";"):
        verdicts[row["urlname"]] = "ok" if row["valid"] == "True" else "fail"
    return seconds, rss, verdicts


TOOLS = {"briefpress": run_briefpress, "lychee (0ms interval)": lychee("0ms"),
         "lychee (default 50ms interval)": lychee(None), "linkchecker": run_linkchecker}


def speed_run(server, run, urls, work) -> dict:
    server.reset()
    load = os.getloadavg()[0]  # other work on the machine depresses every figure; say how much there was
    seconds, rss, verdicts = run(urls, work)
    span = (server.last - server.first) if server.first and server.last else seconds
    # Start-up (process start to the first request the server saw) and end (last answer to exit): the
    # time outside the network phase, where an interpreted checker pays for its start
    to_first = (server.first - timed.started) if server.first else 0.0
    after_last = (timed.started + seconds - server.last) if server.last else 0.0
    return {"seconds": round(seconds, 3), "urls_per_second": round(len(urls) / seconds, 1),
            "network_seconds": round(span, 3), "network_urls_per_second": round(len(urls) / span, 1),
            "fraction_of_limit": round(len(urls) / span / LIMIT, 3),
            "max_per_host": max(server.host_peak.values(), default=0), "max_busy_hosts": server.max_busy_hosts,
            "max_in_flight": server.max_in_flight, "requests": sum(server.hits.values()),
            "ok": sum(1 for u in urls if verdicts.get(u) == "ok"), "peak_rss_mb": round(rss, 1),
            "cpu_seconds": round(timed.cpu, 3), "load_average": round(load, 2),
            "to_first_request_seconds": round(to_first, 3), "after_last_answer_seconds": round(after_last, 3)}


def spread(runs: list[dict], key: str) -> dict:
    values = [r[key] for r in runs]
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def main():
    port = free_port()
    server = BenchServer().start(HOSTS, port)
    urls = [f"http://{HOSTS[i % len(HOSTS)]}:{port}/p/{i}" for i in range(1000)]
    big = [f"http://{HOSTS[i % len(HOSTS)]}:{port}/p/{i}" for i in range(10_000)]
    trouble = {f"http://127.0.0.1:{port}{p}": want for p, want in TROUBLE.items()}
    trouble[f"http://127.0.0.1:{free_port()}/refused"] = EXTRA_TROUBLE["refused"]
    trouble[f"https://127.0.0.1:{port}/ok"] = EXTRA_TROUBLE["tls"]
    only = os.environ.get("TOOLS", "").split(",") if os.environ.get("TOOLS") else list(TOOLS)
    # a name or its first word: TOOLS=briefpress,lychee runs briefpress and both lychee settings
    tools = {name: run for name, run in TOOLS.items() if name in only or name.split(" ")[0] in only}
    results = {"machine": {"cores": os.cpu_count(), "load_average_at_start": os.getloadavg()},
               "setup": {"urls": len(urls), "hosts": len(HOSTS), "per_host": PER_HOST, "latency_ms": LATENCY * 1000,
                         "physical_limit_urls_per_second": LIMIT, "repeat": REPEAT, "repeat_10000": REPEAT_BIG},
               "tools": {}}
    runs: dict[str, list] = {name: [] for name in tools}
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)  # LinkChecker run as root drops to 'nobody', who must read its input
        count = iter(range(1_000_000))

        def fresh() -> Path:
            work = Path(tmp) / str(next(count))
            work.mkdir()
            return work

        for name, run in tools.items():
            run(urls, fresh())  # warm-up, not counted: file caches, bytecode
        for i in range(REPEAT):
            for name, run in tools.items():  # in turns: the machine's load changes hit every tool alike
                if name != "linkchecker" or i < LINKCHECKER_REPEAT:
                    runs[name].append(speed_run(server, run, urls, fresh()))
        for name, run in tools.items():
            server.reset()
            _, _, verdicts = run(list(trouble), fresh())
            wrong = [u.split(str(port), 1)[-1] or u for u, want in trouble.items() if verdicts.get(u) != want]
            results["tools"][name] = {
                **summarize(runs[name]), "ok_of_1000": min(r["ok"] for r in runs[name]),
                "trouble_right": len(trouble) - len(wrong), "trouble_total": len(trouble), "trouble_wrong": wrong,
                "trouble_requests": sum(server.hits.values())}
        many = {name: run for name, run in tools.items() if name in ("briefpress", "lychee (0ms interval)")}
        big_runs: dict[str, list] = {name: [] for name in many}
        for i in range(REPEAT_BIG if many else 0):
            for name, run in many.items():
                big_runs[name].append(speed_run(server, run, big, fresh()))
        results["urls_10000"] = {name: {**summarize(r), "ok_of_10000": min(x["ok"] for x in r)}
                                 for name, r in big_runs.items() if r}
    server.stop()
    results["python_floor_ms"] = round(python_floor(), 1)
    out = ROOT / "build" / "bench-links.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n")
    report(results)


def summarize(runs: list[dict]) -> dict:
    return {"runs": runs, **{k: spread(runs, k) for k in ("seconds", "urls_per_second", "network_urls_per_second",
                                                          "fraction_of_limit", "cpu_seconds", "peak_rss_mb",
                                                          "load_average", "to_first_request_seconds",
                                                          "after_last_answer_seconds")},
            "max_per_host": max(r["max_per_host"] for r in runs), "requests": spread(runs, "requests")}


def report(results):
    loads = [r["load_average"] for t in results["tools"].values() for r in t["runs"]]
    print(f"{LIMIT:.0f} URLs/s is the physical limit; load average {min(loads, default=0):.2f}-{max(loads, default=0):.2f} "
          f"during the runs on {results['machine']['cores']} cores; medians of {results['setup']['repeat']} runs in turns")
    print(f"{'tool':<31} {'URLs/s wall (min/med/max)':>27} {'network':>8} {'of limit':>9} {'per host':>9} "
          f"{'requests':>9} {'CPU s':>6} {'RSS MB':>7} {'trouble':>8} {'trouble req':>11}")
    for name, r in results["tools"].items():
        line(name, r)
        print(f"{'':>108}{r['trouble_right']:>4}/{r['trouble_total']} {r['trouble_requests']:>11}  "
              f"{', '.join(r['trouble_wrong'])}")
    for name, r in results.get("urls_10000", {}).items():
        line(f"{name}, 10,000", r)
    for name, r in results["tools"].items():
        print(f"{name:<31} start-up to the first request {r['to_first_request_seconds']['median'] * 1000:4.0f} ms, "
              f"last answer to exit {r['after_last_answer_seconds']['median'] * 1000:4.0f} ms (medians, 1,000 URLs)")
    print(f"{'':<31} a Python process importing asyncio, uvloop and httptools: {results['python_floor_ms']:.0f} ms")


def python_floor() -> float:
    """What any checker written with asyncio pays before its first request (ms, best of 5)."""
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import asyncio, httptools\ntry:\n import uvloop\nexcept ImportError:\n pass"],
                       check=True)
        best = min(best, time.perf_counter() - start)
    return best * 1000


def line(name, r):
    w, n = r["urls_per_second"], r["network_urls_per_second"]
    print(f"{name:<31} {w['min']:>8.0f} {w['median']:>8.0f} {w['max']:>8.0f}  {n['median']:>8.0f} "
          f"{r['fraction_of_limit']['median']:>9.0%} {r['max_per_host']:>9} {r['requests']['median']:>9.0f} "
          f"{r['cpu_seconds']['median']:>6.2f} {r['peak_rss_mb']['max']:>7.0f}")


if __name__ == "__main__":
    main()
