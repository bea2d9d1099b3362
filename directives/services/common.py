"""What every write checks or stores: the inspectorate's permission and an uploaded file."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from directives.models import Attachment
from directives.permissions import can_manage
from directives.uploads import validate_upload


def _require_manager(actor):
    if not can_manage(actor):
        raise PermissionDenied(_("Chỉ cán bộ Thanh tra được thực hiện thao tác này."))


def _store_attachment(*, actor, upload, directive=None, report=None) -> Attachment:
    mime, digest = validate_upload(upload)
    return Attachment.objects.create(
        file=upload,
        original_name=upload.name[:255],
        content_type=mime,
        size=upload.size,
        sha256=digest,
        directive=directive,
        report=report,
        uploaded_by=actor,
    )
