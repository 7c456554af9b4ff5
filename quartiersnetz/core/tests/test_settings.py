"""Settings come from the environment; production refuses to start without a secret key."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

SNIPPET = "import django; django.setup(); from django.conf import settings; print(settings.{name})"


def _run(code: str, **env):
    full_env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}}
    full_env.update({"DJANGO_SETTINGS_MODULE": "quartiersnetz.settings", "QN_TESTING": "0", **env})
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=full_env, timeout=60)


def test_refuses_to_start_with_debug_off_and_no_secret_key(tmp_path):
    result = _run(SNIPPET.format(name="SECRET_KEY"), DEBUG="false", QN_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_settings_from_environment(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'], s.PASSWORD_HASHERS[0], "
        "s.SESSION_COOKIE_SECURE)"
    )
    result = _run(
        code, DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="quartiersnetz.example,www.example",
        DATABASE_URL="postgresql://u:p@db.example:5432/qn", QN_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False", "['quartiersnetz.example',", "'www.example']", "django.db.backends.postgresql",
        "django.contrib.auth.hashers.Argon2PasswordHasher", "True",
    ]


def test_demo_generates_and_keeps_a_secret_key(tmp_path):
    first = _run(SNIPPET.format(name="SECRET_KEY"), QN_VAR_DIR=str(tmp_path))
    second = _run(SNIPPET.format(name="SECRET_KEY"), QN_VAR_DIR=str(tmp_path))
    assert first.returncode == 0, first.stderr
    assert len(first.stdout.strip()) >= 50
    assert first.stdout == second.stdout
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_sqlite_is_the_default_database():
    if os.environ.get("DATABASE_URL"):
        pytest.skip("DATABASE_URL chooses another database for this run")
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


def test_ui_language_is_german():
    assert settings.LANGUAGE_CODE == "de"
    assert settings.TIME_ZONE == "Europe/Berlin"
    assert settings.USE_THOUSAND_SEPARATOR
