"""Temporary folders a killed build left behind: each folder a build's pool makes in TMPDIR (its
workers' files, ``briefpress-workers-*``; multiprocessing's, ``pymp-*``, where the forkserver listens;
the forkserver's stylesheet fonts, ``briefpress-style-*``) is removed by the process that made it as it
ends, which a process killed by SIGKILL never does. So each is :func:`claim`\\ ed by its maker, and the
next build's pool :func:`sweep`\\ s away those whose maker is gone.

A claim is a file in the folder, ``OWNER``, locked (``flock``) for as long as its maker lives: the
kernel lets go of the lock when the process ends, however it ends, and a lock, unlike a process id,
is not taken for another process's (a reused id, a build in another container sharing TMPDIR). A
folder without the file (another program's, one being made, one made before claims) is not touched,
but for an empty one named as briefpress names its own and older than an hour (:data:`UNCLAIMED`): a
build killed in the microseconds between making its folder and claiming it left one (seen in a
session's runs killed on purpose).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from pathlib import Path

OWNER = ".briefpress-owner"
PREFIXES = ("briefpress-workers-", "briefpress-style-", "pymp-")
OWN = PREFIXES[:2]  # briefpress's own names: no other program's folder is named so
UNCLAIMED = 3600.0  # seconds: an empty folder of briefpress's never claimed is a killed build's after this (a build
# whose claim failed may hold one that long, empty only if nothing was written to it)


def claim(folder: str) -> int | None:
    """Lock ``folder`` as this process's: the lock file's descriptor (the claim lasts while it is open,
    here or in a process forked from here), None when it could not be made (the folder is then only
    not swept). The file is locked before it takes its name, so a sweep never finds it unlocked."""
    temp = os.path.join(folder, f"{OWNER}.{os.getpid()}")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.rename(temp, os.path.join(folder, OWNER))
    except OSError:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return None
    return fd


def sweep(tmp: str) -> list[str]:
    """Remove the claimed folders of ``tmp`` whose claim nobody holds (their makers are gone); returns
    their paths. Only this user's folders, named as briefpress's and multiprocessing's are."""
    removed = []
    try:
        entries = list(os.scandir(tmp))
    except OSError:
        return removed
    uid = os.getuid()
    for entry in entries:
        if not entry.name.startswith(PREFIXES):
            continue
        try:
            if not entry.is_dir(follow_symlinks=False) or entry.stat(follow_symlinks=False).st_uid != uid:
                continue
            fd = os.open(os.path.join(entry.path, OWNER), os.O_RDONLY | os.O_NOFOLLOW)
        except FileNotFoundError:
            if _never_claimed(entry):
                with contextlib.suppress(OSError):
                    os.rmdir(entry.path)  # only an empty folder: one being filled is not removed
                    removed.append(entry.path)
            continue
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            # another build's sweep may have removed the folder between our open and our lock
            if not os.path.samestat(os.fstat(fd), os.stat(os.path.join(entry.path, OWNER), follow_symlinks=False)):
                raise FileNotFoundError
        except OSError:  # held: its maker, or a process forked from it, is alive; or gone
            os.close(fd)
            continue
        try:
            _remove(Path(entry.path))
            removed.append(entry.path)
        finally:
            os.close(fd)
    return removed


def _never_claimed(entry: os.DirEntry) -> bool:
    """An empty folder named as briefpress's own, made over :data:`UNCLAIMED` seconds ago."""
    import time
    try:
        return (entry.name.startswith(OWN) and not os.listdir(entry.path)
                and time.time() - entry.stat(follow_symlinks=False).st_mtime > UNCLAIMED)
    except OSError:
        return False


def _remove(folder: Path) -> None:
    """The folder, its claim last: a sweep stopped half-way (this process killed too) leaves it claimed,
    for the next sweep to finish."""
    for child in folder.iterdir():
        if child.name == OWNER:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                child.unlink()
    with contextlib.suppress(OSError):
        (folder / OWNER).unlink()
        folder.rmdir()
