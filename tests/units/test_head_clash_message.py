"""A second head for a unit is refused with a sentence naming the unit, the head and the dates."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from units.models import Membership

pytestmark = pytest.mark.django_db


def test_a_second_head_overlapping_the_first_is_refused_in_words(make_user, unit_a):
    make_user("gd.cu", unit=unit_a, role="head", full_name="Nguyễn Văn An",
              valid_from=datetime.date(2025, 1, 1))  # fmt: skip
    newcomer = get_user_model().objects.create_user("gd.moi", password="Mat-khau-dai-2026")
    second = Membership(
        user=newcomer, unit=unit_a, role="head", valid_from=datetime.date(2026, 3, 1)
    )

    with pytest.raises(ValidationError) as refused:
        second.full_clean()

    text = " ".join(refused.value.messages)
    assert "Sở Nội vụ đã có người đứng đầu là Nguyễn Văn An từ ngày 01/01/2025 đến nay" in text
    assert "trước ngày 01/03/2026" in text
    assert "one_head_per_unit_per_day" not in text


def test_a_head_after_the_first_one_ends_or_a_deputy_passes(make_user, unit_a):
    make_user("gd.cu", unit=unit_a, role="head", valid_from=datetime.date(2025, 1, 1))
    first = Membership.objects.get(user__username="gd.cu")
    first.valid_to = datetime.date(2026, 2, 28)
    first.save()
    newcomer = get_user_model().objects.create_user("gd.moi", password="Mat-khau-dai-2026")

    Membership(
        user=newcomer, unit=unit_a, role="head", valid_from=datetime.date(2026, 3, 1)
    ).full_clean()
    Membership(
        user=newcomer, unit=unit_a, role="deputy", valid_from=datetime.date(2025, 3, 1)
    ).full_clean()
