"""Parse Vietnamese document symbols (số, ký hiệu) and find references to documents in prose.

Pure Python with no Django imports (DOMAIN.md §2): state `31/KH-UBND`, official letters
`5046/UBND-TTTP`, normative `30/2020/NĐ-CP` and `36/2018/QH14`, Party `160-KH/TU`.
"""

from directives.symbols.parsing import normalize_text, parse_symbol
from directives.symbols.references import find_references
from directives.symbols.registry import InvalidSymbol, Reference, Registry, Symbol
from directives.symbols.tables import (
    ENGLISH_TYPE_WORDS,
    EXTRA_TYPE_WORDS,
    ISSUERS,
    NORMATIVE_TYPES,
    PARTY_TYPES,
    STATE_TYPES,
)

__all__ = [
    "InvalidSymbol",
    "Reference",
    "Registry",
    "Symbol",
    "find_references",
    "normalize_text",
    "parse_symbol",
    "ENGLISH_TYPE_WORDS",
    "EXTRA_TYPE_WORDS",
    "ISSUERS",
    "NORMATIVE_TYPES",
    "PARTY_TYPES",
    "STATE_TYPES",
]
