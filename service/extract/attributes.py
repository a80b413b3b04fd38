"""spaCy's ``attribute_ruler`` rules, matched with array operations instead of the Matcher.

The English pipeline's attribute ruler maps tags to POS and morphology with about 180 rules,
nearly all of one token. spaCy runs them through its generic ``Matcher``, which tries every rule
at every token in turn: about 15 ms on a 3,000-character article, an eighth of the whole parse.
Here each rule is one NumPy comparison over the document's tag, word and dependency columns.
Same rules, same precedence (a later rule overwrites an earlier one), matched on the attributes
as they were before any rule applied, as spaCy does: ``tests/test_attributes.py`` compares both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import StringStore
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs  # the setter spaCy's AttributeRuler uses

#: Token attributes a rule may test, with the column each has in ``Doc.to_array``.
_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_ARRAY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]

# How a rule tests one attribute, as spaCy's Matcher reads a pattern: a value, or a dict with
# one of these operators.
_EQ, _IN, _NOT_IN, _REGEX = range(4)


@dataclass(frozen=True, slots=True)
class _Test:
    column: int
    op: int
    arg: object  # a hash, a tuple of hashes, or a compiled pattern


@dataclass(frozen=True, slots=True)
class _Rule:
    order: int  # the rule's place in the ruler: its attributes and index
    tokens: tuple[tuple[_Test, ...], ...]


class ArrayAttributeRuler:
    """Applies an :class:`AttributeRuler`'s rules, taken from the loaded ruler itself."""

    def __init__(self) -> None:
        self._attrs: list[dict[int, object]] = []
        self._indices: list[int] = []
        self._rules: list[_Rule] = []

    def load_rules(self, ruler: AttributeRuler) -> None:
        strings = ruler.vocab.strings
        self._attrs = list(ruler.attrs)
        self._indices = list(ruler.indices)
        self._rules = [
            _Rule(order, tuple(_compile_token(spec, strings) for spec in pattern))
            for order, entry in enumerate(ruler.patterns)
            for pattern in entry["patterns"]
        ]

    @staticmethod
    def supports(ruler: AttributeRuler) -> bool:
        """Whether this class can read every rule of ``ruler``."""
        try:
            for entry in ruler.patterns:
                for pattern in entry["patterns"]:
                    if not pattern:
                        return False
                    for spec in pattern:
                        _compile_token(spec, ruler.vocab.strings)
        except (KeyError, TypeError, ValueError):
            return False
        return True

    def __call__(self, doc: Doc) -> Doc:
        size = len(doc)
        if not size:
            return doc
        table = doc.to_array(_ARRAY_ATTRS)
        masks: dict[_Test, np.ndarray] = {}  # many rules share a test ("TAG is NN")
        matches: set[tuple[int, int, int]] = set()
        for rule in self._rules:
            width = len(rule.tokens)
            if width > size:
                continue
            starts = np.ones(size - width + 1, dtype=bool)
            for offset, tests in enumerate(rule.tokens):
                for test in tests:
                    if test not in masks:
                        masks[test] = _mask(table[:, test.column], test, doc.vocab.strings)
                    starts &= masks[test][offset : size - width + 1 + offset]
            matches.update((rule.order, int(s), int(s) + width) for s in np.flatnonzero(starts))
        # spaCy's order: by rule, then by position, so that later rules overwrite earlier ones.
        for order, start, end in sorted(matches):
            index = self._indices[order]
            set_token_attrs(doc[start + index if index >= 0 else end + index], self._attrs[order])
        return doc


def _mask(column: np.ndarray, test: _Test, strings: StringStore) -> np.ndarray:
    if test.op == _EQ:
        return column == test.arg
    if test.op in (_IN, _NOT_IN):
        found = np.isin(column, test.arg)  # type: ignore[arg-type]
        return found if test.op == _IN else ~found
    pattern: re.Pattern[str] = test.arg  # type: ignore[assignment]
    values, inverse = np.unique(column, return_inverse=True)
    hits = np.array([bool(pattern.search(strings[int(v)])) for v in values], dtype=bool)
    return hits[inverse.reshape(-1)]


def _compile_token(spec: dict[str, object], strings: StringStore) -> tuple[_Test, ...]:
    """A pattern token as tests; ``KeyError``/``TypeError`` for what this class cannot read."""
    tests: list[_Test] = []
    for name, value in spec.items():
        column = _COLUMNS[name]
        if isinstance(value, dict):
            ((op, arg),) = value.items()
            if op == "REGEX" and isinstance(arg, str):
                tests.append(_Test(column, _REGEX, re.compile(arg)))
            elif op in ("IN", "NOT_IN") and isinstance(arg, list):
                hashes = tuple(sorted({_hash(v, name, strings) for v in arg}))
                tests.append(_Test(column, _IN if op == "IN" else _NOT_IN, hashes))
            else:
                raise TypeError(value)
        else:
            tests.append(_Test(column, _EQ, _hash(value, name, strings)))
    if not tests:
        raise ValueError(spec)
    return tuple(tests)


def _hash(value: object, name: str, strings: StringStore) -> int:
    if name == "IS_SPACE":
        if not isinstance(value, bool):
            raise TypeError(value)
        return int(value)
    if not isinstance(value, str):
        raise TypeError(value)
    # spaCy stores the empty string as 0, the value of an attribute that is not set.
    return 0 if value == "" else strings.add(value)


@Language.factory("array_attribute_ruler")
def _make_array_attribute_ruler(nlp: Language, name: str) -> ArrayAttributeRuler:
    # Empty until ``load_rules``: spaCy builds a component before the rules it takes are known.
    return ArrayAttributeRuler()


def use_array_attribute_ruler(nlp: Language) -> None:
    """Swap the pipeline's ``attribute_ruler`` for the array one, in the same place.

    Left as it is when a rule tests another attribute or uses an operator other than a value,
    IN, NOT_IN or REGEX.
    """
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    if not isinstance(ruler, AttributeRuler) or not ArrayAttributeRuler.supports(ruler):
        return
    component = nlp.add_pipe("array_attribute_ruler", before="attribute_ruler")
    component.load_rules(ruler)
    nlp.remove_pipe("attribute_ruler")
