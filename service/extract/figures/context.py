"""Place an amount in the parse: its metric, parties, period, source and change.

All decisions are local to the amount's sentence and read from the dependency tree: the cue,
entity mention or date nearest to the amount in the tree wins, ties broken by word distance.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from service.extract.figures.lexicon import SP, Lexicon
from service.extract.figures.tuning import Tuning
from service.extract.results import TimeExpression

#: The most words of a cue in ``figures.json`` ("information that could lead").
_MAX_CUE_WORDS = 4
_NOUNS = frozenset({"NOUN", "PROPN"})
#: Steps up the tree a distance walk takes at most: a bound on its cost, far beyond every
#: distance the defaults of :class:`Tuning` read.
MAX_CLIMB = 24
#: The distance of tokens the walk does not join (other sentences, or beyond ``MAX_CLIMB``).
FAR = 99
_DETERMINERS = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
# "data from Rosstat show": the small model often parses "show" there as a noun.
_DATA_FROM = re.compile(
    rf"\b(?:data|figures|statistics|estimates|numbers){SP}+(?:released{SP}+|published{SP}+)?"
    rf"(?:from|by){SP}+(?:the{SP}+)?"
    rf"(?P<who>[A-Z][\w.&'’-]*(?:{SP}+(?:of{SP}+)?[A-Z][\w.&'’-]*){{0,5}})"
)


@dataclass(slots=True)
class Cue:
    start: int  # token indices in the doc
    end: int
    root: Token
    metric: str
    penalty: int = 0  # extra tree distance of a weak cue ("valued", "cost")


def tree_distance(a: Token, b: Token) -> int:
    """Edges between two tokens of one sentence in the dependency tree (``FAR`` when more than
    ``MAX_CLIMB`` steps up from either, so a pathological parse costs no more)."""
    if a.i == b.i:
        return 0
    up: dict[int, int] = {}
    node, steps = a, 0
    while steps <= MAX_CLIMB:
        up[node.i] = steps
        if node.head.i == node.i:
            break
        node, steps = node.head, steps + 1
    node, steps = b, 0
    while node.i not in up:
        if node.head.i == node.i or steps >= MAX_CLIMB:
            return FAR  # different sentences, or too far apart to matter
        node, steps = node.head, steps + 1
    return steps + up[node.i]


def distance(a: Token, b: Token) -> tuple[int, int]:
    return tree_distance(a, b), abs(a.i - b.i)


def find_cues(sent: Span, lex: Lexicon, tuning: Tuning) -> list[Cue]:
    """Metric cue words of a sentence, longest match first ("trade surplus" over "surplus")."""
    cues: list[Cue] = []
    tokens = list(sent)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        lower, lemma = tok.lower_, tok.lemma_.lower()
        verb_metric = lex.verb_cues.get(lemma) or lex.verb_cues.get(lower)
        if tok.pos_ == "VERB" and verb_metric:
            # "will pay 15.6 billion yen for shares of Sansui": the verb names a deal, the noun
            # "pay" a salary; a weak cue, so a noun beside it ("pay a fine of") wins.
            cues.append(Cue(tok.i, tok.i + 1, tok, verb_metric, tuning.verb_cue_penalty))
            i += 1
            continue
        if lower not in lex.cue_heads and lemma not in lex.cue_heads:
            i += 1
            continue
        matched = 0
        for size in range(min(_MAX_CUE_WORDS, len(tokens) - i), 0, -1):
            window = tokens[i : i + size]
            for words in (
                tuple(t.lower_ for t in window),
                (*(t.lower_ for t in window[:-1]), window[-1].lemma_.lower()),
            ):
                metric = lex.metric_cues.get(words)
                if metric is None:
                    continue
                if size == 1 and words[0] in lex.noun_only_cues and tok.pos_ not in _NOUNS:
                    continue  # "the economy will contract" is no contract
                span = sent.doc[window[0].i : window[-1].i + 1]
                weak = size == 1 and words[0] in lex.weak_cues
                cue = Cue(window[0].i, window[-1].i + 1, span.root, metric, 2 if weak else 0)
                cues.append(cue)
                matched = size
                break
            if matched:
                break
        i += matched or 1
    return cues


def best_cue(
    root: Token, cues: list[Cue], skip: tuple[int, int] | None = None, avoid: str | None = None
) -> Cue | None:
    """The cue nearest the amount, ignoring cues inside the amount and the ``skip`` char range;
    a cue of metric ``avoid`` only when there is no other."""
    best: tuple[tuple[int, int, int], Cue] | None = None
    for cue in cues:
        if cue.start <= root.i < cue.end:
            continue
        if skip and skip[0] <= cue.root.idx < skip[1]:
            continue
        tree, words = distance(root, cue.root)
        key = (cue.metric == avoid, tree + cue.penalty, words)
        if best is None or key < best[0]:
            best = (key, cue)
    return best[1] if best else None


@dataclass(slots=True)
class Source:
    text: str
    start: int
    end: int
    actor: bool = False  # "the World Bank announced a $100m loan": a party as well


def find_source(sent: Span, root: Token, lex: Lexicon, text: str, tuning: Tuning) -> Source | None:
    """The attribution of a figure: "according to X", "X said", "data from X show"."""
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < sent.end and tok.nbor().lower_ == "to":
            objects = [c for c in tok.nbor().children if c.dep_ == "pobj"]
            if objects:
                return _phrase(objects[0], text, tuning.max_source_side)
    if m := _DATA_FROM.search(text, sent.start_char, sent.end_char):
        return Source(m.group("who"), m.start("who"), m.end("who"))
    ancestors = {a.i for a, _ in zip(root.ancestors, range(MAX_CLIMB), strict=False)}
    verbs = [
        t
        for t in sent
        if t.lemma_.lower() in lex.source_verbs
        and t.pos_ in ("VERB", "AUX")
        and (t.i in ancestors or t.dep_ == "ROOT" or t.head.i in ancestors)
        and not (t.i <= root.i and t.head.i == root.i)
    ]
    verbs.sort(key=lambda t: (t.i not in ancestors, abs(t.i - root.i)))
    for verb in verbs:
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ != "PRON":
                if child.i <= root.i <= child.right_edge.i:
                    continue  # the figure is inside the subject: "exports of $5bn show ..."
                if child.lower_ in lex.source_data_nouns and all(
                    t.dep_ == "det" for t in child.children
                ):
                    continue  # "the figures showed": no one named
                source = _phrase(child, text, tuning.max_source_side)
                source.actor = verb.lemma_.lower() in lex.actor_source_verbs
                return source
    return None


def _phrase(head: Token, text: str, side: int) -> Source:
    left, right = head.left_edge, head.right_edge
    doc = head.doc
    # A name, not a clause: keep at most a few words either side of the head noun.
    left = doc[max(left.i, head.i - side)]
    right = doc[min(right.i, head.i + side)]
    while left.is_space and left.i < right.i:
        left = doc[left.i + 1]
    start, end = left.idx, right.idx + len(right.text)
    phrase = text[start:end]
    if m := _DETERMINERS.match(phrase):
        start += m.end()
        phrase = phrase[m.end() :]
    stripped = phrase.rstrip(" ,;:\n\t")
    return Source(stripped, start, start + len(stripped))


def find_period(
    sent: Span,
    root: Token,
    dates: list[TimeExpression],
    excluded: list[tuple[int, int]],
    lex: Lexicon,
    text: str,
    others: list[tuple[int, int]] = (),  # type: ignore[assignment]
) -> TimeExpression | None:
    """The TIMEX3 value of the date nearest the figure in its sentence (DATE before DURATION).

    Not a period: a date that dates another amount ("compared with $6.1 million a year ago"),
    a deadline or maturity ("due March 15, 2007", "extended to Nov. 20"); and the end date of
    a duration ("the six months ended Oct. 1") leaves the period to the duration.
    """
    doc = sent.doc
    best: tuple[tuple[int, int, int], TimeExpression] | None = None
    for date in dates:
        if date.value is None or date.start < sent.start_char or date.end > sent.end_char:
            continue
        if date.type not in ("DATE", "DURATION"):
            continue
        if any(s <= date.start < e or s < date.end <= e for s, e in excluded):
            continue
        if date.type == "DURATION" and (
            lex.offset_re.match(text, date.end) or lex.offset_re.search(date.text)
        ):
            continue  # "a month earlier than usual" measures a shift, it dates nothing
        if any(
            0 <= date.start - e <= 2 and not text[e : date.start].strip(", ") for _, e in others
        ):
            continue  # "$6.1 million a year ago": that date is the other amount's
        if lex.not_period_re.search(text, max(sent.start_char, date.start - 24), date.start):
            continue
        if (ended := lex.period_end_re.search(text, max(0, date.start - 12), date.start)) and any(
            d.type == "DURATION" and 0 <= ended.start() - d.end <= 1 for d in dates
        ):
            continue  # "the six months ended Oct. 1": the six months are the period
        span = doc.char_span(date.start, date.end, alignment_mode="expand")
        if span is None or _in_other_clause(span.root, root):
            continue
        key = (date.type != "DATE", *distance(root, span.root))
        if best is None or key < best[0]:
            best = (key, date)
    return best[1] if best else None


def _in_other_clause(tok: Token, root: Token) -> bool:
    """ "Starpointe holders, who approved the plan last April, will receive $21": a date in a
    relative clause about people, off the amount's path, dates what those people did. (A
    clause about a thing may still date the figure: "Williams shares, which were to be
    delisted after the close of trading yesterday, closed at $23.25".)"""
    path = {root.i} | {a.i for a in root.ancestors}
    for node in (tok, *tok.ancestors):
        if node.dep_ == "relcl":
            people = any(c.lower_ in ("who", "whom", "whose") for c in node.subtree)
            return (
                people
                and node.head.i not in path
                and not (node.left_edge.i <= root.i <= node.right_edge.i)
            )
    return False


