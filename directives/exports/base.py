"""The shapes every export shares: columns, the header above the table, file names, values as text."""

import datetime
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings

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
    unit: str = ""  # the exporting user's unit, when it is not the installation's agency itself
    unit_code: str = ""  # its code in the "Số:" line
    sheet: str = ""  # the Excel sheet's name (at most 31 characters), whole words
    parent: str = ""  # the body `unit` belongs to (its parent in the registry), if any

    def agency_lines(self) -> tuple[str, str]:
        """Return (parent body, issuing body) for the heading's left block (Decree 30/2020/NĐ-CP).

        The issuing body is the exporting user's unit under its own parent ("ỦY BAN NHÂN DÂN
        THÀNH PHỐ HÀ NỘI" over "SỞ NỘI VỤ"; a city leader's UBND stands alone), or the
        installation's agency under its parent agency when the user belongs to the agency.
        """
        if self.unit:
            return self.parent.upper(), self.unit.upper()
        return settings.PCTS_PARENT_AGENCY_NAME.upper(), settings.PCTS_INSTALLATION_NAME.upper()


# A spreadsheet reads a cell starting with one of these as a formula (OWASP: =, +, -, @, tab,
# carriage return; the full-width forms too, which some locales' Excel reads the same way).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralised(text: str) -> str:
    """Return `text` as a spreadsheet must show it: an apostrophe before a formula's first character."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def attachment_name(stem: str, made_on: datetime.date, extension: str) -> str:
    return f"{stem}-{made_on:%Y-%m-%d}.{extension}"


ROMAN_NUMERALS = {"I", "II", "III", "IV"}


def name_part(text: str) -> str:
    """Write `text` for a file name: no diacritics, đ as d, hyphens; quarters keep their Roman numeral.

    "Quý IV/2026" → "quy-IV-2026", "160-KH/TU" → "160-kh-tu".
    """
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    plain = plain.encode("ascii", "ignore").decode()
    words = [w for w in re.split(r"[^A-Za-z0-9]+", plain) if w]
    return "-".join(w if w in ROMAN_NUMERALS else w.lower() for w in words)


def selection_name(stem: str, parts: list[str], extension: str) -> str:
    """Name an export after its selection: tong-hop-quy-IV-2026.pdf, danh-sach-160-kh-tu-den-ngay-…"""
    words = [stem, *(name_part(p) for p in parts if p)]
    return "-".join(w for w in words if w) + f".{extension}"


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
