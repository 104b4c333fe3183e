"""Files that are not public (uploaded imports): stored outside MEDIA_ROOT under random names,
served only to who may read them, deleted when the import ends or its retention passes."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory
from tests.support import import_mapped, signed_in
from zhaoshang.core.models import PrivateFile, SiteSettings
from zhaoshang.core.private_files import private_files_purge_expired, private_path
from zhaoshang.core.roles import Role
from zhaoshang.core.tasks import task_run_next

pytestmark = pytest.mark.django_db

NAME = "四会-enterprises-2026.csv"


def upload(client: Client, code: str) -> PrivateFile:
    body = f"uscc,name,region_code\n{code},某厂,441284\n".encode()
    response = client.post(
        "/en/officer/enterprises/import/", {"file": SimpleUploadedFile(NAME, body)}
    )
    assert response.status_code == 302
    assert import_mapped(client, response["Location"]).status_code == 302
    return PrivateFile.objects.latest("pk")


def keep_days(days: int) -> None:
    SiteSettings.objects.update_or_create(
        pk=1, defaults={"center_name_en": "Center", "import_files_keep_days": days}
    )


def test_an_upload_is_stored_outside_media_under_an_unguessable_name(officer, codes, settings):
    file = upload(signed_in(officer), codes(1)[0])
    path = private_path(file)
    assert path.is_file()
    assert Path(settings.PRIVATE_ROOT) in path.parents
    assert not Path(settings.MEDIA_ROOT).exists() or not any(
        p.is_file() for p in Path(settings.MEDIA_ROOT).rglob("*")
    )
    assert NAME not in str(path)
    assert "enterprises" not in path.name
    assert len(file.token) >= 40  # 32 random bytes
    other = upload(signed_in(officer), codes(2)[1])
    assert other.token != file.token


def test_only_the_uploader_and_administrators_may_download_it(officer, administrator, codes):
    file = upload(signed_in(officer), codes(1)[0])
    url = f"/files/{file.token}"
    assert Client().get(url).status_code == 404  # anonymous
    another_officer = UserFactory.create(roles=[Role.PROMOTION_OFFICER])
    enterprise_user = UserFactory.create(roles=[Role.ENTERPRISE_USER])
    assert signed_in(another_officer).get(url).status_code == 404
    assert signed_in(enterprise_user).get(url).status_code == 404
    assert Client().get(f"/files/{file.token[:-1]}x").status_code == 404
    for reader in (officer, administrator):
        response = signed_in(reader).get(url)
        assert response.status_code == 200
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment")
        assert response.getvalue().startswith(b"uscc,name")


def test_the_file_is_deleted_when_the_import_ends_if_nothing_is_kept(
    officer, codes, django_capture_on_commit_callbacks
):
    keep_days(0)
    file = upload(signed_in(officer), codes(1)[0])
    path = private_path(file)
    with django_capture_on_commit_callbacks(execute=True):  # the file goes after the commit
        finished = task_run_next()
    assert finished is not None
    assert finished.status == "done"
    assert not path.exists()
    assert not PrivateFile.objects.exists()
    assert signed_in(officer).get(f"/files/{file.token}").status_code == 404


def test_the_file_is_kept_the_days_set_then_purged_by_the_daily_task(
    officer, codes, django_capture_on_commit_callbacks
):
    keep_days(2)
    file = upload(signed_in(officer), codes(1)[0])
    path = private_path(file)
    finished = task_run_next()
    assert finished is not None
    assert finished.status == "done"
    assert path.exists()  # kept for checking
    assert private_files_purge_expired(timezone.now() + datetime.timedelta(days=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert private_files_purge_expired(timezone.now() + datetime.timedelta(days=3)) == 1
    assert not path.exists()
    assert not PrivateFile.objects.exists()


def test_media_serves_posts_images_only_and_old_public_imports_are_purged(settings):
    media = Path(settings.MEDIA_ROOT)
    (media / "imports").mkdir(parents=True)
    (media / "imports" / "20260101120000-enterprises.csv").write_text("uscc,name\n")
    (media / "posts" / "2026" / "01").mkdir(parents=True)
    (media / "posts" / "2026" / "01" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    client = Client()
    assert client.get("/media/imports/20260101120000-enterprises.csv").status_code == 404
    assert client.get("/media/posts/2026/01/a.png").status_code == 200
    assert private_files_purge_expired() == 1
    assert not (media / "imports").exists()
