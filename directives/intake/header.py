"""Read the header of a Decree 30 (or Party, Hướng dẫn 36) document: number, date, issuer, type, trích yếu.

The layout is regular: the issuing body (its parent above it) on the left, the national motto or
"ĐẢNG CỘNG SẢN VIỆT NAM" on the right; "Số: 31/KH-UBND" under the body; "Hà Nội, ngày 18 tháng 9
năm 2023" under the motto; then the type name in capitals and the trích yếu, or "V/v …" under the
number for a công văn. Text taken out of PDFs runs the two columns into one line, breaks lines
and words and adds table pipes, so every reader here looks for tokens, not for lines.
"""

import datetime
import re
from dataclasses import dataclass

from directives.intake.text import Source, collapse, is_capitalised, is_caps, key, letters
from directives.symbols import InvalidSymbol, Registry, Symbol, parse_symbol
from directives.symbols.registry import _tone_key

HEADER_LIMIT = 3000  # a header, with a web page's preamble before it, fits in this many characters
_NUMBER = re.compile(
    r"(?<!\w)Số(?:\s*[:.])?[\s|]*(?P<sym>[0-9]{1,6}[A-Za-z]?(?:[ \t]*[-/.][ \t]*[\w&.]+)+)"
)
_DATE = re.compile(
    r"(?<!\w)ngày[\s|]+(?P<d>[0-9]{1,2})(?:[\s|]+tháng[\s|]+|\s*[/.-]\s*)(?P<m>[0-9]{1,2})"
    r"(?:[\s|]+năm[\s|]+|\s*[/.-]\s*)(?P<y>[0-9]{4})(?![0-9])",
    re.IGNORECASE,
)
_MOTTO = re.compile(  # read on the folded shadow: "XàHỘI", "Độc lập  Tự do" still match
    r"cong\W*hoa\W*xa\W*hoi\W*chu\W*nghia\W*viet\W*nam|doc\W*lap\W*tu\W*do\W*hanh\W*phuc"
    r"|dang\W*cong\W*san\W*viet\W*nam"
)
_TOKEN = re.compile(r"[^\s|]+")
_DECORATION = re.compile(r"[-–—_=*.~]{2,}|\*")
_MARKS = {"mật", "tối", "tuyệt", "khẩn", "thượng", "hỏa", "hoả", "tốc"}  # secrecy and urgency
_VV = re.compile(r"(?<![\w/])(?:V/v|V/V|v/v|V\.v|Về việc)(?:\s*[:.])?\s*")
_KINH_GUI = re.compile(r"(?<!\w)Kính\s+gửi\s*:?", re.IGNORECASE)
_BLANK_LINE = re.compile(r"\n[ \t|]*\n")
_PLACE_WORDS = {"TP.", "Tp.", "TX.", "Tx.", "-", "–"}
_PLACE_SMALL = {"phố": {"Thành"}, "xã": {"Thị"}, "trấn": {"Thị"}}
_AUTHORITY = ("chủ tịch", "bộ trưởng", "thủ tướng", "tổng thanh tra", "giám đốc", "chánh thanh tra")
# Words that begin the name of a body, so "UBND TỈNH X SỞ NỘI VỤ" is a parent and its body.
_HEADS = sorted(
    (
        tuple(h.split())
        for h in (
            "ủy ban nhân dân",
            "ubnd",
            "hội đồng nhân dân",
            "hđnd",
            "sở",
            "ban",
            "ban cán sự đảng",
            "thanh tra",
            "văn phòng",
            "phòng",
            "cục",
            "chi cục",
            "tổng cục",
            "bộ",
            "bộ chỉ huy",
            "công an",
            "trung tâm",
            "bệnh viện",
            "kho bạc",
            "ngân hàng",
            "tòa án",
            "viện kiểm sát",
            "đảng ủy",
            "đảng bộ",
            "đảng đoàn",
            "chi bộ",
            "tỉnh ủy",
            "thành ủy",
            "huyện ủy",
            "quận ủy",
            "thị ủy",
            "ủy ban",
            "ủy ban kiểm tra",
            "đoàn",
            "liên đoàn",
            "mặt trận",
            "tổng công ty",
            "công ty",
            "tập đoàn",
            "chính phủ",
            "quốc hội",
        )
    ),
    key=len,
    reverse=True,
)
_COMMITTEES = {("tỉnh", "ủy"), ("thành", "ủy"), ("huyện", "ủy"), ("quận", "ủy"), ("thị", "ủy")}
_NOT_HEADS = {("quốc", "phòng"), ("môi", "trường")}


