"""Production settings: select with DJANGO_SETTINGS_MODULE=portal.settings.production.

No secret has a default here; a missing one stops the process at start-up.
"""

from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_int, env_list, env_str

from .base import *  # noqa: F403
from .base import DATABASES

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY", required=True)
# No embedded defaults in production: base.py's SQLite file and filesystem broker are
# for a first run on one machine, not for gunicorn workers and Celery workers that
# must all share one database and one queue.
if not env_str("DATABASE_URL"):
    raise ImproperlyConfigured(
        "DATABASE_URL must be set for production settings, "
        "e.g. DATABASE_URL=postgres://portal:password@db.example.com:5432/portal."
    )
if not env_str("REDIS_URL"):
    raise ImproperlyConfigured(
        "REDIS_URL must be set for production settings (the Celery broker), "
        "e.g. REDIS_URL=redis://redis.example.com:6379/0."
    )
# Persistent database connections: each gunicorn worker (thread) keeps its connection
# for a minute instead of opening one per request, and checks it before reusing it.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Sessions read from the shared cache (Redis) and written through to the database, so
# a session survives a cache restart. Templates: Django's cached loader is already on
# (it is the default when no loaders are named), so each is compiled once per process.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A session ends after 30 minutes without a request and, whatever its use, 12 hours
# after its login (SESSION_ABSOLUTE_SECONDS, base.py). A used session is renewed (saved
# with a new expiry and cookie) once a minute (SESSION_RENEW_SECONDS, base.py), not
# written on every request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
# Behind the TLS-terminating proxy (SECURE_PROXY_SSL_HEADER above trusts it too): the
# login throttle counts the address the proxy saw, not the proxy's own.
PORTAL_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)

PORTAL_SHOW_DEMO_LOGINS = False
