"""Seed the built-in issuer abbreviations into the editable table, so admins see and edit them.

The list is frozen here as it stood (directives.symbols' built-in registry); rows an admin already
added keep their name. The parser still falls back to its built-in list, so removing a row here
only drops an override.
"""

from django.db import migrations

BUILT_IN = [
    ("TW", "Ban Chấp hành Trung ương Đảng"),
    ("TU", "Tỉnh ủy, Thành ủy"),
    ("ĐU", "Đảng ủy"),
    ("HU", "Huyện ủy"),
    ("QU", "Quận ủy"),
    ("ĐUK", "Đảng ủy Khối"),
    ("BCĐTW", "Ban Chỉ đạo Trung ương"),
    ("BCĐ", "Ban Chỉ đạo"),
    ("UBKT", "Ủy ban Kiểm tra"),
    ("BTG", "Ban Tuyên giáo"),
    ("BDV", "Ban Dân vận"),
    ("BNC", "Ban Nội chính"),
    ("VPTW", "Văn phòng Trung ương Đảng"),
    ("VPTU", "Văn phòng Tỉnh ủy, Thành ủy"),
    ("TWĐTN", "Trung ương Đoàn TNCS Hồ Chí Minh"),
    ("QH", "Quốc hội"),
    ("UBTVQH", "Ủy ban Thường vụ Quốc hội"),
    ("ĐĐBQH", "Đoàn đại biểu Quốc hội"),
    ("CTN", "Chủ tịch nước"),
    ("CP", "Chính phủ"),
    ("TTg", "Thủ tướng Chính phủ"),
    ("VPCP", "Văn phòng Chính phủ"),
    ("TTCP", "Thanh tra Chính phủ"),
    ("BCA", "Bộ Công an"),
    ("BTC", "Bộ Tài chính; Ban Tổ chức"),
    ("BNV", "Bộ Nội vụ"),
    ("BTP", "Bộ Tư pháp"),
    ("BCT", "Bộ Công Thương"),
    ("BKHĐT", "Bộ Kế hoạch và Đầu tư"),
    ("BQP", "Bộ Quốc phòng"),
    ("BYT", "Bộ Y tế"),
    ("BXD", "Bộ Xây dựng"),
    ("BGDĐT", "Bộ Giáo dục và Đào tạo"),
    ("BNG", "Bộ Ngoại giao"),
    ("NHNN", "Ngân hàng Nhà nước"),
    ("KTNN", "Kiểm toán nhà nước"),
    ("TANDTC", "Tòa án nhân dân tối cao"),
    ("VKSNDTC", "Viện kiểm sát nhân dân tối cao"),
    ("UBND", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc"),
    ("VP", "Văn phòng"),
    ("SNV", "Sở Nội vụ"),
    ("STC", "Sở Tài chính"),
    ("STP", "Sở Tư pháp"),
    ("TTTP", "Thanh tra thành phố"),
    ("TTT", "Thanh tra tỉnh"),
]


def seed(apps, schema_editor):
    # On the migration's own connection (the owner role): the app role has no grants yet.
    IssuerCode = apps.get_model("directives", "IssuerCode")
    codes = IssuerCode.objects.using(schema_editor.connection.alias)
    have = {code.casefold() for code in codes.values_list("code", flat=True)}
    codes.bulk_create(
        [IssuerCode(code=c, name=n) for c, n in BUILT_IN if c.casefold() not in have]
    )


def unseed(apps, schema_editor):
    IssuerCode = apps.get_model("directives", "IssuerCode")
    codes = IssuerCode.objects.using(schema_editor.connection.alias)
    for code, name in BUILT_IN:
        codes.filter(code=code, name=name).delete()


class Migration(migrations.Migration):
    dependencies = [("directives", "0027_item_overdue_event")]

    operations = [migrations.RunPython(seed, unseed)]