@dataclass
class Header:
    """What the header says, in norm offsets where a later reader needs them."""

    symbol: Symbol | None = None
    issued_on: datetime.date | None = None
    place: str | None = None
    issuer_name: str | None = None
    type_name: str | None = None
    doc_type: str | None = None
    summary: str | None = None
    formal: bool = False  # a document's own header, not prose about one
    body_start: int = 0
    classified_zone: tuple[int, int] = (0, 0)


def read_header(src: Source, registry: Registry) -> Header:
    """Read the header block at the top of a document; fields it cannot find stay None."""
    head = Header()
    limit = min(len(src.norm), HEADER_LIMIT)
    number = _symbol(src, limit, registry)
    dated = _dated_line(src, limit, number)
    mottos = [m.span() for m in _MOTTO.finditer(src.shadow, 0, limit)]
    head.formal = bool(number or mottos or (dated and dated[2] is not None))
    if not head.formal:
        head.classified_zone = (0, min(len(src.norm), 600))
        return head
    if number:
        head.symbol = number[0]
    if dated:
        head.issued_on, head.place = dated[1], dated[2]
    firsts = [s for s in (number and number[1], dated and dated[3]) if s]
    left_end = min(firsts) if firsts else max((e for _, e in mottos), default=0)
    head.issuer_name = _issuer(src, left_end, mottos)
    ends = [e for e in (number and number[2], dated and dated[4]) if e]
    after = max(ends) if ends else left_end
    _type_and_summary(src, head, after, number, dated, registry)
    return head


def _symbol(src: Source, limit: int, registry: Registry):
    """Return (Symbol, start, end) of the first "Số: …" that parses, or None."""
    for m in _NUMBER.finditer(src.norm, 0, limit):
        candidate = m["sym"]
        while candidate:
            try:
                return parse_symbol(candidate, registry), m.start(), m.start("sym") + len(candidate)
            except InvalidSymbol:
                shorter = re.sub(r"[ \t]*[-/.][ \t]*[\w&.]+$", "", candidate)
                candidate = "" if shorter == candidate else shorter
    return None


def _dated_line(src: Source, limit: int, number):
    """Return (match, date, place, start, end) of the header's date line, or None."""
    fallback = None
    for m in _DATE.finditer(src.norm, 0, limit):
        try:
            day = datetime.date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            continue
        place_start = _place_start(src.norm, m.start())
        if place_start is not None:
            comma = src.norm.rindex(",", 0, m.start())
            return m, day, src.written(place_start, comma), place_start, m.end()
        if fallback is None and number and 0 <= m.start() - number[2] < 400 and "tháng" in m[0]:
            fallback = (m, day, None, m.start(), m.end())
    return fallback


def _place_start(norm: str, date_start: int) -> int | None:
    """Return where the place name before ", ngày …" starts, or None when there is none."""
    before = norm[max(0, date_start - 80) : date_start]
    m = re.search(r",[\s|]*$", before)
    if not m:
        return None
    tokens = list(re.finditer(r"[^\s|,]+", before[: m.start()]))
    taken: list[re.Match] = []
    for i in range(len(tokens) - 1, -1, -1):
        if len(taken) == 7 or not _place_word(tokens[i][0], tokens[i - 1][0] if i else ""):
            break
        taken.append(tokens[i])
    while taken and taken[-1][0] in {"-", "–"}:
        taken.pop()
    return date_start - len(before) + taken[-1].start() if taken else None


def _place_word(word: str, prev: str) -> bool:
    if word in _PLACE_WORDS or prev in _PLACE_SMALL.get(word, ()):
        return True
    return is_capitalised(word) and word.isalpha() and not (len(word) > 1 and word.isupper())


