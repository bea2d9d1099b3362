"""Build directives, tasks and assignments through the real services for the assignment-page tests."""

import datetime
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from directives import services

_numbers = itertools.count(100)

# The smallest bytes that sniff as a PDF: the magic number is what counts, not the name.
PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def make_directive(
    inspector,
    *,
    summary="Kế hoạch thực hiện công tác phòng, chống tham nhũng, tiêu cực năm 2026",
    issued_on=datetime.date(2026, 1, 5),
):
    return services.directive_create(
        actor=inspector,
        raw_symbol=f"{next(_numbers)}/KH-UBND",
        issued_on=issued_on,
        summary=summary,
    )


def assign(
    inspector,
    lead_unit,
    *,
    coordinating=(),
    deadline="31/12/2026",
    directive=None,
    title="Tự kiểm tra việc kê khai tài sản, thu nhập",
):
    """Create a task led by `lead_unit` and return the lead unit's assignment."""
    task = services.task_create(
        actor=inspector,
        directive=directive or make_directive(inspector),
        title=title,
        lead_unit=lead_unit,
        coordinating_units=coordinating,
        deadline_text=deadline,
    )
    return task.assignments.get(unit=lead_unit)


def pdf(name="Báo cáo tự kiểm tra.pdf", size=None):
    content = PDF_BYTES if size is None else PDF_BYTES + b"0" * (size - len(PDF_BYTES))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def client_for(user, **kwargs) -> Client:
    """Return a client logged in as `user` (anonymous for None), speaking HTTPS as behind the proxy."""
    # With debug off the site redirects plain HTTP; production sits behind a TLS proxy.
    client = Client(headers={"X-Forwarded-Proto": "https"}, **kwargs)
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def position(html: str, text: str) -> int:
    assert text in html, f"{text!r} is not on the page"
    return html.index(text)
