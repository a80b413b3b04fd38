"""Dates section: temporal expressions with TIMEX3 type and value."""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc

from service.extract.model import TimeExpression

_YEAR = re.compile(r"^(?:in\s+)?(1[5-9]\d\d|20\d\d)$")


def extract_dates(doc: Doc, anchor: dt.date | None) -> list[TimeExpression]:
    found = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        year = _YEAR.match(ent.text)
        found.append(
            TimeExpression(
                text=ent.text,
                start=ent.start_char,
                end=ent.end_char,
                type=ent.label_,
                value=year.group(1) if year else None,
            )
        )
    return found
