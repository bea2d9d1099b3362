"""Vietnamese text helpers: folding, sorting, slugs, dates and numbers (DOMAIN.md §8)."""

import re
import unicodedata
from datetime import UTC, date, datetime
from decimal import ROUND_DOWN, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from units.vietnamese import (
    collation_key,
    fold,
    format_date,
    format_date_line,
    format_number,
    parse_date_vi,
    slugify_vi,
    sort_key,
)

VIETNAMESE_LETTERS = (
    "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
)
vietnamese_text = st.text(
    alphabet=st.sampled_from(VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + " 0123456789-"),
    max_size=30,
)


# ---------------------------------------------------------------------------- fold


def test_fold_lets_unaccented_words_find_accented_text():
    assert fold("Kế hoạch  phòng, chống tham nhũng") == "ke hoach phong, chong tham nhung"
    assert "ke hoach" in fold("Thực hiện Kế hoạch số 160-KH/TU")


def test_fold_reads_d_with_stroke_as_d_in_every_spelling():
    assert fold("Đồng Nai") == "dong nai"
    assert fold("đ Đ \u00d0 \u0189") == "d d d d"


def test_fold_collapses_whitespace_and_handles_empty_text():
    assert fold("  Hà\tNội \n ") == "ha noi"
    assert fold("") == "" and fold(None) == ""


def test_fold_gives_the_same_key_for_composed_and_decomposed_text():
    assert fold(unicodedata.normalize("NFD", "Thanh tra Thành phố")) == "thanh tra thanh pho"


