"""The SSH server (asyncssh): connections, what they may ask for, and the log.

Everything but one shell session with a pty per connection is refused at the protocol level:
commands, subsystems (sftp, scp), every kind of port forwarding, agent and X11 forwarding, a
second session. The limits (``tui.serve.limits``) are counted here; each refusal is one line
the client sees. One log line per connection and per session end goes to standard error.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import sys
import time
from pathlib import Path

import asyncssh

from tui.model.inert import inert
from tui.serve.child import package_root
from tui.serve.keys import RecordingKeys
from tui.serve.limits import Admission, Limits, duration
from tui.serve.session import ReaderSession
from tui.serve.zygote import Zygote
from tui.terminal_lines import print_line

#: Client user names and terminal types are quoted in the log up to this many characters.
MAX_QUOTED = 64
#: The receive window of a session: what a client may send before the server reads it.
WINDOW = 128 * 1024
#: A client that answers no keepalive for this long (3 tries) is gone.
KEEPALIVE_INTERVAL = 30
#: On stop: how long the readers have to be reaped after they are killed.
STOP_GRACE = 5.0
#: How long a session's last words may take to reach the client before the connection is
#: dropped: a client that reads nothing would otherwise hold it half-closed for ever.
CLOSE_GRACE = 5.0
#: A connection refused (too many from its address) has this long to hear why.
REFUSED_GRACE = 10.0


class ReaderServer:
    """The content, limits and sessions of one ``tui-reader serve``, and its log."""

    def __init__(
        self,
        content: Path,
        limits: Limits,
        runtime: Path,
        keys: asyncssh.SSHAuthorizedKeys | None,
    ) -> None:
        self.content = content
        self.limits = limits
        #: Where each session's reader gets a home of its own (removed when it ends).
        self.runtime = runtime
        self.keys = keys
        self.admission = Admission(limits)
        self.sessions: set[ReaderSession] = set()
        self.connections: set[ConnectionHandler] = set()
        self.stopping = False
        self._opened = 0
        #: Forks each session's reader when it is up (``tui.serve.zygote``).
        self.zygote = Zygote(self.log)

    def log(self, line: str) -> None:
        stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        with contextlib.suppress(OSError, ValueError):
            print_line(sys.stderr, f"{stamp} {line}")

    def next_session_number(self) -> int:
        self._opened += 1
        return self._opened

    def log_session_end(self, session: ReaderSession) -> None:
        client = session.connection
        self.log(
            f"session {session.id} ended: {client.address} {client.who}, {session.terminal},"
            f" {session.seconds:.1f} s, {session.how_it_ended}"
        )

    async def listen(self, host: str, port: int, host_key: asyncssh.SSHKey) -> asyncssh.SSHAcceptor:
        """Starts the warm reader (sessions before it is up get a reader of their own), then
        listens."""
        self.zygote.start(asyncio.get_running_loop(), package_root())
        try:
            return await asyncssh.create_server(
                lambda: ConnectionHandler(self),
                host,
                port,
                server_host_keys=[host_key],
                # No ~/.ssh/authorized_keys, no sshd_config of the server user's: what is given.
                config=None,
                authorized_client_keys=None,
                password_auth=False,
                kbdint_auth=False,
                gss_auth=False,
                gss_kex=False,
                host_based_auth=False,
                agent_forwarding=False,
                x11_forwarding=False,
                line_editor=False,
                encoding=None,
                allow_scp=False,
                window=WINDOW,
                login_timeout=self.limits.login_timeout,
                keepalive_interval=KEEPALIVE_INTERVAL,
                keepalive_count_max=3,
                server_version="tui-reader",
            )
        except BaseException:
            self.zygote.stop()
            raise

    async def stop(self) -> None:
        """Tells every session, ends it, kills and reaps every reader, drops the connections."""
        self.stopping = True
        for session in list(self.sessions):
            session.end("the server is stopping; goodbye", "server stopped")
        deadline = time.monotonic() + STOP_GRACE
        while self.sessions and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        for connection in list(self.connections):
            connection.close("the server is stopping")
        self.zygote.stop()
        await asyncio.sleep(0)


class ConnectionHandler(asyncssh.SSHServer):
    """One client connection: who it is, what it may open, and its line in the log."""

    def __init__(self, server: ReaderServer) -> None:
        self.server = server
        self.address = "?"
        self.port = 0
        self.user: str | None = None
        self.session: ReaderSession | None = None
        self._connection: asyncssh.SSHServerConnection | None = None
        self._keys: RecordingKeys | None = None
        self._opened = time.monotonic()
        self._counted = False
        self._refused: list[str] = []
        self._ended: str | None = None
        self._no_session: asyncio.TimerHandle | None = None
        self._drop: asyncio.TimerHandle | None = None
        self._refusal: str | None = None

    # --- Connection -----------------------------------------------------------------------

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._connection = conn
        peer = conn.get_extra_info("peername") or ("?", 0)
        self.address, self.port = str(peer[0]), int(peer[1])
        refusal = "the server is stopping" if self.server.stopping else None
        self._refusal = refusal or self.server.admission.connect(self.address)
        loop = asyncio.get_running_loop()
        if self._refusal is not None:
            # Said once the keys are exchanged (``begin_auth``): a disconnect before that
            # reaches the client as a garbled banner. Not counted; gone soon in any case.
            self._ended = f"refused: {self._refusal}"
            self._no_session = loop.call_later(REFUSED_GRACE, self.drop)
            return
        self._counted = True
        self.server.connections.add(self)
        timeout = self.server.limits.login_timeout
        self._no_session = loop.call_later(
            timeout, self.close, f"no session opened within {duration(timeout)}"
        )

    def connection_lost(self, exc: Exception | None) -> None:
        for timer in (self._no_session, self._drop):
            if timer is not None:
                timer.cancel()
        if self.session is not None:
            self.session.connection_lost(exc)
        if self._ended is None:
            self._ended = _how_it_ended(exc)
        self.server.log(
            f"connection {self.address} port {self.port} ended: {self.who},"
            f" {time.monotonic() - self._opened:.1f} s, {self._ended}"
            + "".join(f"; refused {what}" for what in self._refused)
        )
        if self._counted:
            self._counted = False
            self.server.admission.disconnect(self.address)
            self.server.connections.discard(self)

    def close(self, reason: str) -> None:
        """Disconnects with ``reason``, which the client prints."""
        if self._ended is None:
            self._ended = reason
        if self._connection is not None:
            self._connection.disconnect(asyncssh.DISC_BY_APPLICATION, f"tui-reader: {reason}")

    def drop(self) -> None:
        """Closes at once, sending nothing more: the client takes nothing."""
        if self._connection is not None:
            self._connection.abort()

    def drop_soon(self) -> None:
        """The session has ended: the connection goes within ``CLOSE_GRACE``, read or not."""
        if self._drop is None:
            self._drop = asyncio.get_running_loop().call_later(CLOSE_GRACE, self.drop)

    @property
    def who(self) -> str:
        user = inert(self.user, MAX_QUOTED) if self.user is not None else "(no user)"
        key = self._keys.fingerprint if self._keys is not None else None
        return f"user {user!r} {'key ' + key if key else 'anonymous'}"

    # --- Authentication -------------------------------------------------------------------

    def begin_auth(self, username: str) -> bool:
        self.user = username
        if self._refusal is not None:
            assert self._connection is not None
            code = asyncssh.DISC_TOO_MANY_CONNECTIONS
            self._connection.disconnect(code, f"tui-reader: {self._refusal}")
            return True
        if self.server.keys is None:
            return False  # a public reading room: anyone, with any user name
        assert self._connection is not None
        self._keys = RecordingKeys(self.server.keys)
        self._connection.set_authorized_keys(self._keys)  # type: ignore[arg-type]
        return True

    def public_key_auth_supported(self) -> bool:
        return self.server.keys is not None

    def key_restricted(self, permission: str) -> bool:
        """OpenSSH's ``restrict`` option in the client's authorized key, without ``permission``
        to lift it (``restrict,pty``): asyncssh honours each ``no-*`` option, not this one."""
        conn = self._connection
        if conn is None or self._keys is None:
            return False
        return bool(conn.get_key_option("restrict")) and not conn.get_key_option(permission)

    # --- What the client may open ---------------------------------------------------------

    def session_requested(self) -> ReaderSession:
        if self.session is not None:
            self.refused_request("a second session")
            raise asyncssh.ChannelOpenError(
                asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED, "one session per connection"
            )
        if self._connection is not None and self._connection.get_key_option("command"):
            self.refused_request("a session for a key with a forced command")
            raise asyncssh.ChannelOpenError(
                asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED,
                "this key has a forced command; the server only shows the reader",
            )
        self.session = ReaderSession(self, self.server.next_session_number())
        return self.session

    def session_opened(self) -> None:
        if self._no_session is not None:
            self._no_session.cancel()
            self._no_session = None

    def refused_session(self, why: str) -> None:
        self._ended = why

    def refused_request(self, what: str) -> None:
        self._refused.append(what)

    def connection_requested(self, dest_host: str, dest_port: int, orig_host: str, orig_port: int):
        self.refused_request("port forwarding (-L, -D, -W)")
        raise asyncssh.ChannelOpenError(
            asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED, "port forwarding is not offered"
        )

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        self.refused_request("remote port forwarding (-R)")
        return False

    def unix_connection_requested(self, dest_path: str):
        self.refused_request("socket forwarding")
        raise asyncssh.ChannelOpenError(
            asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED, "socket forwarding is not offered"
        )

    def unix_server_requested(self, listen_path: str) -> bool:
        self.refused_request("remote socket forwarding")
        return False


def _how_it_ended(exc: Exception | None) -> str:
    if exc is None or isinstance(exc, asyncssh.ConnectionLost):
        return "closed by the client"
    if isinstance(exc, asyncssh.DisconnectError):
        return f"disconnected: {inert(exc.reason, MAX_QUOTED)}"
    return f"lost: {inert(str(exc), MAX_QUOTED)}"
