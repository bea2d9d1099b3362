"""The demo's round: three units have sent (accepted, "không phát sinh", awaiting review); reruns add nothing."""

import pytest

from collection.demo import load_collection_demo
from collection.models import Submission, SubmissionVersion

pytestmark = pytest.mark.django_db


def test_the_demo_round_shows_each_state_once_and_a_rerun_changes_nothing(
    inspector, make_user, make_unit, city
):
    units = [make_unit(f"Sở {n}", parent=city, code=f"S{n}") for n in range(4)]
    for n, unit in enumerate(units):
        make_user(f"gd.s{n}", unit=unit, role="head")
    load_collection_demo()
    states = sorted(Submission.objects.values_list("state", "nothing_to_report"))
    assert states == [
        ("accepted", False),
        ("draft", False),
        ("submitted", False),
        ("submitted", True),
    ]
    load_collection_demo()
    assert SubmissionVersion.objects.count() == 3
