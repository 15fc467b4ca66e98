"""What an import wrote under ``data/``, kept so that it can be put back if the build fails.

``innograph import`` records a file (the manifest entry, the copied file, its mapping and review
report) and then builds; a build that refuses the import (a SHACL violation, say) must leave
``data/`` as it was, or every later build would fail on it. ``Rollback.keep(path)`` remembers a
path before it is written — a file's bytes, that it was absent, or an existing directory moved
aside —, ``restore()`` puts everything back and ``commit()`` forgets it.

>>> import tempfile
>>> d = Path(tempfile.mkdtemp())
>>> (d / "imports.yaml").write_text("old")
3
>>> r = Rollback(); r.keep(d / "imports.yaml"); r.keep(d / "new.csv")
>>> _ = (d / "imports.yaml").write_text("new"), (d / "new.csv").write_text("x")
>>> r.restore(); (d / "imports.yaml").read_text(), (d / "new.csv").exists()
('old', False)
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

__all__ = ["Rollback", "remove_path"]


class Rollback:
    """Paths as they were before an import wrote them."""

    def __init__(self) -> None:
        self._files: dict[Path, bytes | None] = {}  # None: the path did not exist
        self._moved: dict[Path, Path] = {}  # an existing directory → where it waits
        self._aside: Path | None = None

    def keep(self, path: Path) -> None:
        """Remember ``path`` as it is now (the first call for a path counts)."""
        if path in self._files or path in self._moved:
            return
        if path.is_dir():
            if self._aside is None:
                self._aside = Path(tempfile.mkdtemp(prefix="innograph-import-"))
            waiting = self._aside / str(len(self._moved))
            shutil.copytree(path, waiting)
            self._moved[path] = waiting
        else:
            self._files[path] = path.read_bytes() if path.is_file() else None

    def restore(self) -> None:
        """Put every kept path back as it was."""
        for path, data in self._files.items():
            remove_path(path)
            if data is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
        for path, waiting in self._moved.items():
            remove_path(path)
            shutil.copytree(waiting, path)
        self.commit()

    def commit(self) -> None:
        """Keep what was written; forget the old state."""
        if self._aside is not None:
            shutil.rmtree(self._aside, ignore_errors=True)
        self._files, self._moved, self._aside = {}, {}, None


def remove_path(path: Path) -> None:
    """Remove the file, link or directory tree at ``path`` (nothing when there is none)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
