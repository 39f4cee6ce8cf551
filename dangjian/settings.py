"""Settings for dangjian, read from the environment.

Index of the environment variables these settings read (default; meaning). Every value is checked
when the settings load (core.env): a bad one stops the start with ImproperlyConfigured naming it.
  DANGJIAN_ENV                    development | test | production (development)
  DATABASE_URL                    sqlite:////abs/path.sqlite3 | postgres://user@host:port/name (./db.sqlite3)
  DATABASE_CONN_MAX_AGE           integer >= 0: seconds a database connection is kept (0: one per request)
  TEST_DATABASE_NAME              the test database's name (Django's: test_<name>; pytest-xdist adds _gw0...)
  SECRET_KEY                      required in production; elsewhere generated into .local/secret_key
  DANGJIAN_FIELD_KEY              Fernet key(s) for ID and phone numbers, newest first, comma-separated;
                                  required in production; elsewhere generated into .local/dangjian_field_key
  ALLOWED_HOSTS                   comma-separated; required in production (elsewhere the local names)
  DJANGO_DEBUG                    boolean (true in development only)
  DANGJIAN_REQUIRE_2FA            boolean: committee roles must use a second factor (false in development only)
  DANGJIAN_LOCKOUT_FAILURES       integer >= 1: failed logins that lock a user name (5)
  DANGJIAN_LOCKOUT_MINUTES        integer >= 1: how long the lock lasts (30)
  DANGJIAN_PASSWORD_MAX_AGE_DAYS  integer >= 0: password rotation in days, 0 turns it off (0)
  DANGJIAN_MAX_REQUEST_BYTES      integer >= 1: request bodies above this get a 413 page (25 MiB)
  DANGJIAN_EXPORT_INLINE_ROWS     integer >= 0: member exports above this many rows run in the background (2000)
  DANGJIAN_IMPORT_LIMITS          JSON object: limits of an uploaded spreadsheet (exchange.reader), any of
                                  {"bytes": 20971520, "rows": 100000, "entries": 1000, "uncompressed": 209715200}
  DANGJIAN_RULES                  JSON object: a locality's numbers, e.g. {"letter_validity_months": 2,
                                  "notice_working_days": 7}; the keys are the codes of the local rules
                                  (core/rules.py and every app's rules.py; `manage.py rules` lists them), each
                                  of its default's type; checked when the apps are ready ({})
  DANGJIAN_DOCUMENT_TEMPLATES     absolute path of a folder: a locality's edited Word templates, each at the path
                                  of ours under templates/documents (elections/request.docx...), replacing
                                  ours file by file (unset: ours only)
  DANGJIAN_MEDIA_ROOT             absolute path: where uploaded files (a meeting's attachments) are kept; no URL
                                  serves it, only views that check access (.local/media; tests .local/test-media)
  DANGJIAN_TODAY                  YYYY-MM-DD: a fixed "today" for demonstrations and tests (ignored in production)
  SECURE_SSL_REDIRECT             boolean, production only: redirect http to https (true)
  SECURE_HSTS_SECONDS             integer >= 0, production only: Strict-Transport-Security max-age (31536000)
Read by the tests, not the settings: DANGJIAN_REQUIRE_BROWSER (fail, not skip, without Chromium).
"""

import os
import time
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from core.env import env_bool, env_date, env_int, env_json_object, env_path

BASE_DIR = Path(__file__).resolve().parent.parent
LOCAL_DIR = BASE_DIR / ".local"

ENV = os.environ.get("DANGJIAN_ENV", "development")
if ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"DANGJIAN_ENV must be development, test or production, not {ENV!r}")
PRODUCTION = ENV == "production"


def _local_secret(name: str, make) -> str:
    """A secret from the environment, or (outside production) from a 0600 file made on first use."""
    value = os.environ.get(name)
    if value:
        return value
    if PRODUCTION:
        raise ImproperlyConfigured(f"{name} must be set in production")
    path = LOCAL_DIR / name.lower()
    if not path.exists():
        LOCAL_DIR.mkdir(exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process (a parallel test worker) made it first: read what it writes
        else:
            with os.fdopen(fd, "w") as f:
                f.write(make())
    for _ in range(50):
        value = path.read_text().strip()
        if value:
            return value
        time.sleep(0.1)
    raise ImproperlyConfigured(f"{path} is empty: delete it to have {name} generated again")


def _make_secret_key() -> str:
    from django.core.management.utils import get_random_secret_key

    return get_random_secret_key()


def _make_field_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


SECRET_KEY = _local_secret("SECRET_KEY", _make_secret_key)
FIELD_KEY = _local_secret("DANGJIAN_FIELD_KEY", _make_field_key)
DEBUG = env_bool("DJANGO_DEBUG", ENV == "development")

if PRODUCTION:
    hosts = os.environ.get("ALLOWED_HOSTS", "")
    if not hosts:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production")
    ALLOWED_HOSTS = [h.strip() for h in hosts.split(",") if h.strip()]
else:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "treebeard",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "core",
    "accounts",
    "audit",
    "orgs",
    "members",
    "reports",
    "authority",
    "work",
    "adjustments",
    "transfers",
    "development",
    "exchange",
    "evaluation",
    "leadership",
    "activities",
    "orglife",
    "discipline",
    "elections",
    "dues",
    "funds",
    "assessment",
    "campaigns",
    "commendations",
    "supervision",
    "workbench",
    "demo",
]

