"""The names of one document while ``news_names`` builds them: one object the rules refine."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from service.knowledge import actors


class NameSet:
    """A document's name spans, in the order they were made, and which tokens they cover.

    Every rule reads and changes the names through this object, so that the spans and the
    ``taken`` marks (a token belongs to at most one name) never disagree.
    """

    __slots__ = ("doc", "spans", "taken", "tokens")

    def __init__(self, doc: Doc, tokens: list[Token]) -> None:
        self.doc = doc
        # Token objects made once: ``doc[i]`` builds a new one on every access.
        self.tokens = tokens
        self.spans: list[Span] = []
        self.taken = [False] * len(doc)

    def add(self, span: Span) -> None:
        """Add a name over tokens no other name holds."""
        self.spans.append(span)
        self.cover(span.start, span.end)

    def cover(self, start: int, end: int) -> None:
        for i in range(start, end):
            self.taken[i] = True

    def free(self, start: int, end: int) -> bool:
        """Does no name hold any of tokens[start:end]?"""
        return not any(self.taken[start:end])

    def replace(self, new: Span) -> None:
        """Put ``new`` in place of every name it overlaps."""
        kept = [s for s in self.spans if s.end <= new.start or s.start >= new.end]
        for s in self.spans:
            if not (s.end <= new.start or s.start >= new.end):
                for i in range(s.start, s.end):
                    self.taken[i] = False
        self.cover(new.start, new.end)
        self.spans = [*kept, new]


def kind(span: Span, kb: actors.KnowledgeBase) -> str | None:
    """The knowledge-base kind of a linked name ("country", "city"...), else None."""
    if not span.kb_id_:
        return None
    return kb.entries[span.kb_id_.split("|")[0]].kind


def capitalized_run(tokens: list[Token], end: int, limit: int = 4) -> int:
    """Start of the run of capitalized words ending just before ``end``."""
    start = end
    while (
        start > 0
        and end - start < limit
        and tokens[start - 1].text[:1].isupper()
        and any(c.isalpha() for c in tokens[start - 1].text)
        and tokens[start - 1].text not in ("(", ")")
    ):
        start -= 1
    return start
