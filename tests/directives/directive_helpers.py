"""Clients, URLs and form data for the tests of the inspectorate's directive screens."""

import datetime

from django.test import Client
from django.urls import reverse

HTTPS = {"X-Forwarded-Proto": "https"}
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
VIETNAM = datetime.timezone(datetime.timedelta(hours=7))


def client_for(user, **kwargs) -> Client:
    """Return a client logged in as `user`, speaking HTTPS as it would behind the TLS proxy."""
    client = Client(headers=HTTPS, **kwargs)
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def url(name, *args):
    return reverse(f"directives:{name}", args=args)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def create_form(**overrides):
    data = {
        "raw_symbol": "5046/UBND-TTTP",
        "issued_on": "18/09/2025",
        "issuer_name": "UBND thành phố",
        "signer": "Lê Quang Huy",
        "summary": "Triển khai Kế hoạch 160-KH/TU về phòng, chống tham nhũng",
        "body": "Giao các sở, ngành tổ chức tuyên truyền trong tháng 9/2023.",
        "tracking_officer": "",
        "links-TOTAL_FORMS": "2",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "30",
        "links-0-symbol": "",
        "links-0-issued_on": "",
        "links-0-kind": "implements",
        "links-1-symbol": "",
        "links-1-issued_on": "",
        "links-1-kind": "implements",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
