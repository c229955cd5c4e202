"""The link checker against an HTTP server of our own on 127.0.0.1: no test touches the internet."""
import asyncio
import json
import shutil
import ssl
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from briefpress.linkcheck import report as fmt
from briefpress.linkcheck.check import Checker, Target
from briefpress.linkcheck.config import LinkcheckConfig, load_config
from briefpress.linkcheck.run import check_links
from linkserver import LoopbackResolver, Server, closed_port


@pytest.fixture(scope="module", autouse=True, params=["asyncio", "uvloop"])
def event_loop_kind(request):
    """Every check here runs on asyncio's own loop and on uvloop, which the command uses where it is
    installed: the verdicts must not depend on the loop. (A server per loop: it counts requests.)"""
    if request.param == "uvloop":
        uvloop = pytest.importorskip("uvloop")
        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    try:
        yield request.param
    finally:
        asyncio.set_event_loop_policy(None)


@pytest.fixture(scope="module")
def server(event_loop_kind):
    s = Server().start()
    yield s
    s.stop()


class FakeTime:
    """Sleeps return at once but move the clock, so backoff is exercised in no time."""

    def __init__(self):
        self.now, self.sleeps = 0.0, []

    async def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)

    def clock(self):
        return self.now


def check(server, *paths_or_urls, fragments=(), **settings):
    config = LinkcheckConfig(**{"timeout": 0.3, "retries": 3, "doi_api": server.url("/doi/"), **settings})
    fake = FakeTime()
    checker = Checker(config, sleep=fake.sleep, clock=fake.clock, random=lambda: 0.5, resolver=LoopbackResolver())
    targets = [Target(u if "://" in u else server.url(u), frozenset(fragments)) for u in paths_or_urls]
    results = asyncio.run(checker.check_all(targets))
    return [results[t.url] for t in targets], fake


@pytest.mark.parametrize("path, verdict, status", [
    ("/ok", "ok", 200), ("/r302", "ok", 200), ("/404", "broken", 404), ("/410", "broken", 410),
    ("/head405", "ok", 200), ("/head403", "ok", 200), ("/403", "uncertain", 403), ("/401", "uncertain", 401),
])
def test_status_verdicts(server, path, verdict, status):
    (r,), _ = check(server, path)
    assert (r.verdict, r.status) == (verdict, status), r


def test_permanent_redirect_chain_says_where_to(server):
    (r,), _ = check(server, "/r301")
    assert r.verdict == "redirected" and r.final_url == server.url("/ok")
    assert r.message == f"moved permanently (301, 308) to {server.url('/ok')}"
    assert r.chain == ((server.url("/r301"), 301), (server.url("/r308"), 308), (server.url("/ok"), 200))


def test_redirect_loop(server):
    (r,), _ = check(server, "/loop-a")
    assert r.verdict == "broken" and "redirect loop" in r.message


def test_429_once_honours_retry_after(server):
    (r,), fake = check(server, "/429-once")
    assert r.verdict == "ok" and r.attempts == 2 and fake.sleeps == [2.0]


def test_429_always_is_uncertain_with_retry_after_capped(server):
    (r,), fake = check(server, "/429-always", retry_after_cap=60.0, url_time_limit=1000)
    assert r.verdict == "uncertain" and r.status == 429 and r.attempts == 4
    assert fake.sleeps == [60.0, 60.0, 60.0]


def test_500_once_then_ok_and_500_always_broken_with_backoff(server):
    (once, always), fake = check(server, "/500-once", "/500")
    assert once.verdict == "ok"
    assert always.verdict == "broken" and always.attempts == 4 and "HTTP 500 Internal Server Error after 4 attempts" in always.message
    backoff = sorted(fake.sleeps)[-3:]
    assert backoff == [0.5, 1.0, 2.0]  # exponential (jitter fixed at 0.5 -> factor 1)


def test_hard_time_limit_per_url(server):
    (r,), fake = check(server, "/429-always", url_time_limit=90)
    assert r.verdict == "uncertain" and sum(fake.sleeps) <= 90


