"""The brief a vendor contact sees: the scope pack without a single cost figure."""

from vendors.invitations.brief import respondent_brief

BUSINESS = [day < 5 and 8 <= hour < 18 for day in range(7) for hour in range(24)]
PROFILE = [
    (3.0 if hour == 10 else 1.0) if open_ else 0.0
    for open_, hour in zip(BUSINESS, [h for _ in range(7) for h in range(24)], strict=True)
]

PACK = {
    "engagement": "Outsource tier-1 support",
    "currency": "USD",
    "channels": [
        {
            "channel": "inbound_phone",
            "contacts_per_month": 9000,
            "handle_minutes": 6.0,
            "open_hours": BUSINESS,
            "profile": PROFILE,
            "patience_seconds": 180,
        },
        {
            "channel": "email",
            "contacts_per_month": 2500,
            "handle_minutes": 4.5,
            "open_hours": "24/7",
            "reply_within_hours": 24,
        },
    ],
    "service_target": 0.8,
    "answer_within_seconds": 20,
    "shrinkage": 0.3,
    "in_house": {
        "loaded_salary": "3417.00",
        "training": "151.00",
        "equipment": "123.00",
        "rent": "457.00",
        "it": "189.00",
        "supervision": "401.00",
        "coverage_extra_percent": 15.0,
    },
    "oversight_monthly": "6543.00",
    "region": "asia_philippines",
    "outbound_sales_monthly": "45678.00",
    "languages": ["English", "Spanish"],
}
COSTS = (
    "3417",
    "151.00",
    "123.00",
    "457",
    "189",
    "401",
    "6543",
    "45678",
    "asia_philippines",
    "in_house",
    "oversight",
    "outbound",
    "region",
    "shrinkage",
    "0.3",
)


def test_the_brief_keeps_the_scope_and_drops_every_cost():
    brief = respondent_brief(PACK)
    phone, email = brief["channels"]
    assert phone["channel"] == "Inbound phone"
    assert phone["contacts_per_month"] == 9000
    assert phone["hours"] == "50 hours a week, Monday, Tuesday, Wednesday, Thursday, Friday"
    assert phone["profile_by_day"][0] == ("Monday", 20)
    assert phone["profile_by_day"][6] == ("Sunday", 0)
    assert phone["busiest_hour"] == "10:00–11:00"
    assert email["hours"] == "Around the clock, every day"
    assert email["reply_within_hours"] == 24
    assert brief["service_target"] == "80% of calls answered within 20 seconds"
    assert brief["languages"] == ["English", "Spanish"]
    text = repr(brief)
    assert [cost for cost in COSTS if cost in text] == []


def test_a_pack_with_new_keys_or_odd_values_shares_only_what_is_listed():
    brief = respondent_brief(
        {
            **PACK,
            "channels": [{"channel": "chat", "cost_per_agent": "999.00", "profile": [1]}],
            "internal_notes": "secret",
            "service_target": "high",
        }
    )
    assert "999" not in repr(brief) and "secret" not in repr(brief)
    assert brief["service_target"] == ""
    assert brief["channels"][0]["profile_by_day"] == []
