"""Settings shared by every environment. Values that differ come from the environment."""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab

from portal.env import env_bool, env_int, env_list, env_str

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
    "rules.apps.AutodiscoverRulesConfig",
    "portal",
    "portal.planning",
    "vendors",
    "vendors.diligence",
    "contracts",
    "portal.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.uploads.UploadNameMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
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
_S3_BUCKET = env_str("S3_BUCKET")
if _S3_BUCKET:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL"),
            "region_name": env_str("S3_REGION"),
            "access_key": env_str("S3_ACCESS_KEY_ID"),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Upload limits: evidence files are refused above this size (bytes).
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: a filesystem broker under var/ needs no server for a first run;
# REDIS_URL switches to Redis, the way to run several workers on several machines.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
else:
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
        # Virtual transports poll; a tenth of a second keeps a first run snappy.
        "polling_interval": 0.1,
    }
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
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

# Show the demo logins on the login page (only once seed_demo has run).
PORTAL_SHOW_DEMO_LOGINS = False

# The seven steps of DOMAIN.md, in order. Each app describes its own steps
# through a function ``(engagement) -> portal.steps.StepStatus``; ``None`` means
# the step is not built yet and shows as "not started" with no page.
PORTAL_STEPS = [
    ("scope", "Scope the need", "portal.planning.steps.scope_status"),
    ("cost", "Check it is cost-effective", "portal.planning.steps.cost_status"),
    ("customers", "Assess the customer base", "portal.planning.steps.customers_status"),
    ("vetting", "Find and vet the vendor", "vendors.steps.vetting_status"),
    ("liaison", "Work with the vendor", "contracts.steps.liaison_status"),
    ("monitoring", "Monitor and track results", "contracts.steps.monitoring_status"),
    ("exit", "Keep the in-house option", "contracts.steps.exit_status"),
]

# The decision report's sections after the cover and the executive summary, in
# order. Each app describes its own part through a function
# ``(engagement) -> portal.reports.sections.Section`` (see that module).
PORTAL_REPORT_SECTIONS = [
    "portal.planning.report.scope_section",
    "portal.planning.report.cost_section",
    "portal.planning.report.customers_section",
    "vendors.report.comparison_section",
    "vendors.diligence.report.diligence_section",
    "contracts.report.contract_section",
    "contracts.report.liaison_section",
    "contracts.report.monitoring_section",
    "contracts.report.exit_section",
]

# Demo data, loaded in this order by ``manage.py seed_demo``; each app seeds its own.
# Panels later steps add to the dashboard: functions ``(request) -> dict`` with
# "template" and the context it needs.
PORTAL_DASHBOARD_PANELS: list[str] = [
    "contracts.panels.upcoming_deadlines",
    "contracts.panels.overdue_actions",
]

PORTAL_DEMO_SEEDERS = [
    "portal.demo.seed",
    "portal.planning.demo.seed",
    "vendors.demo.seed",
    "vendors.diligence.demo.seed",
    "contracts.demo.seed",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
