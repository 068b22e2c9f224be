"""The vendor contact's session: a link token exchanged for a session bound to one
invitation, the checks every respondent page makes, and the rate limits.

The contact is never a Django user: opening the link ends any login the browser
had (the session is flushed and given a new key) and stores only the invitation's
id and token hash. Every other page of the site sees an anonymous visitor; the
respondent pages see the invitation, as long as it is neither revoked nor expired
(then a plain 410 page, and the binding is dropped). The binding holds the token's
hash, compared in constant time, so a session cannot be pointed at another
invitation by changing an id.

A wrong, revoked or expired token gets the same 410 page after the same work (one
lookup by the token's hash): the page never tells whether the link ever existed.
"""

from __future__ import annotations

import functools
import hmac
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import logout
from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone

from portal.login_throttle import client_address
from portal.tokens import token_hash
from vendors.invitations.models import Invitation

SESSION_KEY = "respondent_invitation"
SESSION_HOURS = 8


def _window_hit(key: str, limit: int, seconds: int = 3600) -> bool:
    """Count one hit on ``key`` in a fixed window; True when over ``limit``. The
    counts live in the default cache, like the API's rate limits."""
    if cache.add(key, 1, seconds):
        return limit < 1
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.add(key, 1, seconds)
        return False


def no_store(response):
    """What every respondent response carries: no Referer leaves the page (it would
    hold the page's address), nothing is kept in a browser or proxy cache."""
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    return response


def gone(request, *, late: bool = False):
    """The plain 410 page. ``late``: a bound session (its holder has the link) whose
    deadline passed, told so, so a late submission is refused with its reason."""
    return no_store(render(request, "invitations/respond_gone.html", {"late": late}, status=410))


def throttled(request):
    response = render(request, "invitations/respond_throttled.html", status=429)
    response["Retry-After"] = "3600"
    return no_store(response)


def lookup(raw: str) -> Invitation | None:
    """The usable invitation whose token is ``raw``, else None (the same one lookup
    whether the token is unknown, revoked or expired)."""
    invitation = (
        Invitation.objects.select_related("candidate__vendor", "candidate__engagement")
        .filter(token_hash=token_hash(raw[:200]))
        .first()
    )
    if invitation is None or not invitation.usable():
        return None
    return invitation


def enter_throttled(request) -> bool:
    """Link openings per address (guessing tokens is a lot of openings)."""
    address = client_address(request) or "unknown"
    return _window_hit(f"respond_enter:{address}", settings.PORTAL_RESPOND_ENTER_PER_HOUR)


def bind(request, invitation: Invitation) -> None:
    logout(request)  # flushes the session: no user login survives in a respondent session
    request.session[SESSION_KEY] = {"id": invitation.pk, "hash": invitation.token_hash}
    expiry = min(
        timezone.now() + timedelta(hours=SESSION_HOURS),
        invitation.deadline,
    )
    request.session.set_expiry(expiry)


def bound_invitation(request) -> Invitation | None:
    """The invitation this session is bound to (usable or not), or None."""
    if request.user.is_authenticated:
        return None
    binding = request.session.get(SESSION_KEY)
    if not isinstance(binding, dict) or not isinstance(binding.get("id"), int):
        return None
    invitation = (
        Invitation.objects.select_related(
            "candidate__vendor", "candidate__engagement__team", "candidate__checklist"
        )
        .filter(pk=binding["id"])
        .first()
    )
    if invitation is None or not hmac.compare_digest(
        str(binding.get("hash", "")), invitation.token_hash
    ):
        return None
    return invitation


def respondent_page(view):
    """A page of the vendor contact: bound session required (403 page otherwise),
    410 once revoked or expired, rate-limited writes, no-referrer and no-store."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        invitation = bound_invitation(request)
        if invitation is None:
            return no_store(render(request, "invitations/respond_no_session.html", status=403))
        if not invitation.usable():
            request.session.pop(SESSION_KEY, None)
            return gone(request, late=invitation.revoked_at is None)
        if request.method == "POST":
            address = client_address(request) or "unknown"
            limit = settings.PORTAL_RESPOND_POSTS_PER_HOUR
            # Both counts go up; either over its limit refuses the post.
            over_invitation = _window_hit(f"respond_post:inv:{invitation.pk}", limit)
            over_address = _window_hit(f"respond_post:addr:{address}", limit * 2)
            if over_invitation or over_address:
                return throttled(request)
        request.invitation = invitation
        request.respondent_address = client_address(request)
        return no_store(view(request, *args, **kwargs))

    return wrapper
