"""Demo data built from the seed texts (demo_data/seeds, DOMAIN.md §9); loading twice changes nothing."""

import datetime
from pathlib import Path

from django.contrib.auth.models import Group
from django.db import transaction

from directives import public_holidays
from directives.demo_accounts import DEMO_ACCOUNTS  # noqa: F401 - re-exported
from units import roles
from units.models import Membership, Unit, User

# code, name, short name, kind, parent code, valid_from, valid_to, successor code
UNITS = [
    ("UBND-TP", "Ủy ban nhân dân thành phố Hà Nội", "UBND TP", "city", None, None, None, None),
    (
        "TTTP",
        "Thanh tra thành phố Hà Nội",
        "Thanh tra TP",
        "inspectorate",
        "UBND-TP",
        None,
        None,
        None,
    ),
    ("SNV", "Sở Nội vụ", "SNV", "department", "UBND-TP", None, None, None),
    ("STC", "Sở Tài chính", "STC", "department", "UBND-TP", None, None, None),
    ("STP", "Sở Tư pháp", "STP", "department", "UBND-TP", None, None, None),
    ("SXD", "Sở Xây dựng", "SXD", "department", "UBND-TP", None, None, None),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "SGDĐT", "department", "UBND-TP", None, None, None),
    ("SYT", "Sở Y tế", "SYT", "department", "UBND-TP", None, None, None),
    ("SNNMT", "Sở Nông nghiệp và Môi trường", "SNN&MT", "department", "UBND-TP", None, None, None),
    ("SVHTT", "Sở Văn hóa và Thể thao", "SVH&TT", "department", "UBND-TP", None, None, None),
    ("CATP", "Công an thành phố Hà Nội", "CATP", "department", "UBND-TP", None, None, None),
    (
        "P-HOANKIEM",
        "UBND phường Hoàn Kiếm",
        "P. Hoàn Kiếm",
        "ward",
        "UBND-TP",
        "2025-07-01",
        None,
        None,
    ),
    ("P-BADINH", "UBND phường Ba Đình", "P. Ba Đình", "ward", "UBND-TP", "2025-07-01", None, None),
    ("P-DONGDA", "UBND phường Đống Đa", "P. Đống Đa", "ward", "UBND-TP", "2025-07-01", None, None),
    (
        "P-CAUGIAY",
        "UBND phường Cầu Giấy",
        "P. Cầu Giấy",
        "ward",
        "UBND-TP",
        "2025-07-01",
        None,
        None,
    ),
    ("X-SOCSON", "UBND xã Sóc Sơn", "X. Sóc Sơn", "commune", "UBND-TP", "2025-07-01", None, None),
    (
        "X-DANPHUONG",
        "UBND xã Đan Phượng",
        "X. Đan Phượng",
        "commune",
        "UBND-TP",
        "2025-07-01",
        None,
        None,
    ),
    (
        "Q-HOANKIEM",
        "UBND quận Hoàn Kiếm",
        "Q. Hoàn Kiếm",
        "district",
        "UBND-TP",
        None,
        "2025-06-30",
        "P-HOANKIEM",
    ),
    (
        "HANOIMETRO",
        "Công ty TNHH MTV Đường sắt Hà Nội",
        "Đường sắt HN",
        "enterprise",
        "UBND-TP",
        None,
        None,
        None,
    ),
    (
        "HAWACO",
        "Công ty TNHH MTV Nước sạch Hà Nội",
        "Nước sạch HN",
        "enterprise",
        "UBND-TP",
        None,
        None,
        None,
    ),
    (
        "BV-SAINT-PAUL",
        "Bệnh viện Đa khoa Xanh Pôn",
        "BV Xanh Pôn",
        "public_service",
        "SYT",
        None,
        None,
        None,
    ),
    ("TU", "Thành ủy Hà Nội", "Thành ủy", "party", None, None, None, None),
    ("BNC-TU", "Ban Nội chính Thành ủy", "Ban Nội chính", "party", "TU", None, None, None),
    ("UBKT-TU", "Ủy ban Kiểm tra Thành ủy", "UBKT Thành ủy", "party", "TU", None, None, None),
    ("BTG-TU", "Ban Tuyên giáo và Dân vận Thành ủy", "Ban TG&DV", "party", "TU", None, None, None),
]

