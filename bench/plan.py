"""Plan a synthetic province in plain Python with a fixed seed; generate.py loads it set-based.

Counts are exact (units, directives, assignments, reports as requested); states are exact
shares of the assignments: 60 % completed, 10 % overdue, the rest open within the deadline.
Unit sizes are skewed: a unit's rank r (0 = biggest department) is drawn as m·u^2.5, so a few
departments carry a third of the work and the many wards a little each.
"""

import datetime
import random
from dataclasses import dataclass, field

from bench import names
from bench.scales import Scale

COMPLETED_SHARE = 0.60
OVERDUE_SHARE = 0.10
SKEW = 2.5
FLAGSHIP_TASKS = 30
FLAGSHIP_UNITS = 40
OPEN_STATES = (("assigned", 25), ("in_progress", 55), ("returned", 5), ("reported", 15))
OVERDUE_STATES = (("assigned", 40), ("in_progress", 50), ("returned", 10))


@dataclass
class UnitPlan:
    kind: str
    name: str
    code: str


@dataclass
class AssignmentPlan:
    task: int  # index into Plan.tasks
    unit: int  # index into Plan.units
    role: str
    category: str = ""  # completed_on_time / completed_late / open / overdue
    state: str = ""
    deadline: datetime.date | None = None
    reported_on: datetime.date | None = None
    completed_on: datetime.date | None = None
    percent: int = 0
    reports: int = 0
    first_report: datetime.date | None = None
    last_report: datetime.date | None = None


@dataclass
class Plan:
    scale: Scale
    today: datetime.date
    units: list[UnitPlan] = field(default_factory=list)
    directives: list[tuple] = field(default_factory=list)  # (shape, number, issued_on, summary)
    tasks: list[tuple] = field(default_factory=list)  # (directive index, position, title)
    assignments: list[AssignmentPlan] = field(default_factory=list)


