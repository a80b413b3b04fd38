"""Numbers, years and ordinals written in digits or English words."""

from __future__ import annotations

import re

from service.extract.dates.lexicon import cardinals, count_words, lexicon

_NUMBERS = count_words()
_TENS = {w: _NUMBERS[w] for w in cardinals(20, 90)}


def parse_number(text: str | None) -> float | None:
    """A number written in digits or words; ``None`` when vague ("several", "a few")."""
    if not text:
        return None
    words = " ".join(text.lower().replace("-", " ").split())
    half = 0.0
    for tail in (" and a half", " 1/2"):
        if words.endswith(tail):
            half, words = 0.5, words[: -len(tail)]
    numbers = _NUMBERS
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


_ORDINAL_WORDS: dict[str, int] = lexicon()["ordinals"]


def ordinal(word: str, count: int | None = None) -> int:
    """ "third", "3rd", "21st" -> 3, 3, 21; "final" -> ``count``, the last of a series of
    that many (the lexicon's -1)."""
    word = word.lower()
    if word not in _ORDINAL_WORDS:
        return int(re.sub(r"\D", "", word))
    value = _ORDINAL_WORDS[word]
    if value == -1:
        if count is None:
            raise ValueError(f"{word!r} is the last of a series: say how many")
        return count
    return value
