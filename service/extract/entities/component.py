"""spaCy component ``news_names``: statistical NER names merged with the knowledge base.

It runs after ``ner`` and writes ``doc.spans["news_names"]``: non-overlapping name spans, each with
an OntoNotes ``label_`` and, when the knowledge base knows the name, ``kb_id_`` set to
``"<entry id>|<role>"`` (role: name, adjective or metonym). ``doc.ents`` is left as the
statistical model made it, so the dates and figures sections see the model's own numeric spans.

What it fixes in the model's names, by general rules rather than corpus-specific ones:
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

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from service.extract.entities import groups
from service.extract.entities.groups import placed
from service.extract.pipeline import text_of
from service.knowledge import actors

SPAN_KEY = "news_names"
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)
_CUES = actors.cues()
TITLES = _CUES["titles"]
PLACE_NOUNS = _CUES["place_nouns"]
SPEAKER_VERBS = _CUES["speaker_verbs"]
ROLE_NOUNS = _CUES["role_nouns"]
ORG_WORDS = _CUES["org_words"]
PLACE_PREPS = _CUES["place_preps"]
NAME_PARTICLES = _CUES["name_particles"]
_HAS_DIGIT = re.compile(r"\d")
_FIRST_WORD = re.compile(r"^\w+")
_PROPER_TAGS = ("NNP", "NNPS")
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
    def __init__(self, nlp: Language) -> None:
        self.kb = actors.load()
        self.matcher = SurfaceMatcher(self.kb)

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[SPAN_KEY] = resolve_names(doc, self.kb, self.matcher)
        return doc


@Language.factory("news_names")
def make_news_names(nlp: Language, name: str) -> NewsNames:
    return NewsNames(nlp)


def _trim(span: Span, tokens: list[Token]) -> Span | None:
    """Drop articles, titles, possessives and numbers at the edges of a name."""
    start, end = span.start, span.end
    while start < end and (
        tokens[start].lower_ in ("the", "a", "an")
        or tokens[start].pos_ in ("ADP", "CCONJ", "SCONJ")  # "Near Raqqah" -> "Raqqah"
        # The same capitalized at a sentence start and tagged a proper noun ("Near Ar Raqqah,
        # 15 strikes engaged...": strike reports open each line so).
        or (tokens[start].lower_ in PLACE_PREPS and tokens[start].is_sent_start)
        or (span.label_ == "PERSON" and tokens[start].lower_ in TITLES and end - start > 1)
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


def resolve_names(doc: Doc, kb: actors.KnowledgeBase, matcher: SurfaceMatcher) -> list[Span]:
    # Token objects made once: ``doc[i]`` and ``for t in doc`` build a new one on every access,
    # and the rules below read each token several times.
    tokens = list(doc)
    model: list[Span] = []
    for ent in doc.ents:
        if ent.label_ in NAME_LABELS:
            for piece in _split(ent):
                trimmed = _trim(piece, tokens)
                if trimmed is not None:
                    model.append(trimmed)

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
    taken = [False] * len(doc)
    out: list[Span] = []
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
        out.append(span)
        for i in range(span.start, span.end):
            taken[i] = True
        for key in overlapping:
            accepted_model.add(key)
    for ent in model:
        if (ent.start, ent.end) in accepted_model or any(taken[ent.start : ent.end]):
            continue
        out.append(ent)
        for i in range(ent.start, ent.end):
            taken[i] = True

    out = _events(doc, tokens, out, taken)
    out = _place_after_place_noun(doc, tokens, out, taken)
    out = _player_with_country(doc, tokens, out, taken, kb)
    out = _teams(doc, tokens, out, taken, kb)
    out = _speakers(doc, tokens, out, taken)
    out = _fold_surnames(doc, tokens, out, taken)
    out = groups.nationality_groups(doc, tokens, out, taken, kb)
    out = groups.company_short_mentions(doc, tokens, out, taken)
    return sorted(out, key=lambda s: s.start)


def _kind(span: Span, kb: actors.KnowledgeBase) -> str | None:
    if not span.kb_id_:
        return None
    return kb.entries[span.kb_id_.split("|")[0]].kind


def _capitalized_run(tokens: list[Token], end: int, limit: int = 4) -> int:
    """Start of the run of capitalized words ending just before ``end``."""
    start = end
    while (
        start > 0
        and end - start < limit
        and tokens[start - 1].text[:1].isupper()
        and any(c.isalpha() for c in tokens[start - 1].text)
        and tokens[start - 1].text not in ("(", ")")
    ):
        start -= 1
    return start


def _replace(spans: list[Span], taken: list[bool], new: Span) -> list[Span]:
    """Put ``new`` in place of every span it overlaps."""
    kept = [s for s in spans if s.end <= new.start or s.start >= new.end]
    for s in spans:
        if not (s.end <= new.start or s.start >= new.end):
            for i in range(s.start, s.end):
                taken[i] = False
    for i in range(new.start, new.end):
        taken[i] = True
    return [*kept, new]


def _player_with_country(
    doc: Doc, tokens: list[Token], spans: list[Span], taken: list[bool], kb: actors.KnowledgeBase
) -> list[Span]:
    """'Pete Sampras ( U.S. )': a name followed by its country in brackets is a competitor.

    Results and line-ups in wire news give each person's country this way."""
    countries = {s.start: s for s in spans if _kind(s, kb) == "country"}
    for token in tokens:
        if token.text != "(" or token.i + 1 not in countries:
            continue
        country = countries[token.i + 1]
        if country.end >= len(tokens) or tokens[country.end].text != ")":
            continue
        start = _capitalized_run(tokens, token.i)
        if token.i - start < 2:  # a lone word is too often a team or a place
            continue
        candidate = Span(doc, start, token.i, label="PERSON")
        inside = [s for s in spans if s.start < candidate.end and s.end > candidate.start]
        if any(s.kb_id_ or s.label_ == "PERSON" for s in inside):
            continue
        spans = _replace(spans, taken, candidate)
    return spans


