"""The forkserver a build starts parses the build's print stylesheet before it forks the workers
(printing/preload.py), its rules and then only its fonts (printing/style.py), as soon as the theme is read
(the fonts subset for the manuscript's text: pipeline._style_guessed),
so every worker inherits it; a forkserver waiting for it is released when the build says none is coming
or when its pool ends; nothing is left in the temporary folder.

Each case runs in a process of its own: the forkserver reads the stylesheet's folder only when it
starts, and this test process's forkserver may be running already."""
import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

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
        # a worker's is the pool's folder; what the build gave the forkserver: the rules, then the whole
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
    started = pool.started()  # no worker yet: the build does its chores meanwhile (parts._Sections._chore)
    if sys.argv[1] == "done":
        pool.style_done()
    else:  # the pool ends (a build that failed before its stylesheet): the next pool is served
        pool.kill()
        pool = workers.start()
    print(waited, started, pool.fixed(), pool.started())
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
    assert "rules.pickle" in found and "style.pickle" in found, found
    assert (tmp_path / "out" / "serbian-security-doctrine.pdf").read_bytes() == built[1]


def test_a_document_whose_stylesheet_was_guessed_wrong_prints_as_in_one_process(project_copy, tmp_path):
    """The forkserver forks the workers with the stylesheet the manuscript suggests; a formula's Greek
    letter gives the document other fonts, whose stylesheet each worker then parses (its rules inherited)."""
    from briefpress import pipeline
    from briefpress.printing import workers

    chapter = sorted((project_copy / "manuscript").glob("*.md"))[-1]
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nThe rate is $\\alpha$.\n", encoding="utf-8")
    found = json.loads(_run(BUILD, tmp_path, tmp_path / "out", project_copy))
    assert "rules.pickle" in found and "style.pickle" in found, found
    with workers.pool(parallel=False) as alone:
        pipeline.build(project_copy, ("pdf",), tmp_path / "alone", workers=alone)
    assert (tmp_path / "out" / "serbian-security-doctrine.pdf").read_bytes() == \
        (tmp_path / "alone" / "serbian-security-doctrine.pdf").read_bytes()


SENT = """
import pathlib, threading
from briefpress.printing import workers
if __name__ == "__main__":
    pool = workers.start(ahead=True)
    asked, submit = [], pool.executor.submit
    pool.executor.submit = lambda fn, *args, **kwargs: (asked.append(args[0]), submit(fn, *args, **kwargs))[1]

    def sent():  # the threads that hand a stylesheet to each worker, done
        for thread in threading.enumerate():
            if getattr(getattr(thread, "_target", None), "__name__", "") == "send":
                thread.join()
        return asked.count("parse_style_file")
    here = pathlib.Path.cwd()
    pool.parse_style("p { color: red }", here, (here,))  # to the forkserver, which parses it before it forks
    pool.fixed()
    first = sent()
    pool.parse_style("p { color: blue }", here, (here,))  # another (the document's): each worker parses it
    print(first, sent(), pool.size)
    pool.kill()
"""


def test_the_workers_are_not_asked_to_parse_the_stylesheet_the_forkserver_parsed(tmp_path):
    """A job of each worker's would only find it parsed (~5 ms each, the first part queued behind them);
    a stylesheet sent once the workers run is parsed by each."""
    first, second, size = map(int, _run(SENT, tmp_path).split())
    assert (first, second) == (0, size)


def test_a_forkserver_waiting_for_a_stylesheet_is_released_when_none_comes(tmp_path):
    assert _run(WAIT, tmp_path, "done").split() == ["True", "False", "True", "True"]


def test_a_forkserver_waiting_for_a_stylesheet_is_released_when_its_pool_ends(tmp_path):
    assert _run(WAIT, tmp_path, "kill").split() == ["True", "False", "True", "True"]