# username, full name, position, unit code, membership role, groups
PEOPLE = [
    ("thanhtra", "Nguyễn Văn Thành", "Thanh tra viên chính", "TTTP", "staff", [roles.INSPECTORATE]),
    (
        "chanhthanhtra",
        "Trần Thị Minh",
        "Chánh Thanh tra thành phố",
        "TTTP",
        "head",
        [roles.INSPECTORATE],
    ),
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
                name=name,
                short_name=short,
                kind=kind,
                parent=units.get(parent),
                valid_from=_date(start),
                valid_to=_date(end),
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
            user=user,
            unit=units[unit_code],
            role=role,
            defaults={"valid_from": datetime.date(2025, 7, 1)},
        )
    return units


# --------------------------------------------------------------------------- directives
# The seeds' real directives (DOMAIN.md §9), with their real dates and links.
# symbol, issued_on, issuer name, signer, summary, classified
DIRECTIVES = [
    (
        "126/NQ-CP",
        "2017-11-29",
        "Chính phủ",
        "",
        "Nghị quyết về Chương trình hành động của Chính phủ thực hiện công tác phòng, chống tham nhũng đến năm 2020",
    ),
    (
        "31/KH-UBND",
        "2018-02-05",
        "Ủy ban nhân dân thành phố Hà Nội",
        "",
        "Kế hoạch thực hiện Nghị quyết số 126/NQ-CP ngày 29/11/2017 của Chính phủ về Chương trình hành động thực hiện công tác phòng, chống tham nhũng đến năm 2020",
    ),
    (
        "10-CTr/TU",
        "2021-03-17",
        "Thành ủy Hà Nội (khóa XVII)",
        "",
        "Chương trình nâng cao hiệu quả công tác phòng, chống tham nhũng; thực hành tiết kiệm, chống lãng phí giai đoạn 2021 - 2025",
    ),
    (
        "21-KL/TW",
        "2021-10-25",
        "Ban Chấp hành Trung ương Đảng",
        "",
        'Kết luận về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị; kiên quyết ngăn chặn, đẩy lùi, xử lý nghiêm cán bộ, đảng viên suy thoái về tư tưởng chính trị, đạo đức, lối sống, biểu hiện "tự diễn biến", "tự chuyển hóa"',
    ),
    (
        "37-QĐ/TW",
        "2021-10-25",
        "Ban Chấp hành Trung ương Đảng",
        "",
        "Quy định về những điều đảng viên không được làm",
    ),
    (
        "160-KH/TU",
        "2023-09-06",
        "Ban Thường vụ Thành ủy Hà Nội",
        "",
        "Kế hoạch thực hiện kết luận của đồng chí Tổng Bí thư, Trưởng Ban Chỉ đạo Trung ương về phòng, chống tham nhũng, tiêu cực tại Hội nghị sơ kết 1 năm hoạt động của Ban Chỉ đạo cấp tỉnh ngày 19-6-2023",
    ),
    (
        "5046/UBND-TTTP",
        "2023-09-18",
        "Ủy ban nhân dân thành phố Hà Nội",
        "",
        "Về việc triển khai thực hiện Kế hoạch số 160-KH/TU ngày 6-9-2023 của Ban Thường vụ Thành ủy; nâng cao trách nhiệm của người đứng đầu trong công tác phòng, chống tham nhũng, tiêu cực",
    ),
]
# source, target, kind
LINKS = [
    ("31/KH-UBND", "126/NQ-CP", "implements"),
    ("160-KH/TU", "21-KL/TW", "based_on"),
    ("5046/UBND-TTTP", "160-KH/TU", "implements"),
    ("5046/UBND-TTTP", "21-KL/TW", "based_on"),
    ("5046/UBND-TTTP", "37-QĐ/TW", "based_on"),
]
# Public news texts the product was first described from, kept in the package (package data).
SEEDS_DIR = Path(__file__).resolve().parent / "demo_data" / "seeds"
SEED_FILES = {
    "10-CTr/TU": "000_ad072bd51b88288b.txt",
    "5046/UBND-TTTP": "001_46e6e7f655c8317c.txt",
    "31/KH-UBND": "002_e772c1f9a57612c7.txt",
}

