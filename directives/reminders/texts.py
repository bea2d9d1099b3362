"""Say what a reminder item is about, in the words the mail, the bell and the timeline share."""

import functools

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from directives.models import ReminderPolicy, ReminderReason

Reason = ReminderReason


# The sentences depend only on a few plain values and the language, and a day's mails repeat the
# same few hundred combinations over tens of thousands of rows: each is translated once.
_memoized = functools.lru_cache(maxsize=4096)


def status_text(days_late: int, *, has_deadline: bool = True, language: str | None = None) -> str:
    """Return "Quá hạn 5 ngày", "Đến hạn hôm nay" or "Còn 3 ngày" (in `language`, default the active one)."""
    return _status_text(days_late, has_deadline, language or get_language())


@_memoized
def _status_text(days_late: int, has_deadline: bool, language: str) -> str:
    if not has_deadline:
        return _("Không có thời hạn")
    if days_late > 0:
        return ngettext("Quá hạn %(n)d ngày", "Quá hạn %(n)d ngày", days_late) % {"n": days_late}
    if days_late == 0:
        return _("Đến hạn hôm nay")
    return ngettext("Còn %(n)d ngày", "Còn %(n)d ngày", -days_late) % {"n": -days_late}


def escalation_text(item, policy: ReminderPolicy, *, language: str | None = None) -> str:
    """Explain why an item reached someone other than its unit's head, or that it has been escalated.

    `item` is a planned item or a ledger line: reason, escalation_level, days_late, unit_name.
    """
    level = item.escalation_level
    return _escalation_text(
        level,
        item.unit_name if level else "",  # only an escalated line names its unit
        item.days_late,
        item.reason == Reason.LISTED,
        policy.escalate_to_parent_after_days,
        policy.escalate_to_inspectorate_after_days,
        language or get_language(),
    )


@_memoized
def _escalation_text(
    level: int,
    unit: str,
    days_late: int,
    listed: bool,
    parent: int,
    inspectorate: int,
    language: str,
) -> str:
    if level >= 2:
        return _(
            "Báo cáo Thanh tra: %(unit)s quá hạn %(n)d ngày, vượt mốc %(limit)d ngày theo quy định đôn đốc."
        ) % {"unit": unit, "n": days_late, "limit": inspectorate}
    if level == 1:
        return _(
            "Báo cáo lãnh đạo đơn vị cấp trên: %(unit)s quá hạn %(n)d ngày, vượt mốc %(limit)d ngày theo quy định đôn đốc."
        ) % {"unit": unit, "n": days_late, "limit": parent}
    if not listed and days_late >= inspectorate:
        return _(
            "Nhiệm vụ quá hạn trên %(limit)d ngày nên đã được báo cáo lãnh đạo cấp trên và Thanh tra."
        ) % {"limit": inspectorate}
    if not listed and days_late >= parent:
        return _(
            "Nhiệm vụ quá hạn trên %(limit)d ngày nên đã được báo cáo lãnh đạo đơn vị cấp trên."
        ) % {"limit": parent}
    return ""


def action_text(item, *, language: str | None = None) -> str:
    """Say what the recipient should do about the item (a planned item or a ledger line)."""
    level = item.escalation_level
    return _action_text(
        level,
        item.unit_name if level == 1 else "",  # only a line escalated to the parent names its unit
        item.deadline is None,
        item.days_late > 0,
        language or get_language(),
    )


@_memoized
def _action_text(level: int, unit: str, no_deadline: bool, late: bool, language: str) -> str:
    if level >= 2:
        return _(
            "Xem xét, đôn đốc đơn vị và kiểm tra trách nhiệm người đứng đầu đối với việc chậm thực hiện."
        )
    if level == 1:
        return _("Chỉ đạo %(unit)s khẩn trương hoàn thành và báo cáo kết quả.") % {"unit": unit}
    if no_deadline:
        return _("Tổ chức thực hiện và báo cáo kết quả theo yêu cầu.")
    if late:
        return _(
            "Khẩn trương hoàn thành và gửi báo cáo kết quả trên hệ thống; nếu không thể hoàn thành, "
            "đề nghị gia hạn và nêu rõ lý do."
        )
    return _("Hoàn thành và gửi báo cáo kết quả trên hệ thống trước hạn.")


def notification_text(notification) -> str:
    """Return the bell's one-line sentence for a notification (its delivery and recipient loaded)."""
    delivery = notification.delivery
    n = notification.items
    if delivery.kind == delivery.Kind.MANUAL:
        text = ngettext(
            "Thanh tra đôn đốc %(n)d nhiệm vụ.", "Thanh tra đôn đốc %(n)d nhiệm vụ.", n
        ) % {"n": n}
    elif notification.units:
        text = ngettext(
            "Đồng gửi thư nhắc việc ngày %(day)s gửi %(recipient)s: %(n)d nhiệm vụ của đơn vị bạn theo dõi.",
            "Đồng gửi thư nhắc việc ngày %(day)s gửi %(recipient)s: %(n)d nhiệm vụ của đơn vị bạn theo dõi.",
            n,
        ) % {"day": f"{delivery.day:%d/%m/%Y}", "recipient": delivery.recipient, "n": n}
    else:
        text = ngettext(
            "Nhắc việc ngày %(day)s: %(n)d nhiệm vụ đến mốc nhắc.",
            "Nhắc việc ngày %(day)s: %(n)d nhiệm vụ đến mốc nhắc.",
            n,
        ) % {"day": f"{delivery.day:%d/%m/%Y}", "n": n}
    details = []
    if notification.overdue:
        details.append(
            ngettext("%(n)d quá hạn", "%(n)d quá hạn", notification.overdue)
            % {"n": notification.overdue}
        )
    if notification.escalated:
        details.append(
            ngettext("%(n)d báo cáo cấp trên", "%(n)d báo cáo cấp trên", notification.escalated)
            % {"n": notification.escalated}
        )
    if details:
        text += " " + _("Trong đó: %(details)s.") % {"details": "; ".join(details)}
    return text