MIDDLEWARE = [
    "core.middleware.RequestGuardMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.NoStoreMiddleware",
    "accounts.middleware.AccountGateMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dangjian.urls"
WSGI_APPLICATION = "dangjian.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the single writer; IMMEDIATE takes the write lock at BEGIN,
    # so two writers queue instead of failing half-way with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    # PostgreSQL's JIT compiler costs ~170 ms whenever the planner's estimate is large, which a
    # recursive walk of the tree always is; our queries are short reads, so it only ever loses.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    if ENV == "test":
        # A test database is thrown away: a commit need not wait for the disk (the live-server
        # and transactional tests, and the demo seeds, commit often).
        DATABASES["default"]["OPTIONS"]["options"] += " -c synchronous_commit=off"
DATABASES["default"]["TEST"] = (
    {"NAME": os.environ.get("TEST_DATABASE_NAME")} if os.environ.get("TEST_DATABASE_NAME") else {}
)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Lockout (django-axes): N failures for one user name lock it for M minutes (等保: 5 / 30).
AXES_FAILURE_LIMIT = env_int("DANGJIAN_LOCKOUT_FAILURES", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DANGJIAN_LOCKOUT_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False
# An attempt on a locked name neither extends the lock nor is stored by axes (which would append
# the request to its row each time); accounts.signals counts it instead.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Locking by IP address too (axes.W006) would lock a whole office behind one intranet NAT address
# after five typos by anyone in it; 等保 asks for per-account lockout, which is what this is.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Two-factor (django-otp TOTP) is required for committee roles; other users may enrol.
REQUIRE_2FA = env_bool("DANGJIAN_REQUIRE_2FA", ENV != "development")
OTP_TOTP_ISSUER = "机关党建管理系统"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "accounts:login"

if ENV == "test":
    # Every test persona gets a password; PBKDF2's deliberate slowness would dominate the suite.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A member export of more rows than this is written by a background task and downloaded later.
DANGJIAN_EXPORT_INLINE_ROWS = env_int("DANGJIAN_EXPORT_INLINE_ROWS", 2_000, minimum=0)

# Background work (imports) goes through django-tasks, the API of Django 6's django.tasks: jobs
# wait in the database for `manage.py db_worker` (make demo starts one). Tests run them at once.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if ENV == "test"
        else "django_tasks_db.DatabaseBackend"
    }
}

# Password rotation (等保 assessors may ask 90 days): 0 turns it off.
PASSWORD_MAX_AGE_DAYS = env_int("DANGJIAN_PASSWORD_MAX_AGE_DAYS", 0, minimum=0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.validators.PasswordPolicyValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if ENV != "production"
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Outside production whitenoise serves straight from the source folders (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sessions: 30 minutes idle (the cookie is renewed on every request), 12 hours absolute
# (core.middleware); a new session key at login is Django's default.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

PAGE_SIZE = 50

# Request bodies above this size get a 413 page before anything reads them.
MAX_REQUEST_BYTES = env_int("DANGJIAN_MAX_REQUEST_BYTES", 25 * 1024 * 1024, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploaded files: outside the static files and served by no URL of their own (no MEDIA_URL route);
# a view that checks who asks hands each one out (orglife's meeting attachments).
MEDIA_ROOT = env_path("DANGJIAN_MEDIA_ROOT", str(LOCAL_DIR / ("test-media" if ENV == "test" else "media")))
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

# Content Security Policy: scripts and styles only from this site; no inline scripts, no frames.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# A locality's Word templates (core.docx.render), each replacing ours of the same path; the folder
# must exist when set.
DANGJIAN_DOCUMENT_TEMPLATES = env_path("DANGJIAN_DOCUMENT_TEMPLATES", "")
if DANGJIAN_DOCUMENT_TEMPLATES and not os.path.isdir(DANGJIAN_DOCUMENT_TEMPLATES):
    raise ImproperlyConfigured(f"DANGJIAN_DOCUMENT_TEMPLATES must be a folder, not {DANGJIAN_DOCUMENT_TEMPLATES!r}")

# A fixed "today" for demonstrations and tests (core.clock); ignored in production.
DANGJIAN_TODAY = env_date("DANGJIAN_TODAY")

# A locality's numbers (core.rules): JSON strictly here; keys and types checked against the rules
# in core.apps once every app's rules.py can be read.
DANGJIAN_RULES = env_json_object("DANGJIAN_RULES")

# Limits of an uploaded spreadsheet. exchange.reader holds the defaults and reads only the keys
# set; this schema (the same defaults) says which keys exist and their type.
IMPORT_LIMITS_SCHEMA = {"bytes": 20 * 1024 * 1024, "rows": 100_000, "entries": 1000, "uncompressed": 200 * 1024 * 1024}
DANGJIAN_IMPORT_LIMITS = env_json_object("DANGJIAN_IMPORT_LIMITS", IMPORT_LIMITS_SCHEMA)
