"""Log in as a demo user through the full middleware stack and GET the home page; exit 1 on failure."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcts.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from accounts.testing import totp_code  # noqa: E402
from directives.demo_accounts import DEMO_ACCOUNTS  # noqa: E402

username, password, _role = DEMO_ACCOUNTS[0]
client = Client()
response = client.post(
    reverse("accounts:login"), {"username": username, "password": password}, secure=True
)
if response.status_code != 302:
    sys.exit(f"smoke: login as {username} answered {response.status_code}")
# Inspectorate staff must use 2FA: enrol on the first sign-in (as a person would, the app's
# code computed from the secret the page shows), or give the code of the enrolled app.
second = client.get(reverse("directives:home"), secure=True, follow=True).redirect_chain[-1][0]
step = "enrol" if reverse("accounts:enrol") in second else "verify"
device = TOTPDevice.objects.filter(user__username=username, confirmed=step == "verify").last()
response = client.post(
    reverse(f"accounts:{step}"), {"code": totp_code(device)}, secure=True, follow=True
)
if response.status_code != 200:
    sys.exit(f"smoke: the 2FA {step} step answered {response.status_code}")
response = client.get(reverse("directives:home"), secure=True, follow=True)
if response.status_code != 200 or "PCTS" not in response.content.decode():
    sys.exit(f"smoke: home answered {response.status_code}")
if any("/dang-nhap/" in url or "/tai-khoan/" in url for url, _status in response.redirect_chain):
    sys.exit("smoke: still sent to a sign-in step after the 2FA step")
print(f"smoke: logged in as {username} ({step}), home page 200 ({len(response.content)} bytes)")
