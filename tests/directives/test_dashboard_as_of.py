"""A past day's figures never change afterwards: what the dashboard showed on D is what "as of D" shows.

The clock is frozen on each day D (time_machine) and every tile and ranking row is recorded;
then the work goes on through the real services (new tasks, reports, reviews, extensions,
cancellations, a deadline correction) and the dashboard "as of D" must show the same figures.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from directives import services
from directives.dashboard import summarize
from directives.models import Assignment
from directives.services import corrections
from tests.directives.dashboard_data import client_for, count_links, dashboard_filter, total_count

HN = ZoneInfo("Asia/Ho_Chi_Minh")
QUERIES = ["", "role=all", "key_task=yes&role=all", "unit_kind=department&role=all"]


def at(day: str, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour), HN)


def figures(summary) -> dict:
    """Every number the dashboard shows for a selection: tiles, key tiles, rates, ranking rows."""
    totals = summary.totals
    return {
        "tiles": {cell.key: cell.value for cell in summary.tiles},
        "key": {cell.key: cell.value for cell in summary.key_tiles},
        "rates": [
            totals.completion_rate,
            totals.on_time_rate,
            totals.done_share,
            totals.within_share,
            totals.overdue_share,
        ],
        "rows": [
            (row.rank, row.unit.name, [cell.value for cell in row.cells]) for row in summary.rows
        ],
    }


def record(user, rf, extra: str = "") -> dict:
    """Return the figures of every selection in QUERIES, judged as the filter says."""
    return {
        query: figures(
            summarize(dashboard_filter(user, rf, "&".join(p for p in (query, extra) if p)))
        )
        for query in QUERIES
    }


@pytest.fixture
def history(inspector, unit_a, unit_b, head_a, head_b, leader, rf):
    """Run three months of work, recording the dashboard at the end of three days on the way."""
    recorded = {}

    def task(directive, lead, deadline, *, coordinating=(), key=False, title="Tự kiểm tra"):
        created = services.task_create(
            actor=inspector,
            directive=directive,
            title=title,
            is_key=key,
            lead_unit=lead,
            coordinating_units=coordinating,
            deadline_text=deadline,
        )
        return {a.unit_id: a for a in created.assignments.all()}

    def complete(head, assignment):
        services.report_submit(
            actor=head, assignment=assignment, body="Đã hoàn thành.", claims_completion=True
        )
        return assignment.reports.order_by("-submitted_at").first()

    def decide(report, accept=True):
        services.report_review(
            actor=inspector,
            report=report,
            decision="accept" if accept else "return",
            reason="" if accept else "Chưa kèm tài liệu.",
        )

    def snapshot(day: str):
        with time_machine.travel(at(day, 23), tick=False):
            recorded[day] = record(leader, rf)

    with time_machine.travel(at("2026-01-05"), tick=False):
        plan = services.directive_create(
            actor=inspector,
            raw_symbol="31/KH-UBND",
            issued_on=datetime.date(2026, 1, 5),
            summary="Kế hoạch phòng, chống tham nhũng năm 2026",
        )
        t1 = task(plan, unit_a, "28/02/2026", key=True)
        t2 = task(plan, unit_b, "31/03/2026", coordinating=[unit_a])
        t3 = task(plan, unit_a, "15/02/2026", key=True)
        t4 = task(plan, unit_b, "thường xuyên")
        t5 = task(plan, unit_b, "20/02/2026")
    with time_machine.travel(at("2026-02-10"), tick=False):
        r3 = complete(head_a, t3[unit_a.pk])
    with time_machine.travel(at("2026-02-12"), tick=False):
        decide(r3)
    with time_machine.travel(at("2026-02-20"), tick=False):
        r1 = complete(head_a, t1[unit_a.pk])
        r5 = complete(head_b, t5[unit_b.pk])
    snapshot("2026-02-25")  # t1 and t5 await review; t3 completed on time
    with time_machine.travel(at("2026-02-26"), tick=False):
        decide(r1, accept=False)  # returned: open again, due 28/02
        decide(r5)  # accepted: completed on 20/02, on time
        ask = services.extension_request(
            actor=head_b,
            assignment=t2[unit_b.pk],
            requested_deadline=datetime.date(2026, 4, 30),
            reason="Chờ số liệu quý I.",
        )
    with time_machine.travel(at("2026-03-01"), tick=False):
        services.extension_decide(actor=inspector, request=ask, approve=True)
    with time_machine.travel(at("2026-03-05"), tick=False):
        later = services.directive_create(
            actor=inspector,
            raw_symbol="12/KH-UBND",
            issued_on=datetime.date(2026, 3, 5),
            summary="Kế hoạch kiểm tra công vụ",
        )
        t6 = task(later, unit_a, "10/03/2026", key=True)
        task(later, unit_b, "30/06/2026")
    snapshot("2026-03-15")  # t1 and t6 overdue; t2 within its extended deadline
    with time_machine.travel(at("2026-03-16"), tick=False):
        services.assignment_cancel(
            actor=inspector, assignment=t2[unit_a.pk], reason="Giao nhầm đơn vị phối hợp."
        )
        r1 = complete(head_a, t1[unit_a.pk])
    with time_machine.travel(at("2026-03-18"), tick=False):
        decide(r1)  # completed late (16/03 > 28/02)
    with time_machine.travel(at("2026-03-20"), tick=False):
        r6 = complete(head_a, t6[unit_a.pk])
    snapshot("2026-03-25")  # t6 awaits review
    with time_machine.travel(at("2026-04-02"), tick=False):
        decide(r6)
        task(later, unit_a, "15/04/2026", coordinating=[unit_b], key=True)
        services.assignment_cancel(
            actor=inspector, assignment=t4[unit_b.pk], reason="Không còn phù hợp."
        )
        corrections.task_correct_deadline(
            actor=inspector,
            task=t2[unit_b.pk].task,
            deadline_text="15/05/2026",
            reason="Theo chỉ đạo mới của UBND thành phố.",
        )
    return recorded


@pytest.mark.parametrize("day", ["2026-02-25", "2026-03-15", "2026-03-25"])
def test_a_past_day_shows_what_the_dashboard_showed_on_that_day(history, leader, rf, day):
    with time_machine.travel(at("2026-04-10"), tick=False):
        as_of = record(leader, rf, f"as_of={datetime.date.fromisoformat(day):%d/%m/%Y}")
    assert as_of == history[day]


def test_the_recorded_days_differ_so_the_check_can_fail(history):
    days = [history[d][""]["tiles"] for d in ("2026-02-25", "2026-03-15", "2026-03-25")]
    assert days[0] != days[1] != days[2]
    # On 25/02 the plan of 05/03 did not exist and t1, t5 awaited review.
    assert days[0]["awaiting_review"] == 2 and days[0]["completed_on_time"] == 1
    assert days[1]["overdue"] == 2 and days[1]["within_deadline"] == 2


def test_every_number_as_of_a_past_day_links_to_a_list_of_that_count(history, leader):
    client = client_for(leader)
    with time_machine.travel(at("2026-04-10"), tick=False):
        for query in ("as_of=15/03/2026", "as_of=15/03/2026&role=all", "as_of=25/02/2026"):
            links = count_links(client.get(f"/tong-hop/?{query}").content.decode())
            assert links
            for href, shown in links:
                assert total_count(client.get(href).content.decode()) == shown, href


def test_a_list_as_of_a_past_day_shows_the_deadline_then_in_force(history, leader):
    with time_machine.travel(at("2026-04-10"), tick=False):
        html = (
            client_for(leader)
            .get("/tong-hop/danh-sach/?as_of=15/03/2026&role=all&timeliness=in_progress")
            .content.decode()
        )
    # t2's lead part: extended to 30/04 on 01/03, corrected to 15/05 only on 02/04.
    assert "30/04/2026" in html and "15/05/2026" not in html


def test_a_correction_applies_from_the_moment_it_is_made(inspector, unit_a, leader, rf):
    """Corrections carry the database's clock: yesterday keeps the old deadline, today has the new."""
    today = timezone.localdate()
    task = services.task_create(
        actor=inspector,
        directive=services.directive_create(
            actor=inspector,
            raw_symbol="7/KH-UBND",
            issued_on=today - datetime.timedelta(days=9),
            summary="Kế hoạch tự kiểm tra",
        ),
        title="Rà soát",
        lead_unit=unit_a,
        deadline_text=f"{today - datetime.timedelta(days=3):%d/%m/%Y}",
    )
    Assignment.objects.filter(task=task).update(
        assigned_at=datetime.datetime.now(HN) - datetime.timedelta(days=8)
    )
    yesterday = f"as_of={today - datetime.timedelta(days=1):%d/%m/%Y}"
    before = summarize(dashboard_filter(leader, rf, yesterday)).totals.overdue
    corrections.task_correct_deadline(
        actor=inspector,
        task=task,
        deadline_text=f"{today + datetime.timedelta(days=30):%d/%m/%Y}",
        reason="Điều chỉnh theo văn bản mới.",
    )
    assert before == 1
    assert summarize(dashboard_filter(leader, rf, yesterday)).totals.overdue == 1
    assert summarize(dashboard_filter(leader, rf, "")).totals.overdue == 0


