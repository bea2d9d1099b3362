"""Deadline phrases read into dates (DOMAIN.md §3)."""

import dataclasses
import subprocess
import sys
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from directives.deadlines import (
    KINDS,
    Deadline,
    InvalidDeadline,
    WorkCalendar,
    default_calendar,
    month_end,
    parse_deadline,
    quarter_end,
    vietnam_fixed_holidays,
)

ISSUED = date(2023, 9, 18)  # a Monday, like 5046/UBND-TTTP
RECEIVED = date(2023, 9, 20)


def parse(text, **kwargs):
    kwargs.setdefault("issued_on", ISSUED)
    kwargs.setdefault("received_on", RECEIVED)
    return parse_deadline(text, **kwargs)


def dmy(day):
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


# ---------------------------------------------------------------------------- the phrase table

PHRASES = [
    # explicit dates, always day first
    ("15/10/2023", date(2023, 10, 15), "date", False),
    ("ngày 15/10/2023", date(2023, 10, 15), "date", False),
    ("ngày 15 tháng 10 năm 2023", date(2023, 10, 15), "date", False),
    ("05/03/2026", date(2026, 3, 5), "date", False),
    ("15-10-2023", date(2023, 10, 15), "date", False),
    ("15.10.2023", date(2023, 10, 15), "date", False),
    ("2023-10-15", date(2023, 10, 15), "date", False),
    # "trước ngày" ends the day before by default
    ("trước ngày 15/10/2023", date(2023, 10, 14), "by_date", False),
    ("Hoàn thành trước ngày 15/10/2023.", date(2023, 10, 14), "by_date", False),
    ("trước ngày 01/03/2024", date(2024, 2, 29), "by_date", False),
    ("trước ngày 15/10", date(2023, 10, 14), "by_date", False),
    # inclusive forms
    ("chậm nhất ngày 15/10/2023", date(2023, 10, 15), "inclusive", False),
    ("chậm nhất là ngày 15/10/2023", date(2023, 10, 15), "inclusive", False),
    ("hạn chót 15/10/2023", date(2023, 10, 15), "inclusive", False),
    ("hạn: 15/10/2023", date(2023, 10, 15), "inclusive", False),
    ("Thời hạn hoàn thành: ngày 15/10/2023", date(2023, 10, 15), "inclusive", False),
    ("trong ngày 15/10/2023", date(2023, 10, 15), "inclusive", False),
    ("trước 17 giờ ngày 15/10/2023", date(2023, 10, 15), "inclusive", False),
    # months
    ("hoàn thành trong tháng 9 năm 2023", date(2023, 9, 30), "month", False),
    ("trong tháng 9/2023", date(2023, 9, 30), "month", False),
    ("tháng 9/2023", date(2023, 9, 30), "month", False),
    ("tháng 02/2024", date(2024, 2, 29), "month", False),
    ("tháng 2/2025", date(2025, 2, 28), "month", False),
    ("trong tháng 12", date(2023, 12, 31), "month", False),
    ("trước tháng 10/2023", date(2023, 9, 30), "month", False),
    ("cuối tháng", date(2023, 9, 30), "month", False),
    # quarters
    ("trong quý III/2023", date(2023, 9, 30), "quarter", False),
    ("quý 3 năm 2023", date(2023, 9, 30), "quarter", False),
    ("quý III năm 2023", date(2023, 9, 30), "quarter", False),
    ("Quý IV", date(2023, 12, 31), "quarter", False),
    ("trước quý I/2024", date(2023, 12, 31), "quarter", False),
    # parts of the year
    ("6 tháng đầu năm 2024", date(2024, 6, 30), "half_year", False),
    ("06 tháng cuối năm", date(2023, 12, 31), "half_year", False),
    ("nửa đầu năm 2024", date(2024, 6, 30), "half_year", False),
    ("9 tháng đầu năm", date(2023, 9, 30), "nine_months", False),
    ("trong năm 2024", date(2024, 12, 31), "year", False),
    ("năm 2024", date(2024, 12, 31), "year", False),
    ("trong năm", date(2023, 12, 31), "year", False),
    # relative: from receipt, else issue
    ("15 ngày kể từ ngày nhận", date(2023, 10, 5), "relative_days", False),
    ("trong vòng 15 ngày", date(2023, 10, 5), "relative_days", False),
    ("15 ngày kể từ ngày ban hành", date(2023, 10, 3), "relative_days", False),
    ("15 ngày kể từ ngày 01/10/2023", date(2023, 10, 16), "relative_days", False),
    ("trong 2 tuần", date(2023, 10, 4), "relative_days", False),
    ("trong 3 tháng kể từ ngày ký", date(2023, 12, 18), "relative_days", False),
    ("05 ngày làm việc", date(2023, 9, 27), "working_days", False),
    # no date of its own
    ("ngay", date(2023, 9, 25), "asap", True),
    ("khẩn trương", date(2023, 9, 25), "asap", True),
    ("kịp thời", date(2023, 9, 25), "asap", True),
    ("báo cáo sớm", date(2023, 9, 25), "asap", True),
    ("ngay sau khi nhận được văn bản", date(2023, 9, 25), "asap", True),
    ("thường xuyên", None, "recurring", False),
    ("Hằng năm", None, "recurring", False),
    ("hàng năm", None, "recurring", False),
    ("hằng quý", None, "recurring", False),
    ("định kỳ 6 tháng", None, "recurring", False),
]


