"""PCTS settings: every value comes from the environment; `.env.example` lists them all."""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from pcts import embedded

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --------------------------------------------------------------------------- core
DEBUG = env_bool("DJANGO_DEBUG", False)


def _secret_key() -> str:
    """Use DJANGO_SECRET_KEY, else a random key kept in var/ so sessions survive restarts."""
    key = os.environ.get("DJANGO_SECRET_KEY")
    if key:
        return key
    path = embedded.VAR_DIR / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
# Links in mails; empty: the address `make run` serves (PCTS_PORT on 127.0.0.1).
SITE_URL = (
    os.environ.get("PCTS_SITE_URL") or f"http://127.0.0.1:{os.environ.get('PCTS_PORT') or 8000}"
).rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pghistory",
    "pgtrigger",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "units",
    "accounts",
    "directives",
    "documents",
    "periodic",
    "imports",
    "collection",
    "audit",
    "ops",
    "bench",
    "api",
]

MIDDLEWARE = [
    # First: forwarded headers count only from DJANGO_TRUSTED_PROXIES; the request id for the logs.
    "ops.middleware.ForwardedHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files with hashed names and compressed copies, from STATIC_ROOT (collectstatic).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "accounts.signins.SignInMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pcts.urls"
WSGI_APPLICATION = "pcts.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# --------------------------------------------------------------------------- database
# Two roles on one database (audit/roles.py). "owner": DATABASE_URL, else the private PostgreSQL
# under var/ started on demand; migrations run as it (`manage.py migrate` defaults to it). "default":
# what the app connects as — DATABASE_APP_URL when set, else the same server and database as the
# role DATABASE_APP_USER (password DATABASE_APP_PASSWORD), which owns nothing and cannot switch
# triggers off; every migrate creates it when missing and grants it what the app needs.
_app_user = os.environ.get("DATABASE_APP_USER") or "pcts_app"
if os.environ.get("DATABASE_URL"):
    _owner = dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)
elif os.environ.get("DATABASE_APP_URL"):  # an app host given only its own role's URL
    _owner = dj_database_url.parse(os.environ["DATABASE_APP_URL"], conn_max_age=60)
else:
    _owner = embedded.embedded_postgres_settings(_app_user)
if os.environ.get("DATABASE_APP_URL"):
    _app = dj_database_url.parse(os.environ["DATABASE_APP_URL"], conn_max_age=60)
else:
    _app = {
        **_owner,
        "USER": _app_user,
        "PASSWORD": os.environ.get("DATABASE_APP_PASSWORD", ""),
    }
DATABASES = {"default": _app, "owner": {**_owner, "TEST": {"MIRROR": "default"}}}
PCTS_DB_APP_ROLE = {"USER": _app["USER"], "PASSWORD": _app["PASSWORD"] or ""}
for _db in DATABASES.values():
    _db["OPTIONS"] = dict(_db.setdefault("OPTIONS", {}))
    # No JIT: a page's queries are short, and the dashboard's read-back of a past day carries
    # sub-select cost estimates that would make PostgreSQL compile it for longer than it runs.
    _db["OPTIONS"].setdefault("options", "-c jit=off")
    _db["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --------------------------------------------------------------------------- redis / celery
REDIS_URL = embedded.redis_url()
CELERY_BROKER_URL = REDIS_URL
# The shared cache: rate-limit counters (django-ratelimit) for every web process. redis-py names
# the embedded Redis's socket unix://, where Celery's kombu says redis+socket://.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL.replace("redis+socket://", "unix://", 1),
        "KEY_PREFIX": "pcts",
    }
}
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
# Beat wakes at least this often (and records its heartbeat, ops/beat.py).
CELERY_BEAT_MAX_LOOP_INTERVAL = 15
CELERY_BEAT_SCHEDULER = "ops.beat:HeartbeatScheduler"
# The reminder sweep's period (pcts/celery.py); /readyz fails when it has not run for two periods.
PCTS_REMINDER_SWEEP_SECONDS = env_int("PCTS_REMINDER_SWEEP_SECONDS", 600)
# Heartbeats /readyz and the admin index check, with the age past which each is stale (seconds).
PCTS_HEARTBEATS = {
    "beat": env_int("PCTS_BEAT_MAX_AGE_SECONDS", 120),
    "reminders-sweep": 2 * PCTS_REMINDER_SWEEP_SECONDS + 60,
}

