"""Document intake: a PDF or Word file (or pasted text) becomes a pre-filled directive with its tasks."""

import io
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader, PdfWriter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from directives.exports import FONT_DIR
from directives.models import Attachment, Directive
from imports.models import IntakeDraft
from tests.directives.directive_helpers import client_for
from tests.imports.helpers import upload

pytestmark = pytest.mark.django_db

LETTER = """\
ỦY BAN NHÂN DÂN           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
THÀNH PHỐ HÀ NỘI          Độc lập - Tự do - Hạnh phúc
Số: 5046/UBND-TTTP        Hà Nội, ngày 18 tháng 9 năm 2023
V/v triển khai thực hiện Kế hoạch
số 160-KH/TU của Ban Thường vụ Thành ủy
Kính gửi:
- Các sở, ban, ngành Thành phố;
- UBND các quận, huyện, thị xã.
UBND Thành phố yêu cầu:
1. Giao Thanh tra Thành phố chủ trì, phối hợp với Sở Nội Vụ tổng hợp, báo cáo trong 05 ngày làm việc kể từ ngày ký.
Nơi nhận:                     Q. CHỦ TỊCH
- Như trên;
- Lưu: VT, TTTP.
                              Hà Minh Hải
"""
SECRET = LETTER.replace("Số: 5046", "MẬT\nSố: 5046")


def pdf_bytes(text: str, *, password: str | None = None) -> bytes:
    """Write `text` one line per row in Liberation Serif, as an office's PDF printer would."""
    pdfmetrics.registerFont(
        TTFont("LiberationSerif", str(FONT_DIR / "LiberationSerif-Regular.ttf"))
    )
    handle = io.BytesIO()
    page = canvas.Canvas(handle)
    page.setFont("LiberationSerif", 10)
    for n, line in enumerate(text.splitlines()):
        page.drawString(40, 800 - 14 * n, line)
    page.save()
    if password is None:
        return handle.getvalue()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(handle.getvalue())))
    writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(text: str, *, macro: bool = False) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    handle = io.BytesIO()
    document.save(handle)
    if not macro:
        return handle.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(handle.getvalue())) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")
    return out.getvalue()


@pytest.fixture
def units(inspectorate_unit, unit_a):
    return inspectorate_unit, unit_a


def start(client, **data):
    return client.post(reverse("imports:intake-start"), data)


def test_a_text_pdf_opens_the_registration_form_pre_filled(inspector, units):
    client = client_for(inspector)
    response = start(client, file=upload(pdf_bytes(LETTER), "5046.pdf"), text="")
    draft = IntakeDraft.objects.get()
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    page = client.get(draft.get_absolute_url())
    form, found = page.context["form"], page.context["found"]
    assert form["raw_symbol"].value() == "5046/UBND-TTTP"
    assert form["issued_on"].value() == "18/09/2023"
    assert form["signer"].value() == "Hà Minh Hải"
    assert "160-KH/TU" in form["summary"].value()
    assert (found.place, found.signing_form) == ("Hà Nội", "Q.")
    assert [r.symbol for r in found.references] == ["5046/UBND-TTTP", "160-KH/TU"]
    (proposal,) = page.context["proposals"].initial
    assert proposal["lead_unit"] == units[0].pk and proposal["coordinating_units"] == [units[1].pk]
    assert proposal["deadline_text"] == "trong 05 ngày làm việc kể từ ngày ký"


def review_post(draft, **overrides):
    data = {
        "raw_symbol": "5046/UBND-TTTP",
        "issued_on": "18/09/2023",
        "issuer_name": "UBND thành phố",
        "signer": "Hà Minh Hải",
        "summary": "Triển khai thực hiện Kế hoạch số 160-KH/TU",
        "body": draft.text,
        "tracking_officer": "",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        "tasks-TOTAL_FORMS": "2",
        "tasks-INITIAL_FORMS": "2",
        "tasks-0-include": "on",
        "tasks-0-title": "Tổng hợp, báo cáo việc triển khai",
        "tasks-0-deadline_text": "trong 05 ngày làm việc kể từ ngày ký",
        "tasks-1-title": "Một đề xuất bị bỏ",
        "tasks-1-deadline_text": "",
    }
    data.update(overrides)
    return data


