"""Read a deadline phrase with the first reader that recognises it."""

from directives.deadlines.core import (
    ACCEPTED_FORMS,
    Deadline,
    InvalidDeadline,
    _fmt,
    default_calendar,
)
from directives.deadlines.matching import _ALL_FULL_DATES, _date_parts, _normalise
from directives.deadlines.readers import _READERS, _Context, _since
from directives.messages import Message, gettext_noop


def parse_deadline(
    text,
    *,
    issued_on=None,
    received_on=None,
    calendar=None,
    before_means_previous_day=True,
    asap_days=7,
):
    """Read a Vietnamese deadline phrase into a Deadline, or raise InvalidDeadline.

    Dates are always day/month/year. "trước ngày X" ends on X − 1 unless
    before_means_previous_day is False; relative phrases count from received_on, else
    issued_on, on `calendar` (default_calendar() if None) for working days; "ngay",
    "khẩn trương" get issued_on + asap_days and are flagged.
    """
    raw = str(text or "").strip()
    if not (s := _normalise(raw)):
        raise InvalidDeadline(
            Message(
                gettext_noop("Chưa nhập thời hạn. Các dạng được chấp nhận: %(forms)s."),
                forms=ACCEPTED_FORMS,
            )
        )
    calendar = calendar or default_calendar()
    ctx = _Context(issued_on, received_on, calendar, before_means_previous_day, asap_days)
    try:
        draft = next((d for read in _READERS if (d := read(s, ctx)) is not None), None)
    except InvalidDeadline:
        raise
    except (OverflowError, ValueError) as exc:  # date arithmetic past year 1 or 9999
        raise InvalidDeadline(
            Message(gettext_noop("Thời hạn «%(phrase)s» nằm ngoài phạm vi ngày tháng."), phrase=raw)
        ) from exc
    if draft is None:
        raise InvalidDeadline(
            Message(
                gettext_noop(
                    "Không hiểu thời hạn «%(phrase)s». Hãy ghi theo một trong các dạng: %(forms)s."
                ),
                phrase=raw,
                forms=ACCEPTED_FORMS,
            )
        )
    dates = {_date_parts(token) for token in _ALL_FULL_DATES.findall(s)}
    if draft.kind in {"date", "by_date", "inclusive"} and len(dates) > 1:
        draft.warn(
            Message(
                gettext_noop("Câu có %(count)s ngày khác nhau: cần xác nhận ngày nào là thời hạn."),
                count=len(dates),
            )
        )
    if draft.due and ctx.reference and draft.due < ctx.reference:
        draft.warn(
            Message(
                gettext_noop("Hạn %(due)s sớm hơn %(base)s %(day)s: cần xác nhận."),
                due=_fmt(draft.due),
                base=_since("issued" if issued_on else "received"),
                day=_fmt(ctx.reference),
            )
        )
    if draft.year_note:
        note = Message(
            gettext_noop("%(note)s. %(year_note)s"), note=draft.note, year_note=draft.year_note
        )
    else:
        note = Message(gettext_noop("%(note)s."), note=draft.note)
    return Deadline(
        text=raw,
        due=draft.due,
        kind=draft.kind,
        flagged=draft.flagged or (draft.due is None and draft.kind != "recurring"),
        note=note,
        warnings=tuple(draft.warnings),
    )
