"""`briefpress check-links` as its own process: what it loads, and that ending at once loses nothing.

The command leaves the interpreter without its teardown once the report is out (cli._leave), and
imports only the check path; both are start-up and exit costs measured by `make bench-links`. These
tests guard the behaviour behind them, not the time: every report line and file is there and the
exit code is right, and the modules of the build (YAML metadata, BibTeX reader, layout, rich) stay
unloaded. Servers only on 127.0.0.1.
"""
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from linkserver import Server

SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture(scope="module")
def server():
    s = Server().start()
    yield s
    s.stop()


def project(root: Path, server: Server, paths: list[str], bib: str = "") -> Path:
    (root / "manuscript").mkdir(parents=True)
    (root / "manuscript" / "metadata.yaml").write_text("title: Links\nauthors: [A]\ndate: 2025\nlanguage: en\n")
    (root / "manuscript" / "01-a.md").write_text("# A\n\n" + "\n\n".join(f"<{server.url(p)}>" for p in paths) + "\n")
    if bib:
        (root / "references.bib").write_text(bib)
    (root / "pyproject.toml").write_text("[tool.briefpress.linkcheck]\ntimeout = 2\nretries = 0\n")
    return root


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=60)


def test_the_command_ends_with_its_exit_code_and_every_report_written(server, tmp_path):
    # Many links, so the printed report is far bigger than a pipe's buffer and must be flushed.
    paths = [f"/dup{i}" for i in range(300)] + ["/404"]
    root = project(tmp_path / "p", server, paths)
    done = run("-m", "briefpress", "check-links", str(root), "--no-cache", "--verbose",
               "--json", str(tmp_path / "r.json"), "--markdown", str(tmp_path / "r.md"), cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stdout.count("\n  manuscript/01-a.md:") == 301
    assert done.stdout.rstrip().endswith("1 broken, 0 uncertain, 0 redirected, 0 excluded, 300 ok")
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["summary"]["broken"] == 1 and len(data["links"]) == 301
    assert (tmp_path / "r.md").read_text().count("| broken |") == 1

    (root / "manuscript" / "01-a.md").write_text(f"# A\n\n<{server.url('/ok')}>\n")
    done = run("-m", "briefpress", "check-links", str(root), "--no-cache", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "1 checked with 1 requests" in done.stdout and "1 ok" in done.stdout


def test_a_usage_error_still_ends_with_code_2(server, tmp_path):
    root = project(tmp_path / "p", server, ["/ok"])
    (root / "pyproject.toml").write_text("[tool.briefpress.linkcheck]\ntimeuot = 3\n")
    done = run("-m", "briefpress", "check-links", str(root), cwd=tmp_path)
    assert done.returncode == 2 and "unknown setting 'timeuot'" in done.stderr


BUILD_ONLY = ("yaml", "briefpress.metadata", "briefpress.locale", "briefpress.bib.read", "briefpress.pipeline",
              "weasyprint", "jinja2", "markdown", "rich", "html", "http", "random", "tempfile")


def _modules_after(argv: list[str], cwd: Path) -> tuple[int, list[str], str]:
    """main(argv) in a fresh interpreter: its exit code, every module loaded by the end, what it printed on stderr."""
    script = ("import json, sys\nfrom briefpress.cli import main\n"
              f"code = main({argv!r})\nprint(json.dumps([code, sorted(sys.modules)]))\n")
    done = run("-c", script, cwd=cwd)
    assert done.returncode == 0, done.stderr
    code, modules = json.loads(done.stdout.splitlines()[-1])
    return code, modules, done.stderr


def test_check_links_loads_only_the_check_path(server, tmp_path):
    root = project(tmp_path / "p", server, ["/ok", "/dup1", "/r301"])
    code, modules, err = _modules_after(["check-links", str(root), "--no-cache", "--json", str(tmp_path / "r.json")],
                                        tmp_path)
    assert code == 0, err
    assert len(json.loads((tmp_path / "r.json").read_text())["links"]) == 3  # the run did check them
    assert [m for m in BUILD_ONLY if m in modules] == []


def test_a_bibliography_brings_its_reader_and_nothing_of_the_build(server, tmp_path):
    bib = f"@online{{one, title = {{One}}, url = {{{server.url('/ok')}}}}}\n"
    root = project(tmp_path / "p", server, ["/dup2"], bib=bib)
    code, modules, err = _modules_after(["check-links", str(root), "--no-cache", "--format", "json"], tmp_path)
    assert code == 0, err
    assert "briefpress.bib.read" in modules
    assert [m for m in ("yaml", "briefpress.metadata", "briefpress.pipeline", "weasyprint", "jinja2", "rich")
            if m in modules] == []


def test_links_are_checked_whatever_the_metadata_says(server, tmp_path):
    # The link checker reads the chapters and references alone: a metadata mistake is lint's and
    # the build's to report, and does not stop a link check.
    from briefpress.linkcheck.config import load_config
    from briefpress.linkcheck.run import check_links
    from briefpress.project import load_project
    from briefpress.diagnostics import BuildError

    root = project(tmp_path / "p", server, ["/ok", "/404"])
    (root / "manuscript" / "metadata.yaml").write_text("title: [never closed\n")
    with pytest.raises(BuildError):
        load_project(root)
    report = check_links(root, load_config(root), use_cache=False)
    assert {o.link.url.rsplit("/", 1)[-1]: o.result.verdict for o in report.occurrences} == {"ok": "ok", "404": "broken"}


def test_an_unwritable_report_path_is_one_error_and_no_file_is_half_written(tmp_path):
    """Report files are written all or none, through the build's own writer: a report whose folder is a
    file is one output.unwritable error (exit 1), and the other report asked for is not written either."""
    from briefpress.cli import main
    project = tmp_path / "p"
    project.mkdir()
    (project / "paper.md").write_text("---\ntitle: T\n---\n\n# One\n\nNo links here.\n", encoding="utf-8")
    (tmp_path / "blocker").write_text("a file, not a folder", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = main(["check-links", "--no-cache", "--json", str(tmp_path / "r.json"),
                 "--junit", str(tmp_path / "blocker" / "r.xml"), str(project / "paper.md")], out, err)
    assert code == 1
    assert "output.unwritable" in err.getvalue() and "blocker" in err.getvalue()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker", "p"]  # no r.json, no temporary file


def test_in_process_the_cycle_collector_is_restored_and_the_process_goes_on(server, tmp_path):
    """cli._leave ends only the `briefpress` process; main() called with arguments (a caller in this
    process) returns, with the cycle collector as it found it, after a report and after an error."""
    import gc

    from briefpress.cli import main
    root = project(tmp_path / "p", server, ["/ok"])
    out, err = io.StringIO(), io.StringIO()
    assert gc.isenabled()
    assert main(["check-links", str(root), "--no-cache"], out, err) == 0
    assert gc.isenabled()
    chapter = root / "manuscript" / "01-a.md"
    text = chapter.read_text()
    chapter.unlink()  # an error while the links are collected (no chapters)
    assert main(["check-links", str(root), "--no-cache"], out, err) != 0 and "project.no-chapters" in err.getvalue()
    assert gc.isenabled()
    chapter.write_text(text)
    gc.disable()
    try:  # a caller that runs without the collector keeps it off
        assert main(["check-links", str(root), "--no-cache"], out, err) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