def test_slow_server_times_out(server):
    (r,), _ = check(server, "/slow", timeout=0.2, retries=1)
    assert r.verdict == "broken" and r.message == "no answer within 0.2 s after 2 attempts"


def test_connection_refused_dns_failure_and_tls_against_plain_http(server):
    refused, dns, tls = check(server, f"http://127.0.0.1:{closed_port()}/x", "http://no-such-host.invalid/x",
                              f"https://127.0.0.1:{server.port}/ok")[0]
    # In plain words, not the library's or the OS's strings.
    assert refused.verdict == "broken" and refused.kind == "connection"
    assert refused.message.startswith("connection refused: nothing listens at 127.0.0.1:")
    assert dns.verdict == "broken" and dns.kind == "dns"
    assert dns.message == "DNS failure: there is no host named no-such-host.invalid"
    assert tls.verdict == "broken" and tls.kind == "tls"
    assert tls.message == f"TLS handshake with 127.0.0.1:{server.port} failed: the server does not speak HTTPS on this port"
    assert not any("Errno" in r.message or "Cannot connect" in r.message for r in (refused, dns, tls))


@pytest.mark.skipif(not shutil.which("openssl"), reason="needs the openssl command to make a certificate")
def test_a_self_signed_certificate_is_named_as_a_certificate_problem(server, tmp_path):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-keyout", str(tmp_path / "k.pem"), "-out", str(tmp_path / "c.pem")], check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tmp_path / "c.pem", tmp_path / "k.pem")
    tls = Server().start(ssl_context=context)
    try:
        (r,), _ = check(server, f"https://127.0.0.1:{tls.port}/ok")
    finally:
        tls.stop()
    assert r.verdict == "broken" and r.kind == "tls"
    assert r.message == "TLS certificate problem at 127.0.0.1: the certificate is self-signed"


def test_a_200_mb_body_is_never_downloaded(server):
    (r,), _ = check(server, "/big")
    assert r.verdict == "ok"
    (r,), _ = check(server, "/big", fragments=("x",), max_body=100_000)
    assert r.verdict == "broken" and "missing anchor #x" in r.message
    assert server.big_sent < 40 * 1024 * 1024  # what socket buffers took before we hung up, not 200 MB


def test_anchors_and_text_fragments(server):
    (r,), _ = check(server, "/page", fragments=("present", "named", ":~:text=did%20not%20violate"))
    assert r.verdict == "ok"
    (r,), _ = check(server, "/page", fragments=("present", "missing", ":~:text=never%20written"))
    assert r.verdict == "broken" and r.missing_fragments == (":~:text=never%20written", "missing")


def test_dois_through_the_handle_api(server):
    config = LinkcheckConfig(doi_api=server.url("/doi/"))
    checker = Checker(config, resolver=LoopbackResolver())
    targets = [Target("https://doi.org/10.1000/known", doi="10.1000/known"),
               Target("https://doi.org/10.1000/unknown", doi="10.1000/unknown")]
    results = asyncio.run(checker.check_all(targets))
    assert [results[t.url].verdict for t in targets] == ["ok", "broken"]


def test_per_host_limit_is_never_exceeded(server):
    server.max_in_flight = 0
    results, _ = check(server, *[f"/busy{i}" for i in range(20)], per_host=4, concurrency=16)
    assert all(r.verdict == "ok" for r in results)
    assert 2 <= server.max_in_flight <= 4


def make_project(root: Path, server: Server) -> Path:
    (root / "manuscript").mkdir(parents=True)
    (root / "manuscript" / "metadata.yaml").write_text(
        "title: Links\nauthors: [A]\npublisher: {name: P}\ndate: 2025\nlanguage: en\n")
    (root / "manuscript" / "01-a.md").write_text(
        f"# A\n\nSee <{server.url('/dup')}> and [x]({server.url('/page#present')}) and "
        f"[y]({server.url('/page#missing')}).\n")
    (root / "references.bib").write_text(
        f"@online{{one, title = {{One}}, url = {{{server.url('/dup')}}}}}\n\n"
        f"@online{{two, title = {{Two}},\n  url = {{{server.url('/404')}}}}}\n"
        f"@online{{three, title = {{Three}}, url = {{{server.url('/r301')}}}}}\n")
    (root / "pyproject.toml").write_text(f'[tool.briefpress.linkcheck]\ntimeout = 1\ndoi_api = "{server.url("/doi/")}"\n')
    return root


