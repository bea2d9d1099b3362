"""The form's Excel template, reading a filled one back, and the consolidated workbook.

A hidden sheet `_pcts` carries the form's code and version (and where each field is), so a
template of another form or an older version is refused by name, and an error names the cell.
Strings are written as text, formula-like ones neutralised (the exports' own cell helper).
"""

import dataclasses
import io
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from collection.validation import form_fields
from directives.exports.base import ExportHeader
from directives.exports.xlsx import national_heading, xlsx_cell

META = "_pcts"
ROWS_PER_LIST = 20


def _meta(workbook, form, kind: str, extra: list[list]):
    sheet = workbook.create_sheet(META)
    sheet.append(["kind", kind])
    sheet.append(["form", form.code])
    sheet.append(["version", form.version])
    for row in extra:
        sheet.append(row)
    sheet.sheet_state = "hidden"


def template_workbook(submission, header: ExportHeader) -> bytes:
    """Write the submission's form as a workbook to fill: one row per item, lists below."""
    form = submission.round.form
    workbook = Workbook()
    ws = workbook.active
    ws.title = form.code.replace("/", "-")[:31]
    for letter, width in zip("ABCD", (6, 10, 60, 18), strict=True):
        ws.column_dimensions[letter].width = width
    national_heading(ws, header, 4)
    ws.append([])
    ws.append([xlsx_cell(ws, form.title.upper(), bold=True)])
    ws.append([xlsx_cell(ws, submission.round.label, italic=True)])
    ws.append([xlsx_cell(ws, _("Đơn vị báo cáo: %(unit)s") % {"unit": submission.unit})])
    ws.append([])
    headings = [_("STT"), _("Mã"), _("Chỉ tiêu"), _("Số liệu")]
    ws.append([xlsx_cell(ws, h, bold=True, border=True) for h in headings])
    places = [["unit", submission.unit.code]]
    fields = form_fields(form)
    values = submission.values or {}
    for n, field in enumerate((f for f in fields if f.kind != f.Kind.ROWS), start=1):
        ws.append([n, field.code, xlsx_cell(ws, field.label), _value(ws, values.get(field.code))])
        places.append(["field", field.code, f"D{ws.max_row}"])
    for field in (f for f in fields if f.kind == f.Kind.ROWS):
        ws.append([])
        ws.append([xlsx_cell(ws, f"{field.code}. {field.label}", bold=True)])
        letters = [chr(ord("B") + i) for i in range(len(field.columns_list))]
        ws.append([None] + [xlsx_cell(ws, c.label, bold=True) for c in field.columns_list])
        first = ws.max_row + 1
        given = values.get(field.code) or []
        count = max(ROWS_PER_LIST, len(given) + 5)  # every row already given, and room for more
        for i in range(count):
            row = given[i] if i < len(given) else {}
            ws.append([i + 1] + [_value(ws, row.get(c.code)) for c in field.columns_list])
        places.append(
            ["rows", field.code, first, first + count - 1]
            + [f"{c.code}={letter}" for c, letter in zip(field.columns_list, letters, strict=True)]
        )
    _meta(workbook, form, "template", places)
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()


def _value(ws, value):
    """A unit's own text is written as text: "=SUM(A1)" stays words, never a live formula."""
    return xlsx_cell(ws, value) if isinstance(value, str) else value


def _open(data: bytes, form, kind: str):
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ValidationError(_("Không đọc được tệp Excel.")) from exc
    if META not in workbook.sheetnames:
        raise ValidationError(_("Tệp không phải biểu mẫu tải từ PCTS (thiếu thông tin biểu mẫu)."))
    meta = list(workbook[META].iter_rows(values_only=True))
    info = {row[0]: row[1] for row in meta[:3]}
    if info.get("form") != form.code or info.get("version") != form.version:
        raise ValidationError(
            _(
                "Tệp là biểu mẫu %(code)s phiên bản %(version)s, không phải %(expected)s "
                "phiên bản %(expected_version)s của đợt này: hãy tải biểu mẫu mới."
            )
            % {
                "code": info.get("form"),
                "version": info.get("version"),
                "expected": form.code,
                "expected_version": form.version,
            }
        )
    if info.get("kind") != kind:
        raise ValidationError(_("Tệp không đúng loại (biểu mẫu hoặc bảng tổng hợp)."))
    return workbook, meta[3:]


