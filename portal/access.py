"""Who may see, change and approve what. Every view resolves protected objects here.

The rule is team membership: a user sees an engagement only if they belong to
its team; members fill in the steps, managers also approve. Objects of another
team answer 404 so their existence is not revealed; a member lacking the role
answers 403. The predicates are django-rules permissions, so templates can also
ask ``{% has_perm "portal.approve_engagement" user engagement %}``.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from portal.models import Engagement, Membership, Team

VIEW = "view"
CHANGE = "change"
APPROVE = "approve"

_PERMS = {
    VIEW: "portal.view_engagement",
    CHANGE: "portal.change_engagement",
    APPROVE: "portal.approve_engagement",
}


def team_roles(user) -> dict[int, str]:
    """The user's role per team id, read once per request and kept on the user."""
    if not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, "_portal_team_roles", None)
    if cached is None:
        cached = dict(Membership.objects.filter(user=user).values_list("team_id", "role"))
        user._portal_team_roles = cached
    return cached


def team_ids(user) -> list[int]:
    return list(team_roles(user))


def role_for(user, team_id: int) -> str | None:
    return team_roles(user).get(team_id)


def _team_id(obj) -> int | None:
    if obj is None:
        return None
    if isinstance(obj, Engagement):
        return obj.team_id
    team_id = getattr(obj, "team_id", None)
    if team_id is not None:
        return team_id
    engagement = getattr(obj, "engagement", None)
    return engagement.team_id if engagement is not None else None


@rules.predicate
def is_team_member(user, obj) -> bool:
    return role_for(user, _team_id(obj)) is not None


@rules.predicate
def is_team_manager(user, obj) -> bool:
    return role_for(user, _team_id(obj)) == Membership.Role.MANAGER


rules.add_perm(_PERMS[VIEW], is_team_member)
rules.add_perm(_PERMS[CHANGE], is_team_member)
rules.add_perm(_PERMS[APPROVE], is_team_manager)


def can(user, action: str, engagement: Engagement) -> bool:
    # rules.has_perm, not user.has_perm: a superuser administers the site through
    # the admin but is not a member of every team, so team pages follow the rule.
    return rules.has_perm(_PERMS[action], user, engagement)


def require(user, action: str, engagement: Engagement) -> None:
    """404 when the user cannot see the engagement at all, 403 when the role is missing."""
    if not can(user, VIEW, engagement):
        raise Http404("No such engagement.")
    if action != VIEW and not can(user, action, engagement):
        raise PermissionDenied(f"Your role in {engagement.team} does not allow this.")


def visible_engagements(user):
    return Engagement.objects.filter(team_id__in=team_ids(user))


def get_engagement_for_user(request, pk: int, *, action: str = VIEW) -> Engagement:
    """The engagement ``pk`` if ``request.user`` may do ``action`` on it, else 404/403."""
    engagement = Engagement.objects.select_related("team", "owner").filter(pk=pk).first()
    if engagement is None:
        raise Http404("No such engagement.")
    require(request.user, action, engagement)
    return engagement


def get_for_engagement(
    request, queryset, *, engagement_pk: int, pk: int, action: str = VIEW, via: str = "engagement"
):
    """An object that belongs to an engagement, checked through that engagement.

    ``via`` is the lookup from the object to its engagement (``"engagement"``,
    ``"candidate__engagement"``...). The object is looked up within the
    engagement, so an id from another engagement answers 404 like a missing one.
    """
    engagement = get_engagement_for_user(request, engagement_pk, action=action)
    obj = queryset.filter(**{via: engagement, "pk": pk}).first()
    if obj is None:
        raise Http404("Not found in this engagement.")
    return engagement, obj


# The vendor registry is shared across the organization: every team member may
# read it and keep it up to date; people in no team (and anonymous users) may not.
def can_view_vendors(user) -> bool:
    return bool(team_roles(user)) or (user.is_authenticated and user.is_superuser)


def can_edit_vendors(user) -> bool:
    return bool(team_roles(user))


def require_vendor_access(user, *, write: bool = False) -> None:
    allowed = can_edit_vendors(user) if write else can_view_vendors(user)
    if not allowed:
        raise PermissionDenied("Only members of a team may use the vendor registry.")


# A vendor shortlisted in another team's open engagement is that team's decision data:
# its facts feed their comparison and approval. Only a manager (of any team) or an
# administrator may change it then; the engagement's own team members still may.
def _may_change_shortlisted_vendors(user) -> bool:
    return user.is_superuser or Membership.Role.MANAGER in team_roles(user).values()


def vendors_locked_for(user, vendors) -> set[int]:
    """The ids among ``vendors`` (a queryset or objects) that ``user`` may not change."""
    if _may_change_shortlisted_vendors(user):
        return set()
    return set(
        Engagement.objects.exclude(status=Engagement.Status.CLOSED)
        .exclude(team_id__in=team_ids(user))
        .filter(candidates__vendor__in=vendors)
        .values_list("candidates__vendor_id", flat=True)
    )


def can_edit_vendor(user, vendor) -> bool:
    return can_edit_vendors(user) and vendor.pk not in vendors_locked_for(user, [vendor])


def locked_vendor_message(vendor) -> str:
    return (
        f"{vendor} is shortlisted by another team's open engagement; only a manager may change it."
    )


def require_vendor_edit(user, vendor) -> None:
    """403 unless ``user`` may change ``vendor`` (a registry writer, and the vendor not
    in another team's open engagement, or the user a manager or administrator)."""
    require_vendor_access(user, write=True)
    if not can_edit_vendor(user, vendor):
        raise PermissionDenied(locked_vendor_message(vendor))


def teams_user_can_create_in(user):
    return Team.objects.filter(pk__in=team_ids(user))
