"""A per-request time budget: a request that runs too long gets a clear 503 problem instead of
a worker killed by gunicorn's timeout (which would lose the whole connection)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from service.contract import ProblemError


class BudgetExceeded(ProblemError):
    def __init__(self, seconds: float) -> None:
        super().__init__(
            503,
            f"Processing took longer than the time budget of {seconds:g} s; send a shorter text "
            "or fewer documents.",
            type="/problems/time-budget-exceeded",
        )


class _Expired(BaseException):
    """What the alarm raises: not an ``Exception``, so the core's per-document failure handling
    cannot mistake the budget running out for a failure of the document at hand."""


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise :class:`BudgetExceeded` in the block after ``seconds`` (0 disables it).

    SIGALRM is delivered to the main thread only, which is where gunicorn's workers and the
    command line run requests; elsewhere (a threaded dev server) the budget is not enforced.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise _Expired

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        raise BudgetExceeded(seconds) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
