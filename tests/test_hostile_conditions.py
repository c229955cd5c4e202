"""Hostile conditions: a build killed outright, and what it leaves in TMPDIR (the next build's pool
sweeps away what a dead build left, never what a live one holds)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from test_bad_input import _good_project

from briefpress.printing import leftovers

SRC = str(Path(__file__).resolve().parents[1] / "src")


# a build held before its layout, once its pool, forkserver and stylesheet are in place
HELD = ("import sys, time\nimport briefpress.pipeline as pipeline\n"
        "pipeline.print_edition = lambda *args, **kwargs: time.sleep(120)\n"
        "from briefpress.cli import main\nsys.exit(main(sys.argv[1:]))\n")
PREFIXES = ("briefpress-workers-", "pymp-", "briefpress-style-")
OTHERS = {"pymp-someone-else", "briefpress-workers-unclaimed", "briefpress-workers-live"}


def _build(root: Path, tmp: Path, *, held: bool = False, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": SRC, "TMPDIR": str(tmp)}
    command = ["-c", HELD] if held else ["-m", "briefpress"]
    return subprocess.Popen([sys.executable, *command, "build", str(root), "--format", "pdf"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def _made(tmp: Path) -> set[str]:
    return {p.name for p in tmp.iterdir()} - OTHERS


def test_a_build_sweeps_away_the_folders_of_a_build_killed_outright(tmp_path):
    root, _ = _good_project(tmp_path)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    # not briefpress's, or made before claims: never touched
    (tmp / "pymp-someone-else").mkdir()
    (tmp / "briefpress-workers-unclaimed").mkdir()
    # a live build's (this process holds the claim): never touched
    (tmp / "briefpress-workers-live").mkdir()
    live = leftovers.claim(str(tmp / "briefpress-workers-live"))
    assert live is not None
    proc = _build(root, tmp, held=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if all(any(name.startswith(p) for name in _made(tmp)) for p in PREFIXES):
                break
            time.sleep(0.01)
        time.sleep(0.5)  # the build is held: its folders' claims (if any) are made by now
        # the build, its forkserver and workers, all at once (as a cancelled CI job's process group)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    left = _made(tmp)
    assert all(any(name.startswith(p) for name in left) for p in PREFIXES), left  # killed before its cleanup

    again = _build(root, tmp)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    os.close(live)
    assert _made(tmp) == set()  # the dead build's, and the second build's own (removed as it ended)
    assert OTHERS <= set(os.listdir(tmp))
    assert set(tmp.glob(f"*/{leftovers.OWNER}*")) == {tmp / "briefpress-workers-live" / leftovers.OWNER}


def test_a_sweep_leaves_a_folder_claimed_by_a_living_process(tmp_path):
    folder = tmp_path / "briefpress-workers-x"
    folder.mkdir()
    (folder / "font.ttf").write_bytes(b"x")
    child = subprocess.Popen([sys.executable, "-c", f"import sys; sys.path.insert(0, {SRC!r})\n"
                              "from briefpress.printing import leftovers\n"
                              f"leftovers.claim({str(folder)!r}); print('held', flush=True); input()"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == "held\n"
        assert leftovers.sweep(str(tmp_path)) == []
        assert (folder / "font.ttf").exists()
    finally:
        child.kill()
        child.wait()
    assert leftovers.sweep(str(tmp_path)) == [str(folder)]
    assert not folder.exists()
