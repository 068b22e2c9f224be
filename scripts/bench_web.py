"""The web benchmark (``make bench-web``): the portal under load, on PostgreSQL and Redis.

It creates a database of its own on DATABASE_URL's server (PostgreSQL; the database
named in the URL is only used to create and drop it), migrates it, loads the bench
dataset (``seed_bench``), warms the cache as a deploy does (``warm_figures``), starts
gunicorn with the production settings (plus the bench override: plain HTTP on loopback
and a query-count header, ``portal.settings.bench``) and runs locust headless
(scripts/locustfile.py) in four phases:

1. one signed-in user without pauses (each page's median on an idle server);
2. the login page alone at saturation: the stack's ceiling, no database work;
3. the page mix at saturation (signed-in users without pauses);
4. 200 signed-in users with 5-15 s between clicks.

It prints a table per page and phase (requests, p50/p95/p99, queries per request) and
ends with one JSON line. Its database is dropped at the end, also on Ctrl-C.

Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
BENCH_REDIS_URL (default redis://127.0.0.1:6379/13; the benchmark empties that Redis
database before and after the run, so give it one nothing else uses), BENCH_WORKERS and
BENCH_THREADS (gunicorn; default the production command's), BENCH_PHASE_SECONDS (60),
BENCH_USERS (200), BENCH_SATURATION_USERS (24).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BIN = Path(PY).parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"
# gunicorn as the production command runs it (README, Deploying).
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
THREADS = int(os.environ.get("BENCH_THREADS", "1"))
PHASE_SECONDS = int(os.environ.get("BENCH_PHASE_SECONDS", "60"))
USERS = int(os.environ.get("BENCH_USERS", "200"))
SATURATION_USERS = int(os.environ.get("BENCH_SATURATION_USERS", "24"))

# Signs in every bench user without the (deliberately slow) password check and writes
# the locust users' plan: session key, user id and the team's filled-in engagements.
PLAN_CODE = r"""
import json, sys
import django
django.setup()
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from contracts.models import Sla

from portal.models import Engagement, Membership
from vendors.diligence.models import ChecklistItem
from vendors.models import Candidate

RANGES = {"%": (60, 99), "s": (15, 400), "pts": (1, 5)}
full = {}
for candidate in Candidate.objects.filter(checklist__isnull=False).order_by("id"):
    full.setdefault(candidate.engagement_id, {"candidates": [], "slas": []})
items = {}
for item in ChecklistItem.objects.order_by("id").values("id", "checklist__candidate_id"):
    items.setdefault(item["checklist__candidate_id"], []).append(item["id"])
engagements = {}
filled = set(Sla.objects.values_list("engagement_id", flat=True)) & set(full)
for engagement in Engagement.objects.filter(pk__in=filled).order_by("id"):
    candidates = [
        {"id": c.pk, "items": items[c.pk][:30]}
        for c in engagement.candidates.filter(checklist__isnull=False).order_by("id")
    ][:20]
    slas = [
        {"id": s.pk, "low": RANGES[s.unit][0], "high": RANGES[s.unit][1]}
        for s in engagement.slas.order_by("id")
    ]
    engagements.setdefault(engagement.team_id, []).append(
        {"id": engagement.pk, "candidates": candidates, "slas": slas}
    )
users = []
# Round-robin over the teams (each team's first member, then each one's second...), so
# the saturation phase's few users are spread over the teams as the 200 users are, not
# all in the first teams: bench<team>-<member>, ordered by member, then team.
members = [
    m
    for m in Membership.objects.select_related("user")
    if m.user.username.startswith("bench") and m.team_id in engagements
]
members.sort(key=lambda m: (m.user.username.split("-")[-1], m.user.username))
for membership in members:
    client = Client()
    client.force_login(membership.user, backend="portal.auth_backend.CachedModelBackend")
    users.append(
        {
            "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "user_id": membership.user_id,
            "engagements": engagements[membership.team_id],
        }
    )
