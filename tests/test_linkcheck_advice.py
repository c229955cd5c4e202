"""Advice per failure class in every report format; transient failures counted across runs;
JUnit modes; --suggest-archive against a stand-in Wayback availability API on 127.0.0.1."""
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from briefpress.cli import main
from briefpress.diagnostics import SourceLocation
from briefpress.linkcheck import report as fmt
from briefpress.linkcheck.check import Checker, Result
from briefpress.linkcheck.collect import Link
from briefpress.linkcheck.config import load_config
from briefpress.linkcheck.run import Occurrence, Report, check_links
from linkserver import LoopbackResolver, Server


@pytest.fixture(scope="module")
def server():
    s = Server().start()
    yield s
    s.stop()


U = "https://example.test/"
CASES = {  # name -> (result, words the advice must contain)
    "gone": (Result(U + "gone", "broken", 404, "HTTP 404 Not Found", kind="gone"), ["page is gone", "replace"]),
    "archived": (Result(U + "old", "broken", 410, "HTTP 410 Gone", kind="gone",
                        archive_url="http://web.archive.org/web/20190302000000/https://example.test/old",
                        archive_date="2019-03-02"),
                 ["replace", "archived copy from 2019-03-02: http://web.archive.org/web/20190302000000/"]),
    "dns": (Result(U + "dns", "broken", None, "DNS failure: there is no host named x.test", kind="dns"),
            ["name no longer exists", "replace"]),
    "flaky-once": (Result(U + "flaky", "uncertain", 503, "HTTP 503 Service Unavailable after 3 attempts",
                          kind="transient", transient_runs=1), ["try again later", "after 2 failing runs", "this is 1"]),
    "flaky-twice": (Result(U + "down", "broken", 500, "HTTP 500 Internal Server Error after 3 attempts",
                           kind="transient", transient_runs=2), ["failed 2 runs in a row"]),
    "tls": (Result(U + "tls", "broken", None, "TLS certificate problem at example.test: the certificate has expired",
                   kind="tls"), ["certificate problem"]),
    "refused": (Result(U + "refused", "broken", None, "connection refused: nothing listens at example.test:443",
                       kind="connection"), ["could not be reached"]),
    "loop": (Result(U + "loop", "broken", 301, "redirect loop: a → b → a", kind="redirects"), ["redirects without end"]),
    "anchor": (Result(U + "page", "broken", 200, "missing anchor #x", kind="anchor"), ["anchor is not"]),
    "blocked": (Result(U + "blocked", "uncertain", 403, "HTTP 403 Forbidden: the site refuses automated checks",
                       kind="blocked"), ["open it in a browser"]),
    "moved": (Result(U + "moved", "redirected", 200, f"moved permanently (301) to {U}new", final_url=U + "new",
                     kind="moved", chain=((U + "moved", 301), (U + "new", 200))),
              ["update the reference to https://example.test/new"]),
}


def hand_made_report() -> Report:
    occs = tuple(Occurrence(Link(r.url, SourceLocation("references.bib", i + 1, 1), name), r)
                 for i, (name, (r, _)) in enumerate(CASES.items()))
    return Report(occs, {o.result.url: o.result for o in occs}, 0.1, len(occs), transient_limit=2)


def test_each_failure_class_gets_its_own_advice_in_every_format():
    report = hand_made_report()
    text = fmt.text(report)
    data = {l["key"]: l for l in json.loads(fmt.as_json(report))["links"]}
    suite = ET.fromstring(fmt.junit(report))
    cases = {c.get("name").split("[")[1].split("]")[0]: c for c in suite.iter("testcase")}
    rows = {line.split("[")[1].split("]")[0]: line for line in fmt.markdown(report).splitlines() if "references.bib" in line}
    for name, (result, words) in CASES.items():
        for word in words:
            assert word in data[name]["advice"], (name, word)
            assert word in rows[name], (name, word)
            assert any(word in " ".join(el.itertext()) + " ".join(el.attrib.values()) for el in cases[name].iter()), name
        assert f"→ {data[name]['advice']}" in text
        assert data[name]["class"] == result.kind
    # Different classes, different advice: a flaky server is not told to replace its link.
    assert "replace" not in data["flaky-once"]["advice"] and "replace" not in data["tls"]["advice"]
    # A permanent move shows its code and the new address; the chain is shown hop by hop.
    assert "301" in data["moved"]["message"] and data["moved"]["redirects"] == [
        {"url": U + "moved", "status": 301}, {"url": U + "new", "status": 200}]
    assert f"redirects: {U}moved (301) → {U}new (200)" in text
    assert data["archived"]["archive"] == {"url": CASES["archived"][0].archive_url, "date": "2019-03-02"}


def test_junit_uncertain_passes_with_a_visible_note_or_fails_on_request():
    report = hand_made_report()
    suite = ET.fromstring(fmt.junit(report))
    blocked = next(c for c in suite.iter("testcase") if "[blocked]" in c.get("name"))
    assert blocked.find("failure") is None and blocked.find("skipped") is None
    assert "UNCERTAIN: 403" in blocked.find("system-out").text
    assert {p.get("name"): p.get("value") for p in blocked.iter("property")}["verdict"] == "uncertain"
    broken = sum(1 for o in report.occurrences if o.result.verdict == "broken")
    assert int(suite.get("failures")) == broken
    strict = ET.fromstring(fmt.junit(report, uncertain="failure"))
    blocked = next(c for c in strict.iter("testcase") if "[blocked]" in c.get("name"))
    assert blocked.find("failure").get("type") == "uncertain"
    assert int(strict.get("failures")) == broken + 2  # blocked and flaky-once


