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


def test_an_english_page_shows_the_type_and_a_deadline_note_in_english(db, inspector):
    import datetime

    from django.utils import translation

    from directives import services, working_days
    from directives.messages import translated

    directive = services.directive_create(
        actor=inspector,
        raw_symbol="31/KH-UBND",
        issued_on=datetime.date(2025, 9, 6),
        summary="Kế hoạch phòng, chống tham nhũng",
    )
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(inspector)
    client.post("/i18n/setlang/", {"language": "en"})
    html = client.get(directive.get_absolute_url()).content.decode()
    assert "Plan · " in html and "Kế hoạch · " not in html

    note = working_days.resolve_deadline(
        "10 ngày làm việc kể từ ngày ban hành", issued_on=directive.issued_on
    ).note
    with translation.override("en"):
        english = translated(note, translation.gettext)
    assert english.startswith("10 working days from the issue date")
    assert note.startswith("10 ngày làm việc kể từ ngày ban hành")
