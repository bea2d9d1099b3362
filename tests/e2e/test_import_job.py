"""A large tracker is checked and applied by a real Celery worker; the page polls its progress."""

import pytest

from directives.models import Task
from imports.models import ImportBatch
from tests.directives.directive_helpers import client_for
from tests.directives.reminder_helpers import celery_app, free_port
from tests.e2e.reminder_rig import RedisServer, Worker, wait_until, worker_env
from tests.imports.helpers import row, upload, workbook_bytes

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    with celery_app(broker_url=server.url):
        started = Worker(
            tmp_path, "imports", worker_env(redis_url=server.url, smtp_port=free_port())
        ).start()
        yield started
        started.stop()
    server.stop()


def state_of(batch):
    return ImportBatch.objects.values_list("state", flat=True).get(pk=batch.pk)


def test_a_large_file_is_checked_and_applied_by_the_worker(
    worker, inspector, unit_a, unit_b, settings
):
    settings.PCTS_IMPORT_ASYNC_ROWS = 2
    rows = [row(title=f"Việc {n}", unit="Sở Tài chính" if n % 2 else "Sở Nội vụ") for n in range(6)]
    client = client_for(inspector)
    response = client.post("/nhap-du-lieu/", {"file": upload(workbook_bytes(rows))})
    batch = ImportBatch.objects.get()
    assert response["Location"] == batch.get_absolute_url()
    page = client.get(batch.get_absolute_url()).content.decode()
    assert state_of(batch) != "checking" or 'id="progress-bar"' in page

    wait_until(lambda: state_of(batch) == "checked", timeout=60, message=worker.output())
    progress = client.get(f"/nhap-du-lieu/{batch.pk}/tien-do/").json()
    assert (progress["done"], progress["total"], progress["busy"]) == (6, 6, False)

    client.post(f"/nhap-du-lieu/{batch.pk}/nhap/")
    wait_until(lambda: state_of(batch) == "applied", timeout=60, message=worker.output())
    assert Task.objects.count() == 6
