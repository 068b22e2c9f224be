"""The comparison's scoring rules (pure Python, no database)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from portal.planning import risk
from vendors import scoring
from vendors.scoring import CandidateFacts, Context

EN = frozenset({"English"})
EN_ES = frozenset({"English", "Spanish"})


def facts(**kwargs):
    kwargs.setdefault("candidate_id", 1)
    kwargs.setdefault("name", "Vendor")
    return CandidateFacts(**kwargs)


def test_cost_is_the_scope_total_against_all_in_house():
    ctx = Context(all_in_house_monthly=Decimal("60000"))
    # r = 0.25 or less: 100; r = 1: 25; r = 1.25 or more: 0; a straight line between.
    for monthly, expected in (
        ("6000", 100),
        ("15000", 100),
        ("30000", 75),
        ("42000", 55),
        ("60000", 25),
        ("69000", 10),
        ("75000", 0),
        ("200000", 0),
    ):
        assert scoring.score_cost(facts(monthly_cost=Decimal(monthly)), ctx).value == expected
    score = scoring.score_cost(facts(monthly_cost=Decimal("42000")), ctx)
    assert score.reason == (
        "$42,000/month for the whole scope, 70% of all in-house $60,000 (saves $18,000)"
    )
    dearer = scoring.score_cost(facts(monthly_cost=Decimal("66000")), ctx)
    assert dearer.reason.endswith("110% of all in-house $60,000 (costs $6,000 more)")
    peso = Context(all_in_house_monthly=Decimal("600000"), currency="MXN")
    assert (
        "420,000 MXN/month"
        in scoring.score_cost(facts(monthly_cost=Decimal("420000")), peso).reason
    )


def test_cost_without_price_or_in_house_figure_is_no_data_with_the_reason():
    ctx = Context(all_in_house_monthly=Decimal("1000"))
    score = scoring.score_cost(facts(cost_missing_reason="no quote yet"), ctx)
    assert (score.value, score.reason, score.no_data) == (0, "no data: no quote yet", True)
    unmeasured = scoring.score_cost(facts(monthly_cost=Decimal("500")), Context())
    assert unmeasured.no_data and "no in-house cost" in unmeasured.reason


def test_diligence_subtracts_critical_no_and_high_risk():
    score = scoring.score_diligence(
        facts(items_total=30, answered_share=0.9, critical_no_count=1, risk_high_count=2)
    )
    assert score.value == 90 - 25 - 20
    assert "1 critical “no”" in score.reason
    assert (
        scoring.score_diligence(
            facts(items_total=30, answered_share=0.2, critical_no_count=3)
        ).value
        == 0
    )
    assert scoring.score_diligence(facts()).no_data


def test_test_call_quality_combines_ratings_resolution_and_wait():
    perfect = facts(
        test_call_count=5,
        avg_courtesy=5,
        avg_language_clarity=5,
        avg_product_knowledge=5,
        first_contact_resolution_rate=1.0,
        times_by_channel=(("inbound_phone", 5, 10.0),),
    )
    assert scoring.score_test_calls(perfect).value == 100
    middling = facts(
        test_call_count=4,
        avg_courtesy=3,
        avg_language_clarity=3,
        avg_product_knowledge=3,  # 50
        first_contact_resolution_rate=0.5,  # 50
        times_by_channel=(("inbound_phone", 4, 170.0),),  # 150 s over 20 s: 50
    )
    assert scoring.score_test_calls(middling).value == 50
    slow = facts(
        test_call_count=1,
        avg_courtesy=1,
        avg_language_clarity=1,
        avg_product_knowledge=1,
        first_contact_resolution_rate=0.0,
        times_by_channel=(("inbound_phone", 1, 900.0),),
    )
    assert scoring.score_test_calls(slow).value == 0
    assert scoring.score_test_calls(facts()).reason == "no data: no rated test call yet"


def test_each_channel_is_timed_against_its_own_target():
    ctx = Context(answer_within_seconds=30)
    # Phone and chat: full within step 2's seconds, 0 five minutes past them.
    assert scoring.speed_score("inbound_phone", 30, ctx) == 100
    assert scoring.speed_score("chat", 180, ctx) == 50
    assert scoring.speed_score("inbound_phone", 330, ctx) == 0
    # E-mail and social media, in hours: full within 24 h, 0 at 72 h.
    assert scoring.speed_score("email", 20, ctx) == 100
    assert scoring.speed_score("social", 48, ctx) == 50
    assert scoring.speed_score("email", 100, ctx) == 0
    # A 3-hour e-mail reply is fast, though 10,800 s would be hopeless on the phone.
    email = facts(
        test_call_count=1,
        avg_courtesy=5,
        avg_language_clarity=5,
        avg_product_knowledge=5,
        first_contact_resolution_rate=1.0,
        times_by_channel=(("email", 1, 3.0),),
    )
    score = scoring.score_test_calls(email, ctx)
    assert score.value == 100
    assert "3.0 h reply" in score.reason


def test_a_part_not_recorded_is_left_out_the_same_way_for_each():
    rated = {"avg_courtesy": 5, "avg_language_clarity": 5, "avg_product_knowledge": 5}
    # Resolution not recorded: not 0%, left out (ratings 100 and speed 0 share 60:15).
    no_resolution = facts(
        test_call_count=1, times_by_channel=(("inbound_phone", 1, 900.0),), **rated
    )
    score = scoring.score_test_calls(no_resolution)
    assert score.value == round(100 * 60 / 75)
    assert "resolution not rated" in score.reason
    # Speed not recorded: not the best, left out too (ratings 100 and resolution 0).
    no_speed = facts(test_call_count=1, first_contact_resolution_rate=0.0, **rated)
    score = scoring.score_test_calls(no_speed)
    assert score.value == round(100 * 60 / 85)
    assert "speed not rated" in score.reason


def test_language_fit_uses_coverage_and_clarity():
    ctx = Context(required_languages=EN_ES)
    both = facts(languages=EN_ES, avg_language_clarity=5)
    assert scoring.score_language(both, ctx).value == 100
    half = facts(languages=EN, avg_language_clarity=3)
    score = scoring.score_language(half, ctx)
    assert score.value == round(0.6 * 50 + 0.4 * 50)
    assert "lacks Spanish" in score.reason
    # Clarity not rated is left out (not counted as 1 of 5): the language share alone.
    unrated = scoring.score_language(facts(languages=EN_ES), ctx)
    assert (unrated.value, "clarity not rated yet" in unrated.reason) == (100, True)
    assert scoring.score_language(facts(languages=EN), ctx).value == 50
    assert scoring.score_language(both, Context()).no_data


def test_customer_risk_prefers_onshore_delivery_when_risk_is_high():
    onshore, offshore = facts(delivers_onshore=True), facts(delivers_onshore=False)
    for level, offshore_score in (("low", 100), ("medium", 60), ("high", 20)):
        ctx = Context(customer_risk_level=level)
        assert scoring.score_customer_risk(onshore, ctx).value == 100
        assert scoring.score_customer_risk(offshore, ctx).value == offshore_score
    assert scoring.score_customer_risk(offshore, Context()).no_data


def test_offshore_vendor_keeps_full_marks_when_customers_only_expect_minutes():
    level = risk.assess(
        offshore=True,
        local_preference="none",
        language_risk={"email": "low"},
        channel_labels={},
        response_expectation="minutes",
        data_residency="none",
    ).level
    score = scoring.score_customer_risk(
        facts(delivers_onshore=False), Context(customer_risk_level=level)
    )
    assert (score.value, score.reason) == (100, "low risk; offshore delivery only")


def test_references_steps():
    assert [scoring.score_references(facts(reference_count=n)).value for n in range(5)] == [
        0,
        40,
        70,
        100,
        100,
    ]


def test_rank_orders_by_weighted_total_and_marks_the_leader():
    cheap = facts(candidate_id=1, name="Cheap", monthly_cost=Decimal("100"), reference_count=0)
    known = facts(candidate_id=2, name="Known", monthly_cost=Decimal("200"), reference_count=3)
    only_cost = {**dict.fromkeys(scoring.DEFAULT_WEIGHTS, 0), "cost": 100}
    ctx = Context(all_in_house_monthly=Decimal("400"))
    ranked = scoring.rank([known, cheap], only_cost, ctx)
    assert [(r.facts.name, r.total, r.rank, r.is_leader) for r in ranked] == [
        ("Cheap", 100.0, 1, True),
        ("Known", 75.0, 2, False),
    ]
    # Moving the weight to references re-ranks.
    only_refs = {**dict.fromkeys(scoring.DEFAULT_WEIGHTS, 0), "references": 10}
    ranked = scoring.rank([known, cheap], only_refs, ctx)
    assert [r.facts.name for r in ranked] == ["Known", "Cheap"]
    assert ranked[0].is_leader


def test_ties_and_zero_weights_have_no_leader():
    a, b = facts(candidate_id=1, name="A"), facts(candidate_id=2, name="B")
    ranked = scoring.rank([b, a], scoring.DEFAULT_WEIGHTS, Context())
    assert [r.facts.name for r in ranked] == ["A", "B"]  # tie broken by name for display
    assert not any(r.is_leader for r in ranked)
    zero = dict.fromkeys(scoring.DEFAULT_WEIGHTS, 0)
    ranked = scoring.rank([facts(reference_count=3)], zero, Context())
    assert ranked[0].total == 0 and not ranked[0].is_leader


def test_every_criterion_shows_its_rule():
    assert {c.key for c in scoring.CRITERIA} == set(scoring.DEFAULT_WEIGHTS)
    assert all(len(c.rule) > 30 for c in scoring.CRITERIA)
    assert sum(scoring.DEFAULT_WEIGHTS.values()) == 100


ratings = st.one_of(st.none(), st.floats(min_value=1, max_value=5))


@given(
    cost=st.one_of(st.none(), st.decimals(min_value=1, max_value=10**7, places=2)),
    share=st.floats(min_value=0, max_value=1),
    critical=st.integers(0, 30),
    high=st.integers(0, 30),
    calls=st.integers(0, 50),
    wait=st.floats(min_value=0, max_value=3600),
    fcr=st.one_of(st.none(), st.floats(min_value=0, max_value=1)),
    courtesy=ratings,
    clarity=ratings,
    knowledge=ratings,
    refs=st.integers(0, 20),
    onshore=st.booleans(),
    risk=st.sampled_from([None, "low", "medium", "high"]),
    weights=st.fixed_dictionaries({k: st.integers(0, 100) for k in scoring.DEFAULT_WEIGHTS}),
)
def test_scores_and_totals_stay_between_0_and_100(
    cost,
    share,
    critical,
    high,
    calls,
    wait,
    fcr,
    courtesy,
    clarity,
    knowledge,
    refs,
    onshore,
    risk,
    weights,
):
    one = facts(
        monthly_cost=cost,
        items_total=30,
        answered_share=share,
        critical_no_count=critical,
        risk_high_count=high,
        test_call_count=calls,
        times_by_channel=(("inbound_phone", max(calls, 1), wait), ("email", 1, wait / 10)),
        first_contact_resolution_rate=fcr,
        avg_courtesy=courtesy,
        avg_language_clarity=clarity,
        avg_product_knowledge=knowledge,
        languages=EN,
        reference_count=refs,
        delivers_onshore=onshore,
    )
    other = facts(candidate_id=2, name="Other", monthly_cost=Decimal("5000"))
    ctx = Context(EN_ES, risk, all_in_house_monthly=Decimal("6000"))
    for ranked in scoring.rank([one, other], weights, ctx):
        assert 0 <= ranked.total <= 100
        assert all(0 <= s.value <= 100 for s in ranked.scores.values())


def test_weight_problems_names_each_weight_out_of_range():
    assert scoring.weight_problems(scoring.DEFAULT_WEIGHTS) == {}
    problems = scoring.weight_problems({"cost": -1, "references": 101, "language": 100})
    assert problems == {
        "cost": "Ensure this value is greater than or equal to 0.",
        "references": "Ensure this value is less than or equal to 100.",
    }


def test_ratings_given_are_averaged_without_the_ones_missing():
    # Courtesy 5 and knowledge 3 given, clarity not: ratings 4/5 (75), not "not rated".
    score = scoring.score_test_calls(
        facts(test_call_count=2, avg_courtesy=5, avg_product_knowledge=3)
    )
    assert score.value == 75
    assert "ratings 4.0/5" in score.reason


candidate_facts = st.builds(
    CandidateFacts,
    candidate_id=st.integers(1, 10**6),
    name=st.sampled_from(["Alpha", "Beta", "Cebu", "Delta", "alpha"]),
    monthly_cost=st.one_of(st.none(), st.decimals(min_value=0, max_value=10**6, places=2)),
    items_total=st.integers(0, 40),
    answered_share=st.one_of(st.none(), st.floats(min_value=0, max_value=1)),
    critical_no_count=st.integers(0, 5),
    test_call_count=st.integers(0, 10),
    first_contact_resolution_rate=st.one_of(st.none(), st.floats(min_value=0, max_value=1)),
    avg_courtesy=ratings,
    avg_language_clarity=ratings,
    languages=st.sampled_from([frozenset(), EN, EN_ES]),
    delivers_onshore=st.booleans(),
    reference_count=st.integers(0, 4),
)


@given(
    pool=st.lists(candidate_facts, min_size=2, max_size=8, unique_by=lambda f: f.candidate_id),
    subsets=st.lists(st.lists(st.booleans(), min_size=8, max_size=8), min_size=1, max_size=4),
    weights=st.fixed_dictionaries({k: st.integers(0, 100) for k in scoring.DEFAULT_WEIGHTS}),
    in_house=st.one_of(st.none(), st.decimals(min_value=1, max_value=10**6, places=2)),
)
def test_a_candidate_added_or_removed_never_reorders_the_others(pool, subsets, weights, in_house):
    ctx = Context(EN_ES, "medium", all_in_house_monthly=in_house)
    full = {r.facts.candidate_id: (r.total, r.scores) for r in scoring.rank(pool, weights, ctx)}
    order = [r.facts.candidate_id for r in scoring.rank(pool, weights, ctx)]
    for keep in subsets:
        subset = [f for f, kept in zip(pool, keep, strict=False) if kept]
        ranked = scoring.rank(subset, weights, ctx)
        # Each score and total is the candidate's own, and the order is the full
        # order with the others left out.
        for r in ranked:
            assert (r.total, r.scores) == full[r.facts.candidate_id]
        assert [r.facts.candidate_id for r in ranked] == [
            cid for cid in order if cid in {f.candidate_id for f in subset}
        ]
