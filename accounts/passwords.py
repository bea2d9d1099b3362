"""The breached-password check: refuse a password found in a bundled, offline list.

With no file named, the list is Django's own (20,000 passwords seen in breaches, shipped with
Django); PCTS_BREACHED_PASSWORDS_FILE names a bigger one kept on the server, plain text or gzip,
one password a line or one SHA-1 hash a line (`HASH` or `HASH:count`, as the Pwned Passwords
downloads are written). Nothing is sent over the network.
"""

import functools
import gzip
import hashlib
import re
from pathlib import Path

import django.contrib.auth
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from units.vietnamese import fold

DJANGO_LIST = Path(django.contrib.auth.__file__).parent / "common-passwords.txt.gz"
SHA1_LINE = re.compile(r"^([0-9A-Fa-f]{40})(:\d+)?$")


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest().upper()


@functools.cache
def load_list(path: str) -> frozenset[str]:
    """Return the list at `path` as upper-case SHA-1 hashes."""
    opener = gzip.open if path.endswith(".gz") else open
    hashes = set()
    with opener(path, "rt", encoding="utf-8", errors="replace") as lines:
        for line in lines:
            line = line.strip()
            if not line:
                continue
            match = SHA1_LINE.match(line)
            hashes.add(match.group(1).upper() if match else _sha1(line.lower()))
    return frozenset(hashes)


class ContextWordsValidator:
    """Refuse a password built on the words of this installation (PCTS_PASSWORD_CONTEXT_WORDS).

    The list (ASVS's "context-specific words") holds the product's, the inspectorate's and the
    place's names; the check ignores case, accents, spaces and punctuation, so "Thanh-Tra@2026"
    and "thanhtra2026" are both refused.
    """

    def __init__(self, words=()):
        self.words = [w for w in (_squash(word) for word in words) if len(w) >= 4]

    def validate(self, password, user=None):
        squashed = _squash(password)
        if any(word in squashed for word in self.words):
            raise ValidationError(
                _("Mật khẩu không được chứa tên hệ thống, cơ quan hay địa phương."),
                code="password_context_word",
            )

    def get_help_text(self):
        return _("Mật khẩu không được chứa tên hệ thống, cơ quan hay địa phương.")


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(text))


class BreachedPasswordValidator:
    """Refuse a password that appears in the breached-password list (case-insensitively)."""

    def __init__(self, path: str = ""):
        self.path = str(path or DJANGO_LIST)
        if not Path(self.path).is_file():
            raise FileNotFoundError(self.path)

    def validate(self, password, user=None):
        hashes = load_list(self.path)
        if _sha1(password.strip().lower()) in hashes or _sha1(password) in hashes:
            raise ValidationError(
                _("Mật khẩu này đã xuất hiện trong các vụ lộ lọt dữ liệu; hãy chọn mật khẩu khác."),
                code="password_breached",
            )

    def get_help_text(self):
        return _("Mật khẩu không được nằm trong danh sách mật khẩu đã bị lộ lọt.")
