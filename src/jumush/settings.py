"""Django settings for Jumush, derived from `jumush.config.JumushConfig` (JUMUSH_* variables).

Nothing else in the project reads the environment. See README.md for the variables.
"""

from __future__ import annotations

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

INSTALLED_APPS = [
    "django.contrib.admin",
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
    "jumush.compliance",
    "jumush.matching",
    "jumush.pages",
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
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

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
    },
}
