"""Files that are not public: uploaded imports today, exports, error reports and proposal
attachments later. One small facility for all of them.

- Where: under ``settings.PRIVATE_ROOT`` (env PRIVATE_ROOT, default ``var/private``), outside
  MEDIA_ROOT, so that /media/ can never serve them. On disk a file is named by a random token
  (``secrets.token_urlsafe``), never by the name it was uploaded with.
- Who may read: the ``PrivateFile`` row says; its owner, and users holding its
  ``readers_permission`` (for an import: administrators, who read the audit log). The one
  view that serves them (``core.views.private_file_download``) checks that, answers 404 to
  anyone else, and sends the file as an attachment with ``X-Content-Type-Options: nosniff``.
- How long: until ``private_file_delete`` (an import's file when the import ends, unless the
  site settings keep import files some days) or until ``expires_at``, after which the daily
  task ``core.purge_private_files`` deletes it.
"""

from __future__ import annotations

import datetime
import secrets
import shutil
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhaoshang.core.models import PrivateFile, User

# An upload nobody finished with (its import never ran or was stopped) is deleted at the
# latest this long after it was stored, whatever the retention says.
UNFINISHED_KEPT = datetime.timedelta(days=7)


def private_path(file: PrivateFile) -> Path:
    return Path(settings.PRIVATE_ROOT) / file.kind / file.token


def private_file_store(
    *,
    kind: str,
    name: str,
    content: IO[bytes],
    owner: User | None,
    readers_permission: str = "",
    expires_at: datetime.datetime | None = None,
) -> PrivateFile:
    """Copy ``content`` into the private folder under a new random token and record it."""
    token = secrets.token_urlsafe(32)
    folder = Path(settings.PRIVATE_ROOT) / kind
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / token
    with target.open("xb") as out:
        shutil.copyfileobj(content, out, 1 << 20)
    target.chmod(0o600)
    try:
        return PrivateFile.objects.create(
            token=token,
            kind=kind,
            name=Path(name).name[:255] or token,
            size=target.stat().st_size,
            owner=owner,
            readers_permission=readers_permission,
            expires_at=expires_at,
        )
    except Exception:
        target.unlink(missing_ok=True)
        raise


def private_file_may_read(file: PrivateFile, user: User | object) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if file.owner_id is not None and file.owner_id == getattr(user, "pk", None):
        return True
    return bool(file.readers_permission) and bool(
        getattr(user, "has_perm", lambda _p: False)(file.readers_permission)
    )


def private_file_delete(*, file: PrivateFile) -> None:
    """Delete the file and its record (the file once the record is gone for good)."""
    path = private_path(file)
    with transaction.atomic():
        PrivateFile.objects.filter(pk=file.pk).delete()
        transaction.on_commit(lambda: path.unlink(missing_ok=True))


def private_file_keep_until(*, file: PrivateFile, until: datetime.datetime) -> None:
    PrivateFile.objects.filter(pk=file.pk).update(expires_at=until)


def private_files_purge_expired(now: datetime.datetime | None = None) -> int:
    """Delete every private file whose time has passed, and what an older version left in
    MEDIA_ROOT/imports (uploads were public there). Returns how many files were deleted."""
    now = now or timezone.now()
    count = 0
    for file in PrivateFile.objects.filter(expires_at__lte=now):
        private_file_delete(file=file)
        count += 1
    legacy = Path(settings.MEDIA_ROOT) / "imports"
    if legacy.is_dir():
        count += sum(1 for p in legacy.rglob("*") if p.is_file())
        shutil.rmtree(legacy, ignore_errors=True)
    return count
