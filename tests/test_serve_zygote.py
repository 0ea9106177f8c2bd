"""The warm reader (``tui.serve.zygote``): its forks become readers as spawned ones do (the
environment replaced whole, a session of their own on the pty, signals at their defaults,
limits, nothing of the warm reader's left open), it reaps them and says how they ended, and the
server goes on without it when it is gone."""

from __future__ import annotations

import asyncio
import json
import os
import select
import signal
import time
from pathlib import Path

from serve_harness import Server, needs_ssh, wait_for_screen

from tui.serve.child import Child, child_environment, package_root
from tui.serve.zygote import LAUNCH, Zygote

#: The warm reader, with the reader replaced by a report of the process it runs in.
REPORTING = LAUNCH.replace(
    "z.main()",
    "import tui.__main__ as m, tests.zygote_report as r; m.main = r.report; z.main()",
)


async def _fork_one(environment: dict[str, str], tmp_path: Path) -> tuple[dict, int, list[str]]:
    logged: list[str] = []
    zygote = Zygote(logged.append)
    zygote.start(asyncio.get_running_loop(), package_root(), REPORTING)
    try:
        deadline = time.monotonic() + 30
        while not zygote.ready:
            assert time.monotonic() < deadline, logged
            await asyncio.sleep(0.05)
        child = Child(["--no-mouse", "x.yaml"], environment, 91, 17, zygote)
        assert child.zygote is zygote  # forked, not spawned
        output = b""
        while not output.endswith(b"\n"):
            ready, _, _ = select.select([child.master], [], [], 10)
            assert ready, output
            output += os.read(child.master, 65536)
        ended = asyncio.get_running_loop().create_future()
        deadline = time.monotonic() + 10
        while not select.select([child.pidfd], [], [], 0)[0]:
            assert time.monotonic() < deadline
            await asyncio.sleep(0.02)
        child.reap(ended.set_result)
        status = await asyncio.wait_for(ended, 10)
        child.close()
        return json.loads(output.decode().strip().splitlines()[-1]), status, logged
    finally:
        zygote.stop()


def test_a_fork_of_the_warm_reader_is_a_reader_as_a_spawned_one_is(tmp_path: Path) -> None:
    client = {"LD_PRELOAD": "/tmp/evil.so", "LANG": "C.UTF-8", "COLORTERM": "truecolor"}
    home = tmp_path / "home"
    home.mkdir()
    environment = child_environment("xterm\x1b]0;x\x07", client, home, "3-abcdef")
    report, status, logged = asyncio.run(_fork_one(environment, tmp_path))
    assert status == 0, report
    assert report["environment"] == environment  # whole, and nothing else
    assert report["argv"] == ["tui-reader", "--no-mouse", "x.yaml"]
    assert report["session"] == report["group"] == report["pid"]
    assert report["controlling_terminal"] and report["size"] == [17, 91]
    assert report["ignored"] == ["SIGPIPE", "SIGXFSZ"]  # as any Python starts
    assert report["handled"] == ["SIGINT"] and report["blocked"] == []
    assert report["limits"] == {"AS": 1 << 30, "NOFILE": 256, "CORE": 0, "FSIZE": 64 << 20}
    assert report["umask"] == 0o077 and report["cwd"] == str(home)
    assert report["descriptors"] == [0, 1, 2, 3]
    assert any("warm reader ready" in line for line in logged)


@needs_ssh
def test_sessions_go_on_when_the_warm_reader_has_gone() -> None:
    server = Server()
    try:
        warm = server.wait_for_warm_reader()
        terminal = server.connect()
        try:
            assert wait_for_screen(terminal, "NATO activating"), terminal.text
            os.kill(warm, signal.SIGKILL)
            assert server.wait_for_log(r"warm reader: it has ended; each session's reader now")
            # The session forked from it is still read, and ends as any other.
            terminal.send("q")
            assert terminal.wait_exit(20) == 0
        finally:
            terminal.close()
        second = server.connect()
        try:
            assert wait_for_screen(second, "NATO activating"), second.text
            (reader,) = server.sessions()
            parent = int(Path(f"/proc/{reader}/stat").read_text().rsplit(")", 1)[1].split()[1])
            assert parent == server.process.pid  # spawned by the server itself now
            second.send("q")
            assert second.wait_exit(20) == 0
        finally:
            second.close()
        assert server.wait_for_readers(lambda pids: not pids, 10)
    finally:
        server.close()
    assert "the reader ended (how is not known: its warm reader had gone)" in server.log


def test_stopping_the_server_ends_the_warm_reader_too() -> None:
    server = Server()
    warm = server.wait_for_warm_reader()
    assert server.stop() == 0
    assert not Path(f"/proc/{warm}").exists()
    server.close()
