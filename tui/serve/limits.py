"""What protects a small server: how many sessions, from where, for how long; and the refusals."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

#: Defaults (issue #15): 20 sessions in all, 3 per client address, 15 minutes idle, 4 hours.
MAX_SESSIONS = 20
MAX_PER_ADDRESS = 3
IDLE_TIMEOUT = 15 * 60
MAX_TIME = 4 * 60 * 60
#: Seconds a connection has to log in and open its session (OpenSSH's LoginGraceTime is 120).
LOGIN_TIMEOUT = 30
#: Connections from one address, logged in or not, at most this many times its session cap: a
#: client that opens connections and never a session cannot hold the server's sockets.
CONNECTIONS_PER_SESSION = 2


class Limits(NamedTuple):
    """The limits of one server (``tui-reader serve`` options)."""

    max_sessions: int = MAX_SESSIONS
    max_per_address: int = MAX_PER_ADDRESS
    idle_timeout: float = IDLE_TIMEOUT
    max_time: float = MAX_TIME
    login_timeout: float = LOGIN_TIMEOUT


def counted(number: int, thing: str) -> str:
    """``1 session``, ``20 sessions``."""
    return f"{number} {thing}{'' if number == 1 else 's'}"


def duration(seconds: float) -> str:
    """``15 minutes``, ``4 hours``, ``90 seconds``, ``1.5 seconds``: how a limit is said."""
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = int(seconds // size)
            return counted(count, unit)
    shown = f"{seconds:g}"
    return f"{shown} second{'' if shown == '1' else 's'}"


class Admission:
    """Counts connections and sessions by client address; says why one is refused."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._sessions: Counter[str] = Counter()
        self._connections: Counter[str] = Counter()

    @property
    def sessions(self) -> int:
        return sum(self._sessions.values())

    def connect(self, address: str) -> str | None:
        """Counts a new connection from ``address``; why it is refused (then not counted)."""
        most = self.limits.max_per_address * CONNECTIONS_PER_SESSION
        if self._connections[address] >= most:
            return f"too many connections from your address (at most {most}); try again later"
        self._connections[address] += 1
        return None

    def disconnect(self, address: str) -> None:
        self._connections[address] -= 1
        if self._connections[address] <= 0:
            del self._connections[address]

    def open_session(self, address: str) -> str | None:
        """Counts a new session from ``address``; why it is refused (then not counted)."""
        if self.sessions >= self.limits.max_sessions:
            full = counted(self.limits.max_sessions, "session")
            return f"the server is full ({full}); try again later"
        if self._sessions[address] >= self.limits.max_per_address:
            return (
                "too many sessions from your address"
                f" (at most {self.limits.max_per_address}); close one or try again later"
            )
        self._sessions[address] += 1
        return None

    def close_session(self, address: str) -> None:
        self._sessions[address] -= 1
        if self._sessions[address] <= 0:
            del self._sessions[address]
