"""Admins upload their own DOCX template per kind; an unknown field is refused by name."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.docx import default_template
from documents.models import DocumentTemplate
from tests.documents.helpers import docx_text, open_docx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def template_with(line: str, kind: str = "urge_letter") -> bytes:
    """Return the shipped template of `kind` with one more paragraph, as an admin would edit it."""
    document = open_docx(default_template(kind))
    document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload(client, admin_user, data: bytes, kind="urge_letter"):
    client.force_login(admin_user)
    return client.post(
        reverse("admin:documents_documenttemplate_add"),
        {
            "kind": kind,
            "is_active": "on",
            "note": "",
            "file": SimpleUploadedFile("mau.docx", data),
        },
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Fax: {{ fax_number }}", "fax_number"),
        ("{% for unit in units %}{{ unit.fax }}{% endfor %}", "has no attribute &#x27;fax&#x27;"),
        ("{{ agency ", "sai cú pháp"),
    ],
)
def test_a_template_with_an_unknown_field_is_refused_naming_it(client, admin_user, line, message):
    response = upload(client, admin_user, template_with(line))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DocumentTemplate.objects.exists()


def test_a_file_that_is_no_docx_is_refused(client, admin_user):
    response = upload(client, admin_user, b"%PDF-1.4 not a template")
    assert "Không đọc được tệp mẫu: cần một tệp DOCX." in response.content.decode()


def test_the_admins_template_replaces_the_shipped_one_for_its_kind(
    client, admin_user, world, inspector, django_capture_on_commit_callbacks
):
    response = upload(client, admin_user, template_with("Mẫu riêng của {{ agency_name }}"))
    assert response.status_code == 302
    row = DocumentTemplate.objects.get()
    assert (row.original_name, row.uploaded_by) == ("mau.docx", admin_user)
    client.force_login(inspector)
    with django_capture_on_commit_callbacks(execute=True):
        letter = client.post(
            reverse("documents:urge-letter", args=[world.directive.pk]),
            {"fmt": "docx", "signing": "auto"},
        )
    assert "Mẫu riêng của Thanh tra Thành phố Hà Nội" in docx_text(open_docx(letter.content))
    row.is_active = False
    row.save()
    letter = client.post(
        reverse("documents:urge-letter", args=[world.directive.pk]),
        {"fmt": "docx", "signing": "auto"},
    )
    assert "Mẫu riêng" not in docx_text(open_docx(letter.content))


def test_the_admin_page_documents_the_fields_and_offers_the_shipped_templates(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("admin:documents_documenttemplate_add")).content.decode()
    for field in ("signing_form", "copies_to", "overdue_total", "unit_rows", "min_urges"):
        assert f"<code>{field}</code>" in page
    url = reverse("documents:default-template", args=["periodic_report"])
    assert url in page
    shipped = client.get(url)
    assert "{{ totals.overdue }}" in docx_text(open_docx(shipped.content))
