"""Reads about the organisation: who belongs where, who is accountable on a day."""

import datetime

from django.db.models import Q

from units.models import Membership, Unit, User

HEAD_ROLES = (Membership.Role.HEAD, Membership.Role.ACTING_HEAD)


def _kept(user: User, name: str, day: datetime.date, compute):
    """Return compute() once per (user object, name, day): a page asks several times."""
    attribute = f"_{name}_cache"
    kept = getattr(user, attribute, None)
    if kept is None:
        kept = {}
        setattr(user, attribute, kept)  # through request.user's lazy wrapper, onto the user
    if day not in kept:
        kept[day] = compute()
    return kept[day]


def _memberships(user: User, day: datetime.date) -> list[tuple[int, str]]:
    if not user.is_authenticated:
        return []
    return _kept(
        user,
        "unit_ids",
        day,
        lambda: list(Membership.objects.on(day).filter(user=user).values_list("unit_id", "role")),
    )


def user_unit_ids(user: User, day: datetime.date | None = None) -> set[int]:
    """Return the units the user belongs to on `day` (any role)."""
    return {unit_id for unit_id, _ in _memberships(user, day or datetime.date.today())}


def user_headed_unit_ids(user: User, day: datetime.date | None = None) -> set[int]:
    """Return the units the user heads (head or acting head) on `day`."""
    day = day or datetime.date.today()
    return {unit_id for unit_id, role in _memberships(user, day) if role in HEAD_ROLES}


def user_scope_unit_ids(user: User, day: datetime.date | None = None) -> set[int]:
    """Return the units whose assignments the user sees: own units plus the subtree of headed units."""
    day = day or datetime.date.today()
    own = user_unit_ids(user, day)
    headed = user_headed_unit_ids(user, day)
    if headed:
        own |= _kept(user, "subtree", day, lambda: set(Unit.objects.descendant_ids(headed)))
    return own


def accountable_person(unit: Unit, day: datetime.date) -> User | None:
    """Return the acting head if an acting appointment covers `day`, else the head."""
    rows = (
        Membership.objects.on(day)
        .filter(unit=unit, role__in=HEAD_ROLES, user__is_active=True)
        .select_related("user")
    )
    by_role = {m.role: m.user for m in rows}
    return by_role.get(Membership.Role.ACTING_HEAD) or by_role.get(Membership.Role.HEAD)


def copied_people(unit: Unit, day: datetime.date) -> list[User]:
    """Return the deputies and focal points of `unit` on `day` (copied on reminders)."""
    rows = (
        Membership.objects.on(day)
        .filter(
            unit=unit,
            role__in=[Membership.Role.DEPUTY, Membership.Role.FOCAL_POINT],
            user__is_active=True,
        )
        .select_related("user")
        .order_by("role", "user__username")
    )
    return [m.user for m in rows]


def units_for_choice(day: datetime.date | None = None):
    """Return active units for assignment pickers, in Vietnamese order."""
    day = day or datetime.date.today()
    return Unit.objects.active_on(day).exclude(Q(kind=Unit.Kind.DISTRICT))


def accountable_people(unit_ids, day: datetime.date) -> dict[int, User]:
    """Return {unit id: accountable person on `day`} for many units in one query (rule of accountable_person)."""
    by_unit: dict[int, dict[str, User]] = {}
    rows = (
        Membership.objects.on(day)
        .filter(unit_id__in=list(unit_ids), role__in=HEAD_ROLES, user__is_active=True)
        .select_related("user")
    )
    for m in rows:
        by_unit.setdefault(m.unit_id, {})[m.role] = m.user
    return {
        unit_id: roles.get(Membership.Role.ACTING_HEAD) or roles.get(Membership.Role.HEAD)
        for unit_id, roles in by_unit.items()
    }


def copied_people_by_unit(unit_ids, day: datetime.date) -> dict[int, list[User]]:
    """Return {unit id: deputies and focal points on `day`} for many units in one query (rule of copied_people)."""
    result: dict[int, list[User]] = {}
    rows = (
        Membership.objects.on(day)
        .filter(
            unit_id__in=list(unit_ids),
            role__in=[Membership.Role.DEPUTY, Membership.Role.FOCAL_POINT],
            user__is_active=True,
        )
        .select_related("user")
        .order_by("role", "user__username")
    )
    for m in rows:
        result.setdefault(m.unit_id, []).append(m.user)
    return result


def appointments_of(unit_ids, roles=HEAD_ROLES) -> dict[int, list[Membership]]:
    """Return {unit id: its head and acting-head appointments (any date)}, for dated look-ups.

    With `accountable_on` it answers "who was accountable on each of these days" for many units
    and days in one query (a briefing list names the head on each đôn đốc's day).
    """
    result: dict[int, list[Membership]] = {}
    rows = Membership.objects.filter(unit_id__in=list(unit_ids), role__in=roles).select_related(
        "user"
    )
    for m in rows.order_by("valid_from", "pk"):
        result.setdefault(m.unit_id, []).append(m)
    return result


def accountable_on(appointments: list[Membership], day: datetime.date) -> Membership | None:
    """Return the appointment accountable on `day` (acting head first, else head; rule of accountable_person)."""
    current = [
        m
        for m in appointments
        if m.valid_from <= day and (m.valid_to is None or m.valid_to >= day) and m.user.is_active
    ]
    by_role = {m.role: m for m in current}
    return by_role.get(Membership.Role.ACTING_HEAD) or by_role.get(Membership.Role.HEAD)
