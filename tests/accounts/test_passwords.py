"""The breached-password check reads a bundled or offline list, plain or as SHA-1 hashes."""

import gzip
import hashlib

import pytest
from django.core.exceptions import ValidationError

from accounts.passwords import BreachedPasswordValidator, ContextWordsValidator


def test_djangos_bundled_list_is_the_default():
    validator = BreachedPasswordValidator()
    with pytest.raises(ValidationError):
        validator.validate("Password123")
    validator.validate("Mat-khau-dai-2026")


def test_an_offline_list_of_sha1_hashes(tmp_path):
    digest = hashlib.sha1(b"ThanhTra@2026").hexdigest().upper()
    path = tmp_path / "pwned.txt.gz"
    with gzip.open(path, "wt") as f:
        f.write(f"{digest}:42\n0000000000000000000000000000000000000000:1\n")
    validator = BreachedPasswordValidator(str(path))
    with pytest.raises(ValidationError) as refused:
        validator.validate("ThanhTra@2026")
    assert refused.value.error_list[0].code == "password_breached"
    validator.validate("Password123")  # not in this list


def test_a_missing_list_fails_loudly(tmp_path):
    with pytest.raises(FileNotFoundError):
        BreachedPasswordValidator(str(tmp_path / "nothing.txt"))


def test_passwords_built_on_the_installations_words_are_refused(settings):
    validator = ContextWordsValidator(["thanh tra", "pcts", "Hà Nội"])
    for password in ("Thanh-Tra@2026", "thanhtra2026!", "ha-noi-2026-xyz", "PCTS12345678"):
        with pytest.raises(ValidationError):
            validator.validate(password)
    validator.validate("Mat-khau-dai-2026")