@pytest.mark.parametrize(("text", "due", "kind", "flagged"), PHRASES, ids=[p[0] for p in PHRASES])
def test_phrase_gives_its_due_date_kind_and_flag(text, due, kind, flagged):
    deadline = parse(text)
    assert (deadline.due, deadline.kind, deadline.flagged) == (due, kind, flagged)
    assert deadline.kind in KINDS
    assert deadline.note


def test_deadline_keeps_the_text_as_typed_without_surrounding_spaces():
    deadline = parse("  Trước ngày 15/10/2023  ")
    assert deadline.text == "Trước ngày 15/10/2023"


def test_deadline_is_frozen():
    deadline = parse("15/10/2023")
    assert isinstance(deadline, Deadline)
    with pytest.raises(dataclasses.FrozenInstanceError):
        deadline.due = date(2023, 10, 16)


def test_phrases_typed_without_diacritics_read_the_same():
    assert parse("truoc ngay 15/10/2023").due == date(2023, 10, 14)
    assert parse("hoan thanh trong thang 9 nam 2023").due == date(2023, 9, 30)
    assert parse("ngay 15/10/2023").kind == "date"
    assert parse("khan truong").kind == "asap"


def test_decomposed_and_upper_case_phrases_read_the_same():
    assert parse(unicodedata.normalize("NFD", "Trước ngày 15/10/2023")).due == date(2023, 10, 14)
    assert parse("TRONG QUÝ III/2023").due == date(2023, 9, 30)


# ---------------------------------------------------------------------------- "trước ngày"


def test_before_date_ends_the_previous_day_by_default_and_says_so():
    deadline = parse("trước ngày 15/10/2023")
    assert deadline.due == date(2023, 10, 14)
    assert deadline.note == "Trước ngày 15/10/2023: hạn là hết ngày 14/10/2023 (theo cấu hình)."


def test_before_date_includes_the_day_when_the_office_reads_it_that_way():
    deadline = parse("trước ngày 15/10/2023", before_means_previous_day=False)
    assert deadline.due == date(2023, 10, 15)
    assert deadline.kind == "by_date"


def test_before_the_first_of_march_ends_on_the_last_day_of_february():
    assert parse("trước ngày 01/03/2023").due == date(2023, 2, 28)
    assert parse("trước ngày 01/03/2024").due == date(2024, 2, 29)


