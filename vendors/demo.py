"""Demo data for step 4: a registry of call centers in several regions, three of them
shortlisted with quotes on the demo engagement, and an approved recommendation
(submitted by ``member``, approved by ``manager``). Idempotent: what exists is kept."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from portal.models import ExchangeRate
from vendors import actions, registry_actions
from vendors.models import Candidate, Certification, Language, Vendor
from vendors.regions import region_for_country

# name, HQ, website, delivery countries, channels, languages, certifications,
# headcount, turnover %, recording, incentives, references, review notes
VENDORS = [
    (
        "Manila Bay Contact Solutions",
        "Philippines",
        "https://manilabay-contact.example.com",
        ["Philippines"],
        ["inbound_phone", "email", "chat", "social"],
        ["English", "Tagalog"],
        ["ISO 27001", "PCI DSS", "SOC 2"],
        2400,
        "38.0",
        Vendor.CallRecording.ALL_AVAILABLE,
        "Tiered monthly bonuses on quality score and customer satisfaction; quarterly "
        "site contests.",
        [
            ("Harbor Home Goods (Ohio)", "J. Patel, VP Customer Care", "Three years, 60 seats."),
            ("Trailhead Outfitters (Colorado)", "M. Greene", "Praised e-mail turnaround."),
            ("Northwind Telecom (Texas)", "Support operations", "Seasonal overflow only."),
        ],
        "Forum posts mention good courtesy, some accent complaints on billing calls.",
    ),
    (
        "Bogotá Nearshore CX",
        "Colombia",
        "https://bogota-nearshore.example.com",
        ["Colombia", "Mexico"],
        ["inbound_phone", "outbound_phone", "email", "chat"],
        ["English", "Spanish"],
        ["ISO 27001", "PCI DSS"],
        1100,
        "29.0",
        Vendor.CallRecording.ALL_AVAILABLE,
        "Bonus tiers on first-contact resolution; agent of the month.",
        [
            ("Sunbelt Insurance Brokers (Florida)", "C. Ramirez", "Bilingual line since 2021."),
            ("PeakFit Equipment (Utah)", "Head of support", "Same time zone helps escalations."),
        ],
        "Glassdoor reviews describe stable teams; a few BBB complaints about one client.",
    ),
    (
        "Prairie Contact Center",
        "United States",
        "https://prairie-contact.example.com",
        ["United States", "Canada"],
        ["inbound_phone", "outbound_phone", "email", "chat"],
        ["English", "Spanish", "French"],
        ["SOC 2", "PCI DSS", "HIPAA"],
        650,
        "22.0",
        Vendor.CallRecording.ALL_AVAILABLE,
        "Hourly wage above market plus quarterly quality bonus.",
        [
            ("Heartland Health Plans (Kansas)", "Member services director", "HIPAA work."),
            ("Great Lakes Utilities", "R. Novak", "Storm-season surge handled well."),
            ("Maple Ridge Bank (Ontario)", "Operations", "French coverage."),
        ],
        "Strong reputation; the most expensive of the onshore options reviewed.",
    ),
    (
        "Kraków Service Hub",
        "Poland",
        "https://krakow-hub.example.com",
        ["Poland", "Romania"],
        ["inbound_phone", "email", "chat"],
        ["English", "German", "Polish", "French"],
        ["ISO 27001", "GDPR readiness"],
        800,
        "18.0",
        Vendor.CallRecording.SAMPLE,
        "Team targets with semi-annual bonuses.",
        [("Alpenrad GmbH", "Customer service lead", "German and English support.")],
        "Few public reviews; well rated on a European outsourcing forum.",
    ),
    (
        "Pune Customer Connect",
        "India",
        "https://pune-connect.example.com",
        ["India"],
        ["inbound_phone", "outbound_phone", "email", "chat"],
        ["English", "Hindi"],
        ["ISO 27001", "PCI DSS", "COPC"],
        5200,
        "45.0",
        Vendor.CallRecording.ALL_INTERNAL,
        "Daily contests, tiered incentives on handle time and sales.",
        [
            ("Metro Wireless (New Jersey)", "Vendor manager", "Large volume, handle-time focus."),
            ("ShopNest (California)", "A. Chen", "E-mail and chat only."),
        ],
        "Reviews mention long holds at peak and scripted answers.",
    ),
    (
        "Cape Town Voice Partners",
        "South Africa",
        "https://capetown-voice.example.com",
        ["South Africa", "Kenya"],
        ["inbound_phone", "email", "social"],
        ["English"],
        ["ISO 27001", "GDPR readiness"],
        900,
        "20.0",
        Vendor.CallRecording.ALL_AVAILABLE,
        "Career ladder and quality bonuses.",
        [("Brightside Travel (UK)", "Head of CX", "Neutral accent praised.")],
        "Positive forum reviews on accent and empathy.",
    ),
    (
        "Lahore Support Works",
        "Pakistan",
        "https://lahore-support.example.com",
        ["Pakistan"],
        ["inbound_phone", "outbound_phone", "email"],
        ["English", "Urdu"],
        ["ISO 27001"],
        450,
        "35.0",
        Vendor.CallRecording.SAMPLE,
        "Commission on outbound sales; attendance bonus.",
        [("Quickcart Grocers (Illinois)", "Operations manager", "Outbound lead qualification.")],
        "",
    ),
    (
        "Brisbane Care Line",
        "Australia",
        "https://brisbane-care.example.com",
        ["Australia"],
        ["inbound_phone", "email", "chat"],
        ["English"],
        ["ISO 27001", "PCI DSS"],
        300,
        "15.0",
        Vendor.CallRecording.ALL_AVAILABLE,
        "Profit share for team leads.",
        [],
        "Covers US overnight hours from Australian daytime.",
    ),
    (
        "Dublin Multilingual Services",
        "Ireland",
        "https://dublin-multilingual.example.com",
        ["Ireland", "Portugal"],
        ["inbound_phone", "email", "chat", "social"],
        ["English", "French", "German", "Spanish", "Italian", "Portuguese"],
        ["ISO 27001", "GDPR readiness", "PCI DSS"],
        1400,
        "17.0",
        Vendor.CallRecording.ALL_AVAILABLE,
        "Language allowance and quarterly quality bonus.",
        [("Nordlys Software (Norway)", "Support director", "Six languages from one site.")],
        "Well reviewed; priced at the Western Europe rate card.",
    ),
]

# vendor name -> quotes (pricing model, rate, unit, minimum monthly, set-up fee, notes,
# and the currency when not US dollars), added in this order; the diligence seeder gives
# the first one its cleanest profile.
SHORTLIST = {
    "Bogotá Nearshore CX": [
        ("dedicated_per_hour", "14.00", "per_hour", "8000", "5000", "Bilingual team."),
        ("shared_per_minute", "0.55", "per_minute", "1500", "0", ""),
    ],
    "Manila Bay Contact Solutions": [
        ("shared_per_minute", "0.42", "per_minute", "2500", "0", "Shared pool, 24/7."),
        ("dedicated_per_hour", "11.50", "per_hour", "0", "3000", "Dedicated team of 8."),
        ("monthly", "125000", "per_month", "0", "0", "Local-currency offer, per agent.", "PHP"),
    ],
    "Prairie Contact Center": [
        ("dedicated_per_hour", "26.00", "per_hour", "0", "2500", "Kansas site."),
        ("shared_per_minute", "0.85", "per_minute", "0", "0", ""),
    ],
}
# What administrators would have entered: one unit of the first currency in US dollars,
# from the first of the month the demo is seeded in.
EXCHANGE_RATES = [("PHP", "0.0172"), ("MXN", "0.0490"), ("COP", "0.000245")]
RECOMMENDED = "Bogotá Nearshore CX"
RATIONALE = (
    "Bogotá Nearshore CX answers in English and Spanish from the same time zone as our "
    "customers, records every call and makes recordings available, and two US references "
    "confirmed stable teams. Its dedicated hourly price is well below the onshore quote."
)
APPROVAL_REASON = (
    "Approved: cost case and references convincing. Start with a three-month pilot on "
    "tier-1 phone; keep weekly test calls on the accent and resolution concerns."
)


def _seed_registry(user) -> dict[str, Vendor]:
    languages = {lang.name: lang for lang in Language.objects.all()}
    certifications = {cert.name: cert for cert in Certification.objects.all()}
    vendors = {}
    for (
        name,
        hq,
        website,
        countries,
        channels,
        langs,
        certs,
        headcount,
        turnover,
        recording,
        incentives,
        references,
        reviews,
    ) in VENDORS:
        vendor = Vendor.objects.filter(name=name).first()
        if vendor is None:
            vendor = registry_actions.vendor_save(
                user=user,
                data=registry_actions.VendorInput(
                    name=name,
                    headquarters_country=hq,
                    website=website,
                    headcount=headcount,
                    agent_turnover_percent=Decimal(turnover),
                    call_recording_policy=recording,
                    incentive_scheme=incentives,
                    review_sources="Glassdoor\nBBB\nCall-center outsourcing forums",
                    review_notes=reviews,
                    channels=channels,
                    languages=[languages[n] for n in langs],
                    certifications=[certifications[n] for n in certs],
                    locations=[(c, region_for_country(c)) for c in countries],
                    references=references,
                ),
            )
        vendors[name] = vendor
    return vendors


def _seed_exchange_rates() -> None:
    since = timezone.localdate().replace(day=1)
    for code, rate in EXCHANGE_RATES:
        if not ExchangeRate.objects.filter(from_currency=code, to_currency="USD").exists():
            ExchangeRate.objects.create(
                from_currency=code,
                to_currency="USD",
                rate=Decimal(rate),
                effective_date=since,
                source="Demo: the month's reference rate",
            )


def seed(ctx) -> None:
    _seed_exchange_rates()
    vendors = _seed_registry(ctx.member)
    engagement = ctx.engagement
    candidates = {}
    for name, quotes in SHORTLIST.items():
        candidate = Candidate.objects.filter(engagement=engagement, vendor=vendors[name]).first()
        if candidate is None:
            candidate = actions.candidate_add(
                user=ctx.member,
                engagement=engagement,
                data=actions.CandidateInput(
                    vendor=vendors[name],
                    notes="Shortlisted after the first call with their sales team.",
                ),
            )
            for model, rate, unit, minimum, setup, notes, *code in quotes:
                actions.quote_save(
                    user=ctx.member,
                    candidate=candidate,
                    data=actions.QuoteInput(
                        pricing_model=model,
                        rate=Decimal(rate),
                        unit=unit,
                        minimum_monthly=Decimal(minimum),
                        setup_fee=Decimal(setup),
                        notes=notes,
                        currency=code[0] if code else "USD",
                    ),
                )
        candidates[name] = candidate
    if not Candidate.objects.filter(
        engagement=engagement,
        status__in=[Candidate.Status.RECOMMENDED, Candidate.Status.APPROVED],
    ).exists():
        chosen = candidates[RECOMMENDED]
        actions.candidate_recommend(user=ctx.member, candidate=chosen, rationale=RATIONALE)
        actions.candidate_approve(user=ctx.manager, candidate=chosen, reason=APPROVAL_REASON)
