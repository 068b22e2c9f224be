"""The web benchmark's settings (``make bench-web``): production, served over plain
HTTP on loopback, and a header with each request's query count. Nothing else differs,
so the benchmark measures what production runs. Never for a server others reach."""

from .production import *  # noqa: F403
from .production import MIDDLEWARE

# gunicorn on 127.0.0.1 without the TLS-terminating proxy in front.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# X-Queries on every response: the benchmark's queries-per-request column.
MIDDLEWARE = ["portal.middleware.QueryCountHeaderMiddleware", *MIDDLEWARE]
