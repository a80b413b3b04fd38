"""The rules ``news_names`` applies, in order, to the names merged from the model and the
knowledge base. Each is ``apply(names, kb)``: it reads and changes the :class:`NameSet`.

Each reads what the earlier ones made: the teams rule the people named so far, the surnames
rule every full name, the group and company rules only the tokens still free.
"""

from __future__ import annotations

from collections.abc import Callable

from service.extract.entities.rules import (
    companies,
    events,
    groups,
    places,
    players,
    speakers,
    surnames,
    teams,
)
from service.extract.entities.spans import NameSet
from service.knowledge import actors

Rule = Callable[[NameSet, actors.KnowledgeBase], None]

RULES: tuple[Rule, ...] = (
    events.apply,
    places.apply,
    players.apply,
    teams.apply,
    speakers.apply,
    surnames.apply,
    groups.apply,
    companies.apply,
)