KILLED_WAITING = """
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
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WAITING, str(pid_file)], cwd=tmp_path)
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


UNWRITTEN = """
import faulthandler, pathlib
from briefpress.printing import workers
if __name__ == "__main__":
    faulthandler.dump_traceback_later(60, exit=True)  # the forkserver waited 600 s: fail, not hang
    written = pathlib.Path.write_bytes

    def full(self, data):  # a full temporary folder: the stylesheet cannot be written for the forkserver
        if self.name.startswith("style.pickle"):
            raise OSError(28, "No space left on device")
        return written(self, data)
    pathlib.Path.write_bytes = full
    pool = workers.start(ahead=True)
    pool.parse_style("p { color: red }", pathlib.Path.cwd(), (pathlib.Path.cwd(),))
    pool.style_done()  # as the build does once it has parsed
    print(pool.fixed())
    pool.kill()
"""


def test_a_stylesheet_that_cannot_be_written_does_not_keep_the_forkserver_waiting(tmp_path):
    assert _run(UNWRITTEN, tmp_path).split() == ["True"]

KILLED = """
import os, pathlib, sys
from multiprocessing import forkserver
from briefpress.printing import workers
if __name__ == "__main__":
    pool = workers.start(ahead=True)
    here = pathlib.Path.cwd()
    if sys.argv[2] == "early":  # before the forkserver's preload is done: it is to wait for the stylesheet
        pids = [forkserver._forkserver._forkserver_pid]
    else:
        pool.parse_style("p { color: red }", here, (here,))
        pool.style_done()
        pool.fixed()  # the workers forked
        pids = [forkserver._forkserver._forkserver_pid, *pool.executor._processes]
    pathlib.Path(sys.argv[1]).write_text(" ".join(map(str, pids)))
    os._exit(0)  # as if killed (SIGKILL): nothing tidied here
"""


@pytest.mark.parametrize("when", ["early", "late"])
def test_the_forkserver_and_its_workers_end_when_the_build_process_is_killed(tmp_path, when):
    """The kernel kills the workers when their parent, the forkserver, exits; the forkserver exits
    when the build's process is gone (the workers held it open), and removes its stylesheet's folder."""
    if not Path("/proc/self/stat").exists():
        pytest.skip("reads /proc")
    temp, pids = tmp_path / "tmp", tmp_path / "pids"
    temp.mkdir()
    subprocess.run([sys.executable, "-c", KILLED, str(pids), when], timeout=300, env=dict(os.environ, TMPDIR=str(temp)),
                   cwd=tmp_path, stdout=subprocess.DEVNULL, check=True)
    started = [int(p) for p in pids.read_text().split()]
    deadline = time.monotonic() + 60  # its warm-up done, it ends (an early one waited 600 s for the stylesheet)
    while any(map(_alive, started)) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in started if _alive(pid)]
    for pid in left:  # this test's own processes, not left behind when it fails
        os.kill(pid, 9)
    assert left == []
    assert [p for p in os.listdir(temp) if p.startswith("briefpress-style")] == []

SIGNALLED = """
import os, pathlib, signal, sys, time
from multiprocessing import forkserver
from briefpress.printing import workers
if __name__ == "__main__":
    pool = workers.start(ahead=True)
    server = forkserver._forkserver._forkserver_pid
    here = pathlib.Path.cwd()
    if sys.argv[1] == "SIGINT":  # Ctrl-C in a terminal: to the forkserver too, while it waits
        deadline = time.monotonic() + 5  # until it ignores Ctrl-C, as it does after its preload
        while time.monotonic() < deadline and not int(next(
                line for line in pathlib.Path(f"/proc/{server}/status").read_text().splitlines()
                if line.startswith("SigIgn")).split()[1], 16) & 1 << (signal.SIGINT - 1):
            time.sleep(0.01)
        os.kill(server, signal.SIGINT)
        pool.style_done()
        print(pool.fixed())
    else:  # SIGTERM to the build's process group (a CI job cancelled): the forkserver removes its folder
        pool.parse_style("p { color: red }", here, (here,))
        pool.fixed()
        os.kill(server, signal.SIGTERM)
        os.waitpid(server, 0)
        print([p for p in os.listdir(os.environ["TMPDIR"]) if p.startswith("briefpress-style")])
    pool.kill()
