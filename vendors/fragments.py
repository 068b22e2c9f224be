"""Rendered parts of the step-4 pages, kept per version of their engagement.

A part is rendered once per change of what it shows (``portal.derived.cached``: the
engagement's data, the site's shared data, the day), per variant of the viewer that
changes it (their rights, say), and per version of the templates: the running code's
digest covers the Python modules only, so a release that changes a template alone
never serves the parts its predecessor rendered.
"""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings
from django.template.loader import render_to_string

from portal import derived


@functools.cache
def templates_digest() -> str:
    """A digest of every template the project renders (read once per process)."""
    digest = hashlib.sha256()
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(folder.rglob("*.html")):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cached_part(engagement, name: str, template: str, context) -> str | None:
    """``template`` rendered with ``context()`` (no request: nothing of the viewer but
    what ``name`` says), once per version of ``engagement`` and of the templates.
    None when ``context()`` is None: the part needs the request (a form's CSRF token)
    and the caller renders it with the page."""

    def render():
        values = context()
        return None if values is None else render_to_string(template, values)

    return derived.cached(engagement, f"part:{templates_digest()}:{name}", render)
