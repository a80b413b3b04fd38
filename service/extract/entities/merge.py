"""One actor, one item: joining the mention groups of an article that name the same actor.

Groups are keyed by knowledge-base entry or by normalized name ("NAME:apple" for "Apple Inc."
and "Apple"). Here, after that, an acronym joins the one name it abbreviates in the article
("INS" and "Immigration and Naturalization Service", "GM" and "General Motors Corp."), and a
company's short form joins its full name ("Telerate" and "Telerate Inc.", "Poughkeepsie
Savings" and "Poughkeepsie Savings Bank"). A person's surname is joined earlier
(``_fold_short_forms``).
"""

from __future__ import annotations

from collections import Counter
from typing import Protocol

from spacy.tokens import Span

from service.extract.entities import names
from service.knowledge import actors

ORG_WORDS = actors.cues()["org_words"]
TITLES = actors.cues()["titles"]
_ORG_TYPES = frozenset({"ORG", "FAC", "NORP", "GPE", "LOC"})


class _Mentioned(Protocol):
    span: Span
    label: str


def _label(items: list) -> str:
    return Counter(i.label for i in items).most_common(1)[0][0]


def _forms(items: list) -> set[str]:
    return {i.span.text for i in items if not i.span.kb_id_.endswith(actors.METONYM)}


def merge_same_actor(groups: dict[str, list], kb: actors.KnowledgeBase) -> None:
    """Join acronyms and company short forms to the full name, in place."""
    _join_known_names(groups, kb)
    _join_country_prefixed(groups, kb)
    _join_acronyms(groups, kb)
    _join_company_short_forms(groups)


def _join_known_names(groups: dict[str, list], kb: actors.KnowledgeBase) -> None:
    """An unlinked name written as a linked entity of the article is written ("Dar es Salaam"
    the matcher skipped for its lower-case "es", beside the dateline's "DAR ES SALAAM")."""
    linked: dict[str, set[str]] = {}
    for key, items in groups.items():
        if key in kb.entries:
            for form in [kb.entries[key].name, *_forms(items)]:
                linked.setdefault(names.normalize(form), set()).add(key)
                if names.is_acronym(form):  # "FBI" the knowledge base knows
                    linked.setdefault("acronym:" + names.normalize(form), set()).add(key)
    for key in [k for k in groups if k.startswith(("NAME:", "GPE:"))]:
        person = _label(groups[key]) == "PERSON"
        wanted = {key.partition(":")[2]}
        for form in _forms(groups[key]):
            first, _, rest = form.partition(" ")
            # "U.S. Federal Bureau of Investigation" is the FBI: its country word dropped.
            bare = rest if kb.country_of(first) and " " in rest else form
            wanted |= {names.normalize(bare), "acronym:" + names.acronym(bare)}
        targets = {t for w in wanted for t in linked.get(w, ())}
        # A name the model calls a person joins only a first-level region, which no person is
        # named like ("Raqqah" where another mention is the region): one sense per article.
        if person:
            targets = {t for t in targets if kb.entries[t].kind == "province"}
        if len(targets) == 1:
            target = targets.pop()
            if person:
                for item in groups[key]:
                    item.label = kb.entries[target].type
            groups[target].extend(groups.pop(key))


def _join_country_prefixed(groups: dict[str, list], kb: actors.KnowledgeBase) -> None:
    """The body with and without its country's name in front, in one article: "U.S.
    Immigration and Naturalization Service" and "Immigration and Naturalization Service".

    Only a country's name, not its adjective ("Libyan World Court" is the model's misreading),
    and only when one country is written in front of that body in the article: "the U.S.
    Interests Section" and "the Cuban Interests Section" are two missions, and so is "our
    Interests Section" either of them."""
    prefixed: dict[str, list[tuple[str, str, str]]] = {}  # bare key -> (key, role, country)
    for key in [k for k in groups if k.startswith("NAME:")]:
        if _label(groups[key]) == "PERSON":
            continue
        for form in _forms(groups[key]):
            first, _, rest = form.partition(" ")
            found = kb.surfaces.get(first)
            code = kb.country_of(first)
            if code and found is not None and " " in rest:
                bare = "NAME:" + names.normalize(rest)
                prefixed.setdefault(bare, []).append((key, found.role, code))
    for bare, keys in prefixed.items():
        if bare not in groups or len({code for _, _, code in keys}) != 1:
            continue
        for key, role, _ in keys:
            if role == actors.NAME and key in groups and key != bare:
                groups[bare].extend(groups.pop(key))


