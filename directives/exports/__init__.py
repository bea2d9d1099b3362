"""Excel, PDF and CSV exports of the dashboard table and of drill-down lists.

Rows arrive as an iterator (a queryset read with `.iterator(chunk_size=…)`) and are written one
by one: Excel through a write-only workbook into a temporary file, PDF through table chunks fed
lazily to reportlab, CSV (UTF-8 with BOM) as a streamed response. No export holds the whole data
set in memory. Excel cells carry real numbers and dates with formats, never strings.

User text can never become a formula in the reader's spreadsheet (OWASP's CSV-injection rule):
Excel cells holding text are written as text, never as formulas, and CSV cells that start like
a formula get a neutralising apostrophe; `neutralised()` is the one rule every writer uses.
"""

from directives.exports.base import (
    CHUNK_ROWS,
    Column,
    ExportHeader,
    attachment_name,
    name_part,
    neutralised,
    rows_in_chunks,
    selection_name,
)
from directives.exports.contents import (
    list_columns,
    list_rows,
    table_columns,
    table_rows,
    table_total_row,
)
from directives.exports.csv_stream import csv_response
from directives.exports.pdf import FONT_DIR, PDF_CHUNK_ROWS, pdf_response, register_fonts, write_pdf
from directives.exports.xlsx import XLSX_CONTENT_TYPE, xlsx_response

__all__ = [
    "CHUNK_ROWS",
    "FONT_DIR",
    "PDF_CHUNK_ROWS",
    "XLSX_CONTENT_TYPE",
    "Column",
    "ExportHeader",
    "attachment_name",
    "name_part",
    "neutralised",
    "selection_name",
    "csv_response",
    "list_columns",
    "list_rows",
    "pdf_response",
    "register_fonts",
    "rows_in_chunks",
    "table_columns",
    "table_rows",
    "table_total_row",
    "write_pdf",
    "xlsx_response",
]
