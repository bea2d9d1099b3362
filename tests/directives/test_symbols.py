"""Document symbols (DOMAIN.md §2): parsing, normalisation, rejection and references in prose."""

import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from directives.symbols import (
    InvalidSymbol,
    Reference,
    Registry,
    Symbol,
    find_references,
    normalize_text,
    parse_symbol,
)

PROJECT = Path(__file__).resolve().parents[2]
SEEDS = PROJECT / "directives" / "demo_data" / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


# input, normalized, kind, number, year, doc_type, issuer, drafting_unit, warns
PARSED = [
    # The decided outputs of DOMAIN.md §2.
    ("160-kh/tu", "160-KH/TU", "party", "160", None, "KH", "TU", None, False),
    ("16/2001/CT-TTG", "16/2001/CT-TTg", "normative", "16", 2001, "CT", "TTg", None, False),
    ("06/2024/QĐ-UBND", "06/2024/QĐ-UBND", "normative", "06", 2024, "QĐ", "UBND", None, False),
    ("5046/UBND-TTTP", "5046/UBND-TTTP", "letter", "5046", None, None, "UBND", "TTTP", False),
    ("12-CV/TU", "12-CV/TU", "party", "12", None, "CV", "TU", None, False),
    ("27-KH/DU", "27-KH/DU", "party", "27", None, "KH", "DU", None, True),
    ("Số: 05/KH-UBND", "05/KH-UBND", "state", "05", None, "KH", "UBND", None, False),
    # The messy inputs.
    ("126/2017/NĐ-CP", "126/2017/NĐ-CP", "normative", "126", 2017, "NĐ", "CP", None, False),
    (
        "76/2025/UBTVQH15",
        "76/2025/UBTVQH15",
        "normative",
        "76",
        2025,
        None,
        "UBTVQH15",
        None,
        False,
    ),
    ("36/2018/QH14", "36/2018/QH14", "normative", "36", 2018, None, "QH14", None, False),
    ("30/2020/NĐ-CP", "30/2020/NĐ-CP", "normative", "30", 2020, "NĐ", "CP", None, False),
    ("215/TTCP-C.I", "215/TTCP-C.I", "letter", "215", None, None, "TTCP", "C.I", False),
    ("123/SNV-CCHC&PC", "123/SNV-CCHC&PC", "letter", "123", None, None, "SNV", "CCHC&PC", False),
    ("30c/NQ-CP", "30c/NQ-CP", "state", "30c", None, "NQ", "CP", None, False),
    ("367 - QĐ/TWĐTN-VP", "367-QĐ/TWĐTN-VP", "party", "367", None, "QĐ", "TWĐTN-VP", None, False),
    ("31/KH-UBND", "31/KH-UBND", "state", "31", None, "KH", "UBND", None, False),
    ("126/NQ-CP", "126/NQ-CP", "state", "126", None, "NQ", "CP", None, False),
    ("21-KL/TW", "21-KL/TW", "party", "21", None, "KL", "TW", None, False),
    ("10-CTr/TU", "10-CTr/TU", "party", "10", None, "CTr", "TU", None, False),
    ("37-QĐ/TW", "37-QĐ/TW", "party", "37", None, "QĐ", "TW", None, False),
    (
        "01/2014/TTLT-BTP-BNV",
        "01/2014/TTLT-BTP-BNV",
        "normative",
        "01",
        2014,
        "TTLT",
        "BTP-BNV",
        None,
        False,
    ),
    ("123/KL-TTCP", "123/KL-TTCP", "state", "123", None, "KL", "TTCP", None, False),
    # Case: known codes take their canonical case; unknown ones keep it unless all lower-case.
    ("10-ctr/tu", "10-CTr/TU", "party", "10", None, "CTr", "TU", None, False),
    ("12/qyđ-ubnd", "12/QyĐ-UBND", "state", "12", None, "QyĐ", "UBND", None, False),
    ("3-qđi/tw", "3-QĐi/TW", "party", "3", None, "QĐi", "TW", None, False),
    ("7/ct-ttg", "7/CT-TTg", "state", "7", None, "CT", "TTg", None, False),
    ("8/KH-AbC", "8/KH-AbC", "state", "8", None, "KH", "AbC", None, True),
    ("8/KH-abc", "8/KH-ABC", "state", "8", None, "KH", "ABC", None, True),
    ("9/UBND-tttp", "9/UBND-TTTP", "letter", "9", None, None, "UBND", "TTTP", False),
    # Đ is never folded to D: ĐA (Đề án) ≠ DA (Dự án), HĐ (Hợp đồng) ≠ HD (Hướng dẫn).
    ("1/ĐA-UBND", "1/ĐA-UBND", "state", "1", None, "ĐA", "UBND", None, False),
    ("1/DA-UBND", "1/DA-UBND", "state", "1", None, "DA", "UBND", None, False),
    ("2/HĐ-UBND", "2/HĐ-UBND", "state", "2", None, "HĐ", "UBND", None, False),
    ("2/HD-UBND", "2/HD-UBND", "state", "2", None, "HD", "UBND", None, False),
    # Character variants: Ð (U+00D0), Ɖ (U+0189), dashes, non-breaking spaces, NFD input.
    ("30/2020/N\u00d0-CP", "30/2020/NĐ-CP", "normative", "30", 2020, "NĐ", "CP", None, False),
    ("30/2020/N\u0189-CP", "30/2020/NĐ-CP", "normative", "30", 2020, "NĐ", "CP", None, False),
    ("12/q\u00f0-ubnd", "12/QĐ-UBND", "state", "12", None, "QĐ", "UBND", None, False),
    ("160\u2013KH/TU", "160-KH/TU", "party", "160", None, "KH", "TU", None, False),
    ("160\u2014KH/TU", "160-KH/TU", "party", "160", None, "KH", "TU", None, False),
    ("160\u2212KH/TU", "160-KH/TU", "party", "160", None, "KH", "TU", None, False),
    ("160\u2011KH/TU", "160-KH/TU", "party", "160", None, "KH", "TU", None, False),
    ("160\u2010KH/TU", "160-KH/TU", "party", "160", None, "KH", "TU", None, False),
    ("31 /\u00a0KH - UBND", "31/KH-UBND", "state", "31", None, "KH", "UBND", None, False),
    ("số 160-KH/TU", "160-KH/TU", "party", "160", None, "KH", "TU", None, False),
    ("SỐ:160-KH/TU.", "160-KH/TU", "party", "160", None, "KH", "TU", None, False),
    # TƯ becomes TW, with a warning.
    ("21-KL/TƯ", "21-KL/TW", "party", "21", None, "KL", "TW", None, True),
    # Stroke lost on a type code: kept as written, classified, and warned about.
    ("30/2020/ND-CP", "30/2020/ND-CP", "normative", "30", 2020, "ND", "CP", None, True),
    ("45/QD-UBND", "45/QD-UBND", "state", "45", None, "QD", "UBND", None, True),
    # An issuer code missing from the registry.
    ("12/KH-XYZ", "12/KH-XYZ", "state", "12", None, "KH", "XYZ", None, True),
    ("12-KH/XYZ", "12-KH/XYZ", "party", "12", None, "KH", "XYZ", None, True),
    # A letter without its drafting unit.
    ("5046/UBND", "5046/UBND", "letter", "5046", None, None, "UBND", None, True),
]