@pytest.mark.parametrize(
    "as_of,message",
    [
        ("01/01/2099", "chưa đến"),
        ("01/01/2000", "Chưa có số liệu vào ngày 01/01/2000"),
    ],
)
def test_an_as_of_day_in_the_future_or_before_any_data_is_refused_in_words(
    history, leader, as_of, message
):
    with time_machine.travel(at("2026-04-10"), tick=False):
        response = client_for(leader).get("/tong-hop/", {"as_of": as_of})
    assert response.status_code == 200
    assert message in response.content.decode()


# ----------------------------------------------------------------------------- at scale S


def _heads() -> dict:
    from units.models import Membership

    return {
        m.unit_id: m.user for m in Membership.objects.filter(role="head").select_related("user")
    }


def _work_on(day: datetime.date, inspector, heads, *, seed: int) -> None:
    """Do a day's worth of every kind of write through the services, on assignments picked by `seed`."""
    open_rows = Assignment.objects.filter(
        state__in=["assigned", "in_progress", "returned"], effective_deadline__isnull=False
    ).order_by("id")
    picked = list(open_rows[seed * 40 : seed * 40 + 40])
    reported = list(Assignment.objects.filter(state="reported").order_by("id")[:20])
    with time_machine.travel(at(day.isoformat()), tick=False):
        for i, assignment in enumerate(reported):
            report = assignment.reports.filter(review__isnull=True, claims_completion=True).first()
            services.report_review(
                actor=inspector,
                report=report,
                decision="accept" if i % 2 else "return",
                reason="" if i % 2 else "Bổ sung hồ sơ.",
            )
        for assignment in picked[:10]:
            services.report_submit(
                actor=heads[assignment.unit_id],
                assignment=assignment,
                body="Đã hoàn thành nhiệm vụ.",
                claims_completion=True,
            )
        for assignment in picked[10:20]:
            ask = services.extension_request(
                actor=heads[assignment.unit_id],
                assignment=assignment,
                requested_deadline=assignment.effective_deadline + datetime.timedelta(days=60),
                reason="Cần thêm thời gian.",
            )
            services.extension_decide(actor=inspector, request=ask, approve=True)
        for assignment in picked[20:30]:
            services.assignment_cancel(actor=inspector, assignment=assignment, reason="Giao nhầm.")
        directive = services.directive_create(
            actor=inspector,
            raw_symbol=f"{900 + seed}/KH-UBND",
            issued_on=day,
            summary="Kế hoạch mới",
        )
        for assignment in picked[30:40]:
            services.task_create(
                actor=inspector,
                directive=directive,
                title="Nhiệm vụ mới",
                is_key=bool(seed % 2),
                lead_unit=assignment.unit,
                deadline_text=f"{day + datetime.timedelta(days=3):%d/%m/%Y}",
            )


@pytest.mark.django_db(transaction=True)
def test_past_days_at_scale_s_show_what_was_shown_on_them(rf):
    from bench import generate
    from bench.scales import parse_scale
    from units.models import User

    start = datetime.date(2026, 6, 15)
    with time_machine.travel(at(start.isoformat(), 12), tick=False):
        loaded = generate.generate(parse_scale("S"), today=start)
    personas = loaded["personas"]
    leader, inspector = (User.objects.get(pk=personas[k]) for k in ("leader", "inspector"))
    heads, recorded = _heads(), {}
    for step in range(3):
        day = start + datetime.timedelta(days=10 * step)
        with time_machine.travel(at(day.isoformat(), 23), tick=False):
            recorded[day] = record(leader, rf)
        _work_on(day + datetime.timedelta(days=1), inspector, heads, seed=step)
    with time_machine.travel(at("2026-07-20"), tick=False):
        for day, shown in recorded.items():
            assert record(leader, rf, f"as_of={day:%d/%m/%Y}") == shown, day
    assert recorded[start] != recorded[start + datetime.timedelta(days=20)]
