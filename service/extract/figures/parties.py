"""The parties of a figure and their roles, from the dependency tree of its sentence.

A party is an entity the sentence ties to the amount: within a few tree edges of the amount or
of its metric cue, and not a bystander of the sentence (the exchange a share trades on, the
parent named in an apposition, the maker of a product in a relative clause, the nationality of
a currency); who "it", "its" and "the company" stand for is ``mentions.Antecedents``'. Roles
(buyer, seller, target, lender, borrower, giver, recipient) follow the data rules of
``figures.json`` (``role_rules``); exporter and importer the trade rules below.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from service.extract.figures.context import Cue, tree_distance
from service.extract.figures.lexicon import Lexicon
from service.extract.figures.mentions import Mentions, is_organisation, is_person
from service.extract.figures.tuning import Tuning
from service.extract.pipeline import text_of

#: Metrics of a price a share a buyer pays, whose one other company is the target.
PER_SHARE_DEALS = frozenset({"deal_value"})
#: Metrics of sums a place only hosts: "$650,000 is being offered in the United States for
#: information", "fined $5 million in New York": the place of the act is no party.
PLACED_METRICS = frozenset({"reward", "fine"})
#: Objects whose verb's subject owns them: "IMA lowered its offer", "X raised its bid".
OWNED_OFFERS = frozenset({"offer", "bid", "proposal"})


def find_parties(
    sent: Span,
    root: Token,
    cue: Cue | None,
    metric: str,
    mentions: Mentions,
    excluded: list[tuple[int, int]],
    lex: Lexicon,
    tuning: Tuning,
    anaphors: frozenset[int] = frozenset(),
    per_share: bool = False,
) -> tuple[list[str], dict[str, str]]:
    """Entity ids the figure is between or about, and their roles where the grammar gives one;
    ``anaphors`` are the starts of the mentions that are "it", "its", "the company";
    ``per_share`` says the amount is a price a share ("$32-a-share"); ``tuning`` the
    distances (the ``news_trade_figures`` component's config)."""
    doc = sent.doc
    text = text_of(doc)
    parties: list[str] = []
    companies: list[str] = []  # the parties that are organisations
    roles: dict[str, str] = {}
    lo, hi = sent.start_char, sent.end_char
    anchors = [root] + ([cue.root] if cue else [])
    root_path = {root.i} | {a.i for a in root.ancestors}
    holders = _named_holders(doc, anchors, mentions, anaphors)
    for start, end, entity in mentions:
        if start < lo or end > hi:
            continue
        if any(s <= start < e or s < end <= e for s, e in excluded):
            continue
        if lex.security_re.match(text, start):
            continue  # "American depositary shares for Reuters": a kind of paper
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        tok = span.root
        near = min(tree_distance(tok, a) for a in anchors)
        if near > tuning.max_party_distance or (is_person(entity, lex) and near > 2):
            continue
        if start in anaphors and near > tuning.max_anaphor_distance:
            continue  # a pronoun far from the figure may stand for anything
        if start in anaphors and holders and entity.id not in holders:
            continue  # "It has relinquished ... during BP's #2.5 billion takeover": BP's
        if _bystander(tok, root, root_path, lex, tuning.bystander_climb) or (
            metric in PLACED_METRICS and _venue(tok)
        ):
            continue
        if entity.id not in parties:
            parties.append(entity.id)
        role = _trade_role(tok, cue) or _rule_role(tok, root, cue, metric, lex, tuning)
        if role and entity.id not in roles:
            roles[entity.id] = role
        if is_organisation(entity, lex) and entity.id not in companies:
            companies.append(entity.id)
    if per_share and metric in PER_SHARE_DEALS:
        _share_target(companies, roles)
    return parties, roles


def _share_target(companies: list[str], roles: dict[str, str]) -> None:
    """ "Di Giorgio is seeking alternatives to a $32-a-share tender offer of DIG Acquisition":
    a price a share paid by a buyer is paid for the shares of the one other company of the
    figure, its target."""
    if "buyer" not in roles.values() or "target" in roles.values():
        return
    others = [c for c in companies if c not in roles]
    if len(others) == 1:
        roles[others[0]] = "target"


def _named_holders(
    doc: Doc, anchors: list[Token], mentions: Mentions, anaphors: frozenset[int]
) -> set[str]:
    """Entities named as the possessor of the amount or its cue ("British Petroleum Co.'s
    #2.5 billion takeover"): the amount's phrase says whose it is, so a pronoun of the clause
    around it ("It has relinquished a golden share ... during") is no party of it."""
    heads = {a.i for a in anchors}
    holders: set[str] = set()
    for start, end, entity in mentions:
        if start in anaphors:
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and span.root.dep_ == "poss" and span.root.head.i in heads:
            holders.add(entity.id)
    return holders


def _bystander(tok: Token, root: Token, root_path: set[int], lex: Lexicon, climb: int) -> bool:
    """A mention the sentence names beside the figure, not in it: "In New York Stock Exchange
    composite trading", "DD Acquisition Corp., a partnership of Unicorp Canada Corp.,",
    "aircraft made by McDonnell Douglas", "37.5 Canadian cents"."""
    if tok.head.lower_ in lex.currency_words:
        return True  # a nationality naming a currency ("Canadian dollars") is no party
    node = tok
    for _ in range(climb):
        if node.head.i == node.i or node.i in root_path:
            return False
        if node.dep_ == "prep" and node.lower_ in ("in", "on", "at"):
            objects = [c for c in node.children if c.dep_ == "pobj"]
            if objects and objects[0].lemma_.lower() in lex.market_nouns:
                return True
        # An apposition off the amount's path describes (the parent, the maker); a relative
        # clause does when it modifies another noun than the amount's ("aircraft made by").
        # An apposition of the amount itself ("#2.5 billion ( $4 billion ) takeover of X", as
        # the small model parses it) is the figure's own phrase.
        if node.dep_ == "appos" and node.head.i != root.i:
            return True
        if node.dep_ in ("acl", "relcl") and node.head.i not in root_path:
            return True
        node = node.head
    return False


def _venue(tok: Token) -> bool:
    """A place in an "in" phrase of the verb: where the act happens."""
    prep = tok.head
    return (
        tok.ent_type_ in ("GPE", "LOC")
        and tok.dep_ == "pobj"
        and prep.lower_ == "in"
        and prep.head.pos_ == "VERB"
    )


def _trade_role(tok: Token, cue: Cue | None) -> str | None:
    """Exporter or importer, from "X's exports to Y", "imports from X", "X exported ... to Y"."""
    if cue is None or cue.metric not in ("exports", "imports"):
        return None
    selling = cue.metric == "exports"
    head = tok.head
    owners = (cue.root.i, cue.root.head.i)
    if tok.dep_ in ("poss", "nsubj", "amod", "compound") and head.i in owners:
        return "exporter" if selling else "importer"
    if tok.dep_ == "pobj" and head.lower_ in ("to", "into", "from"):
        toward = head.lower_ in ("to", "into")
        if head.head.i in (cue.root.i, cue.root.head.i) or head.head.head.i == cue.root.i:
            return "importer" if toward else "exporter"
    return None


def _relations(tok: Token, hops: int, depth: int = 0) -> list[tuple[Token, str]]:
    """(word, relation) pairs tying a mention to the words a role rule may read."""
    out: list[tuple[Token, str]] = []
    if depth > hops:
        return out
    if tok.dep_ == "pobj" and tok.head.dep_ in ("prep", "agent", "dative"):
        prep = tok.head
        out.append((prep.head, f"pobj:{prep.lower_}"))
        noun = prep.head
        before = tok.doc[prep.i - 1] if prep.i > 0 else prep
        if depth == 0 and prep.lower_ == "by" and before.pos_ == "NOUN" and before.i != noun.i:
            # "approved its acquisition by Royal Trustco", the "by" hung on the verb: the noun
            # right before it is the act the agent does.
            out.append((before, "pobj:by"))
        # "buy 32.99% of BIP", "pay ... for shares of Sansui": the phrase the "of" belongs to.
        # "a unit of DPC launched an offer": the "of" phrase of a subject acts with it.
        if prep.lower_ == "of" and noun.dep_ in ("dobj", "pobj", "nsubjpass", "nsubj"):
            out.extend(_relations(noun, hops, depth + 1))
        return out
    word = tok.head
    relation = tok.dep_
    if relation == "poss" and _has_agent(word):
        relation = "poss:by"  # "its acquisition by Royal Trustco": it is acquired
    out.append((word, relation))
    if tok.dep_ == "poss":
        # "KKR's program to pay down $5 billion of a loan": the owner of a plan does its act.
        out.extend(
            (c, "nsubj")
            for c in word.children
            if c.dep_ == "acl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        )
    if relation in ("compound", "poss", "nmod", "amod") and word.dep_ in ("pobj", "dobj"):
        # "its offer for Dunkin' Donuts Inc. shares": the noun the name qualifies.
        out.extend(_relations(word, hops, depth + 1))
    if relation == "nsubj":
        # "agreed to be acquired by", "proposed acquiring Mesa": the verbs the subject controls.
        verb = word
        for _ in range(2):
            xcomps = [c for c in verb.children if c.dep_ == "xcomp"]
            if not xcomps:
                break
            verb = xcomps[0]
            passive = any(c.dep_ == "auxpass" for c in verb.children)
            out.append((verb, "nsubjpass" if passive else "nsubj"))
        # "IMA lowered its offer to $26.50": the subject owns the offer it changes.
        out.extend(
            (c, "poss")
            for c in word.children
            if c.dep_ == "dobj" and c.lemma_.lower() in OWNED_OFFERS
        )
    return out


def _has_agent(noun: Token) -> bool:
    """ "its acquisition by X": a "by" phrase on the noun, or right after it (the small model
    often hangs it on the verb)."""
    if any(c.dep_ in ("prep", "agent") and c.lower_ == "by" for c in noun.children):
        return True
    after = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else noun
    return after.lower_ == "by" and after.dep_ in ("prep", "agent")


def _rule_role(
    tok: Token, root: Token, cue: Cue | None, metric: str, lex: Lexicon, tuning: Tuning
) -> str | None:
    rules = lex.role_rules.get(metric)
    if not rules:
        return None
    relations = _relations(tok, tuning.max_relation_hops)
    if cue is not None:
        # "BP's #2.5 billion takeover": a name tied to the amount is tied to its cue word.
        relations += [
            (cue.root, r) for w, r in relations if w.i == root.i and r in ("poss", "compound")
        ]
    for word, relation in relations:
        if tree_distance(word, root) > tuning.max_role_word_distance:
            continue
        role = rules.get((word.lemma_.lower(), relation)) or rules.get((word.lower_, relation))
        if role:
            return role
    return None
