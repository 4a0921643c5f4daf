"""The one place that reads the environment: every JUMUSH_* variable is parsed and checked here.

`settings.py` turns a `JumushConfig` into Django settings; nothing else reads `os.environ`.
"""

from __future__ import annotations

import secrets
from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: Secret keys that are refused outside development: empty, Django's template default, and
#: the usual placeholders people paste from examples.
PLACEHOLDER_SECRETS = frozenset(
    {
        "",
        "changeme",
        "change-me",
        "secret",
        "insecure",
        "placeholder",
        "django-insecure-change-me",
        "your-secret-key",
    }
)
MIN_SECRET_LENGTH = 50


class Environment(StrEnum):
    """Where the process runs: development (a laptop), test (pytest) or production."""

    development = "development"
    test = "test"
    production = "production"


class ConfigError(ValueError):
    """A JUMUSH_* variable is missing or unacceptable; the message names the variable."""


class JumushConfig(BaseSettings):
    """Settings read from JUMUSH_* environment variables.

    - `env`: development | test | production (JUMUSH_ENV, default development).
    - `data_dir`: where the SQLite file, collected static files and the generated development
      secret live (JUMUSH_DATA_DIR, default ./var relative to the working directory).
    - `cache_dir`: rebuildable files such as the coder's index (JUMUSH_CACHE_DIR, default
      `<data_dir>/cache`).
    - `database_url`: JUMUSH_DATABASE_URL; default `sqlite:///<data_dir>/jumush.sqlite3`;
      `postgresql://user:pass@host:port/name` uses psycopg 3.
    - `secret_key`: JUMUSH_SECRET_KEY. Outside development a placeholder is refused
      (ConfigError); production also refuses a missing key or one under 50 characters.
      Elsewhere, when unset, a random key is generated once and kept in
      `<data_dir>/secret_key` (mode 0600).
    - `default_language`: ky | ru | en (JUMUSH_DEFAULT_LANGUAGE, default ky), used when the
      browser states no language we serve.
    - `allowed_hosts`: comma-separated host names (JUMUSH_ALLOWED_HOSTS).
    - `debug`: JUMUSH_DEBUG; refused in production.
    - `sqlite_busy_timeout_s`: seconds a writer waits for SQLite's lock
      (JUMUSH_SQLITE_BUSY_TIMEOUT_S, default 20).
    - `log_level`: DEBUG | INFO | WARNING | ERROR (JUMUSH_LOG_LEVEL, default INFO).
    - `session_idle_minutes`: a session unused this long ends (JUMUSH_SESSION_IDLE_MINUTES,
      default 30); `session_absolute_hours`: any session ends this long after its sign-in
      (JUMUSH_SESSION_ABSOLUTE_HOURS, default 12).
    - `matching_weights`: the matching score's component weights as
      `occupation=0.35,skills=0.15,...` (JUMUSH_MATCHING_WEIGHTS); components left out keep
      their defaults (matching/score.py DEFAULT_WEIGHTS); read as `matching_weight_map`.
    - Grievances (cases/): `cases_watchlist_threshold` substantiated cases within
      `cases_record_window_days` put an agency or employer on the public watchlist
      (JUMUSH_CASES_WATCHLIST_THRESHOLD, default 2; JUMUSH_CASES_RECORD_WINDOW_DAYS, default
      730); `cases_suspension_threshold` of them propose a suspension to an officer
      (JUMUSH_CASES_SUSPENSION_THRESHOLD, default 3; never below the watchlist threshold).
      `cases_evidence_max_bytes`: the largest evidence file accepted
      (JUMUSH_CASES_EVIDENCE_MAX_BYTES, default 10 MB); evidence files are kept under
      `cases_evidence_dir` (JUMUSH_CASES_EVIDENCE_DIR, default `<data_dir>/evidence`).
      `cases_pin_attempts`: wrong PINs in a row before a case's follow-up is locked for
      `cases_pin_lock_minutes` (JUMUSH_CASES_PIN_ATTEMPTS, default 5;
      JUMUSH_CASES_PIN_LOCK_MINUTES, default 15).
    """

    model_config = SettingsConfigDict(env_prefix="JUMUSH_", extra="ignore")

    env: Environment = Environment.development
    data_dir: Path = Path("var")
    cache_dir: Path | None = None
    database_url: str | None = None
    secret_key: str | None = None
    default_language: Literal["ky", "ru", "en"] = "ky"
    allowed_hosts: str = "localhost,127.0.0.1,[::1]"
    debug: bool = False
    sqlite_busy_timeout_s: float = Field(default=20.0, gt=0, le=600)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    matching_weights: str = ""
    session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    session_absolute_hours: int = Field(default=12, ge=1, le=7 * 24)
    cases_watchlist_threshold: int = Field(default=2, ge=1, le=1000)
    cases_suspension_threshold: int = Field(default=3, ge=1, le=1000)
    cases_record_window_days: int = Field(default=730, ge=1, le=3650)
    cases_evidence_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1024, le=100 * 1024 * 1024)
    cases_evidence_dir: Path | None = None
    cases_pin_attempts: int = Field(default=5, ge=1, le=100)
    cases_pin_lock_minutes: int = Field(default=15, ge=1, le=24 * 60)

    @field_validator("data_dir")
    @classmethod
    def _absolute_data_dir(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @property
    def resolved_cache_dir(self) -> Path:
        """Where rebuildable files go (the occupation coder's index): JUMUSH_CACHE_DIR, or
        `<data_dir>/cache`."""
        return (self.cache_dir or self.data_dir / "cache").expanduser().resolve()

    @property
    def resolved_evidence_dir(self) -> Path:
        """Where grievance evidence files are kept: JUMUSH_CASES_EVIDENCE_DIR, or
        `<data_dir>/evidence` (outside the database, never served as static files)."""
        return (self.cases_evidence_dir or self.data_dir / "evidence").expanduser().resolve()

    @model_validator(mode="after")
    def _check_thresholds(self) -> JumushConfig:
        if self.cases_suspension_threshold < self.cases_watchlist_threshold:
            raise ConfigError(
                f"JUMUSH_CASES_SUSPENSION_THRESHOLD ({self.cases_suspension_threshold}) is below "
                f"JUMUSH_CASES_WATCHLIST_THRESHOLD ({self.cases_watchlist_threshold}): a "
                "suspension would be proposed before the watchlist"
            )
        return self

    @model_validator(mode="after")
    def _check_production(self) -> JumushConfig:
        given = (self.secret_key or "").strip()
        if self.secret_key is not None and self.env is not Environment.development:
            if given.lower() in PLACEHOLDER_SECRETS or given.startswith("django-insecure"):
                raise ConfigError(
                    f"JUMUSH_SECRET_KEY is a placeholder; JUMUSH_ENV={self.env.value} needs a "
                    "real random key (or leave it unset outside production)"
                )
        if self.env is Environment.production:
            if self.debug:
                raise ConfigError("JUMUSH_DEBUG must be off when JUMUSH_ENV=production")
            key = (self.secret_key or "").strip()
            if key.lower() in PLACEHOLDER_SECRETS or key.startswith("django-insecure"):
                raise ConfigError(
                    "JUMUSH_SECRET_KEY is missing or a placeholder; set a random value of at "
                    f"least {MIN_SECRET_LENGTH} characters when JUMUSH_ENV=production"
                )
            if len(key) < MIN_SECRET_LENGTH:
                raise ConfigError(
                    f"JUMUSH_SECRET_KEY is {len(key)} characters; production needs at least "
                    f"{MIN_SECRET_LENGTH}"
                )
        return self

    @property
    def matching_weight_map(self) -> dict[str, float]:
        """DEFAULT_WEIGHTS with JUMUSH_MATCHING_WEIGHTS applied. Raises ConfigError naming
        an unknown component, a weight that is not a number >= 0, or weights summing to 0."""
        from jumush.matching.score import DEFAULT_WEIGHTS

        weights = dict(DEFAULT_WEIGHTS)
        for item in filter(None, (part.strip() for part in self.matching_weights.split(","))):
            name, _, value = item.partition("=")
            name = name.strip()
            if name not in weights:
                raise ConfigError(
                    f"JUMUSH_MATCHING_WEIGHTS: unknown component {name!r}; use {', '.join(weights)}"
                )
            try:
                weight = float(value)
            except ValueError:
                weight = -1.0
            if not weight >= 0 or weight == float("inf"):
                raise ConfigError(
                    f"JUMUSH_MATCHING_WEIGHTS: {name}={value.strip()!r} is not a number >= 0"
                )
            weights[name] = weight
        if sum(weights.values()) <= 0:
            raise ConfigError("JUMUSH_MATCHING_WEIGHTS: the weights sum to 0")
        return weights

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to the SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'jumush.sqlite3'}"

    @property
    def host_list(self) -> list[str]:
        """`allowed_hosts` split on commas, blanks dropped."""
        return [h.strip() for h in self.allowed_hosts.split(",") if h.strip()]

    def resolved_secret_key(self) -> str:
        """The configured key, or in development/test a generated one kept under data_dir.

        Raises ConfigError in production when no key is configured (checked at load too).
        """
        if self.secret_key:
            return self.secret_key
        if self.env is Environment.production:
            raise ConfigError("JUMUSH_SECRET_KEY is required when JUMUSH_ENV=production")
        path = self.data_dir / "secret_key"
        try:
            if path.exists():
                return path.read_text(encoding="ascii").strip()
            self.data_dir.mkdir(parents=True, exist_ok=True)
            key = secrets.token_urlsafe(64)
            path.write_text(key, encoding="ascii")
            path.chmod(0o600)
        except OSError as exc:
            raise ConfigError(
                f"JUMUSH_DATA_DIR {self.data_dir} cannot hold the development secret key: "
                f"{exc.strerror or exc}"
            ) from exc
        return key


def load_config() -> JumushConfig:
    """Read and validate the environment once. Raises ConfigError naming the bad variable."""
    try:
        return JumushConfig()
    except ConfigError:
        raise
    except ValidationError as exc:
        problems = "; ".join(
            f"JUMUSH_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}"
            if e["loc"]
            else str(e["msg"]).removeprefix("Value error, ")
            for e in exc.errors()
        )
        raise ConfigError(problems) from exc
