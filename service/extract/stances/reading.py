"""Reading a sentence's links: the rules in order, the grammar's before the path's."""

from __future__ import annotations

from service.extract.stances.links import (
    Link,
    Rule,
    Sentence,
    mutual_rule,
    predicate_rule,
    speaker_rule,
)
from service.extract.stances.paths import path_rule

#: The rules, in order; each yields the links it finds in a sentence.
RULES: tuple[Rule, ...] = (predicate_rule, mutual_rule, speaker_rule, path_rule)


def sentence_links(sent: Sentence) -> list[Link]:
    """Every rule's links; the path rule only for cues the grammar read no roles of (where it
    did, the roles say who holds the cue and at whom it is aimed; the path would guess), and only
    along paths that pass no such cue ("urged the minister not to attack Blair": the grammar
    reads the attack, negated; "urged" on the same path must not make it critical)."""
    found: list[Link] = []
    read: set[int] = set()  # cues the grammar gave roles to
    for rule in RULES:
        for link in rule(sent):
            if link.rule == "path":
                if link.cue.start in read or not read.isdisjoint(link.via):
                    continue
            else:
                read.add(link.cue.start)
            found.append(link)
    return found
