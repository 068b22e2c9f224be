def posted(request):
    """The POST data of a POST request, even when empty (so the form shows its
    "required" errors), or None for a GET (an unbound form)."""
    return request.POST if request.method == "POST" else None
