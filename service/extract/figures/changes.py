"""Changes among the amounts of one sentence: which amounts are deltas ("up 30%", "by $2bn")
or earlier levels ("from $80bn", "versus net income of $5.3 million"), and the level each
modifies ("rose 5% to $2.3bn", "$2.3bn, up 5% from a year earlier").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from spacy.tokens import Span, Token

from service.extract.figures.amounts import Amount
from service.extract.figures.context import direction_near
from service.extract.figures.lexicon import SP, Lexicon
from service.extract.figures.tuning import Tuning
from service.extract.results import Change

_OR_RATE = re.compile(rf"{SP}*,{SP}*or{SP}+")


class Item:
    """An amount placed in the parse, with its role among the sentence's amounts."""

    __slots__ = (
        "absorbed", "amount", "change", "direction", "reached", "role", "role_start", "root",
        "sent", "span",
    )  # fmt: skip

    def __init__(self, amount: Amount, span: Span, sent: Span) -> None:
        self.amount = amount
        self.span = span
        self.sent = sent
        self.root: Token = span.root
        self.role = "level"  # level | delta | previous
        self.direction: tuple[str, Token] | None = None
        self.change: Change | None = None
        self.reached = False  # introduced by "to": "fell to $50bn"
        self.role_start: int | None = None  # where "from", "by", "compared with" starts
        self.absorbed: list[tuple[int, int, str]] = []  # the changes linked to it, with kind


def assign_roles(items: list[Item], sent: Span, text: str, lex: Lexicon) -> None:
    """Mark amounts that are changes: "by 5%", "from $80bn", "up 30%", "rose 5%"."""
    floor = sent.start_char
    previous: Item | None = None
    for item in items:
        amount = item.amount
        lo = max(floor, amount.start - 24)
        before = lex.role_before_re.search(text, lo, amount.start) or lex.compared_of_re.search(
            text, max(floor, amount.start - 60), amount.start
        )
        word = before.group("word").lower() if before else None
        item.role_start = before.start("word") if before else None
        item.direction = direction_near(item.span, sent, lex)
        if amount.qualifier == "cap":
            word, item.direction = None, None  # "a fine of up to $250,000" is a ceiling
        if word == "from" and amount.value_max is not None:
            word = None  # "from $5 to $7": a range, not the level a change started from
        if word == "from" or (word and word[0] in "cva"):  # compared with, versus, against
            item.role = "previous"
        elif word == "to":
            item.role = "level"
            item.reached = True
        elif word == "by" or (item.direction and _is_delta(item, lex)):
            item.role = "delta"
        elif (
            previous is not None
            and previous.role == "previous"
            and _OR_RATE.fullmatch(text, previous.amount.end, amount.start)
            and amount.unit != previous.amount.unit
        ):
            # "from $90.5 million, or $1.12 a share": the earlier level per share as well
            item.role = "previous"
            item.role_start = previous.role_start
        floor = amount.end
        previous = item


def _is_delta(item: Item, lex: Lexicon) -> bool:
    if item.amount.kind == "percent":
        return True
    assert item.direction is not None
    cue = item.direction[1]
    return cue.i < item.span.start and (
        cue.lower_ in lex.change_adverbs or cue.lemma_.lower() in lex.change_verbs
    )


def link_changes(items: list[Item], text: str, lex: Lexicon, tuning: Tuning) -> None:
    """Attach each change to the level it modifies; unattached changes stay figures."""
    levels = [i for i in items if i.role == "level"]
    level_starts = [i.amount.start for i in levels]
    for item in items:
        if item.role not in ("delta", "previous"):
            continue
        gap = tuning.max_change_gap
        lo = bisect_left(level_starts, item.amount.start - gap)
        hi = bisect_right(level_starts, item.amount.start + gap)
        target = _target(item, levels[lo:hi], tuning)
        change = _make_change(item, text, lex, target)
        if target is not None and (target.change is None or target.change.kind == "previous"):
            if target.change is None or item.role == "delta":
                if target.change is not None:  # "from $80bn" came first: keep it as previous
                    change.previous = target.change.value
                target.change = change
            item.role = "linked"
            target.absorbed.append((change.start, change.end, change.kind))
        elif target is not None and item.role == "previous" and target.change.previous is None:
            # "declined 8% to $85.7 million, from $93.3 million": the delta and the level before
            target.change.previous = change.value
            item.role = "linked"
            target.absorbed.append((change.start, change.end, change.kind))
        elif item.role == "delta":
            item.change = change
    # A level reached by a change verb with no amount: "fell to $50bn" (not "raise $9m").
    for level in levels:
        if level.change is None and level.direction is not None and level.reached:
            word, tok = level.direction
            if tok.i < level.span.start and tok.lower_ not in ("to", "from", "by"):
                level.change = Change(
                    text=tok.text, start=tok.idx, end=tok.idx + len(tok.text), direction=word
                )


def _target(item: Item, levels: list[Item], tuning: Tuning) -> Item | None:
    """The level a change modifies: the next "to" amount, else the nearest one before it."""
    best: tuple[tuple[int, int], Item] | None = None
    for level in levels:
        gap = abs(level.amount.start - item.amount.start)
        if gap > tuning.max_change_gap:
            continue
        if item.amount.kind == "money" and level.amount.kind != "money":
            continue
        # A percentage changes by points ("up 0.3 percentage points to 4.1%") or from an
        # earlier percentage ("fell to 9% from 40%"), not by a percentage of itself.
        if level.amount.kind == "percent" and not (
            item.amount.unit == "percentage_point"
            or (item.role == "previous" and item.amount.kind == "percent")
        ):
            continue
        # "$387.8 million" changes a total, "$5.63 a share" a per-share figure; but "$46.50 a
        # share, down $2.25" gives the rate once, on the level.
        if (
            item.amount.kind == "money"
            and level.amount.unit != item.amount.unit
            and not _rate_written_once(level.amount, item.amount, tuning.rate_once_gap)
        ):
            continue
        after = level.amount.start > item.amount.start
        # "rose 5% to $2.3bn": the level reached comes after; "$2.3bn, up 5%": it comes before.
        key = (0 if after and level.reached else 2 if after else 1, gap)
        if best is None or key < best[0]:
            best = (key, level)
    return best[1] if best else None


def _rate_written_once(level: Amount, change: Amount, most: int) -> bool:
    gap = change.start - level.end if change.start >= level.end else level.start - change.end
    return (
        level.unit is not None
        and change.unit is None
        and 0 <= gap <= most
        and abs(change.value) < abs(level.value)
    )


def _make_change(item: Item, text: str, lex: Lexicon, target: Item | None) -> Change:
    amount = item.amount
    start, end = amount.start, amount.end
    direction = None
    if item.role_start is not None:
        start = item.role_start  # "by $2bn", "from $80bn", "compared with $3.8 million"
    if item.direction is not None:
        direction, tok = item.direction
        if tok.idx < start and item.span.start - tok.i <= 4:
            start = tok.idx  # "up 30%", "rose by about 5%"; not a verb a clause away
    if c := lex.comparison_re.match(text, end):
        end = c.end()
    if direction is None:
        if item.role == "previous" and target is not None:
            level = target.amount.value
            direction = "down" if amount.value > level else "up" if amount.value < level else None
        elif amount.value < 0:
            direction = "down"
    value = abs(amount.value) if item.role == "delta" else amount.value
    return Change(
        text=text[start:end],
        start=start,
        end=end,
        direction=direction or "up",
        value=value,
        unit=amount.unit if amount.kind != "money" else None,
        currency=amount.currency,
        kind="delta" if item.role == "delta" else "previous",
    )