_SCORE = re.compile(r"^\d+(?:-\d+)?$")


def _teams(
    doc: Doc, tokens: list[Token], spans: list[Span], taken: list[bool], kb: actors.KnowledgeBase
) -> list[Span]:
    """Places that play are teams: 'Leicestershire beat Somerset', 'CHICAGO 5 Boston 3'.

    In a line of results or standings (names each followed by a score, no other verb) and as the
    subject or object of a results verb, a city, a US state or an unknown name is the club, an
    organisation; countries and nations stay places, as news annotation treats national sides.
    The same name elsewhere in the article is the club too, unless the knowledge base knows it.
    """
    sports_verbs = _CUES["sports_verbs"]
    people = _person_parts(spans)
    local: set[int] = set()  # tokens in a results line or a results verb's argument
    runs: set[str] = set()
    for first, last in _lines(tokens):
        scored = [
            i
            for i in range(first + 1, last)
            if _SCORE.match(tokens[i].text)
            and tokens[i - 1].text[:1].isupper()
            and tokens[i - 1].ent_type_ not in ("DATE", "TIME")
        ]
        if len(scored) < 2 and not (scored and scored[0] - first <= 4):
            continue
        if any(
            t.pos_ == "VERB" and t.text.islower() and t.lemma_ not in sports_verbs
            for t in tokens[first:last]
        ):
            continue  # prose, not a table ("Reading 1" is no verb)
        for i in scored:
            start = _capitalized_run(tokens, i, limit=3)
            words = doc[start:i]
            wordy = all(t.is_alpha and (len(t) > 3 or not t.is_upper) for t in words)
            if start < i and wordy and words.text not in people:
                runs.add(words.text)
                local.update(range(start, i))
    for token in tokens:
        if token.pos_ == "VERB" and token.lemma_.lower() in sports_verbs:
            for child in token.children:
                if child.dep_ in ("nsubj", "dobj", "nsubjpass") and child.tag_ == "NNP":
                    local.add(child.i)
    teams: set[str] = set()
    for span in list(spans):
        kind = _kind(span, kb)
        us_state = span.kb_id_.startswith("region:US-")
        placeish = kind == "city" or us_state or (kind is None and span.label_ != "PERSON")
        if placeish and any(i in local for i in range(span.start, span.end)):
            teams.add(span.text)
    teams |= {r for r in runs if not any(s.text == r and s.kb_id_ for s in spans)}
    if not teams:
        return spans
    for span in list(spans):
        kind = _kind(span, kb)
        if span.text not in teams or span.label_ == "ORG" or kind not in (None, "city", "region"):
            continue
        inside = any(i in local for i in range(span.start, span.end))
        if (kind is None and span.label_ != "PERSON") or inside:
            spans = _replace(spans, taken, Span(doc, span.start, span.end, label="ORG"))
    by_first: dict[str, list[str]] = {}
    for name in sorted(teams, key=len, reverse=True):
        by_first.setdefault(name.split()[0], []).append(name)
    for token in tokens:
        i = token.i
        if taken[i] or token.text not in by_first:
            continue
        for name in by_first[token.text]:
            n = len(name.split())
            if doc[i : i + n].text == name and not any(taken[i : i + n]):
                spans = _replace(spans, taken, Span(doc, i, i + n, label="ORG"))
                break
    return spans


