"""What the pages of steps 5-7 share: their URLs, the page a form is shown on and how
a form's input is saved."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse

from portal.errors import DomainError, add_to_form


def url(name: str, engagement, **kwargs) -> str:
    return reverse(f"contracts:{name}", kwargs={"engagement_pk": engagement.pk, **kwargs})


def form_page(request, engagement, form, *, title: str, crumb: str, back: str, intro: str = ""):
    return render(
        request,
        "contracts/form.html",
        {
            "engagement": engagement,
            "form": form,
            "title": title,
            "crumb": crumb,
            "back": back,
            "intro": intro,
        },
    )


def form_saved[T](
    request, form, save: Callable[[object], T], done: str | Callable[[T], str]
) -> bool:
    """Hand a valid `form`'s input to `save(data)` and say `done` (or `done(result)`);
    True once saved. An invalid form, or a `DomainError` put on it, gives False."""
    if not form.is_valid():
        return False
    try:
        result = save(form.to_input())
    except DomainError as exc:
        add_to_form(form, exc)
        return False
    messages.success(request, done(result) if callable(done) else done)
    return True


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
