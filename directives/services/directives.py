"""Register, edit and link directives; a duplicate is refused with the registered one."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, When
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from directives import confidentiality, plausibility, symbols
from directives.attachments import attachments_add
from directives.models import Directive, DirectiveLink
from directives.registry import directive_identity, same_document_keys, symbol_registry
from directives.services.common import _require_manager
from units.vietnamese import fold, format_date


class DuplicateDirective(ValidationError):
    """The directive is registered already; `existing` is the registered one.

    `typed` is the symbol as entered when it differs from the registered one only by the stroke
    of Đ (37-QD/TW for 37-QĐ/TW): the same document, refused rather than registered twice.
    """

    def __init__(self, existing: Directive, typed: str | None = None):
        self.existing = existing
        values = {"symbol": existing.symbol, "date": format_date(existing.issued_on)}
        if typed:
            message = _(
                "Văn bản %(symbol)s ngày %(date)s đã được nhập: «%(typed)s» là cùng ký hiệu, "
                "bị mất nét chữ Đ."
            ) % {**values, "typed": typed}
        else:
            message = _("Văn bản %(symbol)s ngày %(date)s đã được nhập.") % values
        super().__init__(message, code="duplicate")


@transaction.atomic
def directive_create(
    *,
    actor,
    raw_symbol: str,
    issued_on: datetime.date,
    summary: str,
    issuer_name: str = "",
    signer: str = "",
    body: str = "",
    is_classified: bool = False,
    tracking_officer=None,
    files=(),
    links=(),
    is_stub: bool = False,
) -> Directive:
    """Register a directive from its typed symbol; refuse a duplicate with the existing one."""
    _require_manager(actor)
    try:
        sym = symbols.parse_symbol(raw_symbol, registry=symbol_registry())
    except symbols.InvalidSymbol as exc:
        raise ValidationError({"raw_symbol": exc.translate(gettext)}) from exc
    identity = _free_identity(sym, issued_on)
    if not is_classified:
        plausibility.check_summary(summary)
    if is_classified and (body or files):
        raise ValidationError(
            {
                "is_classified": _(
                    "Văn bản mật không được lưu nội dung hoặc tệp trên hệ thống: chỉ ghi số, ngày, cơ quan ban hành."
                )
            }
        )
    registry = symbol_registry()
    directive = Directive(
        raw_symbol=raw_symbol.strip(),
        symbol=sym.normalized,
        symbol_kind=sym.kind,
        number=sym.number,
        symbol_year=sym.year,
        doc_type=sym.doc_type or "",
        type_name=(registry.type_name(sym.doc_type, sym.kind) if sym.doc_type else _("Công văn"))
        or "",
        issuer_code=sym.issuer,
        drafting_unit=sym.drafting_unit or "",
        track=Directive.Track.PARTY if sym.kind == "party" else Directive.Track.STATE,
        party_term=identity.party_term,
        identity_key=identity.key,
        parse_warnings=[*sym.warnings, *identity.warnings],
        issued_on=issued_on,
        issuer_name=issuer_name or registry.issuers.get(sym.issuer, "") or "",
        signer=signer,
        summary=summary,
        body=body,
        is_classified=is_classified,
        is_stub=is_stub,
        tracking_officer=tracking_officer,
        created_by=actor,
    )
    confidentiality.scrub_directive(directive)
    directive.search_text = fold(
        f"{directive.symbol} {directive.type_name} {directive.summary} {directive.issuer_name}"
    )
    try:
        with transaction.atomic():
            directive.save()
    except IntegrityError as exc:  # a concurrent insert of the same identity
        existing = Directive.objects.filter(identity_key=identity.key).first()
        if existing:
            raise DuplicateDirective(existing) from exc
        raise
    attachments_add(actor=actor, files=files, directive=directive)
    for target, kind in links:
        directive_link_add(actor=actor, source=directive, target=target, kind=kind)
    return directive


@transaction.atomic
def directive_register(
    *,
    actor,
    raw_symbol: str,
    issued_on: datetime.date,
    summary: str,
    issuer_name: str = "",
    signer: str = "",
    body: str = "",
    is_classified: bool = False,
    tracking_officer=None,
    files=(),
    links=(),
) -> Directive:
    """Register a directive and its links to the documents it cites at once: a bad link saves nothing.

    `links` holds (symbol, kind, issued_on) triples, as the form's link rows give them.
    """
    _require_manager(actor)
    directive = directive_create(
        actor=actor,
        raw_symbol=raw_symbol,
        issued_on=issued_on,
        summary=summary,
        issuer_name=issuer_name,
        signer=signer,
        body=body,
        is_classified=is_classified,
        tracking_officer=tracking_officer,
        files=files,
    )
    for symbol, kind, link_issued_on in links:
        try:
            directive_link_add(
                actor=actor, source=directive, target=symbol, kind=kind, issued_on=link_issued_on
            )
        except ValidationError as exc:
            # The link's own errors name fields of the cited document, not of this form.
            raise ValidationError(
                _("Liên kết với %(symbol)s: %(error)s")
                % {"symbol": symbol, "error": " ".join(exc.messages)}
            ) from exc
    return directive


@transaction.atomic
def directive_update(*, actor, directive: Directive, **fields) -> Directive:
    """Edit the descriptive fields of a directive; a new issue date re-derives its identity.

    The identity of a State document holds its year, and a Party document's its term, both read
    from the issue date: a corrected date must not leave the old identity behind, nor collide
    with another registered document.
    """
    _require_manager(actor)
    allowed = {"issuer_name", "signer", "summary", "body", "tracking_officer", "issued_on"}
    for name in fields:
        if name not in allowed:
            raise ValueError(name)
    if "summary" in fields and not directive.is_classified:
        plausibility.check_summary(fields["summary"])
    issued_on = fields.get("issued_on")
    if issued_on is not None and issued_on != directive.issued_on:
        _reidentify(directive, issued_on)
    for name, value in fields.items():
        setattr(directive, name, value)
    confidentiality.scrub_directive(directive)
    directive.is_stub = False
    directive.search_text = fold(
        f"{directive.symbol} {directive.type_name} {directive.summary} {directive.issuer_name}"
    )
    directive.save()
    return directive


def _free_identity(sym, issued_on: datetime.date, *, exclude: Directive | None = None):
    """Check the issue date against the symbol and today; return the identity, or refuse a taken one."""
    if sym.year and issued_on.year != sym.year:
        raise ValidationError(
            {
                "issued_on": _(
                    "Ký hiệu ghi năm %(y)d nhưng ngày ban hành thuộc năm %(d)d: kiểm tra lại."
                )
                % {"y": sym.year, "d": issued_on.year}
            }
        )
    if issued_on > timezone.localdate():
        raise ValidationError({"issued_on": _("Ngày ban hành không được sau ngày hôm nay.")})
    identity = directive_identity(sym, issued_on)
    taken = Directive.objects.filter(identity_key__in=same_document_keys(sym, issued_on))
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    existing = taken.order_by(Case(When(identity_key=identity.key, then=0), default=1)).first()
    if existing:
        twin = existing.identity_key != identity.key
        raise DuplicateDirective(existing, typed=sym.normalized if twin else None)
    return identity


def _reidentify(directive: Directive, issued_on: datetime.date) -> None:
    """Give `directive` the identity its symbol has with the issue date `issued_on`, or refuse."""
    sym = symbols.parse_symbol(directive.symbol, registry=symbol_registry())
    identity = _free_identity(sym, issued_on, exclude=directive)
    directive.identity_key = identity.key
    directive.party_term = identity.party_term
    directive.parse_warnings = [*sym.warnings, *identity.warnings]


@transaction.atomic
def directive_link_add(
    *, actor, source: Directive, target, kind: str, issued_on=None
) -> DirectiveLink:
    """Link two directives; `target` may be a Directive or a symbol (a stub is created if new)."""
    _require_manager(actor)
    if kind not in DirectiveLink.Kind.values:
        raise ValidationError(_("Loại liên kết không hợp lệ."))
    if isinstance(target, str):
        target = directive_find_or_stub(actor=actor, raw_symbol=target, issued_on=issued_on)
    if target.pk == source.pk:
        raise ValidationError(_("Văn bản không thể liên kết với chính nó."))
    link, _created = DirectiveLink.objects.get_or_create(source=source, target=target, kind=kind)
    return link


def directive_find_or_stub(*, actor, raw_symbol: str, issued_on=None) -> Directive:
    """Return the registered directive for a cited symbol, or create a stub to complete later."""
    sym = symbols.parse_symbol(raw_symbol, registry=symbol_registry())
    day = issued_on or (datetime.date(sym.year, 1, 1) if sym.year else None)
    if day is not None:
        found = Directive.objects.filter(identity_key__in=same_document_keys(sym, day)).first()
        if found:
            return found
    else:
        found = (
            Directive.objects.filter(symbol__iexact=sym.normalized).order_by("-issued_on").first()
        )
        if found:
            return found
        day = timezone.localdate()
    return directive_create(
        actor=actor,
        raw_symbol=raw_symbol,
        issued_on=day,
        is_stub=True,
        summary=_("(Văn bản được trích dẫn, chưa nhập đầy đủ)"),
    )
