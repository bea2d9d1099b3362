"""Workbooks for the import tests, written with openpyxl as a spreadsheet user would save them."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from imports.reader import template_headings

HEADINGS = template_headings()


def row(
    symbol="31/KH-UBND",
    issued=datetime.date(2025, 3, 5),
    title="Tuyên truyền Luật Phòng, chống tham nhũng",
    unit="Sở Nội vụ",
    role="Chủ trì",
    deadline=datetime.date(2025, 9, 30),
):
    return [None, symbol, issued, title, unit, role, deadline, None, None, None]


def workbook_bytes(rows, *, headings=HEADINGS, above=(), extra=None) -> bytes:
    """Write a sheet: optional lines above the table, the headings, the rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Theo dõi"
    for line in above:
        ws.append(line)
    ws.append(headings)
    for n, values in enumerate(rows, start=1):
        values = list(values)
        if values and values[0] is None:
            values[0] = n
        ws.append(values)
    if extra:
        extra(wb, ws)
    handle = io.BytesIO()
    wb.save(handle)
    return handle.getvalue()


def upload(content: bytes, name="theo-doi.xlsx"):
    return SimpleUploadedFile(name, content)
