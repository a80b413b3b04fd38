"""Places that play are teams: 'Leicestershire beat Somerset', 'CHICAGO 5 Boston 3'.

In a line of results or standings (names each followed by a score, no other verb) and as the
subject or object of a results verb, a city, a US state or an unknown name is the club, an
organisation; countries and nations stay places, as news annotation treats national sides.
The same name elsewhere in the article is the club too, unless the knowledge base knows it.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from service.extract.entities.rules.surnames import person_parts
from service.extract.entities.spans import NameSet, capitalized_run, kind
from service.knowledge import actors

_SPORTS_VERBS = actors.cues()["sports_verbs"]
_SCORE = re.compile(r"^\d+(?:-\d+)?$")


def apply(names: NameSet, kb: actors.KnowledgeBase) -> None:
    doc, tokens = names.doc, names.tokens
    people = person_parts(names.spans)
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
            t.pos_ == "VERB" and t.text.islower() and t.lemma_ not in _SPORTS_VERBS
            for t in tokens[first:last]
        ):
            continue  # prose, not a table ("Reading 1" is no verb)
        for i in scored:
            start = capitalized_run(tokens, i, limit=3)
            words = doc[start:i]
            wordy = all(t.is_alpha and (len(t) > 3 or not t.is_upper) for t in words)
            if start < i and wordy and words.text not in people:
                runs.add(words.text)
                local.update(range(start, i))
    for token in tokens:
        if token.pos_ == "VERB" and token.lemma_.lower() in _SPORTS_VERBS:
            for child in token.children:
                if child.dep_ in ("nsubj", "dobj", "nsubjpass") and child.tag_ == "NNP":
                    local.add(child.i)
    teams: set[str] = set()
    for span in list(names.spans):
        span_kind = kind(span, kb)
        us_state = span.kb_id_.startswith("region:US-")
        unknown = span_kind is None and span.label_ != "PERSON"
        placeish = span_kind == "city" or us_state or unknown
        if placeish and any(i in local for i in range(span.start, span.end)):
            teams.add(span.text)
    teams |= {r for r in runs if not any(s.text == r and s.kb_id_ for s in names.spans)}
    if not teams:
        return
    for span in list(names.spans):
        span_kind = kind(span, kb)
        if (
            span.text not in teams
            or span.label_ == "ORG"
            or span_kind not in (None, "city", "region")
        ):
            continue
        inside = any(i in local for i in range(span.start, span.end))
        if (span_kind is None and span.label_ != "PERSON") or inside:
            names.replace(Span(doc, span.start, span.end, label="ORG"))
    by_first: dict[str, list[str]] = {}
    for name in sorted(teams, key=len, reverse=True):
        by_first.setdefault(name.split()[0], []).append(name)
    for token in tokens:
        i = token.i
        if names.taken[i] or token.text not in by_first:
            continue
        for name in by_first[token.text]:
            n = len(name.split())
            if doc[i : i + n].text == name and names.free(i, i + n):
                names.replace(Span(doc, i, i + n, label="ORG"))
                break


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
