"""Read the end of a document: the signature block (TM./KT./Q./TL./TUQ., the signer) and "Nơi nhận".

In Decree 30's layout "Nơi nhận" is the left cell and the signature the right cell of the last
table row, so a PDF's text often runs them together line by line ("- Như trên;    KT. CHỦ TỊCH").
Every line is therefore cut where the columns meet (a wide gap, a tab, a table pipe, a signing
form) before its left part is read as a recipient.
"""

import re
from dataclasses import dataclass, field

from directives.intake.text import (
    GAP_RE,
    NAME_WORD,
    UPPER,
    Source,
    is_caps,
    letters,
    split_spans,
    strip_punct,
)

FORMS = {
    "TM": "TM.",
    "T/M": "TM.",
    "T.M": "TM.",
    "KT": "KT.",
    "K/T": "KT.",
    "K.T": "KT.",
    "TL": "TL.",
    "T/L": "TL.",
    "TUQ": "TUQ.",
    "T/UQ": "TUQ.",
    "Q": "Q.",
}
_FORM = re.compile(
    rf"(?<![\w/.])(?P<form>T/UQ|TUQ|T/M|T\.M|TM|K/T|K\.T|KT|T/L|TL|Q)(?P<dot>[.:])?"
    rf"(?P<gap>[ \t|]*\n?[ \t|]*)(?=[{UPPER}][{UPPER}])"
)
_NOI_NHAN = re.compile(r"(?<!\w)(?:Nơi nhận|NƠI NHẬN|Nơi Nhận)\s*:")
_TITLE = re.compile(
    r"(?:PHÓ\s+)?(?:CHỦ\s+TỊCH|GIÁM\s+ĐỐC|BÍ\s+THƯ|CHÁNH\s+THANH\s+TRA|CHÁNH\s+VĂN\s+PHÒNG|"
    r"TRƯỞNG\s+BAN|BỘ\s+TRƯỞNG|THỦ\s+TƯỚNG|TỔNG\s+THANH\s+TRA|VIỆN\s+TRƯỞNG|CỤC\s+TRƯỞNG|"
    r"THỦ\s+TRƯỞNG|TRƯỞNG\s+PHÒNG|CHÁNH\s+ÁN)"
)
_NAME = re.compile(rf"(?<!\w){NAME_WORD}(?:[ \t]+{NAME_WORD}){{1,4}}(?!\w)")
_CAPS_NAME = re.compile(rf"[{UPPER}]+(?: [{UPPER}]+){{1,4}}")
_TITLE_WORDS = {"TỊCH", "GIÁM", "ĐỐC", "THƯ", "TRƯỞNG", "THANH", "CHÁNH", "PHÓ", "BAN", "ỦY"}
_BULLET = re.compile(r"(?:^|(?<=[;.,]))\s*[-–+•*]\s*")
# Vietnamese surnames: a signer's name starts with one (Kinh names; some Ede or Thai names do not).
SURNAMES = frozenset(
    """Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đào Đoàn
    Trương Lâm Mai Trịnh Lương Cao Tạ Hà Lưu Chu Quách Thái Tô Vương Kiều Từ La Lại Triệu Hứa
    Châu Văn Thân Nông Lò Giáp Khúc Âu Kim Tăng Viên Mạc Tôn Ông Thạch Lục Phùng Đàm Nghiêm Bạch
    Mã Tống Diệp Ninh Ma Hầu Trình Quan Khổng Công Đồng Lã Phí Hàn Lạc Lữ Mẫn Hoàng Lạng Âu
    Cù Bế Đậu Đường Giang Hán Khương Lã Lều Lô Mông Nhữ Nhan Quang Sầm Sơn Tiêu Trang Vi Y Yên
    Cấn Chử Doãn Hạ Hùng Khưu Kha Lục Quản Thiều Tiết Trà Ứng Uông Vòng Vưu""".split()
)


@dataclass
class Closing:
    """The signature block and the recipients, with where the closing part begins (norm offset)."""

    signing_form: str | None = None
    signer: str | None = None
    recipients: list[str] = field(default_factory=list)
    start: int | None = None


def read_closing(src: Source, body_start: int) -> Closing:
    """Read the signature block and the "Nơi nhận" list after the body."""
    norm = src.norm
    closing = Closing()
    nn = _NOI_NHAN.search(norm, body_start)
    forms = _signature_forms(norm, body_start)
    if forms:
        closing.signing_form = FORMS[forms[-1]["form"]]
        closing.signer = _signer(src, forms[-1].end())
    else:
        title = _title_line(norm, nn.start() if nn else body_start)
        closing.signer = _signer(src, title.end()) if title else None
    if nn:
        closing.recipients = _recipients(src, nn.end())
    starts = [m.start() for m in (nn, forms[0] if forms else None) if m]
    closing.start = min(starts) if starts else None
    return closing


