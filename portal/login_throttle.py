"""Login throttling: what django-axes is told about addresses, limits and lockouts.

Axes counts failed logins (portal and admin alike) and refuses a login while its
count is over the limit; settings (``AXES_*`` in ``portal/settings/base.py``) say
why the account-and-address pair and the address alone are the two things counted.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Sum
from django.shortcuts import render


def client_address(request) -> str | None:
    """The address the login came from: the connection's, or behind
    ``PORTAL_TRUSTED_PROXY_COUNT`` proxies the one the outermost of them saw.

    Each proxy appends the address it was called from to X-Forwarded-For, so only
    the last ``PORTAL_TRUSTED_PROXY_COUNT`` entries are written by our own proxies;
    anything to their left came from the client and could be anything.
    """
    proxies = settings.PORTAL_TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if proxies > 0 and len(hops) >= proxies:
        return hops[-proxies]
    return request.META.get("REMOTE_ADDR")


def client_username(request, credentials=None) -> str | None:
    """The login name the attempt is counted under: as typed, cut to the length the
    attempt tables hold and with NUL characters (which PostgreSQL's text refuses)
    replaced, so that a 100,000-character or binary name is counted, not a server error.

    No account has a name that long (Django's is at most 150 characters), so a cut
    name never stands for somebody else's account."""
    username = (credentials or {}).get("username")
    if username is None:
        username = request.POST.get("username")
    if not isinstance(username, str):
        return username
    limit = AccessAttempt._meta.get_field("username").max_length
    return username.replace("\x00", "\ufffd")[:limit]


class LoginThrottleHandler(AxesDatabaseHandler):
    """Axes compares one count with one limit (``AXES_FAILURE_LIMIT``). The count of
    the address alone has a higher limit of its own: it is scaled so that it reaches
    ``AXES_FAILURE_LIMIT`` at ``PORTAL_LOGIN_ADDRESS_FAILURE_LIMIT`` failures."""

    def get_failures(self, request, credentials=None) -> int:
        counts = [
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        # One count per entry of AXES_LOCKOUT_PARAMETERS: the pair, then the address.
        if len(counts) != 2:
            return max(counts, default=0)
        pair, address = counts
        return max(pair, address * settings.AXES_FAILURE_LIMIT // _address_limit())

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful login clears that login's failures from that address only:
        someone with an account of their own must not wipe their address's count
        of guesses at other accounts by logging in now and then."""
        pair = self.filter_user_attempts(request, credentials)[0]  # AXES_LOCKOUT_PARAMETERS
        count, _ = pair.delete()
        return count


def _address_limit() -> int:
    return max(settings.PORTAL_LOGIN_ADDRESS_FAILURE_LIMIT, settings.AXES_FAILURE_LIMIT)


def lockout_response(request, original_response=None, credentials=None):
    """The login page again, saying the login is locked and for how long (429)."""
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    return render(
        request,
        "registration/login.html",
        {
            "form": form,
            "next": request.POST.get("next", ""),
            "locked_out_minutes": minutes,
        },
        status=429,
    )
