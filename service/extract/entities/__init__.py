"""Entities section: the actors an article names, one item per real-world entity.

The ``news_names`` pipeline component (``component.py``) has already merged the statistical
names with the knowledge base into ``doc.spans["news_names"]``. This step resolves each name:
metonyms ("Beijing warned...") become mentions of their country, demonyms ("Chinese customs
data") mentions of theirs, short forms ("Xi", "Putin") join the full name; then it groups the
mentions into entities, infers the country of people and bodies from their context ("Russian
Foreign Minister ...") and scores salience.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from service.extract.entities import merge, names
from service.extract.entities.component import SPAN_KEY, placed
from service.extract.pipeline import text_of
from service.extract.results import Entity, Mention
from service.knowledge import actors

#: OntoNotes labels of the actors and places this section returns.
ENTITY_TYPES: tuple[str, ...] = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT")

_CUES = actors.cues()
_PLACE_PREPS = _CUES["place_preps"]
_ACTOR_HEADS = _CUES["actor_heads"]
_ACTOR_VERBS = _CUES["actor_verbs"]
_PLACE_HEADS = _CUES["place_heads"]
_CONTEXT_DEPS = frozenset({"compound", "amod", "poss", "nmod", "npadvmod"})
_NOT_NAMES = _CUES["not_names"]
_ADJECTIVE_PREFIXES = tuple(_CUES["adjective_prefixes"])
_DOCUMENT_HEADS = _CUES["document_heads"]
_TITLE_WORDS = _CUES["title_words"]
_SMALL = _CUES["acronym_skip"]
_PLACE_KINDS = frozenset({"country", "bloc", "city", "region", "province"})
#: Arabic articles a surname is written with or without ("al-Zarqawi" / "Zarqawi").
_ARTICLES = frozenset({"al-", "el-", "ad-", "as-", "an-", "ar-", "at-"})
#: Types whose country its name may say ("the China Electricity Council", "the U.S. Embassy").
_NAMED_COUNTRY_TYPES = frozenset({"ORG", "FAC", "NORP", "GPE", "LOC"})


@dataclass(slots=True)
class _Mention:
    """One mention of an entity, as the grouping pass reads it."""

    span: Span
    label: str  # the mention's own label (NORP for a demonym of a country)
    metonym: bool = False
    country: str | None = None  # a group's nationality ("the Syrian opposition")


def extract_entities(doc: Doc) -> list[Entity]:
    return _resolve(doc)[0]


def labelled_mentions(doc: Doc, groups_as_names: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, label) of every mention the section returns, for evaluation.

    ``groups_as_names``: a group named by its nationality ("Iraqi troops") is a description,
    not a name; in a names-only scheme (CoNLL-2003 marks "Iraqi" MISC there) its mention is the
    nationality word, NORP. re3d, like this section, marks the group itself."""
    labelled = _resolve(doc)[1]
    if not groups_as_names:
        return [(s, e, label) for s, e, label, _ in labelled]
    return [(s, e if n is None else n, "NORP" if n else label) for s, e, label, n in labelled]


def _names(doc: Doc) -> list[Span]:
    if SPAN_KEY not in doc.spans:
        raise ValueError(
            "the document has no names: parse it with a pipeline that has the news_names "
            "component (service.extract.pipeline.load())"
        )
    return list(doc.spans[SPAN_KEY])


def _name_end(item: _Mention) -> int | None:
    """Where the nationality of a group's mention ends ("Iraqi" of "Iraqi troops")."""
    span = item.span
    if not span.kb_id_.endswith(actors.GROUP):
        return None
    end = span.start
    while end < span.end and span.doc[end].text[:1].isupper():
        end += 1
    last = span.doc[end - 1]
    return last.idx + len(last.text) if end > span.start else None


