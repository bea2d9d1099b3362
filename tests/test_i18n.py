"""Vietnamese by default, English on request; catalogues complete and compiled; Django's own messages in Vietnamese."""

import ast
import datetime
import gettext
import re
from pathlib import Path

import axes
import django
import pytest
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
EN_PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
VI_PO = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
DJANGO_DIR = Path(django.__file__).resolve().parent
HTTPS = {"X-Forwarded-Proto": "https"}
PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0-9.]*[sdfr]|\{\w*\}|<[^>]+>")


# --------------------------------------------------------------------------- a tiny .po reader


def _unquote(text: str) -> str:
    return ast.literal_eval(text)


def read_po(path: Path) -> list[dict]:
    """Return the entries of a .po file (header included) as dicts: msgctxt, msgid, msgid_plural, msgstr, msgstr[n], flags."""
    entries, entry, key = [], None, None

    def flush():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line:
            flush()
            entry, key = None, None
            continue
        if line.startswith("#~"):  # obsolete entry: not used by gettext
            continue
        if entry is None:
            entry = {"flags": set()}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += _unquote(line)
        else:
            key, _, value = line.partition(" ")
            if key in entry:  # a new entry without a blank line before it
                flush()
                entry = {"flags": set()}
            entry[key] = _unquote(value)
    return entries


