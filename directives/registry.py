"""Reads of the document registry: the symbol parser's codes, directive identities, duplicates.

Nothing here writes; services.directive_create and the symbol preview both read through it,
so the preview and the save agree on what counts as the same document.
"""

import dataclasses
import datetime
import itertools
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from directives import symbols
from directives.messages import translated
from directives.models import Directive, IssuerCode, PartyTerm


def symbol_registry() -> symbols.Registry:
    """Build the parser's registry: built-in codes plus the admin-edited issuer codes."""
    issuers = dict(symbols.Registry.default().issuers)
    issuers.update(dict(IssuerCode.objects.values_list("code", "name")))
    return symbols.Registry(issuers=issuers)


@dataclass(frozen=True)
class Identity:
    key: str
    party_term: PartyTerm | None
    warnings: tuple[str, ...]


def directive_identity(sym: symbols.Symbol, issued_on: datetime.date) -> Identity:
    """Return the identity of a directive (DOMAIN.md §2): numbers restart each year or Party term."""
    number = sym.number.lstrip("0") or "0"
    issuer = sym.issuer.upper()
    if sym.kind == "party":
        term = (
            PartyTerm.objects.filter(issuer_code__iexact=sym.issuer, starts_on__lte=issued_on)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=issued_on))
            .order_by("-starts_on")
            .first()
        )
        doc_type = (sym.doc_type or "").upper()
        if term:
            return Identity(f"party|{issuer}|{doc_type}|term{term.pk}|{number}", term, ())
        warning = _(
            "Chưa có nhiệm kỳ của %(issuer)s trong danh mục: tạm định danh theo năm %(year)d. "
            "Quản trị viên nên bổ sung nhiệm kỳ cấp ủy."
        ) % {"issuer": sym.issuer, "year": issued_on.year}
        return Identity(f"party|{issuer}|{doc_type}|y{issued_on.year}|{number}", None, (warning,))
    doc_type = (sym.doc_type or "letter").upper() if sym.kind != "letter" else "LETTER"
    year = sym.year or issued_on.year
    extra = f"|{sym.drafting_unit.upper()}" if sym.kind == "letter" and sym.drafting_unit else ""
    return Identity(f"state|{issuer}|{doc_type}|{year}|{number}{extra}", None, ())


def _stroke_twins(sym: symbols.Symbol, registry: symbols.Registry):
    """Yield the spellings of `sym` whose codes differ from it only by a lost stroke of Đ."""

    def spellings(codes: str | None) -> list[str | None]:
        if not codes:
            return [codes]
        options = [[c, *filter(None, [registry.stroke_twin(c)])] for c in codes.split("-")]
        return ["-".join(choice) for choice in itertools.product(*options)]

    typed = (sym.doc_type, sym.issuer, sym.drafting_unit)
    for doc_type, issuer, drafting_unit in itertools.product(*map(spellings, typed)):
        if (doc_type, issuer, drafting_unit) != typed:
            yield dataclasses.replace(
                sym, doc_type=doc_type, issuer=issuer, drafting_unit=drafting_unit
            )


def same_document_keys(sym: symbols.Symbol, issued_on: datetime.date) -> list[str]:
    """Return the identity keys under which `sym`, issued on `issued_on`, may already be registered.

    Its own key, and the keys of its spellings that differ only by a lost stroke of Đ
    (DOMAIN.md §2): `37-QD/TW` is `37-QĐ/TW` typed carelessly, since QD is no code, so a
    directive registered under either spelling is the same document.
    """
    keys = [directive_identity(sym, issued_on).key]
    for twin in _stroke_twins(sym, symbol_registry()):
        if (key := directive_identity(twin, issued_on).key) not in keys:
            keys.append(key)
    return keys


def parse_directive_symbol(raw: str, issued_on: datetime.date | None = None) -> dict:
    """Parse a typed symbol for the form's live preview; never raises."""
    try:
        sym = symbols.parse_symbol(raw, registry=symbol_registry())
    except symbols.InvalidSymbol as exc:
        return {"ok": False, "error": exc.translate(gettext)}
    data = {
        "ok": True,
        "normalized": sym.normalized,
        "kind": sym.kind,
        "kind_label": str(Directive.SymbolKind(sym.kind).label),
        "track": "party" if sym.kind == "party" else "state",
        "number": sym.number,
        "year": sym.year,
        "doc_type": sym.doc_type,
        "type_name": symbol_registry().type_name(sym.doc_type, sym.kind)
        if sym.doc_type
        else (_("Công văn") if sym.kind == "letter" else ""),
        "issuer": sym.issuer,
        "drafting_unit": sym.drafting_unit,
        "warnings": [translated(warning, gettext) for warning in sym.warnings],
        "duplicate": None,
    }
    if issued_on:
        identity = directive_identity(sym, issued_on)
        data["warnings"] += list(identity.warnings)
        keys = same_document_keys(sym, issued_on)
        existing = Directive.objects.filter(identity_key__in=keys).first()
        if existing:
            data["duplicate"] = {
                "id": existing.pk,
                "symbol": existing.symbol,
                "url": existing.get_absolute_url(),
            }
    return data