# ---------------------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("numeral", "due"),
    [
        ("I", date(2024, 3, 31)),
        ("II", date(2024, 6, 30)),
        ("III", date(2024, 9, 30)),
        ("IV", date(2024, 12, 31)),
        ("1", date(2024, 3, 31)),
        ("2", date(2024, 6, 30)),
        ("3", date(2024, 9, 30)),
        ("4", date(2024, 12, 31)),
    ],
)
def test_quarters_accept_roman_and_arabic_numerals(numeral, due):
    assert parse(f"trong quý {numeral}/2024").due == due
    assert parse(f"quý {numeral} năm 2024").due == due


@pytest.mark.parametrize(("year", "last_day"), [(2023, 28), (2024, 29), (2000, 29), (2100, 28)])
def test_february_ends_on_the_leap_year_rule(year, last_day):
    assert parse(f"trong tháng 2/{year}").due == date(year, 2, last_day)
    assert month_end(year, 2) == date(year, 2, last_day)


def test_quarter_end_and_month_end_name_the_last_day():
    assert quarter_end(2023, 3) == date(2023, 9, 30)
    assert month_end(2023, 4) == date(2023, 4, 30)


def test_period_without_a_year_takes_the_year_of_issue_and_says_so():
    deadline = parse("6 tháng cuối năm", issued_on=date(2025, 2, 1))
    assert deadline.due == date(2025, 12, 31)
    assert "Năm lấy theo ngày ban hành 01/02/2025" in deadline.note


def test_period_without_a_year_or_any_date_is_flagged_without_a_due_date():
    deadline = parse_deadline("quý III")
    assert deadline.due is None and deadline.flagged
    assert "cần nhập năm" in deadline.warnings[0]


# ---------------------------------------------------------------------------- relative periods


def test_relative_days_count_from_receipt_when_it_is_known():
    deadline = parse("15 ngày kể từ ngày nhận")
    assert deadline.due == RECEIVED + timedelta(days=15)
    assert "ngày nhận 20/09/2023" in deadline.note


def test_relative_days_fall_back_to_the_issue_date():
    deadline = parse("trong vòng 15 ngày", received_on=None)
    assert deadline.due == ISSUED + timedelta(days=15)
    assert not deadline.flagged


def test_relative_days_from_receipt_without_a_receipt_date_are_flagged():
    deadline = parse("15 ngày kể từ ngày nhận", received_on=None)
    assert deadline.due == ISSUED + timedelta(days=15)
    assert deadline.flagged


def test_relative_days_without_any_base_date_have_no_due_date_and_are_flagged():
    deadline = parse_deadline("15 ngày kể từ ngày nhận")
    assert deadline.due is None
    assert deadline.flagged


def test_relative_days_from_an_unknown_event_are_flagged():
    deadline = parse("trong 15 ngày kể từ ngày có kết luận thanh tra")
    assert deadline.flagged
    assert "kết luận thanh tra" in deadline.warnings[0]


def test_relative_days_ending_on_a_weekend_warn_without_moving_the_date():
    deadline = parse("5 ngày kể từ ngày nhận", received_on=date(2023, 10, 2))
    assert deadline.due == date(2023, 10, 7)  # a Saturday
    assert not deadline.flagged
    assert "09/10/2023" in deadline.warnings[0]


def test_relative_months_end_on_the_last_day_of_a_shorter_month():
    assert parse("trong 1 tháng kể từ ngày nhận", received_on=date(2024, 1, 31)).due == date(
        2024, 2, 29
    )


def test_a_report_named_by_its_period_is_not_a_relative_deadline():
    with pytest.raises(InvalidDeadline):
        parse("báo cáo 6 tháng")


# ---------------------------------------------------------------------------- working days


def test_working_days_skip_the_weekend():
    friday = date(2023, 10, 6)
    assert parse("01 ngày làm việc", received_on=friday).due == date(2023, 10, 9)
    assert parse("05 ngày làm việc", received_on=friday).due == date(2023, 10, 13)