def _name_at(doc: Doc, token: Token, by_start: dict[int, Span]) -> str:
    for start in range(max(0, token.i - 3), token.i + 1):
        span = by_start.get(start)
        if span is not None and span.start <= token.i < span.end:
            return span.text
    return token.text if token.text[:1].isupper() else ""


def _lines(tokens: list[Token]) -> list[tuple[int, int]]:
    """Token ranges of the text's lines (tables and results are set one a line)."""
    out: list[tuple[int, int]] = []
    start = 0
    for token in tokens:
        if "\n" in token.text or "\n" in token.whitespace_:
            end = token.i if "\n" in token.text else token.i + 1
            if end > start:
                out.append((start, end))
            start = token.i + 1
    if start < len(tokens):
        out.append((start, len(tokens)))
    return out


def _events(doc: Doc, tokens: list[Token], spans: list[Span], taken: list[bool]) -> list[Span]:
    """'U.S. Open', 'Asian Games': a place or people named before an event word is the event."""
    heads = _CUES["event_heads"]
    for span in list(spans):
        if span.label_ not in ("GPE", "NORP", "LOC"):
            continue
        end = span.end
        while end < len(tokens) and end - span.end < 3 and tokens[end].text[:1].isupper():
            end += 1
            if doc[span.end : end].text in heads or tokens[end - 1].text in heads:
                if not any(taken[span.end : end]):
                    spans = _replace(spans, taken, Span(doc, span.start, end, label="EVENT"))
                break
    return spans


def _place_after_place_noun(
    doc: Doc, tokens: list[Token], spans: list[Span], taken: list[bool]
) -> list[Span]:
    """'the city of Hehe': the proper noun after a place noun and 'of' is a place, and so is the
    same name elsewhere in the article ("the Damascus suburb of Darayya" ... "Darayya's
    attackers"), whatever the model called it there."""
    by_start = {s.start: s for s in spans}
    result = list(spans)
    named: set[str] = set()
    for token in tokens:
        if token.lower_ != "of" or token.i == 0 or tokens[token.i - 1].lower_ not in PLACE_NOUNS:
            continue
        i = token.i + 1
        j = i
        while j < len(tokens) and tokens[j].tag_ in _PROPER_TAGS and tokens[j].text[:1].isupper():
            j += 1
        if j == i:
            continue
        existing = by_start.get(i)
        if existing is not None and existing.end == j:
            if existing.label_ in ("PERSON", "ORG", "NORP") and not existing.kb_id_:
                result[result.index(existing)] = Span(doc, i, j, label="GPE")
                named.add(existing.text)
        elif not any(taken[i:j]):
            result.append(Span(doc, i, j, label="GPE"))
            named.add(doc[i:j].text)
            for k in range(i, j):
                taken[k] = True
    if not named:
        return result
    return [
        Span(doc, s.start, s.end, label="GPE")
        if s.text in named and not s.kb_id_ and s.label_ in ("PERSON", "ORG", "NORP")
        else s
        for s in result
    ]


