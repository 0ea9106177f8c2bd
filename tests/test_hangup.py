"""A hang-up keeps the reading position, gives the terminal back and leaves no process behind.

Twenty runs each of the three ways an SSH session ends under the reader, at random moments after
a few ``n``: the pty closed (as sshd does when the client drops: SIGHUP, then EIO on read),
SIGHUP with the terminal still there (tmux, a local ``kill -HUP``), and SIGTERM (``kill``,
systemd). Each run must keep the quote reached, exit with 128 + the signal (129 for the closed
pty), restore the terminal's modes when there is still a terminal, and leave no process in the
session. Then the watchdog: a reader whose event loop or a thread of whose is stuck still ends.
"""

from __future__ import annotations

import os
import random
import re
import signal
import sys
import termios
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pty_terminal import PtyTerminal

from tui.content_paths import default_article_path
from tui.model.loader import load_article
from tui.state import StateStore
from tui.state_writer import StateWriter

ROOT = Path(__file__).parent.parent
ARTICLE = load_article(default_article_path())
RUNS = 20
#: Exit statuses: 128 + SIGHUP for a closed terminal as for SIGHUP, 128 + SIGTERM.
EXPECTED_STATUS = {"close": 129, "hup": 129, "term": 143}
#: What giving the terminal back writes after the last switch to the alternate screen.
RESTORE = {
    "alternate screen off": b"\x1b[?1049l",
    "bracketed paste off": b"\x1b[?2004l",
    "cursor shown": b"\x1b[?25h",
}
MOUSE_OFF = {
    "mouse off": b"\x1b[?1000l",
    "mouse motion off": b"\x1b[?1003l",
    "SGR off": b"\x1b[?1006l",
}
#: The reader is up: the status line counts the quotes (no quote is current before a key).
STARTED = re.compile(r"\d+ quotes")
#: The local modes the reader turns off, and the input mode: all on again in a cooked tty.
COOKED_LFLAGS = termios.ICANON | termios.ECHO | termios.ISIG | termios.IEXTEN


def session_processes(session: int) -> list[int]:
    """The live (not zombie) processes of ``session``: the reader's, as ptyprocess makes it a
    session leader."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        state, _parent, _group, sid = stat.rsplit(")", 1)[1].split()[:4]
        if state != "Z" and int(sid) == session:
            found.append(int(entry))
    return found


@dataclass
class Outcome:
    how: str
    presses: int
    kept: bool = False
    status: int | None = None
    seconds: float = 0.0
    left: list[int] = field(default_factory=list)
    #: Whether the tty's modes are cooked again (None: no terminal left to look at).
    cooked: bool | None = None
    missing: list[str] = field(default_factory=list)


def wait_gone(terminal: PtyTerminal, timeout: float, *, read: bool) -> int | None:
    """The exit status (-N for signal N), reading the output meanwhile if ``read``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if read:
            terminal.pump(0.02)
        else:
            time.sleep(0.02)
        if not terminal.process.isalive():
            process = terminal.process
            return process.exitstatus if process.exitstatus is not None else -process.signalstatus
    return None


def missing_restore(terminal: PtyTerminal) -> list[str]:
    """What giving the terminal back should have written after the last switch to the alternate
    screen and did not. Read to the end first: after one ``n`` some 20 kB of frames follow the
    status line the test waits for, and a loaded machine has not read them all when the reader
    exits (the restore comes after them)."""
    if not terminal.read_to_end():
        return ["the end of the output: something still holds the terminal"]
    written = bytes(terminal.written)
    after = written[written.rfind(b"\x1b[?1049h") :]
    wanted = {**RESTORE, **(MOUSE_OFF if b"\x1b[?1000h" in after else {})}
    return [name for name, sequence in wanted.items() if sequence not in after]