@pytest.mark.parametrize(
    "text, normalized, kind, number, year, doc_type, issuer, drafting_unit, warns",
    PARSED,
    ids=[row[0] for row in PARSED],
)
def test_symbol_parses_into_its_decided_parts(
    text, normalized, kind, number, year, doc_type, issuer, drafting_unit, warns
):
    symbol = parse_symbol(text)

    assert (symbol.normalized, symbol.kind, symbol.number, symbol.year) == (
        normalized,
        kind,
        number,
        year,
    )
    assert (symbol.doc_type, symbol.issuer, symbol.drafting_unit) == (
        doc_type,
        issuer,
        drafting_unit,
    )
    assert bool(symbol.warnings) is warns, symbol.warnings
    assert str(symbol) == normalized


def test_lost_stroke_on_du_suggests_đu_without_changing_the_symbol():
    symbol = parse_symbol("27-KH/DU")

    assert symbol.issuer == "DU"
    assert len(symbol.warnings) == 1
    assert "ĐU" in symbol.warnings[0] and "giữ nguyên" in symbol.warnings[0]


def test_unknown_issuer_warning_names_the_code_and_the_registry():
    (warning,) = parse_symbol("12/KH-XYZ").warnings

    assert "XYZ" in warning and "danh mục" in warning


def test_tư_is_replaced_by_tw_with_a_warning_that_says_so():
    (warning,) = parse_symbol("21-KL/TƯ").warnings

    assert "TƯ" in warning and "TW" in warning


