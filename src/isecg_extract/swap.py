"""Replace an output folder as a whole: build the new one beside it, then switch in one step.

An interruption (SIGTERM, ``kill -9``, a full disk) at any moment must leave the old output
or the new one, never new report folders beside an old manifest. So the new output is built
in a hidden sibling folder (``.<name>.isecg-new-<id>``, on the same filesystem), what it does
not replace is carried over from the old one as hard links (no data is copied), and the two
folders are exchanged with ``renameat2(RENAME_EXCHANGE)``, which the kernel does atomically.
Where that call is missing, two renames are used and ``OUT`` is absent (never mixed) for the
instant between them. The builder holds a lock on the sibling folder, so a later run can tell
one left by a run that died (removed at its start) from one being built.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import uuid
from pathlib import Path

from isecg_extract.errors import OutputNotAFile

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks
    fcntl = None  # type: ignore[assignment]

NEW = ".isecg-new-"
OLD = ".isecg-old-"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class Staging:
    """A sibling folder being built into the next ``out``; locked while it is built."""

    def __init__(self, out: Path) -> None:
        self.out = Path(os.path.abspath(out))
        check_folder_target(out)
        self.path = self.out.parent / f".{self.out.name}{NEW}{uuid.uuid4().hex[:8]}"
        self.path.mkdir(parents=True)
        self._fd = os.open(self.path, os.O_RDONLY)
        if fcntl is not None:
            fcntl.flock(self._fd, fcntl.LOCK_EX)

    def carry_over(self, skip: set[str]) -> None:
        """Hard-link into the new folder what the old one holds, but ``skip``."""
        if not self.out.is_dir() or self.out.is_symlink():
            return
        for entry in self.out.iterdir():
            dest = self.path / entry.name
            if entry.name in skip or dest.exists() or dest.is_symlink():
                continue
            if entry.is_symlink():
                dest.symlink_to(os.readlink(entry))
            elif entry.is_dir():
                shutil.copytree(entry, dest, symlinks=True, copy_function=_link_or_copy)
            elif entry.is_file():
                _link_or_copy(entry, dest)

    def switch(self) -> None:
        """Make the built folder ``out`` in one step; remove the old one."""
        try:
            if not self.out.exists() and not self.out.is_symlink():
                os.rename(self.path, self.out)
                return
            if _exchange(self.path, self.out):
                shutil.rmtree(self.path, ignore_errors=True)  # the old output, now here
                return
            old = self.out.parent / f".{self.out.name}{OLD}{uuid.uuid4().hex[:8]}"
            os.rename(self.out, old)
            os.rename(self.path, self.out)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            self.close()

    def abandon(self) -> None:
        self.close()
        shutil.rmtree(self.path, ignore_errors=True)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def check_folder_target(out: Path) -> None:
    """An output folder goes only where a folder is, or nothing: exchanging would put the new
    folder where a file, ``/dev/null`` or the link ``/dev/stdout`` was (it once did)."""
    if os.path.lexists(out) and not os.path.isdir(out):
        raise OutputNotAFile(str(out), f"not a folder (a {_kind(Path(out))}); give a folder")


def _kind(path: Path) -> str:
    import stat

    mode = os.stat(path).st_mode if os.path.exists(path) else os.lstat(path).st_mode
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISLNK(mode):
        return "broken link"
    return "socket" if stat.S_ISSOCK(mode) else "special file"


def clean_stale(out: Path, recover: tuple[str, ...] = ()) -> None:
    """Remove sibling folders that runs which died left; move ``recover`` entries back first
    (a batch moves the cache into the new folder just before the switch)."""
    out = Path(os.path.abspath(out))
    if not out.parent.is_dir():
        return
    for path in out.parent.glob(f".{out.name}.isecg-*"):
        if (
            path.is_symlink()
            or not path.is_dir()
            or not path.name.startswith((f".{out.name}{NEW}", f".{out.name}{OLD}"))
        ):
            continue
        fd = os.open(path, os.O_RDONLY)
        try:
            if fcntl is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    continue  # being built by a live run
            for name in recover:
                if (path / name).is_dir() and not (out / name).exists() and out.is_dir():
                    os.rename(path / name, out / name)
            shutil.rmtree(path, ignore_errors=True)
        finally:
            os.close(fd)


def _link_or_copy(src: str | os.PathLike[str], dest: str | os.PathLike[str]) -> None:
    try:
        os.link(src, dest, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dest, follow_symlinks=False)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system cannot (then nothing was done)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), os.fspath(b))
