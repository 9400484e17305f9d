"""Settings come from the environment, and every one is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from access_api.settings import Settings, SettingsError, documented_settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    missing = [name for name, _default, _help in documented_settings() if name not in readme]
    assert not missing, f"settings missing from README.md: {missing}"


def test_every_setting_has_help_text() -> None:
    assert all(help_text.strip() for _name, _default, help_text in documented_settings())


def test_settings_are_read_from_the_environment() -> None:
    settings = Settings.from_env(
        {"ACCESS_API_PORT": "9000", "ACCESS_API_DATA_DIR": "/srv/a", "ACCESS_API_HOST": "::1"}
    )
    assert settings.port == 9000
    assert settings.data_dir == Path("/srv/a")
    assert settings.host == "::1"


def test_unset_settings_keep_their_defaults() -> None:
    assert Settings.from_env({}) == Settings()


def test_a_bad_value_names_the_variable() -> None:
    with pytest.raises(SettingsError, match="ACCESS_API_PORT"):
        Settings.from_env({"ACCESS_API_PORT": "eighty"})


def test_the_embedded_database_lives_in_the_data_directory() -> None:
    url = Settings(data_dir=Path("/srv/a")).resolved_database_url
    assert url == "sqlite+aiosqlite:////srv/a/access_api.db"
