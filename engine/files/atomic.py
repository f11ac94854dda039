"""Write files so that a reader sees the old content or the new, never half of it.

`write_bytes` writes to a temporary file beside the target, ``.NAME.PID.XXXXXXXX.tmp``
(hidden; PID is the writing process, X random hex), flushes it to the disk (fsync)
and renames it over NAME: a rename replaces a file in one step.  An exception or
Ctrl-C removes the temporary file.  A SIGKILL, or a power cut, cannot: then NAME
still holds the old content (or the new, if the rename was done) and the temporary
file stays beside it, harmless.  `remove_leftovers` removes such leftovers: the
command line on its next write of NAME (those of writers that have ended), `tradeoff
batch` in its output folder when it starts.

A symlink is followed (the file it points to is replaced, the link stays), and a
target that is not a regular file (``/dev/null``, a named pipe, a terminal) is written
straight into: renaming over it would replace the device or the pipe itself.  A name
for one of this process's open descriptors (``/dev/stdout``, ``/dev/fd/N``,
``/proc/self/fd/N``) is written into that descriptor, whatever it is open on: a pipe,
a terminal, or the file a shell opened (``>> log`` appends, as the shell asked;
replacing the file would lose what it held).

A file that is replaced keeps its permissions, and its owner and group where the
process may set them (``chown``: root, or a group the user is in).  The rename gives
the name a new inode: another hard link to the old file keeps the old content.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

#: The name of a temporary file: ``.NAME.PID.XXXXXXXX.tmp``.
PARTIAL = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[0-9a-f]{8}\.tmp$", re.S)
#: Characters of NAME kept in the temporary file's name (a name's limit is 255 bytes).
KEEP = 120


def write_text(path: str | os.PathLike[str], text: str, *, tidy: bool = False) -> None:
    """Write `text` (UTF-8) atomically to `path` (see `write_bytes`)."""
    write_bytes(path, text.encode("utf-8"), tidy=tidy)


def write_bytes(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    tidy: bool = False,
    terminal: Callable[[], bytes] | None = None,
) -> None:
    """Write `data` to a temporary file beside `path`, flush it, then rename it over.

    A new file gets the usual permissions (0666 less the umask), a replaced one keeps
    its own, and its owner and group where the process may set them.  A device, a
    pipe or an open descriptor is written straight into (see the module); `terminal`
    gives what to write instead when that is a terminal.  `tidy`: afterwards, also
    remove the leftovers of earlier writes of `path` whose process has ended (see
    `remove_leftovers`).  An `OSError` names `path`, not the temporary file.
    """
    written, info = _written_into(path, data, terminal)
    if written:
        return
    with _replacing(path, info, tidy=tidy) as handle:
        handle.write(data)


def _written_into(
    path: str | os.PathLike[str], data: bytes, terminal: Callable[[], bytes] | None
) -> tuple[bool, os.stat_result | None]:
    """Write `data` straight into `path` where it names an open descriptor, a device or
    a pipe (True); otherwise (False) the stat of the file to replace, None if there is
    none yet."""
    descriptor = own_descriptor(path)
    if descriptor is not None:
        _write_descriptor(descriptor, data, path, terminal)
        return True, None
    try:
        info: os.stat_result | None = os.stat(path)  # follows every link, /proc's too
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise _about(error, path) from error
    if info is not None and not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        _write_into(path, data, terminal)  # a device or a pipe: there is nothing to replace
        return True, None
    return False, info


class Group:
    """Files written together and flushed to the disk once, for many small files (a
    batch's results): each lands whole by a rename, as with `write_bytes`, but only
    after one flush of the filesystem that holds them all (``syncfs``, where the system
    has it; else each file is flushed as it is written).  Until `commit`, every target
    keeps its old content; a group left without one (an exception, Ctrl-C) removes its
    temporary files.

        with Group() as group:
            group.add("out/a.json", data)   # an OSError names "out/a.json"
            failed = group.commit()         # {path: OSError} of renames that failed
    """

    def __init__(self) -> None:
        self._pending: list[tuple[str | os.PathLike[str], Path, Path]] = []

    def add(self, path: str | os.PathLike[str], data: bytes) -> None:
        """Write `data` to a temporary file beside `path` (a descriptor, a device or a
        pipe is written into at once)."""
        written, info = _written_into(path, data, None)
        if written:
            return
        flush = _filesystem_flush() is None
        with _temporary(path, info) as (handle, tmp, target):
            handle.write(data)
            if flush:
                handle.flush()
                os.fsync(handle.fileno())
        self._pending.append((path, tmp, target))

    def commit(self) -> dict[str | os.PathLike[str], OSError]:
        """Flush what was added to the disk, then rename each file over its target;
        the renames that failed, by path (a flush that failed fails them all)."""
        failed: dict[str | os.PathLike[str], OSError] = {}
        flush = _filesystem_flush()
        if flush is not None:
            for folder in dict.fromkeys(target.parent for _, _, target in self._pending):
                try:
                    flush(folder)  # an interrupt here leaves every file pending: `discard`
                except OSError as error:
                    for path, _, _ in self._pending:
                        failed[path] = _about(error, path)
                    self.discard()
                    return failed
        while self._pending:
            path, tmp, target = self._pending[0]
            try:
                os.replace(tmp, target)
            except OSError as error:
                tmp.unlink(missing_ok=True)
                failed[path] = _about(error, path)
            del self._pending[0]
        return failed

    def discard(self) -> None:
        """Remove the temporary files of what was added and not committed."""
        pending, self._pending = self._pending, []
        for _, tmp, _ in pending:
            tmp.unlink(missing_ok=True)

    def __enter__(self) -> Group:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()


def _kernel() -> tuple[int, ...]:
    """The Linux kernel's version, (major, minor); (0,) when it cannot be read."""
    try:
        return tuple(int(part) for part in os.uname().release.split("-")[0].split(".")[:2])
    except (AttributeError, ValueError):
        return (0,)


@functools.lru_cache(maxsize=1)
def _filesystem_flush() -> Callable[[Path], None] | None:
    """Linux's ``syncfs``: one call that flushes a whole filesystem to the disk, in the
    time of a few ``fsync`` calls (bench/batch_speed.py); None where the C library has
    none, or the kernel is older than 5.8 (its syncfs did not report a failed write).
    Looked up once: a constant of the system, not state."""
    if not sys.platform.startswith("linux") or _kernel() < (5, 8):  # before 5.8 it hid write errors
        return None
    import ctypes  # only here: most commands never write a group

    try:
        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None

    def flush(folder: Path) -> None:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            if syncfs(fd) != 0:
                code = ctypes.get_errno()
                raise OSError(code, os.strerror(code), os.fspath(folder))
        finally:
            os.close(fd)

    return flush


@contextlib.contextmanager
def writing(path: str | os.PathLike[str], *, tidy: bool = False) -> Iterator[BinaryIO]:
    """`write_bytes` for data written a piece at a time (errors of a long run as they
    are found): the file appears whole when the block ends, and not at all when it
    raises (Ctrl-C included); a device, a pipe or an open descriptor is written into
    as the pieces come."""
    descriptor = own_descriptor(path)
    if descriptor is not None:
        with os.fdopen(os.dup(descriptor), "wb") as handle:
            yield handle
        return
    try:
        info: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise _about(error, path) from error
    if info is not None and not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        try:
            with open(path, "wb") as handle:
                yield handle
        except OSError as error:
            raise _about(error, path) from error
        return
    with _replacing(path, info, tidy=tidy) as handle:
        yield handle


@contextlib.contextmanager
def _replacing(path: str | os.PathLike[str], info: os.stat_result | None, *, tidy: bool) -> Iterator[BinaryIO]:
    """A temporary file beside `path` to write into, flushed and renamed over it at the end."""
    with _temporary(path, info) as (handle, tmp, target):
        yield handle
        handle.flush()
        os.fsync(handle.fileno())
    try:
        os.replace(tmp, target)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise _about(error, path) from error
    if tidy:
        remove_leftovers(target.parent, target.name)


@contextlib.contextmanager
def _temporary(path: str | os.PathLike[str], info: os.stat_result | None) -> Iterator[tuple[BinaryIO, Path, Path]]:
    """A new temporary file beside `path` (beside the file a symlink points to), with
    the old file's mode and owner: its handle, its name and the target.  Closed at the
    end of the block; removed if the block raises (an `OSError` then names `path`)."""
    target = Path(path)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    try:
        fd, tmp = _create_beside(target)
    except OSError as error:
        raise _about(error, path) from error
    try:
        with os.fdopen(fd, "wb") as handle:
            if info is not None:
                _keep_owner(handle.fileno(), info)  # before the mode: chown clears set-id bits
                os.fchmod(handle.fileno(), stat.S_IMODE(info.st_mode))
            yield handle, tmp, target
    except BaseException as error:
        tmp.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _about(error, path) from error
        raise


#: A name of an open descriptor: ``/dev/fd/N``, ``/proc/self/fd/N`` (or this process's
#: own number, or ``thread-self``).
_DESCRIPTOR = re.compile(r"^/(?:dev/fd|proc/(?:self|thread-self|(?P<pid>\d+))(?:/task/\d+)?/fd)/(?P<fd>\d+)$")


def own_descriptor(path: str | os.PathLike[str]) -> int | None:
    """The descriptor of this process that `path` names, directly or through symlinks
    (``/dev/stdout`` -> ``/proc/self/fd/1``), or None.

    Opening such a name opens the file anew (on Linux: truncated, at offset 0), and a
    rename would replace the file the shell opened: writing into the descriptor keeps
    the shell's redirection (``>>`` appends)."""
    try:
        name = os.path.abspath(os.fsdecode(path))
    except (TypeError, ValueError):
        return None
    for _ in range(40):  # as many links as the kernel follows
        match = _DESCRIPTOR.match(name)
        if match is not None:
            if match.group("pid") is not None and int(match.group("pid")) != os.getpid():
                return None  # another process's: opened like any other name
            return int(match.group("fd"))
        try:
            link = os.readlink(name)
        except OSError:  # not a link (or gone): an ordinary name
            return None
        name = os.path.normpath(os.path.join(os.path.dirname(name), link))
    return None


def writes_into(path: str | os.PathLike[str]) -> bool:
    """Whether `write_bytes` writes into `path` rather than replacing a file: an open
    descriptor of this process, a device or a pipe (through symlinks)."""
    if own_descriptor(path) is not None:
        return True
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _keep_owner(fd: int, old: os.stat_result) -> None:
    """Give the new file the old one's owner and group, as far as this process may."""
    if not hasattr(os, "fchown"):
        return
    mine = os.fstat(fd)
    if (mine.st_uid, mine.st_gid) == (old.st_uid, old.st_gid):
        return
    try:
        os.fchown(fd, old.st_uid, old.st_gid)
    except PermissionError:
        try:  # not root: a user may still give a file a group they are in
            os.fchown(fd, -1, old.st_gid)
        except PermissionError:
            pass


def _write_descriptor(
    fd: int, data: bytes, shown: str | os.PathLike[str], terminal: Callable[[], bytes] | None
) -> None:
    try:
        if terminal is not None and os.isatty(fd):
            data = terminal()
        view = memoryview(data)
        while view:  # a pipe may take part of it at a time
            view = view[os.write(fd, view) :]
    except OSError as error:
        raise _about(error, shown) from error


def _create_beside(target: Path) -> tuple[int, Path]:
    """A new temporary file in `target`'s folder; created with mode 0666, so that the
    umask applies as for any new file."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        tmp = target.parent / f".{target.name[:KEEP]}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {target}")


def _write_into(path: str | os.PathLike[str], data: bytes, terminal: Callable[[], bytes] | None) -> None:
    """Open `path` itself (not its resolved name: a /proc link to a pipe has none) and write."""
    try:
        with open(path, "wb") as handle:
            if terminal is not None and handle.isatty():
                data = terminal()
            handle.write(data)
    except OSError as error:
        raise _about(error, path) from error


def _about(error: OSError, path: str | os.PathLike[str]) -> OSError:
    """`error` as if about `path`: the user's name, not a temporary file's."""
    if error.errno is None:
        return error
    return OSError(error.errno, error.strerror or os.strerror(error.errno), os.fspath(path))


def remove_leftovers(folder: str | os.PathLike[str], name: str | None = None, *, ended_only: bool = True) -> None:
    """Remove the temporary files that interrupted writes left in `folder`.

    Only files named as `write_bytes` names them (``.NAME.PID.XXXXXXXX.tmp``), and only
    those of file `name` when it is given.  With `ended_only` (the default), only those
    whose writing process has ended: another process may be writing the others right
    now (on systems that cannot tell, none is removed).
    """
    if ended_only and os.name != "posix":
        return
    try:
        entries = [entry.name for entry in os.scandir(folder)]
    except OSError:
        return
    for entry in entries:
        match = PARTIAL.match(entry)
        if match is None or (name is not None and match.group("name") != name[:KEEP]):
            continue
        if ended_only and _running(int(match.group("pid"))):
            continue
        try:
            os.unlink(os.path.join(folder, entry))
        except OSError:
            pass  # gone already, or not ours to remove


def _running(pid: int) -> bool:
    if pid == os.getpid() or pid <= 0:
        return True  # another thread of this process may be writing it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # it exists (another user's), or cannot be asked about: keep it
    return True
