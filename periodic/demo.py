"""The periodic part of the demo data: a yearly PCTN task template and periodic tasks (idempotent)."""

from django.db import transaction

from directives.models import Directive
from periodic.models import Recurrence, TaskTemplate
from periodic.recurrence import Cadence, Windows
from periodic.services import recurrence_create
from units.models import Unit, User

TEMPLATE = "Kế hoạch công tác phòng, chống tham nhũng, tiêu cực hằng năm"
TEMPLATE_ITEMS = [
    (
        "Báo cáo công tác phòng, chống tham nhũng, tiêu cực theo kỳ (Mẫu 01/PCTN)",
        "",
        Cadence.QUARTERLY,
    ),
    (
        "Xây dựng, ban hành kế hoạch phòng, chống tham nhũng, tiêu cực của đơn vị",
        "trong quý I/2027",
        "",
    ),
    (
        "Tự kiểm tra nội bộ, kịp thời phát hiện, xử lý hành vi tham nhũng, tiêu cực",
        "thường xuyên",
        "",
    ),
]
# symbol of the directive, title, cadence, lead unit code, coordinating unit codes
SERIES = [
    (
        "5046/UBND-TTTP",
        "Báo cáo định kỳ việc thực hiện Kế hoạch số 160-KH/TU",
        Cadence.QUARTERLY,
        "SNV",
        ["STC", "STP"],
    ),
    (
        "10-CTr/TU",
        "Báo cáo kết quả thực hiện Chương trình nâng cao hiệu quả công tác PCTN; THTK, CLP",
        Cadence.HALF_YEARLY,
        "TTTP",
        [],
    ),
    (
        "5046/UBND-TTTP",
        "Tuyên truyền, phổ biến pháp luật về phòng, chống tham nhũng tại khu dân cư",
        Cadence.REGULAR,
        "P-HOANKIEM",
        ["P-BADINH"],
    ),
    (
        "10-CTr/TU",
        "Báo cáo tổng kết công tác phòng, chống tham nhũng, tiêu cực năm",
        Cadence.YEARLY,
        "SXD",
        [],
    ),
]


@transaction.atomic
def load_periodic_demo() -> int:
    """Add the template and the periodic tasks to the demo data once; return how many series were added."""
    template, created = TaskTemplate.objects.get_or_create(
        name=TEMPLATE,
        defaults={
            "description": "Các nhiệm vụ chuẩn giao cho mọi sở, ngành và xã, phường mỗi năm."
        },
    )
    if created:
        for position, (title, deadline, cadence) in enumerate(TEMPLATE_ITEMS, start=1):
            template.items.create(
                position=position,
                title=title,
                deadline_text=deadline,
                cadence=cadence,
                windows=Windows.REPORT,
            )
    staff = User.objects.filter(username="thanhtra").first()
    if staff is None:
        return 0
    added = 0
    for symbol, title, cadence, lead, coordinating in SERIES:
        directive = Directive.objects.filter(symbol=symbol).order_by("-issued_on").first()
        if (
            directive is None
            or Recurrence.objects.filter(task__directive=directive, task__title=title).exists()
        ):
            continue
        recurrence_create(
            actor=staff,
            directive=directive,
            title=title,
            lead_unit=Unit.objects.get(code=lead),
            coordinating_units=list(Unit.objects.filter(code__in=coordinating)),
            cadence=cadence,
            windows=Windows.REPORT,
        )
        added += 1
    return added