def test_saving_registers_the_directive_with_its_original_and_assigns_the_kept_tasks(
    inspector, units
):
    client = client_for(inspector)
    start(client, file=upload(pdf_bytes(LETTER), "5046.pdf"), text="")
    draft = IntakeDraft.objects.get()
    data = review_post(
        draft, **{"tasks-0-lead_unit": units[0].pk, "tasks-0-coordinating_units": [units[1].pk]}
    )
    response = client.post(draft.get_absolute_url(), data)
    directive = Directive.objects.get(symbol="5046/UBND-TTTP")
    assert response.status_code == 302 and response["Location"] == directive.get_absolute_url()
    (task,) = directive.tasks.all()
    assert {(a.unit_id, a.role) for a in task.assignments.all()} == {
        (units[0].pk, "lead"),
        (units[1].pk, "coordinating"),
    }
    assert [a.original_name for a in directive.attachments.all()] == ["5046.pdf"]
    assert not IntakeDraft.objects.exists()


def test_a_refused_task_saves_nothing(inspector, units):
    client = client_for(inspector)
    start(client, text=LETTER)
    draft = IntakeDraft.objects.get()
    data = review_post(
        draft, **{"tasks-0-lead_unit": units[0].pk, "tasks-0-deadline_text": "31/12/2062"}
    )
    response = client.post(draft.get_absolute_url(), data)
    assert response.status_code == 200
    assert "Nhiệm vụ 1:" in response.content.decode()
    assert not Directive.objects.exists() and IntakeDraft.objects.count() == 1


def test_a_word_file_is_read_like_the_pdf(inspector, units):
    client = client_for(inspector)
    start(client, file=upload(docx_bytes(LETTER), "5046.docx"), text="")
    page = client.get(IntakeDraft.objects.get().get_absolute_url())
    assert page.context["form"]["raw_symbol"].value() == "5046/UBND-TTTP"
    assert len(page.context["proposals"].initial) == 1


def test_a_classified_document_keeps_only_its_number_date_and_issuer(inspector, units):
    client = client_for(inspector)
    start(client, file=upload(pdf_bytes(SECRET), "mat.pdf"), text="")
    draft = IntakeDraft.objects.get()
    assert (draft.is_classified, draft.text, draft.file.name) == (True, "", "")
    page = client.get(draft.get_absolute_url())
    assert page.context["form"]["raw_symbol"].value() == "5046/UBND-TTTP"
    assert page.context["proposals"].initial == [] and page.context["found"] is None
    assert "Văn bản mật – hồ sơ giấy" in page.content.decode()
    data = review_post(draft, is_classified="on", summary="", signer="", body="")
    data["tasks-TOTAL_FORMS"] = data["tasks-INITIAL_FORMS"] = "0"
    client.post(draft.get_absolute_url(), data)
    directive = Directive.objects.get()
    assert directive.is_classified and directive.body == "" and directive.signer == ""
    assert not directive.tasks.exists() and not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (pdf_bytes(LETTER, password="bi-mat"), "khoa.pdf", "được đặt mật khẩu"),
        (b"%PDF-1.4\n1 0 obj <<\n%%EOF", "hong.pdf", "bị hỏng"),
        (docx_bytes(LETTER, macro=True), "macro.docx", "chứa macro"),
    ],
    ids=["encrypted-pdf", "corrupt-pdf", "docx-with-macros"],
)
def test_bad_documents_are_refused_with_a_clear_message(inspector, units, content, name, message):
    response = start(client_for(inspector), file=upload(content, name), text="")
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert not IntakeDraft.objects.exists()


def test_a_macro_enabled_word_file_is_refused_by_its_name(inspector, units):
    response = start(client_for(inspector), file=upload(docx_bytes(LETTER), "x.docm"), text="")
    assert response.status_code == 200 and not IntakeDraft.objects.exists()


def test_a_text_in_another_language_is_flagged(inspector, units):
    english = "The committee shall review the annual report and publish it. " * 5
    start(client_for(inspector), text=english)
    assert "không viết bằng tiếng Việt" in IntakeDraft.objects.get().notes[0]


def test_other_staff_cannot_open_a_draft(inspector, make_user, inspectorate_unit, head_a, units):
    start(client_for(inspector), text=LETTER)
    draft = IntakeDraft.objects.get()
    other = make_user("thanhtra2", groups=["inspectorate"], unit=inspectorate_unit)
    assert client_for(other).get(draft.get_absolute_url()).status_code == 404
    assert client_for(head_a).get(reverse("imports:intake-start")).status_code == 404
