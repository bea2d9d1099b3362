"""Say what a reminder item is about, in the words the mail, the bell and the timeline share."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directives.models import ReminderItem, ReminderPolicy

Reason = ReminderItem.Reason


def status_text(days_late: int, *, has_deadline: bool = True) -> str:
    """Return "Quá hạn 5 ngày", "Đến hạn hôm nay" or "Còn 3 ngày"."""
    if not has_deadline:
        return _("Không có thời hạn")
    if days_late > 0:
        return ngettext("Quá hạn %(n)d ngày", "Quá hạn %(n)d ngày", days_late) % {"n": days_late}
    if days_late == 0:
        return _("Đến hạn hôm nay")
    return ngettext("Còn %(n)d ngày", "Còn %(n)d ngày", -days_late) % {"n": -days_late}


def escalation_text(item, policy: ReminderPolicy) -> str:
    """Explain why an item reached someone other than its unit's head, or that it has been escalated.

    `item` is a planned item or a ledger line: reason, escalation_level, days_late, unit_name.
    """
    level = item.escalation_level
    unit = item.unit_name
    if level >= 2:
        return _(
            "Báo cáo Thanh tra: %(unit)s quá hạn %(n)d ngày, vượt mốc %(limit)d ngày theo quy định đôn đốc."
        ) % {"unit": unit, "n": item.days_late, "limit": policy.escalate_to_inspectorate_after_days}
    if level == 1:
        return _(
            "Báo cáo lãnh đạo đơn vị cấp trên: %(unit)s quá hạn %(n)d ngày, vượt mốc %(limit)d ngày theo quy định đôn đốc."
        ) % {"unit": unit, "n": item.days_late, "limit": policy.escalate_to_parent_after_days}
    if (
        item.reason != Reason.LISTED
        and item.days_late >= policy.escalate_to_inspectorate_after_days
    ):
        return _(
            "Nhiệm vụ quá hạn trên %(limit)d ngày nên đã được báo cáo lãnh đạo cấp trên và Thanh tra."
        ) % {"limit": policy.escalate_to_inspectorate_after_days}
    if item.reason != Reason.LISTED and item.days_late >= policy.escalate_to_parent_after_days:
        return _(
            "Nhiệm vụ quá hạn trên %(limit)d ngày nên đã được báo cáo lãnh đạo đơn vị cấp trên."
        ) % {"limit": policy.escalate_to_parent_after_days}
    return ""


def action_text(item) -> str:
    """Say what the recipient should do about the item (a planned item or a ledger line)."""
    if item.escalation_level >= 2:
        return _(
            "Xem xét, đôn đốc đơn vị và kiểm tra trách nhiệm người đứng đầu đối với việc chậm thực hiện."
        )
    if item.escalation_level == 1:
        return _("Chỉ đạo %(unit)s khẩn trương hoàn thành và báo cáo kết quả.") % {
            "unit": item.unit_name
        }
    if item.deadline is None:
        return _("Tổ chức thực hiện và báo cáo kết quả theo yêu cầu.")
    if item.days_late > 0:
        return _(
            "Khẩn trương hoàn thành và gửi báo cáo kết quả trên hệ thống; nếu không thể hoàn thành, "
            "đề nghị gia hạn và nêu rõ lý do."
        )
    return _("Hoàn thành và gửi báo cáo kết quả trên hệ thống trước hạn.")


def notification_text(notification) -> str:
    """Return the bell's one-line sentence for a notification."""
    status = status_text(
        notification.days_late, has_deadline=notification.assignment.effective_deadline is not None
    )
    values = {"symbol": notification.assignment.task.directive.symbol, "status": status.lower()}
    if notification.reason == Reason.MANUAL:
        return _("Thanh tra đôn đốc nhiệm vụ theo %(symbol)s (%(status)s).") % values
    if notification.escalation_level:
        values["unit"] = notification.assignment.unit
        return _("Báo cáo cấp trên: %(unit)s chậm nhiệm vụ theo %(symbol)s (%(status)s).") % values
    return _("Nhắc việc: nhiệm vụ theo %(symbol)s %(status)s.") % values