# --------------------------------------------------------------------------- auth
AUTH_USER_MODEL = "units.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Words a password may not contain (accents, case and punctuation ignored): the product's, the
# inspectorate's and the place's names.
PCTS_PASSWORD_CONTEXT_WORDS = env_list(
    "PCTS_PASSWORD_CONTEXT_WORDS", "pcts,thanh tra,thanhtra,pctn,tham nhung,ubnd,mat khau"
) + [os.environ.get("PCTS_PLACE_NAME", "Hà Nội")]
# The list check (accounts/passwords.py) refuses passwords seen in breaches: Django's bundled
# list of 20,000 by default, or PCTS_BREACHED_PASSWORDS_FILE, a bigger offline list (one
# password or one SHA-1 "HASH[:count]" a line, gzip allowed); PCTS_BREACHED_PASSWORD_CHECK=0
# turns it off.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {
        "NAME": "accounts.passwords.ContextWordsValidator",
        "OPTIONS": {"words": PCTS_PASSWORD_CONTEXT_WORDS},
    },
]
if env_bool("PCTS_BREACHED_PASSWORD_CHECK", True):
    AUTH_PASSWORD_VALIDATORS.append(
        {
            "NAME": "accounts.passwords.BreachedPasswordValidator",
            "OPTIONS": {"path": os.environ.get("PCTS_BREACHED_PASSWORDS_FILE", "")},
        }
    )
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "directives:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# The client's address (accounts/client_ip.py): REMOTE_ADDR, unless it is one of these proxies
# (addresses or CIDRs); then the nearest X-Forwarded-For entry that is not one of them.
PCTS_TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES", "")
# Lockout (django-axes, accounts/lockout.py): AXES_FAILURE_LIMIT failures lock one username from
# one address; PCTS_LOGIN_IP_FAILURE_LIMIT failures from one address, whatever the usernames,
# lock that address; both for AXES_COOLOFF_MINUTES after the last failure.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_MINUTES = env_int("AXES_COOLOFF_MINUTES", 30)
AXES_COOLOFF_TIME = AXES_COOLOFF_MINUTES / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"
AXES_HANDLER = "accounts.lockout.LockoutHandler"
PCTS_LOGIN_IP_FAILURE_LIMIT = env_int("PCTS_LOGIN_IP_FAILURE_LIMIT", 20)
# Two-factor authentication (django-otp, accounts/twofactor.py): required for inspectorate staff,
# leaders and administrators, optional for unit people; PCTS_BACKUP_CODES codes per set.
OTP_TOTP_ISSUER = os.environ.get("PCTS_OTP_ISSUER", "PCTS")
PCTS_BACKUP_CODES = env_int("PCTS_BACKUP_CODES", 10)
# Sensitive actions (role changes, token creation) ask for the password (and a code) again
# unless the user confirmed it within this many minutes.
PCTS_REAUTH_MINUTES = env_int("PCTS_REAUTH_MINUTES", 10)
# Password reset by mail: the link lives this long and works once; requests are throttled per
# address (silently: the answer is the same) and per client address.
PASSWORD_RESET_TIMEOUT = env_int("PCTS_PASSWORD_RESET_MINUTES", 30) * 60
PCTS_RESET_RATE_PER_ADDRESS = os.environ.get("PCTS_RESET_RATE_PER_ADDRESS", "3/h")
PCTS_RESET_RATE_PER_IP = os.environ.get("PCTS_RESET_RATE_PER_IP", "20/h")
# django-ratelimit counts in the shared cache and sees the same client address as axes.
RATELIMIT_IP_META_KEY = "accounts.client_ip.client_ip"
# The JSON helpers behind the forms (symbol, references, deadline, pickers): per-user rate and
# the longest text they read.
PCTS_API_RATE = os.environ.get("PCTS_API_RATE", "120/m")
PCTS_API_MAX_INPUT_CHARS = env_int("PCTS_API_MAX_INPUT_CHARS", 50_000)
# The REST API (api/, /api/v1/): token authentication only (no session, so no CSRF to forge),
# PCTS_API_RATE requests per token, cursor pages, the schema at /api/v1/schema/. A token lives
# at most PCTS_API_TOKEN_MAX_DAYS days.
PCTS_API_TOKEN_MAX_DAYS = env_int("PCTS_API_TOKEN_MAX_DAYS", 365)
# A POST's Idempotency-Key answers retries for this long, then is forgotten.
PCTS_API_IDEMPOTENCY_HOURS = env_int("PCTS_API_IDEMPOTENCY_HOURS", 24)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.rest.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.rest.TokenRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.rest.Cursor",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.Schema",
    "EXCEPTION_HANDLER": "api.rest.exception_handler",
    "UNAUTHENTICATED_USER": None,
    "DATE_INPUT_FORMATS": ["iso-8601"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PCTS API",
    "DESCRIPTION": "Theo dõi thực hiện văn bản chỉ đạo: đọc và ghi theo đúng quyền của người dùng "
    "gắn với khóa API. Xem README, mục API.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
}
# Webhooks (api/webhooks.py): a receiver answers within this many seconds, and checks the
# signature's timestamp is no older than PCTS_WEBHOOK_REPLAY_SECONDS (documented for receivers).
PCTS_WEBHOOK_TIMEOUT_SECONDS = env_int("PCTS_WEBHOOK_TIMEOUT_SECONDS", 10)
PCTS_WEBHOOK_REPLAY_SECONDS = env_int("PCTS_WEBHOOK_REPLAY_SECONDS", 300)