def flaky_project(root: Path, server: Server) -> Path:
    (root / "manuscript").mkdir(parents=True)
    (root / "manuscript" / "metadata.yaml").write_text(
        "title: Links\nauthors: [A]\npublisher: {name: P}\ndate: 2025\nlanguage: en\n")
    (root / "manuscript" / "01-a.md").write_text(f"# A\n\nSee <{server.url('/flaky')}>.\n")
    (root / "pyproject.toml").write_text("[tool.briefpress.linkcheck]\ntimeout = 1\nretries = 0\n"
                                         "transient_failures_before_broken = 2\n")
    return root


def test_a_transient_failure_breaks_only_after_n_runs_in_a_row(server, tmp_path):
    root = flaky_project(tmp_path / "p", server)
    config = load_config(root)
    run = lambda **kw: check_links(root, config, **kw).occurrences[0].result  # noqa: E731
    server.flaky_status = 500
    first, second = run(), run()
    assert (first.verdict, first.transient_runs) == ("uncertain", 1)
    assert (second.verdict, second.transient_runs) == ("broken", 2)
    assert json.loads((root / "build" / "linkcheck-cache.json").read_text())["transient"] == {server.url("/flaky"): 2}
    server.flaky_status = 200
    assert run().verdict == "ok"  # a good run ends the streak...
    server.flaky_status = 503
    assert (run(now=1e12).verdict, run(now=1e12 + 1).verdict) == ("uncertain", "broken")  # ...and it starts again
    assert run(use_cache=False).verdict == "broken"  # no cache, no history: the failure stands


def test_cli_suggests_archived_copies_from_a_stand_in_wayback_api(server, tmp_path):
    root = flaky_project(tmp_path / "p", server)
    (root / "manuscript" / "01-a.md").write_text(f"# A\n\nSee <{server.url('/410')}> and <{server.url('/ok')}>.\n")
    (root / "references.bib").write_text(f"@online{{gone, title = {{Gone}}, url = {{{server.url('/404')}}},\n"
                                         "  urldate = {2019-03-02}}\n")
    (root / "pyproject.toml").write_text(f'[tool.briefpress.linkcheck]\ntimeout = 1\n'
                                         f'archive_api = "{server.url("/wayback/available")}"\n')
    server.archive_queries.clear()
    out = io.StringIO()
    code = main(["check-links", str(root), "--no-cache", "--suggest-archive", "--json", str(tmp_path / "r.json")],
                stdout=out, stderr=io.StringIO())
    assert code == 1
    assert sorted(server.archive_queries) == [(server.url("/404"), "20190302"), (server.url("/410"), "")]
    snapshot = f"http://web.archive.org/web/20190302120000/{server.url('/404')}"
    assert f"archived copy from 2019-03-02: {snapshot}" in out.getvalue()
    links = {l["url"]: l for l in json.loads((tmp_path / "r.json").read_text())["links"]}
    assert links[server.url("/404")]["archive"] == {"url": snapshot, "date": "2019-03-02"}
    assert links[server.url("/410")]["archive"]["date"] == "2025-01-01"
    assert links[server.url("/ok")]["archive"] is None


def test_cli_junit_uncertain_modes(server, tmp_path):
    root = flaky_project(tmp_path / "p", server)
    (root / "manuscript" / "01-a.md").write_text(f"# A\n\nSee <{server.url('/403')}>.\n")
    for mode, failures in ((None, "0"), ("failure", "1")):
        args = ["check-links", str(root), "--no-cache", "--junit", str(tmp_path / "r.xml")]
        code = main(args + (["--junit-uncertain", mode] if mode else []), stdout=io.StringIO(), stderr=io.StringIO())
        assert code == 0  # the exit code follows fail_on_uncertain, not the JUnit mode
        assert ET.parse(tmp_path / "r.xml").getroot().get("failures") == failures


def test_pdf_page_fragment_through_a_whole_run(server, tmp_path):
    root = flaky_project(tmp_path / "p", server)
    (root / "manuscript" / "01-a.md").write_text(
        f"# A\n\n[p]({server.url('/report.pdf#page=2')}) [q]({server.url('/data.txt#top')})\n")
    report = check_links(root, load_config(root), use_cache=False)
    assert [o.result.verdict for o in report.occurrences] == ["ok", "ok"]
    assert "#top not checked: text/plain has no anchors to check" in fmt.text(report)
    assert "#page=2" not in fmt.text(report)


def test_when_no_host_name_resolves_the_run_says_offline_not_broken(server, tmp_path):
    root = flaky_project(tmp_path / "p", server)
    (root / "manuscript" / "01-a.md").write_text("# A\n\n<http://one.invalid/a> <http://two.invalid/b>\n")
    checker = Checker(load_config(root), resolver=LoopbackResolver())  # .invalid names do not resolve
    report = check_links(root, load_config(root), use_cache=False, checker=checker)
    assert [(o.result.verdict, o.result.kind) for o in report.occurrences] == [("uncertain", "offline")] * 2
    assert "check the network" in fmt.text(report)
    (root / "manuscript" / "01-a.md").write_text(f"# A\n\n<http://one.invalid/a> <{server.url('/ok')}>\n")
    report = check_links(root, load_config(root), use_cache=False, checker=Checker(load_config(root),
                                                                                   resolver=LoopbackResolver()))
    assert [o.result.verdict for o in report.occurrences] == ["broken", "ok"]  # one name gone: that one is broken
