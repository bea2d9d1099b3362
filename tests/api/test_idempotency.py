"""Idempotency-Key: a retried POST gets the first answer; concurrent twins write once."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from api.models import IdempotencyKey
from directives.models import ProgressReport
from tests.directives.assignment_helpers import assign


def client_with(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.mark.django_db
def test_a_retry_with_the_same_key_gets_the_first_report(inspector, unit_a, head_a, key_for):
    part = assign(inspector, unit_a)
    client = client_with(key_for(head_a))
    url = f"/api/v1/assignments/{part.pk}/reports/"
    body = {"body": "Đã hoàn thành", "claims_completion": True}
    first = client.post(url, body, HTTP_IDEMPOTENCY_KEY="vpdt-4711")
    again = client.post(url, body, HTTP_IDEMPOTENCY_KEY="vpdt-4711")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert ProgressReport.objects.filter(assignment=part).count() == 1
    # Without the key, the same completion claim a second time is refused by the service.
    assert client.post(url, body).status_code == 400


@pytest.mark.django_db
def test_a_key_reused_for_another_request_answers_422(inspector, unit_a, head_a, key_for):
    part = assign(inspector, unit_a)
    client = client_with(key_for(head_a))
    url = f"/api/v1/assignments/{part.pk}/reports/"
    client.post(url, {"body": "Lần một"}, HTTP_IDEMPOTENCY_KEY="k1")
    response = client.post(url, {"body": "Lần hai, khác"}, HTTP_IDEMPOTENCY_KEY="k1")
    assert response.status_code == 422
    assert ProgressReport.objects.filter(assignment=part).count() == 1


@pytest.mark.django_db
def test_keys_belong_to_their_token(inspector, unit_a, head_a, key_for):
    part = assign(inspector, unit_a)
    url = f"/api/v1/assignments/{part.pk}/reports/"
    for key in (key_for(head_a), key_for(head_a)):
        client_with(key).post(url, {"body": "Cùng khóa, hai tích hợp"}, HTTP_IDEMPOTENCY_KEY="k")
    assert ProgressReport.objects.filter(assignment=part).count() == 2


@pytest.mark.django_db
def test_a_failed_write_stores_nothing_so_a_fixed_retry_goes_through(
    inspector, unit_a, head_a, key_for
):
    part = assign(inspector, unit_a)
    client = client_with(key_for(head_a))
    url = f"/api/v1/assignments/{part.pk}/reports/"
    assert (
        client.post(url, {"body": "x", "percent": 101}, HTTP_IDEMPOTENCY_KEY="k").status_code == 400
    )
    ok = client.post(url, {"body": "Đã rà soát", "percent": 50}, HTTP_IDEMPOTENCY_KEY="k")
    assert ok.status_code == 201
    assert IdempotencyKey.objects.get().status == 201


@pytest.mark.django_db(transaction=True)
def test_five_concurrent_posts_with_one_key_record_one_report_and_answer_alike(
    inspector, unit_a, head_a, key_for
):
    part = assign(inspector, unit_a)
    key = key_for(head_a)
    start = threading.Barrier(5)
    answers = []

    def post():
        try:
            start.wait()
            response = client_with(key).post(
                f"/api/v1/assignments/{part.pk}/reports/",
                {"body": "Đã rà soát 12 quy trình", "percent": 60},
                HTTP_IDEMPOTENCY_KEY="same-key",
            )
            answers.append((response.status_code, response.json()["id"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    report = ProgressReport.objects.get(assignment=part)
    assert answers == [(201, report.pk)] * 5


@pytest.mark.django_db
def test_keys_are_forgotten_after_the_window(inspector, unit_a, head_a, key_for, settings):
    import datetime

    import time_machine
    from django.utils import timezone

    from api import idempotency

    settings.PCTS_API_IDEMPOTENCY_HOURS = 24
    part = assign(inspector, unit_a)
    client = client_with(key_for(head_a))
    client.post(
        f"/api/v1/assignments/{part.pk}/reports/", {"body": "Một"}, HTTP_IDEMPOTENCY_KEY="k"
    )
    assert idempotency.prune() == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        assert idempotency.prune() == 1
    assert not IdempotencyKey.objects.exists()
