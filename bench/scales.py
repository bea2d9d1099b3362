"""Benchmark scales: how many units, directives, assignments and reports to generate."""

import re
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    units: int
    directives: int
    assignments: int
    reports: int

    @property
    def tasks(self) -> int:
        """Return the task count: about two assignments per task, at least one task per directive."""
        return min(self.assignments, max(self.directives, self.assignments // 2))

    def as_dict(self) -> dict:
        return {**asdict(self), "tasks": self.tasks}


SCALES = {
    "S": Scale("S", units=50, directives=1_000, assignments=10_000, reports=50_000),
    "M": Scale("M", units=200, directives=5_000, assignments=50_000, reports=250_000),
    "L": Scale("L", units=500, directives=20_000, assignments=200_000, reports=1_000_000),
}


def reminders_scale(scale: Scale) -> Scale:
    """Return the reminder sweep's own province for `scale`: the same units with half the work.

    Ten per cent of it is overdue, which at L is exactly the 10,000 overdue assignments over 500
    units that the reminder target is set for (the main L province has 20,000).
    """
    return Scale(
        f"{scale.name}_reminders",
        units=scale.units,
        directives=max(1, scale.directives // 2),
        assignments=scale.assignments // 2,
        reports=scale.reports // 2,
    )


_CUSTOM = re.compile(r"^custom:(\d+),(\d+),(\d+),(\d+)$", re.IGNORECASE)


def parse_scale(text: str) -> Scale:
    """Read S, M, L or `custom:UNITS,DIRECTIVES,ASSIGNMENTS,REPORTS` (for tests and experiments)."""
    if text.upper() in SCALES:
        return SCALES[text.upper()]
    match = _CUSTOM.match(text.strip())
    if not match:
        raise ValueError(
            f"unknown scale {text!r}: use S, M, L or custom:UNITS,DIRECTIVES,ASSIGNMENTS,REPORTS"
        )
    units, directives, assignments, reports = (int(g) for g in match.groups())
    if units < 6:
        raise ValueError("a custom scale needs at least 6 units")
    if directives < 1 or assignments < directives:
        raise ValueError(
            "a custom scale needs at least one directive and one assignment per directive"
        )
    name = f"c{units}_{directives}_{assignments}_{reports}"
    return Scale(name, units=units, directives=directives, assignments=assignments, reports=reports)
