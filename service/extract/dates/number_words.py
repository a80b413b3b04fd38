"""Numbers, years and ordinals written in digits or English words."""

from __future__ import annotations

import re

from service.extract.dates.lexicon import lexicon

_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}


def parse_number(text: str | None) -> float | None:
    """A number written in digits or words; ``None`` when vague ("several", "a few")."""
    if not text:
        return None
    words = " ".join(text.lower().replace("-", " ").split())
    half = 0.0
    for tail in (" and a half", " 1/2"):
        if words.endswith(tail):
            half, words = 0.5, words[: -len(tail)]
    numbers: dict[str, float] = lexicon()["numbers"]
    if words in numbers:
        return numbers[words] + half
    parts = words.split()
    if len(parts) == 2 and parts[1] in ("hundred", "thousand"):  # "two thousand"
        count = parse_number(parts[0])
        return None if count is None else count * numbers[parts[1]] + half
    if parts and parts[0] in _TENS:
        rest = numbers.get(parts[1], 0) if len(parts) > 1 else 0
        return _TENS[parts[0]] + rest + half
    try:
        return float(words.replace(",", "")) + half
    except ValueError:
        return None


def year_num(text: str) -> int:
    """A year in digits or words: "1996", "nineteen ninety-six", "two thousand and one"."""
    text = " ".join(text.lower().replace("-", " ").split())
    if text.isdigit():
        return int(text)
    if text.startswith("two thousand"):
        rest = text[len("two thousand") :].replace("and", "").strip()
        return 2000 + int(parse_number(rest) or 0)
    century, _, rest = text.partition(" ")
    rest = rest.replace("oh ", "")
    low = 0 if rest == "hundred" else int(parse_number(rest) or 0)
    return int(parse_number(century) or 19) * 100 + low


def two_digit_year(text: str) -> int:
    year = int(text)
    return year + (2000 if year < 30 else 1900) if len(text) == 2 else year


_ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "final": 4,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
    "twenty-second": 22,
}


def ordinal(word: str) -> int:
    word = word.lower()
    return _ORDINAL_WORDS[word] if word in _ORDINAL_WORDS else int(re.sub(r"\D", "", word))
