"""The figures PCTS itself owns for a round's window, pre-filled in the inspectorate's own report.

The inspectorate's periodic report counts the directives of the period and how their tasks were
carried out. PCTS holds those rows, so nobody types them: they are counted here from the
directives and the assignments, with the dashboard's own scope (`dashboard_assignments`), its
categories (`Counts`) and the one timeliness definition (`with_timeliness`).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from directives.dashboard import CATEGORIES, Counts, dashboard_assignments
from directives.doc_type_names import type_name_display
from directives.models import Assignment
from directives.permissions import visible_directives


@dataclass
class Figures:
    """Directives of a window by issuer and by type, and their tasks' timeliness at its end."""

    start: datetime.date
    end: datetime.date
    as_of: datetime.date
    directives: int = 0
    by_issuer: list[tuple[str, str, int]] = field(default_factory=list)  # code, name, count
    by_type: list[tuple[str, str, int]] = field(default_factory=list)  # code, name, count
    tasks: Counts = field(default_factory=Counts)

    def task_rows(self) -> list[tuple[str, str, int]]:
        """Return (key, label, count) of the dashboard's categories, in the dashboard's order."""
        return [(c.key, str(c.label), self.tasks.value(c.key)) for c in CATEGORIES]


def round_figures(round_, user, today: datetime.date | None = None) -> Figures:
    """Count what PCTS owns for `round_`'s window [period_start, period_end], as `user` sees it.

    Directives count by their date of issue inside the window (the report's "văn bản ban hành
    trong kỳ"); their lead assignments (the dashboard's default role, cancelled ones left out)
    are judged at the end of the window's last day, or today while the window is still running.
    """
    start, end = round_.period_start, round_.period_end
    as_of = min(end, today or timezone.localdate())
    directives = visible_directives(user).filter(issued_on__range=(start, end))
    figures = Figures(start=start, end=end, as_of=as_of)
    issuers = (
        directives.order_by()
        .values("issuer_code")
        .annotate(n=Count("id"), name=Max("issuer_name"))
        .order_by("-n", "issuer_code")
    )
    figures.by_issuer = [(r["issuer_code"], r["name"] or r["issuer_code"], r["n"]) for r in issuers]
    figures.directives = sum(n for _code, _name, n in figures.by_issuer)
    types = (
        directives.order_by()
        .values("doc_type")
        .annotate(n=Count("id"), name=Max("type_name"))
        .order_by("-n", "doc_type")
    )
    figures.by_type = [
        (
            r["doc_type"],
            type_name_display(r["name"]) if r["name"] else (r["doc_type"] or _("Công văn")),
            r["n"],
        )
        for r in types
    ]
    tasks = (
        dashboard_assignments(user)
        .filter(role=Assignment.Role.LEAD, task__directive__in=directives)
        .with_timeliness(as_of=as_of)
        .order_by()
        .values("timeliness")
        .annotate(n=Count("id"))
    )
    for row in tasks:
        figures.tasks.count(row["timeliness"], row["n"])
    return figures
