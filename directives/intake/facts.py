"""Read who leads a task, who helps and by when, from the words of one item or sentence.

Who leads: a field ("Đơn vị chủ trì: Sở Tư pháp"), "X chủ trì", "giao X …", "yêu cầu X …", or the
unit an item begins with ("Thanh tra tỉnh: theo dõi …"). Who helps: "Phối hợp: …", "phối hợp
với Y". By when: a field ("Thời gian: Quý II/2024") or a deadline phrase ("trước ngày 15/10/2023",
"hoàn thành trong tháng 9 năm 2023", "trong quý III/2023", "trong 15 ngày kể từ ngày nhận"), read
into a date by the project's deadline parser on its default calendar, from the issue date.
"""

import datetime
import re
from dataclasses import dataclass, field

from directives.deadlines import InvalidDeadline, parse_deadline
from directives.intake.outline import FIELD
from directives.intake.parties import UnitIndex, party_at, split_parties
from directives.intake.text import WORD_RE, Source, strip_punct
from units.vietnamese import fold

_DATE = (
    r"\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{4})?"
    r"|\d{1,2}\s+tháng\s+\d{1,2}(?:\s*(?:,?\s*năm\s+|/\s*)\d{4})?"
)
_YEAR = r"(?:\s*(?:/|-|,?\s*năm)\s*\d{4})?"
_DEADLINES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"(?:(?:hoàn thành|xong)\s+)?(?:trước|chậm nhất(?:\s+(?:là|vào))?|muộn nhất|hạn chót"
        rf"|đến hết|hạn)\s+(?:ngày\s+)?(?:{_DATE})(?![\d/-]|\.\d)",
        rf"(?:(?:hoàn thành|xong|thực hiện)\s+)?(?:trong|trước|cuối|hết)\s+(?:tháng\s+\d{{1,2}}{_YEAR}"
        rf"|quý\s+(?:[IVX]{{1,3}}|[1-4]){_YEAR}|năm\s+\d{{4}}"
        r"|(?:\d{1,2}|sáu|chín)\s+tháng\s+(?:đầu|cuối)\s+năm(?:\s*\d{4})?)(?![\d/])",
        r"(?:trong|trong vòng|trong thời hạn|chậm nhất|sau)\s+\d{1,3}\s+ngày(?:\s+làm\s+việc)?"
        r"(?:\s+(?:kể từ|tính từ)\s+(?:ngày\s+)?[^,;.\n]{1,40})?",
        r"(?:thực hiện|triển khai|báo cáo)\s+(?:thường xuyên|hằng năm|hàng năm|định kỳ)"
        r"(?=\s*[.;)]?\s*$)",
    )
]
_CHU_TRI = re.compile(r"(?<!\w)chủ trì(?!\s*:)", re.IGNORECASE)
_GIAO = re.compile(r"(?<![\w])(?<!bàn )(?<!được )(?<!đã )[Gg]iao(?:\s+nhiệm\s+vụ)?(?:\s+cho)?\s+")
_ASKS = re.compile(r"(?<!\w)(?:yêu cầu|đề nghị|chỉ đạo)\s+(?:đối với\s+)?|(?<!\w)Đối với\s+")
_WITH = re.compile(r"(?<!\w)phối hợp(?:\s+chặt chẽ)?(?:\s+với)?\s+(?!:)", re.IGNORECASE)
_CLAUSE_START = re.compile(r"[.;:!?\n(]|(?<!\w)(?:giao|Giao|do|Do|đề nghị|yêu cầu|để)\s")
_FIELD_AT = re.compile(rf"(?:^|(?<=[\n;(\-–•+.]))[ \t]*(?:{FIELD.pattern})", re.IGNORECASE)
_DIRECTING = re.compile(r"\s*(?:yêu cầu|đề nghị|giao|ban hành|chỉ đạo|đã|vừa|về)\b")


@dataclass
class Facts:
    """Who leads, who helps and by when; None or empty where the words do not say."""

    lead: str | None = None
    coordinating: list[str] = field(default_factory=list)
    deadline_text: str | None = None
    deadline: datetime.date | None = None
    cue: bool = False  # the words assign work: "chủ trì", "giao X", a field
    by_date: bool = False  # the deadline names a day ("trước ngày 15/10/2023")

    def under(self, parent: "Facts") -> "Facts":
        """Return these facts with what they lack taken from the item they belong to."""
        return Facts(
            self.lead or parent.lead,
            self.coordinating or list(parent.coordinating),
            self.deadline_text or parent.deadline_text,
            self.deadline if self.deadline_text else parent.deadline,
            self.cue or parent.cue,
            self.by_date if self.deadline_text else parent.by_date,
        )


