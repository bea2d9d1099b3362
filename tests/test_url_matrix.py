"""Personas × every URL pattern, generated from the URL resolver so new views are covered at once.

Every URL that takes an object id is requested with another unit's object and must answer 404
(never 403, never 200); anonymous requests are sent to the login page; nothing answers 500.
The lead unit of a task reads its coordinating units' parts (200 to a GET of a read URL) and
writes nothing on them (404); another coordinating unit of the same task sees none of them.

The REST API (namespace "api", token authentication, no session) has its own matrix at the end:
every API URL with an id, with another unit's object, answers 404 to a unit's token; without a
token, 401.
"""

import datetime
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import SignIn
from api import tokens
from collection import services as collection_services
from collection.demo import load_example_form
from collection.models import Submission
from directives import services
from directives.models import Assignment, ExtensionRequest, ProgressReport
from directives.periods import PeriodKind, make_period
from directives.reminders import ledger as reminder_ledger
from documents.models import GeneratedDocument
from imports.models import ImportBatch, IntakeDraft
from ops import heartbeat
from periodic import services as periodic_services

PUBLIC = {
    "accounts:login",
    "accounts:password-reset",
    "accounts:password-reset-done",
    "accounts:password-reset-confirm",
    "accounts:password-reset-complete",
    "units:healthz",
    "ops:readyz",
    "set_language",
}
# Which object a URL's id names; a new URL with an id must be added here (a test checks it).
OBJECT_FOR_URL = {
    "directives:directive-detail": "directive",
    "directives:directive-edit": "directive",
    "directives:directive-link-add": "directive",
    "directives:task-create": "directive",
    "directives:task-edit": "task",
    "directives:assignment-confirm-deadline": "assignment",
    "directives:assignment-detail": "assignment",
    "directives:report-submit": "assignment",
    "directives:extension-request": "assignment",
    "directives:report-review": "report",
    "directives:extension-decide": "extension",
    "directives:attachment-download": "attachment",
    "directives:assignment-remind": "assignment",
    "directives:assignment-cancel": "assignment",
    "directives:unit-remind": "unit",
    "directives:directive-remind": "directive",
    "directives:notification-detail": "notification",
    "documents:urge-letter": "directive",
    "documents:periodic-report": "directive",
    "documents:download": "generated",
    "accounts:session-end": "sign_in",
    "apitokens:token-revoke": "token",
    "periodic:series-create": "directive",
    "periodic:template-apply": "directive",
    "periodic:series-detail": "series",
    "periodic:occurrence-skip": "occurrence",
    "periodic:occurrence-reschedule": "occurrence",
    "periodic:nothing-to-report": "occurrence_assignment",
    "imports:batch-detail": "batch",
    "imports:batch-progress": "batch",
    "imports:batch-mapping": "batch",
    "imports:batch-apply": "batch",
    "imports:batch-undo": "batch",
    "imports:batch-errors": "batch",
    "imports:intake-review": "intake",
    "imports:intake-progress": "intake",
    "collection:round-detail": "round",
    "collection:round-close": "round",
    "collection:round-consolidated": "round",
    "collection:submission-review": "submission",
    "collection:submission-detail": "submission",
    "collection:submission-nothing": "submission",
    "collection:submission-template": "submission",
    "collection:submission-upload": "submission",
    "collection:submission-version-file": "submission",
}
EXTRA_KWARGS = {
    "fmt": "xlsx",
    "uidb64": "MQ",
    "token": "abc-def",
    "kind": "urge_letter",
    "number": 1,
}


