"""The web fill form of a submission: input names, what each input shows, where an error goes.

A scalar field is the input `f-<code>`; a list of rows is `r-<code>-<row>-<column code>` with
`r-<code>-count` saying how many rows the page sent, so a plain POST of blank rows works without
JavaScript (blank rows are skipped by the checks). The services do every check; this module only
reads the POST into the shape they take and puts their messages back next to the inputs, by the
place each message starts with (`validation.label_where`).
"""

from dataclasses import dataclass
from dataclasses import field as dataclass_field

from collection.validation import label_where
from units.vietnamese import format_number

BLANK_ROWS = 3  # empty rows offered below the filled ones
MIN_ROWS = 3
MAX_ROWS = 500  # a posted count above this is cut: no one types more rows on one page


@dataclass
class Cell:
    field: object
    name: str
    value: str
    errors: list[str] = dataclass_field(default_factory=list)


@dataclass
class Item:
    """One top-level field as the page shows it: a cell, or a list of rows of cells."""

    field: object
    cell: Cell | None = None
    rows: list[list[Cell]] = dataclass_field(default_factory=list)
    count_name: str = ""
    errors: list[str] = dataclass_field(default_factory=list)

    @property
    def is_rows(self) -> bool:
        return self.field.kind == self.field.Kind.ROWS

    @property
    def template_row(self) -> list[Cell]:
        """Return the blank row the page's script copies for "Thêm dòng" (index `__row__`)."""
        return [Cell(c, cell_name(self.field, "__row__", c), "") for c in self.field.columns_list]


def scalar_name(field) -> str:
    return f"f-{field.code}"


def cell_name(rows_field, row, column) -> str:
    return f"r-{rows_field.code}-{row}-{column.code}"


def count_name(rows_field) -> str:
    return f"r-{rows_field.code}-count"


def shown(field, value) -> str:
    """Write a stored value for an input: numbers in Vietnamese notation (1.500.000)."""
    if value is None:
        return ""
    if field.is_number and isinstance(value, int) and not isinstance(value, bool):
        return format_number(value)
    return str(value)


def posted_count(data, rows_field) -> int:
    try:
        count = int(data.get(count_name(rows_field), 0))
    except (TypeError, ValueError):
        count = 0
    return max(0, min(count, MAX_ROWS))


def values_from_post(fields, data) -> dict:
    """Return the raw values of a POST in the shape `services.submission_save` takes."""
    values: dict = {}
    for field in fields:
        if field.kind != field.Kind.ROWS:
            values[field.code] = data.get(scalar_name(field), "")
            continue
        values[field.code] = [
            {c.code: data.get(cell_name(field, i, c), "") for c in field.columns_list}
            for i in range(posted_count(data, field))
        ]
    return values


def items_for(fields, values: dict, *, posted: bool, blank_rows: int = BLANK_ROWS) -> list[Item]:
    """Build what the page shows: stored values (formatted), or the user's own input kept as typed."""
    items = []
    for field in fields:
        value = values.get(field.code)
        if field.kind != field.Kind.ROWS:
            text = ("" if value is None else str(value)) if posted else shown(field, value)
            items.append(Item(field, cell=Cell(field, scalar_name(field), text)))
            continue
        given = list(value or [])
        total = (
            len(given) if posted else max(len(given) + blank_rows, MIN_ROWS if blank_rows else 0)
        )
        rows = []
        for i in range(total):
            row = given[i] if i < len(given) else {}
            rows.append(
                [
                    Cell(
                        c,
                        cell_name(field, i, c),
                        str(row.get(c.code) or "") if posted else shown(c, row.get(c.code)),
                    )
                    for c in field.columns_list
                ]
            )
        items.append(Item(field, rows=rows, count_name=count_name(field)))
    return items


def place_errors(items: list[Item], messages: list[str]) -> list[tuple[str, str]]:
    """Put each service message beside the input it names; return (message, input id) for the top.

    Beside the input the place is plain to see, so only what is wrong with it is repeated there;
    the id ("" when no input is named) lets the summary link to the input.
    """
    targets: dict[str, tuple[list[str], str]] = {}
    for item in items:
        if item.cell:
            targets[label_where(item.field, None)] = (item.cell.errors, f"id-{item.cell.name}")
        else:
            targets[label_where(item.field, None)] = (item.errors, f"field-{item.field.code}")
        for index, row in enumerate(item.rows):
            for cell in row:
                targets.setdefault(label_where(cell.field, index), (cell.errors, f"id-{cell.name}"))
    summary = []
    for message in messages:
        place = next((p for p in targets if message.startswith(p + ":")), None)
        if place is None:
            summary.append((message, ""))
            continue
        errors, anchor = targets[place]
        errors.append(message[len(place) + 1 :].strip())
        summary.append((message, anchor))
    return summary
