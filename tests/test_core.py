"""The extraction core's own plumbing: batching by count and by characters."""

from __future__ import annotations

from service.extract.core import BATCH_CHARS, _batches
from service.extract.results import Document


def test_batches_end_at_the_count_or_the_character_budget() -> None:
    small = [Document(text="x" * 10, id=str(i)) for i in range(5)]
    assert [len(b) for b in _batches(small, batch_size=2)] == [2, 2, 1]
    big = [Document(text="y" * (BATCH_CHARS // 2 + 1), id=str(i)) for i in range(3)]
    batches = list(_batches(big, batch_size=16))
    assert [len(b) for b in batches] == [1, 1, 1]
    huge = [Document(text="z" * (BATCH_CHARS * 2), id="huge"), *small[:2]]
    batches = list(_batches(huge, batch_size=16))
    assert [[d.id for d in b] for b in batches] == [["huge"], ["0", "1"]]