MAX_LIST_ROWS = 500  # as many rows as the web form takes (collection.fill.MAX_ROWS)
_CELL = re.compile(r"[A-Z]{1,2}[1-9]\d{0,5}")
_COLUMN = re.compile(r"[A-Z]{1,2}")


def _layout(places, form, unit) -> tuple[dict, dict]:
    """Check the hidden sheet's layout against the form itself; return (scalar cells, lists).

    The sheet comes from the uploaded file: every entry must name a field of this form, cells
    and row ranges must be plausible, and the unit must be there (and be this one).
    """
    fields = {f.code: f for f in form_fields(form)}
    scalars, lists, code_in_file = {}, {}, None
    for place in places:
        kind = place[0] if place else None
        if kind == "unit":
            code_in_file = place[1]
        elif kind == "field" and place[1] in fields and _CELL.fullmatch(str(place[2])):
            scalars[place[1]] = place[2]
        elif kind == "rows" and place[1] in fields:
            first, last = int(place[2]), int(place[3])
            if not 1 <= first <= last < first + MAX_LIST_ROWS:
                raise ValueError(place)
            columns = dict(str(item).split("=", 1) for item in place[4:] if item)
            known = {c.code for c in fields[place[1]].columns_list}
            if not set(columns) <= known or not all(map(_COLUMN.fullmatch, columns.values())):
                raise ValueError(place)
            lists[place[1]] = (first, last, columns)
        else:
            raise ValueError(place)
    expected = {c for c, f in fields.items() if f.kind != f.Kind.ROWS}
    if code_in_file is None or set(scalars) != expected:
        raise ValueError("incomplete")
    if code_in_file != unit.code:
        raise ValidationError(
            _("Biểu mẫu này của đơn vị khác (mã %(code)s), không phải %(unit)s.")
            % {"code": code_in_file, "unit": unit}
        )
    return scalars, lists


def read_template(data: bytes, submission):
    """Return (raw values, where) read from a filled template, or refuse it with a reason."""
    form = submission.round.form
    workbook, places = _open(data, form, "template")
    ws = workbook[workbook.sheetnames[0]]
    try:
        scalars, lists = _layout(places, form, submission.unit)
    except (ValueError, TypeError, IndexError) as exc:
        raise ValidationError(
            _("Thông tin biểu mẫu trong tệp đã bị sửa hoặc hỏng: hãy tải biểu mẫu mới và điền lại.")
        ) from exc
    raw, cells = {}, {}
    for code, ref in scalars.items():
        # Column B holds each row's code: a row inserted or deleted in Excel moves it.
        if str(ws[f"B{ws[ref].row}"].value or "").strip() != code:
            raise ValidationError(
                _(
                    "Ô %(cell)s không còn là chỉ tiêu %(code)s (có dòng bị chèn hoặc xóa): "
                    "hãy điền lại trên biểu mẫu mới."
                )
                % {"cell": ref, "code": code}
            )
        raw[code] = ws[ref].value
        cells[(code, None)] = ref
    for code, (first, last, columns) in lists.items():
        rows = []
        for row in range(first, last + 1):
            rows.append({c: ws[f"{letter}{row}"].value for c, letter in columns.items()})
            for c, letter in columns.items():
                cells[(c, len(rows) - 1)] = f"{letter}{row}"
        raw[code] = rows

    def where(field, row):
        cell = cells.get((field.code, row), "?")
        return _("Ô %(cell)s (%(label)s)") % {"cell": cell, "label": field.label}

    return raw, where


