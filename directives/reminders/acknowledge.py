"""A reminder's recipient confirms receipt ("đã nhận"): a signed link in the mail, a button in the app.

The link carries a signed, timestamped token naming the ledger row and its recipient. Opening
it changes nothing; the page's button (a POST) records the time, once. A token that was tampered
with, has expired (PCTS_ACK_MAX_AGE_DAYS), or names someone else is refused and nothing is
recorded. The delivery log (the admin's reminder mail log) shows when each mail was confirmed.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from directives.models import ReminderDelivery

SALT = "pcts.reminder-acknowledge"


class Refused(Exception):
    """The token cannot acknowledge anything; the message tells the user why."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


@dataclass
class Receipt:
    delivery: ReminderDelivery
    already: bool  # it had been confirmed before


def token_for(delivery: ReminderDelivery) -> str:
    return signing.dumps({"d": delivery.pk, "u": delivery.recipient_id}, salt=SALT, compress=True)


def url_for(delivery: ReminderDelivery) -> str:
    return reverse("directives:reminder-acknowledge", args=[token_for(delivery)])


def delivery_for(token: str, user) -> ReminderDelivery:
    """The ledger row `token` names, when `user` is its recipient and the token is still valid."""
    max_age = datetime.timedelta(days=settings.PCTS_ACK_MAX_AGE_DAYS)
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise Refused(
            _(
                "Đường dẫn xác nhận đã hết hạn (sau %(days)s ngày). Mở thông báo trong PCTS để "
                "xác nhận."
            )
            % {"days": settings.PCTS_ACK_MAX_AGE_DAYS},
            410,
        ) from exc
    except signing.BadSignature as exc:
        raise Refused(
            _("Đường dẫn xác nhận không hợp lệ: hãy mở lại đúng đường dẫn trong thư."), 400
        ) from exc
    if data.get("u") != user.pk:
        # 404, as any object of someone else's answers: it reveals nothing.
        raise Refused(_("Thư này gửi cho người khác; chỉ người nhận thư mới xác nhận được."), 404)
    delivery = ReminderDelivery.objects.filter(pk=data.get("d"), recipient=user).first()
    if delivery is None:
        raise Refused(_("Không còn thư đôn đốc này."), 404)
    return delivery


def acknowledge(token: str, user) -> Receipt:
    """Record that `user` received the mail `token` names (once; a repeat changes nothing)."""
    delivery = delivery_for(token, user)
    done = ReminderDelivery.objects.filter(pk=delivery.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now()
    )
    delivery.refresh_from_db(fields=["acknowledged_at"])
    return Receipt(delivery=delivery, already=not done)
