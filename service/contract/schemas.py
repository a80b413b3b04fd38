"""Marshmallow schemas: the single source of the request and response shapes.

``openapi.yaml`` is generated from these (``make openapi``); a test fails when it is stale.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, post_dump, validate, validates

from service.config import Settings
from service.extract import SECTIONS, parse_published
from service.extract.results import DATE_TYPES, QUALIFIERS, ROLES, STANCE_LABELS
from service.extract.stances.lexicon import plover

_DEFAULTS = Settings()
#: What ``Published`` accepts, for the OpenAPI description: a date, or a date and time.
ISO_DATE_OR_DATETIME = [
    {"type": "string", "format": "date"},
    {"type": "string", "format": "date-time"},
    {"type": "null"},
]


class Published(fields.String):
    """An ISO 8601 date or datetime, with or without a time zone."""

    default_error_messages = {  # noqa: RUF012 (marshmallow's own convention)
        "invalid_date": "Not an ISO 8601 date or datetime (e.g. 2022-06-15 or "
        "2022-06-15T09:30:00+02:00)."
    }

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return parse_published(text)
        except ValueError as exc:
            raise self.make_error("invalid_date") from exc


class StrictBoolean(fields.Boolean):
    """JSON's true and false only: marshmallow's Boolean also takes 0, 1, "yes", "on"..."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


# ---------------------------------------------------------------- requests


class ExtractRequestSchema(Schema):
    """One article. ``max_text_chars`` comes from the configuration, hence the constructor."""

    text = fields.String(
        required=True,
        # The configured NEWSX_MAX_TEXT_CHARS (the served description says the server's own).
        metadata={"description": "The article text.", "maxLength": _DEFAULTS.max_text_chars},
    )
    published = Published(
        load_default=None,
        metadata={
            "description": "Publication date (ISO 8601 date or datetime): the anchor for "
            "relative dates. Without it they stay unresolved (XXXX-02-24).",
            "anyOf": ISO_DATE_OR_DATETIME,
        },
    )
    id = fields.String(
        load_default=None,
        validate=validate.Length(max=256),
        metadata={"description": "Caller's identifier, echoed back."},
    )
    include = fields.List(
        fields.String(validate=validate.OneOf(SECTIONS)),
        load_default=None,
        metadata={"description": "Sections to return (default: all four)."},
    )
    include_neutral = StrictBoolean(
        load_default=False,
        metadata={
            "description": "Also return actor pairs whose every mention is neutral "
            "(default: only supportive and critical pairs)."
        },
    )

    def __init__(self, *, max_text_chars: int = 200_000, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_text_chars = max_text_chars

    @validates("text")
    def _text_within_limit(self, value: str, data_key: str) -> None:
        if len(value) > self.max_text_chars:
            raise ValidationError(
                f"Text is {len(value)} characters; the limit is {self.max_text_chars}."
            )


class BatchRequestSchema(Schema):
    # Each document is validated on its own, so one bad document fails only its own slot.
    documents = fields.List(
        # Any JSON value, null included: a slot that is no ExtractRequest object gets its own 422.
        fields.Raw(
            allow_none=True,
            metadata={
                "description": "An ExtractRequest object; any other value gets a 422 problem "
                "in its own slot of the answer."
            },
        ),
        required=True,
        metadata={
            "description": "Articles to process, answered in the same order.",
            "minItems": 1,
            "maxItems": _DEFAULTS.max_batch_documents,  # NEWSX_MAX_BATCH_DOCUMENTS
        },
    )

    def __init__(self, *, max_documents: int = 64, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_documents = max_documents

    @validates("documents")
    def _count_within_limit(self, value: list[Any], data_key: str) -> None:
        if not 1 <= len(value) <= self.max_documents:
            raise ValidationError(f"Between 1 and {self.max_documents} documents per batch.")


# ---------------------------------------------------------------- responses


class SpanSchema(Schema):
    text = fields.String(required=True)
    start = fields.Integer(required=True, metadata={"description": "Code-point offset."})
    end = fields.Integer(required=True, metadata={"description": "Exclusive end offset."})


class MentionSchema(SpanSchema):
    metonym = fields.Boolean(
        required=True, metadata={"description": "A place name standing for its government."}
    )


class EntitySchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True, metadata={"description": "Canonical name."})
    type = fields.String(required=True, metadata={"description": "OntoNotes label."})
    country = fields.String(
        required=True, allow_none=True, metadata={"description": "ISO 3166-1 alpha-3."}
    )
    wikidata = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": 'Wikidata id ("Q148") where the built-in knowledge base has one '
            "from a named source: countries, first-level regions and cities from the "
            "countries-states-cities database (ODbL), organisations and people where "
            "actors.yaml names a source; null otherwise."
        },
    )
    key = fields.String(
        required=True,
        metadata={
            "description": "Stable identifier of the actor across articles and batches, to "
            "join answers: the Wikidata id where known, else the lower-case type and the "
            'normalized canonical name ("org:immigration-and-naturalization-service": '
            "no article, accents, punctuation or legal suffix; words joined by hyphens). "
            "Unlike `id`, which only numbers the entities of one answer."
        },
    )
    mentions = fields.List(fields.Nested(MentionSchema), required=True)
    salience = fields.Float(required=True)


