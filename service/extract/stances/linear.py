"""The linear pair classifier: relation features of a parsed sentence, logistic regression
averaged with a linear SVM on the same terms.

Trained by ``training/train_stances.py linear`` with scikit-learn; only its vocabulary, idf
weights and coefficients are shipped (``model/linear.json``), and scoring re-implements
scikit-learn's TF-IDF (sublinear tf, idf, L2 norm), the multinomial softmax and the SVM's
scores with NumPy, so scikit-learn is not a runtime dependency. Same five classes as
:mod:`.transformer`, for the pair (e1, e2) with e1 the earlier mention. The SVM (0.3 of the
average, its scores through a softmax at temperature 10) and the governing verbs below added
0.006 macro-F1 on 5-fold cross-validation of train.txt and 0.009 on valid.txt.

The features are those of relation classification, which know where the two entities are:
n-grams of the sentence with both entities masked (the model learns patterns, not names), the
words before, between and after them, each tagged by segment; the dependency path between the
two entities (the lowest common head's lemma with the two entities' roles under it, the path's
labels and words, a passive on it, a negation of the head), the verb that governs each entity
with the entity branch's relation to it, and the cue lexicon's words on the path or elsewhere
in the sentence. Direction lives mostly in the parse ("X was praised by Y", "Y's
criticism of X"), and the parse is there already: the service has parsed the article.
"""

from __future__ import annotations

import base64
import bisect
import itertools
import json
from pathlib import Path
from typing import NamedTuple

import numpy as np
from spacy.tokens import Span as SpacySpan

from service.extract.once import Once
from service.extract.stances.lexicon import Cue
from service.extract.stances.transformer import CLASSES, MODEL_DIR, softmax

MODEL_FILE = "linear.json"


class Tok(NamedTuple):
    """What the features read of a token; offsets and heads relative to its sentence."""

    start: int
    end: int
    lower: str
    lemma: str
    dep: str
    head: int
    pos: str


class Grams(NamedTuple):
    """What the pairs of a sentence share, built once: its word n-gram features, sliced per
    pair (``*_uni[i]`` is tag + word i, ``*_bi[i]`` tag + word i _ word i+1), and the tokens
    with a negation under them."""

    words: list[str]
    w_uni: list[str]
    w_bi: list[str]
    b_uni: list[str]
    m_uni: list[str]
    m_bi: list[str]
    a_uni: list[str]
    negated: frozenset[int]
    starts: list[int]
    ends: list[int]


def grams(toks: list[Tok]) -> Grams:
    words = [t.lower for t in toks]
    bigrams = [f"{a}_{b}" for a, b in itertools.pairwise(words)]
    return Grams(
        words,
        ["w:" + w for w in words],
        ["w:" + b for b in bigrams],
        ["b:" + w for w in words],
        ["m:" + w for w in words],
        ["m:" + b for b in bigrams],
        ["a:" + w for w in words],
        frozenset(t.head for t in toks if t.dep == "neg"),
        [t.start for t in toks],
        [t.end for t in toks],
    )


class Parsed(NamedTuple):
    """A sentence's tokens, its cue words (token index -> cue kind) and its n-grams."""

    toks: list[Tok]
    cues: dict[int, str]
    grams: Grams | None = None


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
                t.pos_,
            )
        )
    cue_of = {c.start - first: c.kind for c in cues if first <= c.start < first + n}
    return Parsed(toks, cue_of, grams(toks))


def _span_tokens(g: Grams, start: int, end: int) -> list[int]:
    """The tokens overlapping ``[start, end)``: tokens do not overlap, so both their starts and
    their ends are sorted, and two bisections find them."""
    return list(range(bisect.bisect_right(g.ends, start), bisect.bisect_left(g.starts, end)))


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
    toks, cue_of = parsed.toks, parsed.cues
    g = parsed.grams or grams(toks)
    a_ids, b_ids = _span_tokens(g, *e1), _span_tokens(g, *e2)
    if not a_ids or not b_ids:
        return ["nospan"]
    a0, a1 = a_ids[0], a_ids[-1] + 1
    b0, b1 = max(b_ids[0], a1), b_ids[-1] + 1
    low = g.words
    before, mid, after = low[:a0], low[a1:b0], low[b1:]
    # The n-grams of the sentence with the entities masked as E1 and E2, and of the words
    # before, between and after them: slices of the sentence's own n-grams, plus the few
    # that cross an entity's edge (building every string per pair took half the section).
    f: list[str] = [*g.w_uni[:a0], "w:E1", *g.w_uni[a1:b0], "w:E2", *g.w_uni[b1:]]
    f += g.w_bi[: max(a0 - 1, 0)]
    f += g.w_bi[a1 : max(b0 - 1, a1)]
    f += g.w_bi[b1:]
    left = [*before[-1:], "E1", *(mid[:1] or ["E2"])]
    right = [*mid[-1:], "E2", *after[:1]] if mid else ["E2", *after[:1]]
    f.extend(f"w:{x}_{y}" for x, y in itertools.pairwise(left))
    f.extend(f"w:{x}_{y}" for x, y in itertools.pairwise(right))
    f += g.b_uni[:a0]
    f += g.m_uni[a1:b0]
    f += g.m_bi[a1 : max(b0 - 1, a1)]
    f += g.a_uni[b1:]
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
        if lca in g.negated:
            f.append("lcaneg")
        if any(toks[x].dep in ("nsubjpass", "agent", "auxpass") for x in up + down):
            f.append("passive")
        on_path = set(inner)
        for j, kind in cue_of.items():
            if toks[j].head == lca and j != lca and j not in on_path:
                f.append(f"lcacue:{kind}_{role_a}_{role_b}")
    _governing_verbs(f, toks, cue_of, up_a, "g1:")
    _governing_verbs(f, toks, cue_of, up_b, "g2:")
    for j, kind in cue_of.items():
        segment = "B" if j < a0 else "M" if j < b0 else "A" if j >= b1 else "E"
        f.append(f"cue:{segment}:{kind}")
    return f


