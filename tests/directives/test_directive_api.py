"""The forms' JSON endpoints: symbol parsing, references in pasted text, deadlines, unit search."""

import datetime
import json

import pytest

from tests.directives.directive_helpers import client_for, url


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# --------------------------------------------------------------------------- JSON endpoints


def test_symbol_parse_shows_parts_warnings_and_suggests_the_lost_stroke(inspector):
    data = (
        client_for(inspector)
        .get(url("symbol-parse"), {"symbol": "27-KH/DU", "issued_on": "01/03/2025"})
        .json()
    )
    assert data["ok"] is True
    assert (data["number"], data["doc_type"], data["type_name"], data["issuer"], data["track"]) == (
        "27",
        "KH",
        "Kế hoạch",
        "DU",
        "party",
    )
    assert any("ĐU" in w for w in data["warnings"])
    assert data["suggestions"] == ["27-KH/ĐU"]
    assert data["duplicate"] is None and data["date_error"] is None


def test_symbol_parse_points_at_the_registered_duplicate(inspector, register):
    existing = register("31/KH-UBND", issued_on=datetime.date(2026, 1, 5))
    data = (
        client_for(inspector)
        .get(url("symbol-parse"), {"symbol": "31/kh-ubnd", "issued_on": "10/02/2026"})
        .json()
    )
    assert data["duplicate"] == {
        "id": existing.pk,
        "symbol": "31/KH-UBND",
        "url": existing.get_absolute_url(),
    }


def test_symbol_parse_explains_a_bad_symbol_and_a_bad_date(inspector):
    client = client_for(inspector)
    bad = client.get(url("symbol-parse"), {"symbol": "Số: /HC-TH"}).json()
    assert bad["ok"] is False and "dự thảo chưa có số" in bad["error"]
    date = client.get(
        url("symbol-parse"), {"symbol": "160-KH/TU", "issued_on": "32/01/2025"}
    ).json()
    assert date["ok"] is True and "Ngày «32/01/2025»" in date["date_error"]


def test_references_find_lists_full_and_partial_references_and_which_are_registered(
    inspector, register
):
    plan = register("160-KH/TU", issued_on=datetime.date(2023, 9, 6))
    text = (
        "Thực hiện Kế hoạch số 160-KH/TU ngày 6-9-2023 của Ban Thường vụ Thành ủy, Nghị định 59/2019 "
        "và Công văn số 5046/UBND-TTTP ngày 18/9/2023."
    )
    client = client_for(inspector, enforce_csrf_checks=True)
    client.get(url("directive-create"))
    token = client.cookies["csrftoken"].value
    response = client.post(
        url("references-find"),
        json.dumps({"text": text}),
        content_type="application/json",
        headers={"X-CSRFToken": token, "Origin": "https://testserver"},
        secure=True,
    )
    assert response.status_code == 200
    refs = response.json()["references"]
    assert [r["symbol"] for r in refs] == ["160-KH/TU", None, "5046/UBND-TTTP"]
    first, partial, letter = refs
    assert (
        first["registered"]["url"] == plan.get_absolute_url() and first["issued_on"] == "06/09/2023"
    )
    assert (partial["partial"], partial["number"], partial["year"], partial["type_word"]) == (
        True,
        "59",
        2019,
        "Nghị định",
    )
    assert letter["registered"] is None and letter["kind"] == "letter"
    assert set(first) == {
        "symbol",
        "partial",
        "kind",
        "number",
        "year",
        "doc_type",
        "issuer",
        "issued_on",
        "type_word",
        "span",
        "registered",
    }


def test_references_find_needs_the_csrf_header_and_json(inspector):
    client = client_for(inspector, enforce_csrf_checks=True)
    no_token = client.post(
        url("references-find"), json.dumps({"text": "160-KH/TU"}), content_type="application/json"
    )
    assert no_token.status_code == 403
    plain = client_for(inspector).post(
        url("references-find"), "không phải json", content_type="application/json"
    )
    assert plain.status_code == 400 and plain.json()["ok"] is False