def _resolve(doc: Doc) -> tuple[list[Entity], list[tuple[int, int, str, int | None]]]:
    kb = actors.load()
    groups: dict[str, list[_Mention]] = {}
    for span in _names(doc):
        if span.label_ not in ENTITY_TYPES or not _plausible(span) or _not_actor(span, kb):
            continue
        key, item = _classify(span, kb)
        groups.setdefault(key, []).append(item)

    _fold_short_forms(groups, kb)
    merge.merge_same_actor(groups, kb)
    country_at = _country_tokens(groups, kb)

    entities: list[Entity] = []
    labelled: list[tuple[int, int, str, int | None]] = []
    ordered = sorted(groups.items(), key=lambda kv: min(i.span.start_char for i in kv[1]))
    for index, (key, items) in enumerate(ordered, start=1):
        items.sort(key=lambda i: i.span.start_char)
        entry = kb.entries.get(key)
        if entry is not None:
            name, etype, country = entry.name, entry.type, entry.country
            if etype == "PERSON" and any(i.label != "PERSON" for i in items):
                etype = Counter(i.label for i in items).most_common(1)[0][0]
        else:
            etype = Counter(i.label for i in items).most_common(1)[0][0]
            if any(merge.has_legal_suffix(i.span.text) for i in items):
                etype = "ORG"
            name = _canonical_name(items, etype)
            country = next((i.country for i in items if i.country), None)
            if country is None and etype in _NAMED_COUNTRY_TYPES:
                country = _country_in_name(items, kb)
            if country is None and etype != "NORP":
                country = _infer_country(items, country_at)
        wikidata = entry.wikidata if entry is not None else None
        entities.append(
            Entity(
                id=f"E{index}",
                name=name,
                type=etype,
                mentions=[
                    Mention(
                        text=i.span.text,
                        start=i.span.start_char,
                        end=i.span.end_char,
                        metonym=i.metonym,
                    )
                    for i in items
                ],
                country=country,
                wikidata=wikidata,
                key=names.key(etype, name, wikidata),
                kind=entry.kind if entry is not None else None,
            )
        )
        for i in items:
            if entry is None and i.label != etype:
                i.label = etype  # the entity's majority type
            labelled.append((i.span.start_char, i.span.end_char, i.label, _name_end(i)))
    _score_salience(entities, len(text_of(doc)))
    return entities, labelled


def _plausible(span: Span) -> bool:
    """No numbers, no lowercase common words, at least two letters."""
    text = span.text
    if span.kb_id_:
        return True  # "G7"
    if sum(c.isalpha() for c in text) < 2:
        return False
    return bool(span.kb_id_) or any(c.isupper() for c in text)


def _not_actor(span: Span, kb: actors.KnowledgeBase) -> bool:
    """Documents, agreements and laws ("the Minsk Protocol"), job titles and words cut from them
    ("Chargé d'Affaires", "State" of "Secretary of State"), abbreviations ("G.D.P.")."""
    if span.text in _NOT_NAMES or span.text.lower().startswith(_ADJECTIVE_PREFIXES):
        return True  # "G.D.P.", "anti-Castro", "pro-Assad"
    if span.label_ != "PERSON" and span[-1].text in _DOCUMENT_HEADS and not span.kb_id_:
        return True
    doc = span.doc
    if span.end < len(doc) and doc[span.end].text in _DOCUMENT_HEADS:
        return True  # "the Minsk Protocol", "the Paris Agreement": the place names the document
    words = [t.lower_ for t in span if any(c.isalpha() for c in t.text)]
    if any(w in _TITLE_WORDS for w in words) and all(
        w in _TITLE_WORDS or w in _SMALL or w == "state" for w in words
    ):
        return True
    before = span.start - 1
    if before > 0 and doc[before].lower_ == "the":
        before -= 1
    after = doc[span.end] if span.end < len(doc) else None
    single = len(span) == 1 and not span.kb_id_ and not names.is_acronym(span.text)
    if single and after is not None and after.lower_ in _TITLE_WORDS:
        return True  # "Defense" of "Polish Defense Minister"; "INS Commissioner" stays
    # One word only: "Director of the U.S. Federal Bureau of Investigation" names a body.
    cut = len(span) == 1 and before > 0 and doc[before].lower_ == "of"
    cut = cut and doc[before - 1].lower_ in _TITLE_WORDS
    place = bool(span.kb_id_) and kb.entries[span.kb_id_.split("|")[0]].kind in _PLACE_KINDS
    # "Secretary of State", "Minister of Defence"; "President of Russia" stays.
    return cut and not place


