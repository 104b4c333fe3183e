"""First-run set-up, the demo loader and the `zhaoshang` console command."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.support import production_env
from zhaoshang.core.models import AuditEvent, SiteSettings, User
from zhaoshang.core.roles import Role
from zhaoshang.core.services import user_roles

pytestmark = pytest.mark.django_db


def run_setup(*args: str) -> str:
    out = io.StringIO()
    call_command("setup", *args, stdout=out)
    return out.getvalue()


def test_first_run_creates_the_administrator_and_loads_the_demo(monkeypatch):
    monkeypatch.setenv("ZHAOSHANG_ADMIN_PASSWORD", "Guangdong-admin-44")
    monkeypatch.setenv("ZHAOSHANG_DEMO_PASSWORD", "Guangdong-demo-44")
    printed = run_setup()
    admin = User.objects.get(username="admin")
    assert admin.check_password("Guangdong-admin-44")
    assert admin.is_superuser
    assert admin.is_staff
    assert user_roles(admin) == [Role.ADMINISTRATOR]
    assert "admin / Guangdong-admin-44" in printed
    assert "http://127.0.0.1:8000/en/account/sign-in/" in printed
    officer = User.objects.get(username="officer")
    assert officer.check_password("Guangdong-demo-44")
    assert user_roles(officer) == [Role.PROMOTION_OFFICER]
    assert SiteSettings.objects.get().center_name_zh_hant == "四會市投資促進中心"
    assert SiteSettings.objects.get().phone == "+867583611228"


def test_a_random_admin_password_is_printed_once(monkeypatch):
    monkeypatch.delenv("ZHAOSHANG_ADMIN_PASSWORD", raising=False)
    first = run_setup("--no-demo")
    password = first.split("admin / ")[1].split()[0]
    assert len(password) >= 12
    assert User.objects.get(username="admin").check_password(password)
    events = AuditEvent.objects.count()
    second = run_setup()
    assert password not in second
    assert "password printed on the first run" in second
    assert AuditEvent.objects.count() == events  # nothing created, demo not loaded later
    assert User.objects.count() == 1


def test_a_weak_admin_password_is_refused_and_nothing_is_created(monkeypatch):
    monkeypatch.setenv("ZHAOSHANG_ADMIN_PASSWORD", "12345678")
    with pytest.raises(CommandError, match="ZHAOSHANG_ADMIN_PASSWORD"):
        run_setup()
    assert not User.objects.exists()


def test_loading_the_demo_twice_changes_nothing():
    call_command("load_demo", demo_password="Guangdong-demo-44", stdout=io.StringIO())
    counts = (User.objects.count(), AuditEvent.objects.count())
    call_command("load_demo", demo_password="Guangdong-demo-44", stdout=io.StringIO())
    assert (User.objects.count(), AuditEvent.objects.count()) == counts


def test_the_zhaoshang_console_command_is_manage_py():
    command = Path(sys.executable).parent / "zhaoshang"
    executable = str(command) if command.exists() else shutil.which("zhaoshang")
    assert executable, "the zhaoshang console script is not installed"
    env = production_env()
    result = subprocess.run(
        [executable, "help"], capture_output=True, text=True, env=env, check=True, timeout=120
    )
    for name in ("load_demo", "setup", "migrate", "compile_catalogues"):
        assert name in result.stdout
