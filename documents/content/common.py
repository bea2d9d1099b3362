"""What every document shares: the heading, the signature block, the heads of units, đôn đốc counts."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from directives.models import Directive
from directives.reminders.counts import urge_counts
from documents.models import DocumentKind
from units.models import Membership, Unit, User
from units.selectors import accountable_on, appointments_of
from units.vietnamese import format_date, format_number

# The clerk writes the number and the day by hand: Word keeps non-breaking spaces as typed.
BLANK = "\u00a0" * 16
SHORT_BLANK = "\u00a0" * 10


class SigningForm:
    """Who signs (Decree 30/2020/NĐ-CP, Appendix I): the head, KT. a deputy, Q. the acting head, TL."""

    AUTO = "auto"
    HEAD = "head"
    DEPUTY = "deputy"
    ACTING = "acting"
    ON_BEHALF = "on_behalf"

    choices = [
        (AUTO, _("Người đứng đầu đang giữ chức vụ (hoặc quyền) vào ngày lập")),
        (HEAD, _("Chánh Thanh tra ký")),
        (DEPUTY, _("KT. Chánh Thanh tra – Phó Chánh Thanh tra ký")),
        (ACTING, _("Q. Chánh Thanh tra ký")),
        (ON_BEHALF, _("TL. Chánh Thanh tra – Chánh Văn phòng ký")),
    ]


@dataclass(frozen=True)
class Signature:
    signing_form: str
    signer_title: str
    signer_name: str


def inspectorate_unit(day: datetime.date) -> Unit | None:
    """Return the installation's one inspectorate (DOMAIN.md §6) valid on `day`."""
    return Unit.objects.active_on(day).filter(kind=Unit.Kind.INSPECTORATE).order_by("pk").first()


def _name(user: User | None) -> str:
    return user.get_full_name() if user is not None else ""


def signature(form: str, day: datetime.date, deputy: User | None = None) -> Signature:
    """Return the signature block of `form` with the person in office on `day` (blank if vacant)."""
    head_title = settings.PCTS_HEAD_TITLE.upper()
    unit = inspectorate_unit(day)
    roles: dict[str, list[User]] = defaultdict(list)
    if unit is not None:
        rows = Membership.objects.on(day).filter(unit=unit, user__is_active=True)
        for m in rows.select_related("user").order_by("valid_from", "pk"):
            roles[m.role].append(m.user)
    if form == SigningForm.AUTO:
        if roles[Membership.Role.ACTING_HEAD]:
            form = SigningForm.ACTING
        elif roles[Membership.Role.HEAD] or not roles[Membership.Role.DEPUTY]:
            form = SigningForm.HEAD
        else:
            form = SigningForm.DEPUTY
    if form == SigningForm.ACTING:
        acting = roles[Membership.Role.ACTING_HEAD]
        return Signature(f"Q. {head_title}", "", _name(acting[0] if acting else None))
    if form == SigningForm.DEPUTY:
        deputies = roles[Membership.Role.DEPUTY]
        chosen = deputy if deputy in deputies else (deputies[0] if deputies else None)
        return Signature(f"KT. {head_title}", settings.PCTS_DEPUTY_TITLE.upper(), _name(chosen))
    if form == SigningForm.ON_BEHALF:
        return Signature(f"TL. {head_title}", settings.PCTS_ON_BEHALF_TITLE.upper(), "")
    heads = roles[Membership.Role.HEAD]
    return Signature(head_title, "", _name(heads[0] if heads else None))


def deputies_on(day: datetime.date):
    """Return the inspectorate's deputies on `day`, for the form's signer choice."""
    unit = inspectorate_unit(day)
    if unit is None:
        return User.objects.none()
    ids = Membership.objects.on(day).filter(unit=unit, role=Membership.Role.DEPUTY)
    return User.objects.filter(pk__in=ids.values("user_id"), is_active=True).order_by("full_name")


def drafting_code(actor: User, day: datetime.date) -> str:
    """Return the drafting unit's code: the setting, else the actor's unit inside the inspectorate."""
    if settings.PCTS_DRAFTING_UNIT_CODE:
        return settings.PCTS_DRAFTING_UNIT_CODE
    root = inspectorate_unit(day)
    if root is None:
        return ""
    own = Membership.objects.on(day).filter(user=actor, unit__parent=root).select_related("unit")
    first = own.order_by("pk").first()
    return (first.unit.short_name or first.unit.code) if first else ""


