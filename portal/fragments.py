"""A page's fragment rendered once per version of the engagement's figures.

``cached_html(engagement, name, render)`` keeps the HTML ``render()`` returns under
``portal.derived``'s key (the engagement's version, the site's, the day, and the
running code's digest, templates and the packages that render them included, so a
release that changes only a template never shows another release's HTML). What goes
in a fragment must depend on those versions only: nothing of the request, the user or
the current time (the rest of the page stays rendered per view), unless ``name`` says
which variant it is.
"""

from __future__ import annotations

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe

from portal import derived

# What a cached part's forms carry instead of a CSRF token: replaced by the viewer's
# own token on each view. Derived from the secret key, so no typed text is one.
CSRF_MARK = (
    "csrf-mark-" + salted_hmac("portal.fragments", "csrf-mark", algorithm="sha256").hexdigest()[:32]
)


def cached_html(engagement, name: str, render, part: str | None = None):
    """``render()`` (a dict of HTML strings, or one, or None) once per version of the
    engagement's figures (or of one part of them: ``portal.parts``); strings come back
    safe to output."""
    value = derived.cached(engagement, f"{name}:html", render, part=part)
    if isinstance(value, dict):
        return {key: _safe(item) for key, item in value.items()}
    return _safe(value)


def _safe(value):
    return mark_safe(value) if isinstance(value, str) else value


def cached_page_part(request, engagement, name: str, template: str, context, part=None):
    """``template`` rendered with ``context()`` once per version of the engagement's
    figures (``cached_html``), its forms given the viewer's CSRF token on each view.
    The template sees what ``context()`` gives and nothing of the request: ``name``
    says the variant (the viewer's rights, the query string)."""

    def render():
        return render_to_string(template, {**context(), "csrf_token": CSRF_MARK})

    html = cached_html(engagement, name, render, part=part)
    return mark_safe(html.replace(CSRF_MARK, get_token(request)))
