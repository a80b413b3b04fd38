"""The one idiom for values costly to build twice (the spaCy pipeline, the stance models)."""

from __future__ import annotations

import threading
import time

from service.extract.once import Once


def test_racing_callers_build_once_and_share_the_value() -> None:
    once: Once[object] = Once()
    builds: list[object] = []

    def build() -> object:
        time.sleep(0.05)  # long enough for every thread to arrive while the first builds
        builds.append(object())
        return builds[-1]

    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(once.get(build))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(builds) == 1
    assert got == builds * 8


def test_none_is_not_kept_and_set_replaces_the_value() -> None:
    once: Once[str] = Once()
    assert once.get(lambda: None) is None
    assert once.peek() is None
    assert once.get(lambda: "shipped") == "shipped"
    assert once.get(lambda: "other") == "shipped"
    once.set("retrained")
    assert once.get(lambda: "other") == "retrained"
    once.set(None)  # back to building on the next call
    assert once.get(lambda: "shipped again") == "shipped again"