def head_phrase(appointment: Membership | None) -> str:
    """Name a unit's accountable person: position and name, the acting head, or say the post is vacant."""
    if appointment is None:
        return "chưa có người đứng đầu (khuyết)"
    user = appointment.user
    if appointment.role == Membership.Role.ACTING_HEAD:
        return f"{user.get_full_name()} (quyền, phụ trách đơn vị)"
    return f"{user.position} {user.get_full_name()}".strip()


def heads_today(unit_ids, day: datetime.date) -> dict[int, str]:
    """Return {unit id: head_phrase on `day`} for many units in one query."""
    appointments = appointments_of(unit_ids)
    return {uid: head_phrase(accountable_on(appointments.get(uid, []), day)) for uid in unit_ids}


def directive_reference(directive: Directive) -> tuple[str, str]:
    """Return how running text cites a directive: full (type, number, date, issuer) and short."""
    if directive.symbol_kind == Directive.SymbolKind.LETTER:
        type_name = "Công văn"
    else:
        type_name = directive.type_name or "Văn bản"
    short = f"{type_name} số {directive.symbol}"
    day = directive.issued_on
    # Party documents write dates with hyphens (6-9-2023), state documents with strokes.
    if directive.track == Directive.Track.PARTY:
        date_text = f"{day.day}-{day.month}-{day.year}"
    else:
        date_text = format_date(day)
    full = f"{short} ngày {date_text}"
    if directive.issuer_name:
        full += f" của {directive.issuer_name}"
    return full, short


def directive_fields(directive: Directive | None) -> dict:
    if directive is None:
        return dict.fromkeys(
            ("symbol", "issued_on", "issuer", "summary", "reference", "reference_short"), ""
        )
    full, short = directive_reference(directive)
    return {
        "symbol": directive.symbol,
        "issued_on": format_date(directive.issued_on),
        "issuer": directive.issuer_name or directive.issuer_code,
        "summary": str(directive.display_summary),
        "reference": full,
        "reference_short": short,
    }


def common_fields(
    kind: str,
    *,
    directive: Directive | None,
    actor: User,
    day: datetime.date,
    signing: Signature,
    subject: str,
    recipients: list[str],
    copies_to: list[str],
) -> dict:
    """Return the heading, signature and Nơi nhận fields every kind of document has."""
    code = settings.PCTS_AGENCY_CODE
    drafting = drafting_code(actor, day)
    is_letter = kind == DocumentKind.URGE_LETTER
    if is_letter:
        symbol = f"Số:{BLANK}/{code}-{drafting or '…'}"
    else:
        symbol = f"Số:{BLANK}/BC-{code}"
    return {
        "parent_agency": settings.PCTS_PARENT_AGENCY_NAME.upper(),
        "agency": settings.PCTS_INSTALLATION_NAME.upper(),
        "parent_agency_name": settings.PCTS_PARENT_AGENCY_NAME,
        "agency_name": settings.PCTS_INSTALLATION_NAME,
        "symbol": symbol,
        "place_date": (
            f"{settings.PCTS_PLACE_NAME}, ngày{SHORT_BLANK}tháng{SHORT_BLANK}năm {day.year}"
        ),
        "is_letter": is_letter,
        "doc_type_title": "" if is_letter else "BÁO CÁO",
        "subject": subject,
        "recipients": recipients,
        "as_of": format_date(day),
        "directive": directive_fields(directive),
        "signing_form": signing.signing_form,
        "signer_title": signing.signer_title,
        "signer_name": signing.signer_name,
        "copies_to": copies_to,
        "filed": f"Lưu: VT, {drafting}." if drafting else "Lưu: VT.",
        "made_by": actor.get_full_name() or actor.get_username(),
    }


def urge_days(assignment_ids) -> dict[int, list[datetime.date]]:
    """Return {assignment id: the days of its manual đôn đốc}, oldest first (reminders/counts.py).

    The one definition the web pages and the dashboard use: each đôn đốc an officer sent for the
    item, its unit or its directive counts once; the automatic daily reminders do not.
    """
    found = urge_counts(assignment_ids)
    return {
        aid: [u.day for u in count.manual_urges] for aid, count in found.items() if count.manual
    }


def number(value) -> str:
    return "" if value is None else format_number(value)
