"""Saved column mappings: map another layout's headings to PCTS columns once, reuse it for its files.

A tracker whose heading row lacks a required column (imports.reader.REQUIRED) waits in the
"mapping" state; the officer maps each heading to a PCTS column or "bỏ qua", the mapping is saved
under the layout's signature, and the batch is checked again. The next file with the same heading
row is read with the saved mapping at once (the page says which), and can be mapped again.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from directives.broker import publish
from directives.services.common import _require_manager
from imports.models import ColumnMapping, ImportBatch
from imports.reader import (
    EXPORT_FIELDS,
    EXTRA_HEADINGS,
    REQUIRED,
    _clean_heading,
    heading_aliases,
    layout_signature,
)
from imports.services import CHECK_TASK, batch_check
from units.vietnamese import fold

FIELDS = (*EXPORT_FIELDS, *EXTRA_HEADINGS)


def field_label(name: str) -> str:
    from imports.planning import name_label

    return name_label(name)


def field_choices() -> list[tuple[str, str]]:
    """Return the PCTS columns a heading may be mapped to, "bỏ qua" first."""
    return [("", _("— bỏ qua —")), *((name, field_label(name)) for name in FIELDS)]


def proposed_fields(batch: ImportBatch) -> list[str]:
    """Return one field per heading: the saved mapping's, else the recognised name, else ""."""
    if batch.mapping and len(batch.mapping.fields) == len(batch.headings):
        return list(batch.mapping.fields)
    aliases, seen, fields = heading_aliases(), set(), []
    for heading in batch.headings:
        name = aliases.get(fold(_clean_heading(heading)), "")
        fields.append("" if name in seen else name)
        seen.add(name)
    return fields


def check_fields(headings: list[str], fields: list[str]) -> None:
    """Refuse a mapping that reads one column twice, names an unknown one, or leaves a required one out."""
    if len(fields) != len(headings):
        raise ValidationError(_("Cách ghép cột không khớp với dòng tiêu đề."), code="shape")
    errors, first = [], {}
    for index, name in enumerate(fields):
        if not name:
            continue
        if name not in FIELDS:
            errors.append(_("Cột PCTS «%(name)s» không có.") % {"name": name})
        elif name in first:
            errors.append(
                _("Cột «%(field)s» được ghép cho hai tiêu đề: «%(a)s» và «%(b)s».")
                % {"field": field_label(name), "a": headings[first[name]], "b": headings[index]}
            )
        else:
            first[name] = index
    if missing := [name for name in REQUIRED if name not in first]:
        errors.append(
            _("Chưa ghép cột bắt buộc: %(columns)s.")
            % {"columns": ", ".join(f"«{field_label(n)}»" for n in missing)}
        )
    if errors:
        raise ValidationError(errors, code="mapping")


def mapping_save(
    *, actor, batch: ImportBatch, fields: list[str], name: str = "", run_now: bool | None = None
) -> ColumnMapping:
    """Save the mapping of the batch's layout (replacing a saved one) and check the batch again with it."""
    _require_manager(actor)
    if batch.state not in (ImportBatch.State.MAPPING, ImportBatch.State.CHECKED):
        raise ValidationError(_("Chỉ ghép cột được trước khi nhập."), code="state")
    if not batch.file:
        raise ValidationError(
            _("Tệp của lần nhập này không còn: hãy tải tệp lên lại."), code="file"
        )
    check_fields(batch.headings, fields)
    with transaction.atomic():
        mapping, _created = ColumnMapping.objects.update_or_create(
            signature=layout_signature(batch.headings),
            defaults={
                "name": (name.strip() or batch.original_name)[:200],
                "headings": batch.headings,
                "fields": fields,
                "created_by": actor,
            },
        )
        ImportBatch.objects.filter(pk=batch.pk).update(
            state=ImportBatch.State.CHECKING, mapping=mapping, message=""
        )
    if run_now is None:
        run_now = batch.total_rows < settings.PCTS_IMPORT_ASYNC_ROWS
    if run_now:
        batch_check(batch.pk)
    else:
        transaction.on_commit(lambda: publish(CHECK_TASK, [batch.pk]))
    return mapping


def unplaced_message(batch: ImportBatch) -> str:
    """Say which headings could not be placed and how to save a mapping (the command's answer)."""
    proposed = proposed_fields(batch)
    unplaced = [h for h, f in zip(batch.headings, proposed, strict=True) if h and not f]
    return _(
        "%(message)s Không xếp được các tiêu đề: %(headings)s. Hãy ghép cột một lần: tải tệp lên "
        "trang Nhập dữ liệu (/nhap-du-lieu/), hoặc chạy lại lệnh với --map «Tiêu đề=cột» cho "
        "từng tiêu đề (cột: %(fields)s); cách ghép được lưu cho mọi tệp cùng bố cục."
    ) % {
        "message": batch.message,
        "headings": ", ".join(f"«{h}»" for h in unplaced) or "—",
        "fields": ", ".join(FIELDS),
    }


def fields_from_options(batch: ImportBatch, pairs: list[str]) -> list[str]:
    """Return the batch's proposed fields with the command's --map «heading=field» pairs applied."""
    fields = proposed_fields(batch)
    folded = [fold(h) for h in batch.headings]
    for pair in pairs:
        heading, sep, name = pair.rpartition("=")
        if not sep or fold(heading.strip()) not in folded:
            raise ValidationError(
                _("--map «%(pair)s»: không có tiêu đề «%(heading)s» trong tệp.")
                % {"pair": pair, "heading": heading.strip()},
                code="map",
            )
        fields[folded.index(fold(heading.strip()))] = "" if name.strip() == "-" else name.strip()
    return fields
