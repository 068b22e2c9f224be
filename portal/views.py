"""The accounts pages (login with the demo logins, logout) and the 404 page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import LoginView, LogoutView
from django.shortcuts import render

DEMO_LOGINS = [
    ("member", "fills in the steps (team Customer Care)"),
    ("manager", "approves vendors (team Customer Care)"),
    ("outsider", "member of another team"),
    ("admin", "site administrator"),
]
DEMO_PASSWORD = "portal-demo"


class PortalLoginView(LoginView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.PORTAL_SHOW_DEMO_LOGINS:
            usernames = [name for name, _ in DEMO_LOGINS]
            seeded = get_user_model().objects.filter(username__in=usernames).count()
            if seeded == len(usernames):
                context["demo_logins"] = DEMO_LOGINS
                context["demo_password"] = DEMO_PASSWORD
        return context


class PortalLogoutView(LogoutView):
    """Log out and say so on the login page the user lands on."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You are logged out.")
        return response


def page_not_found(request, exception):
    """The 404 page. Django's own view shows the exception's class name ("Resolver404")
    for an address that matches no URL; show only a message written for people."""
    message = exception.args[0] if exception.args and isinstance(exception.args[0], str) else ""
    return render(request, "404.html", {"exception": message}, status=404)