def _issuer(src: Source, end: int, mottos) -> str | None:
    """Return the issuing body: the last run of capitals left of the motto, its parent dropped."""
    runs, run = [], []
    text = src.norm[:end]
    for a, b in mottos:
        if b <= end:
            text = text[:a] + " " * (b - a) + text[b:]
    for m in re.finditer(r"[^\s|]+", text):
        tok = m[0]
        if is_caps(tok) and _tone_key(letters(tok)) not in _MARKS:
            run.append(m)
        elif run and tok in {"-", "–", "&"}:
            run.append(m)
        else:
            runs.append(run)
            run = []
    runs.append(run)
    runs = [r for r in runs if sum(1 for t in r if letters(t[0])) >= 2]
    if not runs:
        return None
    segment = _last_body(runs[-1])
    while segment and not letters(segment[-1][0]):
        segment.pop()
    return " ".join(src.written(t.start(), t.end()) for t in segment) or None


def _last_body(run: list[re.Match]) -> list[re.Match]:
    """Split a run of capitals where a new body's name begins and return the last body."""
    keys = [_tone_key(letters(t[0])) for t in run]
    starts, i, named = [0], 0, False
    while i < len(run):
        head = next((h for h in _HEADS if tuple(keys[i : i + len(h)]) == h), None)
        if head is None or not _begins_body(keys, i, head, named):
            named = named or head is None
            i += 1 if head is None else len(head)
            continue
        if i:
            starts.append(i)
        named, i = False, i + len(head)
    return run[starts[-1] :]


def _begins_body(keys: list[str], i: int, head: tuple[str, ...], named: bool) -> bool:
    """Tell whether the head word at i starts a new body rather than continuing a name."""
    if i == 0:
        return True
    if not named or keys[i - 1] in {"và", ""} or (keys[i - 1], keys[i]) in _NOT_HEADS:
        return False
    if head == ("phòng",) and keys[i + 1 : i + 2] == ["chống"]:
        return False
    if head in _COMMITTEES:  # "BAN THƯỜNG VỤ TỈNH ỦY": the committee owns the board
        return i + len(head) < len(keys)
    return True


def _type_and_summary(src: Source, head: Header, after: int, number, dated, registry) -> None:
    """Fill the type name, doc_type, trích yếu and where the body begins."""
    norm = src.norm
    tokens = [
        m
        for m in _TOKEN.finditer(norm, after, min(len(norm), after + 1500))
        if not _DECORATION.fullmatch(m[0])
    ]
    while tokens and _tone_key(letters(tokens[0][0])) in _MARKS:
        tokens.pop(0)
    word, taken = _type_word(tokens, registry)
    summary_end = after
    if word:
        head.type_name = word[0]
        head.doc_type = word[1]
        tokens = tokens[taken:]
    vv = None if word else _VV.search(norm, number[2] if number else after, after + 600)
    if vv and (not tokens or vv.start() <= tokens[0].start() or not is_caps(tokens[0][0])):
        head.type_name = "Công văn"
        head.summary, summary_end = _vv_summary(src, vv, dated)
    else:
        span = _caps_run(src, tokens, head.issuer_name)
        if span is None and word and tokens:  # Decree 30 writes the trích yếu in small letters
            span = _small_summary(src, tokens[0].start())
        if span:
            head.summary, summary_end = src.written(*span), span[1]
    if head.symbol:
        sym = head.symbol
        head.doc_type = sym.doc_type
        if head.type_name is None:
            head.type_name = _type_of(sym, registry)
    head.body_start = _after_addressees(norm, summary_end)
    head.classified_zone = (0, min(len(norm), max(summary_end, after) + 200))


def _type_word(tokens, registry: Registry):
    """Return ((name, code), tokens taken) when the tokens begin with a type name in capitals."""
    words = registry._index["words"]
    for n in (4, 3, 2, 1):
        part = tokens[:n]
        if len(part) < n or not all(is_caps(t[0]) for t in part):
            continue
        found = words.get(_tone_key(" ".join(letters(t[0]) for t in part)))
        if found and " " in found[0] or (found and n == 1 and found[0] == "Luật"):
            return found, n
    return None, 0


def _type_of(sym: Symbol, registry: Registry) -> str | None:
    if sym.doc_type:
        return registry.type_name(sym.doc_type, sym.kind)
    return "Công văn" if sym.kind == "letter" else None


