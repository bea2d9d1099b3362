"""The fields a template of each kind may use, documented, with a sample of each for checking uploads.

An uploaded template is checked against these: a top-level name not listed here, or an attribute
the sample does not have (`{{ unit.fax }}`), is refused with its name. `content.py` builds exactly
these keys (a test compares them with the samples), so a template that passes renders every time.
"""

from django.utils.translation import gettext_lazy as _

from documents.models import DocumentKind

COMMON_FIELDS = {
    "parent_agency": _("Tên cơ quan chủ quản, in hoa (UBND THÀNH PHỐ HÀ NỘI)"),
    "agency": _("Tên cơ quan ban hành, in hoa (THANH TRA THÀNH PHỐ HÀ NỘI)"),
    "parent_agency_name": _("Tên cơ quan chủ quản trong câu văn"),
    "agency_name": _("Tên cơ quan ban hành trong câu văn"),
    "symbol": _("Dòng số, ký hiệu, để trống số cho văn thư (Số:      /TTTP-P3)"),
    "place_date": _("Địa danh, ngày tháng năm, để trống ngày và tháng"),
    "is_letter": _("Đúng nếu là công văn (trích yếu dưới số, ký hiệu)"),
    "doc_type_title": _("Tên loại văn bản, in hoa (BÁO CÁO); trống với công văn"),
    "subject": _("Trích yếu (V/v … với công văn)"),
    "recipients": _("Danh sách nơi nhận ở dòng “Kính gửi”"),
    "as_of": _("Ngày tính số liệu (dd/mm/yyyy)"),
    "directive": _(
        "Văn bản chỉ đạo: symbol, issued_on, issuer, summary, reference (tên loại, số, ngày, "
        "cơ quan), reference_short (tên loại và số)"
    ),
    "signing_form": _("Dòng thẩm quyền ký (CHÁNH THANH TRA, KT. CHÁNH THANH TRA, Q. …, TL. …)"),
    "signer_title": _("Chức vụ người ký dưới dòng thẩm quyền (PHÓ CHÁNH THANH TRA); có thể trống"),
    "signer_name": _("Họ tên người ký (người giữ chức vụ vào ngày lập); trống nếu khuyết"),
    "copies_to": _("Danh sách “Nơi nhận” (mỗi dòng một nơi)"),
    "filed": _("Dòng lưu (Lưu: VT, P3.)"),
    "made_by": _("Người lập văn bản trên PCTS"),
}

KIND_FIELDS = {
    DocumentKind.URGE_LETTER: {
        "units": _(
            "Các đơn vị: number, name, head (người đứng đầu hoặc quyền, hoặc ghi khuyết), "
            "overdue_count, tasks (number, task, symbol, deadline, days_late, urged)"
        ),
        "units_phrase": _("“đơn vị” hoặc “các đơn vị”"),
        "overdue_total": _("Tổng số nhiệm vụ quá hạn"),
        "reply_by": _("Hạn báo cáo kết quả (dd/mm/yyyy)"),
    },
    DocumentKind.PERIODIC_REPORT: {
        "period": _("Tên kỳ báo cáo (Quý I/2026)"),
        "period_start": _("Ngày đầu kỳ"),
        "period_end": _("Ngày cuối kỳ"),
        "role_phrase": _("Vai trò được tính (đơn vị chủ trì / chủ trì và phối hợp)"),
        "totals": _(
            "Tổng hợp: tasks, units, total, completed, completed_on_time, completed_late, "
            "within_deadline, due_soon, overdue, awaiting_review, no_deadline, completion_rate, "
            "on_time_rate"
        ),
        "unit_rows": _(
            "Từng đơn vị: number, name, total, completed_on_time, completed_late, "
            "within_deadline, overdue, completion_rate, on_time_rate"
        ),
        "overdue_items": _("Nhiệm vụ quá hạn: number, task, unit, deadline, days_late, urged"),
        "overdue_units": _(
            "Đơn vị có nhiệm vụ quá hạn: number, name, head, overdue_count, max_days_late"
        ),
    },
    DocumentKind.BRIEFING_LIST: {
        "min_urges": _("Số lần đôn đốc mà nhiệm vụ đã vượt quá"),
        "scope_phrase": _("Phạm vi (theo văn bản nào), có thể trống"),
        "item_count": _("Số nhiệm vụ trong danh sách"),
        "unit_count": _("Số đơn vị"),
        "items": _(
            "Nhiệm vụ: number, task, symbol, unit, head (người chịu trách nhiệm hôm nay), "
            "deadline, days_late, urged, urges (các ngày đôn đốc và người đứng đầu ngày đó)"
        ),
    },
}

