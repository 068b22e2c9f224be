from django.shortcuts import render


def posted(request):
    """The POST data of a POST request, even when empty (so the form shows its
    "required" errors), or None for a GET (an unbound form)."""
    return request.POST if request.method == "POST" else None


def confirmed(request) -> bool:
    """Whether a delete/remove POST comes from the confirmation page.

    Removing is two POSTs: the button in a list leads to a page that names what
    will go and asks again. It works without JavaScript, by keyboard, and a plain
    GET still never changes anything.
    """
    return request.POST.get("confirmed") == "yes"


def confirm_page(request, *, engagement, title: str, question: str, button: str, cancel_url: str):
    return render(
        request,
        "vendors/confirm.html",
        {
            "engagement": engagement,
            "title": title,
            "question": question,
            "button": button,
            "cancel_url": cancel_url,
            "action_url": request.path,
        },
    )