json.dump({"users": users}, open(sys.argv[1], "w"))
print(f"{len(users)} signed-in users over {len(engagements)} teams")
"""


def say(text: str) -> None:
    print(f"[bench-web] {text}", flush=True)


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def check_server(url: str):
    """A connection to the server's own database, or a clear message and exit 2."""
    import psycopg

    if urlsplit(url).scheme not in ("postgres", "postgresql"):
        sys.exit(f"[bench-web] DATABASE_URL must be a PostgreSQL URL, not {urlsplit(url).scheme}.")
    try:
        return psycopg.connect(
            url.replace("postgres://", "postgresql://", 1), connect_timeout=3, autocommit=True
        )
    except psycopg.OperationalError as exc:
        sys.exit(
            f"[bench-web] No PostgreSQL server answers at DATABASE_URL ({urlsplit(url).netloc}): "
            f"{str(exc).strip().splitlines()[0]}\nStart one, or set DATABASE_URL to a server "
            "where this user may create databases, e.g. "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres make bench-web"
        )


def check_redis(url: str) -> None:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=3):
            pass
    except OSError as exc:
        sys.exit(f"[bench-web] No Redis answers at BENCH_REDIS_URL ({parts.netloc}): {exc}")


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(args: list[str], env: dict, what: str) -> None:
    say(what)
    started = time.monotonic()
    result = subprocess.run(args, env=env, cwd=ROOT)
    if result.returncode:
        raise SystemExit(f"[bench-web] {what} failed (exit {result.returncode}).")
    say(f"  done in {time.monotonic() - started:.0f} s")


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise SystemExit(f"[bench-web] gunicorn did not answer {url} within {seconds:.0f} s.")


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (what locust reports, without its rounding)."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, int(round(share * len(ordered) + 0.5)) - 1))
    return ordered[index]


def locust_phase(
    name: str,
    user_class: str,
    users: int,
    spawn_rate: float,
    seconds: int,
    env: dict,
    host: str,
    workdir: Path,
) -> dict:
    out = workdir / f"{user_class}-{users}.json"
    say(f"phase {name}: {users} x {user_class} for {seconds} s")
    args = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "scripts" / "locustfile.py"),
        "--headless",
        "--host",
        host,
        "-u",
        str(users),
        "-r",
        str(spawn_rate),
        "-t",
        f"{seconds}s",
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--stop-timeout",
        "20",
        user_class,
    ]
    result = subprocess.run(
        args,
        env={**env, "BENCH_OUT": str(out)},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=seconds + 120,
    )
    if not out.exists():
        raise SystemExit(
            f"[bench-web] locust wrote nothing (exit {result.returncode}):\n{result.stderr[-3000:]}"
        )
    records = json.loads(out.read_text())
    if not records:
        raise SystemExit(f"[bench-web] phase {name}: no request was made.\n{result.stderr[-3000:]}")
    starts = [stamp - elapsed / 1000 for _, stamp, elapsed, _, _ in records]
    span = max(stamp for _, stamp, _, _, _ in records) - min(starts)
    times = [elapsed for _, _, elapsed, _, _ in records]
    pages: dict[str, dict] = {}
    for page, _, elapsed, queries, failed in records:
        row = pages.setdefault(page, {"times": [], "queries": [], "errors": 0})
        row["times"].append(elapsed)
        if queries >= 0:
            row["queries"].append(queries)
        row["errors"] += failed
    return {
        "name": name,
        "users": users,
        "requests": len(records),
        "rps": len(records) / span if span > 0 else 0.0,
        "p50": percentile(times, 0.50),
        "p95": percentile(times, 0.95),
        "p99": percentile(times, 0.99),
        "errors": sum(row["errors"] for row in pages.values()),
        "pages": pages,
        "log": result.stderr[-2000:],
    }