def iter_patterns(resolvers=None, namespace=None, prefix=""):
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns in ("admin", "api"):  # the admin; the REST API has its own matrix below
                continue
            yield from iter_patterns(entry.url_patterns, ns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, entry.pattern.converters


ALL_URLS = sorted({(name, tuple(sorted(conv))) for name, conv in iter_patterns()})
ID_URLS = [name for name, params in ALL_URLS if "pk" in params]
PLAIN_URLS = [name for name, params in ALL_URLS if "pk" not in params]


def build(name, pk=None, params=()):
    kwargs = {k: EXTRA_KWARGS[k] for k in params if k in EXTRA_KWARGS}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def world(
    db,
    inspector,
    unit_a,
    unit_b,
    head_a,
    head_b,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    """Two units, each with a directive, a task, a report with an attachment and an extension request."""
    settings.MEDIA_ROOT = tmp_path
    # A running installation: beat and the reminder sweep have just shown a heartbeat, so
    # /readyz answers 200 (its 503 when they have not is tested in tests/ops/test_health.py).
    heartbeat.record(heartbeat.BEAT)
    heartbeat.record(heartbeat.REMINDER_SWEEP)
    with django_capture_on_commit_callbacks(execute=True):  # files are written after commit
        return _world(inspector, unit_a, unit_b, head_a, head_b)


def _world(inspector, unit_a, unit_b, head_a, head_b):
    objects = {}
    report_round = collection_services.round_plan(
        form=load_example_form(),
        period=make_period(PeriodKind.REPORT_QUARTER, 2027, 1),
        units=[unit_a, unit_b],
        today=datetime.date(2027, 1, 5),
    )
    for code, unit, head in (("a", unit_a, head_a), ("b", unit_b, head_b)):
        directive = services.directive_create(
            actor=inspector,
            raw_symbol=f"{10 if code == 'a' else 20}/KH-UBND",
            issued_on=datetime.date(2026, 1, 5),
            summary=f"Kế hoạch {code}",
        )
        task = services.task_create(
            actor=inspector,
            directive=directive,
            title=f"Nhiệm vụ {code}",
            lead_unit=unit,
            deadline_text="31/12/2026",
        )
        assignment = task.assignments.get()
        pdf = SimpleUploadedFile(
            "bao-cao.pdf",
            b"%PDF-1.4\n%test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
            content_type="application/pdf",
        )
        report = services.report_submit(
            actor=head, assignment=assignment, body="Tiến độ", percent=10, files=[pdf]
        )
        extension = services.extension_request(
            actor=head,
            assignment=assignment,
            requested_deadline=datetime.date(2027, 3, 31),
            reason="Khối lượng lớn",
        )
        [mail] = reminder_ledger.manual_reminder_send(
            actor=inspector, assignments=Assignment.objects.filter(pk=assignment.pk)
        )
        objects[code] = {
            "directive": directive,
            "task": task,
            "assignment": assignment,
            "report": report,
            "extension": extension,
            "attachment": report.attachments.get(),
            "unit": unit,
            "notification": mail.notifications.get(user=head),
            "generated": generated(inspector, directive),
            # A session of the unit's head (another browser): only the head may end it.
            "sign_in": SignIn.objects.create(user=head, session_key=f"matrix-session-{code}"),
            "token": tokens.token_create(actor=head, user=head, name=f"VPĐT {code}", days=30)[0],
            **periodic_objects(inspector, directive, unit),
            **import_objects(inspector),
            **collection_objects(report_round, unit, head),
        }
    return objects


def sent_submission(report_round, unit, head) -> Submission:
    """Return the unit's submission of the round, sent once with an Excel file (version 1)."""
    submission = report_round.submissions.get(unit=unit)
    return collection_services.submission_save(
        actor=head,
        submission=submission,
        values={},
        send=True,
        file=ContentFile(b"PK\x03\x04", name="bao-cao.xlsx"),
        file_name="bao-cao.xlsx",
    )


def collection_objects(report_round, unit, head) -> dict:
    """Return the round asked of both units and the unit's submission, sent once."""
    return {"round": report_round, "submission": sent_submission(report_round, unit, head)}


def periodic_objects(inspector, directive, unit, coordinating=()) -> dict:
    """Return a quarterly task led by `unit`, its current period and the unit's part of it."""
    recurrence = periodic_services.recurrence_create(
        actor=inspector,
        directive=directive,
        title="Báo cáo công tác PCTN theo quý",
        lead_unit=unit,
        coordinating_units=list(coordinating),
        cadence="quarterly",
    )
    occurrence = recurrence.occurrences.get(status="open")
    return {
        "series": recurrence.task,
        "occurrence": occurrence,
        "occurrence_assignment": occurrence.task.assignments.get(
            unit=coordinating[0] if coordinating else unit
        ),
    }


def import_objects(inspector) -> dict:
    """Return an import batch and an intake draft: the inspectorate's, nobody else's."""
    return {
        "batch": ImportBatch.objects.create(
            original_name="theo-doi.xlsx", sha256="0" * 64, created_by=inspector, state="checked"
        ),
        "intake": IntakeDraft.objects.create(created_by=inspector, method="pasted", text="x"),
    }


def generated(inspector, directive) -> GeneratedDocument:
    """Return a document generated for `directive` (its file need not exist for the matrix)."""
    return GeneratedDocument.objects.create(
        kind="urge_letter",
        format="docx",
        directive=directive,
        title="Công văn đôn đốc",
        file="documents/none",
        original_name="cong-van.docx",
        size=1,
        sha256="0" * 64,
        generated_by=inspector,
    )


def _pdf(name="bao-cao.pdf"):
    return SimpleUploadedFile(
        name,
        b"%PDF-1.4\n%test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
        content_type="application/pdf",
    )


@pytest.fixture
def shared_task(
    world,
    inspector,
    unit_a,
    unit_b,
    head_b,
    make_unit,
    make_user,
    city,
    django_capture_on_commit_callbacks,
):
    """A task led by unit A with units B and C coordinating; B has reported with a file and asked for time."""
    with django_capture_on_commit_callbacks(execute=True):  # files are written after commit
        return _shared_task(inspector, unit_a, unit_b, head_b, make_unit, make_user, city)


def _shared_task(inspector, unit_a, unit_b, head_b, make_unit, make_user, city):
    unit_c = make_unit("Sở Xây dựng", parent=city, code="SXD")
    head_c = make_user("gd.c", unit=unit_c, role="head")
    directive = services.directive_create(
        actor=inspector,
        raw_symbol="30/KH-UBND",
        issued_on=datetime.date(2026, 1, 5),
        summary="Kế hoạch chung",
    )
    task = services.task_create(
        actor=inspector,
        directive=directive,
        title="Nhiệm vụ chung",
        lead_unit=unit_a,
        coordinating_units=[unit_b, unit_c],
        deadline_text="31/12/2026",
    )
    part = task.assignments.get(unit=unit_b)
    report = services.report_submit(
        actor=head_b, assignment=part, body="Phần phối hợp", percent=50, files=[_pdf()]
    )
    extension = services.extension_request(
        actor=head_b,
        assignment=part,
        requested_deadline=datetime.date(2027, 3, 31),
        reason="Chờ số liệu",
    )
    [mail] = reminder_ledger.manual_reminder_send(
        actor=inspector, assignments=Assignment.objects.filter(pk=part.pk)
    )
    return {
        "directive": directive,
        "task": task,
        "assignment": part,
        "report": report,
        "extension": extension,
        "attachment": report.attachments.get(),
        "unit": unit_b,
        "notification": mail.notifications.get(user=head_b),
        "generated": generated(inspector, directive),
        "sign_in": SignIn.objects.create(user=head_b, session_key="matrix-session-shared"),
        "token": tokens.token_create(actor=head_b, user=head_b, name="VPĐT", days=30)[0],
        **periodic_objects(inspector, directive, unit_a, [unit_b]),
        **import_objects(inspector),
        "submission": Submission.objects.get(unit=unit_b),
        "round": Submission.objects.get(unit=unit_b).round,
        "head_c": head_c,
    }


# What the lead unit reads of a coordinating unit's part (GET answers 200); every other URL is a
# write or not theirs, and answers 404 (405 to a GET of a POST-only view).
LEAD_READS = {
    "directives:assignment-detail",
    "directives:attachment-download",
    "directives:directive-detail",
}


def test_the_lead_unit_reads_the_coordinating_units_part_and_writes_nothing(
    client, shared_task, head_a
):
    client.force_login(head_a)
    failures = []
    for name in ID_URLS:
        url = build(name, shared_task[OBJECT_FOR_URL[name]].pk, params_of(name))
        got, posted = client.get(url).status_code, client.post(url).status_code
        if name in LEAD_READS:
            ok = got == 200 and posted in {404, 405}
        else:
            ok = got in {404, 405} and posted == 404
        if not ok:
            failures.append(f"{name}: GET {got}, POST {posted}")
    assert failures == []
    assert ProgressReport.objects.filter(assignment=shared_task["assignment"]).count() == 1
    assert ExtensionRequest.objects.filter(assignment=shared_task["assignment"]).count() == 1


def test_the_lead_unit_sees_the_coordinating_units_report_without_its_forms(
    client, shared_task, head_a
):
    client.force_login(head_a)
    part = shared_task["assignment"]
    html = client.get(part.get_absolute_url()).content.decode()
    assert "Phần phối hợp" in html
    assert shared_task["attachment"].get_absolute_url() in html
    for name in ("directives:report-submit", "directives:extension-request"):
        assert reverse(name, args=[part.pk]) not in html


def test_another_coordinating_unit_of_the_same_task_sees_nothing_of_its_partner(
    client, shared_task
):
    client.force_login(shared_task["head_c"])
    failures = []
    for name in ID_URLS:
        if OBJECT_FOR_URL[name] == "directive":
            continue  # the directive is theirs too
        url = build(name, shared_task[OBJECT_FOR_URL[name]].pk, params_of(name))
        if client.get(url).status_code not in {404, 405} or client.post(url).status_code != 404:
            failures.append(name)
    assert failures == []
    html = client.get(shared_task["directive"].get_absolute_url()).content.decode()
    assert "Sở Tài chính" not in html


def params_of(name):
    return dict(ALL_URLS)[name]


def test_the_resolver_finds_the_core_urls():
    assert {
        "directives:assignment-detail",
        "directives:directive-detail",
        "directives:attachment-download",
    } <= set(ID_URLS)
    assert len(ALL_URLS) >= 20


def test_every_url_with_an_id_says_which_object_it_names():
    assert set(ID_URLS) <= set(OBJECT_FOR_URL), set(ID_URLS) - set(OBJECT_FOR_URL)


def test_another_units_object_answers_404(client, world, head_a):
    client.force_login(head_a)
    failures = []
    for name in ID_URLS:
        url = build(name, world["b"][OBJECT_FOR_URL[name]].pk, params_of(name))
        # A POST-only view answers GET with 405 whatever the id, which reveals nothing.
        if client.get(url).status_code not in {404, 405} or client.post(url).status_code != 404:
            failures.append(name)
    assert failures == []


def test_outsider_gets_404_for_every_object(client, world, outsider):
    client.force_login(outsider)
    failures = []
    for name in ID_URLS:
        for code in ("a", "b"):
            url = build(name, world[code][OBJECT_FOR_URL[name]].pk, params_of(name))
            if client.get(url).status_code not in {404, 405} or client.post(url).status_code != 404:
                failures.append(f"{name} ({code})")
    assert failures == []


def test_an_id_that_does_not_exist_answers_404(client, world, inspector):
    client.force_login(inspector)
    failures = []
    for name in ID_URLS:
        missing = uuid.UUID(int=987654321) if name in UUID_IDS else 987654321
        url = build(name, missing, params_of(name))
        if client.get(url).status_code not in {404, 405} or client.post(url).status_code != 404:
            failures.append(name)
    assert failures == []


INSPECTORATE_ONLY = {
    "directives:directive-edit",
    "directives:directive-link-add",
    "directives:task-create",
    "directives:task-edit",
    "directives:assignment-confirm-deadline",
    "directives:assignment-remind",
    "directives:directive-remind",
    "directives:unit-remind",
    "directives:report-review",
    "directives:extension-decide",
    "directives:assignment-cancel",
    "documents:urge-letter",
    "documents:periodic-report",
    "documents:download",
    "periodic:series-create",
    "periodic:template-apply",
    "periodic:series-detail",
    "periodic:occurrence-skip",
    "periodic:occurrence-reschedule",
    "imports:batch-detail",
    "imports:batch-progress",
    "imports:batch-mapping",
    "imports:batch-apply",
    "imports:batch-undo",
    "imports:batch-errors",
    "imports:intake-review",
    "imports:intake-progress",
    "collection:round-detail",
    "collection:round-close",
    "collection:round-consolidated",
    "collection:submission-review",
}
# Ids that are UUIDs; POST-only views a unit person may use on their own objects.
UUID_IDS = {"accounts:session-end"}
POST_ONLY = {
    "accounts:session-end",
    "collection:submission-nothing",
    "collection:submission-upload",
}


def test_own_units_objects_are_readable_and_inspectorate_pages_are_not(client, world, head_a):
    client.force_login(head_a)
    failures = []
    for name in ID_URLS:
        response = client.get(build(name, world["a"][OBJECT_FOR_URL[name]].pk, params_of(name)))
        allowed = {404, 405} if name in INSPECTORATE_ONLY else {405} if name in POST_ONLY else {200}
        if response.status_code not in allowed:
            failures.append(f"{name}: {response.status_code}")
    assert failures == []


def test_anonymous_is_sent_to_login(client, world):
    failures = []
    for name, params in ALL_URLS:
        if name in PUBLIC or name == "accounts:logout":
            continue
        pk = world["a"][OBJECT_FOR_URL[name]].pk if name in OBJECT_FOR_URL else None
        for method in (client.get, client.post):
            response = method(build(name, pk, params))
            if not (
                response.status_code == 302 and reverse("accounts:login") in response["Location"]
            ):
                failures.append(f"{name}: {response.status_code}")
    assert failures == []


@pytest.mark.parametrize(
    "persona", ["inspector", "leader", "admin_user", "head_a", "focal_a", "outsider"]
)
def test_no_page_fails_or_answers_403_for_any_persona(client, world, persona, request):
    client.force_login(request.getfixturevalue(persona))
    failures = []
    for name, params in ALL_URLS:
        if name == "accounts:logout":
            continue
        pk = world["a"][OBJECT_FOR_URL[name]].pk if name in OBJECT_FOR_URL else None
        response = client.get(build(name, pk, params))
        if response.status_code >= 500 or response.status_code == 403:
            failures.append(f"{name}: {response.status_code}")
    assert failures == []


def test_post_without_csrf_token_is_refused(world, inspector):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(inspector)
    failures = []
    for name, params in ALL_URLS:
        if name in PUBLIC or name == "accounts:logout":
            continue
        pk = world["a"][OBJECT_FOR_URL[name]].pk if name in OBJECT_FOR_URL else None
        response = client.post(build(name, pk, params), {"x": "1"})
        if response.status_code not in {403, 405}:
            failures.append(f"{name}: {response.status_code}")
    assert failures == []
    assert ExtensionRequest.objects.count() == 2


# --------------------------------------------------------------------------- the REST API


def iter_api_patterns(resolvers=None, prefix=""):
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "api" or prefix:
                yield from iter_api_patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name and prefix:
            yield f"api:{entry.name}", tuple(sorted(entry.pattern.regex.groupindex))


API_URLS = sorted(set(iter_api_patterns()))
API_ID_URLS = [name for name, params in API_URLS if "pk" in params]
# Which object an API URL's id names; a new one must be added here (a test checks it).
API_OBJECT_FOR_URL = {
    "api:directive-detail": "directive",
    "api:task-detail": "task",
    "api:assignment-detail": "assignment",
    "api:assignment-reports": "assignment",
    "api:assignment-extensions": "assignment",
    "api:report-detail": "report",
    "api:report-review": "report",
    "api:extension-detail": "extension",
    "api:extension-decision": "extension",
    "api:unit-detail": "unit",
    "api:notification-detail": "notification",
}


def api_client_for(user):
    from rest_framework.test import APIClient

    client = APIClient()
    _token, key = tokens.token_create(actor=user, user=user, name="matrix", days=1)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_every_api_url_with_an_id_says_which_object_it_names():
    assert len(API_ID_URLS) >= 10
    assert set(API_ID_URLS) == set(API_OBJECT_FOR_URL), set(API_ID_URLS) ^ set(API_OBJECT_FOR_URL)


def test_another_units_object_answers_404_through_the_api(world, head_a):
    client = api_client_for(head_a)
    failures = []
    for name in API_ID_URLS:
        url = reverse(name, kwargs={"pk": world["b"][API_OBJECT_FOR_URL[name]].pk})
        got, posted = client.get(url).status_code, client.post(url, {}, format="json").status_code
        # A POST-only action answers GET with 405 whatever the id, which reveals nothing.
        if got not in {404, 405} or posted not in {404, 405}:
            failures.append(f"{name}: GET {got}, POST {posted}")
    assert failures == []
    assert ProgressReport.objects.count() == 2 and ExtensionRequest.objects.count() == 2


def test_the_lead_unit_reads_its_partners_part_through_the_api_and_writes_nothing(
    shared_task, head_a
):
    client = api_client_for(head_a)
    part = shared_task["assignment"]
    assert client.get(reverse("api:assignment-detail", kwargs={"pk": part.pk})).status_code == 200
    for name in ("api:assignment-reports", "api:assignment-extensions"):
        url = reverse(name, kwargs={"pk": part.pk})
        body = {"body": "Báo cáo thay", "requested_deadline": "2027-06-30", "reason": "Thử"}
        assert client.post(url, body, format="json").status_code == 404, name
    assert ProgressReport.objects.filter(assignment=part).count() == 1


def test_every_api_url_answers_401_without_a_token(client, world):
    failures = []
    for name, params in API_URLS:
        if name in ("api:schema", "api:docs"):
            continue  # the documentation is public; it holds no data
        kwargs = {"pk": world["a"][API_OBJECT_FOR_URL[name]].pk} if "pk" in params else None
        for method in (client.get, client.post):
            status = method(reverse(name, kwargs=kwargs)).status_code
            if status not in {401, 405}:
                failures.append(f"{name}: {status}")
    assert failures == []
