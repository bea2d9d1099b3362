"""One thing that happened to an assignment: the entry every timeline source yields.

It lives apart from directives.timeline so that a source (directives.reminders.selectors) and
the timeline that lists the sources can both import it without importing each other.
"""

import datetime
from dataclasses import dataclass, field


@dataclass
class TimelineEntry:
    """One thing that happened: when, who (a user id, resolved later), and a sentence."""

    at: datetime.datetime
    text: str
    actor_id: int | None = None
    kind: str = "event"
    icon: str = "bi-dot"
    # Breaks ties between entries written in one transaction (same timestamp): higher is later.
    rank: int = 0
    actor: object = field(default=None, compare=False)
