"""Rendered parts of the step-4 pages, kept per version of their engagement's steps
1-4 data (``portal.parts.PARTS["vendors"]``: step 4 reads nothing of steps 5-7, so a
liaison entry or a KPI month leaves them).

A part is rendered once per change of what it shows (``portal.derived.cached``: the
engagement's data, the site's shared data, the day), per variant of the viewer that
changes it (their rights, say); the key carries the running code's digest, templates
included (``portal.code_version``), so a release never serves the parts its
predecessor rendered.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from portal import fragments


def cached_part(engagement, name: str, template: str, context) -> str | None:
    """``template`` rendered with ``context()`` (no request: nothing of the viewer but
    what ``name`` says), once per version of ``engagement``.
    None when ``context()`` is None: the part needs the request (a form's CSRF token)
    and the caller renders it with the page."""

    def render():
        values = context()
        return None if values is None else render_to_string(template, values)

    return fragments.cached_html(engagement, f"part:{name}", render, part="vendors")
