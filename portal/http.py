"""Small helpers every app's views use the same way: bound forms and delete confirmation."""

from __future__ import annotations

from collections.abc import Iterable

from django.shortcuts import render


def posted(request):
    """The POST data of a POST request, even when empty (so the form shows its
    "required" errors), or None for a GET (an unbound form)."""
    return request.POST if request.method == "POST" else None


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
