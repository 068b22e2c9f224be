"""What the pages of steps 5-7 share: their URLs and the page a form is shown on."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse


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


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