def test_whole_run_duplicates_locations_cache_and_reports(server, tmp_path):
    root = make_project(tmp_path / "p", server)
    config = load_config(root)
    before = server.hits[("HEAD", "/dup")] + server.hits[("GET", "/dup")]
    report = check_links(root, config)
    assert server.hits[("HEAD", "/dup")] + server.hits[("GET", "/dup")] - before == 1  # two links, one request
    by_url = {(o.link.url, str(o.link.location)): o.result.verdict for o in report.occurrences}
    line = (root / "manuscript" / "01-a.md").read_text().splitlines()[2]
    col = lambda path: line.index(server.url(path)) + 1  # noqa: E731
    assert by_url[(server.url("/404"), "references.bib:4:1")] == "broken"
    assert by_url[(server.url("/dup"), f"manuscript/01-a.md:3:{col('/dup')}")] == "ok"
    assert by_url[(server.url("/page#present"), f"manuscript/01-a.md:3:{col('/page#present')}")] == "ok"
    assert by_url[(server.url("/page#missing"), f"manuscript/01-a.md:3:{col('/page#missing')}")] == "broken"
    text = fmt.text(report)
    assert f"references.bib:4:1 [two]: {server.url('/404')}" in text
    assert f"moved permanently (301, 308) to {server.url('/ok')}" in text
    assert f"→ update the reference to {server.url('/ok')}" in text

    # JSON and JUnit are valid and agree with the run.
    data = json.loads(fmt.as_json(report))
    assert data["summary"]["broken"] == 2 and len(data["links"]) == len(report.occurrences)
    suite = ET.fromstring(fmt.junit(report))
    assert int(suite.get("tests")) == len(report.occurrences) and int(suite.get("failures")) == 2
    assert "| broken |" in fmt.markdown(report)

    # Second run: good results come from the cache; failures are never cached.
    hits = sum(server.hits.values())
    again = check_links(root, config)
    assert again.requested == 2  # /404 and /page#missing again; the rest cached
    assert {o.link.url for o in again.occurrences if o.result.cached} >= {server.url("/dup")}
    assert sum(server.hits.values()) - hits <= 4


def test_cli_exit_codes_and_formats(server, tmp_path):
    from briefpress.cli import main
    import io
    root = make_project(tmp_path / "p", server)
    out, err = io.StringIO(), io.StringIO()
    assert main(["check-links", str(root), "--format", "junit", "--output", str(tmp_path / "r.xml"), "--no-cache",
                 "--json", str(tmp_path / "r.json"), "--markdown", str(tmp_path / "r.md")], stdout=out, stderr=err) == 1
    ET.parse(tmp_path / "r.xml")
    assert json.loads((tmp_path / "r.json").read_text())["summary"]["broken"] == 2
    assert "BROKEN (2)" in out.getvalue() and (tmp_path / "r.md").read_text().startswith("## Link check")
    (root / "references.bib").write_text(f"@online{{one, title = {{One}}, url = {{{server.url('/ok')}}}}}\n")
    (root / "manuscript" / "01-a.md").write_text("# A\n\nNo links.\n")
    assert main(["check-links", str(root), "--no-cache"], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    (root / "pyproject.toml").write_text("[tool.briefpress.linkcheck]\ntimeuot = 3\n")
    err = io.StringIO()
    assert main(["check-links", str(root)], stdout=io.StringIO(), stderr=err) == 2
    assert "unknown setting 'timeuot'" in err.getvalue()


def test_line_index_gives_line_col_for_every_offset():
    from briefpress.diagnostics import LineIndex, line_col
    text = "first line\n\nthird https://a.test/x\r\n  fourth\nlast, no newline"
    index = LineIndex(text)
    assert [index(i) for i in range(len(text) + 1)] == [line_col(text, i) for i in range(len(text) + 1)]
