"""The fields of each document, read from the database (the selectors of this app)."""

from documents.content.common import (
    Signature,
    SigningForm,
    deputies_on,
    directive_reference,
    inspectorate_unit,
    signature,
    urge_days,
)
from documents.content.kinds import Built, briefing_list, periodic_report, urge_letters

__all__ = [
    "Built",
    "Signature",
    "SigningForm",
    "briefing_list",
    "deputies_on",
    "directive_reference",
    "inspectorate_unit",
    "periodic_report",
    "signature",
    "urge_days",
    "urge_letters",
]
