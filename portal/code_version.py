"""A digest of the running code, so what one release cached is never read by another.

Figures are cached as the objects that compute them, or as the HTML a template rendered
from them (``portal.derived``); a release whose classes or templates moved or changed
must not read them.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("portal", "vendors", "contracts")
RENDERING_PACKAGES = ("Django", "django-crispy-forms", "crispy-bootstrap5")


@functools.cache
def code_version() -> str:
    """A digest of the running code: every module of the portal's apps, every template
    of the project, and the versions of the packages that render them. A figure is
    kept as the objects that compute it, or as the HTML a template rendered from them,
    so what a release cached is never read by another one (whose classes or templates
    may have moved or changed). Computed once per process."""
    digest = hashlib.sha256()
    folders = [(ROOT / "templates", "*")]
    for app in APPS:
        folders += [(ROOT / app, "*.py"), (ROOT / app / "templates", "*")]
    for folder, pattern in folders:
        for path in sorted(folder.rglob(pattern)):
            if path.is_file():
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    for package in RENDERING_PACKAGES:
        digest.update(f"{package}={metadata.version(package)}".encode())
    return digest.hexdigest()[:12]