def _title_block(ws, header: ExportHeader, width: int) -> None:
    national_heading(ws, header, width)
    ws.append([])
    ws.append([xlsx_cell(ws, header.title.upper(), bold=True)])
    for line in header.lines:
        ws.append([xlsx_cell(ws, line, italic=True)])
    ws.append([])


def _widths(ws, widths) -> None:
    for index, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(index + 1)].width = width


def _headings(ws, headings) -> int:
    ws.append([xlsx_cell(ws, h, bold=True, border=True, wrap=True) for h in headings])
    ws.freeze_panes = f"A{ws.max_row + 1}"
    return ws.max_row


def _kind(field) -> str:
    return "int" if field.is_number else "text"


def _rows_sheet(workbook, field, submissions, header: ExportHeader) -> list:
    """Write one list-of-rows field: one row per (unit, row), its columns, a totals row."""
    ws = workbook.create_sheet(_sheet_name(field))
    columns = field.columns_list
    _widths(ws, [6, 12, 40] + [14 if c.is_number else 40 for c in columns])
    _title_block(ws, header, 3 + len(columns))
    ws.append([xlsx_cell(ws, f"{field.code}. {field.label}", bold=True)])
    heading_row = _headings(
        ws, [_("STT"), _("Mã đơn vị"), _("Đơn vị")] + [f"{c.code}. {c.label}" for c in columns]
    )
    totals = {c.code: 0 for c in columns if c.is_number}
    n = 0
    for sub in submissions:
        for given in sub.values.get(field.code) or []:
            n += 1
            row = [n, sub.unit.code, xlsx_cell(ws, sub.unit.name)]
            for column in columns:
                value = given.get(column.code)
                row.append(xlsx_cell(ws, value, kind=_kind(column)))
                if column.is_number and value is not None:
                    totals[column.code] += value
            ws.append(row)
    ws.append(
        [None, None, xlsx_cell(ws, _("Tổng cộng"), bold=True)]
        + [xlsx_cell(ws, totals.get(c.code), kind=_kind(c), bold=True) for c in columns]
    )
    return ["rows", field.code, ws.title, heading_row, *[c.code for c in columns]]


def _sheet_name(field) -> str:
    name = _("Mục %(code)s") % {"code": field.code}
    return "".join(ch for ch in name if ch not in "[]:*?/\\")[:31]


def _figures_sheet(workbook, figures, header: ExportHeader) -> None:
    """Write the figures PCTS owns for the window (collection/prefill.py) on their own sheet."""
    from units.vietnamese import format_date

    ws = workbook.create_sheet(_("Số liệu PCTS"))
    _widths(ws, [12, 60, 14])
    title = _("Số liệu PCTS tổng hợp cho báo cáo của Thanh tra")
    _title_block(ws, dataclasses.replace(header, title=title), 3)
    ws.append(
        [
            xlsx_cell(
                ws,
                _("Văn bản chỉ đạo ban hành từ ngày %(start)s đến ngày %(end)s: %(n)s văn bản")
                % {
                    "start": format_date(figures.start),
                    "end": format_date(figures.end),
                    "n": figures.directives,
                },
                bold=True,
            )
        ]
    )
    for title, rows in (
        (_("Theo cơ quan ban hành"), figures.by_issuer),
        (_("Theo loại văn bản"), figures.by_type),
    ):
        ws.append([])
        ws.append([xlsx_cell(ws, title, bold=True)])
        _headings(ws, [_("Mã"), _("Tên"), _("Số văn bản")])
        for code, name, n in rows:
            ws.append([xlsx_cell(ws, code), xlsx_cell(ws, name), xlsx_cell(ws, n, kind="int")])
    ws.append([])
    ws.append(
        [
            xlsx_cell(
                ws,
                _("Nhiệm vụ (đơn vị chủ trì) của các văn bản trên, tính đến hết ngày %(day)s")
                % {"day": format_date(figures.as_of)},
                bold=True,
            )
        ]
    )
    _headings(ws, ["", _("Tình hình thực hiện"), _("Số nhiệm vụ")])
    for _key, label, n in figures.task_rows():
        ws.append([None, xlsx_cell(ws, label), xlsx_cell(ws, n, kind="int")])
    ws.freeze_panes = None


