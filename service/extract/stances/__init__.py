"""Stances section: who is supportive of or critical toward whom, with the evidence."""

from __future__ import annotations

from spacy.tokens import Doc

from service.extract.model import Entity, Stance


def extract_stances(doc: Doc, entities: list[Entity]) -> list[Stance]:
    return []