def _country_in_name(items: list[_Mention], kb: actors.KnowledgeBase) -> str | None:
    """The one country a body's name names ("Government of Iraq", "the U.S. Embassy")."""
    codes: set[str] = set()
    for item in items:
        tokens = [t.text for t in item.span]
        for n in (3, 2, 1):
            for i in range(len(tokens) - n + 1):
                found = kb.surfaces.get(" ".join(tokens[i : i + n]))
                if found is None or found.role == actors.METONYM:
                    continue
                entry = kb.entries[found.entry]
                if entry.kind == "country" and entry.country:
                    codes.add(entry.country)
    return codes.pop() if len(codes) == 1 else None


def _classify(span: Span, kb: actors.KnowledgeBase) -> tuple[str, _Mention]:
    if span.kb_id_:
        entry_id, role = span.kb_id_.split("|")
        entry = kb.entries[entry_id]
        if role == actors.GROUP:
            # By lemma: "Iraqi security force" and "Iraqi security forces" are one group.
            key = "GROUP:" + " ".join(t.lemma_.casefold() for t in span)
            return key, _Mention(span, span.label_, country=entry.country)
        if role == actors.METONYM:
            if _is_actor(span):
                return entry_id, _Mention(span, "GPE", metonym=True)
            place = kb.surfaces[span.text].place if span.text in kb.surfaces else None
            if place is None:
                place = kb.surfaces.get(span.text.title(), actors.Surface(entry_id, role)).place
            if place is not None:
                return place, _Mention(span, kb.entries[place].type)
            return f"GPE:{names.normalize(span.text)}", _Mention(span, "GPE")
        if role == actors.ADJECTIVE:
            return entry_id, _Mention(span, "NORP")
        if span.label_ == entry.type or entry.type != "PERSON":
            return entry_id, _Mention(span, entry.type)
    found = kb.surfaces.get(span.text)
    if found is not None and found.role == actors.NAME:
        kind = kb.entries[found.entry].kind
        province = kind == "province" and placed(span.doc, span.start, span.end)
        if province or (kind == "city" and len(span) > 1 and span.label_ == "PERSON"):
            # A first-level region or a city of several words the model alone calls a person
            # or a body ("Raqqah", "Ar Raqqah"): the gazetteer knows it as a place. One-word
            # cities keep the model's reading (people and clubs named like towns).
            return found.entry, _Mention(span, "GPE")
    # One sense per article: an unknown name is one entity whatever label each mention got.
    # Normalized: "Apple Inc." and "Apple", "Da’esh" and "Da'esh", "ACME" and "Acme" are one.
    return f"NAME:{names.normalize(span.text) or span.text.casefold()}", _Mention(span, span.label_)


def _is_actor(span: Span) -> bool:
    """Is a capital or seat of government used as the state it houses, not as a place?"""
    text = span.text
    if text.isupper() and len(text) > 3:
        return False  # a dateline: "MOSCOW (Reuters) -"
    token: Token = span.root
    while token.dep_ == "conj" and token.head is not token:
        token = token.head  # "between Beijing and Moscow": the first conjunct's role
    head = token.head
    if token.dep_ == "pobj":
        prep = head.lower_
        governor = head.head
        if prep == "of" and governor.lemma_.lower() in _PLACE_HEADS:
            return False  # "the city of Moscow", "residents of Kyiv"
        if prep in _PLACE_PREPS:
            lemma = governor.lemma_.lower()
            if governor.pos_ != "VERB":
                return lemma in _ACTOR_HEADS
            # "sent weapons to Kyiv": the verb or what it moves says it goes to a state.
            objects = [c for c in governor.children if c.dep_ == "dobj"]
            objects += [c for o in objects for c in o.conjuncts]
            return lemma in _ACTOR_VERBS or any(o.lemma_.lower() in _ACTOR_HEADS for o in objects)
        return True
    if token.dep_ in ("compound", "nmod") and head.lemma_.lower() in _PLACE_HEADS:
        return False  # "Moscow city", "Beijing airport"
    if span.end < len(span.doc) - 1 and span.doc[span.end].text == ",":
        nxt = span.doc[span.end + 1]
        if nxt.ent_type_ == "GPE" and nxt.text != text:
            return False  # "Moscow, Russia"
    return True


