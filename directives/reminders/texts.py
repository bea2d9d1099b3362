"""Say what a reminder item is about, in the words the mail, the bell and the timeline share."""

import functools

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from directives.events import texts as event_texts
from directives.models import ReminderPolicy, ReminderReason

Reason = ReminderReason


def _once_per_language(sentence):
    """Memoize `sentence` on its plain arguments and the active language.

    A day's mails repeat the same few hundred combinations over tens of thousands of rows.
    """
    cached = functools.lru_cache(maxsize=4096)(lambda _language, *args: sentence(*args))
    return lambda *args: cached(get_language(), *args)


def status_text(line) -> str:
    """Return "Quá hạn 5 ngày", "Đến hạn hôm nay", "Còn 3 ngày" or "Không có thời hạn" for a reminder line."""
    return _status(line.days_late, line.deadline is not None)


@_once_per_language
def _status(days_late: int, has_deadline: bool) -> str:
    if not has_deadline:
        return _("Không có thời hạn")
    if days_late > 0:
        return ngettext("Quá hạn %(n)d ngày", "Quá hạn %(n)d ngày", days_late) % {"n": days_late}
    if days_late == 0:
        return _("Đến hạn hôm nay")
    return ngettext("Còn %(n)d ngày", "Còn %(n)d ngày", -days_late) % {"n": -days_late}


def escalation_text(line, policy: ReminderPolicy) -> str:
    """Explain why a line reached someone other than its unit's head, or that it has been escalated."""
    level = line.escalation_level
    return _escalation(
        level,
        line.unit_name if level else "",  # only an escalated line names its unit
        line.days_late,
        line.reason == Reason.LISTED,
        policy.escalate_to_parent_after_days,
        policy.escalate_to_inspectorate_after_days,
    )


@_once_per_language
def _escalation(
    level: int, unit: str, days_late: int, listed: bool, parent: int, inspectorate: int
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


def action_text(line) -> str:
    """Say what the recipient should do about a reminder line."""
    level = line.escalation_level
    return _action(
        level,
        line.unit_name if level == 1 else "",  # only a line escalated to the parent names its unit
        line.deadline is None,
        line.days_late > 0,
    )


@_once_per_language
def _action(level: int, unit: str, no_deadline: bool, late: bool) -> str:
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
    if notification.event_id:
        event = notification.event
        return ". ".join([event_texts.headline(event), *event_texts.details(event)]) + "."
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
