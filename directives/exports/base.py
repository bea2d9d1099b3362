"""The shapes every export shares: columns, the header above the table, file names, values as text."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from units.vietnamese import format_date, format_number

CHUNK_ROWS = 2000  # rows fetched per database round trip


@dataclass(frozen=True)
class Column:
    """One exported column: heading, kind (text, int, date, rate), Excel width, PDF width in mm."""

    heading: str
    kind: str = "text"
    xlsx_width: float = 12
    pdf_mm: float = 20


@dataclass(frozen=True)
class ExportHeader:
    """What sits above and below the table: title, selection lines and who made it on which day."""

    title: str
    lines: list[str]
    made_by: str
    made_on: datetime.date


# A spreadsheet reads a cell starting with one of these as a formula (OWASP: =, +, -, @, tab,
# carriage return; the full-width forms too, which some locales' Excel reads the same way).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralised(text: str) -> str:
    """Return `text` as a spreadsheet must show it: an apostrophe before a formula's first character."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def attachment_name(stem: str, made_on: datetime.date, extension: str) -> str:
    return f"{stem}-{made_on:%Y-%m-%d}.{extension}"


def _text(kind: str, value) -> str:
    """Write a value as the Vietnamese reader expects it: 1.234, 05/02/2026, 98,63 %."""
    if value is None or value == "":
        return ""
    if kind == "date":
        return format_date(value)
    if kind == "int":
        return format_number(value)
    if kind == "rate":
        return f"{format_number(value, 2)} %"
    return str(value)


def rows_in_chunks(queryset) -> Iterator:
    """Read a queryset in server-side chunks, never as one list."""
    return queryset.iterator(chunk_size=CHUNK_ROWS)
