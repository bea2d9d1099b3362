"""The request a log line belongs to (a context variable), and the JSON log formatter.

`ForwardedHeadersMiddleware` binds each request; every log record written while it runs gets
`request_id`, `user` and `unit` (the codes of the user's current units, looked up once per
request at its first log line) from a logging filter, whether the format is plain or JSON
(PCTS_LOG_FORMAT=json: one object a line, for a log collector).
"""

import contextvars
import datetime
import json
import logging

from django.utils.functional import empty

_request: contextvars.ContextVar = contextvars.ContextVar("pcts_request", default=None)


def bind(request) -> contextvars.Token:
    return _request.set({"request": request})


def unbind(token: contextvars.Token) -> None:
    _request.reset(token)


def _signed_in_user(request):
    """The request's user if authentication already resolved it; never triggers a lookup itself."""
    user = request.__dict__.get("user")
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user if user.is_authenticated else None


def current() -> dict:
    """Return request_id, user and unit of the request being handled (empty strings outside one)."""
    bound = _request.get()
    if bound is None:
        return {"request_id": "", "user": "", "unit": ""}
    request = bound["request"]
    user = _signed_in_user(request)
    if user is not None and bound.get("user_pk") != user.pk:
        from units.models import Membership

        bound["user_pk"] = user.pk
        bound["unit"] = ",".join(
            sorted(
                set(
                    Membership.objects.current()
                    .filter(user_id=user.pk)
                    .values_list("unit__code", flat=True)
                )
            )
        )
    return {
        "request_id": getattr(request, "request_id", ""),
        "user": user.get_username() if user is not None else "",
        "unit": bound.get("unit", "") if user is not None else "",
    }


class RequestContextFilter(logging.Filter):
    """Add request_id, user and unit to every record (empty outside a request)."""

    _busy = contextvars.ContextVar("pcts_log_busy", default=False)

    def filter(self, record):
        if self._busy.get():  # the unit lookup itself logging: do not recurse
            values = {"request_id": "", "user": "", "unit": ""}
        else:
            token = self._busy.set(True)
            try:
                values = current()
            except Exception:  # a log line must never fail the request
                values = {"request_id": "", "user": "", "unit": ""}
            finally:
                self._busy.reset(token)
        for key, value in values.items():
            if not hasattr(record, key):
                setattr(record, key, value)
        return True


# Attributes every LogRecord has; anything else on a record came from `extra=` and is kept.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request context and extras."""

    def format(self, record):
        document = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                document[key] = value
        if record.exc_info:
            document["exception"] = self.formatException(record.exc_info)
        return json.dumps(document, ensure_ascii=False, default=str)
