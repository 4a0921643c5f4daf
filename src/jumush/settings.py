"""Django settings for Jumush, derived from `jumush.config.JumushConfig` (JUMUSH_* variables).

Nothing else in the project reads the environment. See README.md for the variables.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from jumush.config import ConfigError, Environment, load_config

CONFIG = load_config()
BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = CONFIG.data_dir
CACHE_DIR = CONFIG.resolved_cache_dir

# pytest-django sets this before importing settings; it marks a test process.
TESTING = CONFIG.env is Environment.test or "pytest" in sys.modules

SECRET_KEY = CONFIG.resolved_secret_key()
DEBUG = CONFIG.debug
ALLOWED_HOSTS = CONFIG.host_list
MATCHING_WEIGHTS = CONFIG.matching_weight_map

# Grievances (cases/): see config.py for each figure.
CASES_WATCHLIST_THRESHOLD = CONFIG.cases_watchlist_threshold
CASES_SUSPENSION_THRESHOLD = CONFIG.cases_suspension_threshold
CASES_RECORD_WINDOW_DAYS = CONFIG.cases_record_window_days
CASES_EVIDENCE_MAX_BYTES = CONFIG.cases_evidence_max_bytes
CASES_EVIDENCE_DIR = CONFIG.resolved_evidence_dir
CASES_PIN_ATTEMPTS = CONFIG.cases_pin_attempts
CASES_PIN_LOCK_MINUTES = CONFIG.cases_pin_lock_minutes

INSTALLED_APPS = [
    "jumush.accounts.admin_config.JumushAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",
    "jumush.core",
    "jumush.taxonomy",
    "jumush.coding",
    "jumush.registry",
    "jumush.audit",
    "jumush.accounts",
    "axes",
    "jumush.compliance",
    "jumush.matching",
    "jumush.cases",
    "jumush.pages",
    "jumush.staff",
    "jumush.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "jumush.core.middleware.api_errors_as_json",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jumush.accounts.middleware.session_limits",
    "jumush.pages.middleware.no_store_when_signed_in",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a sign-in refused for throttling into the JSON 429 of accounts/api.py.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jumush.urls"
WSGI_APPLICATION = "jumush.wsgi.application"

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
                "jumush.pages.context.navigation",
            ],
        },
    },
]


def _database(url: str) -> dict[str, Any]:
    """Django DATABASES["default"] for a JUMUSH_DATABASE_URL.

    SQLite: WAL journal and synchronous=FULL (durable commits; WAL lets readers run during a
    write), a busy timeout, and BEGIN IMMEDIATE so a transaction that will write takes the lock
    at its start instead of failing with "database is locked" half way.
    Source: https://www.sqlite.org/wal.html, https://www.sqlite.org/pragma.html#pragma_synchronous,
    Django 5.1+ SQLite "init_command" and "transaction_mode" options.
    """
    if not url.startswith(("sqlite:", "postgres:", "postgresql:")):
        raise ConfigError(
            f"JUMUSH_DATABASE_URL must start with sqlite:/// or postgresql://, not {url[:12]!r}"
        )
    try:
        parsed = dj_database_url.parse(url, conn_max_age=0 if url.startswith("sqlite") else 60)
    except (ValueError, KeyError) as exc:
        raise ConfigError(f"JUMUSH_DATABASE_URL cannot be read: {exc}") from exc
    db: dict[str, Any] = dict(parsed)
    if db["ENGINE"] == "django.db.backends.sqlite3" and str(db["NAME"]) in ("", ":memory:"):
        raise ConfigError(
            "JUMUSH_DATABASE_URL names no SQLite file (sqlite:////absolute/path.sqlite3): "
            "an in-memory database would lose everything"
        )
    if db["ENGINE"] == "django.db.backends.sqlite3":
        # The folder is made by `jumush setup`, not here: a mistyped path must not create one.
        db["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
            " PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": CONFIG.sqlite_busy_timeout_s,
        }
    elif db["ENGINE"] == "django.db.backends.postgresql":
        db.setdefault("OPTIONS", {})
        db["CONN_HEALTH_CHECKS"] = True
    return db


DATABASES = {"default": _database(CONFIG.resolved_database_url)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Passwords (accounts/passwords.py): argon2id first; the others only read older hashes (and
# are replaced by argon2id at the next sign-in). At least 12 characters, not among the
# 10,000 most common (plus Django's own list of 20,000), no composition rules.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "jumush.accounts.passwords.CommonPasswordsValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Sign-in by phone or e-mail (accounts/backends.py) behind django-axes: after 10 failures
# for one sign-in name, or from one address, sign-in is refused (429) for 15 minutes, and
# failing again meanwhile does not extend it. Unknown names count like known ones.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "jumush.accounts.backends.PhoneOrEmailBackend",
]
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "jumush.accounts.api.locked_out"
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Sessions: server side (database rows), key of 32 characters from [a-z0-9] (165 bits), new
# at every sign-in and at the TOTP check; ended after JUMUSH_SESSION_IDLE_MINUTES unused or
# JUMUSH_SESSION_ABSOLUTE_HOURS after sign-in (accounts/middleware.py), or when the account's
# sessions are ended (accounts/access.py).
JUMUSH_SESSION_IDLE_SECONDS = CONFIG.session_idle_minutes * 60
JUMUSH_SESSION_ABSOLUTE_SECONDS = CONFIG.session_absolute_hours * 3600
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = JUMUSH_SESSION_IDLE_SECONDS

# Languages: Kyrgyz first (the state language), Russian (official), English third.
LANGUAGE_CODE = CONFIG.default_language
LANGUAGES = [
    ("ky", _("Kyrgyz")),
    ("ru", _("Russian")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "jumush_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Bishkek"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the package's static folders when collectstatic has not run (tests).
WHITENOISE_USE_FINDERS = TESTING or DEBUG
# The web fonts carry their version in the name (static/jumush/fonts/SOURCES.md): cached for a
# year as immutable, so a phone on a metered connection downloads them once.
WHITENOISE_IMMUTABLE_FILE_TEST = r"^/static/jumush/fonts/jumush-sans-\d+-\w+\.woff2$"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "jumush.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if CONFIG.env is Environment.production:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

NINJA_PAGINATION_MAX_LIMIT = 100
# A full coding batch (1,000 titles, Cyrillic \u-escaped by many JSON encoders) fits in 16 MB;
# a larger body gets a JSON 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024 * 1024

# Logs go to stderr; no personal data is ever passed to a logger (see DEVELOPERS brief).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": CONFIG.log_level},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # A bad Host header is the client's mistake: no traceback in our log for it.
        "django.security.DisallowedHost": {"level": "CRITICAL"},
        "pymorphy3": {"level": "WARNING"},
        # axes logs each sign-in's reset of failures at INFO: noise, and a sign-in name is
        # personal data (it masks it, but nothing is gained by the line).
        "axes": {"level": "WARNING"},
    },
}
