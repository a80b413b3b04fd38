"""The TF-IDF + logistic-regression pair classifier, served with the standard library and NumPy.

Trained by ``training/train_stances.py baseline --export`` with scikit-learn; only its
vocabulary, idf weights and coefficients are shipped (``model/linear.json``), and scoring
re-implements scikit-learn's analysis exactly (lower-case, whitespace tokens, uni- and bigrams,
sublinear tf, idf, L2 norm, multinomial softmax), so scikit-learn is not a runtime dependency.
Same five classes as :mod:`.classifier`, for the pair (e1, e2) with e1 the earlier mention.
"""

from __future__ import annotations

import itertools
import json
import math
import threading
from pathlib import Path

import numpy as np

from service.extract.stances.classifier import MODEL_DIR, softmax

E1_OPEN, E1_CLOSE, E2_OPEN, E2_CLOSE = " [e1] ", " [/e1] ", " [e2] ", " [/e2] "


def features(text: str, e1: tuple[int, int], e2: tuple[int, int]) -> str:
    """The sentence with both entities marked, then the words between them, tagged."""
    (a0, a1), (b0, b1) = sorted([e1, e2])
    first_open, first_close, second_open, second_close = (
        (E1_OPEN, E1_CLOSE, E2_OPEN, E2_CLOSE)
        if e1[0] <= e2[0]
        else (E2_OPEN, E2_CLOSE, E1_OPEN, E1_CLOSE)
    )
    marked = (
        text[:a0]
        + first_open
        + text[a0:a1]
        + first_close
        + text[a1:b0]
        + second_open
        + text[b0:b1]
        + second_close
        + text[b1:]
    )
    between = text[a1:b0].lower().split()
    return marked + " ||| " + " ".join("bt_" + w for w in between)


def analyze(doc: str) -> list[str]:
    """scikit-learn's word analyzer with ``token_pattern=r"\\S+"``, ``ngram_range=(1, 2)``."""
    tokens = doc.lower().split()
    return tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]


class LinearClassifier:
    def __init__(self, path: Path) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        self.index: dict[str, int] = {term: i for i, term in enumerate(data["terms"])}
        self.idf = np.asarray(data["idf"], dtype=np.float64)
        self.coef = np.asarray(data["coef"], dtype=np.float64)  # (terms, classes)
        self.intercept = np.asarray(data["intercept"], dtype=np.float64)

    def predict(self, items: list[tuple[str, tuple[int, int], tuple[int, int]]]) -> np.ndarray:
        """Probabilities (len(items), 5) for (text, e1 span, e2 span) triples."""
        logits = np.zeros((len(items), len(self.intercept)))
        for row, (text, e1, e2) in enumerate(items):
            counts: dict[int, int] = {}
            for term in analyze(features(text, e1, e2)):
                i = self.index.get(term)
                if i is not None:
                    counts[i] = counts.get(i, 0) + 1
            if not counts:
                logits[row] = self.intercept
                continue
            ids = np.fromiter(counts, dtype=np.int64)
            weights = np.array([1.0 + math.log(counts[i]) for i in ids]) * self.idf[ids]
            weights /= np.linalg.norm(weights)
            logits[row] = weights @ self.coef[ids] + self.intercept
        return softmax(logits)


_lock = threading.Lock()
_linear: LinearClassifier | None = None


def load() -> LinearClassifier | None:
    global _linear
    if _linear is None:
        with _lock:
            path = MODEL_DIR / "linear.json"
            if _linear is None and path.exists():
                _linear = LinearClassifier(path)
    return _linear