@given(vietnamese_text)
def test_fold_is_idempotent_and_leaves_only_plain_ascii_for_vietnamese(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert folded.isascii()
    assert folded == folded.casefold()


# ---------------------------------------------------------------------------- sorting


def test_sort_key_puts_names_in_vietnamese_alphabetical_order():
    names = ["Đống Đa", "Dương", "Ba Đình", "Ân", "An", "Ă"]
    assert sorted(names, key=sort_key) == ["An", "Ă", "Ân", "Ba Đình", "Dương", "Đống Đa"]


def test_sort_key_orders_letters_with_breve_circumflex_and_horn_after_their_base():
    letters = ["y", "ư", "u", "ơ", "ô", "o", "ê", "e", "đ", "d", "â", "ă", "a"]
    assert sorted(letters, key=sort_key) == list(reversed(letters))


def test_sort_key_breaks_ties_on_tone_in_the_conventional_order():
    syllables = ["bạ", "bá", "bã", "bả", "bà", "ba"]
    assert sorted(syllables, key=sort_key) == ["ba", "bà", "bả", "bã", "bá", "bạ"]


def test_sort_key_compares_letters_before_tones():
    assert sorted(["bác", "bà", "bạ", "ba"], key=sort_key) == ["ba", "bà", "bạ", "bác"]


def test_sort_key_ignores_case():
    assert sort_key("Hà Nội") == sort_key("HÀ NỘI") == sort_key("hà nội")


def test_sort_key_orders_numbered_wards_by_number():
    wards = ["Phường 10", "Phường 2", "Phường 1"]
    assert sorted(wards, key=sort_key) == ["Phường 1", "Phường 2", "Phường 10"]


def test_sort_key_puts_a_shorter_name_before_its_extensions():
    assert sorted(["Ba Vì", "Ba", "Bà Rịa"], key=sort_key) == ["Ba", "Bà Rịa", "Ba Vì"]


def test_collation_key_is_lowercase_ascii_for_a_database_column():
    assert re.fullmatch(r"[a-z]+", collation_key("Đống Đa, Hà Nội 2025"))


@given(vietnamese_text, vietnamese_text)
def test_collation_key_orders_strings_exactly_like_sort_key(a, b):
    by_tuple = (sort_key(a) > sort_key(b)) - (sort_key(a) < sort_key(b))
    by_string = (collation_key(a) > collation_key(b)) - (collation_key(a) < collation_key(b))
    assert by_tuple == by_string


@given(st.text())
def test_sort_keys_accept_any_text(text):
    assert sorted([text, "a"], key=sort_key)
    assert re.fullmatch(r"[a-z]+", collation_key(text))


# ---------------------------------------------------------------------------- slugs


def test_slugify_vi_keeps_d_with_stroke_as_d():
    assert slugify_vi("Đồng Nai") == "dong-nai"
    assert slugify_vi("Thanh tra Thành phố Hà Nội") == "thanh-tra-thanh-pho-ha-noi"


def test_slugify_vi_turns_punctuation_into_single_hyphens():
    assert slugify_vi("  Kế hoạch 160-KH/TU (2023)  ") == "ke-hoach-160-kh-tu-2023"


@given(st.text(max_size=40))
def test_slugify_vi_always_returns_a_clean_slug(text):
    assert re.fullmatch(r"([a-z0-9]+(-[a-z0-9]+)*)?", slugify_vi(text))


# ---------------------------------------------------------------------------- dates


def test_format_date_writes_day_month_year():
    assert format_date(date(2026, 3, 5)) == "05/03/2026"
    assert format_date(None) == ""


def test_format_date_reads_aware_datetimes_in_vietnam_time():
    late_evening_utc = datetime(2026, 2, 4, 20, 0, tzinfo=UTC)
    assert format_date(late_evening_utc) == "05/02/2026"


@pytest.mark.parametrize(
    ("day", "line"),
    [
        (date(2026, 2, 5), "ngày 05 tháng 02 năm 2026"),
        (date(2026, 1, 31), "ngày 31 tháng 01 năm 2026"),
        (date(2026, 9, 5), "ngày 05 tháng 9 năm 2026"),
        (date(2026, 12, 15), "ngày 15 tháng 12 năm 2026"),
        (date(2026, 3, 1), "ngày 01 tháng 3 năm 2026"),
    ],
)
def test_format_date_line_pads_days_and_only_months_one_and_two(day, line):
    assert format_date_line(day) == line


def test_format_date_line_puts_the_place_first():
    assert format_date_line(date(2026, 2, 5), "Hà Nội") == "Hà Nội, ngày 05 tháng 02 năm 2026"


@pytest.mark.parametrize(
    "text", ["25/03/2026", "25/3/2026", "25-03-2026", "25.03.2026", "2026-03-25", " 25/03/2026 "]
)
def test_parse_date_vi_accepts_the_usual_spellings(text):
    assert parse_date_vi(text) == date(2026, 3, 25)


def test_parse_date_vi_always_reads_the_day_first():
    assert parse_date_vi("05/03/2026") == date(2026, 3, 5)
    assert parse_date_vi("5/3/2026") == date(2026, 3, 5)


def test_parse_date_vi_says_in_vietnamese_why_a_date_does_not_exist():
    with pytest.raises(ValueError, match=r"31/02/2026.*không tồn tại.*28 ngày"):
        parse_date_vi("31/02/2026")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("01/13/2026", "tháng phải từ 1 đến 12"),
        ("0000-01-01", "năm phải từ 1 đến 9999"),
        ("hôm qua", "dd/mm/yyyy"),
        ("25/03/26", "dd/mm/yyyy"),
        ("25/03-2026", "dd/mm/yyyy"),
        ("", "dd/mm/yyyy"),
    ],
)
def test_parse_date_vi_rejects_other_input_with_a_useful_message(text, reason):
    with pytest.raises(ValueError, match=re.escape(reason)):
        parse_date_vi(text)


@given(st.dates())
def test_parse_date_vi_reads_back_what_format_date_writes(day):
    assert parse_date_vi(format_date(day)) == day


# ---------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (1234567.891, 2, "1.234.567,89"),
        (1234567, 0, "1.234.567"),
        (Decimal("0.5"), 0, "1"),
        (-1234.5, 1, "-1.234,5"),
        (-0.001, 2, "0,00"),
        (999, 0, "999"),
        (0, 3, "0,000"),
    ],
)
def test_format_number_uses_dots_for_thousands_and_a_comma_for_decimals(value, decimals, text):
    assert format_number(value, decimals) == text


def test_format_number_can_truncate_like_government_reports():
    rate = Decimal(16051) / Decimal(16051 + 223) * 100
    assert format_number(rate, 2) == "98,63"
    assert format_number(rate, 2, rounding=ROUND_DOWN) == "98,62"


def test_format_number_rejects_what_is_not_a_number():
    assert format_number(None) == ""
    with pytest.raises(ValueError, match="Không định dạng được số"):
        format_number(float("nan"))


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_format_number_round_trips_integers(number):
    assert int(format_number(number).replace(".", "")) == number


@given(st.dates(min_value=date(1900, 1, 1)))
def test_format_date_line_names_the_same_day_as_format_date(day):
    numbers = [int(n) for n in re.findall(r"\d+", format_date_line(day))]
    assert date(numbers[2], numbers[1], numbers[0]) == day
