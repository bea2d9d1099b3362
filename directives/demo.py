"""Demo data built from the seed texts (shared/seeds, DOMAIN.md §9); loading twice changes nothing."""

import datetime

from django.contrib.auth.models import Group
from django.db import transaction

from units import roles
from units.models import Membership, Unit, User

# (username, password, role) — fixed demo passwords, listed in the README.
DEMO_ACCOUNTS = [
    ("thanhtra", "ThanhTra@2026", "Cán bộ Thanh tra thành phố (inspectorate staff)"),
    ("chanhthanhtra", "ChanhTT@2026", "Chánh Thanh tra thành phố (inspectorate head)"),
    ("lanhdao", "LanhDao@2026", "Lãnh đạo UBND thành phố (leader, reads everything)"),
    ("quantri", "QuanTri@2026", "Quản trị hệ thống (admin)"),
    ("gd.snv", "SoNoiVu@2026", "Giám đốc Sở Nội vụ (unit head)"),
    ("daumoi.snv", "DauMoi@2026", "Cán bộ đầu mối Sở Nội vụ (focal point)"),
    ("ct.hoankiem", "HoanKiem@2026", "Chủ tịch UBND phường Hoàn Kiếm (unit head)"),
    ("gd.stc", "SoTaiChinh@2026", "Giám đốc Sở Tài chính (unit head)"),
]

# code, name, short name, kind, parent code, valid_from, valid_to, successor code
UNITS = [
    ("UBND-TP", "Ủy ban nhân dân thành phố Hà Nội", "UBND TP", "city", None, None, None, None),
    ("TTTP", "Thanh tra thành phố Hà Nội", "Thanh tra TP", "inspectorate", "UBND-TP", None, None, None),
    ("SNV", "Sở Nội vụ", "SNV", "department", "UBND-TP", None, None, None),
    ("STC", "Sở Tài chính", "STC", "department", "UBND-TP", None, None, None),
    ("STP", "Sở Tư pháp", "STP", "department", "UBND-TP", None, None, None),
    ("SXD", "Sở Xây dựng", "SXD", "department", "UBND-TP", None, None, None),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "SGDĐT", "department", "UBND-TP", None, None, None),
    ("SYT", "Sở Y tế", "SYT", "department", "UBND-TP", None, None, None),
    ("SNNMT", "Sở Nông nghiệp và Môi trường", "SNN&MT", "department", "UBND-TP", None, None, None),
    ("SVHTT", "Sở Văn hóa và Thể thao", "SVH&TT", "department", "UBND-TP", None, None, None),
    ("CATP", "Công an thành phố Hà Nội", "CATP", "department", "UBND-TP", None, None, None),
    ("P-HOANKIEM", "UBND phường Hoàn Kiếm", "P. Hoàn Kiếm", "ward", "UBND-TP", "2025-07-01", None, None),
    ("P-BADINH", "UBND phường Ba Đình", "P. Ba Đình", "ward", "UBND-TP", "2025-07-01", None, None),
    ("P-DONGDA", "UBND phường Đống Đa", "P. Đống Đa", "ward", "UBND-TP", "2025-07-01", None, None),
    ("P-CAUGIAY", "UBND phường Cầu Giấy", "P. Cầu Giấy", "ward", "UBND-TP", "2025-07-01", None, None),
    ("X-SOCSON", "UBND xã Sóc Sơn", "X. Sóc Sơn", "commune", "UBND-TP", "2025-07-01", None, None),
    ("X-DANPHUONG", "UBND xã Đan Phượng", "X. Đan Phượng", "commune", "UBND-TP", "2025-07-01", None, None),
    ("Q-HOANKIEM", "UBND quận Hoàn Kiếm", "Q. Hoàn Kiếm", "district", "UBND-TP", None, "2025-06-30", "P-HOANKIEM"),
    ("HANOIMETRO", "Công ty TNHH MTV Đường sắt Hà Nội", "Hanoi Metro", "enterprise", "UBND-TP", None, None, None),
    ("HAWACO", "Công ty TNHH MTV Nước sạch Hà Nội", "Nước sạch HN", "enterprise", "UBND-TP", None, None, None),
    ("BV-SAINT-PAUL", "Bệnh viện Đa khoa Xanh Pôn", "BV Xanh Pôn", "public_service", "SYT", None, None, None),
    ("TU", "Thành ủy Hà Nội", "Thành ủy", "party", None, None, None, None),
    ("BNC-TU", "Ban Nội chính Thành ủy", "Ban Nội chính", "party", "TU", None, None, None),
    ("UBKT-TU", "Ủy ban Kiểm tra Thành ủy", "UBKT Thành ủy", "party", "TU", None, None, None),
    ("BTG-TU", "Ban Tuyên giáo và Dân vận Thành ủy", "Ban TG&DV", "party", "TU", None, None, None),
]

# username, full name, position, unit code, membership role, groups
PEOPLE = [
    ("thanhtra", "Nguyễn Văn Thành", "Thanh tra viên chính", "TTTP", "staff", [roles.INSPECTORATE]),
    ("chanhthanhtra", "Trần Thị Minh", "Chánh Thanh tra thành phố", "TTTP", "head", [roles.INSPECTORATE]),
    ("lanhdao", "Lê Quang Huy", "Phó Chủ tịch UBND thành phố", "UBND-TP", "deputy", [roles.LEADER]),
    ("quantri", "Phạm Thu Hà", "Quản trị hệ thống", "TTTP", "staff", [roles.ADMIN]),
    ("gd.snv", "Đỗ Văn Nam", "Giám đốc Sở Nội vụ", "SNV", "head", []),
    ("daumoi.snv", "Vũ Thị Lan", "Chuyên viên", "SNV", "focal_point", []),
    ("ct.hoankiem", "Hoàng Minh Đức", "Chủ tịch UBND phường", "P-HOANKIEM", "head", []),
    ("gd.stc", "Bùi Thị Hạnh", "Giám đốc Sở Tài chính", "STC", "head", []),
]


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def load_units_and_people() -> dict[str, Unit]:
    """Create the demo organisation (units, groups, people) once."""
    for name in roles.ROLE_GROUPS:
        Group.objects.get_or_create(name=name)
    units: dict[str, Unit] = {}
    for code, name, short, kind, parent, start, end, _successor in UNITS:
        unit, _ = Unit.objects.get_or_create(
            code=code,
            defaults=dict(
                name=name, short_name=short, kind=kind, parent=units.get(parent),
                valid_from=_date(start), valid_to=_date(end),
            ),
        )
        units[code] = unit
    for code, *_rest, successor in UNITS:
        if successor and units[code].successor_id is None:
            units[code].successor = units[successor]
            units[code].save(update_fields=["successor"])
    passwords = {username: password for username, password, _ in DEMO_ACCOUNTS}
    for username, full_name, position, unit_code, role, groups in PEOPLE:
        user, created = User.objects.get_or_create(
            username=username,
            defaults=dict(full_name=full_name, position=position, email=f"{username}@demo.pcts.vn"),
        )
        if created:
            user.set_password(passwords[username])
            user.is_staff = roles.ADMIN in groups
            user.is_superuser = roles.ADMIN in groups
            user.save()
            user.groups.set(Group.objects.filter(name__in=groups))
        Membership.objects.get_or_create(
            user=user, unit=units[unit_code], role=role,
            defaults={"valid_from": datetime.date(2025, 7, 1)},
        )
    return units


def load_demo() -> None:
    """Load every piece of demo data."""
    load_units_and_people()