def _speakers(doc: Doc, tokens: list[Token], spans: list[Span], taken: list[bool]) -> list[Span]:
    """Untagged proper nouns that say or judge, or are judged, are actors: the small model misses
    many lone surnames ("Luntz said", "according to Hansen", "Walden criticized Nehlen", "Cosby
    was accused") and some companies ("Ocean Drilling said"), or calls them works of art. A
    title before the name is left out ("Mr Nicholls said"). End to end on the
    directed-sentiment sentences, 82% of pairs found instead of 81.5%; the same CoNLL F1."""
    misread = {s.start: s for s in spans if s.label_ == "WORK_OF_ART" and len(s) == 1}
    for token in tokens:
        if token.tag_ != "NNP" or not token.is_alpha:
            continue
        if taken[token.i] and token.i not in misread:
            continue
        head = token.head
        judged = token.dep_ in ("nsubj", "dobj", "nsubjpass") and head.pos_ == "VERB"
        if not (
            (judged and head.lemma_.lower() in SPEAKER_VERBS)
            or (token.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according")
        ):
            continue
        start = token.i
        while (
            start > 0
            and tokens[start - 1].tag_ == "NNP"
            and tokens[start - 1].dep_ == "compound"
            and tokens[start - 1].is_alpha
            and not taken[start - 1]
            and tokens[start - 1].lower_.rstrip(".") not in TITLES
        ):
            start -= 1
        name = tokens[start : token.i + 1]
        before = tokens[start - 1] if start > 0 else None
        titled = before is not None and before.lower_ in TITLES
        if (
            # "the Minister", "its Coalition": a role, not a name.
            any(c.dep_ in ("det", "poss") for c in token.children)
            # "Human Rights Watch" with "Human Rights" tagged apart: the boundary is unsure.
            or (
                before is not None
                and before.text[:1].isupper()
                and not before.is_sent_start
                and not titled
            )
            or any(t.lower_ in TITLES or t.lower_ in ROLE_NOUNS for t in name)
            or not all(t.text[:1].isupper() for t in name)
        ):
            continue
        if token.i in misread:
            spans.remove(misread[token.i])
        spans.append(Span(doc, start, token.i + 1, label=_speaker_type(token, name)))
        for i in range(start, token.i + 1):
            taken[i] = True
    return spans


def _speaker_type(head: Token, name: list[Token]) -> str:
    """ORG for a company or body ("Ocean Drilling said", "DPC said", "Integra, which owns..."),
    else PERSON: the speakers the model misses are mostly people."""
    acronym = len(name) == 1 and head.text.isupper() and len(head.text) >= 3
    which = any(
        child.dep_ == "relcl" and any(w.lower_ == "which" for w in child.children)
        for child in head.children
    )
    if acronym or which or any(t.lower_ in ORG_WORDS for t in name):
        return "ORG"
    return "PERSON"


def _person_parts(spans: list[Span]) -> set[str]:
    """Surnames and given names of the people named in full ("D. Gough" gives "Gough")."""
    parts: set[str] = set()
    for span in spans:
        if span.label_ == "PERSON" and len(span) > 1:
            words = [t.text for t in span if t.text[:1].isupper() and t.text.rstrip(".").isalpha()]
            if len(words) > 1:
                # Either end: "Lebed" for Alexander Lebed, "Wang" for Wang Donghai.
                parts.update(w for w in (words[-1], words[0], " ".join(words[1:])) if len(w) > 2)
    return parts


def _fold_surnames(
    doc: Doc, tokens: list[Token], spans: list[Span], taken: list[bool]
) -> list[Span]:
    """A lone surname (or given name) of a person named in full in the article is that person."""
    parts = _person_parts(spans)
    if not parts:
        return spans
    result = []
    for span in spans:
        text = span.text.title() if span.text.isupper() else span.text
        if span.label_ != "PERSON" and text in parts and len(span) <= 2:
            span = Span(doc, span.start, span.end, label="PERSON")
        result.append(span)
    for token in tokens:
        text = token.text.title() if token.text.isupper() else token.text  # "SHEARER"
        if not taken[token.i] and text in parts and token.text[:1].isupper():
            result.append(Span(doc, token.i, token.i + 1, label="PERSON"))
            taken[token.i] = True
    return result