def consolidated_workbook(round_, submissions, header: ExportHeader, figures=None) -> bytes:
    """Write the accepted submissions as one workbook that `read_consolidated` reads back unchanged.

    The first sheet has one row per unit in the form's column order and a totals row under the
    national heading; each list-of-rows field has a sheet of one row per (unit, row); `figures`
    (collection/prefill.py), when given, fill a sheet "Số liệu PCTS".
    """
    form = round_.form
    all_fields = form_fields(form)
    fields = [f for f in all_fields if f.kind != f.Kind.ROWS]
    submissions = list(submissions)
    workbook = Workbook()
    ws = workbook.active
    ws.title = _("Bảng tổng hợp")
    _widths(ws, [6, 12, 40, 16] + [16 if f.is_number else 40 for f in fields])
    _title_block(ws, header, 4 + len(fields))
    headings = [_("STT"), _("Mã đơn vị"), _("Đơn vị"), _("Tình trạng")]
    headings += [f"{f.code}. {f.label}" for f in fields]
    heading_row = _headings(ws, headings)
    ws.row_dimensions[heading_row].height = 90
    totals = {f.code: 0 for f in fields if f.is_number}
    for n, sub in enumerate(submissions, start=1):
        state = _("Không phát sinh") if sub.nothing_to_report else _("Đã tiếp nhận")
        row = [n, sub.unit.code, xlsx_cell(ws, sub.unit.name), xlsx_cell(ws, state)]
        for f in fields:
            value = sub.values.get(f.code)
            row.append(xlsx_cell(ws, value, kind=_kind(f)))
            if f.is_number and value is not None:
                totals[f.code] += value
        ws.append(row)
    total_row = [None, None, xlsx_cell(ws, _("Tổng cộng"), bold=True), None]
    total_row += [xlsx_cell(ws, totals.get(f.code), kind=_kind(f), bold=True) for f in fields]
    ws.append(total_row)
    places = [
        ["heading_row", heading_row],
        ["codes", *[f.code for f in fields]],
        ["nothing", *[s.unit.code for s in submissions if s.nothing_to_report]],
    ]
    for field in all_fields:
        if field.kind == field.Kind.ROWS:
            places.append(_rows_sheet(workbook, field, submissions, header))
    if figures is not None:
        _figures_sheet(workbook, figures, header)
    _meta(workbook, form, "consolidated", places)
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()


def _row_values(codes, cells) -> dict:
    return {code: value for code, value in zip(codes, cells, strict=False) if value is not None}


def read_consolidated(data: bytes, form) -> dict:
    """Return {unit code: {field code: value, list code: [{column code: value}]}} read back.

    A unit that declared "không phát sinh" reads back with no values, as it was accepted.
    """
    workbook, places = _open(data, form, "consolidated")
    info = {row[0]: row[1:] for row in places if row[0] != "rows"}
    heading_row, codes = info["heading_row"][0], [c for c in info["codes"] if c]
    nothing = {c for c in info.get("nothing", ()) if c}
    ws = workbook[workbook.sheetnames[0]]
    found = {}
    for row in ws.iter_rows(min_row=heading_row + 1, values_only=True):
        if row[1]:
            found[row[1]] = _row_values(codes, row[4:])
    for place in (p for p in places if p[0] == "rows"):
        code, title, first = place[1], place[2], place[3]
        columns = [c for c in place[4:] if c]
        for unit in found:
            if unit not in nothing:
                found[unit][code] = []
        for row in workbook[title].iter_rows(min_row=first + 1, values_only=True):
            if row[1] in found:
                found[row[1]].setdefault(code, []).append(_row_values(columns, row[3:]))
    return found
