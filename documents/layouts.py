"""The body of each kind of document as data: paragraphs, loops, conditions and tables of Jinja text.

One description serves both outputs: `docx.py` writes it into the shipped DOCX template (the
loops become docxtpl's `{%p for %}` and `{%tr for %}` tags, so an admin sees the same fields in
Word), and `pdf.py` evaluates it with Jinja and lays it out with reportlab. The heading (issuing
body, symbol, national heading, date line, title, trích yếu, "Kính gửi") and the signature block
with "Nơi nhận" are the same for every kind and built by each renderer from the common fields.
The wording is Vietnamese: the documents are Vietnamese official documents whatever the UI language.
"""

from dataclasses import dataclass, field

from documents.models import DocumentKind


@dataclass(frozen=True)
class P:
    """One paragraph: `text` is Jinja; style is body (justified, indented), heading, plain or note."""

    text: str
    style: str = "body"


@dataclass(frozen=True)
class Each:
    """Repeat `body` for each element: `loop` is Jinja's "name in expression"."""

    loop: str
    body: tuple


@dataclass(frozen=True)
class When:
    """Show `body` when the Jinja expression `test` holds, else `otherwise`."""

    test: str
    body: tuple
    otherwise: tuple = ()


@dataclass(frozen=True)
class Col:
    """One table column: heading, width in millimetres, the cell's Jinja text and alignment."""

    heading: str
    mm: float
    cell: str
    align: str = "left"


@dataclass(frozen=True)
class Grid:
    """A table whose heading row repeats on every page and which has one row per element of `loop`."""

    loop: str
    columns: tuple[Col, ...] = field(default_factory=tuple)
    size: float = 12  # points; 11 for the widest tables


AGENCY = "{{ agency_name }}"

URGE_LETTER = (
    P(
        "Thực hiện {{ directive.reference }}, " + AGENCY + " được giao theo dõi, đôn đốc, "
        "tổng hợp kết quả thực hiện."
    ),
    P(
        "Theo dõi trên Hệ thống theo dõi thực hiện văn bản chỉ đạo (PCTS), tính đến ngày "
        "{{ as_of }}, {{ units_phrase }} còn {{ overdue_total }} nhiệm vụ quá hạn chưa hoàn "
        "thành, cụ thể như sau:"
    ),
    Each(
        "unit in units",
        (
            P(
                "{{ unit.number }}. {{ unit.name }} – {{ unit.head }}: {{ unit.overdue_count }} "
                "nhiệm vụ quá hạn",
                "heading",
            ),
            Grid(
                "item in unit.tasks",
                (
                    Col("STT", 12, "{{ item.number }}", "center"),
                    Col("Nhiệm vụ", 83, "{{ item.task }}"),
                    Col("Hạn hoàn thành", 25, "{{ item.deadline }}", "center"),
                    Col("Số ngày quá hạn", 22, "{{ item.days_late }}", "center"),
                    Col("Số lần đã đôn đốc", 23, "{{ item.urged }}", "center"),
                ),
            ),
        ),
    ),
    P(
        "Để bảo đảm tiến độ thực hiện {{ directive.reference_short }}, " + AGENCY + " đề nghị "
        "Thủ trưởng {{ units_phrase }} khẩn trương chỉ đạo hoàn thành các nhiệm vụ nêu trên; "
        "báo cáo kết quả (kèm tài liệu chứng minh) trên Hệ thống PCTS và bằng văn bản về "
        + AGENCY
        + " trước ngày {{ reply_by }}."
    ),
    P(
        "Quá thời hạn trên, nếu không hoàn thành hoặc không báo cáo, " + AGENCY + " sẽ tổng "
        "hợp, báo cáo {{ parent_agency_name }} xem xét trách nhiệm của người đứng đầu theo "
        "quy định./."
    ),
)

_COUNT_LINES = (
    P(
        "- Đã hoàn thành: {{ totals.completed }}, trong đó đúng hạn {{ totals.completed_on_time }}, "
        "quá hạn {{ totals.completed_late }};"
    ),
    P(
        "- Đang thực hiện trong hạn: {{ totals.within_deadline }} (trong đó sắp đến hạn "
        "{{ totals.due_soon }});"
    ),
    P("- Đã báo cáo hoàn thành, đang chờ xem xét: {{ totals.awaiting_review }};"),
    P("- Quá hạn chưa hoàn thành: {{ totals.overdue }};"),
    P("- Thường xuyên, không có thời hạn cụ thể: {{ totals.no_deadline }}."),
    P(
        "Tỷ lệ hoàn thành (số đã hoàn thành trên tổng số đã hoàn thành và quá hạn): "
        "{{ totals.completion_rate }}; tỷ lệ hoàn thành đúng hạn: {{ totals.on_time_rate }}."
    ),
)