def print_table(phase: dict) -> None:
    print(
        f"\n{phase['name']}: {phase['requests']} requests, {phase['rps']:.1f}/s, "
        f"p50 {phase['p50']:.0f} ms, p95 {phase['p95']:.0f} ms, p99 {phase['p99']:.0f} ms, "
        f"{phase['errors']} errors"
    )
    print(
        f"{'page':<24}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'queries':>9}{'max q':>7}{'errors':>8}"
    )
    for page, row in sorted(phase["pages"].items()):
        queries = row["queries"]
        print(
            f"{page:<24}{len(row['times']):>9}{percentile(row['times'], 0.5):>9.0f}"
            f"{percentile(row['times'], 0.95):>9.0f}{percentile(row['times'], 0.99):>9.0f}"
            f"{statistics.median(queries) if queries else float('nan'):>9.0f}"
            f"{max(queries) if queries else 0:>7}{row['errors']:>8}"
        )
    if phase["errors"]:
        print(f"locust's last words:\n{phase['log']}")
    sys.stdout.flush()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--reuse",
        metavar="DATABASE",
        help="an already seeded bench database on the same server: migrated, not seeded "
        "again and not dropped (to compare one change at a time)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the new database for later --reuse runs"
    )
    options = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    redis_url = os.environ.get("BENCH_REDIS_URL") or DEFAULT_REDIS_URL
    admin = check_server(database_url)
    check_redis(redis_url)
    name = options.reuse or f"portal_bench_{os.getpid()}_{int(time.time())}"
    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-web-"))
    gunicorn = None
    created = False

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        if not options.reuse:
            admin.execute(f'CREATE DATABASE "{name}"')
            created = not options.keep
            say(f"database {name} created on {urlsplit(database_url).netloc}")
        flush_redis(redis_url)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.bench",
            "DATABASE_URL": with_database(database_url, name),
            "REDIS_URL": redis_url,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "PORTAL_VAR_DIR": str(workdir / "var"),
            "MEDIA_ROOT": str(workdir / "media"),
            "STATIC_ROOT": str(workdir / "static"),
            "LOG_LEVEL": "WARNING",
            "BENCH_PLAN": str(workdir / "plan.json"),
        }
        env.pop("S3_BUCKET", None)
        manage = [PY, str(ROOT / "manage.py")]
        run([*manage, "migrate", "--noinput", "-v0"], env, "migrating")
        # Static files (compressed for whitenoise: minutes of CPU) beside the seeding.
        say("collecting static files (in the background)")
        static = subprocess.Popen([*manage, "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT)
        if not options.reuse:
            run([*manage, "seed_bench"], env, "loading the bench data (seed_bench)")
        if static.wait():
            raise SystemExit(f"[bench-web] collectstatic failed (exit {static.returncode}).")
        run([PY, "-c", PLAN_CODE, str(workdir / "plan.json")], env, "signing in the bench users")
        # As a deploy does after migrating (README, Deploying): nothing cached before a
        # release is read by it, so its first readers would otherwise compute every page.
        run([*manage, "warm_figures"], env, "warming the cache (manage.py warm_figures)")

        port = free_port()
        host = f"http://127.0.0.1:{port}"
        say(f"gunicorn: {WORKERS} workers x {THREADS} threads on {host}")
        gunicorn = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "portal.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(WORKERS),
                "--threads",
                str(THREADS),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        wait_for(f"{host}/accounts/login/")
        phases = [
            locust_phase(
                "one user, no pauses", "Mix", 1, 1, min(PHASE_SECONDS, 30), env, host, workdir
            ),
            locust_phase(
                "login page at saturation (ceiling)",
                "LoginPage",
                SATURATION_USERS,
                SATURATION_USERS,
                PHASE_SECONDS,
                env,
                host,
                workdir,
            ),
            locust_phase(
                "page mix at saturation",
                "Mix",
                SATURATION_USERS,
                SATURATION_USERS,
                PHASE_SECONDS,
                env,
                host,
                workdir,
            ),
            locust_phase(
                f"{USERS} users, 5-15 s think time",
                "Thinking",
                USERS,
                10,
                PHASE_SECONDS,
                env,
                host,
                workdir,
            ),
        ]
        for phase in phases:
            print_table(phase)
        single, ceiling, saturation, thinking = phases
        result = {
            "users": USERS,
            "rps": round(thinking["rps"], 1),
            "p50_ms": round(thinking["p50"], 1),
            "p95_ms": round(thinking["p95"], 1),
            "p99_ms": round(thinking["p99"], 1),
            "errors": sum(phase["errors"] for phase in phases),
            "saturation_rps": round(saturation["rps"], 1),
            "ceiling_rps": round(ceiling["rps"], 1),
            "ratio": round(saturation["rps"] / ceiling["rps"], 2) if ceiling["rps"] else 0.0,
        }
        print()
        print(json.dumps(result))
        return 0
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    finally:
        if gunicorn is not None and gunicorn.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(gunicorn.pid, signal.SIGTERM)
            try:
                gunicorn.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(gunicorn.pid, signal.SIGKILL)
        if created:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            say(f"database {name} dropped")
        with contextlib.suppress(Exception):
            flush_redis(redis_url)
        admin.close()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