# --------------------------------------------------------------------------- i18n
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Django's stock `vi` formats read 05/03/2026 as 3 May; ours read day first.
FORMAT_MODULE_PATH = ["pcts.formats"]
USE_THOUSAND_SEPARATOR = False

# --------------------------------------------------------------------------- files
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or embedded.VAR_DIR / "staticfiles")
# Hashed names (far-future caching) and gzip/brotli copies, written by collectstatic and served by
# whitenoise; before any collectstatic (tests, runserver) the plain names are used (ops/static.py).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "ops.static.StaticStorage"},
}
MEDIA_ROOT = Path(os.environ.get("PCTS_MEDIA_ROOT", embedded.VAR_DIR / "media"))
# `manage.py backup` writes pcts-<UTC time>/ directories here (README "Backups").
PCTS_BACKUP_DIR = Path(os.environ.get("PCTS_BACKUP_DIR") or embedded.VAR_DIR / "backups")
# Attachments are served by a permission-checked view only; there is no public MEDIA_URL.
MEDIA_URL = "/_private_media_not_served/"
PCTS_ATTACHMENT_MAX_MB = env_int("PCTS_ATTACHMENT_MAX_MB", 20)  # one file
PCTS_ATTACHMENT_MAX_FILES = env_int("PCTS_ATTACHMENT_MAX_FILES", 10)  # one report or registration
PCTS_ATTACHMENT_MAX_TOTAL_MB = env_int("PCTS_ATTACHMENT_MAX_TOTAL_MB", 50)  # all its files
# What a DOCX, XLSX or ZIP declares it unpacks to (directives/uploads.py).
PCTS_ATTACHMENT_MAX_UNPACKED_MB = env_int("PCTS_ATTACHMENT_MAX_UNPACKED_MB", 200)
# Tracker imports (imports/): the largest file taken, the size from which a Celery job checks and
# applies it (with a progress bar), and that job's time limit in seconds.
PCTS_IMPORT_MAX_ROWS = env_int("PCTS_IMPORT_MAX_ROWS", 100_000)
PCTS_IMPORT_ASYNC_ROWS = env_int("PCTS_IMPORT_ASYNC_ROWS", 2000)
PCTS_IMPORT_TIME_LIMIT = env_int("PCTS_IMPORT_TIME_LIMIT", 3600)
# An import's mails wait for the next morning's digest (one mail per person, not one per part);
# the bell shows them at once. False: each part's mail goes out after the commit.
PCTS_IMPORT_DIGEST = env_bool("PCTS_IMPORT_DIGEST", True)
# Document intake (imports/document_text.py, imports/ocr.py): the longest PDF read, Tesseract's
# binary (with Debian's Vietnamese data), and the limits of reading a scan.
PCTS_INTAKE_MAX_PAGES = env_int("PCTS_INTAKE_MAX_PAGES", 200)
PCTS_TESSERACT = os.environ.get("PCTS_TESSERACT", "tesseract")
PCTS_OCR_DPI = env_int("PCTS_OCR_DPI", 300)
PCTS_OCR_MAX_PAGES = env_int("PCTS_OCR_MAX_PAGES", 20)
PCTS_OCR_TIME_LIMIT = env_int("PCTS_OCR_TIME_LIMIT", 90)
PCTS_OCR_INLINE_PAGES = env_int("PCTS_OCR_INLINE_PAGES", 2)  # longer scans: a Celery job
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --------------------------------------------------------------------------- email
# Django 6.1 mailers; the environment names stay the classic EMAIL_* ones.
EMAIL_TIMEOUT_SECONDS = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "PCTS <pcts@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL") or DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": env_int("EMAIL_PORT", 25),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                "use_ssl": env_bool("EMAIL_USE_SSL", False),
                "timeout": EMAIL_TIMEOUT_SECONDS,
            },
        }
    }
