"""The server's host key (made on the first start) and the client keys it lets in."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Sequence
from pathlib import Path

import asyncssh

from tui.private_files import (
    PRIVATE_FILE,
    RefusedPath,
    check_own,
    create_new,
    kind_of,
    private_directory,
    user_directory,
)

HOST_KEY_NAME = "ssh_host_ed25519_key"
#: A host key file is a few hundred bytes; an authorized keys file a few thousand lines.
MAX_KEY_FILE = 1024 * 1024


class KeyProblem(Exception):
    """A host key or authorized keys file that cannot be used: one line saying why."""


def default_host_key_path() -> Path:
    """``$XDG_DATA_HOME/tui-reader/serve/ssh_host_ed25519_key`` on Linux."""
    import platformdirs

    data = user_directory(lambda: platformdirs.user_data_dir("tui-reader"))
    return data / "serve" / HOST_KEY_NAME


def host_key(path: Path | None) -> tuple[asyncssh.SSHKey, Path, bool]:
    """The host key at ``path`` (``--host-key``), or the default one, made if it is not there
    yet; where it is, and whether it was made now. ``KeyProblem`` when it cannot be used."""
    try:
        if path is not None:
            return _read_private_key(path), path, False
        path = default_host_key_path()
        private_directory(path.parent)
        try:
            return _read_private_key(path), path, False
        except FileNotFoundError:
            return _new_host_key(path), path, True
    except RefusedPath as refused:
        raise KeyProblem(f"host key: {refused}") from None
    except FileNotFoundError:
        raise KeyProblem(f"host key: {path}: no such file") from None
    except OSError as error:
        raise KeyProblem(f"host key: {path}: {error.strerror or error}") from None


def _read_private_key(path: Path) -> asyncssh.SSHKey:
    """A private key file of the user's own that only they can read, as OpenSSH asks of one."""
    with open(path, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise RefusedPath(path, f"is {kind_of(status.st_mode)}, not a key file")
        check_own(path, status)
        if status.st_mode & 0o077:
            mode = stat.filemode(status.st_mode)
            raise RefusedPath(path, f"can be read by others ({mode}): chmod 600 it")
        data = file.read(MAX_KEY_FILE + 1)
    if len(data) > MAX_KEY_FILE:
        raise RefusedPath(path, "is too large to be a key")
    try:
        return asyncssh.import_private_key(data)
    except (asyncssh.KeyImportError, ValueError) as error:
        raise RefusedPath(path, f"is not a private key the server can use ({error})") from None


def _new_host_key(path: Path) -> asyncssh.SSHKey:
    """A new ed25519 key, written whole to a new 0600 file beside ``path`` and linked to its
    name: ``link`` fails if the name exists, so of two servers starting at once one key wins,
    and a half-written key is never under the name."""
    key = asyncssh.generate_private_key("ssh-ed25519")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.new")
    descriptor = create_new(temporary, PRIVATE_FILE)
    try:
        with os.fdopen(descriptor, "wb") as file:
            os.fchmod(file.fileno(), PRIVATE_FILE)
            file.write(key.export_private_key("openssh"))
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            return _read_private_key(path)  # another server made it first
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    return key


def authorized_keys(path: Path) -> asyncssh.SSHAuthorizedKeys:
    """The keys of an OpenSSH ``authorized_keys`` file, with their options."""
    try:
        with open(path, encoding="utf-8") as file:
            text = file.read(MAX_KEY_FILE + 1)
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or error
        raise KeyProblem(f"authorized keys: {path}: {reason}") from None
    if len(text) > MAX_KEY_FILE:
        raise KeyProblem(f"authorized keys: {path}: larger than {MAX_KEY_FILE:,} bytes")
    try:
        keys = asyncssh.import_authorized_keys(text)
    except (asyncssh.KeyImportError, ValueError) as error:
        raise KeyProblem(f"authorized keys: {path}: {error}") from None
    return keys


class RecordingKeys:
    """The authorized keys of one connection, noting the key that matched (for the log).

    asyncssh calls ``validate`` (and ``validate_x509``) on the object given to
    ``SSHServerConnection.set_authorized_keys`` (2.24: ``_validate_client_public_key``); the
    last key it validated is the one that signed, since the signed request is validated again.
    ``tests/test_serve_auth.py`` fails if asyncssh stops calling it so.
    """

    def __init__(self, keys: asyncssh.SSHAuthorizedKeys) -> None:
        self._keys = keys
        self.fingerprint: str | None = None

    def validate(
        self,
        key: asyncssh.SSHKey,
        client_host: str,
        client_addr: str,
        cert_principals: Sequence[str] | None = None,
        ca: bool = False,
    ) -> object:
        options = self._keys.validate(key, client_host, client_addr, cert_principals, ca)
        if options is not None:
            fingerprint = key.get_fingerprint("sha256")
            self.fingerprint = f"certificate by {fingerprint}" if ca else fingerprint
        return options

    def validate_x509(self, cert: object, client_host: str, client_addr: str) -> object:
        return self._keys.validate_x509(cert, client_host, client_addr)  # type: ignore[arg-type]