_VERBS = frozenset({"VERB", "AUX"})


def _governing_verbs(
    f: list[str], toks: list[Tok], cue_of: dict[int, str], up: list[int], tag: str
) -> None:
    """The nearest verb above an entity, with the relation the entity's branch has to it
    ("nsubj_praise", "pobj"-> "prep_accuse"): who does what, whether or not the other entity
    hangs under the same verb. On 5-fold CV of train.txt the reverse classes gain most (b+a)."""
    for k in range(1, len(up)):
        x = up[k]
        if toks[x].pos in _VERBS:
            dep = toks[up[k - 1]].dep
            f += [f"{tag}{dep}_{toks[x].lemma}", tag + toks[x].lemma]
            if x in cue_of:
                f.append(f"{tag}cue_{cue_of[x]}_{dep}")
            return


class LinearClassifier:
    """Logistic regression over the TF-IDF of :func:`features`; optionally averaged with a
    linear SVM on the same terms (``margin``: its scores through a softmax at a temperature),
    both scored in the one pass over the terms."""

    def __init__(self, path: Path) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        terms = data["terms"].split("\n")
        self.idf = _array(data["idf"]).astype(np.float64)
        coef = _array(data["coef"]).reshape(len(terms), -1)
        intercept = list(data["intercept"])
        margin = data.get("margin")
        self.classes = coef.shape[1]
        self.margin_weight = 0.0
        self.margin_temperature = 1.0
        if margin:
            coef = np.hstack([coef, _array(margin["coef"]).reshape(len(terms), -1)])
            intercept += margin["intercept"]
            self.margin_weight = float(margin["weight"])
            self.margin_temperature = float(margin["temperature"])
        # float32 holds the shipped float16 exactly, at half the memory of float64.
        self.coef = coef.astype(np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float64)
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
        if any(hits):
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
            # Keys are sorted, so each row's terms are one run: summed per run, all classes at once.
            starts = np.flatnonzero(np.r_[True, r[1:] != r[:-1]])
            logits[r[starts]] += np.add.reduceat(weights[:, None] * self.coef[col], starts, axis=0)
        k = self.classes
        probs = softmax(logits[:, :k])
        if self.margin_weight > 0:
            w = self.margin_weight
            probs = (1 - w) * probs + w * softmax(self.margin_temperature * logits[:, k:])
        return probs


def _array(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<f2")


def _encode(values: np.ndarray) -> str:
    return base64.b64encode(values.astype("<f2").tobytes()).decode("ascii")


def save(
    path: Path,
    terms: list[str],
    idf: np.ndarray,
    coef: np.ndarray,
    intercept: np.ndarray,
    margin: tuple[np.ndarray, np.ndarray, float, float] | None = None,
) -> None:
    """The shipped file: JSON (the package ships ``*.json``), terms newline-joined, idf and
    coefficients as base64 little-endian float16, under half the size of decimal text; the
    rounding moves no prediction on valid.txt. ``margin``: the SVM's coefficients, intercepts,
    temperature and weight in the average."""
    data: dict[str, object] = {
        "name": "stance-pair-linear",
        "classes": list(CLASSES),
        "terms": "\n".join(terms),
        "idf": _encode(idf),
        "coef": _encode(coef),
        "intercept": [round(float(x), 6) for x in intercept],
    }
    if margin is not None:
        m_coef, m_intercept, temperature, weight = margin
        data["margin"] = {
            "coef": _encode(m_coef),
            "intercept": [round(float(x), 6) for x in m_intercept],
            "temperature": temperature,
            "weight": weight,
        }
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")


_linear: Once[LinearClassifier] = Once()


def use(model: LinearClassifier | None) -> None:
    """Serve ``model`` instead of the shipped weights (``None``: the shipped ones again), for
    scoring retrained models through the whole section (``eval/stances.py --train-folds``)."""
    _linear.set(model)


def load() -> LinearClassifier | None:
    def build() -> LinearClassifier | None:
        path = MODEL_DIR / MODEL_FILE
        return LinearClassifier(path) if path.exists() else None

    return _linear.get(build)
