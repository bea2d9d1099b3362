"""Document symbols (DOMAIN.md §2): references to documents in prose, seed letters included."""

import datetime
from pathlib import Path

import pytest

from directives.symbols import Reference, Registry, find_references

PROJECT = Path(__file__).resolve().parents[2]
SEEDS = PROJECT / "directives" / "demo_data" / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


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
