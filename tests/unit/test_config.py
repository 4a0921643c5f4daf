from __future__ import annotations

import stat
from pathlib import Path

import pytest

from jumush.config import ConfigError, Environment, JumushConfig, load_config

GOOD_KEY = "k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyz"


@pytest.mark.parametrize("key", ["", "changeme", "django-insecure-abc", "secret"])
def test_production_refuses_placeholder_secret_key(
    monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    monkeypatch.setenv("JUMUSH_ENV", "production")
    monkeypatch.setenv("JUMUSH_SECRET_KEY", key)
    with pytest.raises(ConfigError, match="JUMUSH_SECRET_KEY"):
        load_config()


def test_production_refuses_short_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUMUSH_ENV", "production")
    monkeypatch.setenv("JUMUSH_SECRET_KEY", "x" * 30)
    with pytest.raises(ConfigError, match="at least 50"):
        load_config()


def test_production_refuses_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUMUSH_ENV", "production")
    monkeypatch.setenv("JUMUSH_SECRET_KEY", GOOD_KEY)
    monkeypatch.setenv("JUMUSH_DEBUG", "true")
    with pytest.raises(ConfigError, match="JUMUSH_DEBUG"):
        load_config()


def test_production_accepts_a_long_random_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUMUSH_ENV", "production")
    monkeypatch.setenv("JUMUSH_SECRET_KEY", GOOD_KEY)
    config = load_config()
    assert config.env is Environment.production
    assert config.resolved_secret_key() == GOOD_KEY


def test_bad_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUMUSH_DEFAULT_LANGUAGE", "de")
    with pytest.raises(ConfigError, match="JUMUSH_DEFAULT_LANGUAGE"):
        load_config()


def test_default_database_is_sqlite_file_in_data_dir(tmp_path: Path) -> None:
    config = JumushConfig(data_dir=tmp_path)
    assert config.resolved_database_url == f"sqlite:///{tmp_path / 'jumush.sqlite3'}"


def test_development_secret_is_generated_once_and_private(tmp_path: Path) -> None:
    config = JumushConfig(data_dir=tmp_path / "var")
    first = config.resolved_secret_key()
    second = JumushConfig(data_dir=tmp_path / "var").resolved_secret_key()
    assert first == second
    assert len(first) >= 50
    mode = (tmp_path / "var" / "secret_key").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600


def test_allowed_hosts_are_split_on_commas() -> None:
    config = JumushConfig(allowed_hosts=" jumush.kg, ,www.jumush.kg ")
    assert config.host_list == ["jumush.kg", "www.jumush.kg"]


def test_test_environment_refuses_a_placeholder_given_explicitly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("JUMUSH_ENV", "test")
    monkeypatch.setenv("JUMUSH_SECRET_KEY", "changeme")
    with pytest.raises(ConfigError, match="placeholder"):
        load_config()


def test_matching_weights_override_the_defaults_one_by_one() -> None:
    weights = JumushConfig(matching_weights=" occupation=0.5, skills=0 ").matching_weight_map
    assert weights["occupation"] == 0.5 and weights["skills"] == 0.0
    assert weights["wage"] == 0.10  # left out: the default
    assert JumushConfig().matching_weight_map["occupation"] == 0.35


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("sex=1", "unknown component 'sex'"),
        ("wage=-1", "wage='-1' is not a number >= 0"),
        ("wage=nan", "wage='nan' is not a number >= 0"),
        ("wage=lots", "wage='lots' is not a number >= 0"),
        (",".join(f"{c}=0" for c in JumushConfig().matching_weight_map), "sum to 0"),
    ],
)
def test_bad_matching_weights_are_refused_by_name(given: str, message: str) -> None:
    with pytest.raises(ConfigError, match="JUMUSH_MATCHING_WEIGHTS") as caught:
        JumushConfig(matching_weights=given).matching_weight_map  # noqa: B018
    assert message in str(caught.value)
