"""Small helpers every app's views use the same way: bound forms, delete confirmation and
a safe "next" path to return to."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

from django.http import QueryDict
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme


def posted(request):
    """The POST data of a POST request, even when empty (so the form shows its
    "required" errors), or None for a GET (an unbound form)."""
    return request.POST if request.method == "POST" else None


def engagement_next(request, name: str = "next") -> str:
    """The ``next`` path the request carries (POST, else GET) when it is safe to
    return to: a path of this site (no other host or scheme) that resolves to a page
    inside an engagement. Anything else gives "" (go to the usual place); the page
    returned to checks access itself."""
    value = (request.POST.get(name) or request.GET.get(name) or "").strip()
    if not value.startswith("/") or not url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return ""
    try:
        match = resolve(parts.path)
    except Resolver404:
        return ""
    return value if "engagement_pk" in match.kwargs else ""


def with_query(path: str, **params) -> str:
    """``path`` with ``params`` set in its query string (others kept)."""
    parts = urlsplit(path)
    query = QueryDict(parts.query, mutable=True)
    for key, value in params.items():
        query[key] = str(value)
    return urlunsplit(("", "", parts.path, query.urlencode(), ""))


def confirm_delete(
    request,
    *,
    engagement,
    what: str,
    name: str,
    cancel_url: str,
    crumb: str,
    consequences: Iterable[str] = (),
    button: str = "",
):
    """The page a Delete (or Remove) link leads to: a GET shows it and changes
    nothing; its form posts to the same URL, and the view deletes on POST. It works
    without JavaScript and by keyboard."""
    return render(
        request,
        "confirm_delete.html",
        {
            "engagement": engagement,
            "what": what,
            "name": name,
            "cancel_url": cancel_url,
            "crumb": crumb,
            "consequences": [line for line in consequences if line],
            "button": button or f"Delete {what}",
        },
    )
