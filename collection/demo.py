"""Demo data: an illustrative outline of the PCTN report form of TT 06/2025/TT-TTCP and one round.

The circular's appendix text was not available when this was written: the fields below are an
outline to check against the circular in force, labelled so on the form itself.
"""

from django.db import transaction
from django.utils import timezone

from collection import services
from collection.models import FormField, ReportForm
from directives.periods import PeriodKind, default_number, make_period
from units.models import Unit, User
from units.selectors import accountable_person

EXAMPLE_TITLE = "Mẫu ví dụ — đối chiếu với thông tư hiện hành"
K = FormField.Kind
# (code, label, kind, sum_of, columns)
FIELDS = [
    ("1", "Số cuộc thanh tra, kiểm tra về phòng, chống tham nhũng", K.INTEGER, "", []),
    ("2", "Tổng số vụ việc tham nhũng phát hiện", K.INTEGER, "2.1+2.2", []),
    ("2.1", "Phát hiện qua thanh tra, kiểm tra", K.INTEGER, "", []),
    ("2.2", "Phát hiện qua giải quyết khiếu nại, tố cáo", K.INTEGER, "", []),
    ("3", "Số người có hành vi tham nhũng", K.INTEGER, "", []),
    ("4", "Số tiền kiến nghị thu hồi (đồng)", K.MONEY, "", []),
    ("5", "Số tiền đã thu hồi (đồng)", K.MONEY, "", []),
    ("6", "Số người phải kê khai tài sản, thu nhập", K.INTEGER, "", []),
    ("7", "Số người đã kê khai tài sản, thu nhập", K.INTEGER, "", []),
    (
        "8",
        "Danh sách vụ việc tham nhũng phát hiện trong kỳ",
        K.ROWS,
        "",
        [
            ("8.1", "Tên vụ việc", K.TEXT),
            ("8.2", "Số người liên quan", K.INTEGER),
            ("8.3", "Số tiền thiệt hại (đồng)", K.MONEY),
        ],
    ),
    ("9", "Ghi chú, giải trình", K.TEXT, "", []),
]


@transaction.atomic
def load_example_form() -> ReportForm:
    """Create (once) the example form 01/PCTN v1 with its fields."""
    form, created = ReportForm.objects.get_or_create(
        code="01/PCTN",
        version=1,
        defaults={
            "title": f"Báo cáo kết quả công tác phòng, chống tham nhũng ({EXAMPLE_TITLE})",
            "circular": "Thông tư 06/2025/TT-TTCP",
            "is_example": True,
            "notes": "Đề cương minh họa, chưa đối chiếu phụ lục của thông tư.",
        },
    )
    if not created:
        return form
    for position, (code, label, kind, sum_of, columns) in enumerate(FIELDS, start=1):
        field = FormField.objects.create(
            form=form, position=position, code=code, label=label, kind=kind, sum_of=sum_of
        )
        for n, (column_code, column_label, column_kind) in enumerate(columns, start=1):
            FormField.objects.create(
                form=form,
                parent=field,
                position=n,
                code=column_code,
                label=column_label,
                kind=column_kind,
                required=column_kind == K.TEXT,
            )
    return form


def load_collection_demo() -> ReportForm:
    """Create the example form and one open round of this quarter for the demo's units."""
    form = load_example_form()
    today = timezone.localdate()
    kind = PeriodKind.REPORT_QUARTER
    period = make_period(kind, today.year, default_number(kind, today))
    if period.start > today:
        period = make_period(kind, today.year, max(1, default_number(kind, today) - 1))
    units = Unit.objects.filter(kind__in=["department", "ward", "commune"])[:6]
    round_ = services.round_plan(form=form, period=period, units=list(units), today=today)
    _demo_submissions(round_)
    return form


# What three of the demo's units have sent: accepted figures, "không phát sinh", one to review.
DEMO_VALUES = {
    "1": 2,
    "2": 3,
    "2.1": 2,
    "2.2": 1,
    "3": 4,
    "4": 250000000,
    "5": 120000000,
    "6": 85,
    "7": 85,
    "8": [{"8.1": "Sai phạm trong quản lý đất đai tại dự án A", "8.2": 3, "8.3": 250000000}],
}


def _demo_submissions(round_) -> None:
    """Send three of the round's drafts through the services (once: sent ones are left alone)."""
    inspector = User.objects.filter(username="thanhtra").first()
    drafts = [s for s in round_.submissions.select_related("unit") if s.state == "draft"]
    if inspector is None or len(drafts) < round_.units.count():
        return
    for n, submission in enumerate(drafts[:3]):
        head = accountable_person(submission.unit, timezone.localdate())
        if head is None:
            continue
        if n == 1:
            services.submission_declare_nothing(actor=head, submission=submission)
            continue
        services.submission_save(actor=head, submission=submission, values=DEMO_VALUES, send=True)
        if n == 0:
            services.submission_accept(actor=inspector, submission=submission)
