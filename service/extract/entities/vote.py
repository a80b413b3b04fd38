"""The vote between the small statistical model's names and the news NER's (``news_ner``).

The small model (OntoNotes) and the news NER (CoNLL-2003 newswire, :mod:`service.extract.news_ner`)
each propose name spans. :func:`vote` returns the names ``news_names`` starts from, by mode:

- ``off``: the small model's names alone (the news NER is not consulted).
- ``veto``: the small model's names and types, less those the news NER does not see at all
  and the article does not support (:func:`_supported`): "Background", "Rumor" at a line's start.
- ``types``: the small model's extents; where both models mark the same extent, the news NER's
  type wins when the two disagree on the kind of name (a place the small model calls a person).
- ``agree``: ``types``, and where the two overlap with different extents, the news NER's extent
  (it leaves titles out, and does not break names at them). A name only one model proposes is
  kept only when the article supports it (:func:`_supported`).
- ``trust``: ``agree``, but every name only the news NER proposes is kept.
- ``union``: ``agree`` without the evidence test: every name only one model proposes is kept.

Whatever the mode, the news NER does not retype a name the knowledge base knows as a place as a
person or an organisation, a name both models type alike elsewhere in the article, or the short
form of an organisation the article names in full. The mode is ``news_names``' ``vote`` setting
(:data:`DEFAULT`); ``off`` leaves ``news_ner`` out of the pipeline.

The news NER's labels are CoNLL's (PER, ORG, LOC, MISC); a name keeps the small model's finer
OntoNotes label when both say the same kind (GPE, LOC or FAC for LOC; NORP, EVENT... for MISC).
A MISC name only the news NER proposes is not added: it cannot say which kind of MISC it is.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Span

from service.knowledge import actors

MODES = ("off", "veto", "types", "agree", "trust", "union")
#: The mode ``news_names`` votes by unless configured otherwise. Off: on CoNLL-2003 ``eng.testa``
#: the vote raises PER+ORG+LOC F1 (0.816 -> 0.832 ``types``, 0.856 ``agree``, 0.869 ``trust``),
#: but the news NER's types are Reuters 1996's, and on the TimeBank and AQUAINT articles most of
#: the types it changes are wrong by a reading (companies as places, places as people), the
#: splits rise and the shares with a country and a Wikidata id fall (training/README.md).
DEFAULT = "off"
#: Where ``news_ner`` puts its names (:data:`service.extract.news_ner.SPAN_KEY`).
TRAINED_KEY = "news_ner"
#: The kind of name each OntoNotes label is in CoNLL's scheme.
KIND_OF = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}
#: The OntoNotes label a news-NER name gets when the small model says nothing of its kind.
LABEL_OF = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}
_SPEAKER_VERBS = actors.cues()["speaker_verbs"]
#: Knowledge-base kinds that are places: the news NER alone does not make a name the knowledge
#: base knows as a place a person or an organisation ("Near Mosul, five strikes engaged...": a
#: strike report's opening the newswire model reads as a person).
_PLACE_KINDS = frozenset({"country", "city", "province", "region"})


def vote(
    small: list[Span], trained: list[Span], mode: str, kb: actors.KnowledgeBase | None = None
) -> list[Span]:
    """The names both models' spans vote for, as OntoNotes-labelled spans (see the module)."""
    if mode not in MODES:
        raise ValueError(f"unknown vote mode {mode!r}: one of {MODES}")
    if mode == "off":
        return small
    by_extent = {(t.start, t.end): t for t in trained}
    # The kind both models give a name where they agree: an article names one actor one way,
    # so a mention they disagree on takes it ("the Bush administration": LOC to the news NER).
    agreed: dict[str, str] = {}
    for s in small:
        t = by_extent.get((s.start, s.end))
        if t is not None and KIND_OF.get(s.label_) == t.label_:
            agreed.setdefault(s.text, t.label_)
    # The short form of an organisation the article names in full is that organisation
    # ("Columbia" after "Columbia Acquisition Corp.", a place to the news NER).
    for s in (*small, *trained):
        if KIND_OF.get(s.label_, s.label_) == "ORG" and len(s) > 1:
            for end in range(s.start + 1, s.end):
                agreed.setdefault(s.doc[s.start : end].text, "ORG")
    if mode == "types":
        return [_relabel(s, by_extent.get((s.start, s.end)), kb, agreed) for s in small]
    if mode == "veto":
        seen = {i for t in trained for i in range(t.start, t.end)}
        texts = Counter(s.text for s in small)
        return [
            s
            for s in small
            if any(i in seen for i in range(s.start, s.end)) or _supported(s, texts, kb)
        ]

    if not small and not trained:
        return []
    owner = [-1] * len((small or trained)[0].doc)
    for k, t in enumerate(trained):
        for i in range(t.start, t.end):
            owner[i] = k
    out: list[Span] = []
    claimed: set[int] = set()  # news-NER names a small-model name has voted for
    texts = Counter(s.text for s in (*small, *trained))
    small_at = {(s.start, s.end): s for s in small}
    for s in small:
        hits = {owner[i] for i in range(s.start, s.end) if owner[i] >= 0}
        if not hits:
            if mode == "union" or _supported(s, texts, kb):
                out.append(s)
            continue
        for k in sorted(hits - claimed):
            t = trained[k]
            same = small_at.get((t.start, t.end), s)
            out.append(_relabel(same, t, kb, agreed, extent=t))
        claimed |= hits
    for k, t in enumerate(trained):
        if k in claimed or t.label_ not in LABEL_OF:
            continue
        if mode != "agree" or _supported(t, texts, kb):
            kind = agreed.get(t.text) or ("LOC" if _known_place(t, kb) else t.label_)
            label = LABEL_OF.get(kind)
            if label is not None:
                out.append(Span(t.doc, t.start, t.end, label=label))
    return sorted(out, key=lambda x: x.start)


def _relabel(
    small: Span,
    trained: Span | None,
    kb: actors.KnowledgeBase | None,
    agreed: dict[str, str],
    extent: Span | None = None,
) -> Span:
    """``small``'s label, or the news NER's kind of name where the two disagree, unless the
    two agree with the small model on the same name elsewhere; over ``extent`` when given."""
    label = small.label_
    kind = KIND_OF.get(label)
    if trained is not None and kind != trained.label_ and agreed.get(small.text) != kind:
        # A MISC the small model gave a name type keeps that type: MISC says no more.
        label = LABEL_OF.get(trained.label_, label)
        if label in ("PERSON", "ORG") and _known_place(trained, kb):
            label = small.label_
    span = extent or small
    if (span.start, span.end, label) == (small.start, small.end, small.label_):
        return small
    return Span(small.doc, span.start, span.end, label=label, kb_id=small.kb_id_)


def _known_place(span: Span, kb: actors.KnowledgeBase | None) -> bool:
    found = kb.surfaces.get(span.text) if kb is not None else None
    return found is not None and kb.entries[found.entry].kind in _PLACE_KINDS  # type: ignore[union-attr]


def _supported(span: Span, texts: Counter[str], kb: actors.KnowledgeBase | None) -> bool:
    """The article's own evidence for a name one model proposes: it recurs, the knowledge base
    knows it, or it is the subject of a verb of saying ("Hansen said")."""
    if texts[span.text] > 1:
        return True
    if kb is not None and span.text in kb.surfaces:
        return True
    root = span.root
    return root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in _SPEAKER_VERBS
