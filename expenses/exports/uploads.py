"""An uploaded backup's life: received (hashed, kept in the database in pieces), imported once, answered.

"The same file" is the same bytes (SHA-256) uploaded by the same person. While one upload of it is being
imported, another is the same import (its progress page); once imported, it is not imported again as long
as the household it made is still the person's: they are told when and as what it was imported, and
taken there. A file whose household was since left or deleted may be imported again.

Small files are imported inside the request; larger ones by a Celery task (`expenses.tasks.
household_import_run`), the page showing its progress. With the embedded defaults tasks run in-process,
so the request itself imports them. Memory stays bounded either way: the file is read in 1 MB pieces.
"""

import datetime as dt
import hashlib
import logging
from typing import BinaryIO

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from homenrich.dispatch import publish
from homenrich.errors import Refused
from households.models import User

from ..models import HouseholdImport, ImportChunk, ImportState
from .backup import ImportRefused, household_import

logger = logging.getLogger(__name__)

CHUNK_BYTES = 1 << 20
INLINE_BYTES = 1 << 20  # up to this size the request imports the file itself
STALE_AFTER = dt.timedelta(minutes=30)  # an import "running" longer than this died with its worker
IMPORT_TASK = "expenses.tasks.household_import_run"
FAILED = "가져오는 중에 문제가 생겼어요. 잠시 뒤 다시 올려 주세요."
NO_WORKER = "지금은 큰 파일을 가져올 수 없어요. 잠시 뒤 다시 올려 주세요."
IN_FLIGHT = (ImportState.QUEUED, ImportState.RUNNING)


class ChunkReader:
    """The stored pieces of one upload as a read-only, rewindable binary file."""

    def __init__(self, upload_id: int):
        self.upload_id = upload_id
        self.seq = 0
        self.pending = b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self.pending) < size:
            piece = (
                ImportChunk.objects.filter(upload_id=self.upload_id, seq=self.seq)
                .values_list("data", flat=True)
                .first()
            )
            if piece is None:
                break
            self.pending += bytes(piece)
            self.seq += 1
        if size < 0:
            size = len(self.pending)
        data, self.pending = self.pending[:size], self.pending[size:]
        return data

    def seek(self, offset: int, whence: int = 0) -> int:
        if offset != 0 or whence != 0:
            raise OSError("ChunkReader only rewinds to the start")
        self.seq, self.pending = 0, b""
        return 0


def _digest(upload: BinaryIO) -> tuple[str, int]:
    upload.seek(0)
    digest, size = hashlib.sha256(), 0
    while piece := upload.read(CHUNK_BYTES):
        digest.update(piece)
        size += len(piece)
    return digest.hexdigest(), size


def import_already_done(*, user: User, sha256: str) -> HouseholdImport | None:
    """The earlier import of these bytes by this person whose household is still theirs."""
    return (
        HouseholdImport.objects.filter(
            user=user,
            sha256=sha256,
            state=ImportState.DONE,
            household__memberships__user=user,
            household__memberships__left_at__isnull=True,
        )
        .select_related("household")
        .order_by("-created_at")
        .first()
    )


def import_receive(*, user: User, upload: BinaryIO, file_name: str = "") -> tuple[HouseholdImport, str]:
    """Keeps the upload for its import: (record, "new" | "in_flight" | "already")."""
    sha256, size = _digest(upload)
    done = import_already_done(user=user, sha256=sha256)
    if done is not None:
        return done, "already"
    stale = timezone.now() - STALE_AFTER
    HouseholdImport.objects.filter(user=user, sha256=sha256, state__in=IN_FLIGHT, created_at__lt=stale).update(
        state=ImportState.FAILED, problems=[FAILED], finished_at=timezone.now()
    )
    try:
        with transaction.atomic():
            record = HouseholdImport.objects.create(
                user=user, sha256=sha256, size_bytes=size, file_name=file_name[:200]
            )
            upload.seek(0)
            seq = 0
            while piece := upload.read(CHUNK_BYTES):
                ImportChunk.objects.create(upload=record, seq=seq, data=piece)
                seq += 1
    except IntegrityError:  # the same file is already on its way (import_once_in_flight)
        running = HouseholdImport.objects.filter(user=user, sha256=sha256, state__in=IN_FLIGHT).first()
        if running is None:
            raise
        return running, "in_flight"
    return record, "new"


def import_start(*, record: HouseholdImport) -> HouseholdImport:
    """Imports a small file now, hands a larger one to a worker; returns the record as it stands."""
    if record.size_bytes <= INLINE_BYTES:
        import_run(upload_id=record.pk)
    elif not publish(IMPORT_TASK, (record.pk,)):
        _finish(record.pk, problems=[NO_WORKER])
    record.refresh_from_db()
    return record


def import_run(*, upload_id: int) -> None:
    """Runs one queued import to its end (the task's body): safe to call twice, the second does nothing."""
    if not HouseholdImport.objects.filter(pk=upload_id, state=ImportState.QUEUED).update(state=ImportState.RUNNING):
        return
    record = HouseholdImport.objects.select_related("user").get(pk=upload_id)

    def progress(phase: str, done: int) -> None:
        progress_set(upload_id=upload_id, phase=phase, done=done, size=record.size_bytes)

    try:
        imported = household_import(user=record.user, source=ChunkReader(upload_id), progress=progress)
    except ImportRefused as refusal:
        _finish(upload_id, problems=refusal.problems)
    except Refused as refusal:
        _finish(upload_id, problems=[str(refusal)])
    except Exception:
        logger.exception("import %s failed", upload_id)
        _finish(upload_id, problems=[FAILED])
    else:
        _finish(upload_id, household_id=imported.household.pk, notes=imported.notes)


def _finish(upload_id: int, *, problems=None, household_id=None, notes=None) -> None:
    HouseholdImport.objects.filter(pk=upload_id).update(
        state=ImportState.FAILED if problems else ImportState.DONE,
        problems=problems or [],
        household_id=household_id,
        notes=notes or [],
        finished_at=timezone.now(),
    )
    ImportChunk.objects.filter(upload_id=upload_id).delete()
    cache.delete(_progress_key(upload_id))


def _progress_key(upload_id: int) -> str:
    return f"import-progress:{upload_id}"


def progress_set(*, upload_id: int, phase: str, done: int, size: int) -> None:
    """Half the bar for checking the file, half for writing it."""
    share = min(1.0, done / size) if size else 1.0
    percent = int(share * 50) + (50 if phase == "write" else 0)
    cache.set(_progress_key(upload_id), {"phase": phase, "percent": min(percent, 99)}, 3600)


def import_status(*, record: HouseholdImport) -> dict:
    """What the progress page shows: state, percent, and whether it has stalled (its worker died)."""
    if record.state == ImportState.DONE:
        return {"state": "done", "percent": 100}
    if record.state == ImportState.FAILED:
        return {"state": "failed", "percent": 0}
    if record.created_at < timezone.now() - STALE_AFTER:
        return {"state": "failed", "percent": 0, "stalled": True}
    progress = cache.get(_progress_key(record.pk)) or {"phase": "check", "percent": 0}
    return {"state": record.state, **progress}
