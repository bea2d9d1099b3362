"""Load a planned province into the current database with COPY and INSERT … SELECT.

Audit and protection triggers are switched off for this synthetic load only (session
replication role), the whole load is one transaction, and a marker row records what was
loaded so a later run can reuse it.
"""

import datetime
import json
import logging
import random
import time

from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone
from psycopg.types.json import Jsonb

from bench import names
from bench.loader import copy_rows, insert_select, reset_sequence
from bench.marker import MARKER_DDL, analyze, disable_triggers
from bench.plan import Plan, build_plan
from bench.scales import Scale
from directives import symbols
from directives.models import (
    REVIEW_QUEUE_REBUILD_SQL,
    TALLY_REBUILD_SQL,
    Assignment,
    Directive,
    ProgressReport,
    ReportReview,
    Task,
)
from units import roles
from units.models import Membership, Unit, User
from units.vietnamese import VIETNAM_TZ, collation_key, fold

GENERATOR_VERSION = 7
SEED = 20260301
log = logging.getLogger(__name__)

POSITIONS = {
    "department": "Giám đốc",
    "party": "Trưởng ban",
    "enterprise": "Tổng giám đốc",
    "public_service": "Giám đốc",
    "ward": "Chủ tịch UBND phường",
    "commune": "Chủ tịch UBND xã",
}
EMAIL_DOMAIN = "pcts-bench.example"


def is_key_task(index: int) -> bool:
    """Mark about one task in eight as a key task (2025: 1,173 of 9,831), spread evenly."""
    return index * 7919 % 100 < 12


def _local(day: datetime.date, hour: int = 8, minutes: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=VIETNAM_TZ
    ) + datetime.timedelta(minutes=minutes)


def _sql_text_array(values) -> str:
    return (
        "ARRAY["
        + ", ".join("'" + v.replace("'", "''").replace("%", "%%") + "'" for v in values)
        + "]"
    )


