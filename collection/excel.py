"""The form's Excel template, reading a filled one back, and the consolidated workbook.

A hidden sheet `_pcts` carries the form's code and version (and where each field is), so a
template of another form or an older version is refused by name, and an error names the cell.
Strings are written as text, formula-like ones neutralised (the exports' own cell helper).
"""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

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
        ws.append([n, field.code, xlsx_cell(ws, field.label), values.get(field.code)])
        places.append(["field", field.code, f"D{ws.max_row}"])
    for field in (f for f in fields if f.kind == f.Kind.ROWS):
        ws.append([])
        ws.append([xlsx_cell(ws, f"{field.code}. {field.label}", bold=True)])
        letters = [chr(ord("B") + i) for i in range(len(field.columns_list))]
        ws.append([None] + [xlsx_cell(ws, c.label, bold=True) for c in field.columns_list])
        first = ws.max_row + 1
        given = values.get(field.code) or []
        for i in range(ROWS_PER_LIST):
            row = given[i] if i < len(given) else {}
            ws.append([i + 1] + [row.get(c.code) for c in field.columns_list])
        places.append(
            ["rows", field.code, first, first + ROWS_PER_LIST - 1]
            + [f"{c.code}={letter}" for c, letter in zip(field.columns_list, letters, strict=True)]
        )
    _meta(workbook, form, "template", places)
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()


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


def read_template(data: bytes, submission):
    """Return (raw values, where) read from a filled template, or refuse it with a reason."""
    form = submission.round.form
    workbook, places = _open(data, form, "template")
    ws = workbook[workbook.sheetnames[0]]
    raw, cells = {}, {}
    for place in places:
        if place[0] == "unit" and place[1] != submission.unit.code:
            raise ValidationError(
                _("Biểu mẫu này của đơn vị khác (mã %(code)s), không phải %(unit)s.")
                % {"code": place[1], "unit": submission.unit}
            )
        if place[0] == "field":
            raw[place[1]] = ws[place[2]].value
            cells[(place[1], None)] = place[2]
        elif place[0] == "rows":
            code, first, last = place[1], place[2], place[3]
            columns = dict(item.split("=") for item in place[4:] if item)
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


def consolidated_workbook(round_, submissions, header: ExportHeader) -> bytes:
    """One row per accepted unit in the form's column order, a totals row, the national heading."""
    form = round_.form
    fields = [f for f in form_fields(form) if f.kind != f.Kind.ROWS]
    workbook = Workbook()
    ws = workbook.active
    ws.title = _("Tổng hợp")
    width = 4 + len(fields)
    national_heading(ws, header, width)
    ws.append([])
    ws.append([xlsx_cell(ws, header.title.upper(), bold=True)])
    for line in header.lines:
        ws.append([xlsx_cell(ws, line, italic=True)])
    ws.append([])
    headings = [_("STT"), _("Mã đơn vị"), _("Đơn vị"), _("Tình trạng")]
    headings += [f"{f.code}. {f.label}" for f in fields]
    ws.append([xlsx_cell(ws, h, bold=True, border=True, wrap=True) for h in headings])
    heading_row = ws.max_row
    totals = {f.code: 0 for f in fields if f.is_number}
    for n, sub in enumerate(submissions, start=1):
        state = _("Không phát sinh") if sub.nothing_to_report else _("Đã tiếp nhận")
        row = [n, sub.unit.code, xlsx_cell(ws, sub.unit.name), state]
        for f in fields:
            value = sub.values.get(f.code)
            row.append(xlsx_cell(ws, value, kind="int" if f.is_number else "text"))
            if f.is_number and value is not None:
                totals[f.code] += value
        ws.append(row)
    total_row = [None, None, xlsx_cell(ws, _("Tổng cộng"), bold=True), None]
    total_row += [totals.get(f.code) for f in fields]
    ws.append(total_row)
    _meta(
        workbook,
        form,
        "consolidated",
        [["heading_row", heading_row], ["codes", *[f.code for f in fields]]],
    )
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()


def read_consolidated(data: bytes, form) -> dict:
    """Return {unit code: {field code: value}} read back from a consolidated workbook."""
    workbook, places = _open(data, form, "consolidated")
    info = {row[0]: row[1:] for row in places}
    heading_row, codes = info["heading_row"][0], [c for c in info["codes"] if c]
    ws = workbook[workbook.sheetnames[0]]
    found = {}
    for row in ws.iter_rows(min_row=heading_row + 1, values_only=True):
        if not row[1]:
            continue
        found[row[1]] = {
            code: value for code, value in zip(codes, row[4:], strict=False) if value is not None
        }
    return found
