"""Figures derived from an engagement's data, computed once per change, not per view.

Every audited change of an engagement's data bumps ``Engagement.version`` in the
change's own transaction: each decision model's audit entry carries the engagement's
id (``get_additional_data``), and ``bump_for_log_entry`` (a receiver of the audit
entry's creation) adds one to that engagement's version. A change an engagement
does not own (a vendor's registry entry, the rate card, exchange rates, teams, a
user's name) bumps the site's version instead, kept in the shared cache.

``cached(engagement, name, compute)`` keeps a figure in Django's cache under the
engagement's id and version, the site's version and today's date (overdue actions
and notice deadlines move with the calendar), so a figure is computed at most once
per change, and a stale one cannot be found: a change moves the key.
"""

from __future__ import annotations

import threading
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from portal.models import Engagement

SITE_KEY = "derived:site-version"
# A figure nobody asks for again leaves the cache after a day (a new day is a new key).
TIMEOUT = 24 * 60 * 60
_MISSING = object()
# Engagements this thread changed during the current request (or task): an instance
# loaded before the change holds the old version, so their version is read again.
_changed = threading.local()


def _changed_ids() -> set[int]:
    if not hasattr(_changed, "ids"):
        _changed.ids = set()
    return _changed.ids


def forget_changes(**kwargs) -> None:
    """Receiver of request_started/request_finished: a new request starts fresh."""
    _changed_ids().clear()


def bump(engagement_id: int) -> None:
    """One more change of the engagement's data (in the caller's transaction)."""
    Engagement.objects.filter(pk=engagement_id).update(version=F("version") + 1)
    _changed_ids().add(int(engagement_id))


def site_version() -> int:
    version = cache.get(SITE_KEY)
    if version is None:
        # Never a number used before (the cache may have been emptied): nanoseconds now.
        cache.add(SITE_KEY, time.time_ns(), None)
        version = cache.get(SITE_KEY, 0)
    return version


def bump_site() -> None:
    """A change every engagement's figures may show; takes effect at commit."""

    def _bump():
        try:
            cache.incr(SITE_KEY)
        except ValueError:  # not in the cache: a fresh number is as good
            cache.set(SITE_KEY, time.time_ns(), None)

    transaction.on_commit(_bump)


def bump_for_log_entry(sender, instance, created, **kwargs) -> None:
    """Receiver of the audit entry's creation: the change's engagement, or the site."""
    if not created:
        return
    data = instance.additional_data if isinstance(instance.additional_data, dict) else {}
    engagement_id = data.get("engagement_id")
    if engagement_id is not None:
        bump(engagement_id)
    else:
        bump_site()


def bump_for_user(sender, instance, created, update_fields=None, **kwargs) -> None:
    """Receiver of a user's save: names show in figures; a login's last_login does not."""
    if update_fields is not None and set(update_fields) <= {"last_login", "password"}:
        return
    if not created:
        bump_site()


def current_version(engagement: Engagement) -> int:
    if engagement.pk in _changed_ids():
        engagement.version = (
            Engagement.objects.filter(pk=engagement.pk).values_list("version", flat=True).first()
            or 0
        )
    return engagement.version


def cached(engagement: Engagement, name: str, compute):
    """``compute()`` once per version of the engagement (and of the site, and day)."""
    version = current_version(engagement)
    key = f"derived:{name}:{engagement.pk}:{version}:{site_version()}:{timezone.localdate():%Y%m%d}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
