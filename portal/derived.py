"""Figures derived from an engagement's data, computed once per change, not per view.

Every audited change of an engagement's data bumps ``Engagement.version`` in the
change's own transaction: each decision model's audit entry carries the engagement's
id (``get_additional_data``), and ``bump_for_log_entry`` (a receiver of the audit
entry's creation) adds one to that engagement's version. A change an engagement
does not own (a vendor's registry entry, the rate card, exchange rates, teams, a
user's name) bumps the site's version instead, kept in the shared cache. Each bump
of what the dashboard shows (not a checklist answer or a liaison entry:
``portal.parts.TEAM_BUT``) also moves its team's version (in the shared cache, at
commit): figures read across a user's engagements (the dashboard's panels) are kept
under the versions of the user's teams (``cached_for_teams``).

``cached(engagement, name, compute)`` keeps a figure in Django's cache under the
engagement's id and version, the site's version and today's date (overdue actions
and notice deadlines move with the calendar), so a figure is computed at most once
per change, and a stale one cannot be found: a change moves the key.
"""

from __future__ import annotations

import hashlib
import threading

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from portal import versions
from portal.code_version import code_version
from portal.models import Engagement
from portal.parts import TEAM, moved_parts

SITE_KEY = "derived:site-version"
TEAM_KEY = "derived:team-version:{}"
PART_KEY = "derived:part-version:{}:{}"
# A figure nobody asks for again leaves the cache after a day (a new day is a new key).
TIMEOUT = 24 * 60 * 60
_MISSING = object()
# What this thread knows of the current request (or task): an instance loaded before
# its change holds the old version, so a changed one's is read again once per change.
_changed = threading.local()


def _local(name: str, kind):  # this thread's set or dict ``name``
    if getattr(_changed, name, None) is None:
        setattr(_changed, name, kind())
    return getattr(_changed, name)


def _changed_ids() -> set[int]:  # engagements this thread changed in this unit
    return _local("ids", set)


def _read() -> dict[int, int]:  # their versions, read since the last change
    return _local("read", dict)


def _pending() -> set[int]:  # changed in a transaction not committed yet
    return _local("pending", set)


def start_unit(**kwargs) -> None:
    """Receiver of request_started (and a task's start): a fresh start, the site's
    version read once. A task keeps no figure unless ``settings.SHARED_CACHE``."""
    forget_changes()
    _changed.in_unit = True
    _changed.uncached = "task" in kwargs and not settings.SHARED_CACHE


def forget_changes(**kwargs) -> None:
    """Receiver of request_finished (and a task's end): what this thread knew of the
    request is forgotten; outside a request the site's version is read every time."""
    _changed.site = None
    _changed.parts = None
    _changed.in_unit = False
    _changed.uncached = False
    _changed_ids().clear()
    _read().clear()
    _pending().clear()
    _moved_in_transaction().clear()
    _local("per_request", dict).clear()


def _moved_in_transaction() -> dict[int, tuple]:
    return _local("moved", dict)


def _already_moved(engagement_id: int) -> tuple[set[str], int] | None:
    """The parts the current transaction already moved for the engagement (and its
    team's id), or None when it has not moved its version yet. A transaction's first
    change moves the version and registers a commit callback; while that callback is
    still waiting (its savepoint neither rolled back nor the transaction ended) the
    version has moved for every later change of the same transaction: nothing
    computed inside it is kept (``_pending``), so one move per transaction is as safe
    as one per change."""
    mark = _moved_in_transaction().get(engagement_id)
    if mark is None or not connection.in_atomic_block:
        return None
    callback, parts, team_id = mark
    if not any(entry[1] is callback for entry in connection.run_on_commit):
        return None
    return parts, team_id


