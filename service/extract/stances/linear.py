"""The linear pair classifier: relation features of a parsed sentence, logistic regression.

Trained by ``training/train_stances.py linear`` with scikit-learn; only its vocabulary, idf
weights and coefficients are shipped (``model/linear.json``), and scoring re-implements
scikit-learn's TF-IDF (sublinear tf, idf, L2 norm) and the multinomial softmax with NumPy, so
scikit-learn is not a runtime dependency. Same five classes as :mod:`.classifier`, for the pair
(e1, e2) with e1 the earlier mention.

The features are those of relation classification, which know where the two entities are:
n-grams of the sentence with both entities masked (the model learns patterns, not names), the
words before, between and after them, each tagged by segment; the dependency path between the
two entities (the lowest common head's lemma with the two entities' roles under it, the path's
labels and words, a passive on it, a negation of the head) and the cue lexicon's words on it or
elsewhere in the sentence. Direction lives mostly in the parse ("X was praised by Y", "Y's
criticism of X"), and the parse is there already: the service has parsed the article.
"""

from __future__ import annotations

import base64
import itertools
import json
import threading
from pathlib import Path
from typing import NamedTuple

import numpy as np
from spacy.tokens import Span as SpacySpan

from service.extract.stances.classifier import CLASSES, MODEL_DIR, softmax
from service.extract.stances.lexicon import Cue

MODEL_FILE = "linear.json"


class Tok(NamedTuple):
    """What the features read of a token; offsets and heads relative to its sentence."""

    start: int
    end: int
    lower: str
    lemma: str
    dep: str
    head: int


class Parsed(NamedTuple):
    """A sentence's tokens and its cue words (token index -> cue kind)."""

    toks: list[Tok]
    cues: dict[int, str]


def parsed_sentence(sent: SpacySpan, cues: list[Cue]) -> Parsed:
    """The classifier's view of a parsed sentence and the lexicon cues matched in it."""
    base, first = sent.start_char, sent.start
    n = len(sent)
    toks = []
    for i, t in enumerate(sent):
        head = t.head.i - first
        # A head outside the span (a sentence cut at a line break) ends the path there.
        toks.append(
            Tok(
                t.idx - base,
                t.idx - base + len(t.text),
                t.lower_,
                t.lemma_.lower(),
                t.dep_,
                head if 0 <= head < n else i,
            )
        )
    return Parsed(toks, {c.start - first: c.kind for c in cues if first <= c.start < first + n})


def _span_tokens(toks: list[Tok], start: int, end: int) -> list[int]:
    return [i for i, t in enumerate(toks) if t.start < end and t.end > start]


def _root(toks: list[Tok], ids: list[int]) -> int:
    inside = set(ids)
    for i in ids:
        if toks[i].head == i or toks[i].head not in inside:
            return i
    return ids[-1]


def _ancestors(toks: list[Tok], i: int) -> list[int]:
    out = [i]
    seen = {i}  # a set: a run-on sentence's chain of heads can be thousands long
    while toks[i].head != i and toks[i].head not in seen:
        i = toks[i].head
        out.append(i)
        seen.add(i)
    return out


def _bucket(n: int) -> str:
    for b in (0, 1, 2, 3, 5, 8, 12, 20, 30):
        if n <= b:
            return str(b)
    return "far"


def _ngrams(out: list[str], words: list[str], tag: str, bigrams: bool = True) -> None:
    out.extend(tag + w for w in words)
    if bigrams:
        out.extend(f"{tag}{a}_{b}" for a, b in itertools.pairwise(words))


#: Words on each side of an entity that get features of their own (the nearest words).
WINDOW = 3


