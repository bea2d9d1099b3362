"""Document symbols (DOMAIN.md §2): parsing, normalisation, rejection and the code registry."""

import subprocess
import sys
from pathlib import Path

import pytest

from directives.symbols import InvalidSymbol, Registry, Symbol, normalize_text, parse_symbol

PROJECT = Path(__file__).resolve().parents[2]


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
