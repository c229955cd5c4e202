"""The forkserver a build starts parses the build's print stylesheet before it forks the workers
(printing/preload.py), so every worker inherits it; a forkserver waiting for it is released when the
build says none is coming or when its pool ends; nothing is left in the temporary folder.

Each case runs in a process of its own: the forkserver reads the stylesheet's folder only when it
starts, and this test process's forkserver may be running already."""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT
from test_bad_input import _alive, _descendants

BUILD = """
import json, os, sys
from pathlib import Path
from briefpress import pipeline
from briefpress.printing import workers
if __name__ == "__main__":
    out = Path(sys.argv[1])
    with workers.pool(ahead=True) as pool:
        pipeline.build(Path(sys.argv[2]), ("pdf",), out, workers=pool)
        # WeasyPrint writes the stylesheet's fonts to the temporary folder of the process that parses it:
        # a worker's is the pool's folder
        found = os.listdir(pool.folder)
    print(json.dumps(found))
"""

WAIT = """
import faulthandler, sys, time
from briefpress.printing import workers
if __name__ == "__main__":
    faulthandler.dump_traceback_later(120, exit=True)  # a forkserver never released: fail, not hang
    pool = workers.start(ahead=True)
    time.sleep(1.0)
    waited = pool.starter.is_alive()  # starting the workers waits for the forkserver, which waits
    if sys.argv[1] == "done":
        pool.style_done()
    else:  # the pool ends (a build that failed before its stylesheet): the next pool is served
        pool.kill()
        pool = workers.start()
    print(waited, pool.fixed())
    pool.kill()
"""


def _run(code: str, tmp_path: Path, *args) -> str:
    temp = tmp_path / "tmp"
    temp.mkdir(exist_ok=True)
    done = subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True,
                          timeout=300, env=dict(os.environ, TMPDIR=str(temp)), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    deadline = time.monotonic() + 10  # the forkserver ends just after the process: its folder with it
    while os.listdir(temp) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert os.listdir(temp) == []
    return done.stdout


def test_the_workers_inherit_the_stylesheet_the_forkserver_parsed(built, tmp_path):
    found = json.loads(_run(BUILD, tmp_path, tmp_path / "out", ROOT))
    assert not [name for name in found if name.startswith("weasyprint")], found
    assert (tmp_path / "out" / "serbian-security-doctrine.pdf").read_bytes() == built[1]


def test_a_forkserver_waiting_for_a_stylesheet_is_released_when_none_comes(tmp_path):
    assert _run(WAIT, tmp_path, "done").split() == ["True", "True"]


def test_a_forkserver_waiting_for_a_stylesheet_is_released_when_its_pool_ends(tmp_path):
    assert _run(WAIT, tmp_path, "kill").split() == ["True", "True"]


KILLED = """
import os, sys, time
from pathlib import Path
from briefpress.printing import workers
if __name__ == "__main__":
    pool = workers.start(ahead=True)  # its starter asks the waiting forkserver for the workers
    Path(sys.argv[1]).write_text(str(os.getpid()))
    time.sleep(600)  # killed here, before any stylesheet
"""


def test_a_build_killed_while_its_forkserver_waits_leaves_no_process(tmp_path):
    """SIGKILL gives the build no chance to say anything: the forkserver sees its parent gone and ends
    without forking the workers asked for (a worker forked then waited for ever, and the forkserver with it)."""
    import signal

    pid_file = tmp_path / "pid"
    proc = subprocess.Popen([sys.executable, "-c", KILLED, str(pid_file)], cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        while not pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.0)  # the forkserver has imported WeasyPrint and waits
        family = _descendants(proc.pid)
        assert family  # the resource tracker and the forkserver
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        deadline = time.monotonic() + 20
        while [p for p in family if _alive(p)] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [p for p in family if _alive(p)]
    finally:
        if proc.poll() is None:
            proc.kill()

