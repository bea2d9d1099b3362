"""The reminder mail's hand-built wire form parses back, by the standard library, to what was written."""

import email
import email.policy

from directives.emails import ReminderMail

SUBJECT = (
    "[PCTS] Đôn đốc thực hiện nhiệm vụ phòng, chống tham nhũng, tiêu cực: 12 nhiệm vụ quá hạn, "
    "3 nhiệm vụ sắp đến hạn của Ủy ban nhân dân phường Hoàn Kiếm"
)
CC = [
    f"Phó Chủ tịch Nguyễn Văn Thứ {n} <pho.chu.tich.{n}@hoankiem.hanoi.gov.vn>" for n in range(1, 9)
]
TEXT = "Kính gửi đồng chí Chủ tịch,\n" + "Nhiệm vụ 31/KH-UBND quá hạn 12 ngày.\n" * 400
HTML = (
    "<p>Kính gửi đồng chí Chủ tịch,</p>"
    + "<p>Nhiệm vụ <b>31/KH-UBND</b> quá hạn 12 ngày.</p>" * 400
)


def test_long_vietnamese_headers_fold_and_bodies_decode_exactly():
    mail = ReminderMail(
        subject=SUBJECT,
        body=TEXT,
        from_email="Thanh tra thành phố <pcts@thanhtra.hanoi.gov.vn>",
        to=["Chủ tịch UBND phường Hoàn Kiếm <chu.tich@hoankiem.hanoi.gov.vn>"],
        cc=CC,
        headers={"Message-ID": "<digest-2026-11-28-7@pcts.example>"},
    )
    mail.attach_alternative(HTML, "text/html")

    wire = mail.message().as_bytes()
    parsed = email.message_from_bytes(wire, policy=email.policy.default)

    assert all(len(line) <= 78 for line in wire.split(b"\r\n")), "a line passes 78 characters"
    assert b"\n" not in wire.replace(b"\r\n", b"")
    assert parsed.defects == [] and all(part.defects == [] for part in parsed.walk())
    assert parsed["Subject"] == SUBJECT
    assert [a.display_name for a in parsed["Cc"].addresses] == [c.split(" <")[0] for c in CC]
    assert [a.addr_spec for a in parsed["Cc"].addresses] == [c.split("<")[1][:-1] for c in CC]
    assert parsed["To"].addresses[0].display_name == "Chủ tịch UBND phường Hoàn Kiếm"
    assert parsed["Message-ID"] == "<digest-2026-11-28-7@pcts.example>" and parsed["Date"]
    plain, html = parsed.get_body(("plain",)), parsed.get_body(("html",))
    assert plain.get_content().replace("\r\n", "\n") == TEXT
    assert html.get_content().replace("\r\n", "\n") == HTML
