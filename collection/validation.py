"""Check a submission's values against its form's fields: types, required, non-negative, totals.

The same checks serve the web form and the Excel upload; only the way a place is named differs
(a field's label on the web, "Ô C7 (label)" in a workbook), so `where` is passed in. Nothing is
saved by the caller when any error is returned.
"""

import math
import re
from collections.abc import Callable

from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from units.vietnamese import format_number

# where(field, row_index) -> how the place is named in a message; row_index None for scalars.
Where = Callable[[object, int | None], str]


# Fifteen digits: more than any count or sum of đồng a report holds, and a bound on the work.
_INTEGER = re.compile(r"-?\d{1,15}")
TEXT_MAX_LENGTH = 4000


def _number(field, raw):
    """Return the integer in `raw` (int, float without fraction, or text "1.234"), or raise ValueError."""
    if isinstance(raw, bool):
        raise ValueError
    if isinstance(raw, int):
        if abs(raw) >= 10**15:
            raise ValueError
        return raw
    if isinstance(raw, float):
        if not math.isfinite(raw) or raw != int(raw) or abs(raw) >= 1e15:
            raise ValueError
        return int(raw)
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    # Vietnamese writes 1.234.567 (dots group thousands); a comma decimal is not an integer.
    if text.count(".") and all(len(part) == 3 for part in text.lstrip("-").split(".")[1:]):
        text = text.replace(".", "")
    # Digits only: "1e5000000", "inf" or "NaN" are not a count (and would cost the server dearly).
    if not _INTEGER.fullmatch(text):
        raise ValueError
    return int(text)


def _text(field, raw, place: str, errors: list[str]):
    """Return the text without the control characters a database or a workbook refuses."""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(raw)).replace("\x00", "").strip()
    if len(text) > TEXT_MAX_LENGTH:
        errors.append(
            _("%(place)s: dài quá %(max)s ký tự.")
            % {"place": place, "max": format_number(TEXT_MAX_LENGTH)}
        )
        return None
    return text


def is_blank(raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _check_one(field, raw, place: str, errors: list[str]):
    """Return the clean value of one cell, appending an error naming `place` when it is wrong."""
    if is_blank(raw):
        if field.required:
            errors.append(_("%(place)s: bắt buộc nhập.") % {"place": place})
        return None
    if field.kind == field.Kind.TEXT:
        return _text(field, raw, place, errors)
    try:
        value = _number(field, raw)
    except ValueError:
        if field.non_negative:
            message = _("%(place)s: phải là số nguyên không âm (đã nhập “%(raw)s”).")
        else:
            message = _("%(place)s: phải là số nguyên (đã nhập “%(raw)s”).")
        errors.append(message % {"place": place, "raw": raw})
        return None
    if field.non_negative and value < 0:
        errors.append(
            _("%(place)s: phải là số nguyên không âm (đã nhập %(value)s).")
            % {"place": place, "value": format_number(value)}
        )
        return None
    return value


def _check_totals(fields, clean: dict, where: Where, errors: list[str], row=None, failed=()):
    by_code = {f.code: f for f in fields}
    for field in fields:
        parts = [by_code[code] for code in field.parts if code in by_code]
        if not parts or clean.get(field.code) is None:
            continue
        if any(not part.is_number or part.code in failed for part in parts):
            continue  # a text part cannot add up; a wrong part has its own message already
        total = sum(clean.get(part.code) or 0 for part in parts)
        if clean[field.code] != total:
            errors.append(
                _("%(place)s: bằng %(value)s nhưng tổng các chỉ tiêu %(parts)s là %(total)s.")
                % {
                    "place": where(field, row),
                    "value": format_number(clean[field.code]),
                    "parts": " + ".join(part.code for part in parts),
                    "total": format_number(total),
                }
            )


def check_values(fields, raw: dict, where: Where) -> tuple[dict, list[str]]:
    """Return (clean values, errors) for `raw` = {code: value, rows code: [{column code: value}]}.

    `fields` are the form's top-level fields with their columns prefetched (`columns_list`).
    """
    errors: list[str] = []
    clean: dict = {}
    scalars = [f for f in fields if f.kind != f.Kind.ROWS]
    for field in scalars:
        value = _check_one(field, raw.get(field.code), where(field, None), errors)
        if value is not None:
            clean[field.code] = value
    failed = {f.code for f in scalars if f.code not in clean and not is_blank(raw.get(f.code))}
    _check_totals(scalars, clean, where, errors, failed=failed)
    for field in fields:
        if field.kind != field.Kind.ROWS:
            continue
        rows = []
        for index, given in enumerate(raw.get(field.code) or []):
            if all(is_blank(v) for v in given.values()):
                continue
            row = {}
            for column in field.columns_list:
                value = _check_one(column, given.get(column.code), where(column, index), errors)
                if value is not None:
                    row[column.code] = value
            wrong = {
                c.code
                for c in field.columns_list
                if c.code not in row and not is_blank(given.get(c.code))
            }
            _check_totals(field.columns_list, row, where, errors, row=index, failed=wrong)
            rows.append(row)
        if field.required and not rows:
            errors.append(_("%(place)s: nhập ít nhất một dòng.") % {"place": where(field, None)})
        clean[field.code] = rows
    return clean, errors


def form_fields(form) -> list:
    """Return the form's top-level fields in order, each with `columns_list` (its row columns)."""
    fields = list(form.fields.all())
    top = [f for f in fields if f.parent_id is None]
    for field in top:
        field.columns_list = [f for f in fields if f.parent_id == field.pk]
    return top


def label_where(field, row) -> str:
    """Name a place on the web form: the field's label, and the row's number in a list."""
    if row is None:
        return f"{field.code}. {field.label}"
    return _("Dòng %(row)d, cột “%(label)s”") % {"row": row + 1, "label": field.label}