_YEARS = re.compile(r"P(\d+)([YE])")


def period_start(date: TimeExpression, text: str, anchor: dt.date | None) -> str | None:
    """Where a period that is a stretch of time begins: "since 2012" -> "2012"; "over the next
    decade" -> the anchor's year, "over the past five years" five years before it."""
    before = text[max(0, date.start - 8) : date.start].lower()
    if re.search(r"\bsince\s+$", before) and date.type == "DATE":
        return date.value
    m = _YEARS.fullmatch(date.value or "")
    if date.type != "DURATION" or m is None or anchor is None:
        return None
    years = int(m.group(1)) * (10 if m.group(2) == "E" else 1)
    words = text[date.start : date.end].lower()
    if re.search(r"\b(?:next|coming)\b", words):
        return f"{anchor.year:04d}"
    if re.search(r"\b(?:past|last)\b", words):
        return f"{anchor.year - years:04d}"
    return None


def paid_to_holders(root: Token, lex: Lexicon) -> bool:
    """ "Starpointe holders ... will receive $21 in cash a share": a sum a company's
    shareholders receive, the verb's subject, is what is paid for their shares."""
    verb = root.head
    if verb.dep_ == "prep":
        verb = verb.head
    return verb.lemma_.lower() in ("receive", "get") and any(
        c.dep_ == "nsubj" and c.lemma_.lower() in lex.holder_nouns for c in verb.children
    )


def direction_near(span: Span, sent: Span, lex: Lexicon) -> tuple[str, Token] | None:
    """A change word governing or right before an amount ("rose 5%", "up 30%", "a 5% rise")."""
    doc = span.doc
    candidates: list[Token] = []
    if span.start > sent.start:
        prev = doc[span.start - 1]
        candidates.append(prev)
        if span.start - 1 > sent.start and prev.lower_ in lex.direction_skip:
            candidates.append(doc[span.start - 2])
    head = span.root.head
    if head.i != span.root.i:
        candidates.append(head)
        if head.dep_ == "prep" and head.head.i != head.i:
            candidates.append(head.head)
    for cand in candidates:
        word = lex.directions.get(cand.lower_) or lex.directions.get(cand.lemma_.lower())
        if word and sent.start <= cand.i < sent.end:
            return word, cand
    return None
