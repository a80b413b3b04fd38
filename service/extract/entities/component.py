"""spaCy component ``news_names``: statistical NER names merged with the knowledge base.

It runs after ``ner`` and writes ``doc.spans["news_names"]``: non-overlapping name spans, each with
an OntoNotes ``label_`` and, when the knowledge base knows the name, ``kb_id_`` set to
``"<entry id>|<role>"`` (role: name, adjective or metonym). ``doc.ents`` is left as the
statistical model made it, so the dates and figures sections see the model's own numeric spans.

The model's names and the knowledge base's are merged into one :class:`~.spans.NameSet`, which
the rules of :mod:`.rules` then refine in order. What they fix, by general rules rather than
corpus-specific ones:
- extents: a leading article or title, a trailing possessive, numbers glued to a name
  ("Xi's 69th" -> "Xi", "$147bn" is no person);
- names the model missed or mistyped that the knowledge base knows (countries, capitals, cities,
  blocs, bodies, media, people), in any case a dateline uses ("MOSCOW");
- surnames of a person named in full earlier in the same article ("Lebed" after "Alexander
  Lebed") are that person, whatever the model said;
- the place after "city of", "town of"... is a place;
- a proper noun the model left untagged is a person when it says or judges ("Luntz said",
  "according to Hansen", "Walden criticized Nehlen").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from service.extract.entities import vote
from service.extract.entities.rules import RULES
from service.extract.entities.spans import NameSet
from service.extract.pipeline import text_of
from service.knowledge import actors

SPAN_KEY = "news_names"
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)
_CUES = actors.cues()
TITLES = _CUES["titles"]
PLACE_PREPS = _CUES["place_preps"]
NAME_PARTICLES = _CUES["name_particles"]
_HAS_DIGIT = re.compile(r"\d")
_FIRST_WORD = re.compile(r"^\w+")
_KINDS_OVER_MODEL = frozenset(
    {"country", "bloc", "org", "group", "company", "person", "seat", "region"}
)


class SurfaceMatcher:
    """Every knowledge-base surface in a document, found on token boundaries.

    A dictionary from a surface's first word to its surfaces, longest first, checked against the
    text at each token: no pattern needs tokenizing and no lexeme enters the vocabulary, so it
    starts in a fraction of a second, and it costs one lookup per token.
    """

    def __init__(self, kb: actors.KnowledgeBase) -> None:
        # Articles are not part of a name's extent: "the West" is matched as "West".
        index: dict[str, list[tuple[str, str]]] = {}
        for text, found in kb.surfaces.items():
            if text.lower().startswith("the ") or not _FIRST_WORD.match(text):
                continue
            forms = [text]
            if kb.entries[found.entry].kind in ("country", "city", "bloc", "region"):
                forms.append(text.upper())  # datelines and headlines: "MOSCOW"
            for form in dict.fromkeys(forms):
                key = _FIRST_WORD.match(form).group(0)  # type: ignore[union-attr]
                index.setdefault(key, []).append((form, text))
        for entries in index.values():
            entries.sort(key=lambda e: -len(e[0]))
        self.index = index

    def __call__(self, doc: Doc, tokens: list[Token] | None = None) -> list[tuple[str, int, int]]:
        """(surface, start token, end token) of every match, overlapping ones included."""
        text = text_of(doc)
        tokens = list(doc) if tokens is None else tokens
        ends = {t.idx + len(t.text): t.i + 1 for t in tokens}
        out = []
        for token in tokens:
            word = _FIRST_WORD.match(token.text)
            if word is None:
                continue
            for form, surface in self.index.get(word.group(0), ()):
                if text.startswith(form, token.idx):
                    end = ends.get(token.idx + len(form))
                    if end is not None:
                        out.append((surface, token.i, end))
        return out


class NewsNames:
    def __init__(self, nlp: Language, vote_mode: str = vote.DEFAULT) -> None:
        self.kb = actors.load()
        self.matcher = SurfaceMatcher(self.kb)
        self.vote = vote_mode

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[SPAN_KEY] = resolve_names(doc, self.kb, self.matcher, self.vote)
        return doc


@Language.factory(
    "news_names",
    requires=["doc.ents", "token.tag", "token.dep"],
    assigns=["doc.spans"],
    # How the small model's names and the news NER's vote (:mod:`.vote`); "off" leaves the
    # news NER out of the pipeline.
    default_config={"vote": vote.DEFAULT},
)
def make_news_names(nlp: Language, name: str, vote: str) -> NewsNames:
    return NewsNames(nlp, vote)


def _trim(span: Span, tokens: list[Token]) -> Span | None:
    """Drop articles, titles, possessives and numbers at the edges of a name."""
    start, end = span.start, span.end
    while start < end and (
        tokens[start].lower_ in ("the", "a", "an")
        or tokens[start].pos_ in ("ADP", "CCONJ", "SCONJ")  # "Near Raqqah" -> "Raqqah"
        # The same capitalized at a sentence start and tagged a proper noun ("Near Ar Raqqah,
        # 15 strikes engaged...": strike reports open each line so).
        or (tokens[start].lower_ in PLACE_PREPS and tokens[start].is_sent_start)
        or (span.label_ in ("PERSON", "PER") and tokens[start].lower_ in TITLES and end - start > 1)
        or not any(c.isalpha() for c in tokens[start].text)
    ):
        start += 1
    while end > start and (
        tokens[end - 1].tag_ == "POS"
        or (tokens[end - 1].is_lower and end - start > 1)  # "Interfax news agency" -> "Interfax"
        or tokens[end - 1].text in ("'s", "’s", "'", "’")
        or _HAS_DIGIT.search(tokens[end - 1].text)
        or not any(c.isalpha() for c in tokens[end - 1].text)
    ):
        end -= 1
    if start >= end:
        return None
    if any(_HAS_DIGIT.search(t.text) for t in tokens[start:end]):
        return None
    return Span(span.doc, start, end, label=span.label_, kb_id=span.kb_id_)


def _split(span: Span) -> list[Span]:
    """Cut a name at line breaks, spaced dashes and brackets, which no name spans."""
    doc = span.doc
    pieces: list[Span] = []
    start = span.start
    for token in span:
        breaks = token.text in ("(", ")", "[", "]") or "\n" in token.text
        dash = token.text in ("-", "–", "—") and token.whitespace_ and token.i > span.start
        dash = dash and bool(doc[token.i - 1].whitespace_)
        if breaks or dash:
            if token.i > start:
                pieces.append(Span(doc, start, token.i, label=span.label_))
            start = token.i + 1
        elif "\n" in token.whitespace_:
            pieces.append(Span(doc, start, token.i + 1, label=span.label_))
            start = token.i + 1
    if start < span.end:
        pieces.append(Span(doc, start, span.end, label=span.label_))
    return pieces


def _pieces(spans: Iterable[Span], tokens: list[Token]) -> list[Span]:
    """Each name cut at breaks (:func:`_split`) and trimmed (:func:`_trim`)."""
    out = []
    for ent in spans:
        for piece in _split(ent):
            trimmed = _trim(piece, tokens)
            if trimmed is not None:
                out.append(trimmed)
    return out


def _is_proper(span: Span) -> bool:
    """Every word capitalized and tagged a proper noun (or the text is in capitals)."""
    text = span.text
    if text.isupper() and len(text) > 1:
        return True
    # The tagger reads a curly apostrophe as a common noun's ("Da’esh" NN): a capitalized word
    # with an apostrophe inside is taken as written. A particle inside a name is lower case
    # ("Dar es Salaam").
    last = len(span) - 1
    return all(
        t.is_punct
        or (0 < k < last and t.lower_ in NAME_PARTICLES)
        or (t.text[:1].isupper() and (t.tag_ in ("NNP", "NNPS") or "’" in t.text or "'" in t.text))
        for k, t in enumerate(span)
    )


def resolve_names(
    doc: Doc, kb: actors.KnowledgeBase, matcher: SurfaceMatcher, vote_mode: str = "off"
) -> list[Span]:
    # Token objects made once: ``doc[i]`` and ``for t in doc`` build a new one on every access,
    # and the rules below read each token several times.
    tokens = list(doc)
    model = _pieces((e for e in doc.ents if e.label_ in NAME_LABELS), tokens)
    # A document parsed without the news NER keeps the small model's names alone.
    if vote_mode != "off" and vote.TRAINED_KEY in doc.spans:
        trained = _pieces(doc.spans[vote.TRAINED_KEY], tokens)
        model = vote.vote(model, trained, vote_mode, kb)

    known: list[Span] = []
    for surface, start, end in matcher(doc, tokens):
        found = kb.surfaces[surface]
        entry = kb.entries[found.entry]
        span = Span(doc, start, end)
        single = end - start == 1
        if found.role == actors.ADJECTIVE:
            if not span.text[:1].isupper():
                continue
        elif single and not _is_proper(span) and not span.text.isupper():
            continue  # "Nice weather", "reading", sentence-initial adjectives
        if entry.kind in ("city", "province") and not _is_proper(span):
            continue
        if entry.kind == "province" and not placed(tokens, start, end):
            continue  # "Chechen", "Jewish", "Granma": region names that are words or titles
        label = "NORP" if found.role == actors.ADJECTIVE else entry.type
        if found.role == actors.METONYM and entry.kind in ("country", "bloc"):
            label = "GPE"
        known.append(Span(doc, start, end, label=label, kb_id=f"{found.entry}|{found.role}"))
    known = filter_spans(known)

    # Merge: the knowledge base wins where it is specific; the model keeps longer names.
    names = NameSet(doc, tokens)
    model_by_token: dict[int, Span] = {}
    for ent in model:
        for i in range(ent.start, ent.end):
            model_by_token[i] = ent
    accepted_model: set[tuple[int, int]] = set()
    # Each model name's case read once: a long name overlapped by many known ones ("Putin
    # Putin ...") would otherwise rebuild its text for each of them, quadratic in its length.
    in_capitals = {(m.start, m.end): m.text.isupper() for m in model}
    for span in known:
        overlapping = {
            (m.start, m.end): m for i in range(span.start, span.end) if (m := model_by_token.get(i))
        }
        entry = kb.entries[span.kb_id_.split("|")[0]]
        strong = entry.kind in _KINDS_OVER_MODEL
        keep_model = False
        for m in overlapping.values():
            contains = m.start <= span.start and m.end >= span.end and (m.end - m.start) > len(span)
            crosses = not (m.start >= span.start and m.end <= span.end) and not contains
            upper = in_capitals[m.start, m.end]
            if (contains and not (strong and upper)) or (crosses and not strong):
                # The model keeps a longer name ("West Bank"), except in a headline set in
                # capitals, where its boundaries are unreliable ("CRICKET - PAKISTAN WIN").
                keep_model = True
            elif (m.start, m.end) == (span.start, span.end) and not strong:
                # Same extent: a city the model called a person or an organisation keeps the
                # model's reading (sports clubs, people named like towns), unless it is set in
                # capitals as datelines are.
                keep_model = keep_model or (m.label_ in ("PERSON", "ORG") and not upper)
        if keep_model:
            continue
        names.add(span)
        accepted_model.update(overlapping)
    for ent in model:
        if (ent.start, ent.end) in accepted_model or not names.free(ent.start, ent.end):
            continue
        names.add(ent)

    for rule in RULES:
        rule(names, kb)
    return sorted(names.spans, key=lambda s: s.start)


_REGION_NOUNS = frozenset({"province", "region", "governorate", "state", "oblast", "district"})


def placed(tokens: Sequence[Token] | Doc, start: int, end: int) -> bool:
    """Is the name at tokens[start:end] written as a place: tagged one by the model, after a
    place preposition ("in Anbar", "Near Raqqah") or before a region noun ("Helmand province")?
    First-level region names are often also words, people's names or titles."""
    if tokens[start].ent_type_ in ("GPE", "LOC"):
        return True
    if start > 0 and tokens[start - 1].lower_ in PLACE_PREPS:
        return True
    if end + 1 < len(tokens) and tokens[end].text == "," and tokens[end + 1].ent_type_ == "GPE":
        return True  # "Raqqah, Syria"
    return end < len(tokens) and tokens[end].lower_ in _REGION_NOUNS
