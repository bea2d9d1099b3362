"""Reads: scoped like the web (other units' ids answer 404), cursor pages, the web's filters."""

import datetime

import pytest

from directives import services
from directives.models.confidential import CLASSIFIED_SUMMARY

pytestmark = pytest.mark.django_db

DETAIL = {
    "directives": "directive",
    "tasks": "task",
    "assignments": "assignment",
    "reports": "report",
    "extensions": "extension",
}


@pytest.mark.parametrize("collection", sorted(DETAIL))
def test_another_units_object_answers_404_and_its_own_200(api, two_units, head_a, collection):
    client = api(head_a)
    own = two_units["a"][DETAIL[collection]].pk
    foreign = two_units["b"][DETAIL[collection]].pk
    assert client.get(f"/api/v1/{collection}/{own}/").status_code == 200
    assert client.get(f"/api/v1/{collection}/{foreign}/").status_code == 404


@pytest.mark.parametrize("collection", sorted(DETAIL))
def test_lists_hold_only_what_the_user_sees(api, two_units, head_a, collection):
    ids = {row["id"] for row in api(head_a).get(f"/api/v1/{collection}/").json()["results"]}
    assert ids == {two_units["a"][DETAIL[collection]].pk}


def test_the_inspectorate_sees_both_units(api, two_units, inspector):
    ids = {row["id"] for row in api(inspector).get("/api/v1/assignments/").json()["results"]}
    assert ids == {two_units["a"]["assignment"].pk, two_units["b"]["assignment"].pk}


def test_units_list_holds_the_users_unit_not_an_unrelated_one(api, two_units, head_a):
    ids = {row["id"] for row in api(head_a).get("/api/v1/units/").json()["results"]}
    assert two_units["a"]["unit"].pk in ids
    assert two_units["b"]["unit"].pk not in ids
    assert api(head_a).get(f"/api/v1/units/{two_units['b']['unit'].pk}/").status_code == 404


def test_the_webs_assignment_filters_narrow_the_list(api, two_units, inspector):
    client = api(inspector)
    unit_b = two_units["b"]["unit"].pk
    rows = client.get("/api/v1/assignments/", {"unit": unit_b}).json()["results"]
    assert [row["unit"] for row in rows] == [unit_b]
    rows = client.get("/api/v1/assignments/", {"q": "tuyen truyen 10/kh"}).json()["results"]
    assert [row["id"] for row in rows] == [two_units["a"]["assignment"].pk]
    rows = client.get("/api/v1/assignments/", {"timeliness": "overdue"}).json()["results"]
    assert rows == []
    assert client.get("/api/v1/assignments/", {"deadline_from": "hôm qua"}).status_code == 400


def test_pages_follow_the_cursor_without_repeating(api, two_units, inspector):
    client = api(inspector)
    first = client.get("/api/v1/assignments/", {"page_size": 1}).json()
    second = client.get(first["next"]).json()
    assert len(first["results"]) == len(second["results"]) == 1
    assert first["results"][0]["id"] != second["results"][0]["id"]
    assert second["next"] is None


def test_a_classified_directive_shows_only_its_placeholder(api, inspector, unit_a, head_a):
    directive = services.directive_create(
        actor=inspector,
        raw_symbol="05-KH/TU",
        issued_on=datetime.date(2026, 1, 2),
        summary="Nội dung mật",
        is_classified=True,
    )
    services.task_create(
        actor=inspector,
        directive=directive,
        title="Xác minh",
        lead_unit=unit_a,
        deadline_text="31/12/2026",
    )
    data = api(head_a).get(f"/api/v1/directives/{directive.pk}/").json()
    assert data["summary"] == str(CLASSIFIED_SUMMARY)
    assert data["body"] == "" and data["signer"] == "" and data["attachments"] == []
    assert "Nội dung mật" not in str(data)


def test_anonymous_and_bad_keys_answer_401(client, two_units):
    assert client.get("/api/v1/directives/").status_code == 401
    response = client.get("/api/v1/directives/", HTTP_AUTHORIZATION="Bearer pcts_nope_nope")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_path_or_id_form_answers_json_404(api, head_a):
    for path in ("/api/v1/khong-co/", "/api/v1/directives/abc/", "/api/v1/directives/-1/"):
        response = api(head_a).get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
