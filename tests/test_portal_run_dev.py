"""scripts/run-dev, the process supervisor behind ``make run``, with stand-in processes:
Ctrl-C stops everything cleanly; a process that dies is named and the rest stopped."""

import contextlib
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

RUN_DEV = Path(__file__).resolve().parent.parent / "scripts" / "run-dev"
# Not a speed test: the script starts three stand-ins and gives them 10 s to stop, which a
# busy machine stretches. Only a script that hangs waits this long.
HANG_SECONDS = 90

# Stands in for the venv's python: `manage.py runserver` answers HTTP 200, celery worker
# and beat sleep; the role named in FAKE_DIE exits at once with status 3 (and then the web
# stand-in never answers, so which of the two comes first does not depend on the machine).
FAKE_PYTHON = f"""#!{sys.executable}
import http.server, os, sys, time
args = sys.argv[1:]
role = "web" if "runserver" in args else "beat" if "beat" in args else "worker"
if role == os.environ.get("FAKE_DIE"):
    sys.exit(3)
if os.environ.get("FAKE_DIE") and role == "web":
    time.sleep(600)  # never answers: the banner must wait for the death, however slow it is
if role == "web":
    import socket
    class Ok(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.end_headers()
        def log_message(self, *a):
            pass
    server = http.server.HTTPServer(("127.0.0.1", 0), Ok, bind_and_activate=False)
    server.socket.close()
    # The test's own listening socket on PORT, inherited: no other process can take
    # the port between the test choosing it and this stand-in serving it.
    server.socket = socket.socket(fileno=int(os.environ["FAKE_LISTEN_FD"]))
    server.serve_forever()
time.sleep(600)
"""


def _listening_socket() -> socket.socket:
    """A socket listening on a free loopback port, held for the web stand-in."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    return listener


@pytest.fixture
def run_dev(tmp_path):
    fake = tmp_path / "python"
    fake.write_text(FAKE_PYTHON)
    fake.chmod(0o755)
    started = []
    sockets = []

    def start(**env):
        listener = _listening_socket()
        sockets.append(listener)
        process = subprocess.Popen(
            ["bash", str(RUN_DEV)],
            cwd=tmp_path,
            env={
                **os.environ,
                "PY": str(fake),
                "PORT": str(listener.getsockname()[1]),
                "FAKE_LISTEN_FD": str(listener.fileno()),
                **env,
            },
            pass_fds=(listener.fileno(),),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own process group, like a terminal's foreground job
        )
        started.append(process)
        return process

    yield start
    for process in started:  # a failing test leaves nothing running
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    for listener in sockets:
        listener.close()


def _group_is_gone(pgid: int, within: float = HANG_SECONDS) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def _lines(stream) -> queue.Queue:
    """The stream's lines as they come (None at its end), read by a thread so that
    waiting for one can time out even while the script prints nothing."""
    lines: queue.Queue = queue.Queue()

    def read() -> None:
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    return lines


def _wait_for_line(lines: queue.Queue, text: str, within: float = HANG_SECONDS) -> str:
    seen = ""
    deadline = time.monotonic() + within
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        if line is None:
            break
        seen += line
        if text in line:
            return seen
    raise AssertionError(f"{text!r} not printed; got {seen!r}")


def test_ctrl_c_stops_web_worker_and_beat_cleanly(run_dev):
    process = run_dev()
    stdout = _lines(process.stdout)
    _wait_for_line(stdout, "Press Ctrl-C to stop.")
    os.killpg(process.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
    _wait_for_line(stdout, "Stopped web, worker and beat.")
    process.wait(timeout=HANG_SECONDS)
    err = process.stderr.read()
    assert process.returncode == 0, err
    assert "stopped (exit" not in err
    assert _group_is_gone(process.pid)


def test_a_process_that_dies_is_named_and_the_others_stopped(run_dev):
    process = run_dev(FAKE_DIE="beat")
    out, err = process.communicate(timeout=HANG_SECONDS)
    assert process.returncode != 0
    assert "The beat process stopped (exit status 3); see var/log/beat.log." in err
    assert "Press Ctrl-C" not in out  # no URL banner for a portal that is not running
    assert _group_is_gone(process.pid)