else:
    # Development default: print mail on the console. Django 6.1's deploy check rejects a
    # console backend inside MAILERS, so this one stays on the classic setting.
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Reminder delivery (directives.reminders): a claimed message is leased for this long and the lease
# is renewed while the batch is sent, so a dead worker's rows return to the queue; transient failures
# retry after RETRY_SECONDS × 2^(attempt-1) (at most one hour) and fail after MAX_ATTEMPTS tries.
PCTS_REMINDER_LEASE_SECONDS = env_int("PCTS_REMINDER_LEASE_SECONDS", 120)
PCTS_REMINDER_RETRY_SECONDS = env_int("PCTS_REMINDER_RETRY_SECONDS", 60)
PCTS_REMINDER_MAX_ATTEMPTS = env_int("PCTS_REMINDER_MAX_ATTEMPTS", 8)
PCTS_REMINDER_CHUNK_SIZE = env_int("PCTS_REMINDER_CHUNK_SIZE", 50)
# A day's digests are written and committed in parts of about this many item lines; each part
# is sent as soon as it is committed, so a sweep that dies half-way leaves the rest to the next.
PCTS_REMINDER_PLAN_CHUNK_ITEMS = env_int("PCTS_REMINDER_PLAN_CHUNK_ITEMS", 2000)

