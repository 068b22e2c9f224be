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
from django.db import connection, transaction
from django.utils import timezone

from portal.models import Engagement

SITE_KEY = "derived:site-version"
# A figure nobody asks for again leaves the cache after a day (a new day is a new key).
TIMEOUT = 24 * 60 * 60
_MISSING = object()
# Engagements this thread changed during the current request (or task): an instance
# loaded before the change holds the old version, so their version is read again,
# once per change (``read``: the version read since the thread's last change).
_changed = threading.local()


def _changed_ids() -> set[int]:
    if not hasattr(_changed, "ids"):
        _changed.ids = set()
    return _changed.ids


def _read() -> dict[int, int]:
    if not hasattr(_changed, "read"):
        _changed.read = {}
    return _changed.read


def _pending() -> set[int]:
    if not hasattr(_changed, "pending"):
        _changed.pending = set()
    return _changed.pending


def forget_changes(**kwargs) -> None:
    """Receiver of request_started/request_finished (and a task's start and end): a
    new request starts fresh."""
    _changed_ids().clear()
    _read().clear()
    _pending().clear()


def bump(engagement_id: int) -> None:
    """One more change of the engagement's data (in the caller's transaction)."""
    engagement_id = int(engagement_id)
    table = connection.ops.quote_name(Engagement._meta.db_table)
    with connection.cursor() as cursor:
        # RETURNING (PostgreSQL, SQLite 3.35+): the new version without another query.
        cursor.execute(
            f"UPDATE {table} SET version = version + 1 WHERE id = %s RETURNING version",
            [engagement_id],
        )
        row = cursor.fetchone()
    _changed_ids().add(engagement_id)
    if row is None:
        _read().pop(engagement_id, None)
    else:
        _read()[engagement_id] = row[0]
    if connection.in_atomic_block:
        # Until the change commits, figures of the engagement are computed but never
        # kept: a rollback would leave them under a version a later change reuses.
        _pending().add(engagement_id)
        transaction.on_commit(lambda: _pending().discard(engagement_id))


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


def bump_site_for(sender, **kwargs) -> None:
    """Receiver of a shared model's save or delete (rate card, exchange rate, vendor
    registry): every engagement's figures may use it, audited or not (a bulk load or
    an import with the audit history paused moves the figures too)."""
    if kwargs.get("raw"):
        return  # fixtures loading: nothing is cached from them yet
    bump_site()


def bump_for_user(sender, instance, created, update_fields=None, **kwargs) -> None:
    """Receiver of a user's save: names show in figures; a login's last_login does not."""
    if update_fields is not None and set(update_fields) <= {"last_login", "password"}:
        return
    if not created:
        bump_site()


def current_version(engagement: Engagement) -> int:
    if engagement.pk in _changed_ids():
        read = _read()
        if engagement.pk not in read:  # one query per change, not per figure
            read[engagement.pk] = (
                Engagement.objects.filter(pk=engagement.pk)
                .values_list("version", flat=True)
                .first()
                or 0
            )
        engagement.version = read[engagement.pk]
    return engagement.version


def _key(name: str, engagement: Engagement, site: int, day: str) -> str:
    return f"derived:{name}:{engagement.pk}:{current_version(engagement)}:{site}:{day}"


def cached(engagement: Engagement, name: str, compute):
    """``compute()`` once per version of the engagement (and of the site, and day)."""
    key = _key(name, engagement, site_version(), f"{timezone.localdate():%Y%m%d}")
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        if engagement.pk not in _pending():
            cache.set(key, value, TIMEOUT)
    return value


def cached_many(engagements, name: str, compute_many) -> dict:
    """``cached`` for a page of engagements in one cache round trip: by engagement id,
    the cached figures, and ``compute_many(missing)`` (a dict by id, computed in one
    batch) for the engagements whose figure is not cached yet."""
    engagements = list(engagements)
    site, day = site_version(), f"{timezone.localdate():%Y%m%d}"
    keys = {engagement.pk: _key(name, engagement, site, day) for engagement in engagements}
    found = cache.get_many(list(keys.values()))
    result = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [engagement for engagement in engagements if engagement.pk not in result]
    if missing:
        computed = compute_many(missing)
        fresh = {engagement.pk: computed.get(engagement.pk) for engagement in missing}
        pending = _pending()
        cache.set_many(
            {keys[pk]: value for pk, value in fresh.items() if pk not in pending}, TIMEOUT
        )
        result.update(fresh)
    return result
