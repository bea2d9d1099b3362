"""Read a tracker workbook: find its table, map its columns, turn each row's cells into values.

Why openpyxl directly (already a dependency, used by the exports) rather than tablib or
django-import-export: the checks a tracker needs are about the workbook itself — which sheets are
hidden, which cells hold formulas (read, never computed), which cells are merged in the heading,
which cells are real dates and which are text typed like dates — and openpyxl's read-only mode
shows all of that while streaming 100,000 rows in little memory. tablib flattens a sheet into
values (no formula, hidden-sheet or merge information) and loads it whole; django-import-export
writes through model `save()`, which would bypass the services that keep the tally, events and
audit right, and brings its own admin-centred dry-run and undo that do not know our identities.

A file the exports wrote re-imports unchanged: the national heading, title, selection lines and
"Người lập" line above the table are skipped (the table starts at its column headings), and a
text cell that a spreadsheet shows with the neutralising apostrophe (`'=…`) loses it.
"""

import datetime
import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel

from directives.exports import list_columns
from directives.exports.base import FORMULA_STARTS
from units.vietnamese import fold

# Fields of a tracker row, in the order of the assignment export's columns.
EXPORT_FIELDS = [
    "number",
    "symbol",
    "issued_on",
    "title",
    "unit",
    "role",
    "deadline",
    "completed_on",
    "status",
    "days_late",
]
# Columns other layouts often have, read when present (never required).
EXTRA_HEADINGS = {
    "external_id": ("Mã ngoài", "Mã nhiệm vụ", "External id"),
    "task_number": ("Nhiệm vụ số", "Số thứ tự nhiệm vụ", "Task number"),
    "summary": ("Trích yếu", "Summary"),
    "issuer_name": ("Cơ quan ban hành", "Issuer"),
}
SYNONYMS = {
    "symbol": ("Số ký hiệu", "Ký hiệu", "Số hiệu văn bản"),
    "deadline": ("Thời hạn", "Hạn", "Hạn hoàn thành", "Hạn ban đầu"),
    "title": ("Nội dung nhiệm vụ", "Tên nhiệm vụ"),
    "unit": ("Đơn vị chủ trì", "Đơn vị thực hiện"),
}
REQUIRED = ("symbol", "issued_on", "title", "unit")
HEADER_SEARCH_ROWS = 40  # the export's heading takes 8 rows plus one per selection line
TEXT_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?\s*$")


class UnreadableWorkbook(Exception):
    """The file cannot be imported at all; the message says why and what to do."""


class UnmappedLayout(UnreadableWorkbook):
    """The heading row was found but required columns were not recognised: map them, then read again."""

    def __init__(self, message, *, sheet, header_row, headings, columns, missing):
        super().__init__(message)
        self.sheet, self.header_row, self.headings = sheet, header_row, headings
        self.columns, self.missing = columns, missing


@dataclass
class Cell:
    value: object  # str, int, float, datetime.date, or None
    formula: str = ""


@dataclass
class SheetRows:
    sheet: str
    headings: list[str]
    columns: dict[str, int]  # field -> column index
    rows: list[tuple[int, list[Cell]]]  # (Excel row number, cells)
    notes: list[str] = field(default_factory=list)
    signature: str = ""  # layout_signature(headings)
    mapped: bool = False  # the columns came from a saved mapping of this layout


def layout_signature(headings) -> str:
    """Return the key of a heading row's layout: its ordered headings, case and spacing folded, diacritics kept."""
    folded = [
        re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(h or ""))).strip().casefold()
        for h in headings
    ]
    while folded and not folded[-1]:
        folded.pop()
    return hashlib.sha256("\x1f".join(folded).encode()).hexdigest()


def mapped_columns(fields) -> dict[str, int]:
    """Return field -> column index from a saved mapping's list (one field or "" per heading)."""
    return {name: index for index, name in enumerate(fields) if name}


def unmapped_headings(headings, columns: dict[str, int]) -> list[str]:
    """Return the non-empty headings no field reads."""
    used = set(columns.values())
    return [h for i, h in enumerate(headings) if h and i not in used]


def heading_aliases() -> dict[str, str]:
    """Return folded heading → field, the export's headings in every language included."""
    aliases = {}
    for language in ("vi", "en"):
        with translation.override(language):
            for name, column in zip(EXPORT_FIELDS, list_columns(), strict=True):
                aliases[fold(column.heading)] = name
    for name, words in [*EXTRA_HEADINGS.items(), *SYNONYMS.items()]:
        for word in words:
            aliases.setdefault(fold(word), name)
    return aliases


def template_headings() -> list[str]:
    return [column.heading for column in list_columns()]


def _clean_heading(value) -> str:
    return re.sub(r"\s+", " ", str(value or "")).strip().rstrip("*:").strip()


def _header_columns(values, aliases) -> dict[str, int]:
    columns = {}
    for index, value in enumerate(values):
        name = aliases.get(fold(_clean_heading(value)))
        if name and name not in columns:
            columns[name] = index
    return columns


def _cell(raw) -> Cell:
    value = getattr(raw, "value", None)
    if getattr(raw, "data_type", None) == "f":  # a formula: kept as typed, never computed
        return Cell(None, formula=str(value))
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value).strip()
        # A text cell a spreadsheet shows with the neutralising apostrophe, typed or from a CSV.
        if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
            value = value[1:]
        return Cell(value or None)
    if isinstance(value, datetime.datetime):
        return Cell(value.date())
    return Cell(value)


