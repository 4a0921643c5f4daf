"""Evidence files: checked (size limit, type from the content's magic bytes, not the name),
checksummed (SHA-256) and kept outside the database under settings.CASES_EVIDENCE_DIR as
`<sha256[:2]>/<sha256>`, written once (identical files share one copy).

Allowed types: PDF, JPEG, PNG, WebP, HEIC (phone photos) and MP4/M4A/MP3/OGG (voice notes and
short videos): what a worker abroad has on a phone. Executables, archives, office files with
macros and HTML are refused.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import filetype
from django.conf import settings

from jumush.core.errors import InvalidInput, TooLarge

ALLOWED_TYPES = frozenset(
    {
        "application/pdf",
        "image/jpeg",
        "image/png",
        "image/webp",
        "image/heic",
        "video/mp4",
        "audio/mp4",
        "audio/x-m4a",
        "audio/mpeg",
        "audio/ogg",
    }
)
#: Bytes the type sniffer looks at (filetype reads at most 8 KB).
SNIFF_BYTES = 8192


@dataclass(frozen=True)
class Stored:
    """A stored file: SHA-256 hex, size in bytes, sniffed MIME type, path on disk."""

    sha256: str
    size_bytes: int
    content_type: str
    path: Path


def evidence_dir() -> Path:
    return Path(settings.CASES_EVIDENCE_DIR)


def path_of(sha256: str) -> Path:
    """Where a file with this checksum is kept."""
    return evidence_dir() / sha256[:2] / sha256


def sniff(head: bytes) -> str | None:
    """The MIME type the first bytes say (None when unknown)."""
    kind = filetype.guess(head)
    return None if kind is None else str(kind.mime)


def store(chunks: Iterable[bytes], *, name: str, max_bytes: int | None = None) -> Stored:
    """Write `chunks` to the evidence folder and return where and what it is.

    Raises TooLarge ("evidence.too_large") when the file is over `max_bytes`
    (settings.CASES_EVIDENCE_MAX_BYTES by default), InvalidInput ("evidence.empty") for an
    empty file and ("evidence.type_refused") when its content is not an allowed type, whatever
    its name says. Nothing is left on disk when it is refused.
    """
    limit = settings.CASES_EVIDENCE_MAX_BYTES if max_bytes is None else max_bytes
    folder = evidence_dir()
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    head = b""
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=".upload-")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise TooLarge(
                        f"evidence {name!r}: larger than the limit of {limit} bytes",
                        code="evidence.too_large",
                        field="file",
                        limit=limit,
                    )
                if len(head) < SNIFF_BYTES:
                    head += chunk[: SNIFF_BYTES - len(head)]
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if size == 0:
            raise InvalidInput(
                f"evidence {name!r}: the file is empty", code="evidence.empty", field="file"
            )
        mime = sniff(head)
        if mime not in ALLOWED_TYPES:
            raise InvalidInput(
                f"evidence {name!r}: its content is {mime or 'of an unknown type'}, not one of "
                "PDF, JPEG, PNG, WebP, HEIC, MP4, M4A, MP3 or OGG",
                code="evidence.type_refused",
                field="file",
                sniffed=mime,
            )
        sha = digest.hexdigest()
        final = path_of(sha)
        final.parent.mkdir(parents=True, exist_ok=True)
        if final.exists():
            tmp.unlink()
        else:
            tmp.replace(final)
            final.chmod(0o600)
        return Stored(sha, size, mime, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def read(sha256: str) -> bytes:
    """The file's bytes, checked against its checksum. Raises InvalidInput
    ("evidence.checksum_mismatch") when the bytes on disk no longer match."""
    data = path_of(sha256).read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise InvalidInput(
            f"evidence {sha256[:12]}: the stored file does not match its checksum",
            code="evidence.checksum_mismatch",
        )
    return data
