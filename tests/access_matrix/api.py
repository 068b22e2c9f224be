"""The REST API (/api/v1/) with the site's session, and the account's API token pages.

An API call without a session or token answers 401 (there is no login page to send
it to); another team's objects answer 404 as on the site. ``ROUTES`` lists every API
route with each method it answers, for the token matrix (tests/test_api_permissions.py);
this module's ENTRIES call each route once with the session, as the site's own
calls do.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from portal import tokens
from portal.reports.models import Report
from tests.access_matrix import LOGIN, ROLES, Entry, any_user, engagement_kwargs
from tests.factories import CandidateFactory
from tests.factories_contracts import (
    ContractFactory,
    FollowUpActionFactory,
    LiaisonEntryFactory,
    SlaFactory,
)
from tests.factories_diligence import ChecklistFactory, TestCallFactory

UNAUTHENTICATED = 401


@dataclass(frozen=True)
class ApiRoute:
    """One API route and method: its URL arguments, its JSON body, and what a member
    of the engagement's team gets (``ok``). ``team_only`` routes answer 404 to people
    of other teams; the others (the list of one's engagements, the schema) do not."""

    name: str
    kwargs: object = engagement_kwargs
    method: str = "get"
    body: object = None
    ok: int = 200
    team_only: bool = True
    public: bool = False  # the schema and its docs: anyone, even without a token
    feed: bool = False  # the KPI feed: a feed token only


def _candidate(world):
    return CandidateFactory(engagement=world.engagement)


def _checklist(world):
    checklist = ChecklistFactory(candidate=_candidate(world))
    return {"engagement_pk": world.engagement.pk, "candidate_pk": checklist.candidate_id}


def _test_calls(world):
    call = TestCallFactory(candidate=_candidate(world))
    return {"engagement_pk": world.engagement.pk, "candidate_pk": call.candidate_id}


def _contract(world):
    ContractFactory(engagement=world.engagement)
    return engagement_kwargs(world)


def _slas(world):
    SlaFactory(engagement=world.engagement)
    return engagement_kwargs(world)


def _entry(world):
    entry = LiaisonEntryFactory(engagement=world.engagement)
    return {"engagement_pk": world.engagement.pk, "pk": entry.pk}


def _action(world):
    entry = LiaisonEntryFactory(engagement=world.engagement)
    action = FollowUpActionFactory(entry=entry, owner=world.member)
    return {"engagement_pk": world.engagement.pk, "pk": action.pk}


def _report(world):
    report = Report.objects.create(engagement=world.engagement, requested_by=world.member)
    return {"engagement_pk": world.engagement.pk, "public_id": report.public_id}


def _done_report(world):
    report = Report.objects.create(
        engagement=world.engagement, requested_by=world.member, status=Report.Status.DONE
    )
    stored = default_storage.save(
        f"reports/{report.public_id}.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n")
    )
    Report.objects.filter(pk=report.pk).update(file=stored, size=15)
    return {"engagement_pk": world.engagement.pk, "public_id": report.public_id}


def _kpi_month(world):
    return {"period": "2025-03", "values": {"service_level": "78.5"}}


def _entry_body(world):
    return {
        "kind": "meeting",
        "date": "2025-03-04",
        "participants": "Vendor ops lead, our liaison",
        "summary": "Monthly review.",
    }


def _action_body(world):
    return {
        "description": "Send the call recordings",
        "owner": world.member.pk,
        "due_date": "2025-04-01",
    }


def _feed(world):
    SlaFactory(engagement=world.engagement)
    return {}


def _no_kwargs(world):
    return {}


ROUTES = (
    ApiRoute("api:schema", _no_kwargs, team_only=False, public=True),
    ApiRoute("api:docs", _no_kwargs, team_only=False, public=True),
    ApiRoute("api:engagement-list", _no_kwargs, team_only=False),
    ApiRoute("api:engagement-detail"),
    ApiRoute("api:scope"),
    ApiRoute("api:cost-case"),
    ApiRoute("api:candidate-list"),
    ApiRoute("api:checklist", _checklist),
    ApiRoute("api:test-call-list", _test_calls),
    ApiRoute("api:contract", _contract),
    ApiRoute("api:sla-list"),
    ApiRoute("api:kpi-list"),
    ApiRoute("api:kpi-list", _slas, method="post", body=_kpi_month, ok=201),
    ApiRoute("api:liaison-entry-list"),
    ApiRoute("api:liaison-entry-list", method="post", body=_entry_body, ok=201),
    ApiRoute("api:liaison-entry-detail", _entry),
    ApiRoute("api:liaison-entry-detail", _entry, method="put", body=_entry_body),
    ApiRoute("api:follow-up-action-create", _entry, method="post", body=_action_body, ok=201),
    ApiRoute("api:follow-up-list"),
    ApiRoute("api:follow-up-detail", _action),
    ApiRoute("api:follow-up-detail", _action, method="patch", body=lambda w: {"done": True}),
    ApiRoute("api:report-list"),
    ApiRoute("api:report-list", method="post", ok=202),
    ApiRoute("api:report-detail", _report),
    ApiRoute("api:report-download", _done_report),
    ApiRoute(
        "api:kpi-feed",
        _feed,
        method="post",
        body=lambda w: {"rows": [{"metric": "service_level", "month": "2025-03", "value": "81"}]},
        team_only=False,
        feed=True,
    ),
)


def expected(route: ApiRoute, caller: str) -> int:
    """What ``caller`` gets: a role of the cast, a ``revoked`` personal token, or a
    ``feed`` token (in force, revoked or expired)."""
    if route.feed:
        return route.ok if caller == "feed" else UNAUTHENTICATED
    if caller in ("revoked", "feed", "revoked feed", "expired feed"):
        return UNAUTHENTICATED  # a token that is not a personal one in force is refused
    if route.public:
        return route.ok
    if caller == "anonymous":
        return UNAUTHENTICATED
    if route.team_only and caller in ("outsider", "admin"):
        return 404
    return route.ok


def _session_entry(route: ApiRoute) -> Entry:
    # The matrix posts a form: the site's session calls may (JSON is the API's own way).
    def data(world):
        return route.body(world) if route.body else {}

    return Entry(
        kwargs=route.kwargs,
        method=route.method,
        data=data if route.method == "post" else None,
        expect={role: expected(route, role) for role in ROLES},
    )


# One entry per URL name: the first route of each (a read where there is one).
_SESSION_ROUTES = {}
for _route in ROUTES:
    if _route.name == "api:kpi-list" or _route.name in _SESSION_ROUTES:
        continue
    _SESSION_ROUTES[_route.name] = _route
# A KPI month's values are an object, which a form post cannot carry: the session's
# form post reaches the view and is refused as invalid.
_SESSION_ROUTES["api:kpi-list"] = ApiRoute("api:kpi-list", _slas, method="post", ok=400)


def _token(world):
    token, _ = tokens.api_token_create(
        user=world.member, data=tokens.ApiTokenInput(name="BI export")
    )
    return {"pk": token.pk}


ENTRIES = {name: _session_entry(route) for name, route in _SESSION_ROUTES.items()} | {
    "api-tokens": any_user(),
    # Only its owner may revoke a token; anyone else's attempt finds no such token.
    "api-token-revoke": Entry(
        kwargs=_token,
        method="post",
        expect={"anonymous": LOGIN, "outsider": 404, "member": 302, "manager": 404, "admin": 404},
    ),
}