def _vv_summary(src: Source, vv: re.Match, dated) -> tuple[str | None, int]:
    """Return the trích yếu after "V/v" and where it ends (at "Kính gửi", a blank line, the date)."""
    norm, start = src.norm, vv.end()
    stops = [min(len(norm), start + 300)]
    for pattern in (_KINH_GUI, _BLANK_LINE):
        if m := pattern.search(norm, start, stops[0]):
            stops.append(m.start())
    if dated and dated[3] > start:
        stops.append(dated[3])
    newlines = [i for i in range(start, min(stops)) if norm[i] == "\n"]
    if len(newlines) >= 3:
        stops.append(newlines[2])
    end = min(stops)
    text = src.written(start, end).strip(" |").rstrip(".;,").strip()
    return (text or None), end


def _caps_run(src: Source, tokens: list[re.Match], issuer: str | None) -> tuple[int, int] | None:
    """Return the span of the trích yếu in capitals that the tokens begin with, or None."""
    norm, first, last = src.norm, None, None
    for i, m in enumerate(tokens):
        tok = m[0]
        line_start = norm.rfind("\n", 0, m.start()) + 1
        if last is not None and not norm[line_start : m.start()].strip(" |\t"):
            line = collapse(norm[m.start() : _line_end(norm, m.start())].replace("|", " "))
            if _is_authority(line, issuer):
                break
        if tok.endswith(":") and is_caps(tok):
            break
        if is_caps(tok) or _symbolish(tok):
            first, last = (m.start() if first is None else first), m.end()
        elif tok.startswith("(") and last is not None and ")" in norm[m.start() : m.start() + 80]:
            last = norm.index(")", m.start()) + 1
            _skip_to(tokens, i, last)
        else:
            break
    if first is None or not letters(norm[first:last]):
        return None
    return first, last


_BODY_STARTS = re.compile(
    r"\s(?=(?:Căn cứ|Thực hiện|Thi hành|Theo đề nghị|Xét đề nghị|Kính gửi|Nhằm|Để|Trong thời gian)\b)"
)


def _small_summary(src: Source, start: int) -> tuple[int, int] | None:
    """Return the span of a trích yếu in small letters: its line, and the lines it runs on to."""
    norm, end, pos = src.norm, start, start
    for _ in range(4):
        line_end = _line_end(norm, pos)
        line = norm[pos:line_end].strip(" \t|")
        if not line or _DECORATION.fullmatch(line) or (pos > start and not line[0].islower()):
            break
        if pos == start and (line.startswith(("Căn cứ", "Kính gửi")) or line.endswith(":")):
            return None  # the body follows the type name: this document has no trích yếu
        if cut := _BODY_STARTS.search(norm, pos, line_end):
            return (start, cut.start()) if cut.start() > start else None
        end = pos + len(norm[pos:line_end].rstrip(" \t|"))
        if line.endswith((":", ".")):
            break
        pos = line_end + 1
        pos += len(norm[pos:]) - len(norm[pos:].lstrip(" \t|"))
    return (start, end) if end > start else None


def _skip_to(tokens: list[re.Match], i: int, end: int) -> None:
    """Drop the tokens after i that lie before end (a parenthesis taken whole)."""
    while i + 1 < len(tokens) and tokens[i + 1].start() < end:
        tokens.pop(i + 1)


def _line_end(norm: str, at: int) -> int:
    end = norm.find("\n", at)
    return len(norm) if end < 0 else end


def _symbolish(tok: str) -> bool:
    return bool(re.fullmatch(r"[\d/.,:;()\-–“”\"'%]+", tok)) or (
        any(c.isdigit() for c in tok) and ("/" in tok or "-" in tok)
    )


def _is_authority(line: str, issuer: str | None) -> bool:
    """Tell whether a line in capitals names the authority a decision is issued by."""
    if not line or not all(is_caps(w) for w in line.split() if letters(w)):
        return False
    k = key(line)
    return k.startswith(_AUTHORITY) or (issuer is not None and k == key(issuer))


def _after_addressees(norm: str, at: int) -> int:
    """Return where the body begins: after the "Kính gửi" block when one follows the header."""
    m = _KINH_GUI.search(norm, at, min(len(norm), at + 400))
    if not m:
        return at
    first, start = True, m.end()
    while start <= len(norm):
        end = _line_end(norm, start)
        text = norm[start:end].strip(" \t|")
        if text and not first and not (text[0] in "-–+•*" or text[0].islower()):
            return start
        if text:
            first = False
            if text.endswith("."):
                return end
        start = end + 1
    return len(norm)
