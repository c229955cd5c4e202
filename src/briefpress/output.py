"""Output: the built files ({path: bytes}) -> on disk, all of them or none.

Each file is first written to a temporary file beside its target (and flushed to the disk, unless
``durable=False``: check-links' reports); only when every one is written are they renamed over
their targets. A failure (a read-only folder, a file where the
folder should be, a full disk) therefore leaves every earlier output byte-identical and no
temporary file behind, and becomes one ``output.unwritable`` diagnostic naming the path.
"""

from __future__ import annotations

import errno
import itertools
import os
from pathlib import Path

from .diagnostics import BuildError, SourceLocation, error, relative

REASONS = {
    errno.ENOSPC: "the disk is full; free some space",
    errno.EDQUOT: "the disk quota is exhausted; free some space",
    errno.EACCES: "permission denied; make the folder writable or choose another with --out",
    errno.EPERM: "permission denied; make the folder writable or choose another with --out",
    errno.EROFS: "the file system is read-only; choose another folder with --out",
    errno.EEXIST: "a file is in the way where a folder should be; move it or choose another folder with --out",
    errno.ENOTDIR: "a file is in the way where a folder should be; move it or choose another folder with --out",
    errno.EISDIR: "a folder is in the way where the file should be; move it or choose another folder with --out",
    errno.EFBIG: "the file is larger than this process may write (ulimit -f); raise the limit",
}
FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)  # no room: a temporary file (TMPDIR) as well as an output


def unwritable(path: Path, exc: OSError, root: Path | None = None) -> BuildError:
    reason = REASONS.get(exc.errno, exc.strerror or str(exc))
    name = relative(path, root) if root else path.as_posix()
    return BuildError([error("output.unwritable", f"cannot write '{name}': {reason}", SourceLocation(name))])


def check_folder(folder: Path, root: Path | None = None) -> None:
    """Before the (slow) layout: the output folder must be a folder we may write to, or creatable."""
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir():
        raise unwritable(probe, OSError(errno.ENOTDIR, "not a folder"), root)
    if not os.access(probe, os.W_OK | os.X_OK):
        raise unwritable(probe, OSError(errno.EACCES, "permission denied"), root)


_serial = itertools.count()


def _temp_beside(path: Path) -> tuple[int, str]:
    """A new file beside ``path`` (no ``tempfile``: its import costs check-links ~19 ms of a ~0.4 s run)."""
    while True:
        tmp = str(path.parent / f".{path.name}.{os.getpid()}-{next(_serial)}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644), tmp
        except FileExistsError:
            continue


def write_all(files: dict[Path, bytes], root: Path | None = None, durable: bool = True) -> None:
    """Write every file or none (see the module docstring); raises BuildError on failure. ``durable``:
    on disk before the rename (fsync), as publications are; a report may skip it (still never half-written)."""
    temps: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise unwritable(path.parent, exc, root) from None
            try:
                fd, tmp = _temp_beside(path)
            except OSError as exc:
                raise unwritable(path.parent, exc, root) from None
            temps.append((tmp, path))
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                    f.flush()
                    if durable:
                        os.fsync(f.fileno())
                os.chmod(tmp, 0o644)  # whatever the umask, as the outputs always were
            except OSError as exc:
                raise unwritable(path, exc, root) from None
        for tmp, path in temps:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise unwritable(path, exc, root) from None
    finally:  # also on Ctrl-C: no temporary file is left behind
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