def bump(engagement_id: int, app_label: str | None = None, model: str | None = None) -> None:
    """One more change of the engagement's data (in the caller's transaction), made in
    ``app_label`` to ``model`` (None: any part of the figures may show it)."""
    engagement_id = int(engagement_id)
    parts = moved_parts(app_label, model)
    already = _already_moved(engagement_id)
    if already is not None:
        # A KPI month's eight rows, say: one UPDATE and one move of each version.
        moved, team_id = already
        for part in parts - moved:
            _bump_part(part, engagement_id, team_id)
        moved |= parts
        return
    for part in parts - {TEAM}:
        _bump_part(part, engagement_id)
    table = connection.ops.quote_name(Engagement._meta.db_table)
    with connection.cursor() as cursor:
        # RETURNING (PostgreSQL, SQLite 3.35+): the new version without another query.
        cursor.execute(
            f"UPDATE {table} SET version = version + 1 WHERE id = %s RETURNING version, team_id",
            [engagement_id],
        )
        row = cursor.fetchone()
    _changed_ids().add(engagement_id)
    if row is None:
        # Deleted (or its own deletion's entries): whatever listed it moves.
        _read().pop(engagement_id, None)
        bump_site()
    else:
        _read()[engagement_id] = row[0]
        if TEAM in parts:
            bump_team(row[1])
    if connection.in_atomic_block:
        # Until the change commits, figures of the engagement are computed but never
        # kept: a rollback would leave them under a version a later change reuses.
        _pending().add(engagement_id)

        def committed():
            _pending().discard(engagement_id)
            _moved_in_transaction().pop(engagement_id, None)

        transaction.on_commit(committed)
        if row is not None:
            _moved_in_transaction()[engagement_id] = (committed, parts, row[1])


def site_version() -> int:
    """The site's version, read once per request (a figure a request computes after
    its own change of shared data is newer than its key, never older)."""
    version = getattr(_changed, "site", None)
    if version is None:
        version = versions.read(SITE_KEY)
        if getattr(_changed, "in_unit", False):
            _changed.site = version
    return version


def bump_site() -> None:
    """A change every engagement's figures may show; takes effect at commit."""

    def _bump():
        versions.move(SITE_KEY)
        _changed.site = None  # this thread reads the new version from now on

    transaction.on_commit(_bump)


def bump_team(team_id: int) -> None:
    """A change on one of the team's engagements (``_move``)."""
    _move(TEAM_KEY.format(team_id))


def _bump_part(part: str, engagement_id: int, team_id: int | None = None) -> None:
    _move(TEAM_KEY.format(team_id) if part == TEAM else PART_KEY.format(part, engagement_id))


def _move(key: str) -> None:
    """A version kept in the shared cache moves now and again at commit, so a figure
    another request computed from the data before the commit is never found after it
    (nor one computed in the change's own transaction, which is not kept)."""

    def move():
        _parts().pop(key, None)  # this thread reads it again
        versions.move(key)

    move()
    if connection.in_atomic_block:
        transaction.on_commit(move)


def _parts() -> dict[str, int]:
    return _local("parts", dict)


def _versions(keys: list[str]) -> dict[str, int]:
    """Versions kept in the shared cache, in one round trip, read once per request (a
    key the cache does not know yet starts at a number never used before)."""
    memo = _parts() if getattr(_changed, "in_unit", False) else {}
    found = {key: memo[key] for key in keys if key in memo}
    if len(found) < len(keys):
        found |= cache.get_many([key for key in keys if key not in found])
    for key in set(keys) - found.keys():
        found[key] = versions.start(key)
    memo.update(found)
    return found


def part_version(part: str, engagement: Engagement) -> int:  # read once per request
    return part_versions(part, [engagement])[engagement.pk]


def part_versions(part: str, engagements) -> dict[int, int]:
    """``part_version`` of each engagement, by id, in one cache round trip."""
    keys = {PART_KEY.format(part, engagement.pk): engagement.pk for engagement in engagements}
    found = _versions(list(keys))
    return {pk: found[key] for key, pk in keys.items()}


def team_versions(team_ids) -> dict[int, int]:
    """The version of each team's engagements, by team id, in one cache round trip."""
    keys = {TEAM_KEY.format(team_id): team_id for team_id in team_ids}
    found = _versions(list(keys))
    return {team_id: found[key] for key, team_id in keys.items()}