def _load_people(cursor, plan: Plan) -> dict:
    """Load units, users, groups and memberships; return the persona ids."""
    unit_rows = []
    for i, unit in enumerate(plan.units):
        parent = None if i == 0 else 1
        name_search = fold(f"{unit.name}  {unit.code}")
        unit_rows.append(
            (
                i + 1,
                unit.code,
                unit.name,
                unit.kind,
                parent,
                f"{unit.code.lower()}@{EMAIL_DOMAIN}",
                name_search,
                collation_key(unit.name)[:500],
            )
        )
    copy_rows(
        cursor,
        Unit,
        ["id", "code", "name", "kind", "parent_id", "email", "name_search", "name_sort"],
        unit_rows,
    )

    people = [  # (username, full name, position, unit index, membership role, groups)
        ("lanhdao", "Trần Sỹ Thanh", "Phó Chủ tịch UBND thành phố", 0, "deputy", [roles.LEADER]),
        ("thanhtra", "Nguyễn Thị Thu Hà", "Thanh tra viên", 1, "staff", [roles.INSPECTORATE]),
        (
            "chanhthanhtra",
            "Đặng Văn Hùng",
            "Chánh Thanh tra thành phố",
            1,
            "head",
            [roles.INSPECTORATE],
        ),
        ("chutich", "Nguyễn Văn Phong", "Chủ tịch UBND thành phố", 0, "head", []),
    ]
    rng = random.Random(SEED + 1)
    # Directives are tracked by several inspectorate officers, about one per fifty units.
    officers = max(1, min(10, len(plan.units) // 50))
    for n in range(2, officers + 1):
        people.append(
            (
                f"thanhtra.{n:02d}",
                names.person_name(rng),
                "Thanh tra viên",
                1,
                "staff",
                [roles.INSPECTORATE],
            )
        )
    for i, unit in enumerate(plan.units[2:], start=2):
        people.append(
            (f"gd.{unit.code.lower()}", names.person_name(rng), POSITIONS[unit.kind], i, "head", [])
        )
        if unit.kind == "department":
            people.append(
                (
                    f"daumoi.{unit.code.lower()}",
                    names.person_name(rng),
                    "Chuyên viên",
                    i,
                    "focal_point",
                    [],
                )
            )
    user_rows, member_rows, group_rows = [], [], []
    groups = {name: Group.objects.get_or_create(name=name)[0].pk for name in roles.ROLE_GROUPS}
    since = datetime.date(2020, 1, 1)
    for uid, (username, full_name, position, unit_index, role, user_groups) in enumerate(
        people, start=1
    ):
        user_rows.append(
            (uid, "!bench-no-login", username, f"{username}@{EMAIL_DOMAIN}", full_name, position)
        )
        member_rows.append((uid, uid, unit_index + 1, role, since))
        group_rows += [(uid, groups[g]) for g in user_groups]
    copy_rows(
        cursor, User, ["id", "password", "username", "email", "full_name", "position"], user_rows
    )
    copy_rows(cursor, User.groups.through, ["user_id", "group_id"], group_rows)
    copy_rows(cursor, Membership, ["id", "user_id", "unit_id", "role", "valid_from"], member_rows)
    heads = {row[2]: row[1] for row in member_rows if row[3] == "head"}  # unit id -> user id
    officer_ids = [2, *range(5, 5 + officers - 1)]
    return {"leader": 1, "inspector": 2, "officers": officer_ids, "heads": heads}


def _directive_rows(plan: Plan, officers: list[int]):
    registry = symbols.Registry.default()
    for i, ((track, doc_type, issuer, drafting), number, issued, summary) in enumerate(
        plan.directives
    ):
        raw = names.symbol_text(track, doc_type, issuer, number, drafting)
        sym = symbols.parse_symbol(raw, registry=registry)
        if sym.kind == "party":
            key = f"party|{sym.issuer.upper()}|{(sym.doc_type or '').upper()}|y{issued.year}|{sym.number}"
        else:
            kind = "LETTER" if sym.kind == "letter" else (sym.doc_type or "letter").upper()
            extra = (
                f"|{sym.drafting_unit.upper()}"
                if sym.kind == "letter" and sym.drafting_unit
                else ""
            )
            key = f"state|{sym.issuer.upper()}|{kind}|{sym.year or issued.year}|{sym.number}{extra}"
        type_name = (
            registry.type_name(sym.doc_type, sym.kind) if sym.doc_type else "Công văn"
        ) or ""
        issuer_name = registry.issuers.get(sym.issuer, "") or ""
        at = _local(issued, 9)
        yield (
            i + 1,
            raw,
            sym.normalized,
            sym.kind,
            sym.number,
            sym.year,
            sym.doc_type or "",
            type_name,
            sym.issuer,
            sym.drafting_unit or "",
            "party" if sym.kind == "party" else "state",
            key,
            Jsonb([]),
            issued,
            issuer_name,
            summary,
            officers[i % len(officers)],
            officers[i % len(officers)],
            at,
            at,
            fold(f"{sym.normalized} {type_name} {summary} {issuer_name}"),
        )


def _load_work(cursor, plan: Plan, people: dict) -> None:
    """Load directives, tasks and assignments, then reports and reviews set-based from a plan table."""
    inspector = people["inspector"]
    copy_rows(
        cursor,
        Directive,
        [
            "id",
            "raw_symbol",
            "symbol",
            "symbol_kind",
            "number",
            "symbol_year",
            "doc_type",
            "type_name",
            "issuer_code",
            "drafting_unit",
            "track",
            "identity_key",
            "parse_warnings",
            "issued_on",
            "issuer_name",
            "summary",
            "tracking_officer_id",
            "created_by_id",
            "created_at",
            "updated_at",
            "search_text",
        ],
        _directive_rows(plan, people["officers"]),
    )
    task_rows = (
        (
            i + 1,
            d + 1,
            position,
            title,
            is_key_task(i),
            inspector,
            _local(plan.directives[d][2] + datetime.timedelta(days=1)),
        )
        for i, (d, position, title) in enumerate(plan.tasks)
    )
    copy_rows(
        cursor,
        Task,
        ["id", "directive_id", "position", "title", "is_key", "created_by_id", "created_at"],
        task_rows,
    )

    def assignment_rows():
        for i, a in enumerate(plan.assignments):
            aid = i + 1
            last_at = (
                _local(a.last_report, 8, (aid * 7 + a.reports * 13) % 540) if a.reports else None
            )
            assigned = _local(
                plan.directives[plan.tasks[a.task][0]][2] + datetime.timedelta(days=1)
            )
            yield (
                aid,
                a.task + 1,
                a.unit + 1,
                a.role,
                f"{a.deadline:%d/%m/%Y}",
                "date",
                a.deadline,
                a.deadline,
                a.state,
                a.percent,
                a.reported_on,
                a.completed_on,
                last_at,
                assigned,
                inspector,
                is_key_task(a.task),
            )

    copy_rows(
        cursor,
        Assignment,
        [
            "id",
            "task_id",
            "unit_id",
            "role",
            "deadline_text",
            "deadline_kind",
            "original_deadline",
            "effective_deadline",
            "state",
            "progress_percent",
            "reported_on",
            "completed_on",
            "last_report_at",
            "assigned_at",
            "assigned_by_id",
            "is_key",
        ],
        assignment_rows(),
    )

    cursor.execute(
        "CREATE TEMP TABLE bench_report_plan (assignment_id bigint, submitted_by_id bigint, n int,"
        " first_day date, last_day date, claims_last boolean, review text) ON COMMIT DROP"
    )
    review = {"completed": "accept", "returned": "return"}
    heads = people["heads"]
    with cursor.copy("COPY bench_report_plan FROM STDIN") as copy:
        for i, a in enumerate(plan.assignments):
            if a.reports:
                claims = a.state in ("completed", "reported", "returned")
                copy.write_row(
                    (
                        i + 1,
                        heads[a.unit + 1],
                        a.reports,
                        a.first_report,
                        a.last_report,
                        claims,
                        review.get(a.state),
                    )
                )
    day = "(p.first_day + ((p.last_day - p.first_day) * g.j / p.n))"
    insert_select(
        cursor,
        ProgressReport,
        {
            "assignment_id": "p.assignment_id",
            "submitted_by_id": "p.submitted_by_id",
            "submitted_at": f"(({day} + time '08:00' + make_interval(mins => ((p.assignment_id * 7 + g.j * 13) %% 540)::int))"
            " AT TIME ZONE 'Asia/Ho_Chi_Minh')",
            "submitted_on": day,
            "body": f"({_sql_text_array(names.REPORT_BODIES)})[1 + floor(random() * {len(names.REPORT_BODIES)})::int]",
            "percent": "CASE WHEN p.claims_last AND g.j = p.n THEN 100 ELSE 90 * g.j / p.n / 10 * 10 END",
            "milestone": "''",
            "claims_completion": "(p.claims_last AND g.j = p.n)",
            "submission_token": "md5(p.assignment_id::text || ':' || g.j::text)::uuid",
        },
        "FROM bench_report_plan p CROSS JOIN LATERAL generate_series(1, p.n) AS g(j) ORDER BY p.assignment_id, g.j",
        [],
    )
    insert_select(
        cursor,
        ReportReview,
        {
            "report_id": "r.id",
            "decision": "p.review",
            "reason": "CASE WHEN p.review = 'return' THEN 'Chưa kèm tài liệu chứng minh; đề nghị bổ sung.' ELSE '' END",
            "reviewer_id": str(int(inspector)),
            # Never after the generation's moment on the application's clock (a review decided
            # "tomorrow" would complete an item today that a past day's figures say was waiting).
            "decided_at": f"least(r.submitted_at + interval '2 days', '{timezone.now().isoformat()}'::timestamptz)",
        },
        "FROM directives_progressreport r JOIN bench_report_plan p ON p.assignment_id = r.assignment_id"
        " WHERE r.claims_completion AND p.review IS NOT NULL",
        [],
    )
    # The milestones a past day's figures read, and the change marker the triggers would stamp.
    cursor.execute(
        "UPDATE directives_assignment a SET"
        " accepted_at = CASE WHEN v.decision = 'accept' THEN v.decided_at END,"
        " returned_at = CASE WHEN v.decision = 'return' THEN v.decided_at END,"
        " returned_claim_on = CASE WHEN v.decision = 'return' THEN r.submitted_on END"
        " FROM directives_reportreview v JOIN directives_progressreport r ON r.id = v.report_id"
        " WHERE r.assignment_id = a.id AND r.claims_completion"
    )
    cursor.execute(
        "UPDATE directives_assignment SET changed_at = GREATEST(assigned_at, accepted_at,"
        " returned_at, ((reported_on + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'))"
    )


def _personas(plan: Plan, people: dict) -> dict:
    """Pick who and what the measured pages look at, from the plan itself."""
    open_by_unit: dict[int, list[int]] = {}
    reportable_by_unit: dict[int, list[int]] = {}
    for i, a in enumerate(plan.assignments):
        if a.state in ("assigned", "in_progress", "returned", "reported"):
            open_by_unit.setdefault(a.unit + 1, []).append(i + 1)
        if a.state in ("assigned", "in_progress", "returned"):
            reportable_by_unit.setdefault(a.unit + 1, []).append(i + 1)
    big = max(open_by_unit, key=lambda u: (len(open_by_unit[u]), -u))
    small = min(open_by_unit, key=lambda u: (len(open_by_unit[u]) < 2, len(open_by_unit[u]), u))
    reporter = (
        big
        if big in reportable_by_unit
        else max(reportable_by_unit, key=lambda u: len(reportable_by_unit[u]))
    )
    tasks_per_directive: dict[int, int] = {}
    for d, _position, _title in plan.tasks:
        tasks_per_directive[d] = tasks_per_directive.get(d, 0) + 1
    small_directive = next((d + 1 for d, n in tasks_per_directive.items() if n == 1 and d > 0), 1)
    heads = people["heads"]
    return {
        "leader": people["leader"],
        "inspector": people["inspector"],
        "big_unit": big,
        "big_head": heads[big],
        "small_unit": small,
        "small_head": heads[small],
        "matrix_directive": 1,
        "small_directive": small_directive,
        "report_head": heads[reporter],
        "report_assignments": reportable_by_unit[reporter][:60],
    }


def generate(scale: Scale, *, today: datetime.date | None = None, seed: int = SEED) -> dict:
    """Plan and load `scale` into the current (empty, migrated) database; return the marker."""
    started = time.perf_counter()
    today = today or timezone.localdate()
    plan = build_plan(scale, today, seed)
    with transaction.atomic(), connection.cursor() as cursor:
        disable_triggers(cursor)
        cursor.execute("SELECT setseed(%s)", [(seed % 1000) / 1000])
        people = _load_people(cursor, plan)
        _load_work(cursor, plan, people)
        for model in (Unit, User, Membership, Directive, Task, Assignment):
            reset_sequence(cursor, model)
        cursor.execute(TALLY_REBUILD_SQL)  # its triggers were off for the load
        cursor.execute(REVIEW_QUEUE_REBUILD_SQL)  # so were the review queue's
        personas = _personas(plan, people)
        cursor.execute(MARKER_DDL)
        cursor.execute("DELETE FROM bench_marker")
        marker = {
            "scale": scale.name,
            "version": GENERATOR_VERSION,
            "seed": seed,
            "spec": scale.as_dict(),
            "anchor": today,
            "personas": personas,
        }
        loaded = time.perf_counter() - started
        cursor.execute(
            "INSERT INTO bench_marker (scale, version, seed, spec, anchor, seconds, personas)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [
                scale.name,
                GENERATOR_VERSION,
                seed,
                json.dumps(scale.as_dict()),
                today,
                loaded,
                json.dumps(personas),
            ],
        )
    analyze()
    marker["load_seconds"] = loaded
    return marker
