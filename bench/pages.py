"""Measure pages in process through the whole middleware stack with Django's test client.

Each page is warmed up, its queries are counted on one request (CaptureQueriesContext), then
timed over `requests` more. Writes run inside a transaction that is rolled back, so every run
sees the same data. A page is also requested for a small case (a small unit's inbox, a
one-task directive) to show that its query count does not grow with the rows shown.
"""

import datetime
import re
import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.testing import force_login_verified
from directives.models import Assignment, ProgressReport
from units.models import User

WARMUP = 5
ASOF_DAYS_BACK = 90
# The pager says "Trang 3/120" (or "Page 3/120" in English).
_PAGES = re.compile(r"(?:Trang|Page)\s+(\d+)\s*/\s*(\d+)")


class PageError(RuntimeError):
    """A measured page answered something other than what it is for (error, 404, no write)."""


@dataclass
class Page:
    name: str
    user_id: int
    path: Callable[[int], str]  # request number -> path with query string
    method: str = "get"
    data: Callable[[int], dict] | None = None
    write_check: Callable[[dict], bool] | None = None
    small: "Page | None" = None
    expect: tuple = (200,)
    extra: dict = field(default_factory=dict)
    cache_off: bool = False  # the dashboard's counts computed on every request


def quantile(samples: list[float], q: float) -> float:
    """Return the q-quantile of samples (linear interpolation between closest ranks)."""
    ordered = sorted(samples)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def client_for(user_id: int) -> Client:
    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"), "localhost")
    client = Client(HTTP_HOST=host)
    # Staff and leaders must use 2FA: the session is verified as after the code page.
    force_login_verified(client, User.objects.get(pk=user_id))
    return client


def _request(client: Client, page: Page, i: int):
    """Send request number i; a write runs in a transaction rolled back after the response."""
    path = page.path(i)
    if page.method == "get":
        started = time.perf_counter()
        response = client.get(path, secure=True)
        return response, time.perf_counter() - started, None
    data = page.data(i)
    with transaction.atomic():
        started = time.perf_counter()
        response = client.post(path, data, secure=True)
        elapsed = time.perf_counter() - started
        written = page.write_check(data) if page.write_check else None
        transaction.set_rollback(True)
    return response, elapsed, written


def _check(page: Page, response, written) -> None:
    if response.status_code not in page.expect:
        raise PageError(
            f"{page.name}: {page.path(0)} answered {response.status_code}, expected {page.expect}"
        )
    if written is False:
        raise PageError(f"{page.name}: the POST answered {response.status_code} but stored nothing")


def count_queries(client: Client, page: Page, i: int = 0) -> int:
    with CaptureQueriesContext(connection) as captured:
        response, _elapsed, written = _request(client, page, i)
    _check(page, response, written)
    return len(captured.captured_queries)


def measure(page: Page, requests: int) -> dict:
    """Warm up, count queries, then time `requests` requests; return the page's metrics."""
    if page.cache_off:
        with override_settings(PCTS_DASHBOARD_CACHE_SECONDS=0):
            return _measure(page, requests)
    return _measure(page, requests)


def _measure(page: Page, requests: int) -> dict:
    client = client_for(page.user_id)
    for i in range(WARMUP):
        response, _elapsed, written = _request(client, page, i)
        _check(page, response, written)
    queries = count_queries(client, page, WARMUP)
    samples, size = [], 0
    for i in range(requests):
        response, elapsed, written = _request(client, page, WARMUP + 1 + i)
        _check(page, response, written)
        samples.append(elapsed * 1000)
        size = len(response.content)
    result = {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(quantile(samples, 0.95), 2),
        "queries": queries,
        "requests": requests,
        "status": response.status_code,
        "bytes": size,
        **page.extra,
    }
    if page.small is not None:
        small_client = client_for(page.small.user_id)
        for i in range(WARMUP):
            _request(small_client, page.small, i)
        result["queries_small"] = count_queries(small_client, page.small, WARMUP)
    return result


