"""Idempotency-Key on POST: a retry with the same key gets the first answer, never a second write.

The web's mechanism (directives.idempotency.first_or_write), keyed by (token, key) instead of a
form's submission token: the key row is written first inside the write's transaction, so a
concurrent twin blocks on the unique index, fails after the first commits and answers with the
first's stored status and body. A key sent again with another request (another path or body)
answers 422. A write that fails (400, 404…) stores nothing: the client may fix it and retry.
Keys are kept PCTS_API_IDEMPOTENCY_HOURS (24) and then forgotten (`prune`, daily by beat).
"""

import datetime
import hashlib
import json

import pghistory
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from api.models import IdempotencyKey
from directives.idempotency import first_or_write

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


def fingerprint(request) -> str:
    """Hash what makes two requests the same: method, path, fields, and each file's name and size."""
    data = request.data
    fields = (
        sorted((k, [str(v) for v in data.getlist(k)]) for k in data)
        if hasattr(data, "getlist")
        else data
    )
    files = sorted((k, f.name, f.size) for k, f in request.FILES.items())
    text = json.dumps([request.method, request.path, fields, files], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def write(request, run) -> Response:
    """Run `run()` -> (status, data) once per Idempotency-Key; audit it with the token's name."""
    token = request.auth

    def audited():
        with pghistory.context(user=request.user.pk, api_token=token.name, api_token_id=token.pk):
            code, data = run()
        return code, json.loads(JSONRenderer().render(data))

    key = request.headers.get(HEADER, "")
    if not key:
        code, data = audited()
        return Response(data, status=code)
    if len(key) > MAX_KEY_LENGTH or not key.isprintable():
        return Response(
            {"detail": _("Idempotency-Key dài tối đa 255 ký tự in được.")},
            status=status.HTTP_400_BAD_REQUEST,
        )
    print_ = fingerprint(request)

    def find():
        return IdempotencyKey.objects.filter(token=token, key=key).first()

    def first():
        row = IdempotencyKey.objects.create(token=token, key=key, fingerprint=print_)
        row.status, row.body = audited()
        row.save(update_fields=["status", "body"])
        return row

    row, created = first_or_write(find, first)
    if row.fingerprint != print_:
        return Response(
            {"detail": _("Idempotency-Key này đã dùng cho một yêu cầu khác.")},
            status=status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    response = Response(row.body, status=row.status)
    if not created:
        response["Idempotent-Replayed"] = "true"
    return response


def prune() -> int:
    """Delete the keys older than PCTS_API_IDEMPOTENCY_HOURS; return how many."""
    cutoff = timezone.now() - datetime.timedelta(hours=settings.PCTS_API_IDEMPOTENCY_HOURS)
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