def msgstrs(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


@pytest.fixture(scope="module")
def en_entries():
    return read_po(EN_PO)


@pytest.fixture(scope="module")
def vi_entries():
    return read_po(VI_PO)


# --------------------------------------------------------------------------- catalogues


def test_english_catalogue_has_no_untranslated_or_fuzzy_entries(en_entries):
    header, *entries = en_entries
    assert header["msgid"] == "" and "fuzzy" not in header["flags"]
    assert "Language: en" in header["msgstr"]
    assert len(entries) > 500, "makemessages found far fewer strings than expected"
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []
    untranslated = [e["msgid"] for e in entries if not all(msgstrs(e))]
    assert untranslated == []
    plural = [e for e in entries if "msgid_plural" in e]
    assert plural and all({"msgstr[0]", "msgstr[1]"} <= e.keys() for e in plural)


def test_english_translations_keep_every_placeholder(en_entries):
    mismatched = []
    for entry in en_entries[1:]:
        wanted = placeholders(entry["msgid"])
        for text in msgstrs(entry):
            if placeholders(text) != wanted:
                mismatched.append((entry["msgid"], text))
    assert mismatched == []


def test_english_translations_are_english(en_entries):
    """No msgstr was left as the Vietnamese source (symbols, names and examples inside it aside)."""
    vietnamese_letters = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
    copied = [
        e["msgid"]
        for e in en_entries[1:]
        if e["msgid"] in msgstrs(e) and vietnamese_letters.search(e["msgid"])
    ]
    assert copied == []


@pytest.mark.parametrize("language,po", [("en", EN_PO), ("vi", VI_PO)])
def test_committed_mo_matches_po(language, po):
    """CI may lack msgfmt, so the .mo is committed; it must say what the .po says."""
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"run manage.py compilemessages for {language}"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in read_po(po)[1:]:
        msgid = (
            entry["msgid"] if "msgctxt" not in entry else f"{entry['msgctxt']}\x04{entry['msgid']}"
        )
        if "msgid_plural" in entry:
            got = [compiled._catalog.get((msgid, n)) for n in range(len(msgstrs(entry)))]
            want = [entry[f"msgstr[{n}]"] for n in range(len(msgstrs(entry)))]
        else:
            got, want = compiled._catalog.get(msgid), entry["msgstr"]
        if got != want:
            stale.append(entry["msgid"])
    assert stale == [], "the .mo is out of date: run manage.py compilemessages"


def test_vietnamese_catalogue_only_overrides_django_messages(vi_entries, en_entries):
    """`makemessages -l vi` must not have been run over it: only Django's (and django-axes') msgids."""
    header, *entries = vi_entries
    assert "nplurals=1; plural=0;" in header["msgstr"]
    django_msgids = set()
    for app in ("conf", "contrib/auth", "contrib/admin"):
        django_msgids |= {
            e["msgid"] for e in read_po(DJANGO_DIR / app / "locale/en/LC_MESSAGES/django.po")
        }
    # django-axes ships no Vietnamese; its admin strings are overridden here too.
    for source in Path(axes.__file__).resolve().parent.glob("*.py"):
        django_msgids |= set(re.findall(r'\b_\(\s*"([^"]+)"', source.read_text()))
    project_msgids = {e["msgid"] for e in en_entries}
    assert entries
    assert [e["msgid"] for e in entries if e["msgid"] not in django_msgids] == []
    assert [e["msgid"] for e in entries if e["msgid"] in project_msgids] == []
    assert [e["msgid"] for e in entries if not all(msgstrs(e)) or "fuzzy" in e["flags"]] == []
    assert [
        e["msgid"]
        for e in entries
        for s in msgstrs(e)
        if placeholders(s) != placeholders(e["msgid"])
    ] == []


# --------------------------------------------------------------------------- pages


def client_for(user=None) -> Client:
    client = Client(headers=HTTPS)
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def switch_to(client: Client, language: str) -> None:
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302


def page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


LOGIN_VI = ["Đăng nhập", "Tên đăng nhập", "Mật khẩu"]
LOGIN_EN = ["Log in", "Username", "Password", "Anti-corruption directive tracking"]


def test_login_page_is_vietnamese_by_default_and_english_after_switching(db):
    client = client_for()
    html = page(client, reverse("accounts:login"))
    assert '<html lang="vi"' in html or 'lang="vi"' in html
    assert all(text in html for text in LOGIN_VI)
    assert "Username" not in html

    switch_to(client, "en")
    html = page(client, reverse("accounts:login"))
    assert all(text in html for text in LOGIN_EN), [t for t in LOGIN_EN if t not in html]
    assert "Tên đăng nhập" not in html and "Mật khẩu" not in html

    switch_to(client, "vi")
    assert "Tên đăng nhập" in page(client, reverse("accounts:login"))


def test_wrong_password_message_follows_the_language(db, inspector):
    client = client_for()
    data = {"username": inspector.username, "password": "sai-mat-khau"}
    html = client.post(reverse("accounts:login"), data).content.decode()
    assert "Sai tên đăng nhập hoặc mật khẩu" in html
    assert "Please enter a correct" not in html

    switch_to(client, "en")
    html = client.post(reverse("accounts:login"), data).content.decode()
    assert "Please enter a correct username and password" in html


def test_inbox_is_vietnamese_by_default_and_english_after_switching(head_a):
    client = client_for(head_a)
    inbox = reverse("directives:inbox")
    html = page(client, inbox)
    for text in ["Việc của đơn vị", "Đăng xuất", "Đơn vị không có nhiệm vụ nào đang mở."]:
        assert text in html, text
    assert "Log out" not in html

    switch_to(client, "en")
    html = page(client, inbox)
    for text in ["Unit tasks", "Log out", "The unit has no open tasks.", "Tiếng Việt"]:
        assert text in html, text
    for text in ["Việc của đơn vị", "Đăng xuất", "Đơn vị không có nhiệm vụ nào đang mở."]:
        assert text not in html, text


def test_dashboard_is_vietnamese_by_default_and_english_after_switching(inspector):
    client = client_for(inspector)
    dashboard = reverse("directives:dashboard")
    html = page(client, dashboard)
    for text in [
        "Tổng hợp tình hình thực hiện nhiệm vụ",
        "Hoàn thành đúng hạn",
        "Quá hạn",
        "English",
    ]:
        assert text in html, text

    switch_to(client, "en")
    html = page(client, dashboard)
    for text in ["Task implementation overview", "Completed on time", "Overdue", "Export to Excel"]:
        assert text in html, text
    for text in ["Tổng hợp tình hình thực hiện nhiệm vụ", "Hoàn thành đúng hạn", "Xuất Excel"]:
        assert text not in html, text


# --------------------------------------------------------------------------- Django's own messages


def test_required_field_error_is_vietnamese_under_vi_and_english_under_en(inspector):
    client = client_for(inspector)
    create = reverse("directives:directive-create")
    data = {
        "raw_symbol": "",
        "issued_on": "18/09/2025",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
    }
    html = client.post(create, data).content.decode()
    assert "Không được để trống mục này." in html
    assert "This field is required." not in html

    switch_to(client, "en")
    html = client.post(create, data).content.decode()
    assert "This field is required." in html
    assert "Not saved: please correct the highlighted fields below." in html


# Looked up through variables so that `makemessages` (which scans tests/ too) does not copy
# Django's msgids into the project's English catalogue.
DJANGO_IN_VIETNAMESE = {
    "This field is required.": "Không được để trống mục này.",
    "Enter a whole number.": "Nhập một số nguyên.",
    "Forbidden": "Không được phép truy cập",
    "Yes": "Có",  # Django's stock vi string, not overridden, still applies
}
TOO_SHORT = (
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
)


def test_django_core_messages_use_the_project_overrides():
    from django.utils import translation

    with translation.override("vi"):
        for msgid, expected in DJANGO_IN_VIETNAMESE.items():
            assert translation.gettext(msgid) == expected
        too_short = translation.ngettext(*TOO_SHORT, 12) % 12
        assert too_short == "Mật khẩu quá ngắn: phải có ít nhất 12 ký tự."
    with translation.override("en"):
        for msgid in DJANGO_IN_VIETNAMESE:
            assert translation.gettext(msgid) == msgid


def test_no_translated_text_hides_inside_an_f_string():
    """xgettext cannot read inside f-strings: a message there silently stays Vietnamese in English."""
    hidden = []
    for path in [
        *ROOT.glob("directives/**/*.py"),
        *ROOT.glob("units/**/*.py"),
        *ROOT.glob("pcts/**/*.py"),
    ]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and getattr(inner.func, "id", "") in {
                    "_",
                    "gettext",
                    "ngettext",
                    "pgettext",
                }:
                    hidden.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert hidden == []


def test_symbol_parser_messages_follow_the_language(inspector):
    client = client_for(inspector)
    url = reverse("directives:symbol-parse")

    vi_error = client.get(url, {"symbol": "31"}, headers=HTTPS).json()["error"]
    vi_warning = client.get(url, {"symbol": "5046/UBND"}, headers=HTTPS).json()["warnings"]
    switch_to(client, "en")
    en_error = client.get(url, {"symbol": "31"}, headers=HTTPS).json()["error"]
    en_warning = client.get(url, {"symbol": "5046/UBND"}, headers=HTTPS).json()["warnings"]
    en_bad = client.get(url, {"symbol": "31/KH-UB$ND"}, headers=HTTPS).json()["error"]

    assert vi_error.startswith("«31» mới chỉ có số") and "31/KH-UBND hoặc 31-KH/TU" in vi_error
    assert en_error == (
        "“31” is only a number, without the document type and issuing body. "
        "Type it in full, e.g. 31/KH-UBND or 31-KH/TU."
    )
    assert vi_warning[0].startswith("Công văn «5046/UBND» thiếu đơn vị soạn thảo")
    assert en_warning[0].startswith("The official letter “5046/UBND” lacks the drafting unit")
    assert "e.g. 31/KH-UBND (state), 30/2020/NĐ-CP (legal normative) or 160-KH/TU (Party)" in en_bad


def test_deadline_preview_explains_itself_in_the_language_chosen(inspector):
    from directives import services

    directive = services.directive_create(
        actor=inspector,
        raw_symbol="31/KH-UBND",
        issued_on=datetime.date(2025, 9, 6),
        summary="Kế hoạch",
    )
    client = client_for(inspector)
    url = reverse("directives:deadline-preview")

    vi = client.get(url, {"text": "trong quý III", "directive": directive.pk}, headers=HTTPS).json()
    vi_bad = client.get(
        url, {"text": "tháng 13/2025", "directive": directive.pk}, headers=HTTPS
    ).json()
    switch_to(client, "en")
    en = client.get(url, {"text": "trong quý III", "directive": directive.pk}, headers=HTTPS).json()
    en_soon = client.get(
        url, {"text": "khẩn trương", "directive": directive.pk}, headers=HTTPS
    ).json()
    en_bad = client.get(
        url, {"text": "tháng 13/2025", "directive": directive.pk}, headers=HTTPS
    ).json()

    assert (
        vi["note"]
        == "Trong quý III/2025: hạn là hết ngày 30/09/2025. Năm lấy theo ngày ban hành 06/09/2025."
    )
    assert en["note"] == (
        "Within quarter III/2025: due by the end of 30/09/2025. Year taken from the issue date 06/09/2025."
    )
    assert en_soon["warnings"] == ["The deadline “khẩn trương” names no date: it needs confirming."]
    assert vi_bad["error"] == "Tháng 13 không hợp lệ: tháng phải từ 1 đến 12."
    assert en_bad["error"] == "Month 13 is not valid: months run from 1 to 12."
