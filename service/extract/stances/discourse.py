"""What carries over from one sentence to the next: who is speaking, and whom a pair anaphor
("the two leaders", "the pair") refers to."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from service.extract.stances import rules
from service.extract.stances.actors import Actors
from service.extract.stances.lexicon import Cue
from service.extract.stances.roles import Actor

#: A quotation or an anaphoric speaker ("the official added") takes the speaker named at most
#: this many sentences before.
SPEAKER_REACH = 2
#: A mention pairs with at most this many following mentions when looking for coordination.
PAIR_WINDOW = 12


@dataclass(slots=True)
class Discourse:
    doc: Doc
    actors: Actors
    #: Entity ids, most recent last (a dict: moving one to the end costs the same however many).
    seen: dict[str, None] = field(default_factory=dict)
    first_mention: dict[str, Actor] = field(default_factory=dict)
    last_speaker: Actor | None = None
    since_speaker: int = 99
    last_coordinated: tuple[Actor, Actor] | None = None
    #: The verb of saying of the current sentence ("said"), whose clause is the statement;
    #: ``None`` where the whole sentence is ("according to CCTV, ...", a quotation on its own).
    speech_verb: Token | None = None

    def attributes(self, cue: Token) -> bool:
        """Whether the sentence's speaker makes the statement the cue is in: "Moscow believes
        that Europe ..." attributes that clause to Moscow, not "The West has adopted sanctions"
        before it."""
        verb = self.speech_verb
        return verb is None or cue.i == verb.i or any(a.i == verb.i for a in cue.ancestors)

    def speaker(self, sent: SpacySpan, cues: list[Cue], here: list[Actor]) -> Actor | None:
        """Who the sentence's statement is attributed to: the subject of its verb of saying (the
        mention at the subject's head, else one in it: "a State Department spokesman"), or the
        speaker of just before for a quotation on its own or "the official added"."""
        tokens, anaphoric = rules.speaker_tokens(sent, cues)
        found: Actor | None = None
        self.speech_verb = None
        if tokens:
            head = min(tokens, key=lambda t: len(list(t.ancestors)))
            if head.dep_ in ("nsubj", "nsubjpass") and head.head.pos_ in ("VERB", "AUX"):
                self.speech_verb = head.head
            found = self.actors.index.at(head)
            if found is None:
                # "a US State Department spokesman", "a spokesman for the Kremlin": the name
                # nearest the head is the body that speaks, not a modifier further out.
                lo = min(t.idx for t in tokens)
                hi = max(t.idx + len(t) for t in tokens)
                inside = [a for a in here if lo <= a.mention.start < hi]
                if inside:
                    found = min(inside, key=lambda a: abs(a.mention.end - head.idx))
        quoted = anaphoric or rules.is_quote_only(sent)
        if found is None and quoted and self.since_speaker <= SPEAKER_REACH:
            found = self.last_speaker
        return found

    def pair(self, sent: SpacySpan, here: list[Actor]) -> tuple[Actor, Actor] | None:
        """The two actors "the two leaders" (the last two people named before) or "the two
        countries" / "the pair" (the last coordinated pair, else the countries of the last two
        leaders) refers to."""
        in_here = {a.entity for a in here}
        by_id = self.actors.by_id
        for pattern, types in rules.PAIR_ANAPHORS:
            if not pattern.search(sent.text):
                continue
            if "PERSON" in types:
                people = self._last_two(
                    e for e in reversed(self.seen) if e not in in_here and by_id[e].type == "PERSON"
                )
                return self._actors(people[1], people[0]) if len(people) == 2 else None
            if self.last_coordinated is not None:
                return self.last_coordinated
            leaders = self._last_two(
                self.actors.lift(e)
                for e in reversed(self.seen)
                if by_id[e].type == "PERSON" and self.actors.lift(e) != e
            )
            return self._actors(leaders[1], leaders[0]) if len(leaders) == 2 else None
        return None

    @staticmethod
    def _last_two(ids: Iterator[str]) -> list[str]:
        """The first two distinct ids, reading no further (the article may name thousands)."""
        out: list[str] = []
        for e in ids:
            if e not in out:
                out.append(e)
                if len(out) == 2:
                    break
        return out

    def _actors(self, a: str, b: str) -> tuple[Actor, Actor] | None:
        if a in self.first_mention and b in self.first_mention:
            return self.first_mention[a], self.first_mention[b]
        return None

    def advance(self, here: list[Actor], speaker: Actor | None) -> None:
        for a in here:
            self.seen.pop(a.entity, None)
            self.seen[a.entity] = None
            self.first_mention.setdefault(a.entity, a)
        self.since_speaker += 1
        if speaker is not None:
            self.last_speaker, self.since_speaker = speaker, 0
        coordinated = _coordinated(self.doc, here)
        if coordinated is not None:
            self.last_coordinated = coordinated


def _coordinated(doc: Doc, here: list[Actor]) -> tuple[Actor, Actor] | None:
    """The first two distinct actors named as conjuncts ("Beijing and Moscow")."""
    roots = []
    for a in here:
        span = rules.token_span(doc, a.mention.start, a.mention.end)
        if span is not None:
            roots.append((span.root, a))
    for i, (ra, a) in enumerate(roots):
        for rb, b in roots[i + 1 : i + 1 + PAIR_WINDOW]:
            if a.entity != b.entity and rules.coordinated(ra, rb):
                return a, b
    return None
