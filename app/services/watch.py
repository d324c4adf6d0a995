"""The watched folder (a scanner's drop folder): which files are new and finished writing."""

from __future__ import annotations

from pathlib import Path

from ocr.readers import iter_files


class DropFolder:
    """``poll()`` returns the files that appeared since the last poll and have kept their size
    and time for one whole poll (a scanner still writing a file is left for next time). Each
    file is returned once per session; the ledger skips files it already holds."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        self._pending: dict[Path, tuple[int, int]] = {}
        self._done: set[Path] = set()

    def poll(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        ready = []
        seen = set()
        for path in iter_files([self.folder]):
            if path in self._done:
                continue
            seen.add(path)
            try:
                stat = path.stat()
            except OSError:  # gone again
                continue
            signature = (stat.st_size, stat.st_mtime_ns)
            if stat.st_size and self._pending.get(path) == signature:
                ready.append(path)
                self._done.add(path)
                del self._pending[path]
            else:
                self._pending[path] = signature
        for path in set(self._pending) - seen:
            del self._pending[path]
        return ready
