"""Settings shared by every environment. Values that differ come from the environment."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.csp import CSP

from portal.env import default_storage_from_env, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Local state of a first run: SQLite database, filesystem broker, uploads, keys.
VAR_DIR = Path(env_str("PORTAL_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "auditlog",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "rest_framework",
    "drf_spectacular",
    "portal",
    "portal.planning",
    "vendors",
    "vendors.diligence",
    "vendors.invitations",
    "contracts",
    "portal.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.middleware.SessionLifetimeMiddleware",
    "portal.middleware.NoStoreForSignedInMiddleware",
    "portal.uploads.UploadNameMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "portal.api.middleware.ApiRequestLogMiddleware",
    # Last, so the lockout it answers with replaces the login view's own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
            "builtins": [
                "portal.templatetags.people",
                "portal.templatetags.form_errors",
                "portal.templatetags.money",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The first run's web process and worker children write to one file: WAL lets
    # readers go on beside a writer, and a write transaction takes its lock when it
    # begins (waiting up to 20 s), instead of failing with "database is locked" when
    # two transactions that both read first try to write.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, the user and their roles kept in the shared cache.
    "portal.auth_backend.CachedModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes; portal.login_throttle). Failures count per account and
# address together: five wrong passwords for one account from one address lock that pair
# for the cool-off, while the same person at their own desk, or anyone else, still logs
# in (a lock on the account alone would let anyone who knows a login name keep its owner
# out). An address alone is locked after PORTAL_LOGIN_ADDRESS_FAILURE_LIMIT failures over
# any accounts, which stops one machine trying a common password on every login without
# locking out an office behind one address after a colleague's few typos. Each attempt
# during a lock starts the cool-off again. Administrators unlock in the admin
# ("Access attempts": delete the rows). The portal login and the admin login both count.
AXES_HANDLER = "portal.login_throttle.LoginThrottleHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
PORTAL_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_CALLABLE = "portal.login_throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "portal.login_throttle.client_address"
AXES_USERNAME_CALLABLE = "portal.login_throttle.client_username"
# How many proxies in front of the portal append to X-Forwarded-For (0: none, use the
# connection's address). Only the entries those proxies wrote are believed.
PORTAL_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# A successful login clears that login's failures from that address (and only those:
# LoginThrottleHandler.reset_user_attempts).
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))

# Uploaded evidence and generated reports. MEDIA_ROOT is never served directly:
# files leave only through views that check access.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "private")))
STORAGES = {
    "default": default_storage_from_env(MEDIA_ROOT),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Upload limits: evidence files are refused above this size (bytes).
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
# Form fields other than files; no form of the portal comes near it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The first handler stops reading a request whose body or file is larger than any
# upload the portal takes, before the rest of it reaches memory or a temporary file.
FILE_UPLOAD_HANDLERS = [
    "portal.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Content-Security-Policy on every response: scripts, styles and everything else only
# from the portal itself, no inline code (templates have none; htmx's indicator styles
# are in portal.css). Django's admin marks its few inline blocks with the nonce.
# Bootstrap draws its icons (close buttons, select arrows) with data: SVG images.
# The 500 page styles itself (it must not depend on static files): its one <style>
# block is allowed by its hash, which tests/test_portal_csp.py recomputes.
SERVER_ERROR_STYLE_HASH = "'sha256-iVrCSUkcR5EQGR0697YIlSq9f1ZXO3BoVSh8cFqoc3s='"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE, SERVER_ERROR_STYLE_HASH],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "report-uri": "/csp-report/",
}

# Sessions: a signed-in page is never kept by the browser or a proxy (Cache-Control:
# private, no-store), and a session ends SESSION_ABSOLUTE_SECONDS after its login
# whatever its use (portal.middleware). Production adds an idle timeout, renewed by
# saving a used session once every SESSION_RENEW_SECONDS (not on every request).
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_RENEW_SECONDS = 60

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Decision reports (portal.reports.tasks). A render gets REPORT_SOFT_TIME_LIMIT seconds,
# then is told to stop (the report fails with that message); REPORT_HARD_TIME_LIMIT
# kills the worker's child process outright. A report is tried at most
# REPORT_MAX_ATTEMPTS times (transient-error retries and redeliveries included).
REPORT_SOFT_TIME_LIMIT = env_int("REPORT_SOFT_TIME_LIMIT", 20)
REPORT_HARD_TIME_LIMIT = REPORT_SOFT_TIME_LIMIT + 10
REPORT_MAX_RETRIES = 3
REPORT_RETRY_BACKOFF_MAX = 8  # seconds; 1, 2, 4 then 8 at most
REPORT_MAX_ATTEMPTS = 6
# The sweep re-sends a queued report no worker took within this many seconds, and a
# running one whose render started longer ago than the hard limit plus this margin.
REPORT_SWEEP_AFTER = env_int("REPORT_SWEEP_AFTER", 60)

# Celery: a filesystem broker under var/ needs no server for a first run;
# REDIS_URL switches to Redis, the way to run several workers on several machines.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = {
        # A message a worker took but never acknowledged (the worker was killed outright)
        # goes back to the queue once it is this old. It must outlast the longest a task
        # can hold it: the largest retry countdown plus the hard time limit, or a task
        # still running would be handed to a second worker. 45 s here.
        "visibility_timeout": REPORT_HARD_TIME_LIMIT + REPORT_RETRY_BACKOFF_MAX + 7,
        # Workers look for such messages every 5 s (kombu's default is every 100 s:
        # 10 s interval x throttle 10), so a lost task is back within about 50 s.
        "unacked_restore_interval": 5,
        "unacked_restore_throttle": 1,
        # A broker that does not answer fails a "Generate report" click in seconds,
        # not after the operating system's TCP timeout.
        "socket_connect_timeout": 3,
    }
else:
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_URL = "filesystem://"
    # The filesystem transport moves a message file out of the queue folder and deletes
    # it when a worker takes it; until the ack it lives only in that worker's memory.
    # A child process killed mid-task: the worker's main process rejects the message
    # with requeue (task_reject_on_worker_lost) and it is written back to the queue.
    # A warm shutdown writes back what was unacknowledged too. A main process killed
    # outright (SIGKILL, power loss) takes its unacknowledged messages with it: there
    # is no visibility timeout here. The reports sweep covers that case from the
    # database: a report left "running" longer than the hard limit plus
    # REPORT_SWEEP_AFTER is sent again, so it comes back within about two and a half
    # minutes (90 s, plus up to a minute until the next sweep), not within one.
    # (Measured with Redis: a worker killed outright mid-render, its report was
    # done 47 s after delivery, rendered by the other worker.)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
        # Virtual transports poll; a tenth of a second keeps a first run snappy.
        "polling_interval": 0.1,
    }
    # The folders are made by local.py (the filesystem broker is for a first run),
    # so importing production settings never writes to the disk.
# The default cache holds the API's rate-limit counts and /healthz's last result. With
# REDIS_URL every process (gunicorn workers, web machines) counts in the same Redis,
# under a key prefix of its own beside Celery's queues; without it each process counts
# alone in its memory, which is enough for the embedded single-process first run.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            # A Redis that does not answer fails a request in seconds, not minutes.
            "OPTIONS": {"socket_connect_timeout": 3, "socket_timeout": 3},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal",
        }
    }
# Whether every process reads the same cache (Redis): a Celery task reads and keeps
# cached figures only then (portal.derived), as a version moved in the web process's
# own memory would never move in a worker's.
SHARED_CACHE = CACHES["default"]["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A child process is replaced after this many tasks, so memory a render leaves behind
# (fonts, layout caches) does not pile up in a long-running worker.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_WORKER_MAX_TASKS_PER_CHILD", 50)
# Publishing to a broker that is down gives up after about a second and a half; the
# caller says so and the sweep sends the message later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# How long /healthz waits for a worker to answer its ping (seconds).
PORTAL_HEALTH_PING_TIMEOUT = 2.0
CELERY_BEAT_SCHEDULE: dict = {}
# Contract notice/term-end reminders, every morning; each goes out once (contracts.tasks).
CELERY_BEAT_SCHEDULE["contract-reminders"] = {
    "task": "contracts.tasks.send_contract_reminders_task",
    "schedule": crontab(hour=7, minute=0),
}
# Re-assessments that came due on the vendor's cadence (tier 1: 6 months, 2: 12, 3: 24),
# every morning; each round starts once and its e-mail goes out once (contracts.tasks).
CELERY_BEAT_SCHEDULE["reassessments-due"] = {
    "task": "contracts.tasks.start_due_reassessments_task",
    "schedule": crontab(hour=6, minute=30),
}
# Re-send decision reports that no worker took (broker down at the click, worker lost).
# Approval e-mails whose sends all failed (mail server down for a while) go out again.
CELERY_BEAT_SCHEDULE["approval-email-sweep"] = {
    "task": "vendors.tasks.transition_notify_sweep_task",
    "schedule": 600.0,
}
# Request-for-proposal rounds: close at the deadline, remind 3 days and 1 day before.
CELERY_BEAT_SCHEDULE["rfp-rounds"] = {
    "task": "vendors.invitations.tasks.rfp_round_beat_task",
    "schedule": 900.0,
}
CELERY_BEAT_SCHEDULE["reports-sweep"] = {
    "task": "portal.reports.tasks.sweep_reports_task",
    "schedule": 60.0,
}
# Each live engagement's test-call plan for the month, on the 1st (again on the 2nd
# and 3rd in case beat was down: one plan per engagement and month, unique).
CELERY_BEAT_SCHEDULE["test-call-plans"] = {
    "task": "contracts.tasks.generate_test_call_plans_task",
    "schedule": crontab(hour=5, minute=30, day_of_month="1-3"),
}
# Last month's scorecards, from the month's first working day (the task checks the
# day; later mornings of the first week catch up on a missed one and make nothing
# twice: one scorecard per engagement and month, unique).
CELERY_BEAT_SCHEDULE["monthly-scorecards"] = {
    "task": "portal.reports.tasks.create_scorecards_task",
    "schedule": crontab(hour=6, minute=0, day_of_month="1-7"),
}
# Scorecard e-mails whose sends all failed (mail server down for a while) go out again.
CELERY_BEAT_SCHEDULE["scorecard-email-sweep"] = {
    "task": "portal.reports.tasks.scorecard_notify_sweep_task",
    "schedule": 600.0,
}

# Outgoing mail (Django 6.1 MAILERS): SMTP by default, its server from the environment.
MAILERS = {
    "default": {
        "BACKEND": env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER", ""),
            "password": env_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
        },
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "portal@localhost")
# Links in e-mails (approval requests) point here.
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://localhost:8000").rstrip("/")

from .api import *  # noqa: E402, F403

# Show the demo logins on the login page (only once seed_demo has run).
PORTAL_SHOW_DEMO_LOGINS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Axes logs every failure and lockout at WARNING (login names and addresses
    # masked); its INFO lines repeat them.
    # portal.api logs one line per API request (token name, method, path, status, time).
    "loggers": {"axes": {"level": "WARNING"}, "portal.api": {"level": "INFO"}},
}
