"""What every signed-in request goes through: the session's idle and absolute
lifetimes, and responses no browser or proxy keeps."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import patch_cache_control

from portal.wording import counted

LOGIN_AT = "portal_login_at"
SEEN_AT = "portal_seen_at"


def note_login_time(sender, request, user, **kwargs):
    """Receiver of ``user_logged_in``: the session remembers when its login was."""
    if hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now  # the login's own save renews the session


class SessionLifetimeMiddleware:
    """End a session ``SESSION_ABSOLUTE_SECONDS`` after its login, however busy it is,
    and keep a used one alive.

    The idle timeout (``SESSION_COOKIE_AGE``) is renewed by saving the session, which
    writes it to the cache and the database: once every ``SESSION_RENEW_SECONDS`` of
    use, not on every request (``SESSION_SAVE_EVERY_REQUEST`` would write it on each
    one), so a session ends between ``SESSION_COOKIE_AGE - SESSION_RENEW_SECONDS`` and
    ``SESSION_COOKIE_AGE`` after its last request. The idle timeout never ends a
    session that is used; the absolute lifetime does. The login time is noted in the
    session on the first request that sees it signed in (the login's own redirect).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            login_at = request.session.setdefault(LOGIN_AT, now)
            if now - login_at > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                hours = settings.SESSION_ABSOLUTE_SECONDS / 3600
                ended = counted(hours, "hour", spec="g")
                message = f"Your session ended {ended} after you logged in. Log in again."
                messages.info(request, message)
                return redirect_to_login(request.get_full_path())
            if now - request.session.get(SEEN_AT, 0) >= settings.SESSION_RENEW_SECONDS:
                request.session[SEEN_AT] = now  # saved at the response: a renewed expiry
        return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """Pages and files for a signed-in user are not kept in the browser's cache (where
    the next person at the machine finds them with Back) nor in a shared proxy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class QueryCountHeaderMiddleware:
    """Bench only (``portal.settings.bench``): the number of SQL queries a request ran,
    in an ``X-Queries`` response header the load benchmark reads per page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import connection

        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Queries"] = str(count)
        return response
