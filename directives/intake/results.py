"""What the intake extractors return: a directive's draft and the tasks proposed from its text."""

import datetime
from dataclasses import dataclass, field

from directives.messages import Message, gettext_noop
from directives.symbols import Reference

# What a classified directive shows instead of its text (DOMAIN.md §6).
CLASSIFIED_PLACEHOLDER = Message(gettext_noop("Văn bản mật – hồ sơ giấy"))


@dataclass
class DirectiveDraft:
    """The fields of a directive read from its text; None (or empty) where the text does not say."""

    symbol: str | None = None  # normalized, as parse_symbol gives it
    doc_type: str | None = None  # the symbol's type code ("KH", "CT"); None for a công văn
    type_name: str | None = None  # "Kế hoạch", "Chỉ thị", "Công văn"…
    issued_on: datetime.date | None = None
    place: str | None = None  # the place of the date line: "Hà Nội"
    issuer_name: str | None = None  # the issuing body, as written in the header
    signer: str | None = None
    signing_form: str | None = None  # "KT.", "TM.", "Q.", "TL.", "TUQ." or None
    summary: str | None = None  # the trích yếu, as written ("V/v" left out)
    recipients: list[str] = field(default_factory=list)  # "Nơi nhận", as written
    references: list[Reference] = field(default_factory=list)  # find_references(text)


@dataclass
class TaskProposal:
    """A task the text seems to order, for an officer to confirm or correct."""

    title: str
    lead: str | None = None  # a known unit's name when one matched, else as written
    coordinating: list[str] = field(default_factory=list)
    deadline_text: str | None = None  # the deadline phrase as written
    deadline: datetime.date | None = None  # what the deadline parser reads it as
    span: tuple[int, int] = (0, 0)  # offsets into the text, end exclusive
