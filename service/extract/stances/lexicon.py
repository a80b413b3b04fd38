"""The stance cue lexicon (``service/knowledge/stance_cues.tsv``), loaded once per process."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Span as SpacySpan

LEXICON_PATH = Path(__file__).resolve().parents[2] / "knowledge" / "stance_cues.tsv"

SUPPORTIVE, CRITICAL, MUTUAL = "supportive", "critical", "mutual"
HEDGE, SPEECH, NEGATOR = "hedge", "speech", "negator"
POLAR = frozenset({SUPPORTIVE, CRITICAL, MUTUAL})
KINDS = frozenset({SUPPORTIVE, CRITICAL, MUTUAL, HEDGE, SPEECH, NEGATOR})


@dataclass(slots=True, frozen=True)
class Entry:
    words: tuple[str, ...]
    kind: str
    weight: float


@dataclass(slots=True, frozen=True)
class Cue:
    """A lexicon match: token indices into the doc (end exclusive) and what it carries."""

    start: int
    end: int
    kind: str
    weight: float

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
            for key in {token.lower_, token.lemma_.lower()}:
                for entry in self.by_first.get(key, ()):
                    n = len(entry.words)
                    if i + n > end:
                        continue
                    if all(
                        w == "*" or w in (doc[i + k].lower_, doc[i + k].lemma_.lower())
                        for k, w in enumerate(entry.words)
                    ) and (found is None or n > found.end - found.start):
                        found = Cue(i, i + n, entry.kind, entry.weight)
            if found is not None:
                cues.append(found)
                i = found.end
            else:
                i += 1
        return cues


def _load(path: Path) -> Lexicon:
    by_first: dict[str, list[Entry]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        cue, kind, weight = raw.split("\t")
        if kind not in KINDS:
            raise ValueError(f"{path.name}: unknown cue kind {kind!r} for {cue!r}")
        words = tuple(cue.lower().split())
        by_first.setdefault(words[0], []).append(Entry(words, kind, float(weight)))
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
