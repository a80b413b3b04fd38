"""One value per process for what is costly to build twice: the spaCy pipeline and the stance
models (hundreds of MB and seconds each).

Pure data (word lists, the knowledge base) is cached with ``functools.cache`` instead: two
threads racing its first call may both build it and one result is kept, which costs a little
time and nothing else. A model built twice at once would hold twice the memory in a worker
while it loads, so here the first caller builds under a lock and the others wait for it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Once(Generic[T]):
    """A value built by the first :meth:`get` (double-checked under a lock) and kept after.

    ``None`` is never kept: a model whose weights are not shipped is looked for again on the
    next call, and :meth:`set` with ``None`` goes back to building on the next :meth:`get`.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value: T | None = None

    def get(self, build: Callable[[], T | None]) -> T | None:
        if self._value is None:
            with self._lock:
                if self._value is None:
                    self._value = build()
        return self._value

    def peek(self) -> T | None:
        """The value if it has been built, without building it."""
        return self._value

    def set(self, value: T | None) -> None:
        with self._lock:
            self._value = value