@dataclass
class Reader:
    """Read facts from spans of one text, with the known units, issue date and references."""

    src: Source
    units: UnitIndex
    issued_on: datetime.date | None
    taken: list[tuple[int, int]]  # references' spans, never deadlines
    formal: bool = False  # a document's own text, whose sentences with a due day are tasks

    def facts(self, spans: list[tuple[int, int]], *, leading: bool = True) -> Facts:
        """Read the facts of spans of norm; with leading, the unit a span opens with may lead."""
        found = Facts()
        parties: list[str] = []
        for a, b in spans:
            self._fields(a, b, found, parties)
        for a, b in spans:
            if not parties:
                parties = self._lead(a, b, leading)
            if not found.coordinating:
                found.coordinating = self._helpers(a, b)
            if not found.deadline_text:
                self._deadline(a, b, found)
        found.cue = found.cue or bool(parties and self._assigns(spans))
        if parties:
            found.lead = parties[0]
            extra = [p for p in parties[1:] if p not in found.coordinating]
            found.coordinating = extra + found.coordinating
        return found

    def _assigns(self, spans) -> bool:
        norm = self.src.norm
        return any(
            _CHU_TRI.search(norm, a, b) or _GIAO.search(norm, a, b) or _ASKS.search(norm, a, b)
            for a, b in spans
        )

    def names(self, a: int, b: int) -> list[str]:
        """Return the units of a written list: known names where they match, else as written."""
        names = []
        for s, e in split_parties(self.src.norm, a, b):
            written = self.src.written(s, e)
            name = self.units.match(written) or strip_punct(written)
            if name and name not in names:
                names.append(name)
        return names

    def _fields(self, a: int, b: int, found: Facts, parties: list[str]) -> None:
        norm = self.src.norm
        for m in _FIELD_AT.finditer(norm, a, b):
            end = _value_end(norm, m.end(), b)
            label = fold(m["label"])
            if label.startswith(("thoi", "han", "tien do")):
                if not found.deadline_text and m.end() < end:
                    self.dated(m.end(), end, found)
            elif "phoi hop" in label:
                found.coordinating = found.coordinating or self.names(m.end(), end)
            elif not label.startswith(("san pham", "ket qua")) and not parties:
                parties.extend(self.names(m.end(), end))
                found.cue = True

    def _lead(self, a: int, b: int, leading: bool) -> list[str]:
        norm = self.src.norm
        for m in _CHU_TRI.finditer(norm, a, b):
            if span := self._party_before(a, m.start()):
                return self.names(*span)
        for pattern in (_GIAO, _ASKS):
            for m in pattern.finditer(norm, a, b):
                if span := party_at(norm, m.end(), b, self.units):
                    return self.names(*span)
        if leading and (span := party_at(norm, a, b, self.units)):
            if not _DIRECTING.match(norm, span[1]):
                return self.names(*span)
        return []

    def _party_before(self, a: int, at: int) -> tuple[int, int] | None:
        """Return the units written right before `at` ("… giao Sở Nội vụ| chủ trì")."""
        norm = self.src.norm
        start = max([m.end() for m in _CLAUSE_START.finditer(norm, a, at)], default=a)
        for tok in WORD_RE.finditer(norm, start, at):
            span = party_at(norm, tok.start(), at, self.units)
            if span and not norm[span[1] : at].strip(" ,\t"):
                return span
        return None

    def _helpers(self, a: int, b: int) -> list[str]:
        norm, names = self.src.norm, []
        for m in _WITH.finditer(norm, a, b):
            if span := party_at(norm, m.end(), b, self.units):
                names += [n for n in self.names(*span) if n not in names]
        return names

    def _deadline(self, a: int, b: int, found: Facts) -> None:
        norm = self.src.norm
        hits = [
            (m.start(), i, m.end())
            for i, pattern in enumerate(_DEADLINES)
            for m in pattern.finditer(norm, a, b)
            if not any(s < m.end() and m.start() < e for s, e in self.taken)
        ]
        if hits:
            start, kind, end = min(hits)
            self.dated(start, end, found)
            found.by_date = kind == 0

    def dated(self, a: int, b: int, found: Facts) -> None:
        """Keep the deadline phrase norm[a:b] as written and the date it means, if any."""
        found.deadline_text = strip_punct(self.src.written(a, b)) or None
        if found.deadline_text is None:
            return
        try:
            found.deadline = parse_deadline(self.src.norm[a:b], issued_on=self.issued_on).due
        except InvalidDeadline:
            found.deadline = None


def _value_end(norm: str, start: int, end: int) -> int:
    """Return where a field's value ends: at ";", a line break, ")", the next field or a full stop."""
    stop = end
    if m := re.compile(r"[;\n)]|\.(?=\s|$)").search(norm, start, end):
        stop = m.start()
    if m := _FIELD_AT.search(norm, start + 1, stop):
        stop = m.start()
    return stop
