"""With the production variables set, Django's deployment check has nothing to say."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from django.conf import settings

from tests.support import production_env


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = production_env(**env)
    return subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_gives_no_warning_with_production_settings(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "HTTPS": "1",
            "DEBUG": "0",
            "SECRET_KEY": "k" * 20 + "fT9#q2@Lm8!vZp4&xR7*wB1^nC6%yD3$hJ5",
            "ALLOWED_HOSTS": "invest.sihui.example",
            "ZHAOSHANG_VAR_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_does_warn_without_them(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={"HTTPS": "0", "ZHAOSHANG_VAR_DIR": str(tmp_path)},
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # no HSTS


def test_secret_key_is_generated_once_and_kept(tmp_path):
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    env = {
        "ZHAOSHANG_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "",
        "DJANGO_SETTINGS_MODULE": "zhaoshang.settings",
    }
    clean = production_env(**env)
    first = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    second = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert len(first) >= 50
    assert first == second == (tmp_path / "secret_key").read_text().strip()
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_an_unsupported_database_is_refused_by_the_system_check(settings):
    from unittest import mock

    from django.db import connections

    from zhaoshang.core.checks import database_supported

    assert database_supported(None) == []
    with mock.patch.object(type(connections["default"]), "vendor", "mysql"):
        errors = database_supported(None)
    assert [e.id for e in errors] == ["zhaoshang.E001"]
    assert "DATABASE_URL" in errors[0].msg