# The recent plan whose tasks carry deadlines placed relative to the day of the first load, so
# that every timeliness state appears. A demo document, marked as such in its summary.
DEMO_PLAN = (
    "86/KH-TTTP",
    "Thanh tra thành phố Hà Nội",
    "(Dữ liệu minh họa) Kế hoạch đôn đốc, kiểm tra việc thực hiện Công văn số 5046/UBND-TTTP và công tác tự kiểm tra nội bộ về phòng, chống tham nhũng, tiêu cực",
)


def _seed_body(symbol: str) -> str:
    name = SEED_FILES.get(symbol)
    return (SEEDS_DIR / name).read_text(encoding="utf-8") if name else ""


def _backdated_report(
    assignment, *, actor, day: datetime.date, body: str, completion: bool, percent=None
):
    """Create a report submitted on a past day (demo history only; live reports use services)."""
    from django.utils import timezone

    from directives.models import Assignment, ProgressReport

    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))
    report = ProgressReport.objects.create(
        assignment=assignment,
        submitted_by=actor,
        submitted_at=at,
        submitted_on=day,
        body=body,
        percent=100 if completion else percent,
        claims_completion=completion,
    )
    fields = {
        "last_report_at": at,
        "progress_percent": report.percent or assignment.progress_percent,
    }
    if completion:
        fields.update(state=Assignment.State.REPORTED, reported_on=day)
    else:
        fields.update(state=Assignment.State.IN_PROGRESS)
    Assignment.objects.filter(pk=assignment.pk).update(**fields)
    assignment.refresh_from_db()
    return report


