"""Files the reader keeps for itself: private directories, never a symlink or another's file.

Pure: the standard library only. State, crash reports and the library cache live in directories
of the user's own with mode 0700, so nobody else can plant a file in them once they are checked.
Anything that is not what the reader would have made itself (a symbolic link, a device, another
user's file or directory) is refused with ``RefusedPath``, whose message names it: it is never
followed, read or replaced.
"""

from __future__ import annotations

import errno
import json
import math
import os
import stat
from collections.abc import Callable
from pathlib import Path

#: Mode of the directories and files the reader keeps for itself.
PRIVATE_DIRECTORY = 0o700
PRIVATE_FILE = 0o600

#: Flags for opening what the reader wrote: the last component is never a symlink, and a FIFO
#: planted in its place cannot block the open (a regular file ignores ``O_NONBLOCK``).
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_DIRECTORY_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
#: A file made new: ``O_EXCL`` fails on anything already there, a dangling symlink included.
_NEW_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISREG, "a file"),
)


class RefusedPath(OSError):
    """A path the reader will not use: ``problem`` says why, ``strerror`` is the whole line."""

    def __init__(self, path: str | os.PathLike[str], problem: str) -> None:
        self.path = os.fspath(path)
        self.problem = problem
        super().__init__(errno.EPERM, f"{self.path} {problem}", self.path)

    def __str__(self) -> str:
        return self.strerror or self.problem


def user_directory(find: Callable[[], str]) -> Path:
    """The directory ``find()`` (a ``platformdirs`` function) names; ``RefusedPath`` when there
    is no home to put it in (``HOME`` unset and no passwd entry, or a relative value)."""
    try:
        found = Path(find())
    except (RuntimeError, KeyError) as error:  # platformdirs cannot tell where home is
        raise RefusedPath("~", f"cannot be found ({error})") from None
    if not found.is_absolute():
        raise RefusedPath(found, "is not an absolute path (set HOME or the XDG variables)")
    return found


def kind_of(mode: int) -> str:
    """``a named pipe``, ``a character device`` ... for what is not a regular file."""
    return next((kind for test, kind in _KINDS if test(mode)), "something else")


def check_own(path: str | os.PathLike[str], status: os.stat_result) -> None:
    """Refuses what another user owns: it could change under the reader, or be read by them."""
    if status.st_uid != os.geteuid():
        raise RefusedPath(path, f"belongs to another user (uid {status.st_uid})")


def private_directory(path: Path, *, create: bool = True) -> None:
    """Makes ``path`` (and missing parents, mode 0700) or checks it: a real directory of the
    user's own, made 0700 if it was looser. ``RefusedPath`` for a symlink, a file, another
    user's directory or a shared one (``/tmp``); ``FileNotFoundError`` when it is missing and
    ``create`` is false."""
    if not path.is_absolute():
        raise RefusedPath(path, "is not an absolute path (set HOME or the XDG variables)")
    if create:
        _make_directories(path)
    try:
        descriptor = os.open(path, _DIRECTORY_FLAGS)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENOTDIR):
            raise _refusal(path, error) from None
        raise
    try:
        status = os.fstat(descriptor)
        check_own(path, status)
        if status.st_mode & stat.S_ISVTX:
            # /tmp and the like: shared by design, never to be made private (even as root).
            raise RefusedPath(path, "is a shared directory (sticky bit set)")
        if stat.S_IMODE(status.st_mode) != PRIVATE_DIRECTORY:
            # Made by an older version (0755), or by hand: only its owner may use it. What
            # was planted in it before is refused file by file.
            os.fchmod(descriptor, PRIVATE_DIRECTORY)
    finally:
        os.close(descriptor)


def _make_directories(path: Path) -> None:
    """``mkdir -p`` with mode 0700 for every directory it makes, as XDG asks."""
    missing: list[Path] = []
    for candidate in (path, *path.parents):
        if os.path.lexists(candidate):
            break
        missing.append(candidate)
    for directory in reversed(missing):
        try:
            os.mkdir(directory, PRIVATE_DIRECTORY)
        except FileExistsError:
            continue  # made meanwhile (another reader starting): checked below like any other


def _refusal(path: str | os.PathLike[str], error: OSError) -> OSError:
    """Why an ``O_NOFOLLOW`` open of ``path`` failed: what is there, when that is the reason
    (a symlink, a file where a directory should be), else the error itself."""
    try:
        status = os.lstat(path)
    except OSError:
        return error  # a parent is missing or not a directory: an ordinary failure
    if stat.S_ISLNK(status.st_mode):
        return RefusedPath(path, "is a symbolic link (not followed)")
    if error.errno == errno.ENOTDIR and not stat.S_ISDIR(status.st_mode):
        return RefusedPath(path, f"is {kind_of(status.st_mode)}, not a directory")
    return error


def create_new(path: Path, mode: int) -> int:
    """A descriptor for writing ``path``, made by this call (``FileExistsError`` when anything,
    a symlink included, is there already) with ``mode`` less the umask."""
    return os.open(path, _NEW_FLAGS, mode)


def read_own_file(path: Path, limit: int) -> bytes:
    """The bytes of a file the reader wrote: a regular file of the user's own, read through no
    symlink, of at most ``limit`` bytes. ``FileNotFoundError`` when there is none;
    ``RefusedPath`` for anything else there."""
    try:
        descriptor = os.open(path, _READ_FLAGS)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise _refusal(path, error) from None
        raise
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise RefusedPath(path, f"is {kind_of(status.st_mode)}, not a regular file")
        check_own(path, status)
        data = file.read(limit + 1)  # bounded even if the file grows while it is read
    if len(data) > limit:
        raise RefusedPath(path, f"is larger than {limit:,} bytes")
    return data


def replaceable(path: Path) -> os.stat_result | None:
    """What is at ``path`` if a new file may be renamed over it (a regular file of the user's
    own), None when nothing is; ``RefusedPath`` for a symlink, device, FIFO, socket, directory
    or another user's file, which the rename would replace."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(status.st_mode):
        raise RefusedPath(path, "is a symbolic link (not followed)")
    if not stat.S_ISREG(status.st_mode):
        raise RefusedPath(path, f"is {kind_of(status.st_mode)}, not a regular file")
    check_own(path, status)
    return status


def load_json(raw: bytes) -> object:
    """JSON as the reader writes it back; ``ValueError`` for anything else: not UTF-8, not
    JSON, nested too deep for the parser, a number of more than 4,300 digits, NaN or Infinity."""
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constant, parse_float=_finite)
    except RecursionError:  # ``[[[[...`` deeper than the interpreter's recursion limit
        raise ValueError("nested too deeply") from None


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number the reader writes")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:20]} is too large")
    return value
