"""A parsed symbol, a reference found in prose, the error a bad symbol raises, and the code registry."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

from directives.messages import Message, translated
from directives.symbols.tables import (
    _OLD_TONE_RE,
    _OLD_TONES,
    ENGLISH_TYPE_WORDS,
    EXTRA_TYPE_WORDS,
    ISSUERS,
    NORMATIVE_TYPES,
    PARTY_TYPES,
    STATE_TYPES,
)


class InvalidSymbol(ValueError):
    """Raised when a text is not a document symbol; the message says what is wrong and how to fix it."""

    def __init__(self, message: Message):
        super().__init__(message)
        self.message = message

    def translate(self, gettext) -> str:
        return translated(self.message, gettext)


@dataclass(frozen=True)
class Symbol:
    """A parsed document symbol: the normalized string and its parts."""

    normalized: str
    kind: str  # "party", "state", "normative" or "letter" (a state công văn)
    number: str
    year: int | None
    doc_type: str | None
    issuer: str
    drafting_unit: str | None = None
    warnings: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.normalized


@dataclass(frozen=True)
class Reference:
    """A reference to a document found in prose; symbol is None for a partial one."""

    symbol: str | None
    kind: str  # a Symbol kind, or "partial"
    number: str
    year: int | None
    doc_type: str | None
    issuer: str | None
    issued_on: datetime.date | None
    type_word: str | None
    span: tuple[int, int]


def _tone_key(s: str) -> str:
    """Return a lookup key for a type word: NFC, old-style tone marks (uỷ, thoả) moved, lower-case."""
    s = " ".join(unicodedata.normalize("NFC", s).split()).lower()
    return _OLD_TONE_RE.sub(lambda m: _OLD_TONES[m[0]], s)


def _word_pattern(word: str) -> str:
    """Return a regex for a type word that tolerates extra spaces and old-style tone marks."""
    variants = {word, word.replace("ủy", "uỷ").replace("ỏa", "oả")}
    return "|".join(r"\s+".join(map(re.escape, v.split())) for v in variants)


def _fold_stroke(code: str) -> str:
    """Return the code with the stroke of Đ lost, as careless typing does (ĐU → DU)."""
    return code.replace("Đ", "D").replace("đ", "d")


@dataclass(frozen=True)
class Registry:
    """Abbreviation tables (code → Vietnamese name) the parser reads; build one from database rows."""

    state_types: Mapping[str, str] = field(default_factory=lambda: dict(STATE_TYPES))
    normative_types: Mapping[str, str] = field(default_factory=lambda: dict(NORMATIVE_TYPES))
    party_types: Mapping[str, str] = field(default_factory=lambda: dict(PARTY_TYPES))
    issuers: Mapping[str, str] | Iterable[str] = field(default_factory=lambda: dict(ISSUERS))
    stroke_suggestions: Mapping[str, str] = field(default_factory=dict)  # "DU" → "ĐU"
    _index: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        """Index the tables for case-insensitive lookup and compile the prose patterns."""
        if not isinstance(self.issuers, Mapping):
            object.__setattr__(self, "issuers", dict.fromkeys(self.issuers, ""))
        admin = {**self.state_types, **self.normative_types}
        ix = {
            "admin": {c.upper(): c for c in admin},
            "party": {c.upper(): c for c in self.party_types},
            "types": {c.upper(): c for c in {**self.party_types, **admin}},
            "issuers": {c.upper(): c for c in self.issuers},
        }
        known = ix["types"].keys() | ix["issuers"].keys()
        folded = {_fold_stroke(c).upper(): c for c in [*admin, *self.party_types, *self.issuers]}
        ix["strokes"] = {k: c for k, c in folded.items() if k not in known}
        ix["strokes"].update({k.upper(): v for k, v in self.stroke_suggestions.items()})
        words: dict[str, tuple[str, str | None]] = {}
        sources = [
            *self.state_types.items(),
            *self.normative_types.items(),
            *self.party_types.items(),
            *((None, name) for name in EXTRA_TYPE_WORDS),
        ]
        for code, name in sources:
            key = _tone_key(name)
            if key in words and words[key][1] != code:
                code = None  # one word, several codes (Quy định: QyĐ or QĐi): keep no code
            words[key] = (words.get(key, (name,))[0], code)
        for english, name in ENGLISH_TYPE_WORDS.items():
            words[english] = words.get(_tone_key(name), (name, None))
        ix["words"] = words
        alternation = "|".join(
            _word_pattern(w)
            for w in sorted(
                [n for n, _ in words.values()] + list(ENGLISH_TYPE_WORDS), key=len, reverse=True
            )
        )
        marker = r"(?:số|No\.?|Number)"
        ix["before"] = re.compile(rf"(?<!\w)({alternation})\s+(?:{marker}\s*:?\s*)?$", re.I)
        ix["partial"] = re.compile(
            rf"(?<!\w)(?P<word>{alternation})\s+(?:(?P<marker>{marker})\s*:?\s*)?"
            r"(?P<num>[0-9]{1,6}[A-Za-z]?)(?:/(?P<year>[0-9]{4}))?(?![\w/-])(?!\.[0-9])",
            re.I,
        )
        object.__setattr__(self, "_index", ix)

    @classmethod
    def default(cls) -> Registry:
        """Return the built-in registry (Decree 30/2020 and Party type codes, common issuers)."""
        return _default_registry()

    @property
    def type_names(self) -> dict[str, str]:
        """Return every type code with its Vietnamese name (TT is Thông tư; Party's is type_name)."""
        return {**self.party_types, **self.state_types, **self.normative_types}

    def type_name(self, code: str, kind: str | None = None) -> str | None:
        """Return the Vietnamese name of a type code, Party names first for kind "party"."""
        tables = [self.party_types, self.normative_types, self.state_types]
        if kind != "party":
            tables.reverse()
        for table in tables:
            for c, name in table.items():
                if c.upper() == code.upper():
                    return name
        return None

    def stroke_twin(self, code: str) -> str | None:
        """Return the spelling of `code` with the stroke of Đ lost or restored when both mean one code.

        QD ↔ QĐ, DU ↔ ĐU: one spelling is no code at all, so it is the other typed without the
        stroke. ĐA and DA are two codes (Đề án, Dự án), as are HĐ and HD: they have no twin.
        """
        strokes = self._index["strokes"]
        if (restored := strokes.get(code.upper())) is not None:
            return restored
        folded = _fold_stroke(code).upper()
        if folded != code.upper() and strokes.get(folded, "").upper() == code.upper():
            return folded
        return None

    def _issuer(self, code: str) -> str | None:
        """Return the canonical issuer code, also for a term-numbered one (QH14, UBTVQH15)."""
        issuers = self._index["issuers"]
        if code.upper() in issuers:
            return issuers[code.upper()]
        m = re.fullmatch(r"(.*?)([0-9]+)", code)
        if m and m[1].upper() in issuers:
            return issuers[m[1].upper()] + m[2]
        return None

    def _name(self, code: str) -> str:
        """Return the Vietnamese name of a type or issuer code, or an empty string."""
        return self.type_name(code) or self.issuers.get(code) or ""


@cache
def _default_registry() -> Registry:
    """Build the built-in registry once."""
    return Registry()
