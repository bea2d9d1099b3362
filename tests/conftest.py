"""Shared fixtures: personas (inspectorate, leader, admin, unit head, focal point, outsider)."""

import datetime
import uuid

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test.client import ClientMixin
from django.utils import translation

from accounts.testing import verify_if_needed
from units import roles
from units.models import Membership, Unit, User


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """The tests connect as the database owner, not as the app role.

    They empty every table between transactional tests (the app role may not touch the trail)
    and tamper with the trail on purpose. What the app role may and may not do is tested as the
    app role (tests/audit/test_db_roles.py), and Celery workers started by the tests connect as
    it (their settings derive it from the owner's DATABASE_URL).
    """
    owner = settings.DATABASES["owner"]
    settings.DATABASES["default"].update(
        {key: owner[key] for key in ("USER", "PASSWORD", "HOST", "PORT")}
    )


@pytest.fixture(autouse=True)
def _each_test_starts_in_vietnamese():
    """A request in English leaves English active in the thread; every test starts as a user does."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def make_unit(db):
    counter = {"n": 0}

    def make(name=None, *, kind="department", parent=None, code=None, **extra):
        counter["n"] += 1
        n = counter["n"]
        return Unit.objects.create(
            code=code or f"U{n:03d}",
            name=name or f"Sở thử nghiệm {n}",
            kind=kind,
            parent=parent,
            **extra,
        )

    return make


@pytest.fixture
def make_user(db):
    def make(
        username, *, groups=(), unit=None, role=None, valid_from=datetime.date(2025, 1, 1), **extra
    ):
        user = User.objects.create_user(
            username=username,
            password="Mat-khau-dai-2026",
            email=f"{username}@example.vn",
            full_name=extra.pop("full_name", username),
            **extra,
        )
        for name in groups:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
        if unit is not None:
            Membership.objects.create(
                user=user, unit=unit, role=role or "staff", valid_from=valid_from
            )
        return user

    return make


@pytest.fixture
def city(make_unit):
    return make_unit("Ủy ban nhân dân thành phố", kind="city", code="UBND-TP")


@pytest.fixture
def inspectorate_unit(make_unit, city):
    return make_unit("Thanh tra thành phố", kind="inspectorate", parent=city, code="TTTP")


@pytest.fixture
def unit_a(make_unit, city):
    return make_unit("Sở Nội vụ", parent=city, code="SNV")


@pytest.fixture
def unit_b(make_unit, city):
    return make_unit("Sở Tài chính", parent=city, code="STC")


@pytest.fixture
def inspector(make_user, inspectorate_unit):
    return make_user("thanhtra", groups=[roles.INSPECTORATE], unit=inspectorate_unit)


@pytest.fixture
def leader(make_user, city):
    return make_user("lanhdao", groups=[roles.LEADER], unit=city, role="deputy")


@pytest.fixture
def admin_user(make_user, inspectorate_unit):
    return make_user(
        "quantri", groups=[roles.ADMIN], unit=inspectorate_unit, is_staff=True, is_superuser=True
    )


@pytest.fixture
def head_a(make_user, unit_a):
    return make_user("gd.a", unit=unit_a, role="head")


@pytest.fixture
def focal_a(make_user, unit_a):
    return make_user("daumoi.a", unit=unit_a, role="focal_point")


@pytest.fixture
def head_b(make_user, unit_b):
    return make_user("gd.b", unit=unit_b, role="head")


@pytest.fixture
def outsider(make_user):
    return make_user("nguoingoai")


@pytest.fixture(autouse=True)
def _plain_http_in_tests(settings):
    """Serve the test client over plain HTTP; the HTTPS redirect is covered by the deploy check."""
    settings.SECURE_SSL_REDIRECT = False
    # Password hashing is not under test here and PBKDF2 makes every persona cost ~0.3 s.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _own_cache_keys(settings):
    """Give each test its own rate-limit counters in the shared Redis cache."""
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex[:12]}"}
    }


@pytest.fixture(autouse=True, scope="session")
def _force_login_is_verified():
    """Make `Client.force_login` reach the state a whole sign-in reaches.

    A persona who must use 2FA (staff, leaders, admins) or has an authenticator gets a session
    verified by its authenticator (accounts.testing), as after the code page, so the tests of
    other screens type no codes; the tests of signing in themselves use the real forms.
    """
    original = ClientMixin.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        verify_if_needed(self, user)

    ClientMixin.force_login = force_login
    yield
    ClientMixin.force_login = original
