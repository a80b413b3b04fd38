"""The directed pair classifier: in one sentence, how does each actor see each other actor.

Five classes, as in the directed-sentiment data it is trained on (Park, Pan and Joo, ACL 2021):
neutral, a positive toward b, b positive toward a, a negative toward b, b negative toward a.

The model is all-MiniLM-L6-v2 fine-tuned with entity markers (``training/train_stances.py``):
every actor mention of a sentence is wrapped in ``@ ... @``, the sentence is encoded once, and
each ordered pair (a, b) is classified from [CLS; state of a's marker; state of b's marker]. One
encoder pass per sentence rather than per pair keeps the section cheap next to the spaCy parse.
It is exported to ONNX and quantized to int8, and served with onnxruntime and the ``tokenizers``
package: neither PyTorch nor a download is needed at run time. Built once per process.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from service.extract.once import Once

#: Class names in the model's output order, for the ordered pair (a, b).
CLASSES: tuple[str, ...] = ("neutral", "a_pos_b", "b_pos_a", "a_neg_b", "b_neg_a")
#: The same classes seen from (b, a): how to read a reversed pair's output.
REVERSED: tuple[int, ...] = (0, 2, 1, 4, 3)

#: Marker strings around each entity: punctuation the vocabulary knows and news text rarely
#: uses, so the tokenizer needs no new tokens. Training and serving share this one definition.
OPEN, CLOSE = "@ ", " @"

MODEL_DIR = Path(__file__).with_name("model")
MAX_LENGTH = 128


@dataclass(slots=True, frozen=True)
class Marked:
    """A sentence with its entity mentions marked, and where each opening marker sits."""

    text: str
    marker_chars: tuple[int, ...]


def mark(text: str, spans: list[tuple[int, int]]) -> Marked:
    """Wrap each ``text[start:end]`` in markers; ``marker_chars[i]`` is where span i's opening
    marker landed. Spans must not overlap; offsets are relative to ``text``."""
    order = sorted(range(len(spans)), key=lambda i: spans[i])
    out: list[str] = []
    cursor = 0
    length = 0
    positions = [0] * len(spans)
    for i in order:
        start, end = spans[i]
        before = text[cursor:start]
        out.append(before)
        length += len(before)
        positions[i] = length
        chunk = OPEN + text[start:end] + CLOSE
        out.append(chunk)
        length += len(chunk)
        cursor = end
    out.append(text[cursor:])
    return Marked("".join(out), tuple(positions))


#: Context kept around the marked mentions for the classifier (training and serving alike).
CONTEXT_CHARS = 80


def crop(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """The sentence cut to the mentions and some context on each side: the relation lies
    between and around them, and every token left out saves model time."""
    lo = max(0, min(s for s, _ in spans) - CONTEXT_CHARS)
    hi = min(len(text), max(e for _, e in spans) + CONTEXT_CHARS)
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    return text[lo:hi], [(s - lo, e - lo) for s, e in spans]


@dataclass(slots=True, frozen=True)
class Query:
    """One sentence and the ordered pairs (indices into its marked spans) to classify."""

    marked: Marked
    pairs: tuple[tuple[int, int], ...]


class PairClassifier:
    """onnxruntime session + tokenizer; ``predict`` gives class probabilities per pair."""

    def __init__(self, model_dir: Path = MODEL_DIR) -> None:
        # Imported here so that importing the section does not load onnxruntime until needed.
        import onnxruntime as ort
        from tokenizers import Tokenizer

        meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
        self.meta: dict[str, object] = meta
        self.name = str(meta.get("name", "stance-pair"))
        self.version = str(meta.get("version", "0"))
        self.max_length = int(meta.get("max_length", MAX_LENGTH))  # type: ignore[arg-type]
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.max_length)
        options = ort.SessionOptions()
        # Workers are many processes on few cores: one thread each avoids oversubscription.
        options.intra_op_num_threads = int(os.environ.get("STANCE_THREADS", "1"))
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(model_dir / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )

    def encode(self, queries: list[Query]) -> dict[str, np.ndarray]:
        encodings = self.tokenizer.encode_batch([q.marked.text for q in queries])
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(queries), width), dtype=np.int64)
        mask = np.zeros((len(queries), width), dtype=np.int64)
        pairs: list[list[int]] = []
        for row, (enc, q) in enumerate(zip(encodings, queries, strict=True)):
            ids[row, : len(enc.ids)] = enc.ids
            mask[row, : len(enc.ids)] = 1
            tokens = [token_at(enc, c) for c in q.marked.marker_chars]
            pairs.extend([row, tokens[a], tokens[b]] for a, b in q.pairs)
        return {
            "input_ids": ids,
            "attention_mask": mask,
            "pairs": np.asarray(pairs, dtype=np.int64).reshape(-1, 3),
        }

    def predict(self, queries: list[Query], batch_size: int = 4) -> list[np.ndarray]:
        """Per query, probabilities of shape (len(pairs), 5) in :data:`CLASSES` order."""
        out: list[np.ndarray] = [np.zeros((0, len(CLASSES)), np.float32) for _ in queries]
        todo = [i for i, q in enumerate(queries) if q.pairs]
        # Similar lengths together, in small batches, keep padding (and time) down: measured
        # on the seed article, batches of 4 took half the time of batches of 16.
        todo.sort(key=lambda i: len(queries[i].marked.text))
        for start in range(0, len(todo), batch_size):
            chunk = todo[start : start + batch_size]
            feeds = self.encode([queries[i] for i in chunk])
            (logits,) = self.session.run(["logits"], feeds)
            probs = softmax(logits)
            offset = 0
            for i in chunk:
                n = len(queries[i].pairs)
                out[i] = probs[offset : offset + n]
                offset += n
        return out


def token_at(encoding: object, char: int) -> int:
    """Index of the token that starts at ``char`` (an opening marker); 0 ([CLS]) if truncated."""
    token = encoding.char_to_token(char)  # type: ignore[attr-defined]
    return 0 if token is None else int(token)


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


_classifier: Once[PairClassifier] = Once()


def load() -> PairClassifier | None:
    """The process's classifier, built on first use; ``None`` if the weights are not shipped."""
    shipped = (MODEL_DIR / "model.onnx").exists
    return _classifier.get(lambda: PairClassifier() if shipped() else None)