"""


def _signalled(tmp_path, signal: str) -> tuple[str, str]:
    if not Path("/proc/self/status").exists():
        pytest.skip("reads /proc")
    temp = tmp_path / "tmp"
    temp.mkdir()
    done = subprocess.run([sys.executable, "-c", SIGNALLED, signal], capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, TMPDIR=str(temp)), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return done.stdout, done.stderr


def test_ctrl_c_while_the_forkserver_waits_for_the_stylesheet_prints_no_traceback(tmp_path):
    out, err = _signalled(tmp_path, "SIGINT")
    assert "Traceback" not in err and out.split() == ["True"], err


def test_sigterm_to_the_forkserver_removes_its_stylesheet_folder(tmp_path):
    out, err = _signalled(tmp_path, "SIGTERM")
    assert out.split() == ["[]"], out + err

GONE = """
import faulthandler, os, signal, time
from multiprocessing import forkserver
from briefpress.printing import workers
if __name__ == "__main__":
    faulthandler.dump_traceback_later(120, exit=True)
    pool = workers.start(ahead=True)
    server = forkserver._forkserver._forkserver_pid
    os.kill(server, signal.SIGKILL)  # gone while it waits for the stylesheet (the OOM killer, a CI job's end)
    while True:  # dead (not reaped here: multiprocessing's to reap)
        try:
            if open(f"/proc/{server}/stat").read().split(") ")[1][0] == "Z":
                break
        except OSError:
            break
        time.sleep(0.01)
    pool.style_done()
    print(pool.fixed(), pool.submit("prepare").result())  # the jobs start the workers again
    pool.kill()
"""


def test_a_forkserver_gone_while_it_waits_costs_no_traceback_and_no_build(tmp_path):
    if not Path("/proc/self/stat").exists():
        pytest.skip("reads /proc")
    temp = tmp_path / "tmp"
    temp.mkdir()
    done = subprocess.run([sys.executable, "-c", GONE], capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, TMPDIR=str(temp)), cwd=tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert done.stdout.split() == ["True", "True"]

ORPHAN = """
import sys, tempfile, types
preload = types.ModuleType("briefpress.printing.preload")
preload.SERVER = 2 ** 22 + 7  # the forkserver this worker was forked from: gone (its parent is another now)
sys.modules[preload.__name__] = preload
from briefpress.printing import in_worker
in_worker.start(tempfile.mkdtemp())
print("started")
"""


def test_a_worker_whose_forkserver_is_gone_before_it_starts_ends(tmp_path):
    """A worker told the kernel to kill it when its parent exits only once it ran: a forkserver gone
    before (SIGTERM to the build's group while the workers start) left it waiting for a job for ever."""
    done = subprocess.run([sys.executable, "-c", ORPHAN], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, TMPDIR=str(tmp_path)))
    assert done.returncode == 1 and "started" not in done.stdout, done.stdout + done.stderr


KILL_JOINS = """
from briefpress.printing import workers
if __name__ == "__main__":
    pool = workers.start()
    pool.fixed()  # the workers started: the executor's manager thread runs
    manager = pool.executor._executor_manager_thread
    joined, join = [], manager.join
    manager.join = lambda timeout=None: joined.append(timeout) or join(timeout)
    pool.kill()
    print(manager is not None, bool(joined), manager.is_alive())
"""


def test_a_killed_pools_manager_thread_has_ended_when_kill_returns(tmp_path):
    """Else the interpreter's exit (concurrent.futures' hook) wrote to its wake-up pipe as the thread closed
    it: "Exception ignored … Bad file descriptor" after a Ctrl-C (seen once in a bare-machine run)."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    done = subprocess.run([sys.executable, "-c", KILL_JOINS], capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, TMPDIR=str(temp)), cwd=tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert done.stdout.split() == ["True", "True", "False"], done.stdout + done.stderr  # joined, and ended


def test_kill_kills_a_worker_started_as_the_pool_was_killed():
    """kill() shuts the executor down first, so that no job is taken and no worker started after it, and then
    kills every worker in the executor's table, which the manager thread shares: a worker a job handed over
    by another thread (later.py) started after the workers were listed was left alive, the manager thread
    waited for it, and the interpreter's exit for the manager, for ever (a Ctrl-C loop of the real CLI)."""
    import threading
    from briefpress.printing import workers

    class Process:
        def __init__(self):
            self.killed = False

        def is_alive(self):
            return not self.killed

        def kill(self):
            self.killed = True

        def join(self, timeout=None):
            pass

    class Executor:
        """As ProcessPoolExecutor: a job given until the shutdown may start a worker; the shutdown lets go of the table."""
        def __init__(self):
            self._processes = {1: Process(), 2: Process()}
            self._executor_manager_thread = None

        def shutdown(self, wait=True, cancel_futures=False):
            self._processes[3] = Process()  # a job another thread gave just before the shutdown took its lock
            self._processes = None

    pool = workers.Workers.__new__(workers.Workers)
    pool.executor, pool.folder, pool.claim, pool.ahead = Executor(), "/nonexistent/briefpress-test", None, False
    pool.starter, pool.interval = threading.Thread(target=lambda: None), 0.005
    pool.starter.start()
    table = pool.executor._processes
    pool.kill()
    assert [p.killed for p in table.values()] == [True, True, True]