def _fold_short_forms(groups: dict[str, list[_Mention]], kb: actors.KnowledgeBase) -> None:
    """Join an unlinked one-word person ("Lebed") to the one person named in full with it."""
    full: dict[str, set[str]] = {}  # casefolded: "Bin Laden" is "bin Laden" of Osama bin Laden
    for key, items in groups.items():
        forms = [kb.entries[key].name] if key in kb.entries else []
        forms += [i.span.text for i in items if i.label == "PERSON"]
        for name in forms:
            words = name.split()
            if len(words) > 1:
                # "Zarqawi" of Abu Musab al-Zarqawi: the surname without its article.
                bare = words[-1].partition("-")[2] if words[-1][:3].lower() in _ARTICLES else ""
                for part in (*names.name_parts(words), bare):
                    if part:
                        full.setdefault(part.casefold(), set()).add(key)
    # A knowledge-base short form ("Wang") stands for someone else the article names in full
    # ("Wang Donghai") when the knowledge base's person is not named in full there.
    for key in [k for k in groups if k in kb.entries and kb.entries[k].kind == "person"]:
        items = groups[key]
        if any(" " in i.span.text for i in items):
            continue
        targets = {t for i in items for t in full.get(i.span.text.casefold(), ())} - {key}
        if len(targets) == 1:
            groups[targets.pop()].extend(items)
            del groups[key]
    for key in [k for k in groups if k.startswith("NAME:")]:
        items = groups[key]
        if not any(i.label == "PERSON" for i in items):
            continue
        text = items[0].span.text.casefold()
        targets = full.get(text, set()) - {key}
        if len(targets) == 1:
            groups[targets.pop()].extend(items)
            del groups[key]


def _country_tokens(groups: dict[str, list[_Mention]], kb: actors.KnowledgeBase) -> dict[int, str]:
    """Token index -> country code, for every token of a mention of a country or of a place
    the knowledge base puts in one."""
    out: dict[int, str] = {}
    for key, items in groups.items():
        entry = kb.entries.get(key)
        # Places too: "the Damascus suburb of Darayya" is in Syria.
        if entry is None or entry.kind not in _PLACE_KINDS or entry.country is None:
            continue
        for item in items:
            for i in range(item.span.start, item.span.end):
                out[i] = entry.country
    return out


def _infer_country(items: list[_Mention], country_at: dict[int, str]) -> str | None:
    """A body or person's country from its name or what qualifies it ("Chinese Foreign
    Ministry", "Russia's foreign minister, Sergei Lavrov")."""
    votes: Counter[str] = Counter()
    for item in items:
        span = item.span
        codes = {country_at[i] for i in range(span.start, span.end) if i in country_at}
        root = span.root
        anchors = [root]
        if root.dep_ in ("appos", "compound"):
            anchors.append(root.head)  # "Russia's Foreign Ministry spokeswoman Irina Volkova"
        if root.dep_ == "pobj" and root.head.lower_ == "of":
            anchors.append(root.head.head)  # "the northern Chinese city of Hehe"
        anchors.extend(c for c in root.children if c.dep_ == "appos")
        for anchor in anchors:
            for child in anchor.children:
                if child.dep_ in _CONTEXT_DEPS:
                    for t in (child, *(c for c in child.children if c.dep_ in _CONTEXT_DEPS)):
                        if t.i in country_at:
                            codes.add(country_at[t.i])
        if len(codes) == 1:
            votes[codes.pop()] += 1
    return votes.most_common(1)[0][0] if votes else None


def _canonical_name(items: list[_Mention], etype: str) -> str:
    texts = [i.span.text for i in items]
    if etype == "PERSON":
        return max(texts, key=lambda t: (len(t.split()), len(t)))
    # The fullest form the article gives: an expansion over its acronym ("Immigration and
    # Naturalization Service", not "INS"), the full name over its short form ("Reed
    # International PLC", not "Reed"), then the commonest, then the longest spelling.
    counts = Counter(names.normalize(t) for t in texts)
    return max(
        texts,
        key=lambda t: (
            not names.is_acronym(t),
            len(names.words(t)),
            counts[names.normalize(t)],
            len(t),
        ),
    )


def _score_salience(entities: list[Entity], length: int) -> None:
    """Mention share and earliness, combined into [0, 1]."""
    if not entities:
        return
    most = max(len(e.mentions) for e in entities)
    for e in entities:
        first = min(m.start for m in e.mentions) / max(length, 1)
        e.salience = round(0.7 * len(e.mentions) / most + 0.3 * (1.0 - first), 3)
