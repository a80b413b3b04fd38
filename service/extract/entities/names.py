"""Name normalization shared by grouping, keys and evaluation.

Two names are one actor's when they normalize alike: case, accents, curly apostrophes, a leading
"the", a possessive, punctuation and a trailing legal suffix ("Apple Inc." / "Apple", "Da’esh" /
"Daesh", "U.S." / "US"); or when one is the acronym of the other ("WHO" / "World Health
Organization").
"""

from __future__ import annotations

import re
import unicodedata

from service.knowledge import actors

_CUES = actors.cues()
LEGAL = _CUES["legal_suffixes"]
ACRONYM_SKIP = _CUES["acronym_skip"]
_WORD = re.compile(r"[^\W_]+|&")
_POSSESSIVE = re.compile(r"['’]s\b")


def fold(text: str) -> str:
    """Lower case, no accents, one kind of apostrophe."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def name_parts(words: list[str]) -> tuple[str, str, str]:
    """What a person named in full (by these words) is also called alone: the last word, the
    first, and all but the first ("Lebed" for Alexander Lebed, "Wang" for Wang Donghai,
    "bin Laden" for Osama bin Laden)."""
    return words[-1], words[0], " ".join(words[1:])


def words(name: str) -> list[str]:
    """The words that identify a name: no article, possessive, punctuation or legal suffix.

    Dotted forms are read as one word ("S.p.A." -> "spa", "U.S." -> "us"); apostrophes inside a
    word vanish ("Da'esh" -> "daesh")."""
    text = _POSSESSIVE.sub("", fold(name))
    text = re.sub(r"(?<=\w)[.'](?=\w)", "", text)  # "u.s" -> "us", "da'esh" -> "daesh"
    out = _WORD.findall(text)
    if out and out[0] == "the":
        out = out[1:]
    while len(out) > 1 and out[-1] in LEGAL:
        out = out[:-1]
    return out


def normalize(name: str) -> str:
    return " ".join(words(name))


def acronym(name: str) -> str:
    """Initials of the significant words ("Organization of African Unity" -> "oau")."""
    return "".join(w[0] for w in words(name) if w not in ACRONYM_SKIP)


def is_acronym(text: str) -> bool:
    """One word of 2 to 8 capitals, dots allowed ("WHO", "E.C.", "CJTF")."""
    letters = [c for c in text if c.isalpha()]
    return " " not in text and 2 <= len(letters) <= 8 and all(c.isupper() for c in letters)


def is_acronym_of(short: str, long: str) -> bool:
    """Is ``short`` written as an acronym ("WHO", "E.C.") of the multi-word ``long``?"""
    if not is_acronym(short):
        return False
    letters = [c for c in short if c.isalpha()]
    significant = [w for w in words(long) if w not in ACRONYM_SKIP]
    return len(significant) >= 2 and "".join(letters).casefold() == acronym(long)


def key(etype: str, name: str, wikidata: str | None) -> str:
    """The stable key: the Wikidata id, else "<type>:<normalized name>" with hyphens."""
    if wikidata:
        return wikidata
    return f"{etype.lower()}:{'-'.join(words(name)) or fold(name).strip()}"