_DIRECTIVE = {
    "symbol": "160-KH/TU",
    "issued_on": "06/9/2023",
    "issuer": "Ban Thường vụ Thành ủy",
    "summary": "Thực hiện Kết luận của Tổng Bí thư về phòng, chống tham nhũng, tiêu cực",
    "reference": "Kế hoạch số 160-KH/TU ngày 06/9/2023 của Ban Thường vụ Thành ủy",
    "reference_short": "Kế hoạch số 160-KH/TU",
}
_COMMON = {
    "parent_agency": "UBND THÀNH PHỐ HÀ NỘI",
    "agency": "THANH TRA THÀNH PHỐ HÀ NỘI",
    "parent_agency_name": "UBND thành phố Hà Nội",
    "agency_name": "Thanh tra Thành phố Hà Nội",
    "symbol": "Số:        /TTTP-P3",
    "place_date": "Hà Nội, ngày      tháng      năm 2026",
    "is_letter": True,
    "doc_type_title": "",
    "subject": "V/v đôn đốc thực hiện nhiệm vụ quá hạn",
    "recipients": ["Sở Nội vụ"],
    "as_of": "20/03/2026",
    "directive": _DIRECTIVE,
    "signing_form": "KT. CHÁNH THANH TRA",
    "signer_title": "PHÓ CHÁNH THANH TRA",
    "signer_name": "Nguyễn Văn An",
    "copies_to": ["Như trên;", "Chánh Thanh tra (để b/c);"],
    "filed": "Lưu: VT, P3.",
    "made_by": "Trần Thị Bình",
}
_ITEM = {
    "number": "1",
    "task": "Tự kiểm tra việc kê khai tài sản",
    "symbol": "160-KH/TU",
    "unit": "Sở Nội vụ",
    "head": "Giám đốc Lê Văn Cường",
    "deadline": "31/12/2025",
    "days_late": "79",
    "urged": "4",
    "urges": "02/01/2026 – Lê Văn Cường",
}
_COUNTS = {
    "total": "4",
    "completed": "1",
    "completed_on_time": "1",
    "completed_late": "0",
    "within_deadline": "1",
    "due_soon": "0",
    "overdue": "1",
    "awaiting_review": "1",
    "no_deadline": "0",
    "completion_rate": "50,00 %",
    "on_time_rate": "50,00 %",
}
SAMPLES = {
    DocumentKind.URGE_LETTER: {
        **_COMMON,
        "units": [
            {
                "number": "1",
                "name": "Sở Nội vụ",
                "head": "Giám đốc Lê Văn Cường",
                "overdue_count": "1",
                "tasks": [_ITEM],
            }
        ],
        "units_phrase": "đơn vị",
        "overdue_total": "1",
        "reply_by": "27/03/2026",
    },
    DocumentKind.PERIODIC_REPORT: {
        **_COMMON,
        "is_letter": False,
        "doc_type_title": "BÁO CÁO",
        "symbol": "Số:        /BC-TTTP",
        "subject": "Kết quả thực hiện Kế hoạch số 160-KH/TU Quý I/2026",
        "recipients": [],
        "period": "Quý I/2026",
        "period_start": "15/12/2025",
        "period_end": "14/3/2026",
        "role_phrase": "đơn vị chủ trì",
        "totals": {"tasks": "3", "units": "2", **_COUNTS},
        "unit_rows": [{**_COUNTS, "number": "1", "name": "Sở Nội vụ"}],
        "overdue_items": [_ITEM],
        "overdue_units": [
            {
                "number": "1",
                "name": "Sở Nội vụ",
                "head": "Giám đốc Lê Văn Cường",
                "overdue_count": "1",
                "max_days_late": "79",
            }
        ],
    },
    DocumentKind.BRIEFING_LIST: {
        **_COMMON,
        "is_letter": False,
        "doc_type_title": "BÁO CÁO",
        "symbol": "Số:        /BC-TTTP",
        "subject": "Danh sách nhiệm vụ quá hạn đã đôn đốc trên 3 lần, báo cáo giao ban",
        "recipients": [],
        "min_urges": "3",
        "scope_phrase": "",
        "item_count": "1",
        "unit_count": "1",
        "items": [_ITEM],
    },
}


def allowed_fields(kind: str) -> dict:
    """Return {field name: description} of the fields a template of `kind` may use."""
    return {**COMMON_FIELDS, **KIND_FIELDS[kind]}
