"""Sign a persona in with a valid second factor, for tests, the browser journeys and the bench.

`verify_client(client, user)` marks a test client's session as verified with the user's
authenticator (made confirmed if missing), the state a real sign-in reaches after the code page;
`totp_code(device)` computes the code the user's app would show (for the real forms), taking
the next time step the device has not yet accepted, since each code works once.
"""

import time

from django.conf import settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.twofactor import AUTHENTICATOR_NAME, two_factor_required


def authenticator_for(user) -> TOTPDevice:
    """Return the user's confirmed authenticator, made now if the user has none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=True)


def totp_code(device: TOTPDevice, at: float | None = None) -> str:
    """Return a code `device` accepts now: this time step's, or the next unused one."""
    device.refresh_from_db()
    now = (int(time.time() if at is None else at) - device.t0) // device.step + device.drift
    step = max(now, device.last_t + 1)
    if step > now + device.tolerance:
        raise RuntimeError("every code of this time window has been used; wait for the next one")
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"


def verify_client(client, user) -> None:
    """Mark the client's signed-in session as verified by the user's authenticator."""
    device = authenticator_for(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    if settings.SESSION_COOKIE_NAME not in client.cookies:
        client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key


def verify_if_needed(client, user) -> None:
    """Verify the client's session when `user` must use 2FA or has an authenticator."""
    if two_factor_required(user) or TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        verify_client(client, user)


def force_login_verified(client, user, backend=None) -> None:
    """Log `user` in like `Client.force_login`, verified when the user must use 2FA."""
    client.force_login(user, backend=backend)
    verify_if_needed(client, user)