def per_request(engagement: Engagement, name: str, compute, part: str):
    """``compute()`` once per request and version of the engagement's ``part``: the
    same object for every caller in the request (several figures read the same rows),
    never kept beyond it. Outside a request (or a task), computed on each call."""
    if not getattr(_changed, "in_unit", False):
        return compute()
    key = (name, engagement.pk, part_version(part, engagement))
    found = _local("per_request", dict)
    if key not in found:
        found[key] = compute()
    return found[key]


def bump_for_log_entry(sender, instance, created, **kwargs) -> None:
    """Receiver of the audit entry's creation: the change's engagement, or the site."""
    if not created:
        return
    data = instance.additional_data if isinstance(instance.additional_data, dict) else {}
    engagement_id = data.get("engagement_id")
    if engagement_id is not None:
        bump(engagement_id, instance.content_type.app_label, instance.content_type.model)
        for team_id in _teams_moved(instance):
            bump_team(team_id)
    else:
        bump_site()


def _teams_moved(entry) -> list[int]:
    """The old and new team of an engagement moved to another team (both teams' lists
    change; ``bump`` reads only one of them: the entry is written before the row)."""
    if entry.content_type.model_class() is not Engagement:
        return []
    moved = (getattr(entry, "changes_dict", None) or {}).get("team") or []
    return [int(team_id) for team_id in moved if str(team_id).isdigit()]


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


def _key(name: str, engagement: Engagement, site: int, day: str, part=None, read=None) -> str:
    if part is None:
        version = current_version(engagement)
    else:  # ``read``: the part's version, when the caller read it already
        version = f"{part}.{read if read is not None else part_version(part, engagement)}"
    return f"derived:{code_version()}:{name}:{engagement.pk}:{version}:{site}:{day}"


def cached(engagement: Engagement, name: str, compute, part: str | None = None):
    """``compute()`` once per version of the engagement (and of the site, and day), or
    of one ``part`` of its figures (``portal.parts``: what a change in other apps leaves)."""
    if getattr(_changed, "uncached", False):
        return compute()
    key = _key(name, engagement, site_version(), f"{timezone.localdate():%Y%m%d}", part)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        if engagement.pk not in _pending():
            cache.set(key, value, TIMEOUT)
    return value


def cached_many(engagements, name: str, compute_many, part: str | None = None) -> dict:
    """``cached`` for a page of engagements in one cache round trip (two for a
    ``part``): by engagement id, the cached figures, and ``compute_many(missing)`` (a
    dict by id, computed in one batch) for the engagements whose figure is not cached
    yet."""
    engagements = list(engagements)
    if getattr(_changed, "uncached", False):
        return compute_many(engagements)
    site, day = site_version(), f"{timezone.localdate():%Y%m%d}"
    read = part_versions(part, engagements) if part is not None else {}
    keys = {
        engagement.pk: _key(name, engagement, site, day, part, read.get(engagement.pk))
        for engagement in engagements
    }
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


def cached_for_teams(scope: str, team_ids, name: str, compute):
    """``compute()`` once per version of the teams' engagements (and of the site, and
    day), kept under ``scope`` (who it is for, e.g. a user and their roles): what a
    dashboard panel reads across the user's engagements. Not kept while this thread
    has an uncommitted change (the team's version moves only at its commit)."""
    if getattr(_changed, "uncached", False):
        return compute()
    versions = team_versions(team_ids)
    teams = ",".join(f"{team_id}.{versions[team_id]}" for team_id in sorted(versions))
    site, day = site_version(), f"{timezone.localdate():%Y%m%d}"
    digest = hashlib.sha256(f"{scope}|{teams}".encode()).hexdigest()[:32]
    key = f"derived:{code_version()}:{name}:teams:{digest}:{site}:{day}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        if not _pending():
            cache.set(key, value, TIMEOUT)
    return value
