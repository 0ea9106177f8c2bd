"""``tui-reader serve``: its options, the checks before it listens, and its run until a signal."""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from tui.serve import limits
from tui.terminal_lines import print_line

#: Exit statuses: stopped by a signal (cleanly), could not listen, a bad option or file.
EXIT_STOPPED = 0
EXIT_CANNOT_LISTEN = 1
EXIT_INVALID = 2
DEFAULT_LISTEN = "127.0.0.1:2222"
SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


def _listen_address(value: str) -> tuple[str, int]:
    """``HOST:PORT``: ``127.0.0.1:2222``, ``0.0.0.0:22``, ``[::]:2222``; port 0 picks a free one."""
    host, colon, port = value.rpartition(":")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not colon or not host or not port.isdigit() or int(port) > 65535:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT (such as {DEFAULT_LISTEN})")
    return host, int(port)


def _count(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return int(value)


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {value!r}") from None
    if not 0 < seconds <= 366 * 86400:
        raise argparse.ArgumentTypeError("expected more than 0 seconds and at most a year")
    return seconds


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Serve the reader over SSH: each client gets the library or the article on its own"
        " terminal, and nothing else (no shell, no commands, no file transfer, no forwarding)."
    )
    parser.add_argument(
        "path",
        nargs="?",
        metavar="PATH",
        help="a directory of articles (the library) or one article; default: the bundled one",
    )
    parser.add_argument(
        "--listen",
        type=_listen_address,
        default=_listen_address(DEFAULT_LISTEN),
        metavar="HOST:PORT",
        help=f"where to listen (default {DEFAULT_LISTEN}; 0.0.0.0:PORT for every address)",
    )
    parser.add_argument(
        "--host-key",
        type=Path,
        metavar="FILE",
        help="the server's private key (default: an ed25519 key made on the first start in"
        " the user's data directory)",
    )
    parser.add_argument(
        "--authorized-keys",
        type=Path,
        metavar="FILE",
        help="let in only these keys (OpenSSH authorized_keys format, no-* options honoured);"
        " default: anyone, with any user name",
    )
    numbers = (
        ("--max-sessions", _count, "N", limits.MAX_SESSIONS, "sessions at once, in all"),
        ("--max-per-ip", _count, "N", limits.MAX_PER_ADDRESS, "sessions at once per address"),
        (
            "--idle-timeout",
            _seconds,
            "SECONDS",
            limits.IDLE_TIMEOUT,
            "end a session after this long without a key from the client",
        ),
        ("--max-time", _seconds, "SECONDS", limits.MAX_TIME, "end a session after this long"),
        (
            "--login-timeout",
            _seconds,
            "SECONDS",
            limits.LOGIN_TIMEOUT,
            "drop a connection that has not opened its session after this long",
        ),
    )
    for option, kind, metavar, default, text in numbers:
        parser.add_argument(
            option, type=kind, default=default, metavar=metavar, help=f"{text} (default {default})"
        )


def run(args: argparse.Namespace) -> int:
    """Checks the content and keys, listens, serves until SIGTERM, SIGINT or SIGHUP."""
    from tui.serve.keys import KeyProblem, authorized_keys, host_key

    content = _content(args.path)
    if content is None:
        return EXIT_INVALID
    try:
        key, key_path, made = host_key(args.host_key)
        keys = authorized_keys(args.authorized_keys) if args.authorized_keys else None
    except KeyProblem as problem:
        say(str(problem))
        return EXIT_INVALID
    said = "made" if made else "from"
    say(f"host key {key.get_fingerprint('sha256')} ({said} {key_path})")
    chosen = limits.Limits(
        max_sessions=args.max_sessions,
        max_per_address=args.max_per_ip,
        idle_timeout=args.idle_timeout,
        max_time=args.max_time,
        login_timeout=args.login_timeout,
    )
    runtime = Path(tempfile.mkdtemp(prefix="tui-reader-serve-"))
    try:
        return asyncio.run(_serve(content, chosen, runtime, key, keys, args.listen))
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


def say(line: str) -> None:
    print_line(sys.stderr, f"tui-reader serve: {line}")


def _content(path: str | None) -> Path | None:
    """The library directory or the article, checked before any client comes; None (and the
    problems said) when it cannot be served."""
    from tui.content_paths import default_article_path
    from tui.model.errors import ContentInvalid

    content = Path(os.path.abspath(path)) if path is not None else default_article_path()
    if content.is_dir():
        from tui.content_walk import ContentWalk

        if next(iter(ContentWalk(content)), None) is None:
            say(f"{content}: no .yaml or .yml files in this directory")
            return None
        return content
    from tui.model.loader import load_article

    try:
        load_article(content)
    except ContentInvalid as invalid:
        for line in invalid.errors.lines():
            print_line(sys.stderr, line)
        return None
    return content


async def _serve(content, chosen, runtime, key, keys, listen: tuple[str, int]) -> int:
    from tui.serve.server import ReaderServer

    server = ReaderServer(content, chosen, runtime, keys)
    host, port = listen
    try:
        acceptor = await server.listen(host, port, key)
    except OSError as error:
        say(f"cannot listen on {host}:{port}: {error.strerror or error}")
        return EXIT_CANNOT_LISTEN
    bound = acceptor.sockets[0].getsockname()
    shown = f"[{bound[0]}]" if ":" in bound[0] else bound[0]
    who = "the authorized keys only" if keys is not None else "anyone (any user name, no key)"
    say(f"listening on {shown}:{bound[1]}, serving {content}; open to {who}")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in SIGNALS:
        # Under nohup SIGHUP is ignored, as it was asked to be: it stays so.
        if signal.getsignal(number) is not signal.SIG_IGN:
            loop.add_signal_handler(number, stop.set)
    await stop.wait()
    acceptor.close()
    say(f"stopping: {len(server.sessions)} sessions to end")
    await server.stop()
    say("stopped")
    return EXIT_STOPPED
