"""Read task tables ("STT | Nội dung | Chủ trì | Phối hợp | Thời gian") into task proposals.

Plans often list their tasks in a table, in the body or in an appendix after the signature. In
text taken out of a document its cells are split by table pipes or tabs; a table is recognised
by its header row, which names the task column and the lead column.
"""

import re
from dataclasses import dataclass

from directives.intake.facts import Facts, Reader
from directives.intake.results import TaskProposal
from directives.intake.text import Source, is_caps, letters, split_spans
from units.vietnamese import fold

_CELL_SPLIT = re.compile(r"\s*[|\t]\s*")
_COLUMNS = {
    "task": ("noi dung", "nhiem vu", "cong viec", "giai phap"),
    "lead": ("chu tri", "don vi thuc hien", "co quan thuc hien"),
    "helpers": ("phoi hop",),
    "time": ("thoi gian", "thoi han", "tien do", "hoan thanh"),
}


@dataclass
class Table:
    """A task table: its columns and the norm spans of its rows' cells."""

    columns: dict[str, int]
    rows: list[list[tuple[int, int]]]
    lines: list[tuple[int, int]]  # the header's and the rows' lines, kept out of the outline


def tables(src: Source, start: int, end: int) -> list[Table]:
    """Return the task tables of norm[start:end]."""
    found: list[Table] = []
    current: Table | None = None
    for ls, le in src.lines:
        if le <= start or ls >= end:
            continue
        cells = _cells(src.norm, max(ls, start), min(le, end))
        columns = _header(src.norm, cells)
        if columns:
            current = Table(columns, [], [(ls, le)])
            found.append(current)
        elif current and len(cells) > max(current.columns.values()):
            current.rows.append(cells)
            current.lines.append((ls, le))
        elif current and src.norm[ls:le].strip(" \t|"):
            current = None
    return [t for t in found if t.rows]


def _cells(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the spans of a line's cells (none for a line of fewer than three)."""
    cells = split_spans(_CELL_SPLIT, norm, start, end)
    line = norm[start:end].strip(" \t")
    if line.startswith("|"):
        cells.pop(0)  # the empty cell before a row's first pipe
    if line.endswith("|") and cells:
        cells.pop()
    return cells if len(cells) >= 3 else []


def _header(norm: str, cells: list[tuple[int, int]]) -> dict[str, int] | None:
    """Return the columns a header row names, when it names the task and the lead column."""
    columns: dict[str, int] = {}
    for i, (a, b) in enumerate(cells):
        text = fold(norm[a:b])
        if len(text.split()) > 6:
            return None
        for name, words in _COLUMNS.items():
            if name not in columns and any(w in text for w in words):
                columns[name] = i
                break
    return columns if {"task", "lead"} <= columns.keys() else None


def table_proposals(src: Source, table: Table, reader: Reader) -> list[TaskProposal]:
    """Return a proposal for every row of a task table that names a task."""
    out = []
    for cells in table.rows:
        task = _cell(cells, table.columns["task"])
        text = src.norm[task[0] : task[1]] if task else ""
        lead = _cell(cells, table.columns["lead"])
        if len(letters(text)) < 3 or all(is_caps(w) for w in text.split() if letters(w)):
            continue  # an empty row or a group's heading ("I | CÔNG TÁC TUYÊN TRUYỀN | |")
        if lead is None and not src.norm[cells[0][0] : cells[0][1]].strip():
            continue  # a cell's text wrapped onto a line of its own
        facts = Facts()
        if lead:
            names = reader.names(*lead)
            facts.lead, facts.coordinating = (names[0], names[1:]) if names else (None, [])
        if helpers := _cell(cells, table.columns.get("helpers")):
            facts.coordinating += [n for n in reader.names(*helpers) if n not in facts.coordinating]
        if when := _cell(cells, table.columns.get("time")):
            reader.dated(*when, facts)
        out.append(
            TaskProposal(
                title=src.written(*task),
                lead=facts.lead,
                coordinating=facts.coordinating,
                deadline_text=facts.deadline_text,
                deadline=facts.deadline,
                span=src.span(cells[0][0], cells[-1][1]),
            )
        )
    return out


def _cell(cells: list[tuple[int, int]], index: int | None) -> tuple[int, int] | None:
    if index is None or index >= len(cells) or cells[index][0] >= cells[index][1]:
        return None
    return cells[index]
