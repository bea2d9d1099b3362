"""Find the units a sentence names ("Sở Nội vụ", "các sở, ban, ngành") and match them to known units.

A unit's name is read as Vietnamese names are written: words with capitals ("Sở Kế hoạch và Đầu
tư"), one small syllable after a capital ("Nội vụ"), and the small words of generic names ("các
cơ quan, đơn vị có liên quan"). A known unit is matched on its name compared with diacritics (Đ is
never D), tolerant of case, of old tone marks, of "UBND" for "Ủy ban nhân dân" and of its initials
("SNV" for "Sở Nội vụ").
"""

import re

from directives.intake.text import WORD_RE, is_capitalised, key

_EXPAND = {"ubnd": "ủy ban nhân dân", "hđnd": "hội đồng nhân dân", "tp": "thành phố",
           "mttq": "mặt trận tổ quốc", "ub": "ủy ban", "tx": "thị xã"}  # fmt: skip
# Small words that belong to the names of units and of groups of units ...
_SMALL = set(
    """các tỉnh thành phố huyện quận thị xã phường trấn sở ban ngành đoàn thể cơ quan đơn vị địa
    phương liên thuộc nhân dân nhà nước doanh nghiệp ủy uỷ mặt trận chính trị chuyên môn sự
    khu và cùng mỗi từng""".split()
)
# ... and those that do only beside a given word (before it, after it): "có liên quan", "trực
# thuộc", "cấp huyện", "các cơ quan, tổ chức", "xã hội", "khu công nghiệp", "công lập".
_LEVELS = {"tỉnh", "huyện", "xã", "thành", "quận", "phường", "cơ", "trung", "ủy", "uỷ"}
_BESIDE = {
    "có": (set(), {"liên"}),
    "trực": (set(), {"thuộc"}),
    "cấp": (set(), _LEVELS),
    "tổ": ({","}, {"quốc"}),
    "chức": ({"tổ"}, set()),
    "quốc": ({"tổ"}, set()),
    "hội": ({"xã"}, {"đồng"}),
    "đồng": ({"hội"}, set()),
    "công": ({"khu"}, {"lập", "nghiệp"}),
    "nghiệp": ({"công", "sự", "doanh"}, set()),
    "lập": ({"công"}, set()),
    "kinh": ({"khu"}, {"tế"}),
    "tế": ({"kinh"}, set()),
}
_STARTS_SMALL = {"các", "ngành", "mỗi", "từng"}
_TITLES = sorted(
    (
        tuple(t.split())
        for t in (
            "giám đốc",
            "phó giám đốc",
            "thủ trưởng",
            "chủ tịch",
            "phó chủ tịch",
            "chánh",
            "trưởng",
            "người đứng đầu",
            "bí thư",
            "tổng giám đốc",
            "cục trưởng",
            "chi cục trưởng",
            "viện trưởng",
            "đồng chí",
            "thống đốc",
            "bộ trưởng",
        )
    ),
    key=len,
    reverse=True,
)
# Capitalised words that begin a unit's name, where a list of units is split: with the words
# that must follow them ("Công an", not "Công tác"), or None and the words that must not
# ("Ban Chỉ đạo", not "Ban hành"; "Phòng Nội vụ", not "Phòng, chống").
_HEADS: dict[str, tuple[set[str] | None, set[str]]] = {
    **{w: (None, set()) for w in "sở cục đài viện quỹ ubnd hđnd mttq các".split()},
    "ban": (None, {"hành"}),
    "bộ": (None, {"phận", "máy"}),
    "báo": (None, {"cáo", "chí"}),
    "hội": (None, {"nghị", "nhập"}),
    "đoàn": (None, {"kết", "viên"}),
    "đội": (None, {"ngũ"}),
    "phòng": (None, {",", "ngừa", "chống", "họp"}),
    "trường": (None, {"hợp"}),
    "công": ({"an", "ty", "đoàn"}, set()),
    "văn": ({"phòng"}, set()),
    "thanh": ({"tra"}, set()),
    "ủy": ({"ban"}, set()),
    "uỷ": ({"ban"}, set()),
    "chi": ({"cục", "nhánh", "bộ", "hội"}, set()),
    "tổng": ({"công", "cục", "liên"}, set()),
    "kho": ({"bạc"}, set()),
    "ngân": ({"hàng"}, set()),
    "mặt": ({"trận"}, set()),
    "trung": ({"tâm"}, set()),
    "bệnh": ({"viện"}, set()),
    "tòa": ({"án"}, set()),
    "liên": ({"đoàn", "minh", "hiệp"}, set()),
    "cảnh": ({"sát"}, set()),
    "bảo": ({"hiểm"}, set()),
    "kiểm": ({"toán"}, set()),
    "hải": ({"quan"}, set()),
    "tập": ({"đoàn"}, set()),
    "cơ": ({"quan"}, set()),
    "đảng": ({"ủy", "uỷ", "bộ", "đoàn"}, set()),
    "tỉnh": ({"ủy", "uỷ", "đoàn"}, set()),
    "thành": ({"ủy", "uỷ", "đoàn"}, set()),
    "huyện": ({"ủy", "uỷ", "đoàn"}, set()),
    "quận": ({"ủy", "uỷ", "đoàn"}, set()),
}