def load_directives(units: dict[str, Unit]) -> None:
    """Register the seed directives, their links, and tasks covering every timeliness state."""
    from django.utils import timezone

    from directives import services
    from directives.models import Assignment, Directive, IssuerCode, PartyTerm

    if Directive.objects.filter(symbol=DEMO_PLAN[0]).exists():
        return  # loaded before: a second run changes nothing
    today = timezone.localdate()
    d = lambda days: today + datetime.timedelta(days=days)  # noqa: E731
    staff = User.objects.get(username="thanhtra")
    chief = User.objects.get(username="chanhthanhtra")
    IssuerCode.objects.get_or_create(
        code="TTTP", defaults={"name": "Thanh tra thành phố", "track": "state"}
    )
    PartyTerm.objects.get_or_create(
        issuer_code="TU",
        name="khóa XVII",
        defaults={"starts_on": datetime.date(2020, 10, 1), "ends_on": datetime.date(2025, 10, 15)},
    )
    PartyTerm.objects.get_or_create(
        issuer_code="TW",
        name="khóa XIII",
        defaults={"starts_on": datetime.date(2021, 1, 25), "ends_on": datetime.date(2026, 1, 19)},
    )

    by_symbol = {}
    for symbol, issued, issuer, signer, summary in DIRECTIVES:
        by_symbol[symbol] = services.directive_create(
            actor=staff,
            raw_symbol=symbol,
            issued_on=datetime.date.fromisoformat(issued),
            issuer_name=issuer,
            signer=signer,
            summary=summary,
            body=_seed_body(symbol),
            tracking_officer=staff,
        )
    for source, target, kind in LINKS:
        services.directive_link_add(
            actor=staff, source=by_symbol[source], target=by_symbol[target], kind=kind
        )
    services.directive_create(
        actor=staff,
        raw_symbol="12-CV/QU",
        issued_on=datetime.date(2023, 3, 2),
        issuer_name="Quận ủy Quận 3 (TP Hồ Chí Minh)",
        summary="",
        is_classified=True,
    )

    # 5046/UBND-TTTP: the propaganda task "hoàn thành trong tháng 9 năm 2023", done on time and late.
    letter = by_symbol["5046/UBND-TTTP"]
    t1 = services.task_create(
        actor=staff,
        directive=letter,
        title="Tổ chức tuyên truyền bài phát biểu kết luận của đồng chí Tổng Bí thư tại Hội nghị ngày 19-6-2023, gắn với thực hiện Kết luận số 21-KL/TW và Quy định số 37-QĐ/TW",
        lead_unit=units["SNV"],
        coordinating_units=[units["BTG-TU"]],
        deadline_text="hoàn thành trong tháng 9 năm 2023",
    )
    services.task_create(
        actor=staff,
        directive=letter,
        title="Tự kiểm tra nội bộ, kịp thời phát hiện, xử lý hành vi tham nhũng, tiêu cực; người đứng đầu chịu trách nhiệm nếu cơ quan thanh tra phát hiện vi phạm mà đơn vị không tự phát hiện",
        lead_unit=units["STC"],
        coordinating_units=[],
        deadline_text="thường xuyên",
    )
    # In 2023 the letter also went to the districts, dissolved on 1/7/2025: history keeps them.
    a_district = Assignment.objects.create(
        task=t1,
        unit=units["Q-HOANKIEM"],
        role=Assignment.Role.COORDINATING,
        deadline_text=t1.assignments.first().deadline_text,
        deadline_kind="month",
        original_deadline=datetime.date(2023, 9, 30),
        effective_deadline=datetime.date(2023, 9, 30),
        assigned_by=staff,
    )
    _backdated_report(
        a_district,
        actor=staff,
        day=datetime.date(2023, 9, 29),
        body="UBND quận đã tổ chức quán triệt tới 18 phường.",
        completion=True,
    )
    services.report_review(actor=staff, report=a_district.reports.get(), decision="accept")
    a_snv = t1.assignments.get(unit=units["SNV"])
    _backdated_report(
        a_snv,
        actor=User.objects.get(username="daumoi.snv"),
        day=datetime.date(2023, 9, 27),
        body="Đã tổ chức 12 hội nghị quán triệt tại các phòng, đơn vị trực thuộc.",
        completion=True,
    )
    services.report_review(actor=staff, report=a_snv.reports.get(), decision="accept")
    a_btg = t1.assignments.get(unit=units["BTG-TU"])
    _backdated_report(
        a_btg,
        actor=staff,
        day=datetime.date(2023, 10, 12),
        body="Hoàn thành tuyên truyền trên các cơ quan báo chí của Thành phố.",
        completion=True,
    )
    services.report_review(actor=staff, report=a_btg.reports.get(), decision="accept")

    # 31/KH-UBND: monitoring and reporting led by the city inspectorate, done late long ago.
    plan31 = by_symbol["31/KH-UBND"]
    t31 = services.task_create(
        actor=staff,
        directive=plan31,
        title="Theo dõi, đôn đốc, tổng hợp báo cáo kết quả thực hiện Kế hoạch",
        lead_unit=units["TTTP"],
        deadline_text="trước ngày 15/12/2018",
    )
    a31 = t31.assignments.get()
    _backdated_report(
        a31,
        actor=chief,
        day=datetime.date(2018, 12, 20),
        body="Đã tổng hợp báo cáo UBND Thành phố.",
        completion=True,
    )
    services.report_review(actor=staff, report=a31.reports.get(), decision="accept")

    # The demo plan: deadlines relative to today, one of each state.
    plan = services.directive_create(
        actor=staff,
        raw_symbol=DEMO_PLAN[0],
        issued_on=d(-75),
        issuer_name=DEMO_PLAN[1],
        signer="Trần Thị Minh",
        summary=DEMO_PLAN[2],
        tracking_officer=staff,
        links=[(letter, "implements")],
    )
    specs = [
        # title, lead, coordinating, deadline text
        (
            "Báo cáo kết quả tự kiểm tra công tác phòng, chống tham nhũng 6 tháng",
            "SNV",
            ["STP"],
            f"chậm nhất ngày {d(-40):%d/%m/%Y}",
        ),
        (
            "Rà soát, công khai minh bạch trong mua sắm công",
            "STC",
            ["SXD"],
            f"chậm nhất ngày {d(-20):%d/%m/%Y}",
        ),
        (
            "Kiểm tra việc kê khai tài sản, thu nhập năm của cán bộ diện quản lý",
            "P-HOANKIEM",
            ["P-BADINH"],
            f"chậm nhất ngày {d(-35):%d/%m/%Y}",
        ),
        (
            "Chấn chỉnh tư tưởng sợ sai, né tránh, đùn đẩy trách nhiệm",
            "SXD",
            [],
            f"chậm nhất ngày {d(-16):%d/%m/%Y}",
        ),
        (
            "Xây dựng văn hóa liêm chính trong cán bộ, công chức",
            "SGDDT",
            ["SVHTT"],
            f"chậm nhất ngày {d(-3):%d/%m/%Y}",
        ),
        (
            "Báo cáo việc xử lý trách nhiệm người đứng đầu để xảy ra tham nhũng",
            "P-DONGDA",
            [],
            f"chậm nhất ngày {d(3):%d/%m/%Y}",
        ),
        (
            "Tuyên truyền, phổ biến Luật Phòng, chống tham nhũng tại khu dân cư",
            "P-HOANKIEM",
            ["X-SOCSON"],
            f"chậm nhất ngày {d(6):%d/%m/%Y}",
        ),
        (
            "Công khai kết quả giải quyết đơn thư, kiến nghị",
            "SYT",
            ["BV-SAINT-PAUL"],
            f"chậm nhất ngày {d(25):%d/%m/%Y}",
        ),
        (
            "Rà soát quy trình cấp phép xây dựng, phòng ngừa nhũng nhiễu",
            "SXD",
            ["P-CAUGIAY"],
            f"chậm nhất ngày {d(45):%d/%m/%Y}",
        ),
        (
            "Kiểm soát xung đột lợi ích trong doanh nghiệp nhà nước",
            "HANOIMETRO",
            ["HAWACO"],
            f"chậm nhất ngày {d(-10):%d/%m/%Y}",
        ),
        (
            "Báo cáo kết quả thực hiện Chỉ thị về tiếp công dân",
            "SNNMT",
            [],
            f"chậm nhất ngày {d(-8):%d/%m/%Y}",
        ),
        (
            "Đề xuất giải pháp chuyển đổi số trong thanh tra công vụ",
            "STP",
            [],
            f"chậm nhất ngày {d(-2):%d/%m/%Y}",
        ),
        ("Triển khai ngay việc rà soát các vụ việc kéo dài", "CATP", [], "khẩn trương"),
        ("Tự kiểm tra định kỳ việc thực hiện quy tắc ứng xử", "X-DANPHUONG", [], "thường xuyên"),
    ]
    tasks = [
        services.task_create(
            actor=staff,
            directive=plan,
            title=title,
            lead_unit=units[lead],
            coordinating_units=[units[c] for c in coord],
            deadline_text=text,
        )
        for title, lead, coord, text in specs
    ]
    lead = lambda i: tasks[i].assignments.get(role=Assignment.Role.LEAD)  # noqa: E731
    # completed on time / late
    _backdated_report(
        lead(0),
        actor=User.objects.get(username="gd.snv"),
        day=d(-42),
        body="Đã gửi báo cáo số 1520/BC-SNV.",
        completion=True,
    )
    services.report_review(actor=chief, report=lead(0).reports.get(), decision="accept")
    _backdated_report(
        lead(1),
        actor=User.objects.get(username="gd.stc"),
        day=d(-12),
        body="Đã công khai trên cổng thông tin của Sở.",
        completion=True,
    )
    services.report_review(actor=staff, report=lead(1).reports.get(), decision="accept")
    # overdue with progress; returned report
    _backdated_report(
        lead(2),
        actor=User.objects.get(username="ct.hoankiem"),
        day=d(-30),
        body="Đang kiểm tra 45/120 bản kê khai.",
        completion=False,
        percent=40,
    )
    _backdated_report(
        lead(3), actor=staff, day=d(-15), body="Đã tổ chức hội nghị quán triệt.", completion=True
    )
    services.report_review(
        actor=staff,
        report=lead(3).reports.get(),
        decision="return",
        reason="Báo cáo chưa nêu kết quả xử lý các trường hợp cụ thể; đề nghị bổ sung số liệu.",
    )
    # awaiting review
    _backdated_report(
        lead(4),
        actor=staff,
        day=d(-4),
        body="Đã ban hành Kế hoạch xây dựng văn hóa liêm chính và tổ chức thực hiện.",
        completion=True,
    )
    # in progress, due soon
    _backdated_report(
        lead(6),
        actor=User.objects.get(username="ct.hoankiem"),
        day=d(-5),
        body="Đã tổ chức 8/15 buổi tuyên truyền tại tổ dân phố.",
        completion=False,
        percent=55,
    )
    # extension requested (pending) on a due-soon item; extension approved on another
    from directives.models import ExtensionRequest

    ExtensionRequest.objects.create(
        assignment=lead(5),
        requested_by=staff,
        current_deadline=lead(5).effective_deadline,
        requested_deadline=d(20),
        reason="Chờ kết luận thanh tra của cơ quan cấp trên để có căn cứ xử lý.",
    )
    ext = ExtensionRequest.objects.create(
        assignment=lead(8),
        requested_by=staff,
        current_deadline=lead(8).effective_deadline,
        requested_deadline=d(60),
        reason="Khối lượng hồ sơ cần rà soát lớn (hơn 3.000 hồ sơ).",
    )
    services.extension_decide(actor=staff, request=ext, approve=True, note="Đồng ý gia hạn.")


