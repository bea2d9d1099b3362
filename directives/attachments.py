"""Attachments: rows written with their owner, bytes written to the storage only after commit.

A refused registration or report rolls its rows back and so never writes a byte: the file is
saved by an on-commit hook, under the random name the row already holds. What an older version
left behind (or a write that failed after the commit) is found by `orphan_files()` and
`missing_files()`, which `manage.py cleanup_attachments` reports and cleans.
"""

import functools
import logging

from django.db import transaction

from directives.confidentiality import refuse_files
from directives.models import Attachment
from directives.models.directives import attachment_path
from directives.uploads import validate_uploads

logger = logging.getLogger(__name__)
ROOT = "attachments"


def attachments_add(*, actor, files, directive=None, report=None) -> list[Attachment]:
    """Check the files sent at once and record them on their owner; the bytes follow the commit."""
    files = list(files)
    if not files:
        return []
    refuse_files(files, directive=directive, report=report)
    checked = validate_uploads(files)
    rows = []
    for upload, check in zip(files, checked, strict=True):
        row = Attachment.objects.create(
            file=attachment_path(None, check.name),
            original_name=check.name,
            content_type=check.content_type,
            size=check.size,
            sha256=check.sha256,
            directive=directive,
            report=report,
            uploaded_by=actor,
        )
        transaction.on_commit(functools.partial(_write, row.pk, row.file.name, upload), robust=True)
        rows.append(row)
    return rows


def _write(pk: int, name: str, upload) -> None:
    """Save the bytes of a committed attachment under the name its row holds."""
    storage = Attachment._meta.get_field("file").storage
    upload.seek(0)
    saved = storage.save(name, upload)
    if saved != name:  # the storage chose another name: the row follows it
        Attachment.objects.filter(pk=pk).update(file=saved)
    logger.info("attachment %s stored as %s", pk, saved)


def stored_folders(folder: str = ROOT):
    """Yield (folder, names of its files) for `folder` and every folder below it in the storage."""
    storage = Attachment._meta.get_field("file").storage
    if not storage.exists(folder):
        return
    folders, names = storage.listdir(folder)
    yield folder, [f"{folder}/{name}" for name in names]
    for sub in sorted(folders):
        yield from stored_folders(f"{folder}/{sub}")


def orphan_files() -> list[str]:
    """Return the stored files no attachment row names, one folder (a month) at a time.

    A folder's files are listed before its rows are read: a file is written only once its row
    is committed, so a listed file that has a row is always seen with it.
    """
    orphans = []
    for _folder, names in stored_folders():
        known = set(Attachment.objects.filter(file__in=names).values_list("file", flat=True))
        orphans += sorted(set(names) - known)
    return orphans


def missing_files() -> list[Attachment]:
    """Return the attachment rows whose file is not in the storage (a write failed after commit)."""
    storage = Attachment._meta.get_field("file").storage
    rows = Attachment.objects.only("pk", "file", "original_name").order_by("pk")
    return [row for row in rows.iterator() if not storage.exists(row.file.name)]


def delete_files(names) -> int:
    """Delete stored files by name; return how many bytes were freed."""
    storage = Attachment._meta.get_field("file").storage
    freed = 0
    for name in names:
        freed += storage.size(name)
        storage.delete(name)
    return freed
