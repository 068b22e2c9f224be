"""The demo, seeded step by step: the core's teams, users and engagement first,
then each app's own data on that engagement. Idempotent, like every seeder."""

from __future__ import annotations

from django.db import transaction

from contracts import demo as contract_demo
from portal import demo as core_demo
from portal.planning import demo as planning_demo
from portal.reports import demo as report_demo
from vendors import demo as shortlist_demo
from vendors.diligence import demo as diligence_demo
from vendors.invitations import demo as invitation_demo

SEEDERS = (
    planning_demo.seed,
    shortlist_demo.seed,
    diligence_demo.seed,
    invitation_demo.seed,
    contract_demo.seed,
    report_demo.seed,
)


@transaction.atomic
def seed_demo() -> core_demo.DemoContext:
    ctx = core_demo.seed()
    for seed in SEEDERS:
        seed(ctx)
    return ctx