def largest_remainder(total: int, weights: list[float], cap: int | None = None) -> list[int]:
    """Split `total` into integers proportional to `weights`, none above `cap`, summing exactly."""
    if total == 0 or not weights:
        return [0] * len(weights)
    if cap is not None and cap * len(weights) < total:
        raise ValueError(f"cannot place {total} items in {len(weights)} slots of {cap}")
    whole = sum(weights)
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: counts[i] - shares[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    if cap is not None:
        overflow = sum(max(0, c - cap) for c in counts)
        counts = [min(c, cap) for c in counts]
        i = 0
        while overflow:
            if counts[i] < cap:
                counts[i] += 1
                overflow -= 1
            i = (i + 1) % len(counts)
    return counts


def _pick(rng: random.Random, choices) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def plan_units(plan: Plan, rng: random.Random) -> None:
    """Rank the assignable units by size: departments, Party bodies, enterprises, then wards."""
    m = plan.scale.units - 2
    plan.units += [
        UnitPlan("city", "Ủy ban nhân dân thành phố", "UBND-TP"),
        UnitPlan("inspectorate", "Thanh tra thành phố", "TTTP"),
    ]
    n_dep = max(1, round(m * 0.06))
    n_party = round(m * 0.02)
    n_ent = round(m * 0.02)
    n_pub = round(m * 0.02)
    n_local = m - n_dep - n_party - n_ent - n_pub
    places = names.place_names(n_local, rng)

    def numbered(pool, i):
        return pool[i] if i < len(pool) else f"{pool[i % len(pool)]} số {i // len(pool) + 1}"

    for i in range(n_dep):
        plan.units.append(UnitPlan("department", numbered(names.DEPARTMENTS, i), f"SO-{i + 1:03d}"))
    for i in range(n_party):
        plan.units.append(UnitPlan("party", numbered(names.PARTY_BODIES, i), f"DANG-{i + 1:03d}"))
    for i in range(n_ent):
        plan.units.append(UnitPlan("enterprise", numbered(names.ENTERPRISES, i), f"DN-{i + 1:03d}"))
    for i in range(n_pub):
        plan.units.append(
            UnitPlan("public_service", numbered(names.PUBLIC_SERVICE, i), f"SN-{i + 1:03d}")
        )
    for i, place in enumerate(places):
        kind, word, prefix = ("ward", "Phường", "P") if i % 5 < 2 else ("commune", "Xã", "X")
        plan.units.append(UnitPlan(kind, f"{word} {place}", f"{prefix}-{i + 1:04d}"))


def plan_directives(plan: Plan, rng: random.Random) -> None:
    """Give every directive a unique (issuer, type, year, number) identity and an issue date."""
    today = plan.today
    shapes = [s[:3] for s in names.SHAPES]
    weights = [s[3] for s in names.SHAPES]
    next_number: dict[tuple, int] = {}
    for i in range(plan.scale.directives):
        issued = today - datetime.timedelta(days=90 if i == 0 else rng.randint(20, 4 * 365))
        track, doc_type, issuer = rng.choices(shapes, weights)[0]
        drafting = rng.choice(names.DRAFTING_UNITS) if doc_type is None else ""
        key = (track, doc_type, issuer, issued.year, drafting)
        number = next_number.get(key, rng.randint(1, 40)) + rng.randint(1, 3)
        next_number[key] = number
        topic = rng.choice(names.TOPICS).format(year=issued.year)
        word = names.TYPE_WORDS.get(doc_type or "", "Về việc")
        plan.directives.append(
            ((track, doc_type, issuer, drafting), number, issued, f"{word} thực hiện {topic}")
        )


def plan_tasks(plan: Plan, rng: random.Random) -> tuple[int, int]:
    """Spread tasks over directives (the first, the flagship, gets many); return flagship sizes."""
    scale, m = plan.scale, plan.scale.units - 2
    d, t = scale.directives, scale.tasks
    flag_tasks = min(FLAGSHIP_TASKS, t - d + 1)
    extras = largest_remainder(
        t - d - (flag_tasks - 1), [rng.random() ** 4 + 0.01 for _ in range(d - 1)]
    )
    counts = [flag_tasks, *(1 + e for e in extras)]
    for directive, count in enumerate(counts):
        year = plan.directives[directive][2].year
        for position in range(1, count + 1):
            title = names.TASK_TITLES[(directive + position) % len(names.TASK_TITLES)].format(
                year=year
            )
            plan.tasks.append((directive, position, title))
    flag_units = max(1, min(FLAGSHIP_UNITS, m, 1 + (scale.assignments - t) // (2 * flag_tasks)))
    return flag_tasks, flag_units


def plan_assignments(plan: Plan, rng: random.Random, flag_tasks: int, flag_units: int) -> None:
    """Give each task one lead and distinct coordinating units, big units more often."""
    scale, m = plan.scale, plan.scale.units - 2
    t = scale.tasks
    extra_total = scale.assignments - t - flag_tasks * (flag_units - 1)
    extras = largest_remainder(
        extra_total, [rng.random() ** 4 + 0.02 for _ in range(t - flag_tasks)], cap=m - 1
    )
    flag_set = sorted(rng.sample(range(m), flag_units))
    for task in range(t):
        if task < flag_tasks:
            lead = flag_set[task % flag_units]
            ranks = [lead, *(r for r in flag_set if r != lead)]
        else:
            k = 1 + extras[task - flag_tasks]
            draws = sorted(int((m - k + 1) * rng.random() ** SKEW) for _ in range(k))
            ranks = [r + j for j, r in enumerate(draws)]  # strictly increasing: distinct units
        for j, rank in enumerate(ranks):
            plan.assignments.append(
                AssignmentPlan(task, rank + 2, "lead" if j == 0 else "coordinating")
            )


def plan_states(plan: Plan, rng: random.Random) -> None:
    """Deal exact shares of completed, overdue and open assignments, with coherent dates."""
    today, a = plan.today, plan.scale.assignments
    order = list(range(a))
    rng.shuffle(order)
    n_done, n_over = round(a * COMPLETED_SHARE), round(a * OVERDUE_SHARE)
    day = datetime.timedelta(days=1)
    for position, index in enumerate(order):
        item = plan.assignments[index]
        issued = plan.directives[plan.tasks[item.task][0]][2]
        start = issued + day
        if position < n_done:
            late = rng.random() < 0.22
            item.category, item.state, item.percent = (
                ("completed_late" if late else "completed_on_time"),
                "completed",
                100,
            )
            if late:
                item.deadline = start + datetime.timedelta(
                    days=rng.randint(0, max(0, (today - start).days - 2))
                )
                gap = (min(today, item.deadline + 60 * day) - item.deadline).days
                item.completed_on = item.deadline + datetime.timedelta(
                    days=rng.randint(1, max(1, gap))
                )
            else:
                item.deadline = start + datetime.timedelta(days=rng.randint(15, 365))
                latest = min(item.deadline, today)
                item.completed_on = start + datetime.timedelta(
                    days=rng.randint(0, (latest - start).days)
                )
            item.reported_on = item.completed_on
        elif position < n_done + n_over:
            item.category, item.state = "overdue", _pick(rng, OVERDUE_STATES)
            earliest = max(start, today - 365 * day)
            item.deadline = earliest + datetime.timedelta(
                days=rng.randint(0, (today - day - earliest).days)
            )
            item.percent = rng.randint(0, 8) * 10
        else:
            item.category, item.state = "open", _pick(rng, OPEN_STATES)
            soon = rng.random() < 0.2
            item.deadline = today + datetime.timedelta(
                days=rng.randint(0, 7) if soon else rng.randint(8, 180)
            )
            item.percent = 100 if item.state == "reported" else rng.randint(0, 9) * 10
            if item.state == "reported":
                item.reported_on = today - datetime.timedelta(
                    days=rng.randint(0, min(10, (today - start).days))
                )


def plan_reports(plan: Plan, rng: random.Random) -> None:
    """Spread exactly the requested number of reports; a claim closes completed and reported items."""
    minimum = {"assigned": 0, "in_progress": 1, "returned": 1, "reported": 1, "completed": 1}
    eligible = [a for a in plan.assignments if a.state != "assigned"]
    floor = sum(minimum[a.state] for a in eligible)
    if plan.scale.reports < floor:
        raise ValueError(f"scale {plan.scale.name}: at least {floor} reports are needed")
    extras = largest_remainder(
        plan.scale.reports - floor, [rng.random() ** 2 + 0.05 for _ in eligible]
    )
    for item, extra in zip(eligible, extras, strict=True):
        item.reports = minimum[item.state] + extra
        issued = plan.directives[plan.tasks[item.task][0]][2]
        first = issued + datetime.timedelta(days=rng.randint(1, 10))
        # A completion claim is the last report, dated the day the item was reported or completed.
        claimed = item.completed_on or item.reported_on
        item.last_report = claimed or max(
            first, plan.today - datetime.timedelta(days=rng.randint(0, 30))
        )
        item.first_report = min(first, item.last_report)


def build_plan(scale: Scale, today: datetime.date, seed: int) -> Plan:
    """Plan the whole province for `scale` as of `today`; the same seed gives the same plan."""
    rng = random.Random(seed)
    plan = Plan(scale=scale, today=today)
    plan_units(plan, rng)
    plan_directives(plan, rng)
    flag_tasks, flag_units = plan_tasks(plan, rng)
    if scale.assignments < scale.tasks + flag_tasks * (flag_units - 1):
        raise ValueError(f"scale {scale.name}: too few assignments for its tasks")
    plan_assignments(plan, rng, flag_tasks, flag_units)
    plan_states(plan, rng)
    plan_reports(plan, rng)
    return plan
