"""The figures section's tunable settings: the ``news_trade_figures`` component's
``default_config``, read through one :class:`Tuning` object that is passed down to the cue,
source, party and change readers.

Not here, as they are no reading choices: ``context.FAR`` (the distance of tokens the tree walk
does not join) and ``context.MAX_CLIMB`` (the walk's bound, so a pathological parse costs no
more), ``MAX_CONTEXT_CHARS`` (a window too long to search again per amount), ``DATELINE_CHARS``
(where a dateline sits) and ``context._MAX_CUE_WORDS`` (the longest cue in ``figures.json``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Tuning:
    """How near a cue, party or change must be to an amount, and how far back sentences are
    read."""

    # Metric cues (tree distances from the amount).
    #: Largest distance at which a metric cue still ties a percentage to the economy.
    percent_cue_distance: int = 5
    #: The same for the vaguer cues: "other" ones ("shares", "production") and weak ones
    #: ("value").
    percent_vague_cue_distance: int = 4
    #: Largest distance at which a cue names a money figure's metric (else "other").
    money_cue_distance: int = 6
    #: Extra distance of a verb cue ("pay"): any noun cue about as near wins over it ("pay
    #: about $100 million in interest" is interest on debt).
    verb_cue_penalty: int = 3

    # Sentences read around a figure's own.
    #: Sentences looked back for the two parties of "bilateral trade" with none named.
    look_back: int = 2
    #: Sentences a figure's period carries over to figures of sentences with no date of their
    #: own.
    period_carry: int = 2
    #: Sentences looked back for the organisation "it", "its" and "the company" stand for.
    antecedent_look_back: int = 6
    #: Sentences longer than this many tokens are read in windows of this size around each
    #: amount.
    long_sentence: int = 120

    # Parties and the source.
    #: Largest tree distance from the amount or its cue at which a mention is a party.
    max_party_distance: int = 7
    #: Largest tree distance from the amount or its cue at which "it", "its", "the company" is
    #: one.
    max_anaphor_distance: int = 3
    #: Largest tree distance from the amount of the word a role rule reads ("acquire",
    #: "offer").
    max_role_word_distance: int = 5
    #: Phrases climbed from a name to the word a role rule reads ("shares of X", "X's offer").
    max_relation_hops: int = 3
    #: Steps up the tree looked at for a bystander clause (apposition, relative clause).
    bystander_climb: int = 4
    #: Words kept either side of a source's head noun: a name, not a clause.
    max_source_side: int = 10

    # Changes (characters).
    #: Most characters between a change ("up 5%") and the level it modifies ("$2.3bn").
    max_change_gap: int = 120
    #: Most characters between a per-share level and a change that shares its rate ("$46.50 a
    #: share, down $2.25"; "a decline of 87.5 cents in Intel's stock to $32 a share").
    rate_once_gap: int = 60


DEFAULT_TUNING = Tuning()
