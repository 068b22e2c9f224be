"""The load benchmark's dataset (``manage.py seed_bench``, what ``make bench-web`` loads).

1,000 engagements over 20 teams of 10 users, 300 vendors, 20,000 answered
due-diligence items and 50,000 KPI rows; on 50 engagements every step is filled in
through the demo seeders (the actions, so their History pages are real), and one
large engagement has 20 candidates with 30 answered items each and 36 months of 8 KPIs.
The bulk of the rows is written with ``bulk_create`` (no audit entries: they are
volume, not decisions). Deterministic: the same seed gives the same rows.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from contracts.models import KpiRecord, Sla
from portal import demo as core_demo
from portal.journey.demo import SEEDERS
from portal.models import Engagement, Membership, Team
from portal.reference import Channel
from vendors.diligence.models import Checklist, ChecklistItem, ChecklistTemplate
from vendors.models import Candidate, DeliveryLocation, Language, Quote, Vendor, VendorChannel
from vendors.regions import region_for_country

PASSWORD = "bench-portal-load"
TEAMS = 20
USERS_PER_TEAM = 10
MANAGERS_PER_TEAM = 2
ENGAGEMENTS = 1000
VENDORS = 300
CHECKLIST_ANSWERS = 20_000
KPI_ROWS = 50_000
FULL_ENGAGEMENTS = 50
LARGE_CANDIDATES = 20
LARGE_MONTHS = 36
LARGE_TITLE = "Bench large engagement: 20 candidates, 36 months of 8 KPIs"

COUNTRIES = [
    "Philippines",
    "India",
    "Colombia",
    "Mexico",
    "Poland",
    "South Africa",
    "United States",
    "Canada",
    "Ireland",
    "Pakistan",
    "Australia",
    "Romania",
]
WORDS = [
    "Harbor",
    "Summit",
    "Blue",
    "Northern",
    "Atlas",
    "Pacific",
    "Cedar",
    "Bright",
    "Vista",
    "Pioneer",
    "Lumen",
    "Coastal",
    "Granite",
    "Silver",
    "Meridian",
]
KINDS = ["Contact Center", "CX Partners", "Support Services", "Voice Solutions", "Care Line"]
SUBJECTS = ["tier-1 phone support", "e-mail care", "chat support", "billing calls", "outbound"]
ANSWERS = [ChecklistItem.Answer.YES] * 6 + [
    ChecklistItem.Answer.PARTIAL,
    ChecklistItem.Answer.NO,
    ChecklistItem.Answer.NOT_APPLICABLE,
]
# The eight metrics of the large engagement, with a plausible value range each.
METRICS = [
    ("service_level", "80", "higher", "%", (70, 90)),
    ("abandoned", "5", "lower", "%", (2, 8)),
    ("fcr", "70", "higher", "%", (60, 80)),
    ("csat", "85", "higher", "%", (78, 92)),
    ("quality", "90", "higher", "%", (84, 96)),
    ("asa", "30", "lower", "s", (15, 45)),
    ("aht", None, "lower", "s", (280, 400)),
    ("repeat_contacts", "10", "lower", "%", (5, 15)),
]


@dataclass(frozen=True)
class BenchCounts:
    teams: int
    users: int
    engagements: int
    vendors: int
    answered_items: int
    kpi_rows: int
    large_engagement_id: int


def database_has_data() -> bool:
    """True when users, teams or engagements exist (what migrations seed is not data)."""
    User = get_user_model()
    return User.objects.exists() or Team.objects.exists() or Engagement.objects.exists()


def _months_back(count: int) -> list[datetime.date]:
    today = datetime.date.today().replace(day=1)
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        months.append(datetime.date(year, month, 1))
    return list(reversed(months))


def _users_and_teams(rng: random.Random):
    User = get_user_model()
    password = make_password(PASSWORD)
    teams = Team.objects.bulk_create(
        [Team(name=f"Bench team {number:02d}") for number in range(1, TEAMS + 1)]
    )
    users = User.objects.bulk_create(
        [
            User(
                username=f"bench{team:02d}-{user:02d}",
                first_name=rng.choice(["Ana", "Ben", "Chen", "Dana", "Eli", "Fatima", "Gus"]),
                last_name=rng.choice(["Lopez", "Okafor", "Stone", "Novak", "Patel", "Kim"]),
                email=f"bench{team:02d}-{user:02d}@example.com",
                password=password,
            )
            for team in range(1, TEAMS + 1)
            for user in range(1, USERS_PER_TEAM + 1)
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(
                team=teams[index // USERS_PER_TEAM],
                user=user,
                role=Membership.Role.MANAGER
                if index % USERS_PER_TEAM < MANAGERS_PER_TEAM
                else Membership.Role.MEMBER,
            )
            for index, user in enumerate(users)
        ]
    )
    by_team = [users[i * USERS_PER_TEAM : (i + 1) * USERS_PER_TEAM] for i in range(TEAMS)]
    return teams, by_team


def _vendors(rng: random.Random, count: int) -> list[Vendor]:
    if count <= 0:
        return []
    languages = list(Language.objects.all())
    vendors = Vendor.objects.bulk_create(
        [
            Vendor(
                name=f"{rng.choice(WORDS)} {rng.choice(KINDS)} {number:03d}",
                headquarters_country=rng.choice(COUNTRIES),
                website=f"https://bench-vendor-{number:03d}.example.com",
                headcount=rng.randrange(50, 5000),
                agent_turnover_percent=Decimal(rng.randrange(100, 500)) / 10,
                review_notes="Bench vendor: reviews read as mixed to good.",
            )
            for number in range(1, count + 1)
        ]
    )
    channels = [value for value, _ in Channel.choices]
    VendorChannel.objects.bulk_create(
        [
            VendorChannel(vendor=vendor, channel=channel)
            for vendor in vendors
            for channel in rng.sample(channels, rng.randrange(1, len(channels) + 1))
        ]
    )
    DeliveryLocation.objects.bulk_create(
        [
            DeliveryLocation(
                vendor=vendor,
                country=vendor.headquarters_country,
                region=region_for_country(vendor.headquarters_country),
            )
            for vendor in vendors
        ]
    )
    through = Vendor.languages.through
    through.objects.bulk_create(
        [
            through(vendor_id=vendor.pk, language_id=language.pk)
            for vendor in vendors
            for language in rng.sample(languages, min(len(languages), rng.randrange(1, 4)))
        ]
    )
    return vendors


def _engagements(rng: random.Random, teams, users_by_team) -> list[Engagement]:
    statuses = [value for value, _ in Engagement.Status.choices]
    step = ENGAGEMENTS // FULL_ENGAGEMENTS
    full = {(i * step + i % TEAMS) % ENGAGEMENTS for i in range(FULL_ENGAGEMENTS)}
    rows = []
    for number in range(ENGAGEMENTS):
        team_index = number % TEAMS
        team_users = users_by_team[team_index]
        rows.append(
            Engagement(
                team=teams[team_index],
                owner=rng.choice(team_users),
                title=f"Outsource {rng.choice(SUBJECTS)} {number + 1:04d}",
                description="Bench engagement.",
                # The fully filled ones start at scoping: their steps move them on.
                status=Engagement.Status.SCOPING if number in full else rng.choice(statuses),
            )
        )
    return Engagement.objects.bulk_create(rows)


def _fill_every_step(engagements, teams, users_by_team) -> None:
    """The demo seeders on 50 engagements (one every 20: each team gets some)."""
    team_index_of = {team.pk: index for index, team in enumerate(teams)}
    # One every ENGAGEMENTS // FULL_ENGAGEMENTS, shifted by one each time so that every
    # team gets some (engagements go round the teams in turn).
    step = ENGAGEMENTS // FULL_ENGAGEMENTS
    chosen = [engagements[(i * step + i % TEAMS) % ENGAGEMENTS] for i in range(FULL_ENGAGEMENTS)]
    for engagement in chosen:
        team_index = team_index_of[engagement.team_id]
        team_users = users_by_team[team_index]
        ctx = core_demo.DemoContext(
            member=team_users[MANAGERS_PER_TEAM],
            manager=team_users[0],
            outsider=users_by_team[(team_index + 1) % TEAMS][MANAGERS_PER_TEAM],
            admin=None,
            team=teams[team_index],
            other_team=teams[(team_index + 1) % TEAMS],
            engagement=engagement,
        )
        with transaction.atomic():
            for seed in SEEDERS:
                seed(ctx)


def _checklists(rng, candidates, template_items, answers: int) -> None:
    """A checklist on each candidate in turn, answered item by item until ``answers``
    answers are made (the last checklist may keep open items)."""
    checklists = []
    for candidate in candidates:
        if len(checklists) * len(template_items) >= answers:
            break
        checklists.append(
            Checklist(
                candidate=candidate,
                template=template_items[0].template,
                started_by_id=candidate.added_by_id,
            )
        )
    items = []
    for checklist in Checklist.objects.bulk_create(checklists):
        for template_item in template_items:
            answer = rng.choice(ANSWERS) if answers > 0 else ""
            answers -= 1
            items.append(
                ChecklistItem(
                    checklist=checklist,
                    template_item=template_item,
                    answer=answer,
                    risk=rng.choice(["low", "medium", "high"]) if answer else "",
                    reviewer_id=checklist.started_by_id if answer else None,
                    notes="Checked against the vendor's documents." if answer else "",
                )
            )
    ChecklistItem.objects.bulk_create(items, batch_size=5000)


def _kpis(rng, engagement, months, owner_id, metrics=METRICS) -> list[KpiRecord]:
    slas = Sla.objects.bulk_create(
        [
            Sla(
                engagement=engagement,
                metric=metric,
                target=Decimal(target) if target else None,
                direction=direction,
                unit=unit,
                answer_within_seconds=20 if metric == "service_level" else None,
            )
            for metric, target, direction, unit, _ in metrics
        ]
    )
    return [
        KpiRecord(
            sla=sla,
            period=period,
            value=Decimal(rng.randrange(low * 10, high * 10)) / 10,
            recorded_by_id=owner_id,
        )
        for sla, (_, _, _, _, (low, high)) in zip(slas, metrics, strict=True)
        for period in months
    ]


@transaction.atomic
def _bulk_volume(rng, engagements, teams, users_by_team, vendors) -> int:
    """The large engagement, then candidates, checklists and KPIs up to the totals."""
    user_of_team = {team.pk: users_by_team[i][MANAGERS_PER_TEAM].pk for i, team in enumerate(teams)}
    template = ChecklistTemplate.objects.filter(is_current=True).first()
    template_items = list(template.items.all()) if template else []
    bench_vendors = list(vendors)
    full_ids = set(Candidate.objects.values_list("engagement_id", flat=True).distinct()) | set(
        Sla.objects.values_list("engagement_id", flat=True).distinct()
    )
    plain = [engagement for engagement in engagements if engagement.pk not in full_ids]
    large, rest = plain[0], plain[1:]
    large.title = LARGE_TITLE
    large.status = Engagement.Status.LIVE
    large.save(update_fields=["title", "status"])

    # Candidates: 20 on the large engagement, 3 on each of the others that get a checklist.
    answered = ChecklistItem.objects.exclude(answer="").count()
    per_checklist = max(len(template_items), 1)
    needed = max(CHECKLIST_ANSWERS - answered - LARGE_CANDIDATES * per_checklist, 0)
    others = -(-needed // (3 * per_checklist))
    rows = [
        Candidate(engagement=large, vendor=vendor, added_by_id=user_of_team[large.team_id])
        for vendor in rng.sample(bench_vendors, LARGE_CANDIDATES)
    ]
    for engagement in rest[:others]:
        rows.extend(
            Candidate(
                engagement=engagement, vendor=vendor, added_by_id=user_of_team[engagement.team_id]
            )
            for vendor in rng.sample(bench_vendors, 3)
        )
    candidates = Candidate.objects.bulk_create(rows, batch_size=2000)
    Quote.objects.bulk_create(
        [
            Quote(
                candidate=candidate,
                pricing_model="shared_per_minute",
                rate=Decimal(rng.randrange(25, 90)) / 100,
                unit="per_minute",
                currency="USD",
            )
            for candidate in candidates
        ],
        batch_size=2000,
    )
    if template_items:
        _checklists(rng, candidates, template_items, CHECKLIST_ANSWERS - answered)

    # KPI rows: 8 SLAs x 36 months on the large engagement, then on others up to the total.
    months = _months_back(LARGE_MONTHS)
    left = KPI_ROWS - KpiRecord.objects.count()
    records = []
    for engagement in [large, *reversed(rest)]:
        if left <= len(records):
            break
        span = months[-min(LARGE_MONTHS, -(-(left - len(records)) // len(METRICS))) :]
        records.extend(_kpis(rng, engagement, span, user_of_team[engagement.team_id]))
    KpiRecord.objects.bulk_create(records[: max(left, 0)], batch_size=5000)
    return large.pk


def seed(*, seed: int = 11) -> BenchCounts:
    """Write the dataset into an empty database (the caller checks it is empty)."""
    rng = random.Random(seed)
    with transaction.atomic():
        teams, users_by_team = _users_and_teams(rng)
        engagements = _engagements(rng, teams, users_by_team)
    _fill_every_step(engagements, teams, users_by_team)
    with transaction.atomic():
        vendors = _vendors(rng, VENDORS - Vendor.objects.count())
    large_id = _bulk_volume(rng, engagements, teams, users_by_team, vendors)
    User = get_user_model()
    return BenchCounts(
        teams=Team.objects.count(),
        users=User.objects.count(),
        engagements=Engagement.objects.count(),
        vendors=Vendor.objects.count(),
        answered_items=ChecklistItem.objects.exclude(answer="").count(),
        kpi_rows=KpiRecord.objects.count(),
        large_engagement_id=large_id,
    )
