"""The dates section's tunable settings: the ``news_dates`` component's ``default_config``,
read through one :class:`Tuning` object that is passed down to the trigger scan and the
normalizers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Tuning:
    """How far a rule looks around its trigger and how strongly the tense picks a date."""

    #: How far before and after a trigger's hit a match may reach (the longest expressions,
    #: "the beginning of the third quarter of 1990", stay well inside).
    window_before: int = 80
    window_after: int = 60
    #: How much farther a date may be in the direction the tense points than against it and
    #: still win: "March 12" in a past-tense sentence of February 16 is next month's, not last
    #: year's.
    tense_bias: float = 4.0
    #: In the present tense, how much farther a date ahead may be than one gone by and still win.
    present_future_bias: float = 2.0


DEFAULT_TUNING = Tuning()
