"""The JSON helpers refuse too long an input and a user over the rate."""

import json

import pytest

from tests.directives.directive_helpers import client_for

pytestmark = pytest.mark.django_db


def test_a_huge_paste_is_refused_with_a_short_answer(inspector, settings):
    settings.PCTS_API_MAX_INPUT_CHARS = 50_000
    c = client_for(inspector)
    text = "Kế hoạch số 160-KH/TU ngày 6-9-2023. " * 5_400  # ≈ 199 KB
    response = c.post(
        "/api/trich-dan/", json.dumps({"text": text}), content_type="application/json"
    )
    assert response.status_code == 413 and len(response.content) < 300
    assert "tối đa 50.000 ký tự" in response.json()["error"]
    assert c.get("/api/ky-hieu/", {"symbol": "1" * 50_001}).status_code == 413
    ok = c.post(
        "/api/trich-dan/", json.dumps({"text": text[:40_000]}), content_type="application/json"
    )
    assert ok.status_code == 200


def test_each_user_has_a_rate(inspector, leader, settings):
    settings.PCTS_API_RATE = "5/m"
    c = client_for(inspector)
    answers = [c.get("/api/ky-hieu/", {"symbol": "160-KH/TU"}).status_code for _ in range(7)]
    assert answers == [200] * 5 + [429] * 2
    assert "Quá nhiều yêu cầu" in c.get("/api/don-vi/", {"q": "so"}).json()["error"]
    assert client_for(leader).get("/tong-hop/api/van-ban/", {"q": "ke"}).status_code == 200