PERIODIC_REPORT = (
    P(
        "Thực hiện {{ directive.reference }}, " + AGENCY + " báo cáo kết quả theo dõi việc thực "
        "hiện {{ period }} (số liệu từ ngày {{ period_start }} đến ngày {{ period_end }}, tính "
        "đến ngày {{ as_of }}) như sau:"
    ),
    P("I. TÌNH HÌNH GIAO NHIỆM VỤ", "heading"),
    P(
        "{{ directive.reference_short }} có {{ totals.tasks }} nhiệm vụ giao cho "
        "{{ totals.units }} đơn vị. Trong kỳ, Hệ thống PCTS theo dõi {{ totals.total }} lượt "
        "nhiệm vụ ({{ role_phrase }}) đến hạn trong kỳ hoặc từ kỳ trước chuyển sang."
    ),
    P("II. KẾT QUẢ THỰC HIỆN", "heading"),
    *_COUNT_LINES,
    P("Kết quả của từng đơn vị (xếp theo tỷ lệ hoàn thành):", "plain"),
    Grid(
        "row in unit_rows",
        (
            Col("STT", 12, "{{ row.number }}", "center"),
            Col("Đơn vị", 43, "{{ row.name }}"),
            Col("Tổng số", 14, "{{ row.total }}", "center"),
            Col("Đúng hạn", 15, "{{ row.completed_on_time }}", "center"),
            Col("Hoàn thành quá hạn", 17, "{{ row.completed_late }}", "center"),
            Col("Trong hạn", 15, "{{ row.within_deadline }}", "center"),
            Col("Quá hạn", 14, "{{ row.overdue }}", "center"),
            Col("Tỷ lệ hoàn thành", 17, "{{ row.completion_rate }}", "center"),
            Col("Tỷ lệ đúng hạn", 18, "{{ row.on_time_rate }}", "center"),
        ),
        size=11,
    ),
    P("III. NHIỆM VỤ QUÁ HẠN", "heading"),
    When(
        "overdue_items",
        (
            Grid(
                "item in overdue_items",
                (
                    Col("STT", 11, "{{ item.number }}", "center"),
                    Col("Nhiệm vụ", 62, "{{ item.task }}"),
                    Col("Đơn vị", 40, "{{ item.unit }}"),
                    Col("Hạn hoàn thành", 22, "{{ item.deadline }}", "center"),
                    Col("Số ngày quá hạn", 15, "{{ item.days_late }}", "center"),
                    Col("Số lần đôn đốc", 15, "{{ item.urged }}", "center"),
                ),
            ),
        ),
        (P("Không có nhiệm vụ quá hạn."),),
    ),
    P("IV. ĐƠN VỊ CÓ NHIỆM VỤ QUÁ HẠN", "heading"),
    When(
        "overdue_units",
        (
            Grid(
                "unit in overdue_units",
                (
                    Col("STT", 11, "{{ unit.number }}", "center"),
                    Col("Đơn vị", 60, "{{ unit.name }}"),
                    Col("Người đứng đầu", 50, "{{ unit.head }}"),
                    Col("Số nhiệm vụ quá hạn", 22, "{{ unit.overdue_count }}", "center"),
                    Col("Quá hạn lâu nhất (ngày)", 22, "{{ unit.max_days_late }}", "center"),
                ),
            ),
        ),
        (P("Không có đơn vị nào có nhiệm vụ quá hạn."),),
    ),
    P("V. KIẾN NGHỊ", "heading"),
    P(
        "Đề nghị {{ parent_agency_name }} chỉ đạo các đơn vị có nhiệm vụ quá hạn khẩn trương "
        "hoàn thành; xem xét trách nhiệm của người đứng đầu đơn vị chậm thực hiện theo quy định."
    ),
    P(AGENCY + " báo cáo {{ parent_agency_name }} xem xét, chỉ đạo./."),
)

BRIEFING_LIST = (
    P(
        "Tính đến ngày {{ as_of }}, {{ item_count }} nhiệm vụ của {{ unit_count }} đơn vị đã "
        "quá hạn, đã được đôn đốc trên {{ min_urges }} lần nhưng chưa hoàn thành{{ scope_phrase }}. "
        + AGENCY
        + " tổng hợp để báo cáo tại cuộc họp giao ban của lãnh đạo {{ parent_agency_name }}:"
    ),
    When(
        "items",
        (
            Grid(
                "item in items",
                (
                    Col("STT", 11, "{{ item.number }}", "center"),
                    Col("Nhiệm vụ (văn bản giao)", 40, "{{ item.task }} ({{ item.symbol }})"),
                    Col("Đơn vị, người đứng đầu hiện nay", 33, "{{ item.unit }}: {{ item.head }}"),
                    Col("Hạn hoàn thành", 22, "{{ item.deadline }}", "center"),
                    Col("Số ngày quá hạn", 14, "{{ item.days_late }}", "center"),
                    Col("Số lần đôn đốc", 13, "{{ item.urged }}", "center"),
                    Col("Ngày đôn đốc – người đứng đầu ngày đó", 32, "{{ item.urges }}"),
                ),
                size=11,
            ),
        ),
        (P("Không có nhiệm vụ nào thuộc diện báo cáo."),),
    ),
    P(AGENCY + " báo cáo, đề nghị lãnh đạo {{ parent_agency_name }} xem xét, chỉ đạo./."),
)

BODIES = {
    DocumentKind.URGE_LETTER: URGE_LETTER,
    DocumentKind.PERIODIC_REPORT: PERIODIC_REPORT,
    DocumentKind.BRIEFING_LIST: BRIEFING_LIST,
}


def split_loop(loop: str) -> tuple[str, str]:
    """Split Jinja's "name in expression" into the name and the expression."""
    name, _, expression = loop.partition(" in ")
    return name.strip(), expression.strip()