def _is_head(tokens, j: int) -> bool:
    """Tell whether token j begins a unit's name by its first words ("Sở", "Công an", "Ban Chỉ đạo")."""
    word = tokens[j][0]
    if not is_capitalised(word) and word.lower() != "các":
        return False
    need, never = _HEADS.get(word.lower(), (set(), set()))
    following = tokens[j + 1][0].lower() if j + 1 < len(tokens) else ""
    if need is not None:
        return following in need
    return following not in never


_SEPARATORS = {",", ";", "và", "cùng"}
# Two-syllable verbs: "Sở Nội Vụ thực hiện" ends before "thực", though a small syllable after a
# capital usually belongs to the name ("Sở Nội vụ").
_VERBS = set(
    """thực hiện|tổ chức|triển khai|xây dựng|tham mưu|theo dõi|đôn đốc|kiểm tra|hướng dẫn|tổng hợp|
    báo cáo|rà soát|nghiên cứu|chỉ đạo|tăng cường|đẩy mạnh|tiếp tục|chủ động|khẩn trương|quán triệt|
    tuyên truyền|phổ biến|thanh tra|giám sát|đánh giá|xử lý|giải quyết|cung cấp|bố trí|đảm bảo|
    bảo đảm|phối hợp|chủ trì|trực tiếp|nghiêm túc|kịp thời|thường xuyên|ban hành|cập nhật|sơ kết|
    tổng kết|nâng cao|thành lập|kiện toàn|công khai|kê khai|xác minh|tiếp nhận|chấn chỉnh|khắc phục|
    quản lý|thống kê|tập trung|phát huy|xem xét|đề xuất|đề nghị|yêu cầu|lãnh đạo|hoàn thành|
    hoàn thiện|duy trì|phát hiện|ngăn chặn|thu hồi|thẩm định|phê duyệt|bổ sung|sửa đổi|tham gia|
    hỗ trợ|biên soạn|phát hành|tập huấn|bồi dưỡng|đào tạo|thông báo|liên hệ|vận động|làm việc|
    có trách|chịu trách|tích cực|gửi báo|trình ủy|trình uỷ|căn cứ|làm tổ|làm đầu|làm thường""".replace(
        "\n", ""
    ).split("|")
)
_VERBS = {" ".join(v.split()) for v in _VERBS}
MAX_WORDS = 30


class UnitIndex:
    """Known unit names by every form a directive may write them in."""

    def __init__(self, names: list[str]):
        found: dict[str, set[str]] = {}
        for name in names:
            if name and name.strip():
                for alias in _aliases(name):
                    found.setdefault(alias, set()).add(name)
        self._names = {alias: next(iter(n)) for alias, n in found.items() if len(n) == 1}
        self.longest = max((len(a.split()) for a in self._names), default=0)

    def match(self, written: str) -> str | None:
        """Return the known unit a written name means, or None."""
        if not self._names:
            return None
        k = re.sub(r"^ngành ", "", _expanded(written))
        if not k:
            return None
        stripped = re.sub(r" (?:tỉnh|thành phố)(?: .*)?$", "", k)
        candidates = [k, stripped] if len(stripped.split()) >= 3 else [k]
        if re.fullmatch(r"[A-ZĐ]{3,}", written.strip()):
            candidates.append("#" + written.strip())
        return next((self._names[c] for c in candidates if c in self._names), None)


def _expanded(text: str) -> str:
    return " ".join(_EXPAND.get(w, w) for w in key(text).split())


def _aliases(name: str) -> set[str]:
    """Return the forms of a unit's name: itself, without its place, and its initials."""
    k = _expanded(name)
    aliases = {k}
    m = re.fullmatch(r"(.+?) (tỉnh|thành phố) (\S.*)", k)
    if m:
        aliases.add(f"{m[1]} {m[2]}")
        if len(m[1].split()) >= 3:
            aliases.add(m[1])
    initials = "".join(w[0] for w in re.findall(r"\w+", name) if w.lower() not in {"và", "the"})
    if len(initials) >= 3:
        aliases.add("#" + initials.upper())
    return aliases