class TimeExpressionSchema(SpanSchema):
    type = fields.String(required=True, validate=validate.OneOf(DATE_TYPES))
    value = fields.String(required=True, allow_none=True, metadata={"description": "TIMEX3."})
    mod = fields.String(required=True, allow_none=True)


class ChangeSchema(SpanSchema):
    direction = fields.String(required=True)
    value = fields.Float(required=True, allow_none=True)
    unit = fields.String(required=True, allow_none=True)
    currency = fields.String(required=True, allow_none=True)
    kind = fields.String(
        required=True,
        validate=validate.OneOf(["delta", "previous"]),
        metadata={"description": "`delta`: value is the change; `previous`: the earlier level."},
    )
    previous = fields.Float(
        required=True,
        allow_none=True,
        metadata={"description": "The earlier level as well, when the text gives a delta."},
    )


class EquivalentSchema(SpanSchema):
    value = fields.Float(required=True, allow_none=True, metadata={"description": "Base units."})
    value_max = fields.Float(
        required=True, allow_none=True, metadata={"description": "Upper end of a range."}
    )
    currency = fields.String(required=True, allow_none=True, metadata={"description": "ISO 4217."})
    currency_assumed = fields.Boolean(required=True)


class TradeFigureSchema(SpanSchema):
    value = fields.Float(required=True, allow_none=True, metadata={"description": "Base units."})
    currency = fields.String(required=True, allow_none=True, metadata={"description": "ISO 4217."})
    unit = fields.String(required=True, allow_none=True)
    metric = fields.String(required=True)
    parties = fields.List(fields.String(), required=True, metadata={"description": "Entity ids."})
    period = fields.String(required=True, allow_none=True, metadata={"description": "TIMEX3."})
    source = fields.String(required=True, allow_none=True)
    approximate = fields.Boolean(required=True)
    change = fields.Nested(ChangeSchema, required=True, allow_none=True)
    value_max = fields.Float(
        required=True, allow_none=True, metadata={"description": "Upper end of a range."}
    )
    currency_assumed = fields.Boolean(
        required=True, metadata={"description": "Currency guessed from a bare symbol ($ -> USD)."}
    )
    qualifier = fields.String(
        required=True,
        allow_none=True,
        validate=validate.OneOf(QUALIFIERS),
        metadata={
            "description": "`estimate` (about, nearly: then `approximate`), `cap` (up to, no "
            "more than) or `floor` (at least, more than)."
        },
    )
    roles = fields.Dict(
        keys=fields.String(),
        values=fields.String(validate=validate.OneOf(ROLES)),
        required=True,
        metadata={"description": "Entity id -> role, where the text gives one."},
    )
    equivalents = fields.List(
        fields.Nested(EquivalentSchema),
        required=True,
        metadata={"description": "The amount converted in the text: '4.2bn euros ($4.6bn)'."},
    )
    period_start = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "TIMEX3 start of a stretch: 'since 2012', 'over the next decade'."
        },
    )
    vague = fields.Boolean(
        required=True,
        metadata={"description": "'tens of millions of dollars': value..value_max bound a guess."},
    )