def test_working_days_skip_national_day_and_the_weekend_after_it():
    thursday = date(2023, 8, 31)  # 1/9 Fri and 2/9 Sat are holidays, 3/9 is Sunday
    deadline = parse("05 ngày làm việc kể từ ngày nhận", received_on=thursday)
    assert deadline.due == date(2023, 9, 8)
    assert deadline.kind == "working_days"


def test_working_days_skip_holidays_from_the_editable_calendar():
    tet_2024 = [date(2024, 2, 8) + timedelta(days=i) for i in range(7)]  # 8–14/2/2024
    calendar = WorkCalendar(holidays=tet_2024)
    deadline = parse("03 ngày làm việc", received_on=date(2024, 2, 7), calendar=calendar)
    assert deadline.due == date(2024, 2, 19)


def test_a_working_saturday_counts_as_a_working_day():
    saturday = date(2023, 10, 7)
    calendar = WorkCalendar(working_weekends=[saturday])
    assert calendar.is_working_day(saturday)
    assert calendar.add_working_days(date(2023, 10, 6), 1) == saturday


def test_a_holiday_wins_over_a_working_weekend():
    saturday = date(2023, 10, 7)
    assert not WorkCalendar(holidays=[saturday], working_weekends=[saturday]).is_working_day(
        saturday
    )


def test_add_working_days_counts_the_day_after_start_first():
    calendar = WorkCalendar()
    monday = date(2023, 10, 2)
    assert calendar.add_working_days(monday, 0) == monday
    assert calendar.add_working_days(monday, 1) == date(2023, 10, 3)
    assert calendar.add_working_days(monday, -1) == date(2023, 9, 29)


def test_fixed_holidays_are_the_solar_days_of_the_labour_code():
    assert set(vietnam_fixed_holidays(2026)) == {
        date(2026, 1, 1),
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 9, 1),
        date(2026, 9, 2),
    }


def test_default_calendar_has_weekends_and_fixed_holidays_but_not_tet():
    calendar = default_calendar()
    assert not calendar.is_working_day(date(2026, 4, 30))
    assert not calendar.is_working_day(date(2026, 3, 7))  # Saturday
    assert calendar.is_working_day(date(2026, 2, 17))  # Tết 2026 comes from the editable calendar


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)), st.integers(0, 40))
def test_add_working_days_lands_on_a_working_day_after_exactly_n_of_them(start, n):
    calendar = default_calendar()
    end = calendar.add_working_days(start, n)
    between = [start + timedelta(days=i) for i in range(1, (end - start).days + 1)]
    assert sum(map(calendar.is_working_day, between)) == n
    assert n == 0 or calendar.is_working_day(end)


# ---------------------------------------------------------------------------- no single date


def test_asap_uses_the_configured_number_of_days_and_asks_for_confirmation():
    deadline = parse("khẩn trương", asap_days=3)
    assert deadline.due == ISSUED + timedelta(days=3)
    assert deadline.flagged
    assert "cần xác nhận" in deadline.warnings[0]


def test_asap_without_an_issue_date_has_no_due_date():
    deadline = parse_deadline("ngay")
    assert deadline.due is None and deadline.flagged


def test_recurring_work_has_no_single_due_date():
    deadline = parse("thường xuyên")
    assert deadline.due is None
    assert "tỷ lệ" in deadline.note


def test_recurring_work_with_a_date_in_it_is_flagged_for_scheduling():
    deadline = parse("trước ngày 15/12 hằng năm")
    assert deadline.kind == "recurring" and deadline.due is None and deadline.flagged


# ---------------------------------------------------------------------------- warnings


def test_a_phrase_with_several_dates_is_flagged():
    deadline = parse("Thực hiện Kế hoạch 160-KH/TU ngày 6-9-2023, trước ngày 15/10/2023")
    assert deadline.due == date(2023, 10, 14)
    assert deadline.flagged


def test_a_due_date_before_the_issue_date_is_flagged():
    deadline = parse("chậm nhất ngày 01/09/2023")
    assert deadline.flagged
    assert "sớm hơn ngày ban hành" in deadline.warnings[0]