def party_at(text: str, start: int, end: int, units: UnitIndex) -> tuple[int, int] | None:
    """Return the span of the names of units that text[start:end] begins with, or None.

    The span ends before the first word that is neither part of a name nor a separator: the
    verb of the sentence ("Sở Nội vụ tổ chức …"), "chủ trì", punctuation that closes the clause.
    """
    tokens = [m for m in WORD_RE.finditer(text, start, end)][:MAX_WORDS]
    i = _skip_titles(tokens, 0)
    if i >= len(tokens) or not (_starts_party(tokens, i) or _known_at(text, tokens, i, units)):
        return None
    last, after_known = None, False
    while i < len(tokens):
        word = tokens[i][0]
        if word in _SEPARATORS:
            if not _next_is_party(tokens, i + 1):
                break
            i, after_known = _skip_titles(tokens, i + 1), False
        elif known := _known_at(text, tokens, i, units):
            i, last, after_known = known, tokens[known - 1].end(), True
        elif not after_known and _name_word(tokens, i):
            last, i = tokens[i].end(), i + 1
        else:
            break
    first = tokens[_skip_titles(tokens, 0)].start()
    if last is None or text[first:last].lower() == "các":
        return None  # "Các nhiệm vụ …" names no unit
    return first, last


def _known_at(text: str, tokens, i: int, units: UnitIndex) -> int | None:
    """Return the index after the longest known unit name starting at token i, or None."""
    if not tokens[i][0][0].isalnum():
        return None
    for n in range(min(units.longest + 2, len(tokens) - i), 0, -1):
        last = tokens[i + n - 1]
        if last[0][0].isalnum() and units.match(text[tokens[i].start() : last.end()]):
            return i + n
    return None


def _starts_party(tokens, i: int) -> bool:
    """Tell whether a unit's name can begin at token i: a head word, "các", an abbreviation, a title."""
    word = tokens[i][0]
    return word.lower() in _STARTS_SMALL or _new_name(tokens, i)


def _name_word(tokens, i: int) -> bool:
    """Tell whether token i continues a unit's name."""
    word = tokens[i][0]
    if not word[0].isalpha():
        return word in {"-", "–", "&"} and i + 1 < len(tokens) and is_capitalised(tokens[i + 1][0])
    if is_capitalised(word):
        return True
    low = word.lower()
    prev = tokens[i - 1][0] if i else ""
    if low in _BESIDE:
        before, after = _BESIDE[low]
        following = tokens[i + 1][0].lower() if i + 1 < len(tokens) else ""
        return prev.lower() in before or following in after
    if low in _SMALL:
        return True
    # One small syllable after a capital: "Nội vụ", "Tài chính", "Thanh tra"; not a verb's.
    following = tokens[i + 1][0].lower() if i + 1 < len(tokens) else ""
    if f"{low} {following}" in _VERBS or not prev[:1].isalpha() or prev.isupper():
        return False
    return is_capitalised(prev) and prev.lower() not in _SMALL


def _next_is_party(tokens, i: int) -> bool:
    if i >= len(tokens):
        return False
    j = _skip_titles(tokens, i)
    if j >= len(tokens):
        return False
    word = tokens[j][0]
    return (
        _starts_party(tokens, j) or is_capitalised(word) or word.lower() in _SMALL - {"và", "cùng"}
    )


def _skip_titles(tokens, i: int) -> int:
    """Return the index after the title words ("Giám đốc", "Chủ tịch") starting at i."""
    words = [t[0].lower() for t in tokens]
    for title in _TITLES:
        if tuple(words[i : i + len(title)]) == title and i + len(title) < len(tokens):
            return i + len(title)
    return i


def split_parties(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a list of units at separators followed by a new name, titles dropped."""
    tokens = list(WORD_RE.finditer(text, start, end))
    parts, begin = [], _skip_titles(tokens, 0)
    for i, tok in enumerate(tokens):
        if tok[0] in _SEPARATORS and i > begin and _new_name(tokens, i + 1):
            parts.append((begin, i))
            begin = _skip_titles(tokens, i + 1)
    parts.append((begin, len(tokens)))
    spans = []
    for a, b in parts:
        while b > a and not tokens[b - 1][0][0].isalnum():
            b -= 1
        if b > a:
            spans.append((tokens[a].start(), tokens[b - 1].end()))
    return spans


def _new_name(tokens, i: int) -> bool:
    """Tell whether a unit's own name begins at token i (not "ban, ngành" of "các sở, ban, ngành")."""
    j = _skip_titles(tokens, i)
    if j >= len(tokens):
        return False
    word = tokens[j][0]
    if len(word) > 1 and word.isupper() and word.isalpha():
        return True  # an abbreviation: "UBND", "SNV"
    return j > i or _is_head(tokens, j)
