"""CSV: rows streamed in UTF-8 with a BOM, so Excel reads the Vietnamese."""

import csv
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.http import StreamingHttpResponse

from directives.exports.base import Column, _text, neutralised


class _Echo:
    def write(self, value):
        return value


def csv_response(filename: str, columns: list[Column], rows: Iterable[list]):
    """Stream rows as CSV in UTF-8 with a BOM (so Excel reads the Vietnamese), dates dd/mm/yyyy.

    The separator is PCTS_CSV_DELIMITER (";" by default): Excel in a Vietnamese locale, whose
    list separator is ";" since the decimal mark is ",", opens the file in columns.
    """
    writer = csv.writer(_Echo(), delimiter=settings.PCTS_CSV_DELIMITER)

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow([c.heading for c in columns])
        for row in rows:
            yield writer.writerow([_csv_text(c.kind, v) for c, v in zip(columns, row, strict=True)])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv_text(kind: str, value) -> str:
    """Write a CSV value; text from users is neutralised, numbers and dates are ours."""
    text = _text(kind, value)
    return neutralised(text) if kind == "text" else text