# ---------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("text", ["abc", "sau này", "trong ngày", "hoàn thành trong tuần"])
def test_unreadable_text_raises_a_message_listing_the_accepted_forms(text):
    with pytest.raises(InvalidDeadline) as raised:
        parse(text)
    message = str(raised.value)
    assert f"Không hiểu thời hạn «{text}»" in message
    for form in ("trước ngày 15/10/2023", "trong quý III/2023", "05 ngày làm việc"):
        assert form in message


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "Chưa nhập thời hạn"),
        ("   ", "Chưa nhập thời hạn"),
        ("31/02/2026", "tháng 2 năm 2026 chỉ có 28 ngày"),
        ("chậm nhất ngày 31/04/2024", "tháng 4 năm 2024 chỉ có 30 ngày"),
        ("trước ngày 29/02", "tháng 2 năm 2023 chỉ có 28 ngày"),
        ("15/13/2023", "tháng phải từ 1 đến 12"),
        ("tháng 13/2023", "tháng phải từ 1 đến 12"),
        ("quý V/2023", "chỉ có quý I, II, III, IV"),
        ("quý 5 năm 2023", "chỉ có quý I, II, III, IV"),
        ("13 tháng đầu năm", "một năm chỉ có 12 tháng"),
        ("đầu tháng 10/2023", "không chỉ một ngày cụ thể"),
        ("trước ngày 01/01/0001", "ngoài phạm vi"),
    ],
)
def test_impossible_dates_raise_a_vietnamese_message_saying_why(text, reason):
    with pytest.raises(InvalidDeadline, match=reason):
        parse(text)


def test_invalid_deadline_is_a_value_error_for_forms():
    assert issubclass(InvalidDeadline, ValueError)


# ---------------------------------------------------------------------------- properties

any_date = st.dates(min_value=date(1, 1, 2))


@given(any_date)
def test_a_written_date_is_read_back_as_the_same_day(day):
    assert parse_deadline(dmy(day)).due == day


@given(any_date, st.sampled_from(["/", "-", "."]))
def test_a_date_reads_the_same_whatever_the_separator(day, separator):
    written = f"{day.day}{separator}{day.month}{separator}{day.year:04d}"
    assert parse_deadline(f"ngày {written}").due == day


@given(any_date)
def test_at_the_latest_on_a_day_is_that_day(day):
    assert parse_deadline(f"chậm nhất ngày {dmy(day)}").due == day


@given(any_date)
def test_before_a_day_is_the_day_before(day):
    assert parse_deadline(f"trước ngày {dmy(day)}").due == day - timedelta(days=1)


@given(st.integers(1, 9999), st.integers(1, 12))
def test_a_month_ends_on_its_last_day(year, month):
    due = parse_deadline(f"trong tháng {month}/{year:04d}").due
    assert (due.year, due.month) == (year, month)
    assert due == date(9999, 12, 31) or (due + timedelta(days=1)).day == 1


deadline_words = st.sampled_from(
    "trước ngày chậm nhất là hạn trong tháng quý năm đầu cuối 6 9 15 05 III IV / - . : "
    "kể từ nhận ban hành làm việc tuần ngay khẩn trương thường xuyên hằng giờ 17h 31/02/2026 "
    "15/10/2023 29/02 0 99 999 9999 0001 nửa sáu".split()
)


@given(st.lists(deadline_words, max_size=8).map(" ".join) | st.text(max_size=30))
def test_any_text_either_parses_or_raises_invalid_deadline(text):
    try:
        deadline = parse(text)
    except InvalidDeadline as exc:
        assert str(exc)
    else:
        assert deadline.kind in KINDS
        assert deadline.due is not None or deadline.flagged or deadline.kind == "recurring"


def test_the_deadline_parser_imports_without_django():
    code = (
        "import sys; from directives.deadlines import parse_deadline; "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django']; "
        "print(parse_deadline('31/12/2026').due)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2026-12-31"
