"""Where each unit's submission of a round stands: the buckets a tile counts and its list shows.

One definition serves the rounds page, a round's tiles and the drill-down list, so a tile's
number and the list it opens always agree. Sent / missing is a partition of the round's units
(on time + late + nothing to report + missing = all; a returned report counts as missing until
it is sent again); the review buckets (accepted, awaiting review, returned) cut across it. On time or late is judged on the latest sending against the
due day, local time (DOMAIN.md §3), as `Submission.is_late` does.
"""

from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from collection.models import Submission

S = Submission.State


@dataclass(frozen=True)
class Bucket:
    """A counted group of submissions: its key (the ?bucket= value), label and tile colour."""

    key: str
    label: str
    tone: str


BUCKETS = [
    Bucket("total", _("Tổng số đơn vị"), "secondary"),
    Bucket("on_time", _("Đã gửi đúng hạn"), "success"),
    Bucket("late", _("Gửi muộn"), "warning"),
    Bucket("nothing", _("Không phát sinh"), "info"),
    Bucket("missing", _("Chưa gửi"), "danger"),
    Bucket("awaiting", _("Chờ xem xét"), "primary"),
    Bucket("accepted", _("Đã tiếp nhận"), "success"),
    Bucket("returned", _("Bị trả lại"), "secondary"),
]
BUCKET_KEYS = [b.key for b in BUCKETS]


def bucket_q(key: str, prefix: str = "", due=None) -> Q:
    """Return the condition of bucket `key` on submissions reached by `prefix` ("submissions__").

    `due` is the expression of the round's due day as seen from that path.
    """
    due = F("round__due_on") if due is None else due

    def q(**lookups):
        return Q(**{prefix + name: value for name, value in lookups.items()})

    # A returned report is open again (DOMAIN.md §4): not sent until the unit sends it again.
    sent = q(submitted_at__isnull=False) & ~q(state=S.RETURNED)
    conditions = {
        "total": q(pk__isnull=False),
        "on_time": sent & q(nothing_to_report=False, submitted_at__date__lte=due),
        "late": sent & q(nothing_to_report=False, submitted_at__date__gt=due),
        "nothing": sent & q(nothing_to_report=True),
        "missing": q(submitted_at__isnull=True) | q(state=S.RETURNED),
        "awaiting": q(state=S.SUBMITTED),
        "accepted": q(state=S.ACCEPTED),
        "returned": q(state=S.RETURNED),
    }
    return conditions[key]


def with_counts(rounds):
    """Annotate every round with `n_<bucket>`: one grouped query, whatever the number of rounds."""
    return rounds.annotate(
        **{
            f"n_{key}": Count("submissions", filter=bucket_q(key, "submissions__", due=F("due_on")))
            for key in BUCKET_KEYS
        }
    )


@dataclass(frozen=True)
class Tile:
    key: str
    label: str
    tone: str
    value: int
    link: str


def tiles(round_, base_url: str) -> list[Tile]:
    """Return a counted round's tiles, each linked to its drill-down list (?bucket=…)."""
    return [
        Tile(
            b.key,
            b.label,
            b.tone,
            getattr(round_, f"n_{b.key}"),
            base_url if b.key == "total" else f"{base_url}?bucket={b.key}",
        )
        for b in BUCKETS
    ]


def in_bucket(submissions, key: str):
    """Keep the submissions of bucket `key` (all of them for an unknown key)."""
    if key not in BUCKET_KEYS:
        return submissions
    return submissions.filter(bucket_q(key))