def read_workbook(path, layouts=None) -> SheetRows:
    """Read the first visible sheet that holds a tracker table; raise UnreadableWorkbook otherwise.

    `layouts` maps a layout_signature to a saved mapping's fields: a heading row of a known
    layout is read with its mapping.
    """
    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise UnreadableWorkbook(
            _(
                "Không đọc được tệp Excel (tệp hỏng hoặc không phải .xlsx): hãy mở và lưu lại bằng Excel."
            )
        ) from exc
    try:
        return _read(workbook, path, layouts or {})
    finally:
        workbook.close()


def _read(workbook, path, layouts) -> SheetRows:
    aliases = heading_aliases()
    notes = []
    best = None
    for ws in workbook.worksheets:
        if ws.sheet_state != "visible":
            notes.append(_("Bỏ qua trang tính ẩn «%(sheet)s».") % {"sheet": ws.title})
            continue
        found = _find_header(ws, aliases, layouts)
        if found and (best is None or found[3] or len(found[1]) > len(best[2])):
            best = (ws, found[0], found[1], found[2], found[3])
        if found and (found[3] or all(name in found[1] for name in REQUIRED)):
            break
    if best is None:
        raise UnreadableWorkbook(
            _(
                "Không tìm thấy bảng nhiệm vụ: cần một dòng tiêu đề có các cột %(columns)s "
                "(như tệp mẫu) trên một trang tính không ẩn."
            )
            % {"columns": ", ".join(f"«{h}»" for h in _required_headings())}
        )
    ws, header_row, columns, headings, mapped = best
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        message = _("Thiếu cột %(columns)s trong dòng tiêu đề (dòng %(row)d).") % {
            "columns": ", ".join(f"«{_heading_for(name)}»" for name in missing),
            "row": header_row,
        }
        if _merged_in_row(path, ws.title, header_row, workbook):
            message += " " + _(
                "Dòng tiêu đề có ô gộp: hãy bỏ gộp ô để mỗi cột có một tiêu đề riêng, "
                "hoặc tải tệp mẫu và dán dữ liệu vào."
            )
            raise UnreadableWorkbook(message)
        raise UnmappedLayout(
            message,
            sheet=ws.title,
            header_row=header_row,
            headings=headings,
            columns=columns,
            missing=missing,
        )
    rows = []
    limit = settings.PCTS_IMPORT_MAX_ROWS
    for number, raw in enumerate(ws.iter_rows(min_row=header_row + 1), start=header_row + 1):
        cells = [_cell(c) for c in raw]
        if not any(c.value is not None or c.formula for c in cells):
            continue
        rows.append((number, cells))
        if len(rows) > limit:
            raise UnreadableWorkbook(
                _(
                    "Tệp có hơn %(limit)s dòng dữ liệu: hãy chia thành nhiều tệp, mỗi tệp tối đa "
                    "%(limit)s dòng."
                )
                % {"limit": f"{limit:,}".replace(",", ".")}
            )
    if not mapped and (ignored := unmapped_headings(headings, columns)):
        notes.append(
            _("Cột không nhận ra, bỏ qua: %(headings)s (có thể ghép cột).")
            % {"headings": ", ".join(f"«{h}»" for h in ignored)}
        )
    return SheetRows(ws.title, headings, columns, rows, notes, layout_signature(headings), mapped)


def _find_header(ws, aliases, layouts):
    """Return (row number, columns, headings, from a saved mapping) of the heading row, or None.

    A row of a saved layout wins; else the first row naming three known columns with the symbol
    or the title; else the first row of text cells naming two (another layout, to be mapped).
    """
    candidate = None
    for number, raw in enumerate(ws.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True), 1):
        headings = [_clean_heading(v) for v in raw]
        if any(headings) and (fields := layouts.get(layout_signature(headings))):
            return number, mapped_columns(fields), headings, True
        columns = _header_columns(raw, aliases)
        if len(columns) >= 3 and ("symbol" in columns or "title" in columns):
            return number, columns, headings, False
        texts = [v for v in raw if isinstance(v, str) and v.strip()]
        if (
            candidate is None
            and len(columns) >= 2
            and len(texts) >= 4
            and len(texts) == len([v for v in raw if v is not None])
        ):
            candidate = (number, columns, headings, False)
    return candidate


def _required_headings() -> list[str]:
    return [_heading_for(name) for name in REQUIRED]


def _heading_for(name: str) -> str:
    return list_columns()[EXPORT_FIELDS.index(name)].heading


def _merged_in_row(path, title: str, row: int, workbook) -> bool:
    """Say whether a merged range touches `row` of the sheet (read from its XML: read-only mode has no merges)."""
    try:
        index = workbook.sheetnames.index(title) + 1
        if hasattr(path, "seek"):
            path.seek(0)
        with zipfile.ZipFile(path) as archive:
            name = f"xl/worksheets/sheet{index}.xml"
            xml = (
                archive.read(name).decode("utf-8", "replace") if name in archive.namelist() else ""
            )
    except (OSError, zipfile.BadZipFile, ValueError):
        return False
    for first, last in re.findall(r'<mergeCell ref="[A-Z]+(\d+):[A-Z]+(\d+)"', xml):
        if int(first) <= row <= int(last) or int(first) == row + 1:
            return True
    return False


def as_date(cell: Cell) -> datetime.date | None | str:
    """Return a cell as a date: a real date, an Excel serial number, or text 25/03/2026; else the text."""
    value = cell.value
    if value is None:
        return None
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and 1 <= value < 2958466:
        try:
            return from_excel(value).date()
        except (ValueError, OverflowError):
            return str(value)
    text = str(value)
    for pattern, order in ((TEXT_DATE, (3, 2, 1)), (ISO_DATE, (1, 2, 3))):
        if m := pattern.match(text):
            try:
                return datetime.date(*(int(m[i]) for i in order))
            except ValueError:
                return text
    return text


def as_text(cell: Cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return re.sub(r"\s+", " ", str(value)).strip()
