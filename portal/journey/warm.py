"""Warm the shared cache: read each open engagement's pages once, as a member of its
team reads them, so the first reader after a release or a bulk load does not wait
for the figures (the cost case's hour-by-hour staffing, the navigator, standings,
the monitoring page) to be computed. Every cached key carries the running code's
digest (``portal.code_version``): after a deploy, nothing cached before is read.

``manage.py warm_figures`` runs it (README, Deploying: after ``migrate``); the web
benchmark runs it after loading its data, as a deploy would. The pages are read
through their views (GET), as the team member, without a session being stored:
nothing is written but the cache.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.test import RequestFactory
from django.urls import resolve, reverse

from portal import derived
from portal.models import Engagement, Membership
from vendors.models import Candidate

# The pages a team member reads on an engagement (steps 1-7, the comparison, the
# due-diligence overview, the history), by URL name.
ENGAGEMENT_PAGES = (
    ("portal:engagement-detail", "pk"),
    ("planning:scope-detail", "engagement_pk"),
    ("planning:cost-detail", "engagement_pk"),
    ("planning:customers-detail", "engagement_pk"),
    ("shortlist:candidate-list", "engagement_pk"),
    ("shortlist:compare", "engagement_pk"),
    ("diligence:overview", "engagement_pk"),
    ("contracts:liaison-list", "engagement_pk"),
    ("contracts:monitoring", "engagement_pk"),
    ("contracts:exit-plan", "engagement_pk"),
    ("portal:engagement-history", "pk"),
)


@dataclass
class Warmed:
    engagements: int = 0
    pages: int = 0
    failed: list[str] = field(default_factory=list)


def _host() -> str:
    """A host name the site answers to (the request is never sent anywhere)."""
    for host in settings.ALLOWED_HOSTS:
        if host not in ("*", "") and not host.startswith("."):
            return host
    return "localhost"


def _read(path: str, user, host: str, warmed: Warmed) -> None:
    request = RequestFactory().get(path, HTTP_HOST=host)
    request.user = user
    request.session = SessionBase()  # kept in memory only
    match = resolve(path)
    derived.start_unit()
    try:
        response = match.func(request, *match.args, **match.kwargs)
    except Exception as exc:  # a page that fails is reported, the others still warmed
        warmed.failed.append(f"{path}: {type(exc).__name__}: {exc}")
        return
    finally:
        derived.forget_changes()
    if response.status_code == 200:
        warmed.pages += 1
    else:
        warmed.failed.append(f"{path}: {response.status_code}")


def _readers() -> dict[int, object]:
    """One active member per team (a member before a manager: what most readers see)."""
    readers = {}
    memberships = (
        Membership.objects.filter(user__is_active=True)
        .select_related("user")
        .order_by("team_id", "-role", "user_id")  # "member" sorts after "manager"
    )
    for membership in memberships:
        readers.setdefault(membership.team_id, membership.user)
    return readers


def warm(progress: Callable[[Warmed], None] | None = None) -> Warmed:
    """Read every open engagement's pages, and each team's dashboard, once."""
    warmed, host, readers = Warmed(), _host(), _readers()
    engagements = Engagement.objects.exclude(status=Engagement.Status.CLOSED).order_by(
        "team_id", "id"
    )
    checklists: dict[int, list[int]] = {}
    for candidate_id, engagement_id in Candidate.objects.filter(
        checklist__isnull=False, engagement__in=engagements
    ).values_list("pk", "engagement_id"):
        checklists.setdefault(engagement_id, []).append(candidate_id)
    for team_id, group in groupby(engagements.only("pk", "team_id"), key=lambda e: e.team_id):
        user = readers.get(team_id)
        if user is None:
            continue
        _read(reverse("portal:dashboard"), user, host, warmed)
        for engagement in group:
            for name, argument in ENGAGEMENT_PAGES:
                _read(reverse(name, kwargs={argument: engagement.pk}), user, host, warmed)
            for candidate_id in checklists.get(engagement.pk, []):
                path = reverse(
                    "diligence:checklist-detail",
                    kwargs={"engagement_pk": engagement.pk, "candidate_pk": candidate_id},
                )
                _read(path, user, host, warmed)
            warmed.engagements += 1
            if progress is not None:
                progress(warmed)
    return warmed
