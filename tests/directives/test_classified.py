"""Confidential means confidential: a marker typed into every free-text field of a classified
directive, through every service and view, shows on no page, export, mail, search or database row.
"""

import datetime
import io
import re
import zipfile

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from pypdf import PdfReader

from directives import reminders, services
from directives.models import (
    Assignment,
    Attachment,
    Directive,
    Notification,
    ProgressReport,
    Task,
)
from tests.directives.assignment_helpers import client_for, pdf
from tests.directives.reminder_helpers import celery_app, morning, ran_on

pytestmark = pytest.mark.django_db

MARKER = "SECRET-MARKER-7731"
DAY = datetime.date(2026, 3, 2)
SYMBOL = "902/KH-TTTP"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(morning(DAY), tick=False):
        yield


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def url(name, *args):
    return reverse(f"directives:{name}", args=args)


def registration(**fields):
    return {
        "raw_symbol": SYMBOL,
        "issued_on": "05/01/2026",
        "issuer_name": "Thanh tra thành phố",
        "signer": MARKER,
        "summary": f"{MARKER} kế hoạch thanh tra",
        "is_classified": "on",
        "tracking_officer": "",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "30",
        **fields,
    }


class World:
    """The classified directive, its assignments, and every page the actions answered."""

    def __init__(self):
        self.answers: list[str] = []

    def post(self, client, path, data=None, **kwargs):
        response = client.post(path, data or {}, follow=True, **kwargs)
        assert response.status_code == 200, (path, response.status_code)
        self.answers.append(response.content.decode())
        return response


