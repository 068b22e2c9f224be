"""A page's fragment rendered once per version of the engagement's figures.

``cached_html(engagement, name, render)`` keeps the HTML ``render()`` returns under
``portal.derived``'s key (the engagement's version, the site's, the day, the running
code's digest) and a digest of the templates and of the packages that render them,
so a release that changes only a template never shows another release's HTML. What
goes in a fragment must depend on those versions only: nothing of the request, the
user or the current time (the rest of the page stays rendered per view).
"""

from __future__ import annotations

import functools
import hashlib
from importlib import metadata

from django.utils.safestring import mark_safe

from portal import derived

APPS = ("portal", "vendors", "contracts")
PACKAGES = ("Django", "django-crispy-forms", "crispy-bootstrap5")


@functools.cache
def templates_version() -> str:
    """A digest of every template of the project and the versions of the packages
    that render them (computed once per process)."""
    digest = hashlib.sha256()
    folders = [derived.ROOT / "templates"] + [derived.ROOT / app / "templates" for app in APPS]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(derived.ROOT)).encode())
                digest.update(path.read_bytes())
    for package in PACKAGES:
        digest.update(f"{package}={metadata.version(package)}".encode())
    return digest.hexdigest()[:12]


def cached_html(engagement, name: str, render):
    """``render()`` (a dict of HTML strings, or one) once per version of the
    engagement's figures and of the templates; strings come back safe to output."""
    value = derived.cached(engagement, f"{name}:html:{templates_version()}", render)
    if isinstance(value, dict):
        return {key: _safe(item) for key, item in value.items()}
    return _safe(value)


def _safe(value):
    return mark_safe(value) if isinstance(value, str) else value
