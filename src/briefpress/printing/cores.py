"""Cores: this machine (or its container) -> how many layout workers a build runs (:func:`cores`)."""

from __future__ import annotations

import os
from pathlib import Path

CPU_QUOTA = ("/sys/fs/cgroup/cpu.max", "/sys/fs/cgroup/cpu/cpu.cfs_quota_us")  # cgroup v2, v1


def cores() -> int:
    """How many workers: one per core this process may run on (a container's CPU quota counted: its
    host's cores are not its own), at least two (the layout runs beside the parse even on one core: the
    forkserver imports WeasyPrint while the manuscript is read) and at most eight (a worker holds
    60 MB or more; a brief has tens of parts, not hundreds)."""
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        available = os.cpu_count() or 2
    return max(2, min(available, _quota() or available, 8))


def _quota() -> int | None:
    """The cores a cgroup's CPU quota allows (rounded up), None when there is none or it cannot be read."""
    for path in CPU_QUOTA:
        try:
            text = Path(path).read_text().split()
            if path.endswith("cpu.max"):  # "<quota> <period>", or "max <period>"
                quota, period = text[0], text[1]
            else:  # v1: the quota here (-1: none), the period beside it
                quota, period = text[0], Path(path).with_name("cpu.cfs_period_us").read_text().split()[0]
        except (OSError, IndexError):
            continue
        if quota.isdigit() and period.isdigit() and int(period) > 0:
            return -(-int(quota) // int(period))
        return None
    return None
