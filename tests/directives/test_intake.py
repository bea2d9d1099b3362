"""Document intake (issue 18): a directive's fields and its tasks, read from real texts.

The real texts are the five seeds and the public excerpts in intake_texts/ (each names its
source). A few documents written here in the Decree 30 layout cover what the excerpts cut off:
the signature block, "Nơi nhận", task fields and the confidentiality mark.
"""

import datetime
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directives.intake import (
    CLASSIFIED_PLACEHOLDER,
    DirectiveDraft,
    TaskProposal,
    extract_directive,
    is_classified,
    propose_tasks,
)
from directives.messages import Message
from directives.symbols import find_references

PROJECT = Path(__file__).resolve().parents[2]
SEEDS = PROJECT / "directives" / "demo_data" / "seeds"
TEXTS = Path(__file__).resolve().parent / "intake_texts"
D = datetime.date


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def real(name: str) -> str:
    """Return a stored excerpt without its "# source: …" comment lines."""
    lines = (TEXTS / f"{name}.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(line for line in lines if not line.startswith("# "))


def collapsed(text: str) -> str:
    return " ".join(text.split())


def at_span(text: str, proposal: TaskProposal) -> str:
    start, end = proposal.span
    return collapsed(text[start:end])


# --------------------------------------------------------------------------- the real headers

HEADERS = [
    # name, symbol, doc_type, type_name, issued_on, place, issuer_name, summary
    (
        "hungyen_104_kh_ubnd", "104/KH-UBND", "KH", "Kế hoạch", D(2021, 7, 2), "Hưng Yên",
        "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN",
        "TRIỂN KHAI THỰC HIỆN ĐỀ ÁN “NÂNG CAO NĂNG LỰC, HIỆU LỰC, HIỆU QUẢ GIÁM SÁT, KIỂM TRA, "
        "THANH TRA NHẰM PHÒNG NGỪA, PHÁT HIỆN, XỬ LÝ HÀNH VI VI PHẠM PHÁP LUẬT, TIÊU CỰC, THAM "
        "NHŨNG, LÃNG PHÍ TRONG DOANH NGHIỆP NHÀ NƯỚC” TRÊN ĐỊA BÀN TỈNH HƯNG YÊN GIAI ĐOẠN "
        "2021 - 2025",
    ),
    (  # table pipes, the date line and the trích yếu broken over lines
        "hanoi_158_kh_ubnd", "158/KH-UBND", "KH", "Kế hoạch", D(2021, 7, 1), "Hà Nội",
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        "NÂNG CAO NĂNG LỰC, HIỆU LỰC, HIỆU QUẢ GIÁM SÁT, KIỂM TRA, THANH TRA NHẰM PHÒNG NGỪA, "
        "PHÁT HIỆN, XỬ LÝ HÀNH VI VI PHẠM PHÁP LUẬT, TIÊU CỰC, THAM NHŨNG, LÃNG PHÍ TRONG DOANH "
        "NGHIỆP NHÀ NƯỚC TRÊN ĐỊA BÀN THÀNH PHỐ HÀ NỘI (Giai đoạn: 2021- 2025)",
    ),
    (  # both columns on each line, split by pipes; the excerpt lost the province line
        "tuyenquang_74_kh_ubnd", "74/KH-UBND", "KH", "Kế hoạch", D(2020, 7, 7), "Tuyên Quang",
        "ỦY BAN NHÂN DÂN",
        "THỰC HIỆN CHỈ THỊ SỐ 21/CT-TTG NGÀY 25/5/2020 CỦA THỦ TƯỚNG CHÍNH PHỦ VỀ TĂNG CƯỜNG "
        "PHÒNG NGỪA, XỬ LÝ HOẠT ĐỘNG LỪA ĐẢO CHIẾM ĐOẠT TÀI SẢN",
    ),
    (  # a web page's own metadata above the document ("Số hiệu: 4074/KH-UBND")
        "quangngai_4074_kh_ubnd", "4074/KH-UBND", "KH", "Kế hoạch", D(2017, 7, 6), "Quảng Ngãi",
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
        "THỰC HIỆN CHỈ THỊ SỐ 20/CT-TTG NGÀY 17/5/2017 CỦA THỦ TƯỚNG CHÍNH PHỦ VỀ VIỆC CHẤN "
        "CHỈNH HOẠT ĐỘNG THANH TRA, KIỂM TRA ĐỐI VỚI DOANH NGHIỆP",
    ),
    (  # the type name is missing from this copy: the symbol says Kế hoạch
        "hungyen_10_kh_ubnd_2026", "10/KH-UBND", "KH", "Kế hoạch", D(2026, 1, 14), "Hưng Yên",
        "ỦY BAN NHÂN DÂN", "THỰC HIỆN CÔNG TÁC PHÒNG, CHỐNG THAM NHŨNG, TIÊU CỰC NĂM 2026",
    ),
    (  # no trích yếu in this copy: the body follows the date line
        "tayninh_1238_kh_ubnd", "1238/KH-UBND", "KH", "Kế hoạch", D(2025, 9, 16), "Tây Ninh",
        "ỦY BAN NHÂN DÂN", None,
    ),
    (  # the issuing authority's line after the trích yếu is not part of it
        "khanhhoa_37_2011_qd_ubnd", "37/2011/QĐ-UBND", "QĐ", "Quyết định", D(2011, 12, 2),
        "Khánh Hòa", "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA",
        "BAN HÀNH QUY ĐỊNH QUY TRÌNH THANH TRA CHẤP HÀNH PHÁP LUẬT VỀ PHÒNG, CHỐNG THAM NHŨNG "
        "TRÊN ĐỊA BÀN TỈNH KHÁNH HÒA",
    ),
    (  # words broken over lines: "ỦY\nBAN NHÂN DÂN", "Số:\n33/…", "Mỹ\nTho"
        "tiengiang_33_2009_qd_ubnd", "33/2009/QĐ-UBND", "QĐ", "Quyết định", D(2009, 12, 24),
        "Mỹ Tho", "ỦY BAN NHÂN DÂN TỈNH TIỀN GIANG",
        "BAN HÀNH QUY ĐỊNH VỀ QUẢN LÝ VÀ KHAI THÁC MẠNG TIN HỌC DIỆN RỘNG CỦA ỦY BAN NHÂN DÂN "
        "TỈNH TIỀN GIANG",
    ),
    (  # old tone mark "UỶ", "UỶ BAN NHÂN\nDÂN", "Quảng Bình,\nngày …"
        "quangbinh_08_ct_ubnd", "08/CT-UBND", "CT", "Chỉ thị", D(2015, 5, 25), "Quảng Bình",
        "UỶ BAN NHÂN DÂN TỈNH QUẢNG BÌNH",
        "VỀ VIỆC TĂNG CƯỜNG, CHỈ ĐẠO ĐIỀU HÀNH THỰC HIỆN NHIỆM VỤ TÀI CHÍNH - NGÂN SÁCH NHÀ "
        "NƯỚC NĂM 2015",
    ),
    (  # the whole header run into one line, motto first, date before number
        "angiang_15_2012_ct_ubnd", "15/2012/CT-UBND", "CT", "Chỉ thị", D(2012, 10, 5),
        "An Giang", "ỦY BAN NHÂN DÂN TỈNH AN GIANG",
        "VỀ VIỆC CHẤN CHỈNH VÀ TĂNG CƯỜNG CÔNG TÁC QUẢN LÝ NHÀ NƯỚC VỀ ĐẦU TƯ XÂY DỰNG TỪ NGUỒN "
        "VỐN NGÂN SÁCH NHÀ NƯỚC TRÊN ĐỊA BÀN TỈNH AN GIANG",
    ),
    (  # a công văn: no type group, "V/v" under the number, the date line before it
        "vpcp_865_vpcp_ktth", "865/VPCP-KTTH", None, "Công văn", D(2014, 10, 31), "Hà Nội",
        "VĂN PHÒNG CHÍNH PHỦ", "cấp tín dụng của SeaBank đối với PV Oil và người có liên quan",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    "name, symbol, doc_type, type_name, issued_on, place, issuer, summary",
    HEADERS,
    ids=[h[0] for h in HEADERS],
)
def test_real_header_is_read_into_the_draft(
    name, symbol, doc_type, type_name, issued_on, place, issuer, summary
):
    draft = extract_directive(real(name))

    assert (draft.symbol, draft.doc_type, draft.type_name) == (symbol, doc_type, type_name)
    assert (draft.issued_on, draft.place, draft.issuer_name) == (issued_on, place, issuer)
    assert draft.summary == summary


def test_real_decision_signature_block_gives_form_and_signer():
    draft = extract_directive(real("tiengiang_33_2009_qd_ubnd"))

    assert (draft.signing_form, draft.signer) == ("KT.", "Nguyễn Văn Phòng")


@pytest.mark.parametrize("name", [h[0] for h in HEADERS] + ["news_kontum_pctn"])
def test_references_are_exactly_what_find_references_returns(name):
    text = real(name)

    assert extract_directive(text).references == find_references(text)


# --------------------------------------------------------------------------- news reports of directives

REPORTED = [
    # name, symbol, doc_type, type_name, issued_on, issuer_name
    ("001", "5046/UBND-TTTP", None, "Công văn", D(2023, 9, 18), "UBND thành phố"),
    ("002", "31/KH-UBND", "KH", "Kế hoạch", None, "Thành phố Hà Nội"),
]


@pytest.mark.parametrize("prefix, symbol, doc_type, type_name, issued_on, issuer", REPORTED)
def test_seed_reporting_an_issued_directive_gives_that_directive(
    prefix, symbol, doc_type, type_name, issued_on, issuer
):
    draft = extract_directive(seed(prefix))

    assert (draft.symbol, draft.doc_type, draft.type_name) == (symbol, doc_type, type_name)
    assert (draft.issued_on, draft.issuer_name) == (issued_on, issuer)
    assert (draft.summary, draft.signer, draft.signing_form, draft.recipients) == (
        None,
        None,
        None,
        [],
    )


@pytest.mark.parametrize("prefix", ["000", "003", "004"])
def test_seed_reporting_no_issued_directive_gives_only_its_references(prefix):
    text = seed(prefix)

    draft = extract_directive(text)

    assert draft == DirectiveDraft(references=find_references(text))


def test_seed_references_keep_the_programme_it_reports_on():
    assert [r.symbol for r in extract_directive(seed("000")).references][:1] == ["10-CTr/TU"]


def test_news_with_a_spaced_number_and_an_opening_date_gives_the_directive():
    dong_nai = extract_directive(real("news_dongnai_10995"))
    thai_nguyen = extract_directive(real("news_thainguyen_616_kh_ttcp"))

    assert (dong_nai.symbol, dong_nai.type_name, dong_nai.issuer_name) == (
        "10995/KH-UBND",
        "Kế hoạch",
        "UBND tỉnh",
    )
    assert (thai_nguyen.symbol, thai_nguyen.issued_on, thai_nguyen.issuer_name) == (
        "616/KH-TTCP",
        D(2020, 4, 28),
        "Thanh tra Chính phủ",
    )


# --------------------------------------------------------------------------- tasks in real texts


def test_seed_5046_task_is_propaganda_within_september_2023():
    text = seed("001")

    (task,) = propose_tasks(text, ["Thanh tra Thành phố", "Sở Nội vụ"])

    assert task.title.startswith("Theo đó, UBND thành phố giao các cơ quan, đơn vị, địa phương")
    assert task.lead == "các cơ quan, đơn vị, địa phương"
    assert task.coordinating == []
    assert (task.deadline_text, task.deadline) == (
        "hoàn thành trong tháng 9 năm 2023",
        D(2023, 9, 30),
    )
    assert at_span(text, task).endswith("hoàn thành trong tháng 9 năm 2023.")


def test_seed_31_task_is_led_by_the_city_inspectorate_known_by_its_full_name():
    text = seed("002")

    (task,) = propose_tasks(text, ["Thanh tra thành phố Hà Nội", "Sở Nội vụ"])

    assert task.title.startswith("UBND Thành phố Hà Nội giao Thanh tra Thành phố chủ trì")
    assert task.lead == "Thanh tra thành phố Hà Nội"
    assert (task.deadline_text, task.deadline) == (None, None)


def test_an_giang_letter_asks_for_reports_before_20_february_2018():
    text = real("news_angiang_518_vpubnd")

    (task,) = propose_tasks(text, ["Thanh tra tỉnh"])

    assert task.title.startswith("(AG E-portal)- Chủ tịch UBND tỉnh yêu cầu các Sở, ban, ngành")
    assert task.lead == "các Sở, ban, ngành tỉnh"
    assert task.coordinating == ["UBND huyện, thị xã, thành phố"]
    assert (task.deadline_text, task.deadline) == ("trước ngày 20/02/2018", D(2018, 2, 19))


def test_kon_tum_numbered_requests_in_one_paragraph_are_tasks_of_the_units_addressed():
    text = real("news_kontum_pctn")

    tasks = propose_tasks(text, ["Thanh tra tỉnh"])

    assert [t.title.split()[:3] for t in tasks] == [
        ["Khẩn", "trương", "xây"],
        ["Chủ", "động", "rà"],
        ["Tiếp", "tục", "đẩy"],
        ["UBND", "tỉnh", "giao"],
    ]
    assert [t.lead for t in tasks] == ["các sở, ban, ngành"] * 3 + ["Thanh tra tỉnh"]
    assert [t.coordinating for t in tasks[:3]] == [["UBND các huyện, thành phố"]] * 3


def test_quang_nam_plan_makes_the_chief_inspector_s_unit_lead():
    (task,) = propose_tasks(real("news_quangnam_1209"), ["Thanh tra tỉnh", "Sở Nội vụ"])

    assert task.title.startswith("UBND tỉnh giao Chánh Thanh tra tỉnh làm tổ trưởng")
    assert task.lead == "Thanh tra tỉnh"


def test_thai_nguyen_plan_gives_the_provinces_a_report_before_31_august_2020():
    (task,) = propose_tasks(real("news_thainguyen_616_kh_ttcp"), [])

    assert task.lead == "các tỉnh"
    assert (task.deadline_text, task.deadline) == ("trước ngày 31/8/2020", D(2020, 8, 30))


def test_government_office_letter_items_are_tasks_and_titles_drop_the_head_s_title():
    tasks = propose_tasks(real("vpcp_865_vpcp_ktth"), [])

    assert [t.title.split()[:3] for t in tasks] == [["Đồng", "ý", "về"], ["Thống", "đốc", "Ngân"]]
    assert [t.lead for t in tasks] == [None, "Ngân hàng Nhà nước Việt Nam"]


@pytest.mark.parametrize(
    "name",
    [
        "hungyen_104_kh_ubnd",
        "hanoi_158_kh_ubnd",
        "quangngai_4074_kh_ubnd",
        "hungyen_10_kh_ubnd_2026",
        "tayninh_1238_kh_ubnd",
    ],
)
def test_purposes_and_requirements_of_a_plan_are_not_tasks(name):
    assert propose_tasks(real(name), ["Thanh tra tỉnh"]) == []


def test_plan_tasks_start_after_its_purposes():
    tasks = propose_tasks(real("tuyenquang_74_kh_ubnd"), [])

    assert [t.title for t in tasks] == [
        "Trách nhiệm chung Giám đốc các Sở; Thủ trưởng các ban, ngành; Chủ tịch Ủy ban nhân dân"
    ]
    assert tasks[0].lead == "các Sở"


# --------------------------------------------------------------------------- the Decree 30 layout

PLAN = """\
ỦY BAN NHÂN DÂN                     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HƯNG YÊN                              Độc lập - Tự do - Hạnh phúc
-------                                    ---------------
Số: 25/KH-UBND                     Hưng Yên, ngày 15 tháng 01 năm 2024

KẾ HOẠCH
Công tác phòng, chống tham nhũng, tiêu cực năm 2024

Căn cứ Luật Phòng, chống tham nhũng năm 2018; Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao nhận thức của cán bộ, công chức.
II. NHIỆM VỤ VÀ GIẢI PHÁP
1. Công tác tuyên truyền, phổ biến pháp luật về phòng, chống tham nhũng
a) Tổ chức quán triệt các văn bản mới về phòng, chống tham nhũng.
- Đơn vị chủ trì: Sở Tư pháp.
- Đơn vị phối hợp: Thanh tra tỉnh, Đài Phát thanh và Truyền hình tỉnh.
- Thời gian thực hiện: Quý II/2024.
b) Biên soạn tài liệu tuyên truyền; thời gian: thường xuyên.
2. Thanh tra tỉnh chủ trì, phối hợp với SNV, Sở Tài Chính và các cơ quan liên quan xây dựng kế
hoạch thanh tra trách nhiệm; trình UBND tỉnh trước ngày 15/3/2024.
3. Giao Sở Nội vụ chủ trì tham mưu kiện toàn Ban Chỉ đạo; hoàn thành trong tháng 6 năm 2024.
III. TỔ CHỨC THỰC HIỆN
Thanh tra tỉnh: theo dõi, đôn đốc, tổng hợp kết quả, báo cáo UBND tỉnh trong 15 ngày kể từ ngày kết thúc năm.
Trên đây là Kế hoạch công tác phòng, chống tham nhũng năm 2024 của UBND tỉnh./.

Nơi nhận:                                   TM. ỦY BAN NHÂN DÂN
- Thanh tra Chính phủ;                      KT. CHỦ TỊCH
- TT Tỉnh ủy, TT HĐND tỉnh;                 PHÓ CHỦ TỊCH
- Các sở, ban, ngành,
  đoàn thể tỉnh;
- Lưu: VT, NC.                              Nguyễn Lê Huy
"""
UNITS = ["Sở Nội vụ", "Sở Tài chính", "Sở Tư pháp", "Thanh tra tỉnh"]


def test_plan_in_the_decree_30_layout_is_read_whole():
    draft = extract_directive(PLAN)

    assert (draft.symbol, draft.type_name, draft.issued_on) == (
        "25/KH-UBND",
        "Kế hoạch",
        D(2024, 1, 15),
    )
    assert draft.summary == "Công tác phòng, chống tham nhũng, tiêu cực năm 2024"
    assert (draft.signing_form, draft.signer) == ("KT.", "Nguyễn Lê Huy")
    assert draft.recipients == [
        "Thanh tra Chính phủ",
        "TT Tỉnh ủy, TT HĐND tỉnh",
        "Các sở, ban, ngành, đoàn thể tỉnh",
        "Lưu: VT, NC",
    ]


def test_plan_tasks_carry_fields_chủ_trì_sentences_and_deadlines_from_the_issue_date():
    tasks = propose_tasks(PLAN, UNITS)

    assert [(t.lead, t.coordinating, t.deadline_text, t.deadline) for t in tasks] == [
        ("Sở Tư pháp", ["Thanh tra tỉnh", "Đài Phát thanh và Truyền hình tỉnh"], "Quý II/2024",
         D(2024, 6, 30)),
        (None, [], "thường xuyên", None),
        ("Thanh tra tỉnh", ["Sở Nội vụ", "Sở Tài chính", "các cơ quan liên quan"],
         "trước ngày 15/3/2024", D(2024, 3, 14)),
        ("Sở Nội vụ", [], "hoàn thành trong tháng 6 năm 2024", D(2024, 6, 30)),
    ]  # fmt: skip
    assert tasks[0].title == "Tổ chức quán triệt các văn bản mới về phòng, chống tham nhũng."
    assert tasks[2].title.endswith("trình UBND tỉnh trước ngày 15/3/2024.")


PARTY_PLAN = """\
THÀNH ỦY HÀ NỘI                        ĐẢNG CỘNG SẢN VIỆT NAM
*
Số 160-KH/TU                          Hà Nội, ngày 06 tháng 9 năm 2023

KẾ HOẠCH
thực hiện Kết luận của đồng chí Tổng Bí thư tại Hội nghị sơ kết 1 năm hoạt động của Ban Chỉ đạo
-----
Ban Thường vụ Thành ủy yêu cầu:
1. Các cấp ủy, tổ chức đảng tổ chức quán triệt, tuyên truyền; hoàn thành trong tháng 9 năm 2023.
2. Giao Ban Nội chính Thành ủy chủ trì, phối hợp với Ủy ban Kiểm tra Thành ủy theo dõi, báo cáo Ban Thường vụ Thành ủy trước ngày 15/12/2023.

Nơi nhận:
- Ban Chỉ đạo Trung ương về PCTNTC (để b/c),
- Lưu Văn phòng Thành ủy.
T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ THƯỜNG TRỰC
Nguyễn Thị Tuyến
"""


def test_party_plan_reads_the_party_header_and_the_t_m_form():
    draft = extract_directive(PARTY_PLAN)

    assert (draft.symbol, draft.doc_type, draft.issuer_name, draft.place) == (
        "160-KH/TU",
        "KH",
        "THÀNH ỦY HÀ NỘI",
        "Hà Nội",
    )
    assert draft.summary.startswith("thực hiện Kết luận của đồng chí Tổng Bí thư")
    assert (draft.signing_form, draft.signer) == ("TM.", "Nguyễn Thị Tuyến")
    assert draft.recipients == [
        "Ban Chỉ đạo Trung ương về PCTNTC (để b/c)",
        "Lưu Văn phòng Thành ủy",
    ]


def test_party_plan_tasks():
    tasks = propose_tasks(PARTY_PLAN, ["Ban Nội chính Thành ủy", "Ủy ban Kiểm tra Thành ủy"])

    assert [(t.lead, t.coordinating, t.deadline) for t in tasks] == [
        ("Các cấp ủy", [], D(2023, 9, 30)),
        ("Ban Nội chính Thành ủy", ["Ủy ban Kiểm tra Thành ủy"], D(2023, 12, 14)),
    ]


LETTER = """\
ỦY BAN NHÂN DÂN           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
THÀNH PHỐ HÀ NỘI          Độc lập - Tự do - Hạnh phúc
Số: 5046/UBND-TTTP        Hà Nội, ngày 18 tháng 9 năm 2023
V/v triển khai thực hiện Kế hoạch
số 160-KH/TU của Ban Thường vụ Thành ủy
Kính gửi:
- Các sở, ban, ngành Thành phố;
- UBND các quận, huyện, thị xã.
UBND Thành phố yêu cầu:
1. Giao Thanh tra Thành phố chủ trì, phối hợp với Sở Nội Vụ tổng hợp, báo cáo trong 05 ngày làm việc kể từ ngày ký.
Nơi nhận:                     Q. CHỦ TỊCH
- Như trên;
- Lưu: VT, TTTP.
                              Hà Minh Hải
"""


def test_letter_reads_v_v_as_its_summary_and_skips_its_addressees():
    draft = extract_directive(LETTER)
    (task,) = propose_tasks(LETTER, ["Thanh tra Thành phố", "Sở Nội vụ"])

    assert (draft.symbol, draft.doc_type, draft.type_name) == ("5046/UBND-TTTP", None, "Công văn")
    assert draft.summary == "triển khai thực hiện Kế hoạch số 160-KH/TU của Ban Thường vụ Thành ủy"
    assert (draft.signing_form, draft.signer, draft.recipients) == (
        "Q.",
        "Hà Minh Hải",
        ["Như trên", "Lưu: VT, TTTP"],
    )
    assert (task.lead, task.coordinating) == ("Thanh tra Thành phố", ["Sở Nội vụ"])
    # 05 working days from Monday 18/9/2023 on the parser's default calendar.
    assert (task.deadline_text, task.deadline) == (
        "trong 05 ngày làm việc kể từ ngày ký",
        D(2023, 9, 25),
    )


TABLE_PLAN = """\
ỦY BAN NHÂN DÂN           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HƯNG YÊN             Độc lập - Tự do - Hạnh phúc
Số: 30/KH-UBND            Hưng Yên, ngày 15 tháng 01 năm 2024
KẾ HOẠCH
Thực hiện Chiến lược quốc gia phòng, chống tham nhũng
Các nhiệm vụ cụ thể tại Phụ lục kèm theo.
Nơi nhận:               TM. ỦY BAN NHÂN DÂN
- Lưu: VT.              CHỦ TỊCH
                        Trần Quốc Văn
PHỤ LỤC
| STT | Nội dung nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành |
| I | CÔNG TÁC TUYÊN TRUYỀN | | | |
| 1 | Tổ chức tuyên truyền Luật Phòng, chống tham nhũng | Sở Tư pháp | Sở Thông tin và Truyền thông | Quý II/2024 |
| 2 | Rà soát, hoàn thiện quy chế | SNV | | Tháng 6/2024 |
"""


def test_task_table_of_an_appendix_gives_a_task_per_row():
    tasks = propose_tasks(TABLE_PLAN, UNITS)

    assert [(t.title, t.lead, t.coordinating, t.deadline) for t in tasks] == [
        ("Tổ chức tuyên truyền Luật Phòng, chống tham nhũng", "Sở Tư pháp",
         ["Sở Thông tin và Truyền thông"], D(2024, 6, 30)),
        ("Rà soát, hoàn thiện quy chế", "Sở Nội vụ", [], D(2024, 6, 30)),
    ]  # fmt: skip
    assert (extract_directive(TABLE_PLAN).signer, extract_directive(TABLE_PLAN).signing_form) == (
        "Trần Quốc Văn",
        "TM.",
    )


@pytest.mark.parametrize(
    "header, issuer",
    [
        ("UBND TỈNH HƯNG YÊN      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ NỘI VỤ", "SỞ NỘI VỤ"),
        ("BỘ NỘI VỤ\nTHANH TRA BỘ", "THANH TRA BỘ"),
        ("TỈNH ỦY HÀ GIANG\nBAN TỔ CHỨC\n*", "BAN TỔ CHỨC"),
        ("ĐẢNG BỘ TỈNH BẮC NINH\nBAN THƯỜNG VỤ TỈNH ỦY\n*", "BAN THƯỜNG VỤ TỈNH ỦY"),
        (
            "BAN CHỈ ĐẠO PHÒNG, CHỐNG THAM NHŨNG, TIÊU CỰC TỈNH",
            "BAN CHỈ ĐẠO PHÒNG, CHỐNG THAM NHŨNG, TIÊU CỰC TỈNH",
        ),
        ("BỘ QUỐC PHÒNG", "BỘ QUỐC PHÒNG"),
        ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"),
    ],
)
def test_issuer_is_the_issuing_body_without_its_parent(header, issuer):
    text = (
        f"{header}\nSố: 12/KH-SNV\nTP. Hồ Chí Minh, ngày 3 tháng 4 năm 2024\nKẾ HOẠCH\nKiểm tra\n"
    )

    draft = extract_directive(text)

    assert (draft.issuer_name, draft.place, draft.issued_on) == (
        issuer,
        "TP. Hồ Chí Minh",
        D(2024, 4, 3),
    )


def test_sentence_setting_a_due_day_in_a_directive_s_own_text_is_a_task():
    text = LETTER.split("UBND Thành phố yêu cầu:")[0] + (
        "Định kỳ hằng quý, các sở, ngành báo cáo kết quả về Thanh tra Thành phố. "
        "Các quận, huyện gửi báo cáo năm về Thanh tra Thành phố trước ngày 15/12/2023.\n"
    )

    (task,) = propose_tasks(text, ["Thanh tra Thành phố"])

    assert task.title.startswith("Các quận, huyện gửi báo cáo năm")
    assert (task.lead, task.deadline) == ("Các quận, huyện", D(2023, 12, 14))


def test_header_date_may_be_written_in_figures():
    draft = extract_directive(LETTER.replace("ngày 18 tháng 9 năm 2023", "ngày 18/9/2023"))

    assert (draft.issued_on, draft.place) == (D(2023, 9, 18), "Hà Nội")


DIRECTIVE = """\
ỦY BAN NHÂN DÂN
TỈNH NINH BÌNH
-------
|
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
|
Số: 05/CT-UBND
|
Ninh Bình, ngày 20 tháng 3 năm 2023
|
CHỈ THỊ
VỀ TĂNG CƯỜNG CÔNG TÁC PHÒNG, CHỐNG THAM NHŨNG, TIÊU CỰC TRÊN ĐỊA BÀN TỈNH
Thời gian qua, công tác phòng, chống tham nhũng trên địa bàn tỉnh đã đạt được nhiều kết quả tích cực. Tuy nhiên, vẫn còn một số hạn chế.
Để khắc phục những hạn chế nêu trên, Chủ tịch UBND tỉnh yêu cầu:
1. Thủ trưởng các sở, ban, ngành, Chủ tịch UBND các huyện, thành phố:
a) Tổ chức quán triệt Chỉ thị này đến toàn thể cán bộ, công chức, viên chức; hoàn thành trước ngày 30/4/2023.
b) Thực hiện nghiêm việc kê khai tài sản, thu nhập theo Nghị định số 130/2020/NĐ-CP ngày 30/10/2020 của Chính phủ.
2. Giám đốc Sở Nội vụ:
Chủ trì, phối hợp với Thanh tra tỉnh tham mưu UBND tỉnh chuyển đổi vị trí công tác theo quy định, báo cáo UBND tỉnh trong quý II/2023.
3. Chánh Thanh tra tỉnh:
- Theo dõi, đôn đốc việc thực hiện Chỉ thị này;
- Tổng hợp, báo cáo Chủ tịch UBND tỉnh trước ngày 15/12/2023.
Chủ tịch UBND tỉnh yêu cầu Thủ trưởng các cơ quan, đơn vị nghiêm túc thực hiện Chỉ thị này./.
|
Nơi nhận:
- Thanh tra Chính phủ;
- TT Tỉnh ủy;
- Như mục 1;
- Lưu: VT, NC.
|
CHỦ TỊCH
(Đã ký)
Phạm Quang Ngọc
"""


def test_chairman_s_directive_gives_a_signer_without_a_signing_form():
    draft = extract_directive(DIRECTIVE)

    assert (draft.symbol, draft.type_name, draft.issuer_name) == (
        "05/CT-UBND",
        "Chỉ thị",
        "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH",
    )
    assert (draft.signing_form, draft.signer) == (None, "Phạm Quang Ngọc")
    assert draft.recipients == ["Thanh tra Chính phủ", "TT Tỉnh ủy", "Như mục 1", "Lưu: VT, NC"]


def test_directive_items_addressed_to_heads_are_tasks_of_their_units():
    tasks = propose_tasks(DIRECTIVE, ["Sở Nội vụ", "Thanh tra tỉnh"])

    assert [(t.lead, t.coordinating, t.deadline) for t in tasks] == [
        ("các sở, ban, ngành", ["UBND các huyện, thành phố"], D(2023, 4, 29)),
        ("các sở, ban, ngành", ["UBND các huyện, thành phố"], None),
        ("Sở Nội vụ", ["Thanh tra tỉnh"], D(2023, 6, 30)),
        ("Thanh tra tỉnh", [], None),
        ("Thanh tra tỉnh", [], D(2023, 12, 14)),  # the closing request is not part of it
    ]
    assert tasks[2].title.startswith("Giám đốc Sở Nội vụ: Chủ trì, phối hợp với Thanh tra tỉnh")
    assert tasks[4].title == "Tổng hợp, báo cáo Chủ tịch UBND tỉnh trước ngày 15/12/2023."


# --------------------------------------------------------------------------- classified directives

SECRET = """\
ỦY BAN NHÂN DÂN           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH BẮC NINH             Độc lập - Tự do - Hạnh phúc
Số: 12/KH-UBND            Bắc Ninh, ngày 02 tháng 3 năm 2024
MẬT
KẾ HOẠCH
Xác minh tài sản, thu nhập năm 2024
1. Giao Thanh tra tỉnh chủ trì xác minh; hoàn thành trước ngày 30/6/2024.
Nơi nhận:                   TM. ỦY BAN NHÂN DÂN
- Lưu: VT.                  CHỦ TỊCH
                            Nguyễn Văn An
"""


def test_classified_directive_gives_number_date_and_issuer_only():
    draft = extract_directive(SECRET)

    assert (draft.symbol, draft.issued_on, draft.issuer_name, draft.type_name) == (
        "12/KH-UBND",
        D(2024, 3, 2),
        "ỦY BAN NHÂN DÂN TỈNH BẮC NINH",
        "Kế hoạch",
    )
    assert (draft.summary, draft.signer, draft.signing_form, draft.recipients) == (
        None,
        None,
        None,
        [],
    )
    assert is_classified(SECRET)


def test_classified_directive_proposes_no_tasks():
    assert propose_tasks(SECRET, ["Thanh tra tỉnh"]) == []


@pytest.mark.parametrize("mark", ["MẬT", "TỐI MẬT", "Tuyệt mật", "(MẬT)", "Độ mật: Mật"])
def test_confidentiality_marks_under_the_number_are_recognised(mark):
    text = SECRET.replace("MẬT\n", f"{mark}\n")

    assert is_classified(text)
    assert propose_tasks(text, []) == []


def test_confidentiality_mark_run_into_the_number_line_is_recognised():
    text = SECRET.replace("MẬT\n", "").replace("UBND            Bắc", "UBND    MẬT    Bắc")

    assert is_classified(text)
    assert extract_directive(text).place == "Bắc Ninh"


def test_secret_inside_the_words_of_a_summary_is_no_mark():
    text = SECRET.replace("MẬT\n", "").replace(
        "Xác minh tài sản", "BẢO VỆ BÍ MẬT NHÀ NƯỚC; xác minh"
    )

    assert not is_classified(text)
    assert propose_tasks(text, []) != []


def test_classified_placeholder_is_a_translatable_message():
    assert isinstance(CLASSIFIED_PLACEHOLDER, Message)
    assert CLASSIFIED_PLACEHOLDER == "Văn bản mật – hồ sơ giấy"


# --------------------------------------------------------------------------- matching known units


@pytest.mark.parametrize(
    "written, expected",
    [
        ("Sở Nội vụ", "Sở Nội vụ"),
        ("Sở Nội Vụ", "Sở Nội vụ"),
        ("SỞ NỘI VỤ", "Sở Nội vụ"),
        ("SNV", "Sở Nội vụ"),
        ("Ủy ban nhân dân tỉnh", "UBND tỉnh"),
        ("Uỷ ban nhân dân tỉnh", "UBND tỉnh"),
        ("Sở Giáo dục và Đào tạo", "Sở Giáo dục và Đào tạo"),
        ("SGDĐT", "Sở Giáo dục và Đào tạo"),
        ("Sở Giáo dục và Dào tạo", "Sở Giáo dục và Dào tạo"),  # Đ is never D: kept as written
        ("SGDDT", "SGDDT"),
        ("So Noi vu", None),  # without its marks it is not read as a unit, let alone Sở Nội vụ
    ],
)
def test_lead_is_the_known_unit_whatever_case_or_short_name_but_never_without_its_marks(
    written, expected
):
    text = f"1. Giao {written} chủ trì tổng hợp; hoàn thành trước ngày 15/10/2023."

    (task,) = propose_tasks(text, ["Sở Nội vụ", "UBND tỉnh", "Sở Giáo dục và Đào tạo"])

    assert task.lead == expected
    assert (task.deadline_text, task.deadline) == (
        "hoàn thành trước ngày 15/10/2023",
        D(2023, 10, 14),
    )


def test_intake_imports_without_django():
    code = (
        "import sys, directives.intake as i; "
        "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')]; "
        "print(i.extract_directive('Số: 31/KH-UBND').symbol)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "31/KH-UBND"


# --------------------------------------------------------------------------- properties

PIECES = [
    "Số: ", "31/KH-UBND", "160-KH/TU", " ", "\n", "   ", "|", "- ", "1. ", "a) ", "(1) ",
    "(2) ", "II. ", "Hà Nội, ngày 18 tháng 9 năm 2023", "ngày 31 tháng 2 năm 2023", "KẾ HOẠCH",
    "V/v ", "Kính gửi:", "Nơi nhận:", "- Như trên;", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "Q.",
    "T/M", "Nguyễn Văn An", "giao ", "Sở Nội vụ", "chủ trì", ", phối hợp với ", "Thanh tra tỉnh",
    "trước ngày 15/10/2023", "trong quý V/2023", "trước ngày 32/13/2023", "MẬT",
    "ĐẢNG CỘNG SẢN VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Thời gian: ", "Chủ trì: ",
    ".", ";", ":", "(", ")", "các sở, ban, ngành", "Ð", "\u0301", "yêu cầu ", "Đối với ",
    "ban hành Kế hoạch số 12/KH-UBND ngày 1/1/2024", "| STT | Nội dung | Chủ trì | Thời gian |",
    "| 1 | Tổ chức | Sở Nội vụ | Quý II/2024 |",
]  # fmt: skip
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=40).map("".join),
)
unit_lists = st.lists(
    st.sampled_from(["Sở Nội vụ", "Thanh tra tỉnh", "", "SNV", "Sở Tài chính tỉnh Hưng Yên"]),
    max_size=3,
)
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(texts)
def test_extraction_never_raises_and_keeps_the_references_of_the_text(text):
    draft = extract_directive(text)

    assert draft.references == find_references(text)
    assert draft.signing_form in {None, "KT.", "TM.", "Q.", "TL.", "TUQ."}


@PROPERTY
@given(texts, unit_lists)
def test_proposals_lie_in_order_inside_the_text_and_begin_with_their_title(text, units):
    tasks = propose_tasks(text, units)

    end = 0
    for task in tasks:
        start, stop = task.span
        assert end <= start <= stop <= len(text)
        end = stop
        words = " ".join(task.title.replace("|", " ").split()[:3]).rstrip("…")
        # Table pipes of text taken out of a PDF table may be dropped ("-0\n|0" → "0 0"): ignored.
        assert words in collapsed(text[start:stop].replace("|", " "))


@PROPERTY
@given(texts, unit_lists)
def test_leads_and_helpers_are_known_units_or_written_in_the_text(text, units):
    plain = collapsed(unicodedata.normalize("NFC", text))

    for task in propose_tasks(text, units):
        for name in [task.lead, *task.coordinating] if task.lead else task.coordinating:
            assert name in units or collapsed(unicodedata.normalize("NFC", name)) in plain
        assert task.deadline is None or task.deadline_text is not None


@PROPERTY
@given(st.sampled_from([PLAN, PARTY_PLAN, LETTER]), st.sampled_from(["MẬT", "TỐI MẬT"]))
def test_a_mark_under_the_number_turns_any_document_classified(text, mark):
    number_line = next(line for line in text.splitlines() if line.startswith("Số"))
    marked = text.replace(number_line, f"{number_line}\n{mark}", 1)

    draft = extract_directive(marked)

    assert propose_tasks(marked, UNITS) == []
    assert draft.summary is None and draft.recipients == [] and draft.signer is None
    assert draft.symbol == extract_directive(text).symbol is not None
