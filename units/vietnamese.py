"""Vietnamese text helpers: search folding, alphabetical sorting, slugs, dates and numbers.

Pure Python (standard library only) so that models, forms, exports and scripts share one
definition. See DOMAIN.md §8.
"""

import calendar
import re
import unicodedata
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# Asia/Ho_Chi_Minh has been UTC+7 without DST since 1975; a fixed offset needs no tzdata.
VIETNAM_TZ = timezone(timedelta(hours=7), "ICT")

# Đ in its look-alike code points (Icelandic eth, African D) is still Đ (DOMAIN.md §2).
_D_WITH_STROKE = str.maketrans({"đ": "d", "Đ": "d", "Ð": "d", "ð": "d", "Ɖ": "d", "ɖ": "d"})
_WHITESPACE = re.compile(r"\s+")

# Vietnamese letters in dictionary order; f, j, w, z (loan words) take their Latin places.
_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_LETTER_RANK = {letter: 1000 + index for index, letter in enumerate(_ALPHABET)}
_SHAPE_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve ă, circumflex â ê ô, horn ơ ư
# Conventional tone order: ngang < huyền < hỏi < ngã < sắc < nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_SPACE_RANK = 1
_DIGITS_RANK = 500
_OTHER_LETTER_RANK = 2000
_KEY_WIDTH = 3  # letters per rank in collation_key: 26**3 = 17,576 ranks


def fold(text):
    """Return the diacritic-free, case-folded search form of text ("Đồng Nai" → "dong nai")."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).translate(_D_WITH_STROKE))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = unicodedata.normalize("NFC", bare).casefold()
    return _WHITESPACE.sub(" ", folded).strip()


def _split_letter(ch):
    """Split one lower-case character into its letter (with ă/â/ơ… shape) and its tone rank."""
    base, *marks = unicodedata.normalize("NFD", ch)
    shape = "".join(mark for mark in marks if mark in _SHAPE_MARKS)
    tone = max((_TONE_RANK.get(mark, 0) for mark in marks), default=0)
    return unicodedata.normalize("NFC", base + shape), tone


def _primary_and_tones(text):
    """Return the letter ranks (numbers compared by value) and the tone of every letter."""
    normal = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", str(text or ""))).strip().lower()
    primary, tones = [], []
    for token in re.findall(r"[0-9]+|.", normal):
        if token[0] in "0123456789":
            # Natural order: "Phường 2" before "Phường 10"; leading zeros do not count.
            digits = token.lstrip("0") or "0"
            primary += [_DIGITS_RANK, len(digits), *(int(d) + 1 for d in digits)]
        elif token == " ":
            primary.append(_SPACE_RANK)
        elif token.isalpha():
            letter, tone = _split_letter(token)
            rank = _LETTER_RANK.get(letter)
            if rank is None:  # other scripts: code point order, after the Latin letters
                rank = _OTHER_LETTER_RANK + ord(unicodedata.normalize("NFD", letter)[0])
            primary.append(rank)
            tones.append(tone)
        else:
            primary.append(2 + min(ord(token), _DIGITS_RANK - 3))
    return tuple(primary), tuple(tones)


def sort_key(text):
    """Return a key that sorts text in Vietnamese alphabetical order, ignoring case.

    Letters decide first (a ă â b c d đ e ê …, so "An" < "Ă" < "Ân"); tones break ties
    (no mark < huyền < hỏi < ngã < sắc < nặng); digit runs compare as numbers.
    """
    return _primary_and_tones(text)


def collation_key(text):
    """Return sort_key(text) as a lower-case ASCII string for an indexed ORDER BY column.

    Pure a–z strings sort alike under the "C" and the common linguistic collations, so the
    column orders correctly on a PostgreSQL build without ICU.
    """
    primary, tones = _primary_and_tones(text)
    limit = 26**_KEY_WIDTH - 1

    def encode(number):
        number = min(number, limit)
        letters = []
        for _ in range(_KEY_WIDTH):
            number, digit = divmod(number, 26)
            letters.append(chr(ord("a") + digit))
        return "".join(reversed(letters))

    # Every rank is at least 1, so the all-"a" terminator puts shorter texts first.
    return "".join(map(encode, primary)) + encode(0) + "".join(chr(ord("a") + t) for t in tones)


def slugify_vi(text):
    """Return a URL slug of text with đ kept as d ("Đồng Nai" → "dong-nai")."""
    ascii_text = unicodedata.normalize("NFKD", fold(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def _as_local_date(value):
    """Return the Vietnamese calendar day of a date or datetime (aware ones read in UTC+7)."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(VIETNAM_TZ)
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"Cần một ngày (date), nhận được {type(value).__name__}.")


def format_date(value):
    """Return value as dd/mm/yyyy, or "" for None."""
    if value is None:
        return ""
    day = _as_local_date(value)
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def format_date_line(value, place=None):
    """Return the official date line, e.g. "Hà Nội, ngày 05 tháng 02 năm 2026".

    Decree 30/2020/NĐ-CP pads days below 10 and months 1 and 2 with a zero (so "tháng 02",
    "tháng 9"): a lone "1" or "2" is the easiest figure to alter.
    """
    day = _as_local_date(value)
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    line = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {line}" if place else line


def format_number(value, decimals=0, *, rounding=ROUND_HALF_UP):
    """Return value in Vietnamese notation, e.g. 1234567.891 → "1.234.567,89" with decimals=2.

    Rounding is half-up by default; pass decimal.ROUND_DOWN to truncate as some reports do.
    """
    if value is None:
        return ""
    if decimals < 0:
        raise ValueError("Số chữ số thập phân không được âm.")
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        if not number.is_finite():
            raise ValueError(value)
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=rounding)
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"Không định dạng được số «{value}».") from exc
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if decimals else f"{sign}{grouped}"


_DMY = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DATE_HELP = "hãy nhập theo dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 25/03/2026"


def parse_date_vi(text):
    """Return the date written as dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd.

    Day comes before month whatever the separator, unlike Django's stock vi input formats.
    """
    raw = str(text or "").strip()
    if match := _DMY.fullmatch(raw):
        day, month, year = int(match[1]), int(match[3]), int(match[4])
    elif match := _YMD.fullmatch(raw):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    else:
        raise ValueError(f"Không đọc được ngày «{raw}»: {_DATE_HELP}.")
    if not 1 <= year <= 9999:
        raise ValueError(f"Ngày «{raw}» không hợp lệ: năm phải từ 1 đến 9999.")
    if not 1 <= month <= 12:
        raise ValueError(f"Ngày «{raw}» không hợp lệ: tháng phải từ 1 đến 12.")
    try:
        return date(year, month, day)
    except ValueError:
        last = calendar.monthrange(year, month)[1]
        raise ValueError(
            f"Ngày «{raw}» không tồn tại: tháng {month} năm {year} chỉ có {last} ngày."
        ) from None
