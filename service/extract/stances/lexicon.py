"""The stance knowledge, loaded once per process: the cue lexicon (``stance_cues.tsv``), the
PLOVER event categories its cues name (``plover.yaml``) and the word lists the role grammar
reads (``stance_roles.yaml``), all in ``service/knowledge``."""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from pathlib import Path

import yaml
from spacy.tokens import Span as SpacySpan

from service.extract.results import Event

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
LEXICON_PATH = KNOWLEDGE / "stance_cues.tsv"

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


def _load(path: Path) -> Lexicon:
    events = plover()
    by_first: dict[str, list[Entry]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        cue, kind, weight, *rest = raw.split("\t")
        if kind not in KINDS:
            raise ValueError(f"{path.name}: unknown cue kind {kind!r} for {cue!r}")
        category = rest[0].strip() if rest else "-"
        if category != "-" and category not in events:
            raise ValueError(f"{path.name}: unknown PLOVER category {category!r} for {cue!r}")
        event = events.get(category)
        words = tuple(cue.lower().split())
        by_first.setdefault(words[0], []).append(Entry(words, kind, float(weight), event))
    for entries in by_first.values():
        entries.sort(key=lambda e: -len(e.words))
    return Lexicon(by_first)


_lock = threading.Lock()
_lexicon: Lexicon | None = None


def load() -> Lexicon:
    global _lexicon
    if _lexicon is None:
        with _lock:
            if _lexicon is None:
                _lexicon = _load(LEXICON_PATH)
    return _lexicon


@functools.cache
def plover() -> dict[str, Event]:
    """PLOVER category -> its event (category and mode), from ``plover.yaml``."""
    path = KNOWLEDGE / "plover.yaml"
    if not path.exists():
        return {}
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {name: Event(name, str(v["mode"])) for name, v in raw.items()}


@functools.cache
def roles() -> dict[str, frozenset[str]]:
    """The word lists of ``stance_roles.yaml``, each as a frozenset."""
    # BaseLoader: every word a string (YAML 1.1 reads a bare "on" as true).
    text = (KNOWLEDGE / "stance_roles.yaml").read_text(encoding="utf-8")
    raw = yaml.load(text, Loader=yaml.BaseLoader)
    return {key: frozenset(words) for key, words in raw.items()}