def test_deadline_preview_returns_the_computed_date_note_and_flag(inspector, register):
    directive = register("5046/UBND-TTTP", issued_on=datetime.date(2023, 9, 18))
    client = client_for(inspector)
    quarter = client.get(
        url("deadline-preview"), {"text": "trong quý III/2023", "directive": directive.pk}
    ).json()
    assert (
        quarter["ok"],
        quarter["due"],
        quarter["due_iso"],
        quarter["kind"],
        quarter["flagged"],
    ) == (True, "30/09/2023", "2023-09-30", "quarter", False)
    assert "30/09/2023" in quarter["note"]
    asap = client.get(
        url("deadline-preview"), {"text": "khẩn trương", "directive": directive.pk}
    ).json()
    assert (asap["due"], asap["flagged"]) == ("25/09/2023", True)
    early = client.get(
        url("deadline-preview"), {"text": "15/08/2023", "directive": directive.pk}
    ).json()
    assert early["ok"] is False and "trước ngày ban hành văn bản 18/09/2023" in early["error"]
    nonsense = client.get(
        url("deadline-preview"), {"text": "bla bla", "directive": directive.pk}
    ).json()
    assert nonsense["ok"] is False and "Không hiểu thời hạn" in nonsense["error"]
    assert (
        client.get(
            url("deadline-preview"), {"text": "ngay", "directive": directive.pk + 99}
        ).status_code
        == 404
    )


def test_unit_search_is_accent_insensitive_in_vietnamese_order_and_at_most_20(inspector, make_unit):
    for name in [
        "UBND phường Đống Đa",
        "UBND phường Ba Đình",
        "UBND phường Ánh Dương",
        "UBND phường Ân Thi",
    ]:
        make_unit(name, kind="ward")
    make_unit("UBND quận Đống Đa", kind="district", valid_to=datetime.date(2025, 6, 30))
    for n in range(25):
        make_unit(f"Sở thử {n:02d}")
    client = client_for(inspector)
    found = client.get(url("unit-search"), {"q": "dong da"}).json()["results"]
    assert [r["text"] for r in found] == ["UBND phường Đống Đa"]
    # "search" is the folded text the server matched, so the picker narrows its list the same way.
    assert found[0] == {
        "value": found[0]["value"],
        "text": "UBND phường Đống Đa",
        "search": found[0]["search"],
    }
    assert "dong da" in found[0]["search"]
    wards = [
        r["text"] for r in client.get(url("unit-search"), {"q": "ubnd phuong"}).json()["results"]
    ]
    assert wards == [
        "UBND phường Ánh Dương",
        "UBND phường Ân Thi",
        "UBND phường Ba Đình",
        "UBND phường Đống Đa",
    ]
    assert len(client.get(url("unit-search"), {"q": "so thu"}).json()["results"]) == 20


def test_unit_search_finds_a_unit_by_its_short_name_or_code_and_by_words_in_any_order(
    inspector, make_unit
):
    make_unit("Sở Nội vụ", code="SNV")
    make_unit("Ban Quản lý dự án", code="BQLDA-01", short_name="BQL")
    client = client_for(inspector)

    def names(q):
        return [r["text"] for r in client.get(url("unit-search"), {"q": q}).json()["results"]]

    assert names("snv") == ["Sở Nội vụ"]
    assert names("BQL") == ["Ban Quản lý dự án"]
    assert names("vu noi") == ["Sở Nội vụ"]
    assert names("vu tra") == []


def test_unit_search_answers_404_to_a_scope_it_does_not_know_or_a_dashboard_the_user_lacks(
    inspector, head_a, focal_a
):
    assert client_for(inspector).get(url("unit-search"), {"scope": "all"}).status_code == 404
    assert client_for(focal_a).get(url("unit-search"), {"scope": "dashboard"}).status_code == 404
    assert client_for(head_a).get(url("unit-search"), {"scope": "dashboard"}).status_code == 200