def test_stroke_lost_type_code_suggests_the_đ_spelling():
    (warning,) = parse_symbol("30/2020/ND-CP").warnings

    assert "NĐ" in warning and "Nghị định" in warning


def test_a_known_symbol_carries_no_warnings():
    assert parse_symbol("160-KH/TU").warnings == ()


def test_symbol_is_a_frozen_value():
    symbol = parse_symbol("160-KH/TU")

    assert symbol == parse_symbol("160 – kh / tu")
    assert hash(symbol) == hash(parse_symbol("160-KH/TU"))
    with pytest.raises(AttributeError):
        symbol.number = "161"  # type: ignore[misc]


INVALID = [
    ("Số: /HC-TH", ["dự thảo", "chưa có số"]),
    ("Số:      /QĐ-UBND", ["dự thảo", "chưa có số"]),
    ("Số: …/KH-UBND", ["dự thảo", "chưa có số"]),
    ("-KH/TU", ["dự thảo", "chưa có số"]),
    ("", ["Chưa nhập", "ví dụ"]),
    ("   ", ["Chưa nhập", "ví dụ"]),
    ("Số:", ["Chưa nhập"]),
    ("garbage", ["không phải là số, ký hiệu", "ví dụ"]),
    ("Kế hoạch 845", ["không phải là số, ký hiệu"]),
    ("845", ["chỉ có số", "thiếu ký hiệu loại văn bản"]),
    ("03/2024", ["chỉ có số và năm", "chưa đầy đủ"]),
    ("12/KH", ["thiếu cơ quan ban hành", "12/KH-UBND"]),
    ("12/2020/NĐ", ["thiếu cơ quan ban hành"]),
    ("12-KH", ["thiếu dấu «/»", "160-KH/TU"]),
    ("12-KH/", ["mẫu", "160-KH/TU"]),
    ("12-KH-BTG/TU", ["chỉ được là một chữ viết tắt"]),
    ("12/KH-UB@ND", ["ký tự không hợp lệ «@»"]),
    ("12/KH--UBND", ["dấu «-» thừa"]),
    ("12/KH-2024", ["không phải chữ viết tắt"]),
    ("1/2/3/4", ["quá nhiều dấu «/»"]),
    ("12/3000/NĐ-CP", ["Năm ban hành «3000»", "không hợp lệ"]),
]


@pytest.mark.parametrize("text, fragments", INVALID, ids=[row[0] or "empty" for row in INVALID])
def test_invalid_symbol_is_rejected_with_a_vietnamese_explanation(text, fragments):
    with pytest.raises(InvalidSymbol) as caught:
        parse_symbol(text)

    for fragment in fragments:
        assert fragment in str(caught.value)


def test_none_is_rejected_as_an_empty_symbol():
    with pytest.raises(InvalidSymbol, match="Chưa nhập"):
        parse_symbol(None)


def test_invalid_symbol_is_a_value_error():
    assert issubclass(InvalidSymbol, ValueError)


def test_normalize_text_applies_the_character_and_prefix_steps():
    assert normalize_text("Số:  367 – Q\u00d0 / TƯ ") == "367-QĐ/TW"
    assert normalize_text("30 / 2020 / n\u0189 \u2212 cp") == "30/2020/nĐ-cp"


def test_normalize_text_composes_decomposed_unicode():
    assert normalize_text("Ke\u0302\u0301 hoa\u0323ch") == "Kế hoạch"


# --------------------------------------------------------------------------- registry


