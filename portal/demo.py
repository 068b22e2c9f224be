"""Demo data for the core: teams, the demo users and the demo engagement.

Idempotent: running it again finds what exists and changes nothing. Each app
seeds its own step on top (``portal.journey.demo``); each gets the
``DemoContext`` built here.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditlog.context import set_actor
from django.contrib.auth import get_user_model

from portal.models import Engagement, Membership, Team

PASSWORD = "portal-demo"
CUSTOMER_CARE = "Customer Care"
OTHER_TEAM = "Finance Shared Services"
DEMO_TITLE = "Outsource tier-1 phone support"
DEMO_DESCRIPTION = (
    "Tier-1 phone support for the consumer product line is handled by 14 agents in "
    "Denver, business hours only. Customers ask for evening and weekend coverage; "
    "we want to know whether a call center can take inbound tier-1 calls and e-mail "
    "at the same or lower cost without hurting satisfaction."
)


@dataclass
class DemoContext:
    member: object
    manager: object
    outsider: object
    admin: object
    team: Team
    other_team: Team
    engagement: Engagement


def _user(username: str, *, first: str, last: str, superuser: bool = False):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@example.com",
            "is_staff": superuser,
            "is_superuser": superuser,
        },
    )
    if created:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return user


def seed(ctx: DemoContext | None = None) -> DemoContext:
    member = _user("member", first="Maria", last="Lopez")
    manager = _user("manager", first="Daniel", last="Okafor")
    outsider = _user("outsider", first="Olivia", last="Stone")
    admin = _user("admin", first="Site", last="Administrator", superuser=True)
    team, _ = Team.objects.get_or_create(name=CUSTOMER_CARE)
    other_team, _ = Team.objects.get_or_create(name=OTHER_TEAM)
    for user, tm, role in [
        (member, team, Membership.Role.MEMBER),
        (manager, team, Membership.Role.MANAGER),
        (outsider, other_team, Membership.Role.MEMBER),
    ]:
        Membership.objects.get_or_create(team=tm, user=user, defaults={"role": role})
    with set_actor(member):
        engagement, _ = Engagement.objects.get_or_create(
            team=team,
            title=DEMO_TITLE,
            defaults={"owner": member, "description": DEMO_DESCRIPTION},
        )
    return DemoContext(member, manager, outsider, admin, team, other_team, engagement)
