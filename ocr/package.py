"""The OFD zip, read without trusting it.

An OFD is a zip archive, and a zip can lie: sizes in its headers that are not the sizes of
its data, members that inflate a thousandfold, encryption or compression methods nothing
reads, checksums that do not match. Each member is inflated in chunks against three limits —
its own size, what the whole file may inflate to, and how far it may expand over its
compressed size — and every way the archive can be damaged becomes one
:class:`~ocr.errors.CorruptDocument` (or :class:`~ocr.errors.DocumentTooLarge`) saying what to do.
"""

from __future__ import annotations

import io
import lzma
import zipfile
import zlib
from types import TracebackType

from ocr.errors import CorruptDocument, DocumentTooLarge, UnsupportedFileType

MAX_MEMBER_BYTES = 20 * 1024 * 1024  # no part of an invoice OFD is bigger (its XML is ~20 KB)
MAX_TOTAL_BYTES = 64 * 1024 * 1024  # everything read from one OFD
MAX_RATIO = 200  # deflated XML expands ~5-20×; a member beyond this (and over 1 MB) is a bomb
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 5_000
CHUNK = 256 * 1024

# what zipfile and the decompressors raise for damaged data, methods or encryption
DAMAGE = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)


class OfdPackage:
    """Members by normalised name (no leading ``/``); :meth:`read` inflates within limits."""

    def __init__(self, data: bytes, source: str) -> None:
        self.source = source
        self.inflated = 0
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except DAMAGE as exc:
            raise CorruptDocument(
                f"{source} is a damaged OFD/zip file ({_why(exc)}); download it again"
            ) from exc
        if len(infos) > MAX_MEMBERS:
            raise DocumentTooLarge(
                f"{source} holds {len(infos)} files; an invoice OFD has a few dozen — "
                "check that this is an invoice"
            )
        self.names = {i.filename.lstrip("/"): i.filename for i in infos if not i.is_dir()}
        if "OFD.xml" not in self.names:
            raise UnsupportedFileType(f"{source} is a zip archive, not an OFD; unpack it first")

    def __enter__(self) -> OfdPackage:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.zip.close()

    def read(self, name: str, limit: int = MAX_MEMBER_BYTES) -> bytes | None:
        """The member's bytes, or None when there is no such member."""
        member = self.names.get(name.lstrip("/"))
        if member is None:
            return None
        info = self.zip.getinfo(member)
        if info.flag_bits & 0x1:
            raise CorruptDocument(
                f"{self.source}: {member} is encrypted; invoices are not — download it again"
            )
        if info.file_size > limit:
            raise DocumentTooLarge(
                f"{self.source}: {member} is {info.file_size // 1_048_576} MB; "
                "no part of an invoice is that big — check that this is an invoice"
            )
        out = bytearray()
        try:
            with self.zip.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    out += chunk
                    self.inflated += len(chunk)
                    self._check(member, len(out), info.compress_size, limit)
        except DAMAGE as exc:
            raise CorruptDocument(
                f"{self.source}: {member} is damaged ({_why(exc)}); download the OFD again"
            ) from exc
        return bytes(out)

    def _check(self, member: str, size: int, compressed: int, limit: int) -> None:
        bomb = size > RATIO_FLOOR and size > MAX_RATIO * max(compressed, 1)
        if size > limit or bomb or self.inflated > MAX_TOTAL_BYTES:
            raise DocumentTooLarge(
                f"{self.source}: {member} inflates far beyond its size (a zip bomb, or a "
                "damaged file); it was not read — download the invoice again"
            )


def _why(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "…"
