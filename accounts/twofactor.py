"""Two-factor authentication with django-otp: a TOTP authenticator app and backup codes.

Required for inspectorate staff, leaders and administrators (they enrol on their first sign-in),
optional for unit people (anyone who enrolled is asked for a code at every sign-in). A session
is verified once `django_otp.login` has stored the device that accepted a code; the middleware
(accounts/middleware.py) lets an unverified session reach only these pages.
"""

import base64
import re

import segno
from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit import security

Kind = security.Kind
AUTHENTICATOR_NAME = "authenticator"
BACKUP_NAME = "backup"
TOTP_SHAPE = re.compile(r"^[0-9]{6}$")


def two_factor_required(user) -> bool:
    """Say whether `user` must sign in with a second factor (staff, leaders, administrators)."""
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.is_staff or user.is_inspectorate or user.is_leader)
    )


def authenticator(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pending_authenticator(user) -> TOTPDevice:
    """Return the user's unconfirmed authenticator, made now if there is none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def secret_base32(device: TOTPDevice) -> str:
    """Return the secret as an authenticator app asks for it, in groups of four letters."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> str:
    """Return the device's otpauth:// address as an inline SVG QR code (drawn here, no CDN)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2)


def normalize_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def new_backup_codes(user, *, request=None) -> list[str]:
    """Replace the user's backup codes with a new set and return it (shown once)."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name=BACKUP_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(settings.PCTS_BACKUP_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
        security.record(Kind.BACKUP_CODES_NEW, request=request, user=user, count=len(codes))
    return codes


def confirm_enrolment(request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm `device` with a code from the app; return the new backup codes, or None.

    A confirmed device replaces any earlier authenticator of the user, and the session is
    verified with it at once.
    """
    user = request.user
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        if not device.verify_token(normalize_code(code)):
            security.record(Kind.OTP_FAILED, request=request, stage="enrolment")
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        security.record(Kind.OTP_ENROLLED, request=request, device=device.persistent_id)
        codes = new_backup_codes(user, request=request)
    request.session.cycle_key()  # a new session key on each authentication step
    otp_login(request, device)
    return codes


class Verification:
    """What a code did: the device that accepted it, or why it was refused."""

    def __init__(self, device=None, *, throttled: bool = False):
        self.device = device
        self.throttled = throttled

    @property
    def ok(self) -> bool:
        return self.device is not None

    @property
    def used_backup_code(self) -> bool:
        return isinstance(self.device, StaticDevice)


def check_code(user, code: str) -> Verification:
    """Check a code against the user's authenticator (6 digits) or backup codes (the rest).

    Each device throttles failures itself (django-otp doubles the wait after each), and a TOTP
    code is accepted once: the device keeps the last time step it accepted.
    """
    code = normalize_code(code)
    if not code:
        return Verification()
    model = TOTPDevice if TOTP_SHAPE.match(code) else StaticDevice
    with transaction.atomic():
        devices = model.objects.select_for_update().filter(user=user, confirmed=True)
        throttled = False
        for device in devices:
            allowed, _ = device.verify_is_allowed()
            if not allowed:
                throttled = True
                continue
            if device.verify_token(code):
                return Verification(device)
    return Verification(throttled=throttled)


def verify_session(request, code: str) -> Verification:
    """Verify the signed-in session with a code; record the success or the failure."""
    result = check_code(request.user, code)
    if not result.ok:
        security.record(Kind.OTP_FAILED, request=request, throttled=result.throttled)
        return result
    request.session.cycle_key()  # a new session key on each authentication step
    otp_login(request, result.device)
    if result.used_backup_code:
        security.record(
            Kind.BACKUP_CODE_USED, request=request, left=backup_codes_left(request.user)
        )
    else:
        security.record(Kind.OTP_VERIFIED, request=request)
    return result


def disable(request) -> None:
    """Remove every device of the signed-in user (only where 2FA is optional)."""
    user = request.user
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        security.record(Kind.OTP_DISABLED, request=request)
