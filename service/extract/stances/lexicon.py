"""The stance knowledge, loaded once per process: the cue lexicon (``stance_cues.tsv``), the
PLOVER event categories its cues name (``plover.yaml``) and the word lists the role grammar
reads (``stance_roles.yaml``), all in ``service/knowledge``."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan

from service.extract.results import Event
from service.knowledge import path, read_rows, read_yaml

LEXICON_FILE = "stance_cues.tsv"
#: The cue lexicon, for the training scripts that fingerprint what a model was trained with.
LEXICON_PATH = path(LEXICON_FILE)

SUPPORTIVE, CRITICAL, MUTUAL = "supportive", "critical", "mutual"
HEDGE, SPEECH, NEGATOR = "hedge", "speech", "negator"
POLAR = frozenset({SUPPORTIVE, CRITICAL, MUTUAL})
KINDS = frozenset({SUPPORTIVE, CRITICAL, MUTUAL, HEDGE, SPEECH, NEGATOR})


@dataclass(slots=True, frozen=True)
class Entry:
    words: tuple[str, ...]
    kind: str
    weight: float
    event: Event | None = None


@dataclass(slots=True, frozen=True)
class Cue:
    """A lexicon match: token indices into the doc (end exclusive) and what it carries."""

    start: int
    end: int
    kind: str
    weight: float
    event: Event | None = None

    @property
    def head(self) -> int:
        """The token a phrase hangs on: its last word for most phrases is good enough."""
        return self.start


@dataclass(slots=True)
class Lexicon:
    #: first word -> entries starting with it, longest first so phrases win over single words.
    by_first: dict[str, list[Entry]]

    def match(self, sent: SpacySpan) -> list[Cue]:
        """Non-overlapping cues in the sentence, longest match first at each position."""
        cues: list[Cue] = []
        i = sent.start
        end = sent.end
        doc = sent.doc
        while i < end:
            token = doc[i]
            found: Cue | None = None
            # Lemma first, in a fixed order: a set's order changes with the hash seed, and a
            # token whose lemma and surface are both cues ("backing", "back") must read one way.
            for key in dict.fromkeys((token.lemma_.lower(), token.lower_)):
                for entry in self.by_first.get(key, ()):
                    n = len(entry.words)
                    if i + n > end:
                        continue
                    if all(
                        w == "*" or w in (doc[i + k].lower_, doc[i + k].lemma_.lower())
                        for k, w in enumerate(entry.words)
                    ) and (found is None or n > found.end - found.start):
                        found = Cue(i, i + n, entry.kind, entry.weight, entry.event)
            if found is not None:
                cues.append(found)
                i = found.end
            else:
                i += 1
        return cues


def _load(name: str) -> Lexicon:
    events = plover()
    by_first: dict[str, list[Entry]] = {}
    for cue, kind, weight, *rest in read_rows(name):
        if kind not in KINDS:
            raise ValueError(f"{name}: unknown cue kind {kind!r} for {cue!r}")
        category = rest[0].strip() if rest else "-"
        if category != "-" and category not in events:
            raise ValueError(f"{name}: unknown PLOVER category {category!r} for {cue!r}")
        event = events.get(category)
        words = tuple(cue.lower().split())
        by_first.setdefault(words[0], []).append(Entry(words, kind, float(weight), event))
    for entries in by_first.values():
        entries.sort(key=lambda e: -len(e.words))
    return Lexicon(by_first)


@functools.cache
def load() -> Lexicon:
    return _load(LEXICON_FILE)


@functools.cache
def plover() -> dict[str, Event]:
    """PLOVER category -> its event (category and mode), from ``plover.yaml``."""
    if not path("plover.yaml").is_file():
        return {}
    raw = read_yaml("plover.yaml")
    return {name: Event(name, str(v["mode"])) for name, v in raw.items()}


@functools.cache
def roles() -> dict[str, frozenset[str]]:
    """The word lists of ``stance_roles.yaml``, each as a frozenset."""
    raw = read_yaml("stance_roles.yaml", strings=True)
    return {key: frozenset(words) for key, words in raw.items()}
