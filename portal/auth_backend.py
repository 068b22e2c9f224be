"""The signed-in user and their team roles, read from the shared cache instead of two
queries on every request.

``CachedModelBackend`` is Django's ``ModelBackend`` (the same password check and the
same rule for inactive users) whose ``get_user`` keeps the user's row and their role
per team (``portal.access.team_roles``) under a version of that person in the shared
cache (``portal.versions``). Saving or deleting the user, or one of their
memberships, moves the version (``moved``, a receiver of those models' post_save and
post_delete): at once, so a request reading the rows before the change commits keeps
them under a version nobody reads after it, and again at the commit, so what a
request read before it is never found after it. A password change, a deactivation or
a team left therefore takes effect on the very next request, as without the cache.

Only with a shared cache (``settings.SHARED_CACHE``: Redis): with the embedded
default's per-process memory, a change made in another process would not move the
version this one reads, so each request reads the rows as Django does.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction

from portal import versions
from portal.models import Membership

VERSION_KEY = "auth:user-version:{}"
USER_KEY = "auth:user:{}:{}"
# A kept user leaves the cache after an hour without requests (a session's idle
# timeout is longer: the next request reads the rows again).
TIMEOUT = 60 * 60


def moved(sender, instance, **kwargs) -> None:
    """Receiver of a user's or a membership's save and delete: that person's rows."""
    if not settings.SHARED_CACHE or kwargs.get("raw"):
        return
    key = VERSION_KEY.format(getattr(instance, "user_id", None) or instance.pk)
    versions.move(key)
    transaction.on_commit(lambda: versions.move(key))


class CachedModelBackend(ModelBackend):
    def get_user(self, user_id):
        if not settings.SHARED_CACHE:
            return super().get_user(user_id)
        key = USER_KEY.format(user_id, versions.read(VERSION_KEY.format(user_id)))
        found = cache.get(key)
        if found is not None:
            user, roles = found
        else:
            user = super().get_user(user_id)
            if user is None:
                return None
            roles = dict(Membership.objects.filter(user=user).values_list("team_id", "role"))
            cache.set(key, (user, roles), TIMEOUT)
        user._portal_team_roles = roles  # what access.team_roles reads once per request
        return user
