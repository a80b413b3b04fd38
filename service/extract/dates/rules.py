"""A date rule as one unit: its pattern, the trigger that finds where it may match, the checks a
pattern cannot make (its acceptance test) and the normalizer that gives a match its value.

The rules are registered in one place, the table of ``grammar.py``; :func:`register` checks the
table when it is built (at the first extraction, and in the unit tests), so a rule without a
normalizer or a duplicated name fails there, not on the text that happens to match it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from service.extract.dates.norms import Context, Norm
from service.extract.dates.tuning import DEFAULT_TUNING, Tuning

if TYPE_CHECKING:
    from service.extract.dates.accept import Site

#: A match and what it resolves in -> its TIMEX3 value, or ``None`` when it is no expression.
Normalizer = Callable[[re.Match[str], Context], Norm | None]
#: A match and where it stands (text, parse) -> whether it is a temporal expression.
Acceptance = Callable[[re.Match[str], "Site"], bool]


class TriggerScan:
    """One text's trigger hits, found once per distinct trigger and shared by the rules that
    use it. Lower-case triggers run case-sensitively on a lower-cased copy when lowering keeps
    every offset (about twice as fast as ``re.IGNORECASE``). The windows around the hits are
    the tuning's (``window_before``, ``window_after``)."""

    def __init__(self, text: str, tuning: Tuning = DEFAULT_TUNING) -> None:
        self.text = text
        self._before, self._after = tuning.window_before, tuning.window_after
        folded = text.lower()
        self._folded = folded if len(folded) == len(text) else None
        self._windows: dict[str, list[tuple[int, int]]] = {}

    def windows(
        self, trigger: re.Pattern[str], folded: re.Pattern[str] | None
    ) -> list[tuple[int, int]]:
        """Merged character ranges around the trigger's hits that a match may span."""
        found = self._windows.get(trigger.pattern)
        if found is not None:
            return found
        if folded is not None and self._folded is not None:
            hits = folded.finditer(self._folded)
        else:
            hits = trigger.finditer(self.text)
        merged: list[list[int]] = []
        for hit in hits:
            start, end = max(0, hit.start() - self._before), hit.end() + self._after
            if merged and start <= merged[-1][1]:
                merged[-1][1] = end
            else:
                merged.append([start, end])
        found = [(start, min(end, len(self.text))) for start, end in merged]
        self._windows[trigger.pattern] = found
        return found


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    normalize: Normalizer
    #: The rule's own checks, beyond those every rule gets (``accept.common``).
    accept: Acceptance | None = None
    #: Its words are lowercase in running text (units, "this week", "noon"): every word
    #: capitalized mid-sentence is a title ("60 Minutes", "High Noon"), not a time.
    lowercase: bool = False
    #: ``False``: its matches (ages) only keep other rules off their words and yield nothing.
    emits: bool = True
    priority: int = 0  # breaks ties between equally long matches: lower wins (table order)
    #: A cheap pattern every match contains; the rule runs only in windows around its hits,
    #: which keeps the whole section a few milliseconds on a long article. ``None``: run on all.
    trigger: re.Pattern[str] | None = None
    #: The trigger without IGNORECASE, for lower-cased text (``None`` if it has capitals).
    folded_trigger: re.Pattern[str] | None = None

    def finditer(self, text: str, scan: TriggerScan | None = None) -> list[re.Match[str]]:
        """The rule's matches in ``text``, searched only near the trigger's hits."""
        if self.trigger is None:
            return list(self.pattern.finditer(text))
        if scan is None or scan.text is not text:
            scan = TriggerScan(text)
        found: list[re.Match[str]] = []
        for start, end in scan.windows(self.trigger, self.folded_trigger):
            for m in self.pattern.finditer(text, start, end):
                if not found or m.start() >= found[-1].end():
                    found.append(m)
        return found


def rule(
    name: str,
    pattern: str,
    normalize: Normalizer,
    *,
    trigger: str | None = None,
    accept: Acceptance | None = None,
    lowercase: bool = False,
    emits: bool = True,
) -> Rule:
    """A rule from its pattern and trigger as written (both case-insensitive)."""
    return Rule(
        name,
        re.compile(pattern, re.IGNORECASE),
        normalize,
        accept,
        lowercase,
        emits,
        trigger=re.compile(trigger, re.IGNORECASE) if trigger is not None else None,
        folded_trigger=_folded(trigger),
    )


def register(table: Iterable[Rule]) -> tuple[Rule, ...]:
    """The rules in priority order (their order in the table), checked as a whole."""
    registered = tuple(replace(r, priority=i) for i, r in enumerate(table))
    names = [r.name for r in registered]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise ValueError(f"date rules registered twice: {duplicated}")
    for r in registered:
        if not callable(r.normalize) or (r.accept is not None and not callable(r.accept)):
            raise TypeError(f"date rule {r.name!r}: normalizer and acceptance must be functions")
    return registered


def _folded(trigger: str | None) -> re.Pattern[str] | None:
    # Only a trigger written in lower case matches lower-cased text as IGNORECASE would.
    if trigger is None or trigger != trigger.lower():
        return None
    return re.compile(trigger)