HEADLESS_UNITS = [
    "STP",
    "SXD",
    "SGDDT",
    "SYT",
    "SNNMT",
    "SVHTT",
    "CATP",
    "P-BADINH",
    "P-DONGDA",
    "P-CAUGIAY",
    "X-SOCSON",
    "X-DANPHUONG",
    "HANOIMETRO",
    "HAWACO",
    "BV-SAINT-PAUL",
    "BTG-TU",
    "BNC-TU",
    "UBKT-TU",
    "UBND-TP",
    "TU",
]


@transaction.atomic
def load_unit_heads(units: dict[str, Unit]) -> None:
    """Give every other unit a head (no password: reminder recipients only)."""
    for code in HEADLESS_UNITS:
        unit = units[code]
        if Membership.objects.filter(unit=unit, role="head").exists():
            continue
        user, created = User.objects.get_or_create(
            username=f"head.{code.lower()}",
            defaults=dict(
                full_name=f"Thủ trưởng {unit.short_name or unit.name}",
                position="Người đứng đầu",
                email=f"head.{code.lower()}@demo.pcts.vn",
            ),
        )
        if created:
            user.set_unusable_password()
            user.save()
        Membership.objects.create(
            user=user, unit=unit, role="head", valid_from=datetime.date(2025, 7, 1)
        )


