"""The assignment's state machine, written once: the services check it, database triggers enforce it.

States are the values of `Assignment.State` (DOMAIN.md §4). A completed or cancelled assignment is
closed for good: its state, deadline and completion date never change again, so an accepted
result cannot be rewritten after the fact (issue 13). Extension requests and report reviews
follow: a pending request is decided or closed exactly once, and only an open assignment's
reports are judged.
"""

import pgtrigger

# Every state an assignment may move to from each state; a state absent from a set is forbidden.
TRANSITIONS: dict[str, frozenset[str]] = {
    "assigned": frozenset({"in_progress", "reported", "cancelled"}),
    "in_progress": frozenset({"reported", "cancelled"}),
    "returned": frozenset({"in_progress", "reported", "cancelled"}),
    "reported": frozenset({"completed", "returned", "cancelled"}),
    "completed": frozenset(),
    "cancelled": frozenset(),
}
CLOSED_STATES = ("completed", "cancelled")

# An extension request is decided (or closed with its assignment) once.
EXTENSION_TRANSITIONS: dict[str, frozenset[str]] = {
    "pending": frozenset({"approved", "rejected", "closed"}),
    "approved": frozenset(),
    "rejected": frozenset(),
    "closed": frozenset(),
}


def forbidden_transitions(transitions: dict[str, frozenset[str]]) -> list[tuple[str, str]]:
    """Return every (from, to) pair of distinct states that `transitions` does not allow."""
    return [
        (old, new)
        for old in transitions
        for new in transitions
        if old != new and new not in transitions[old]
    ]


def _pairs(transitions: dict[str, frozenset[str]]) -> str:
    return ", ".join(
        f"('{old}', '{new}')" for old in sorted(transitions) for new in sorted(transitions[old])
    )


_CLOSED = ", ".join(f"'{state}'" for state in CLOSED_STATES)

# check_violation: Django raises IntegrityError, as for a check constraint.
ASSIGNMENT_TRIGGERS = [
    pgtrigger.Trigger(
        name="assignment_state_machine",
        when=pgtrigger.Before,
        operation=pgtrigger.Update,
        condition=pgtrigger.AnyChange("state", "effective_deadline", "completed_on"),
        func=f"""
            IF OLD.state IS DISTINCT FROM NEW.state
               AND (OLD.state, NEW.state) NOT IN ({_pairs(TRANSITIONS)}) THEN
                RAISE EXCEPTION 'assignment %: % -> % is not an allowed transition',
                    OLD.id, OLD.state, NEW.state USING ERRCODE = 'check_violation';
            END IF;
            IF OLD.state IN ({_CLOSED}) AND (
                NEW.effective_deadline IS DISTINCT FROM OLD.effective_deadline
                OR NEW.completed_on IS DISTINCT FROM OLD.completed_on
            ) THEN
                RAISE EXCEPTION 'assignment %: a % assignment keeps its deadline and completion date',
                    OLD.id, OLD.state USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        """,
    ),
]

EXTENSION_TRIGGERS = [
    pgtrigger.Trigger(
        name="extension_request_state_machine",
        when=pgtrigger.Before,
        operation=pgtrigger.Update,
        condition=pgtrigger.AnyChange("state"),
        func=f"""
            IF (OLD.state, NEW.state) NOT IN ({_pairs(EXTENSION_TRANSITIONS)}) THEN
                RAISE EXCEPTION 'extension request %: % -> % is not an allowed transition',
                    OLD.id, OLD.state, NEW.state USING ERRCODE = 'check_violation';
            END IF;
            IF NEW.state = 'approved' AND EXISTS (
                SELECT 1 FROM directives_assignment
                WHERE id = NEW.assignment_id AND state IN ({_CLOSED})
            ) THEN
                RAISE EXCEPTION 'extension request %: its assignment is closed', OLD.id
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        """,
    ),
]

REVIEW_TRIGGERS = [
    pgtrigger.Trigger(
        name="report_review_of_open_assignment",
        when=pgtrigger.Before,
        operation=pgtrigger.Insert,
        func=f"""
            IF NEW.decision <> 'closed' AND EXISTS (
                SELECT 1 FROM directives_progressreport r
                JOIN directives_assignment a ON a.id = r.assignment_id
                WHERE r.id = NEW.report_id AND a.state IN ({_CLOSED})
            ) THEN
                RAISE EXCEPTION 'report %: its assignment is closed, nothing is left to review',
                    NEW.report_id USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        """,
    ),
]