class EventSchema(Schema):
    category = fields.String(
        required=True,
        validate=validate.OneOf(sorted(plover())),
        metadata={"description": "PLOVER event category of the cue (AGREE, SANCTION...)."},
    )
    mode = fields.String(
        required=True,
        validate=validate.OneOf(["verbal", "material"]),
        metadata={
            "description": "Verbal (statements) or material (acts), as CAMEO's quad classes."
        },
    )


class EvidenceSchema(SpanSchema):
    cues = fields.List(
        fields.Nested(SpanSchema),
        required=True,
        metadata={"description": "The content words that carry the stance."},
    )
    attributed_to = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Entity id of whoever makes the statement (the quoted speaker)."},
    )
    negated = fields.Boolean(required=True)
    hedged = fields.Boolean(required=True)
    event = fields.Nested(
        EventSchema,
        required=True,
        allow_none=True,
        metadata={"description": "The cooperation or conflict event the cue names, if any."},
    )


class StanceSchema(Schema):
    holder = fields.String(required=True)
    target = fields.String(required=True)
    label = fields.String(required=True, validate=validate.OneOf(STANCE_LABELS))
    score = fields.Float(
        required=True,
        validate=validate.Range(0.0, 1.0),
        metadata={
            "description": "Calibrated probability that the stance is right (for neutral: that "
            "no polar stance is); stances below NEWSX_STANCE_MIN_SCORE are not emitted."
        },
    )
    evidence = fields.List(fields.Nested(EvidenceSchema), required=True)


class AnchorSchema(Schema):
    value = fields.Date(required=True, allow_none=True)
    source = fields.String(required=True, validate=validate.OneOf(["published", "none"]))


class ModelInfoSchema(Schema):
    name = fields.String(required=True)
    version = fields.String(required=True)


class WarningSchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)


class MetaSchema(Schema):
    service_version = fields.String(required=True)
    models = fields.List(fields.Nested(ModelInfoSchema), required=True)
    anchor_date = fields.Nested(AnchorSchema, required=True)
    elapsed_ms = fields.Float(required=True)
    warnings = fields.List(fields.Nested(WarningSchema), required=True)


class ExtractResponseSchema(Schema):
    """Sections the caller left out of ``include`` are absent, as is ``id`` when none was sent."""

    id = fields.String(allow_none=True)
    entities = fields.List(fields.Nested(EntitySchema))
    dates = fields.List(fields.Nested(TimeExpressionSchema))
    trade_figures = fields.List(fields.Nested(TradeFigureSchema))
    stances = fields.List(fields.Nested(StanceSchema))
    meta = fields.Nested(MetaSchema, required=True)

    @post_dump
    def _drop_absent(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        return {key: value for key, value in data.items() if value is not None}


class ProblemSchema(Schema):
    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    errors = fields.Dict(metadata={"description": "Messages keyed by field (422 only)."})


class BatchErrorSchema(Schema):
    id = fields.String(allow_none=True)
    error = fields.Nested(ProblemSchema, required=True)


class BatchResultSchema(ExtractResponseSchema):
    """One slot of a batch answer: a result, or ``{id, error}`` for a bad document."""

    meta = fields.Nested(MetaSchema)
    error = fields.Nested(ProblemSchema)


class BatchResponseSchema(Schema):
    results = fields.List(fields.Nested(BatchResultSchema), required=True)


class LimitsSchema(Schema):
    max_body_bytes = fields.Integer(required=True)
    max_text_chars = fields.Integer(required=True)
    max_batch_documents = fields.Integer(required=True)


class InfoSchema(Schema):
    service_version = fields.String(required=True)
    models = fields.List(fields.Nested(ModelInfoSchema), required=True)
    sections = fields.List(fields.String(), required=True)
    entity_types = fields.List(fields.String(), required=True)
    date_types = fields.List(fields.String(), required=True)
    stance_labels = fields.List(fields.String(), required=True)
    limits = fields.Nested(LimitsSchema, required=True)


class StatusSchema(Schema):
    status = fields.String(required=True)