KEY_TASKS = (
    "Kiểm tra việc kê khai tài sản",
    "Rà soát, công khai minh bạch trong mua sắm công",
    "Tự kiểm tra nội bộ",
    "Chấn chỉnh tư tưởng sợ sai",
)


def backdate_demo_history() -> None:
    """Date the demo's assignments and reviews as if entered on the way, so past days have figures.

    Tasks are entered today by the services; the demo history says they were assigned the day
    after their directive was issued, and each review decided two days after its report (never
    after now), so the dashboard "as of" an earlier day shows what stood then.
    """
    from django.db import connection
    from django.utils import timezone

    from directives.models import Task

    # A few key tasks (nhiệm vụ trọng tâm) for the dashboard's own tiles and filter.
    for start in KEY_TASKS:
        Task.objects.filter(title__startswith=start, is_key=False).update(is_key=True)
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE directives_assignment a"
            " SET assigned_at = LEAST(((d.issued_on + 1) + time '08:00') AT TIME ZONE %s, a.assigned_at)"
            " FROM directives_task t JOIN directives_directive d ON d.id = t.directive_id"
            " WHERE t.id = a.task_id AND d.issued_on IS NOT NULL",
            ["Asia/Ho_Chi_Minh"],
        )
        cursor.execute(
            "UPDATE directives_reportreview v SET decided_at = LEAST(r.submitted_at + interval '2 days', %s)"
            " FROM directives_progressreport r WHERE r.id = v.report_id AND v.decision IN ('accept', 'return')"
            " AND v.decided_at > r.submitted_at + interval '2 days'",
            [now],
        )
        # The milestones follow their reviews.
        cursor.execute(
            "UPDATE directives_assignment a SET accepted_at = v.decided_at"
            " FROM directives_reportreview v JOIN directives_progressreport r ON r.id = v.report_id"
            " WHERE r.assignment_id = a.id AND v.decision = 'accept'"
            " AND a.accepted_at IS DISTINCT FROM v.decided_at"
        )
        cursor.execute(
            "UPDATE directives_assignment a SET returned_at = v.decided_at"
            " FROM directives_reportreview v JOIN directives_progressreport r ON r.id = v.report_id"
            " WHERE r.assignment_id = a.id AND v.decision = 'return'"
            " AND r.submitted_on = a.returned_claim_on AND a.returned_at > v.decided_at"
        )


def load_demo() -> None:
    """Load every piece of demo data (idempotent)."""
    public_holidays.ensure_years()  # Tết and the other days off, before any deadline is counted
    units = load_units_and_people()
    load_unit_heads(units)
    with transaction.atomic():
        load_directives(units)
        backdate_demo_history()