def test_default_registry_names_every_type_code_in_vietnamese():
    names = Registry.default().type_names

    assert names["KH"] == "Kế hoạch" and names["CTr"] == "Chương trình"
    assert names["NĐ"] == "Nghị định" and names["TT"] == "Thông tư"
    assert names["KL"] == "Kết luận" and names["CV"] == "Công văn"
    assert names["ĐA"] == "Đề án" and names["DA"] == "Dự án"
    assert names["HĐ"] == "Hợp đồng" and names["HD"] == "Hướng dẫn"
    assert {"GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB", "BGN", "BTT", "CĐ", "QyĐ", "QĐi"} <= set(
        names
    )


def test_party_tt_is_a_thông_tri_while_the_state_tt_is_a_thông_tư():
    registry = Registry.default()

    assert registry.type_name("TT", "party") == "Thông tri"
    assert registry.type_name("tt", "normative") == "Thông tư"
    assert registry.type_name("ZZ") is None


def test_default_registry_knows_the_common_issuers_in_their_canonical_case():
    issuers = Registry.default().issuers

    for code in ["TU", "TW", "ĐU", "BCĐTW", "UBND", "HĐND", "CP", "TTg", "TTCP", "BCA", "QH"]:
        assert code in issuers


def test_registry_built_from_rows_recognises_its_own_issuers():
    registry = Registry(issuers={"SGTVT": "Sở Giao thông vận tải", "TU": "Thành ủy"})

    assert parse_symbol("12/kh-sgtvt", registry).warnings == ()
    assert parse_symbol("12/KH-UBND", registry).warnings  # not in this registry


def test_registry_accepts_a_plain_list_of_issuer_codes():
    registry = Registry(issuers=["TU", "XYZ"])

    assert parse_symbol("5-KH/xyz", registry) == Symbol("5-KH/XYZ", "party", "5", None, "KH", "XYZ")


def test_registry_type_table_decides_between_type_and_issuer():
    registry = Registry(state_types={"KH": "Kế hoạch", "ZZ": "Loại thử"})

    assert parse_symbol("4/ZZ-UBND", registry).kind == "state"
    assert parse_symbol("4/ZZ-UBND").kind == "letter"


def test_registry_stroke_suggestions_extend_the_automatic_ones():
    registry = Registry(stroke_suggestions={"TTDT": "TTĐT"})

    (warning,) = parse_symbol("3/TTDT-VP", registry).warnings
    assert "TTĐT" in warning