def features(parsed: Parsed, e1: tuple[int, int], e2: tuple[int, int]) -> list[str]:
    """Feature strings for the pair (e1, e2), character spans in the sentence, e1 first."""
    toks, cue_of = parsed
    a_ids, b_ids = _span_tokens(toks, *e1), _span_tokens(toks, *e2)
    if not a_ids or not b_ids:
        return ["nospan"]
    a0, a1 = a_ids[0], a_ids[-1] + 1
    b0, b1 = max(b_ids[0], a1), b_ids[-1] + 1
    low = [t.lower for t in toks]
    before, mid, after = low[:a0], low[a1:b0], low[b1:]
    f: list[str] = []
    _ngrams(f, [*before, "E1", *mid, "E2", *after], "w:")
    _ngrams(f, before, "b:", bigrams=False)
    _ngrams(f, mid, "m:")
    _ngrams(f, after, "a:", bigrams=False)
    _ngrams(f, before[-WINDOW:], "pb1:")
    _ngrams(f, mid[:WINDOW], "pa1:")
    _ngrams(f, mid[-WINDOW:], "pb2:")
    _ngrams(f, after[:WINDOW], "pa2:")
    # The names themselves, apart: some actors are usually criticised (a weak prior).
    f.extend("e1:" + w for w in low[a0:a1])
    f.extend("e2:" + w for w in low[b0:b1])
    f.append("dist:" + _bucket(b0 - a1))

    ra, rb = _root(toks, a_ids), _root(toks, b_ids)
    f += ["d1:" + toks[ra].dep, "d2:" + toks[rb].dep, f"dd:{toks[ra].dep}_{toks[rb].dep}"]
    up_a, up_b = _ancestors(toks, ra), _ancestors(toks, rb)
    on_b = set(up_b)
    lca = next((x for x in up_a if x in on_b), None)
    if lca is None:
        f.append("nopath")
    else:
        up, down = up_a[: up_a.index(lca)], up_b[: up_b.index(lca)]
        role_a = toks[up[-1]].dep if up else "SELF"
        role_b = toks[down[-1]].dep if down else "SELF"
        head = toks[lca].lemma
        f += [
            "lca:" + head,
            f"lcar:{role_a}_{head}_{role_b}",
            f"roles:{role_a}_{role_b}",
            "plen:" + _bucket(len(up) + len(down)),
        ]
        deps = [toks[x].dep for x in up] + ["^"] + [toks[x].dep for x in reversed(down)]
        f.append("pdeps:" + "/".join(deps) if len(deps) <= 7 else "pdeps:long")
        inner = [*up[1:], lca, *down[1:]]
        for x in inner:
            f.append("pl:" + toks[x].lemma)
            if x in cue_of:
                f += ["pcue:" + cue_of[x], f"pcue:{cue_of[x]}_{role_a}_{role_b}"]
        if any(t.head == lca and t.dep == "neg" for t in toks):
            f.append("lcaneg")
        if any(toks[x].dep in ("nsubjpass", "agent", "auxpass") for x in up + down):
            f.append("passive")
        on_path = set(inner)
        for j, t in enumerate(toks):
            if t.head == lca and j != lca and j in cue_of and j not in on_path:
                f.append(f"lcacue:{cue_of[j]}_{role_a}_{role_b}")
    for j, kind in cue_of.items():
        segment = "B" if j < a0 else "M" if j < b0 else "A" if j >= b1 else "E"
        f.append(f"cue:{segment}:{kind}")
    return f


class LinearClassifier:
    def __init__(self, path: Path) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        terms = data["terms"].split("\n")
        self.idf = _array(data["idf"]).astype(np.float64)
        self.coef = _array(data["coef"]).reshape(len(terms), -1).astype(np.float64)
        self.intercept = np.asarray(data["intercept"], dtype=np.float64)
        self.index: dict[str, int] = {term: i for i, term in enumerate(terms)}

    def predict(self, items: list[tuple[Parsed, tuple[int, int], tuple[int, int]]]) -> np.ndarray:
        """Probabilities (len(items), 5) for (sentence, e1 span, e2 span) triples, all rows in
        one NumPy pass."""
        get = self.index.get
        hits = [
            [i for i in map(get, features(parsed, e1, e2)) if i is not None]
            for parsed, e1, e2 in items
        ]
        logits = np.tile(self.intercept, (len(items), 1))
        if not any(hits):
            return softmax(logits)
        # Term counts per row: unique (row, term) keys, in one NumPy pass over every pair.
        width = len(self.index)
        keys = np.concatenate(
            [np.asarray(h, dtype=np.int64) + row * width for row, h in enumerate(hits) if h]
        )
        keys, tf = np.unique(keys, return_counts=True)
        r, col = np.divmod(keys, width)
        weights = (1.0 + np.log(tf)) * self.idf[col]  # sublinear tf-idf, as trained
        norms = np.bincount(r, weights**2, minlength=len(items))
        weights /= np.sqrt(norms[r])
        contributions = weights[:, None] * self.coef[col]
        for k in range(logits.shape[1]):
            logits[:, k] += np.bincount(r, contributions[:, k], minlength=len(items))
        return softmax(logits)


def _array(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<f2")


def save(
    path: Path, terms: list[str], idf: np.ndarray, coef: np.ndarray, intercept: np.ndarray
) -> None:
    """The shipped file: JSON (the package ships ``*.json``), terms newline-joined, idf and
    coefficients as base64 little-endian float16, under half the size of decimal text; the
    rounding moves no prediction on valid.txt."""
    data = {
        "name": "stance-pair-linear",
        "classes": list(CLASSES),
        "terms": "\n".join(terms),
        "idf": base64.b64encode(idf.astype("<f2").tobytes()).decode("ascii"),
        "coef": base64.b64encode(coef.astype("<f2").tobytes()).decode("ascii"),
        "intercept": [round(float(x), 6) for x in intercept],
    }
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")


_lock = threading.Lock()
_linear: LinearClassifier | None = None


def load() -> LinearClassifier | None:
    global _linear
    if _linear is None:
        with _lock:
            path = MODEL_DIR / MODEL_FILE
            if _linear is None and path.exists():
                _linear = LinearClassifier(path)
    return _linear