def _signature_forms(norm: str, start: int) -> list[re.Match]:
    """Return the signing forms of the first signature block after start ("TM. …", "KT. …")."""
    found: list[re.Match] = []
    for m in _FORM.finditer(norm, start):
        if m["form"] == "Q" and not m["dot"] or not (m["dot"] or m["gap"]):
            continue
        if found and m.start() - found[-1].end() > 150:
            break
        found.append(m)
    return found


def _title_line(norm: str, start: int) -> re.Match | None:
    """Return a signer's position written alone in its cell ("CHỦ TỊCH") after start."""
    for m in _TITLE.finditer(norm, start):
        line_start = norm.rfind("\n", 0, m.start()) + 1
        line_end = norm.find("\n", m.end())
        before = norm[line_start : m.start()]
        after = norm[m.end() : len(norm) if line_end < 0 else line_end]
        alone_before = not before.strip(" \t|") or GAP_RE.search(before[-3:] + " ")
        if alone_before and (not after.strip(" \t|") or GAP_RE.match(after)):
            return m
    return None


def _signer(src: Source, start: int) -> str | None:
    """Return the signer's name in the lines after the signer's position, or None."""
    norm = src.norm
    end = min(len(norm), start + 500)
    pos = start
    while pos < end:
        line_end = norm.find("\n", pos, end)
        line_end = end if line_end < 0 else line_end
        for cell in split_spans(GAP_RE, norm, pos, line_end):
            if name := _name_in(src, *cell):
                return name
        pos = line_end + 1
    return None


def _name_in(src: Source, start: int, end: int) -> str | None:
    norm = src.norm
    for m in _NAME.finditer(norm, start, end):
        first = m[0].split()[0]
        if first in SURNAMES and _alone_before(norm[start : m.start()]):
            return src.written(m.start(), m.end())
    cell = norm[start:end].strip()
    if _CAPS_NAME.fullmatch(cell) and not _TITLE_WORDS & set(cell.split()):
        if cell.split()[0].capitalize() in SURNAMES:
            offset = norm.index(cell, start)
            return src.written(offset, offset + len(cell))
    return None


def _alone_before(prefix: str) -> bool:
    """Tell whether what precedes a name in its cell leaves it standing alone (a title, "(Đã ký)")."""
    text = prefix.rstrip()
    if not text:
        return True
    last = text.split()[-1]
    return text.endswith((")", "]", "./.")) or is_caps(last) and len(letters(last)) > 1


def _recipients(src: Source, start: int) -> list[str]:
    """Return the "Nơi nhận" items as written, read line by line from start."""
    norm, items, pos = src.norm, [], start
    while pos <= len(norm):
        line_end = norm.find("\n", pos)
        line_end = len(norm) if line_end < 0 else line_end
        left = _left_end(norm, pos, line_end)
        text = norm[pos:left].strip(" \t|")
        line_start, pos = pos, line_end + 1
        if not text:
            continue
        if text[0] in "-–+•*":
            items.extend([span] for span in _bullets(norm, line_start, left))
        elif items and _open(src, items[-1]) and (text[0].islower() or text[0] == "("):
            items[-1].append((line_start, left))
        else:
            break
        if items and strip_punct(src.written(*items[-1][0])).startswith("Lưu"):
            break
    written = [strip_punct(" ".join(src.written(*span) for span in item)) for item in items]
    return [w for w in written if letters(w)]


def _open(src: Source, item: list[tuple[int, int]]) -> bool:
    """Tell whether a recipient item goes on (its last line ends without ";" or ".")."""
    return not src.norm[item[-1][0] : item[-1][1]].rstrip(" \t|").endswith((";", "."))


def _bullets(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split the left part of a line into its bulleted items (a name's inner " - " is kept)."""
    marks = list(_BULLET.finditer(norm[start:end]))
    spans = []
    for i, m in enumerate(marks):
        stop = marks[i + 1].start() if i + 1 < len(marks) else end - start
        spans.append((start + m.end(), start + stop))
    return [s for s in spans if s[1] > s[0]]


def _left_end(norm: str, start: int, end: int) -> int:
    """Return where the left column of a line ends: a gap, a signing form, a title, a name."""
    cut = end
    if gap := GAP_RE.search(norm, start, end):
        cut = gap.start()
    if form := _FORM.search(norm, start, cut):
        cut = form.start()
    if title := _TITLE.search(norm, start, cut):
        if norm[start:cut].rstrip().endswith(norm[title.start() : cut].rstrip()):
            cut = title.start()
    for m in _NAME.finditer(norm, start, cut):
        if m[0].split()[0] in SURNAMES and norm[start : m.start()].rstrip().endswith((";", ".")):
            if not norm[m.end() : cut].strip():
                cut = m.start()
    return cut