def test_symbols_module_imports_without_django_from_the_directives_folder():
    code = (
        "import sys; sys.path.insert(0, 'directives'); import symbols; "
        "assert 'django' not in sys.modules; print(symbols.parse_symbol('160-KH/TU'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "160-KH/TU"


# --------------------------------------------------------------------------- references in prose


def spans_as_written(text: str, refs: list[Reference]) -> list[str]:
    return [text[start:end] for start, end in (ref.span for ref in refs)]


def test_seed_letter_5046_references_four_documents_with_their_dates():
    text = seed("001")

    refs = find_references(text)

    assert [(r.symbol, r.kind, r.issued_on, r.type_word) for r in refs] == [
        ("5046/UBND-TTTP", "letter", datetime.date(2023, 9, 18), "Công văn"),
        ("160-KH/TU", "party", datetime.date(2023, 9, 6), "Kế hoạch"),
        ("21-KL/TW", "party", datetime.date(2021, 10, 25), "Kết luận"),
        ("37-QĐ/TW", "party", datetime.date(2021, 10, 25), "Quy định"),
    ]
    assert spans_as_written(text, refs) == ["5046/UBND-TTTP", "160-KH/TU", "21-KL/TW", "37-QĐ/TW"]
    assert refs[0].issuer == "UBND" and refs[1].doc_type == "KH" and refs[3].doc_type == "QĐ"


def test_seed_plan_31_references_resolution_126_of_29_november_2017():
    text = seed("002")

    refs = find_references(text)

    assert [(r.symbol, r.kind, r.issued_on, r.type_word) for r in refs] == [
        ("31/KH-UBND", "state", None, "Kế hoạch"),
        ("126/NQ-CP", "state", datetime.date(2017, 11, 29), "Nghị quyết"),
    ]
    assert spans_as_written(text, refs) == ["31/KH-UBND", "126/NQ-CP"]


def test_seed_programme_10_ctr_tu_is_found_each_time_it_is_mentioned():
    text = seed("000")

    refs = find_references(text)

    assert [(r.symbol, r.doc_type, r.issuer, r.type_word) for r in refs] == [
        ("10-CTr/TU", "CTr", "TU", "Chương trình"),
        ("10-CTr/TU", "CTr", "TU", "Chương trình"),
    ]
    assert refs[0].span < refs[1].span
    assert spans_as_written(text, refs) == ["10-CTr/TU", "10-CTr/TU"]


@pytest.mark.parametrize("prefix", ["003", "004"])
def test_seed_without_document_numbers_yields_no_references(prefix):
    # "10 chương trình công tác", "Nghị quyết Đại hội 17", "sáng 22/4", "2020 - 2025" are not references.
    assert find_references(seed(prefix)) == []


def test_english_plan_reference_with_its_date_is_found():
    text = "Plan No. 160-KH/TU dated September 6, 2023 implements Conclusion No. 21-KL/TW."

    first, second = find_references(text)

    assert first == Reference(
        symbol="160-KH/TU",
        kind="party",
        number="160",
        year=None,
        doc_type="KH",
        issuer="TU",
        issued_on=datetime.date(2023, 9, 6),
        type_word="Kế hoạch",
        span=(9, 18),
    )
    assert (second.symbol, second.type_word, second.issued_on) == ("21-KL/TW", "Kết luận", None)


@pytest.mark.parametrize(
    "phrase, type_word",
    [
        ("Resolution No. 126/NQ-CP", "Nghị quyết"),
        ("Decision No. 45/QĐ-UBND", "Quyết định"),
        ("Directive No. 10/CT-TTg", "Chỉ thị"),
        ("Decree No. 30/2020/NĐ-CP", "Nghị định"),
        ("Programme No. 10-CTr/TU", "Chương trình"),
        ("Official Letter No. 5046/UBND-TTTP", "Công văn"),
    ],
)
def test_english_type_words_become_vietnamese_type_names(phrase, type_word):
    (ref,) = find_references(f"Under {phrase}, the city acts.")

    assert ref.type_word == type_word


@pytest.mark.parametrize(
    "tail, issued_on",
    [
        (" ngày 6-9-2023", datetime.date(2023, 9, 6)),
        (", ngày 06/09/2023", datetime.date(2023, 9, 6)),
        (" ngày 6.9.2023", datetime.date(2023, 9, 6)),
        (" ngày 06 tháng 9 năm 2023", datetime.date(2023, 9, 6)),
        (" Ngày 6 tháng 9, năm 2023", datetime.date(2023, 9, 6)),
        (" dated September 6, 2023", datetime.date(2023, 9, 6)),
        (" dated 6th Sept. 2023", datetime.date(2023, 9, 6)),
        (" of 6 September 2023", datetime.date(2023, 9, 6)),
        (" ngày 31/2/2023", None),
        (" của Thành ủy ngày 6-9-2023", None),
        (" năm 2023", None),
    ],
)
def test_date_is_taken_only_when_it_directly_follows_the_reference(tail, issued_on):
    (ref,) = find_references(f"Kế hoạch số 160-KH/TU{tail} về phòng, chống tham nhũng.")

    assert ref.issued_on == issued_on


def test_partial_references_are_kept_partial_and_never_completed():
    text = "Theo Kế hoạch 845, Chỉ thị 03/2024 và Nghị định 59/2019 ngày 06 tháng 9 năm 2019."

    refs = find_references(text)

    assert [
        (r.symbol, r.kind, r.number, r.year, r.doc_type, r.issuer, r.type_word) for r in refs
    ] == [
        (None, "partial", "845", None, "KH", None, "Kế hoạch"),
        (None, "partial", "03", 2024, "CT", None, "Chỉ thị"),
        (None, "partial", "59", 2019, "NĐ", None, "Nghị định"),
    ]
    assert spans_as_written(text, refs) == ["Kế hoạch 845", "Chỉ thị 03/2024", "Nghị định 59/2019"]
    assert refs[2].issued_on == datetime.date(2019, 9, 6)


def test_partial_reference_with_số_and_english_partial_are_found():
    text = "kế hoạch số 845 và Decree No. 59/2019."

    refs = find_references(text)

    assert [(r.number, r.year, r.doc_type, r.type_word) for r in refs] == [
        ("845", None, "KH", "Kế hoạch"),
        ("59", 2019, "NĐ", "Nghị định"),
    ]
    assert spans_as_written(text, refs) == ["kế hoạch số 845", "Decree No. 59/2019"]


def test_ambiguous_type_words_give_a_partial_reference_without_a_type_code():
    refs = find_references("Quy định 37 và Công văn 5046 vẫn còn hiệu lực.")

    assert [(r.type_word, r.doc_type) for r in refs] == [("Quy định", None), ("Công văn", None)]


@pytest.mark.parametrize(
    "text",
    [
        "Xây dựng kế hoạch 5 năm và Kế hoạch 5 năm 2021 - 2025.",
        "Báo cáo 6 tháng đầu năm và Báo cáo 9 tháng.",
        "Thông báo 2 lần/tháng cho 20 văn bản.",
        "tuyên truyền 10 chương trình công tác; nhiệm kỳ 2020 - 2025; ngày 19-6-2023.",
        "Sáng 22/4, ngày 29/11/2017, quý III/2023, tỷ lệ 98.63 %.",
        "giao kế hoạch 845 cho các sở",  # lower-case type word without "số": not a reference
    ],
)
def test_ordinary_numbers_in_prose_are_not_references(text):
    assert find_references(text) == []


def test_full_symbol_is_not_also_reported_as_a_partial_one():
    refs = find_references("Quyết định số 367 - QĐ/TWĐTN-VP và Chỉ thị 03/2024/CT-UBND.")

    assert [(r.symbol, r.kind) for r in refs] == [
        ("367-QĐ/TWĐTN-VP", "party"),
        ("03/2024/CT-UBND", "normative"),
    ]


def test_messy_symbols_in_prose_are_normalized_and_spans_show_them_as_written():
    text = "Theo 367 - QĐ/TWĐTN-VP, 21-KL/TƯ, 30/2020/N\u00d0\u2013CP và văn bản 215/TTCP-C.I."

    refs = find_references(text)

    assert [r.symbol for r in refs] == [
        "367-QĐ/TWĐTN-VP",
        "21-KL/TW",
        "30/2020/NĐ-CP",
        "215/TTCP-C.I",
    ]
    assert spans_as_written(text, refs) == [
        "367 - QĐ/TWĐTN-VP",
        "21-KL/TƯ",
        "30/2020/N\u00d0\u2013CP",
        "215/TTCP-C.I",
    ]


def test_spans_point_into_decomposed_text_as_written():
    import unicodedata

    text = unicodedata.normalize("NFD", "Thực hiện Kế hoạch số 160-KH/TU và Quyết định 45/QĐ-UBND.")

    refs = find_references(text)

    assert [r.symbol for r in refs] == ["160-KH/TU", "45/QĐ-UBND"]
    assert [r.type_word for r in refs] == ["Kế hoạch", "Quyết định"]
    assert spans_as_written(text, refs)[1] == unicodedata.normalize("NFD", "45/QĐ-UBND")


def test_repeated_references_are_all_returned_in_order():
    text = "Kế hoạch 845; 160-KH/TU; lại 160-KH/TU; rồi Kế hoạch 845."

    refs = find_references(text)

    assert [r.symbol or r.number for r in refs] == ["845", "160-KH/TU", "160-KH/TU", "845"]
    assert [r.span for r in refs] == sorted(r.span for r in refs)


def test_law_reference_takes_luật_as_its_type_word():
    (ref,) = find_references("Luật Phòng, chống tham nhũng, Luật số 36/2018/QH14.")

    assert (ref.symbol, ref.kind, ref.year, ref.doc_type, ref.issuer, ref.type_word) == (
        "36/2018/QH14",
        "normative",
        2018,
        None,
        "QH14",
        "Luật",
    )


def test_find_references_uses_the_given_registry():
    registry = Registry(state_types={"ZZ": "Loại thử"})

    (ref,) = find_references("Theo Loại thử số 4/ZZ-UBND.", registry)

    assert (ref.kind, ref.doc_type, ref.type_word) == ("state", "ZZ", "Loại thử")
