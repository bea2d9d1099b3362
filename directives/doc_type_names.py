"""The built-in document type names, so a page in English shows the type in English too.

A directive stores its type name in Vietnamese (the document's own words); these are the names the
symbol registry knows, marked for the catalogue. A name an admin typed that is not here is shown
as written.
"""

from django.utils.translation import gettext, gettext_noop

TYPE_NAMES = frozenset(
    [
        gettext_noop("Biên bản"),
        gettext_noop("Báo cáo"),
        gettext_noop("Bản ghi nhớ"),
        gettext_noop("Bản thỏa thuận"),
        gettext_noop("Chương trình"),
        gettext_noop("Chỉ thị"),
        gettext_noop("Công văn"),
        gettext_noop("Công điện"),
        gettext_noop("Dự án"),
        gettext_noop("Giấy chứng nhận"),
        gettext_noop("Giấy giới thiệu"),
        gettext_noop("Giấy mời"),
        gettext_noop("Giấy nghỉ phép"),
        gettext_noop("Giấy ủy quyền"),
        gettext_noop("Hướng dẫn"),
        gettext_noop("Hợp đồng"),
        gettext_noop("Kế hoạch"),
        gettext_noop("Kết luận"),
        gettext_noop("Lệnh"),
        gettext_noop("Nghị quyết"),
        gettext_noop("Nghị quyết liên tịch"),
        gettext_noop("Nghị định"),
        gettext_noop("Phiếu báo"),
        gettext_noop("Phiếu chuyển"),
        gettext_noop("Phiếu gửi"),
        gettext_noop("Phương án"),
        gettext_noop("Quy chế"),
        gettext_noop("Quy định"),
        gettext_noop("Quyết định"),
        gettext_noop("Thông báo"),
        gettext_noop("Thông cáo"),
        gettext_noop("Thông tri"),
        gettext_noop("Thông tư"),
        gettext_noop("Thông tư liên tịch"),
        gettext_noop("Tờ trình"),
        gettext_noop("Đề án"),
    ]
)


def type_name_display(name: str) -> str:
    """Return a stored type name in the page's language when it is a built-in one."""
    return gettext(name) if name in TYPE_NAMES else name