# --------------------------------------------------------------------------- domain settings
PCTS_INSTALLATION_NAME = os.environ.get("PCTS_INSTALLATION_NAME", "Thanh tra Thành phố Hà Nội")
PCTS_PLACE_NAME = os.environ.get("PCTS_PLACE_NAME", "Hà Nội")
# The official documents' heading (Decree 30/2020/NĐ-CP): the issuing body's parent, its code in
# symbols ("Số: …/TTTP-…"), the head's and deputy's titles in the signature block, the title of
# whoever signs "TL." (on the head's order), and the drafting unit's code ("Lưu: VT, P3.").
PCTS_PARENT_AGENCY_NAME = os.environ.get("PCTS_PARENT_AGENCY_NAME", "UBND thành phố Hà Nội")
PCTS_AGENCY_CODE = os.environ.get("PCTS_AGENCY_CODE", "TTTP")
PCTS_HEAD_TITLE = os.environ.get("PCTS_HEAD_TITLE", "Chánh Thanh tra")
PCTS_DEPUTY_TITLE = os.environ.get("PCTS_DEPUTY_TITLE", "Phó Chánh Thanh tra")
PCTS_ON_BEHALF_TITLE = os.environ.get("PCTS_ON_BEHALF_TITLE", "Chánh Văn phòng")
PCTS_DRAFTING_UNIT_CODE = os.environ.get("PCTS_DRAFTING_UNIT_CODE", "")
# The CSV separator of exports: ";" opens in columns in Excel set to a Vietnamese locale.
PCTS_CSV_DELIMITER = os.environ.get("PCTS_CSV_DELIMITER", ";")
PCTS_DUE_SOON_DAYS = env_int("PCTS_DUE_SOON_DAYS", 7)
# "trước ngày 15/10" means the end of 14/10 unless this is off.
PCTS_BEFORE_MEANS_PREVIOUS_DAY = env_bool("PCTS_BEFORE_MEANS_PREVIOUS_DAY", True)
PCTS_ASAP_DAYS = env_int("PCTS_ASAP_DAYS", 7)
# How long a reminder mail's "đã nhận" link stays valid (the bell's button has no limit).
PCTS_ACK_MAX_AGE_DAYS = env_int("PCTS_ACK_MAX_AGE_DAYS", 30)
# The hour (local time) the morning digest of events set to "gộp vào thư tổng hợp" goes out.
PCTS_EVENT_DIGEST_HOUR = env_int("PCTS_EVENT_DIGEST_HOUR", 7)
# "Item overdue" events are not emitted for deadlines older than this on a first run.
PCTS_OVERDUE_EVENT_LOOKBACK_DAYS = env_int("PCTS_OVERDUE_EVENT_LOOKBACK_DAYS", 7)
PCTS_REMINDER_HOUR = env_int("PCTS_REMINDER_HOUR", 7)
# Anti-corruption report windows end on this day of the period's last month (14: 15/12 → 14/3;
# the older practice, 16th → 15th, is 15).
PCTS_REPORT_WINDOW_END_DAY = env_int("PCTS_REPORT_WINDOW_END_DAY", 14)
# A periodic report is due this many working days after its window's last day, and periods are
# planned this many days ahead (the daily beat job rolls the horizon on; it never runs out).
PCTS_PERIODIC_REPORT_WORKING_DAYS = env_int("PCTS_PERIODIC_REPORT_WORKING_DAYS", 5)
PCTS_PERIODIC_HORIZON_DAYS = env_int("PCTS_PERIODIC_HORIZON_DAYS", 370)
# The dashboard's counts are reused until something they count is written (directives/dashboard/
# cache.py); this bounds how long an unused entry stays in Redis. 0 = count on every request.
PCTS_DASHBOARD_CACHE_SECONDS = env_int("PCTS_DASHBOARD_CACHE_SECONDS", 600)
# The longest summary (trích yếu) of a directive and body of a progress report, in characters;
# the forms say so and the services refuse longer text (details belong in an attached file).
PCTS_SUMMARY_MAX_CHARS = env_int("PCTS_SUMMARY_MAX_CHARS", 1000)
PCTS_REPORT_MAX_CHARS = env_int("PCTS_REPORT_MAX_CHARS", 20000)

# --------------------------------------------------------------------------- security
SESSION_COOKIE_HTTPONLY = True
# The absolute lifetime of a sign-in (accounts.middleware counts it from the sign-in, however
# active the session) and the idle timeout: a session unused this long ends.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_AGE", 8 * 3600)
PCTS_SESSION_IDLE_MINUTES = env_int("PCTS_SESSION_IDLE_MINUTES", 30)
# How many sessions one user may have at once; a sign-in beyond it ends the oldest.
PCTS_MAX_SESSIONS_PER_USER = env_int("PCTS_MAX_SESSIONS_PER_USER", 5)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # Probes speak plain HTTP to the app's own port.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    # Believed only from DJANGO_TRUSTED_PROXIES: ops.middleware drops it from anyone else.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --------------------------------------------------------------------------- logging
# PCTS_LOG_FORMAT: "plain" (default) or "json" (one object a line). Either way each line carries
# the request id, the signed-in user and their unit (ops/logcontext.py); security events log on
# "pcts.security", answers 404 to a signed-in user on "pcts.access".
PCTS_LOG_FORMAT = os.environ.get("PCTS_LOG_FORMAT", "plain").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "ops.logcontext.RequestContextFilter"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(user)s %(unit)s]: "
            "%(message)s"
        },
        "json": {"()": "ops.logcontext.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if PCTS_LOG_FORMAT == "json" else "plain",
            "filters": ["request"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "embedded_postgres": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
if PCTS_LOG_FORMAT == "json":
    CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # workers log through LOGGING too
