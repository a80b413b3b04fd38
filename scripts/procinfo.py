"""Linux process facts from /proc, used by the soak script, the benchmarks and the gunicorn
tests (the children of a gunicorn master are its workers)."""

from __future__ import annotations

from pathlib import Path


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        text = (task / "children").read_text() if (task / "children").exists() else ""
        found.extend(int(child) for child in text.split())
    return sorted(found)


def rss_bytes(pid: int) -> int:
    """Resident set size now (VmRSS), 0 if the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def pss_bytes(pid: int) -> int:
    """Proportional set size: shared pages (the preloaded model) divided among their users, so
    summing PSS over master and workers gives the server's real footprint."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return 0