def page_count(client: Client, path: str) -> int:
    """Return how many pages a paginated list has, read from its "Trang n/total" pager."""
    response = client.get(path, secure=True)
    if response.status_code != 200:
        raise PageError(f"list: {path} answered {response.status_code}")
    return max((int(total) for _n, total in _PAGES.findall(response.content.decode())), default=1)


def build_pages(personas: dict) -> dict[str, Page]:
    """Describe every measured page from the personas the generator picked."""
    # All assignments (lead and coordinating) as of today; every other filter at its default.
    dashboard_path = reverse("directives:dashboard") + "?role=all"
    # The same, as it stood 90 days ago: the changed assignments read back from their history.
    asof_day = timezone.localdate() - datetime.timedelta(days=ASOF_DAYS_BACK)
    asof_path = f"{dashboard_path}&as_of={asof_day:%d/%m/%Y}"
    list_path = reverse("directives:assignment-list") + "?timeliness=overdue"
    pages = page_count(client_for(personas["inspector"]), list_path)
    deep = max(2, pages // 2)  # halfway through the overdue list
    report_ids = personas["report_assignments"]

    def report_data(i: int) -> dict:
        return {
            "body": f"Báo cáo tiến độ đo hiệu năng lần {i}: đã triển khai theo kế hoạch.",
            "percent": "50",
            "milestone": "",
            "submission_token": str(uuid.uuid4()),
        }

    def report_written(data: dict) -> bool:
        return ProgressReport.objects.filter(submission_token=data["submission_token"]).exists()

    detail = "directives:directive-detail"
    return {
        "dashboard": Page("dashboard", personas["leader"], lambda i: dashboard_path),
        "dashboard_asof": Page(
            "dashboard_asof",
            personas["leader"],
            lambda i: asof_path,
            extra={"as_of": asof_day.isoformat()},
        ),
        # The same two, counted on every request (the dashboard's cache switched off).
        "dashboard_cold": Page(
            "dashboard_cold", personas["leader"], lambda i: dashboard_path, cache_off=True
        ),
        "dashboard_asof_cold": Page(
            "dashboard_asof_cold",
            personas["leader"],
            lambda i: asof_path,
            extra={"as_of": asof_day.isoformat()},
            cache_off=True,
        ),
        "list_page1": Page(
            "list_page1",
            personas["inspector"],
            lambda i: list_path,
            extra={"page": 1, "pages": pages},
        ),
        "list_deep": Page(
            "list_deep",
            personas["inspector"],
            lambda i: f"{list_path}&page={deep}",
            extra={"page": deep, "pages": pages},
        ),
        "inbox": Page(
            "inbox",
            personas["big_head"],
            lambda i: reverse("directives:inbox"),
            small=Page(
                "inbox_small", personas["small_head"], lambda i: reverse("directives:inbox")
            ),
        ),
        "matrix": Page(
            "matrix",
            personas["inspector"],
            lambda i: reverse(detail, args=[personas["matrix_directive"]]),
            small=Page(
                "matrix_small",
                personas["inspector"],
                lambda i: reverse(detail, args=[personas["small_directive"]]),
            ),
        ),
        "report_submit": Page(
            "report_submit",
            personas["report_head"],
            lambda i: reverse("directives:report-submit", args=[report_ids[i % len(report_ids)]]),
            method="post",
            data=report_data,
            write_check=report_written,
            expect=(302, 303),
        ),
    }


def data_fingerprint() -> tuple[int, ...]:
    """Return counts that a leaked write (a report, a state change, a reminder row) would change."""
    from bench.mail import _ledger_tables

    with connection.cursor() as cursor:
        ledger = []
        for table in _ledger_tables():
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            ledger.append(cursor.fetchone()[0])
    return (
        ProgressReport.objects.count(),
        Assignment.objects.exclude(state="assigned").count(),
        *ledger,
    )
