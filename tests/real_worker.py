"""A real ``celery worker`` process for tests that need one (reports through the broker).

The worker (tests/reports_worker.py, prefork pool) renders against the calling test's
database, so the tests that use it commit for real (transactional tests, or the live
server's).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection


def database_url() -> str:
    """The test database, as the worker subprocess must reach it."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{credentials}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


class RealWorker:
    """``python -m tests.reports_worker`` in a session of its own (killable as a whole)."""

    def __init__(self, folder: Path):
        self.slow_flag = folder / "slow-render"
        self.log = folder / "worker.log"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "PORTAL_TEST_SLOW_RENDER_FLAG": str(self.slow_flag),
        }
        self.process: subprocess.Popen | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.reports_worker"],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.log.open("a"),
            start_new_session=True,
        )

    def kill_outright(self) -> None:
        """SIGKILL the main process and its children at once: nothing gets to clean up."""
        os.killpg(self.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log_tail(self, chars: int = 3000) -> str:
        return self.log.read_text()[-chars:] if self.log.exists() else ""