def _join_acronyms(groups: dict[str, list], kb: actors.KnowledgeBase) -> None:
    expansions: dict[str, set[str]] = {}
    for key, items in groups.items():
        if _label(items) == "PERSON":
            continue
        forms = _forms(items)
        if key in kb.entries:
            forms.add(kb.entries[key].name)
        for form in forms:
            if len(form.split()) >= 2:
                expansions.setdefault(names.acronym(form), set()).add(key)
            first, _, rest = form.partition(" ")
            if kb.country_of(first) and len(rest.split()) >= 2:
                # "U.S. Immigration and Naturalization Service" is also the INS.
                expansions.setdefault(names.acronym(rest), set()).add(key)
    for key in [k for k in groups if k.startswith("NAME:")]:
        items = groups[key]
        acronyms = {f for f in _forms(items) if names.is_acronym(f)}
        targets: set[str] = set()
        for form in acronyms:
            letters = "".join(c for c in form if c.isalpha()).casefold()
            targets |= expansions.get(letters, set())
        targets.discard(key)
        if len(targets) == 1:
            target = groups[targets.pop()]
            for item in items:
                item.label = _label(target)  # "KDP" is what "Kurdistan Democratic Party" is
            target.extend(items)
            del groups[key]


def has_legal_suffix(form: str) -> bool:
    """ "Cofinec S.A.", "Apple Inc.": a company, whatever the model calls its short form."""
    raw = names.fold(form).replace(".", "").replace(",", " ").split()
    return len(raw) > 1 and raw[-1] in names.LEGAL


def _titled(span: Span) -> bool:
    return span.start > 0 and span.doc[span.start - 1].lower_ in TITLES


def company_core(form: str) -> list[str] | None:
    """The words of a company name before its legal suffix or company words, or None when the
    form names no company ("Telerate Inc." -> ["telerate"], "Ratners Group PLC" -> ["ratners"])."""
    raw = names.fold(form).replace("'s ", " ").replace(".", "").replace(",", "").split()
    if len(raw) < 2:
        return None
    end = len(raw)
    while end > 1 and (raw[end - 1] in names.LEGAL or raw[end - 1] in ORG_WORDS):
        end -= 1
    return raw[:end] if end < len(raw) else None


def _join_company_short_forms(groups: dict[str, list]) -> None:
    cores: dict[str, set[str]] = {}
    for key, items in groups.items():
        if _label(items) != "ORG":
            continue
        for form in _forms(items):
            core = company_core(form)
            if core is None:
                continue
            full = names.words(form)
            # Every shorter form the company goes by: "Poughkeepsie Savings Bank" ->
            # "poughkeepsie savings", "poughkeepsie".
            for n in range(len(core), len(full)):
                if len(full[0]) > 3:
                    cores.setdefault(" ".join(full[:n]), set()).add(key)
    for key in [k for k in groups if k.startswith("NAME:")]:
        items = groups[key]
        if _label(items) not in _ORG_TYPES and any(_titled(i.span) for i in items):
            continue  # "Mr. Waxman" of Waxman Industries; a bare "Reed said" is the company
        targets = cores.get(key.removeprefix("NAME:"), set()) - {key}
        if len(targets) == 1:
            for item in items:
                item.label = "ORG"  # the company's type, whatever the model said of its short form
            groups[targets.pop()].extend(items)
            del groups[key]
