"""Development settings: what ``make run`` uses. Never for a server others reach."""

import secrets
from pathlib import Path

from portal.env import env_bool, env_str

from .base import *  # noqa: F403
from .base import CELERY_BROKER_TRANSPORT_OPTIONS, REDIS_URL, VAR_DIR

DEBUG = env_bool("DEBUG", True)
VAR_DIR.mkdir(parents=True, exist_ok=True)
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
if not REDIS_URL:
    # The filesystem broker's folders, under var/, for the worker ``make run`` starts.
    for _option in ("data_folder_in", "processed_folder", "control_folder"):
        Path(CELERY_BROKER_TRANSPORT_OPTIONS[_option]).mkdir(parents=True, exist_ok=True)


def _local_secret_key() -> str:
    """A key generated once per checkout and kept in the ignored var/ folder."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env_str("SECRET_KEY") or _local_secret_key()
# Mail is printed by the process that sends it (the Celery worker) unless configured.
if not env_str("EMAIL_BACKEND") and not env_str("EMAIL_HOST"):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
PORTAL_SHOW_DEMO_LOGINS = True
