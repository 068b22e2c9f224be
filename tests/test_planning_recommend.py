"""Method recommendation (DOMAIN.md "Methods of outsourcing"), portal/planning/recommend.py."""

from portal.planning import recommend
from portal.planning.recommend import Line, ScopeFacts

PHONE = Line("inbound_phone", 9000, 6, 70)
EMAIL = Line("email", 3000, 8, 45)


def test_face_to_face_means_outsourcing_may_be_impossible():
    advice = recommend.recommend(ScopeFacts([PHONE], face_to_face_needed=True))
    assert advice.method == recommend.NOT_POSSIBLE
    assert "may be impossible" in advice.headline


def test_mostly_complex_contacts_argue_for_keeping_in_house():
    advice = recommend.recommend(ScopeFacts([PHONE], complex_share_percent=60))
    assert advice.method == recommend.KEEP_IN_HOUSE
    assert "60% of contacts" in advice.reasons[0]


def test_some_complex_contacts_suggest_outsourcing_tier_one_only():
    advice = recommend.recommend(ScopeFacts([PHONE], complex_share_percent=30))
    assert advice.method == recommend.CALL_CENTER
    assert any("tier-1 only" in reason for reason in advice.reasons)


def test_small_volume_suits_freelancers():
    advice = recommend.recommend(ScopeFacts([Line("email", 400, 10, 40)]))
    assert advice.method == recommend.FREELANCE
    assert "Upwork" in advice.reasons[0]


def test_large_volume_suits_a_call_center_and_email_is_safe():
    advice = recommend.recommend(ScopeFacts([PHONE, EMAIL]))
    assert advice.method == recommend.CALL_CENTER
    assert any("E-mail is a safe channel" in reason for reason in advice.reasons)


def test_inbound_pricing_follows_volume_and_volatility():
    steady = recommend.recommend(ScopeFacts([PHONE]))
    assert "dedicated per-hour" in steady.pricing[0]
    # The rule of thumb points to step 2's figures, which may say otherwise.
    assert "step 2 prices both and gives the break-even volume" in steady.pricing[0]
    volatile = recommend.recommend(ScopeFacts([PHONE], volume_pattern="volatile"))
    assert "shared per-minute pricing suits volatile" in volatile.pricing[0]
    low = recommend.recommend(ScopeFacts([Line("inbound_phone", 1500, 5, 45)]))
    assert "shared per-minute pricing suits low" in low.pricing[0]


def test_outbound_sales_suits_hourly_or_hourly_plus_commission():
    advice = recommend.recommend(
        ScopeFacts([Line("outbound_phone", 5000, 5, 40)], outbound_purpose="sales")
    )
    assert "hourly + commission" in advice.pricing[0]


def test_coverage_gap_and_freed_staff_count_as_benefits():
    advice = recommend.recommend(
        ScopeFacts([PHONE], in_house_agents=14, in_house_hours_per_week=45)
    )
    assert any("cover 45" in item for item in advice.benefits)
    assert any("freed" in item for item in advice.benefits)


def test_written_channels_only_suit_an_email_or_social_media_agency():
    email_only = recommend.recommend(ScopeFacts([EMAIL]))
    assert email_only.method == recommend.WRITTEN_SUPPORT
    assert email_only.headline == "An e-mail support agency: only written channels are in scope."
    assert any("E-mail is a safe channel" in reason for reason in email_only.reasons)
    assert email_only.pricing[0].startswith("E-mail: a written backlog of 3,000 contacts")
    social = Line("social", 2000, 5, 70)
    both = recommend.recommend(ScopeFacts([EMAIL, social]))
    assert both.headline.startswith("A social-media and e-mail support agency")
    assert any("search proactively for complaints" in reason for reason in both.reasons)
    assert any(item.startswith("Social media: a written backlog") for item in both.pricing)


def test_email_stays_safe_to_outsource_when_phone_work_is_kept_in_house():
    advice = recommend.recommend(ScopeFacts([PHONE, EMAIL], complex_share_percent=60))
    assert advice.method == recommend.KEEP_IN_HOUSE
    assert any("e-mail work is the safest to outsource" in reason for reason in advice.reasons)
    in_person = recommend.recommend(ScopeFacts([PHONE, EMAIL], face_to_face_needed=True))
    assert in_person.method == recommend.NOT_POSSIBLE
    assert any("e-mail replies are not face to face" in reason for reason in in_person.reasons)


def test_small_volume_around_the_clock_goes_to_a_call_center_not_a_freelancer():
    # 1,500 calls x 6 min = 150 handling hours, under one agent's 173.3; but 168 h a week
    # x 52 / 12 = 728 hours of cover a month, which one freelancer cannot be on duty for.
    advice = recommend.recommend(ScopeFacts([Line("inbound_phone", 1500, 6, 168)]))
    assert advice.method == recommend.CALL_CENTER
    assert "hours of coverage need a team" in advice.headline
    assert "about 728 hours of cover a month" in advice.reasons[0]
    assert "shared per-minute pricing suits low volume" in advice.pricing[0]


def test_small_volume_in_business_hours_still_suits_a_freelancer():
    advice = recommend.recommend(ScopeFacts([Line("inbound_phone", 1500, 6, 40)]))
    assert advice.method == recommend.FREELANCE


def test_pricing_advice_never_contradicts_the_method():
    freelance = recommend.recommend(ScopeFacts([Line("inbound_phone", 1700, 6, 40)]))
    assert freelance.method == recommend.FREELANCE
    assert freelance.pricing[0].startswith("Freelance representatives are paid by the hour")
    assert not any("dedicated" in item or "shared" in item for item in freelance.pricing)
    in_house = recommend.recommend(ScopeFacts([PHONE, EMAIL], complex_share_percent=60))
    assert in_house.method == recommend.KEEP_IN_HOUSE
    assert in_house.pricing[0].startswith("Inbound phone: kept in-house")
    assert not any("dedicated per-hour pricing suits" in item for item in in_house.pricing)
    # The e-mail work the reasons say can still go out keeps its pricing advice.
    assert any(item.startswith("E-mail: a written backlog") for item in in_house.pricing)