MAIN = """
import os, sys
with open(os.environ["RUNS"], "a") as runs:  # every run of this file, by which process
    runs.write(f"{os.getpid()}\\n")
from briefpress.printing import workers
if __name__ == "__main__":
    pool = workers.start(ahead=True)
    pool.style_done()
    pids = {pool.submit("os:getpid").result() for _ in range(8)}
    print(os.getpid(), " ".join(map(str, sorted(pids))))
    pool.kill()
"""


def test_the_workers_inherit_the_build_script_the_forkserver_ran_once(tmp_path):
    """multiprocessing runs the script a process was started as in every process it starts (as
    __mp_main__); the forkserver runs it once, and the workers forked from it run it no more."""
    script, runs, temp = tmp_path / "build_script.py", tmp_path / "runs.txt", tmp_path / "tmp"
    script.write_text(MAIN)
    temp.mkdir()
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, RUNS=str(runs), TMPDIR=str(temp)), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    deadline = time.monotonic() + 10  # the forkserver ends just after the process: its folder with it
    while os.listdir(temp) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert os.listdir(temp) == []
    build, *worker_pids = done.stdout.split()
    ran = runs.read_text().split()
    assert len(worker_pids) >= 1 and build in ran
    assert not set(worker_pids) & set(ran), (ran, worker_pids)  # no worker ran it again
    assert len(ran) == 2, ran  # the build and its forkserver, once each


NO_MAIN_GUARD = """
from pathlib import Path
from briefpress import pipeline
pipeline.build(Path({root!r}), ("pdf",), Path({out!r}))
"""


def _started_with(temp: Path) -> list[int]:
    """The processes whose TMPDIR is ``temp`` (a test's build and every process it started, orphans too)."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if f"TMPDIR={temp}".encode() in environ.read_bytes().split(b"\0"):
                found.append(int(environ.parent.name))
        except OSError:
            continue
    return found


def test_a_script_that_builds_without_a_main_guard_fails_as_multiprocessing_says(tmp_path):
    """Every process multiprocessing starts runs the script it was started as; the forkserver runs it once
    for its workers (preload._main_once). A script that builds at its top level must not start a pool there:
    each forkserver started another that ran it again (hundreds of processes). It fails with
    multiprocessing's own message, and leaves nothing running."""
    script, temp = tmp_path / "script.py", tmp_path / "tmp"
    script.write_text(NO_MAIN_GUARD.format(root=str(ROOT), out=str(tmp_path / "out")))  # not sys.argv: the
    temp.mkdir()  # forkserver's is its own, and the script failed there at once
    proc = subprocess.Popen([sys.executable, str(script)], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, TMPDIR=str(temp)))
    try:
        try:
            _, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            err = "still running after 60 s"
        deadline = time.monotonic() + 10
        while _started_with(temp) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = _started_with(temp)
    finally:
        for _ in range(50):  # a chain of forkservers still growing: until none is left
            pids = _started_with(temp)
            if not pids:
                break
            for pid in pids:
                with contextlib.suppress(OSError):
                    os.kill(pid, 9)
            time.sleep(0.1)
    assert proc.returncode != 0 and "if __name__ == '__main__':" in err, err[-2000:]
    assert left == [] and os.listdir(temp) == []