def hang_up_once(how: str, seed: int, state_home: Path | None = None) -> Outcome:
    rng = random.Random(seed)
    presses = rng.randint(1, 8)
    outcome = Outcome(how, presses)
    env = {"XDG_STATE_HOME": str(state_home)} if state_home is not None else None
    terminal = PtyTerminal.reader("--no-animation", columns=100, rows=30, env=env, cwd=str(ROOT))
    pid = terminal.process.pid
    state = (
        Path(env["XDG_STATE_HOME"] if env else os.path.join(terminal._home.name, "state"))
        / "tui-reader"
    )
    slave = None
    try:
        assert terminal.wait_for(lambda text: STARTED.search(text) is not None, 30), terminal.text
        if how != "close":  # as sshd does, nothing else holds the terminal when it closes
            slave = os.open(os.readlink(f"/proc/{pid}/fd/0"), os.O_RDWR | os.O_NOCTTY)
        for _ in range(presses):
            terminal.send("n")
            time.sleep(rng.uniform(0, 0.08))
        status_text = f"Quote {presses}/{len(ARTICLE.quotes)}"
        assert terminal.wait_for(lambda text: status_text in text, 20), terminal.text
        time.sleep(rng.uniform(0, 0.3))
        started = time.monotonic()
        if how == "close":
            terminal.process.fileobj.close()
        else:
            os.kill(pid, signal.SIGHUP if how == "hup" else signal.SIGTERM)
        outcome.status = wait_gone(terminal, 15, read=how != "close")
        outcome.seconds = time.monotonic() - started
        deadline = time.monotonic() + 3
        while (left := session_processes(pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        outcome.left = left
        if slave is not None:
            attributes = termios.tcgetattr(slave)
            outcome.cooked = (
                attributes[3] & COOKED_LFLAGS == COOKED_LFLAGS
                and attributes[0] & termios.ICRNL == termios.ICRNL
            )
            os.close(slave)
            slave = None
            outcome.missing = missing_restore(terminal)
        saved = StateStore(state).load(ARTICLE.id)
        outcome.kept = saved.get("quote") == ARTICLE.quotes[presses - 1].id
        return outcome
    finally:
        if slave is not None:
            os.close(slave)
        for leftover in session_processes(pid):
            os.kill(leftover, signal.SIGKILL)
        terminal.close()


def test_the_output_left_in_the_pty_when_a_program_ends_is_read_to_the_end() -> None:
    # What ``missing_restore`` relies on: a program's last 5 kB (two reads: a pty hands over
    # 4 kB at a time), still in the pty when it ends, are all read; while the test holds the
    # terminal, the end does not come. (Not more: with no one reading, Linux lets a program
    # write only so much to a pty before its write blocks, some 9-12 kB here and less on a
    # loaded machine, and then it never ends.)
    program = "import os, sys; sys.stdin.readline(); os.write(1, b'x' * 5000 + b'END')"
    terminal = PtyTerminal([sys.executable, "-c", program], cwd=str(ROOT))
    pid = terminal.process.pid
    slave = os.open(os.readlink(f"/proc/{pid}/fd/0"), os.O_RDWR | os.O_NOCTTY)
    try:
        terminal.send("\n")
        assert wait_gone(terminal, 15, read=False) == 0
        assert not terminal.read_to_end(0.5)  # the test still holds the terminal
        os.close(slave)
        slave = None
        assert terminal.read_to_end()
        assert bytes(terminal.written).endswith(b"x" * 5000 + b"END")
    finally:
        if slave is not None:
            os.close(slave)
        terminal.close()


class CountingStore(StateStore):
    def __init__(self, directory: Path) -> None:
        super().__init__(directory)
        self.saved: list[dict] = []

    def save(self, key: str, data: dict) -> bool:
        self.saved.append(data)
        return super().save(key, data)


def test_a_held_key_is_written_a_few_times_and_the_last_position_always(tmp_path: Path) -> None:
    store = CountingStore(tmp_path)
    writer = StateWriter(store, interval=0.25)
    writer.submit("article", {"quote": "q0"})
    deadline = time.monotonic() + 5
    while not store.saved and time.monotonic() < deadline:
        time.sleep(0.01)
    assert store.saved == [{"quote": "q0"}]  # the first change is written at once
    for index in range(1, 31):  # a key held for half a second
        writer.submit("article", {"quote": f"q{index}"})
        time.sleep(1 / 60)
    writer.flush()  # as on leaving or on a hang-up
    assert store.saved[-1] == {"quote": "q30"}
    assert len(store.saved) <= 5
    assert StateStore(tmp_path).load("article") == {"quote": "q30"}


@pytest.mark.parametrize("how", ["close", "hup", "term"])
def test_twenty_hang_ups_at_random_moments(how: str) -> None:
    seeds = [random.Random(f"hang-up {how}").randrange(2**32) + run for run in range(RUNS)]
    # Four at a time: most of a run is waiting on the reader, which starts in about a second.
    with ThreadPoolExecutor(4) as pool:
        outcomes = list(pool.map(lambda seed: hang_up_once(how, seed), seeds))
    kept = sum(outcome.kept for outcome in outcomes)
    report = "\n".join(map(str, outcomes))
    assert kept == RUNS, f"positions kept {kept}/{RUNS} after {how}:\n{report}"
    assert {outcome.status for outcome in outcomes} == {EXPECTED_STATUS[how]}, report
    assert not any(outcome.left for outcome in outcomes), report
    assert max(outcome.seconds for outcome in outcomes) < 10, report
    if how != "close":
        assert all(outcome.cooked for outcome in outcomes), report
        assert not any(outcome.missing for outcome in outcomes), report


def test_the_position_kept_by_a_hang_up_is_where_the_next_start_opens(tmp_path: Path) -> None:
    outcome = hang_up_once("term", 7, state_home=tmp_path)
    assert outcome.kept and outcome.status == 143, outcome
    terminal = PtyTerminal.reader(
        "--no-animation", columns=100, rows=30, cwd=str(ROOT), env={"XDG_STATE_HOME": str(tmp_path)}
    )
    try:
        shown = f"Quote {outcome.presses}/{len(ARTICLE.quotes)}"
        assert terminal.wait_for(lambda text: shown in text, 30), terminal.text
        terminal.send("q")
        assert terminal.wait_exit() == 0
    finally:
        terminal.close()


#: A Textual app on the reader's driver that gets stuck: its event loop (``loop``) or a thread
#: it started (``thread``). ``flush_state`` is what the watchdog calls before it ends the process.
STUCK_APP = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from textual import work
    from textual.app import App
    from textual.widgets import Static
    from tui.terminal_driver import ReaderDriver

    class Stuck(App):
        def compose(self):
            yield Static("starting", id="note")

        def on_ready(self):
            if sys.argv[1] == "thread":
                self.wait_in_a_thread()
            self.query_one("#note").update("stuck now")
            if sys.argv[1] == "loop":
                self.set_timer(0.2, lambda: time.sleep(60))

        @work(thread=True)
        def wait_in_a_thread(self):
            time.sleep(60)

        def flush_state(self):
            Path(sys.argv[2]).write_text("flushed")

    Stuck(driver_class=ReaderDriver).run()
    """
)


@pytest.mark.parametrize("stuck", ["loop", "thread"])
def test_a_stuck_reader_still_ends_on_sigterm(stuck: str, tmp_path: Path) -> None:
    marker = tmp_path / "flushed"
    terminal = PtyTerminal(
        [sys.executable, "-c", STUCK_APP, stuck, str(marker)], columns=80, rows=24, cwd=str(ROOT)
    )
    pid = terminal.process.pid
    slave = None
    try:
        assert terminal.wait_for(lambda text: "stuck now" in text, 30), terminal.text
        slave = os.open(os.readlink(f"/proc/{pid}/fd/0"), os.O_RDWR | os.O_NOCTTY)
        time.sleep(0.5)
        started = time.monotonic()
        os.kill(pid, signal.SIGTERM)
        assert wait_gone(terminal, 15, read=True) == 143
        assert time.monotonic() - started < 10
        assert termios.tcgetattr(slave)[3] & COOKED_LFLAGS == COOKED_LFLAGS
        assert not session_processes(pid)
        os.close(slave)
        slave = None
        assert not missing_restore(terminal), bytes(terminal.written)[-400:]
        if stuck == "loop":  # the loop never ran the app's own hang-up: the watchdog saved
            assert marker.read_text() == "flushed"
    finally:
        if slave is not None:
            os.close(slave)
        terminal.close()
