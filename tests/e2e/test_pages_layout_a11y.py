"""Each main page at 1366×768 and at 390 px: no sideways scroll of the page, no serious axe finding.

axe-core is vendored from npm under tests/e2e/vendor/axe-core (test-only, never served).
Screenshots go to var/screenshots/ (git-ignored) for a person to look at.
"""

import datetime
import json
import pathlib

import pytest
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from directives import services
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

AXE = (pathlib.Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()


@pytest.fixture
def work(inspector, unit_a, unit_b, head_a):
    directive = services.directive_create(
        actor=inspector,
        raw_symbol="160-KH/TU",
        issued_on=datetime.date(2025, 9, 6),
        summary="Kế hoạch thực hiện Kết luận của Tổng Bí thư về phòng, chống tham nhũng, tiêu cực",
    )
    task = services.task_create(
        actor=inspector,
        directive=directive,
        title="Tự kiểm tra việc kê khai tài sản, thu nhập và trách nhiệm của người đứng đầu",
        lead_unit=unit_a,
        coordinating_units=[unit_b],
        deadline_text="30/09/2026",
    )
    assignment = task.assignments.get(unit=unit_a)
    services.report_submit(
        actor=head_a, assignment=assignment, body="Đã tự kiểm tra xong.", claims_completion=True
    )
    return directive, assignment


def _sideways(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def _settle(page) -> None:
    """Give the charts their resize (Chart.js redraws on the next frames) before measuring."""
    try:
        page.wait_for_function(
            "() => document.documentElement.scrollWidth <= window.innerWidth", timeout=3000
        )
    except PlaywrightTimeout:
        pass  # measured and reported by the caller


def _wide(page) -> list[str]:
    """Name the elements reaching past the window (outside the frames that scroll themselves)."""
    return page.evaluate(
        "() => [...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
        ".filter(e => !e.closest('.matrix-frame, .table-responsive'))"
        ".slice(0, 5).map(e => e.tagName + '.' + e.className)"
    )


def _serious(page) -> list[str]:
    page.evaluate(AXE)
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))"
    )
    return found


def test_main_pages_fit_the_screen_and_pass_axe(open_as, shoot, work, inspector, leader, head_a):
    directive, assignment = work
    pages = [
        ("dashboard", leader, reverse("directives:dashboard")),
        ("inbox", head_a, reverse("directives:inbox")),
        ("tasks", inspector, reverse("directives:assignment-list")),
        ("review", inspector, reverse("directives:review-queue")),
        ("directive", inspector, directive.get_absolute_url()),
        ("assignment", head_a, reverse("directives:assignment-detail", args=[assignment.pk])),
        ("task-form", inspector, reverse("directives:task-create", args=[directive.pk])),
    ]
    problems = {}
    for name, user, path in pages:
        page = open_as(user, path)
        for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            _settle(page)
            if (extra := _sideways(page)) > 0:
                problems[f"{name} {size_name}"] = f"scrolls sideways by {extra}px: {_wide(page)}"
            shoot(page, f"{name}-{size_name}")
        page.set_viewport_size(DESKTOP)
        if violations := _serious(page):
            problems[f"{name} axe"] = violations
    assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)