@pytest.fixture
def world(
    inspector,
    unit_a,
    unit_b,
    head_a,
    focal_a,
    head_b,
    leader,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    """A classified directive into which every service and view was asked to write MARKER."""
    w = World()
    staff = client_for(inspector)

    # Registration: body and files are refused, the summary and signer are not kept.
    refused = staff.post(url("directive-create"), registration(body=MARKER))
    assert "Văn bản mật không được lưu nội dung hoặc tệp" in refused.content.decode()
    refused = staff.post(url("directive-create"), registration(attachments=[pdf(f"{MARKER}.pdf")]))
    assert "Văn bản mật không được lưu nội dung hoặc tệp" in refused.content.decode()
    w.post(staff, url("directive-create"), registration())
    w.directive = directive = Directive.objects.get(symbol=SYMBOL)

    # Editing, through the page and the service.
    w.post(
        staff,
        url("directive-edit", directive.pk),
        {
            "issued_on": "05/01/2026",
            "issuer_name": "Thanh tra thành phố",
            "signer": MARKER,
            "summary": MARKER,
            "body": MARKER,
            "tracking_officer": "",
        },
    )
    services.directive_update(
        actor=inspector, directive=directive, summary=MARKER, signer=MARKER, body=MARKER
    )

    # Tasks: title, description and a deadline phrase carrying the marker.
    w.post(
        staff,
        url("task-create", directive.pk),
        {
            "title": MARKER,
            "description": MARKER,
            "lead_unit": unit_a.pk,
            "coordinating_units": [unit_b.pk],
            "deadline_text": f"chậm nhất ngày 05/03/2026 {MARKER}",
        },
    )
    second = services.task_create(
        actor=inspector,
        directive=directive,
        title=MARKER,
        description=MARKER,
        lead_unit=unit_a,
        deadline_text=f"thường xuyên {MARKER}",
    )
    services.assignment_add(
        actor=inspector,
        task=second,
        unit=unit_b,
        role=Assignment.Role.COORDINATING,
        deadline_text=f"trước ngày 31/12/2026 {MARKER}",
    )
    w.lead = lead = Assignment.objects.get(task__position=1, unit=unit_a)
    w.part = part = Assignment.objects.get(task__position=1, unit=unit_b)

    # Reports: the page offers no text or file field; the service refuses files.
    w.post(
        client_for(focal_a),
        url("report-submit", lead.pk),
        {
            "body": MARKER,
            "milestone": MARKER,
            "percent": "40",
            "submission_token": "6b1f3c1e-58a5-4d8a-9a53-0f8f2a0d7731",
            "files": [pdf(f"{MARKER}.pdf")],
        },
    )
    with pytest.raises(ValidationError) as caught:
        services.report_submit(
            actor=head_a, assignment=lead, body=MARKER, files=[pdf(f"{MARKER}.pdf")]
        )
    assert "Văn bản mật: không được tải tệp lên hệ thống" in caught.value.messages[0]
    claim = services.report_submit(
        actor=head_a, assignment=lead, body=MARKER, milestone=MARKER, claims_completion=True
    )
    w.post(staff, url("report-review", claim.pk), {"decision": "return", "reason": MARKER})

    # Extensions: asked and refused through the pages, asked and approved through the services.
    w.post(
        client_for(head_b),
        url("extension-request", part.pk),
        {"requested_deadline": "31/03/2026", "reason": MARKER},
    )
    [asked] = part.extension_requests.all()
    w.post(staff, url("extension-decide", asked.pk), {"decision": "reject", "note": MARKER})
    again = services.extension_request(
        actor=head_b, assignment=part, requested_deadline=datetime.date(2026, 3, 31), reason=MARKER
    )
    services.extension_decide(actor=inspector, request=again, approve=True, note=MARKER)

    # A cancellation and a manual đôn đốc, each with its own words.
    cancelled = second.assignments.get(unit=unit_b)
    w.post(staff, url("assignment-cancel", cancelled.pk), {"reason": MARKER})
    with celery_app(eager=True), django_capture_on_commit_callbacks(execute=True):
        w.post(staff, url("assignment-remind", lead.pk), {"note": MARKER})
        w.post(staff, url("directive-remind", directive.pk), {"note": MARKER, "send_anyway": "on"})

    # The morning digest.
    ran_on(DAY - datetime.timedelta(days=1))
    assert reminders.run_for_day(DAY).sent >= 1
    w.mails = list(mailoutbox)
    return w


# --------------------------------------------------------------------------- where it could show


def pages_of(world, user) -> dict[str, str]:
    """Every page `user` can open about the directive, its tasks, reports and notifications."""
    client = client_for(user)
    paths = [
        "/",
        url("inbox"),
        url("inbox") + "?closed=1",
        url("assignment-list"),
        url("directive-list"),
        url("directive-detail", world.directive.pk),
        url("review-queue"),
        url("notification-list"),
        reverse("directives:dashboard") + "?role=all",
        reverse("directives:dashboard-list") + "?role=all",
        url("directive-edit", world.directive.pk),
        url("task-create", world.directive.pk),
    ]
    for assignment in Assignment.objects.filter(task__directive=world.directive):
        paths += [
            url("assignment-detail", assignment.pk),
            url("report-submit", assignment.pk),
            url("extension-request", assignment.pk),
        ]
    paths += [url("notification-detail", n.pk) for n in Notification.objects.filter(user=user)]
    found = {}
    for path in paths:
        response = client.get(path, follow=True)
        if response.status_code == 200:
            found[path] = response.content.decode()
    return found


def exports_of(user) -> dict[str, str]:
    """The text of every export the user can download."""
    client = client_for(user)
    found = {}
    for path in (
        "/tong-hop/xuat.xlsx?role=all",
        "/tong-hop/xuat.pdf?role=all",
        "/tong-hop/danh-sach/xuat.xlsx?role=all",
        "/tong-hop/danh-sach/xuat.pdf?role=all",
        "/tong-hop/danh-sach/xuat.csv?role=all",
    ):
        response = client.get(path)
        if response.status_code != 200:
            continue
        content = b"".join(response.streaming_content)
        if path.split("?")[0].endswith(".xlsx"):
            with zipfile.ZipFile(io.BytesIO(content)) as book:
                text = "".join(book.read(name).decode() for name in book.namelist())
        elif ".pdf" in path:
            # Table cells wrap: compare the text with its line breaks and spaces taken out.
            pages = PdfReader(io.BytesIO(content)).pages
            text = re.sub(r"\s+", "", "".join(page.extract_text() for page in pages))
        else:
            text = content.decode("utf-8-sig")
        found[path] = text
    return found


def rows_holding(marker: str) -> list[str]:
    """Return table.column for every text column of every table that holds `marker`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.table_name, c.column_name FROM information_schema.columns c"
            " JOIN information_schema.tables t USING (table_schema, table_name)"
            " WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'"
            " AND (c.data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY'))"
        )
        columns = cursor.fetchall()
        holding = []
        for table, column in columns:
            cursor.execute(
                f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE %s', [f"%{marker}%"]
            )
            if cursor.fetchone()[0]:
                holding.append(f"{table}.{column}")
    return holding


PERSONAS = ["inspector", "leader", "admin_user", "head_a", "focal_a", "head_b"]


def test_the_actions_answered_with_pages_that_keep_the_secret(world):
    assert [page for page in world.answers if MARKER in page] == []


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_shows_the_secret(world, persona, request):
    pages = pages_of(world, request.getfixturevalue(persona))
    assert len(pages) > 5
    assert [path for path, html in pages.items() if MARKER in html] == []


def test_the_directive_page_shows_its_metadata_and_the_placeholders(world, head_a):
    html = client_for(head_a).get(url("directive-detail", world.directive.pk)).content.decode()
    assert SYMBOL in html and "05/01/2026" in html and "Thanh tra thành phố" in html
    assert "Văn bản mật – hồ sơ giấy" in html and "Nhiệm vụ 1" in html
    report_page = client_for(head_a).get(url("assignment-detail", world.lead.pk)).content.decode()
    assert "Nội dung lưu tại hồ sơ giấy (văn bản mật)." in report_page
    assert "“05/03/2026”" in report_page


@pytest.mark.parametrize("persona", ["inspector", "leader", "head_a"])
def test_no_export_shows_the_secret(world, persona, request):
    exports = exports_of(request.getfixturevalue(persona))
    assert len(exports) == 5
    assert [path for path, text in exports.items() if MARKER in text] == []
    assert any("Nhiệmvụ1" in text or "Nhiệm vụ 1" in text for text in exports.values())


def test_no_mail_shows_the_secret(world):
    kinds = {mail.extra_headers["X-PCTS-Reminder"].split(":")[0] for mail in world.mails}
    assert len(world.mails) >= 3 and len(kinds) >= 2, kinds  # manual đôn đốc and digest
    for mail in world.mails:
        texts = [mail.subject, mail.body, *(c for c, _type in mail.alternatives)]
        texts += [str(value) for value in mail.extra_headers.values()]
        assert all(MARKER not in text for text in texts), mail.subject
    assert any("Nhiệm vụ 1" in mail.body for mail in world.mails)


@pytest.mark.parametrize("persona", ["inspector", "leader", "head_a"])
def test_no_search_finds_it_by_a_word_of_its_secret(world, persona, request):
    client = client_for(request.getfixturevalue(persona))
    listed = f'href="{world.directive.get_absolute_url()}">{SYMBOL}<'
    assert listed not in client.get(url("directive-list"), {"q": MARKER}).content.decode()
    assert listed in client.get(url("directive-list"), {"q": "902 mat"}).content.decode()
    assert client.get(url("assignment-list"), {"q": MARKER}).context["page"].paginator.count == 0
    picker = client.get(reverse("directives:dashboard-directive-search"), {"q": MARKER}).json()
    assert picker["results"] == []
    picked = client.get(reverse("directives:dashboard-directive-search"), {"q": "902"})
    assert SYMBOL in picked.content.decode() and MARKER not in picked.content.decode()


def test_no_database_row_and_no_file_holds_the_secret(world, media_in_tmp):
    assert rows_holding(MARKER) == []
    assert not Attachment.objects.exists()
    assert not media_in_tmp.exists() or not any(p.is_file() for p in media_in_tmp.rglob("*"))


def test_what_is_kept_is_the_metadata_and_neutral_placeholders(world):
    directive = Directive.objects.get(pk=world.directive.pk)
    assert (directive.summary, directive.signer, directive.body) == (
        "Văn bản mật – hồ sơ giấy",
        "",
        "",
    )
    assert list(Task.objects.filter(directive=directive).values_list("title", "description")) == [
        ("Nhiệm vụ 1", ""),
        ("Nhiệm vụ 2", ""),
    ]
    texts = set(
        Assignment.objects.filter(task__directive=directive).values_list("deadline_text", flat=True)
    )
    assert texts == {"05/03/2026", "thường xuyên", "30/12/2026"}  # "trước ngày 31/12": by the 30th


# --------------------------------------------------------------------------- the database's own line


def test_the_database_refuses_free_text_on_a_classified_directive(world, head_a, inspector):
    refusals = [
        lambda: Directive.objects.filter(pk=world.directive.pk).update(summary=MARKER),
        lambda: Directive.objects.filter(pk=world.directive.pk).update(signer=MARKER),
        lambda: Task.objects.filter(directive=world.directive).update(title=MARKER),
        lambda: Task.objects.filter(directive=world.directive).update(description=MARKER),
        lambda: ProgressReport.objects.create(
            assignment=world.lead, submitted_by=head_a, submitted_on=DAY, body=MARKER
        ),
        lambda: Attachment.objects.create(
            file="attachments/x",
            original_name="x.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
            report=ProgressReport.objects.filter(assignment=world.lead).first(),
            uploaded_by=head_a,
        ),
        lambda: Attachment.objects.create(
            file="attachments/y",
            original_name="y.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
            directive=world.directive,
            uploaded_by=inspector,
        ),
    ]
    for refusal in refusals:
        with pytest.raises(IntegrityError), transaction.atomic():
            refusal()


def test_an_unclassified_directive_keeps_its_text(inspector, unit_a, head_a):
    directive = services.directive_create(
        actor=inspector,
        raw_symbol="903/KH-TTTP",
        issued_on=datetime.date(2026, 1, 5),
        summary="Kế hoạch công khai",
        signer="Nguyễn Văn A",
    )
    task = services.task_create(
        actor=inspector,
        directive=directive,
        title="Tự kiểm tra",
        description="Chi tiết",
        lead_unit=unit_a,
        deadline_text="chậm nhất ngày 05/03/2026",
    )
    report = services.report_submit(
        actor=head_a, assignment=task.assignments.get(), body="Đã làm", milestone="Bước 1"
    )
    assert (directive.summary, directive.signer) == ("Kế hoạch công khai", "Nguyễn Văn A")
    assert (task.title, task.description) == ("Tự kiểm tra", "Chi tiết")
    assert task.assignments.get().deadline_text == "chậm nhất ngày 05/03/2026"
    assert (report.body, report.milestone) == ("Đã làm", "Bước 1")


def admin_form_data(response) -> dict:
    """Return what the admin's change page would post back unchanged (main form and inlines)."""
    data = {}

    def add(form):
        for name in form.fields:
            value, key = form[name].value(), form.add_prefix(name)
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, datetime.date):
                data[key] = f"{value:%d/%m/%Y}"
            elif value is not None:
                data[key] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.forms:
            add(form)
    return data


def test_the_admin_keeps_only_the_metadata_of_a_classified_directive(inspector, unit_a, admin_user):
    directive = services.directive_create(
        actor=inspector, raw_symbol=SYMBOL, issued_on=DAY, summary="", is_classified=True
    )
    services.task_create(
        actor=inspector,
        directive=directive,
        title="x",
        lead_unit=unit_a,
        deadline_text="31/12/2026",
    )
    client = client_for(admin_user)
    change = reverse("admin:directives_directive_change", args=[directive.pk])
    data = admin_form_data(client.get(change))
    data.update({"summary": MARKER, "signer": MARKER, "tasks-0-title": MARKER})

    response = client.post(change, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    directive.refresh_from_db()
    assert (directive.summary, directive.signer) == ("Văn bản mật – hồ sơ giấy", "")
    assert list(directive.tasks.values_list("title", flat=True)) == ["Nhiệm vụ 1"]
    task_change = reverse("admin:directives_task_change", args=[directive.tasks.get().pk])
    data = admin_form_data(client.get(task_change))
    data.update({"title": MARKER, "description": MARKER})
    assert client.post(task_change, data).status_code == 302
    assert rows_holding(MARKER) == []
