"""Small things an officer sees on every screen: the admin's name, the browser tab's icon."""

from decimal import Decimal

from django.contrib.staticfiles import finders
from django.test import Client


def test_the_admin_is_branded_pcts_in_vietnamese(admin_user):
    client = Client()
    client.force_login(admin_user)
    html = client.get("/admin/").content.decode()
    assert "PCTS — Quản trị hệ thống" in html
    assert "Django" not in html.split("<body", 1)[1].split("</header>", 1)[0]


def test_favicon_ico_leads_to_the_vendored_icon(db):
    response = Client().get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"
    assert finders.find("img/favicon.svg")


def test_figures_follow_the_page_language():
    from django.utils import translation

    from directives.templatetags.dashboard_tags import vn_number, vn_rate

    assert (vn_number(16051), vn_rate(Decimal("45.45"))) == ("16.051", "45,45 %")
    with translation.override("en"):
        assert (vn_number(16051), vn_rate(Decimal("45.45"))) == ("16,051", "45.45 %")
        assert vn_rate(None) == "—"
