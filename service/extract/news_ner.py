"""spaCy component ``news_ner``: a news NER trained on CoNLL-2003, voting with the small model.

The small pipeline's ``ner`` was trained on OntoNotes and is weak on wire news (CoNLL-2003
``eng.testa`` PER+ORG+LOC F1 0.64 alone). This component is a second opinion trained on
``eng.train`` by ``training/train_ner.py``. It costs about 6 ms on the seed article because it
computes few features of its own: it reads the vectors the pipeline's shared ``tok2vec`` already
wrote on ``doc.tensor`` for the tagger and parser (a ``Tok2VecListener``; ``tok2vec`` was frozen
in training, so the vectors it learned on are the ones it reads), adds hash embeddings of each
word's prefix, suffix and shape, one trainable convolution layer, and tags each token BILUO
(``B-PER``, ``L-ORG``, ``U-LOC``, ``O``...). A transition-based NER on the same features was
measured at 9-11 ms, more than the entities section's time budget leaves.

It writes ``doc.spans["news_ner"]`` (labels PER, ORG, LOC, MISC) and leaves ``doc.ents`` and
every token attribute as they were: the dates and figures sections read the small model's
numeric entities. ``news_names`` votes between the two models (:mod:`.entities.vote`).

The weights are package data in :data:`WEIGHTS` (``cfg`` and ``model``: numbers, no
sentences); nothing is downloaded at run time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy
from spacy.language import Language
from spacy.pipeline import Tagger
from spacy.scorer import Scorer
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import registry
from thinc.api import Model, Softmax_v2, chain, with_array, zero_init
from thinc.types import Floats2d

SPAN_KEY = "news_ner"
WEIGHTS = Path(__file__).resolve().parent / "news_ner_model"
#: The shared tok2vec's width in en_core_web_sm (``components.tok2vec.model.encode.width``).
TOK2VEC_WIDTH = 96

DEFAULT_MODEL: dict[str, Any] = {
    "@architectures": "news_extract.BiluoTagger.v1",
    "window_depth": 1,
    "embed_width": 64,
    # Subword and shape features only: with its own word (NORM) table the model memorized
    # Reuters' 1996 names and read unseen ones at random ("Czechoslovakia" PER at 0.99).
    "embed_attrs": ["PREFIX", "SUFFIX", "SHAPE"],
    "embed_rows": [1000, 2500, 500],
    "width": TOK2VEC_WIDTH,
    "tok2vec": {
        "@architectures": "spacy.Tok2VecListener.v1",
        "width": TOK2VEC_WIDTH,
        "upstream": "tok2vec",
    },
}


@registry.architectures("news_extract.BiluoTagger.v1")
def build_biluo_tagger(
    tok2vec: Model[list[Doc], list[Floats2d]],
    window_depth: int = 1,
    embed_width: int = 0,
    embed_rows: list[int] | None = None,
    width: int = TOK2VEC_WIDTH,
    embed_attrs: list[str] | None = None,
    nO: int | None = None,
) -> Model[list[Doc], list[Floats2d]]:
    """The listener's vectors, with ``embed_width`` > 0 beside them the component's own hash
    embeddings of ``embed_attrs`` (the shared ones were learned for tags and arcs) mixed down to
    ``width``; then ``window_depth`` trainable
    convolution layers (a token and its neighbours) and a softmax over the BILUO tags.
    Convolutions wider than the shared tok2vec's 96 cost several times more (measured: 1.7 ms
    at 96, 7.5 ms at 128 on the seed article)."""
    from spacy.ml.models.tok2vec import MaxoutWindowEncoder, MultiHashEmbed
    from thinc.api import Maxout, concatenate

    features: Model = tok2vec
    layers: list[Model] = []
    if embed_width:
        attrs = embed_attrs or ["NORM", "PREFIX", "SUFFIX", "SHAPE"]
        rows = embed_rows or [5000, 1000, 2500, 500]
        embed = MultiHashEmbed(embed_width, attrs, rows, False)
        features = concatenate(tok2vec, embed)
        layers.append(Maxout(width, tok2vec.get_dim("nO") + embed_width, nP=3, normalize=True))
    else:
        width = tok2vec.get_dim("nO")
    if window_depth:
        layers.append(
            MaxoutWindowEncoder(width=width, window_size=1, maxout_pieces=3, depth=window_depth)
        )
    output = Softmax_v2(nO, width, init_W=zero_init)
    model = chain(features, with_array(chain(*layers, output) if layers else output))
    model.set_ref("tok2vec", tok2vec)
    model.set_ref("softmax", output)
    model.set_ref("output_layer", output)
    return model


def biluo_spans(doc: Doc, tags: list[str]) -> list[Span]:
    """Spans of a BILUO tag sequence read leniently: a tag the scheme does not allow where it
    stands (``I-X`` after ``O``, a ``B-X`` never closed) still marks a name, cut where the tags
    change; a token that is only space is never part of one."""
    spans: list[Span] = []
    start, label = -1, ""

    def close(end: int) -> None:
        nonlocal start
        if start >= 0 and end > start:
            spans.append(Span(doc, start, end, label=label))
        start = -1

    for i, tag in enumerate(tags):
        move, _, kind = tag.partition("-")
        if move == "O" or not kind or doc[i].is_space:
            close(i)
        elif move in ("B", "U") or start < 0 or kind != label:
            close(i)
            start, label = i, kind
            if move == "U":
                close(i + 1)
        if move == "L" and start >= 0:
            close(i + 1)
    close(len(tags))
    return spans


def _spans_of(doc: Doc) -> list[Span]:
    # The reference documents of training carry gold names as entities.
    return list(doc.spans[SPAN_KEY]) if SPAN_KEY in doc.spans else list(doc.ents)


def score_news_ner(examples: list[Example], **kwargs: Any) -> dict[str, Any]:
    """Name precision, recall and F1 of ``doc.spans["news_ner"]`` against the gold entities."""
    return Scorer.score_spans(
        examples, "news_ner", getter=lambda doc, attr: _spans_of(doc), has_annotation=None
    )


class BiluoDecoder:
    """The best BILUO sequence of each run of tokens whose likeliest tag is not ``O``.

    Each token's own likeliest tag may break the scheme ("Philip Hammond": B-PER, L-ORG); the
    run is decoded again under the scheme's transitions (Viterbi over the run's log
    probabilities, starting and ending outside a name). Only runs are decoded: most tokens of
    an article are plainly ``O``, and the whole document would cost milliseconds.
    """

    def __init__(self, labels: tuple[str, ...]) -> None:
        self.labels = labels
        self.outside = labels.index("O")
        n = len(labels)
        moves = [label.partition("-") for label in labels]
        self.opens = numpy.array([m in ("O", "B", "U") for m, _, _ in moves])
        self.closes = numpy.array([m in ("O", "L", "U") for m, _, _ in moves])
        allowed = numpy.zeros((n, n), dtype=bool)
        for i, (m1, _, k1) in enumerate(moves):
            for j, (m2, _, k2) in enumerate(moves):
                inside = m1 in ("B", "I")
                allowed[i, j] = (m2 in ("I", "L") and k2 == k1) if inside else m2 in ("O", "B", "U")
        self.penalty = numpy.where(allowed, 0.0, -1e9)

    def __call__(self, scores: numpy.ndarray) -> list[str]:
        best = scores.argmax(axis=1)
        tags = best.copy()
        named = best != self.outside
        i, n = 0, len(best)
        while i < n:
            if not named[i]:
                i += 1
                continue
            j = i
            while j < n and named[j]:
                j += 1
            tags[i:j] = self._viterbi(numpy.log(scores[i:j] + 1e-9))
            i = j
        return [self.labels[int(k)] for k in tags]

    def _viterbi(self, logp: numpy.ndarray) -> numpy.ndarray:
        score = numpy.where(self.opens, logp[0], -1e9)
        back = []
        for row in logp[1:]:
            total = score[:, None] + self.penalty
            back.append(total.argmax(axis=0))
            score = total.max(axis=0) + row
        score = numpy.where(self.closes, score, -1e9)
        path = [int(score.argmax())]
        for pointers in reversed(back):
            path.append(int(pointers[path[-1]]))
        return numpy.array(path[::-1])


class NewsNer(Tagger):
    """spaCy's tagger, taught BILUO name tags: it learns from the gold entities and writes
    spans, never ``token.tag``."""

    _decoder: BiluoDecoder | None = None

    def get_loss(self, examples: list[Example], scores: list[Floats2d]) -> tuple[float, Any]:
        from thinc.api import SequenceCategoricalCrossentropy

        loss_func = SequenceCategoricalCrossentropy(names=self.labels, normalize=False)
        # A token whose gold tag is unknown (a name cut by the tokenizer: "-") is not learned.
        truths = [
            [tag if tag in self.labels else None for tag in eg.get_aligned_ner()] for eg in examples
        ]
        d_scores, loss = loss_func(scores, truths)
        return float(loss), d_scores

    def initialize(self, get_examples: Any, *, nlp: Language | None = None, labels=None) -> None:
        if labels is None:
            found = {tag for eg in get_examples() for tag in eg.get_aligned_ner() if tag}
            labels = sorted(found - {"-"})
        for label in labels:
            self.add_label(label)
        softmax = self.model.get_ref("softmax")
        if not softmax.has_dim("nO"):
            softmax.set_dim("nO", len(self.labels))
        docs = [eg.x for _, eg in zip(range(10), get_examples(), strict=False)]
        self.model.initialize(X=docs)

    def predict(self, docs: list[Doc]) -> list[numpy.ndarray]:
        """Each document's tag probabilities (decoded in :meth:`set_annotations`)."""
        if not any(len(doc) for doc in docs):
            return [numpy.zeros((len(doc), len(self.labels)), dtype="f") for doc in docs]
        return [numpy.asarray(scores) for scores in self.model.predict(docs)]

    def set_annotations(self, docs: list[Doc], batch_scores: list[numpy.ndarray]) -> None:
        if isinstance(docs, Doc):
            docs = [docs]
        if self._decoder is None or self._decoder.labels != self.labels:
            self._decoder = BiluoDecoder(self.labels)
        for doc, scores in zip(docs, batch_scores, strict=True):
            doc.spans[SPAN_KEY] = biluo_spans(doc, self._decoder(scores)) if len(doc) else []


@Language.factory(
    "news_ner",
    requires=["doc.tensor"],
    assigns=["doc.spans"],
    default_config={
        "model": DEFAULT_MODEL,
        "load_weights": True,
        "scorer": {"@scorers": "news_extract.news_ner_scorer.v1"},
    },
    default_score_weights={"news_ner_f": 1.0, "news_ner_p": 0.0, "news_ner_r": 0.0},
)
def make_news_ner(
    nlp: Language, name: str, model: Model, load_weights: bool, scorer: Any
) -> NewsNer:
    """``load_weights``: read the shipped :data:`WEIGHTS` (off only while training them)."""
    pipe = NewsNer(nlp.vocab, model, name, scorer=scorer)
    if load_weights:
        # Labels and weights only: the vocabulary is the pipeline's.
        pipe.from_disk(WEIGHTS, exclude=["vocab"])
    return pipe


@registry.scorers("news_extract.news_ner_scorer.v1")
def make_news_ner_scorer() -> Any:
    return score_news_ner
