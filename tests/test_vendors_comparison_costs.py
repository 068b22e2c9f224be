"""The comparison's cost criterion on the whole scope (pure Python: the scenarios of
``portal.scenarios`` scored by ``vendors.scoring``, no database).

Each candidate is priced on the same work: its cheapest combination of its own
quotes, what they do not cover kept in-house, oversight once; its cost score reads
that total against all in-house and nothing else, so no candidate added or removed
reorders the others.
"""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from portal import billing, cost_inputs, costs, scenarios
from vendors import scoring
from vendors.scoring import CandidateFacts, Context

INPUTS = cost_inputs.CostInputs(
    loaded_salary=Decimal("3600"),
    training_per_agent=Decimal("150"),
    equipment_per_agent=Decimal("100"),
    rent_per_agent=Decimal("250"),
    it_per_agent=Decimal("100"),
    supervision_per_agent=Decimal("300"),
    oversight_monthly=Decimal("2500"),
    outbound_sales_monthly=Decimal("80000"),
)
WORKLOAD = costs.build_workload(
    [
        cost_inputs.ChannelLoad(cost_inputs.INBOUND_PHONE, 9000, 6, open_hours="24/7"),
        cost_inputs.ChannelLoad(cost_inputs.EMAIL, 3000, 8),
        cost_inputs.ChannelLoad(cost_inputs.OUTBOUND_PHONE, 1200, 10),
    ],
    INPUTS,
    with_queue_stats=False,
)
ALL_IN_HOUSE = scenarios.all_in_house(WORKLOAD).monthly_total
CONTEXT = Context(all_in_house_monthly=ALL_IN_HOUSE)
ONLY_COST = {**dict.fromkeys(scoring.DEFAULT_WEIGHTS, 0), scoring.COST: 100}


def _facts(candidate_id: int, name: str, pricings: list[scenarios.Pricing], **extra):
    """What ``vendors.comparison`` gives ``scoring``: the candidate's own best scenario."""
    best = scenarios.best_for_quotes(WORKLOAD, pricings) if pricings else None
    return CandidateFacts(
        candidate_id=candidate_id,
        name=name,
        monthly_cost=best.monthly_total if best else None,
        cost_missing_reason="no quote yet",
        **extra,
    )


def test_an_outbound_only_quote_no_longer_outscores_a_full_inbound_quote():
    outbound_only = scenarios.Pricing(billing.OUTBOUND_HOURLY, Decimal("6"))
    inbound = scenarios.Pricing(billing.DEDICATED_PER_HOUR, Decimal("14"))
    # By hand: the outbound-only candidate carries the inbound work (phone and
    # e-mail) in-house, the inbound one the outbound line; each pays oversight once.
    out_total = cost_inputs.money(
        cost_inputs.money(Decimal(repr(WORKLOAD.outbound_hours_per_month)) * 6)
        + WORKLOAD.in_house_cost([cost_inputs.INBOUND_PHONE, cost_inputs.EMAIL])
        + WORKLOAD.oversight_monthly_cost
    )
    in_total = cost_inputs.money(
        cost_inputs.money(Decimal(repr(WORKLOAD.agent_hours_per_month)) * 14)
        + WORKLOAD.in_house_cost([cost_inputs.OUTBOUND_PHONE])
        + WORKLOAD.oversight_monthly_cost
    )
    a = _facts(1, "Outbound Only", [outbound_only])
    b = _facts(2, "Full Inbound", [inbound])
    assert (a.monthly_cost, b.monthly_cost) == (out_total, in_total)
    # The old rule compared quotes alone: the outbound quote's own bill is far the
    # smaller, so it took full marks.
    assert scenarios.scenario(WORKLOAD, outbound=outbound_only).vendor_charges < (
        scenarios.scenario(WORKLOAD, inbound=inbound).vendor_charges
    )
    ranked = scoring.rank([a, b], ONLY_COST, CONTEXT)
    assert [r.facts.name for r in ranked] == ["Full Inbound", "Outbound Only"]
    score_a, score_b = (
        {r.facts.name: r.scores[scoring.COST] for r in ranked}[n]
        for n in ("Outbound Only", "Full Inbound")
    )
    # 100 x (1.25 - total / all in-house), each.
    for score, total in ((score_a, out_total), (score_b, in_total)):
        assert score.value == round(max(0, min(100, float(125 - total / ALL_IN_HOUSE * 100))))
    assert score_b.value > score_a.value
    # A candidate quoting both takes the cheaper combination of its own quotes.
    both = _facts(3, "Both", [outbound_only, inbound])
    assert both.monthly_cost <= min(out_total, in_total)


def test_the_cost_score_falls_as_the_scope_total_rises():
    totals = [ALL_IN_HOUSE * Decimal(k) / 20 for k in range(0, 41)]
    scores = [
        scoring.score_cost(CandidateFacts(1, "V", monthly_cost=t), CONTEXT).value for t in totals
    ]
    assert scores == sorted(scores, reverse=True)
    assert [scores[k] for k in (0, 5, 10, 20, 25, 40)] == [100, 100, 75, 25, 0, 0]


pricings = st.builds(
    scenarios.Pricing,
    pricing_model=st.sampled_from(
        [
            billing.SHARED_PER_MINUTE,
            billing.DEDICATED_PER_HOUR,
            billing.MONTHLY,
            billing.OUTBOUND_HOURLY,
            billing.COMMISSION,
            billing.HOURLY_PLUS_COMMISSION,
        ]
    ),
    rate=st.decimals(min_value=0, max_value=30, places=2),
    minimum_monthly=st.sampled_from([Decimal(0), Decimal(5000), Decimal(40000)]),
    setup_fee=st.sampled_from([Decimal(0), Decimal(2500)]),
    commission_percent=st.decimals(min_value=1, max_value=30, places=1),
    channels=st.sampled_from(
        [None, frozenset({cost_inputs.INBOUND_PHONE}), frozenset({cost_inputs.EMAIL})]
    ),
    regular_hourly_rate=st.sampled_from([None, Decimal("12")]),
).map(
    # A monthly rate is per seat, so a few thousand, not a few dollars.
    lambda p: (
        p
        if p.pricing_model != billing.MONTHLY
        else scenarios.Pricing(billing.MONTHLY, p.rate * 200, channels=p.channels)
    )
)
candidates = st.lists(
    st.tuples(
        st.lists(pricings, max_size=3),
        st.integers(0, 3),  # references
        st.sampled_from(["Alpha", "Beta", "Cebu", "alpha"]),
    ),
    min_size=2,
    max_size=7,
)


@settings(max_examples=60, deadline=None)
@given(
    pool=candidates,
    subsets=st.lists(st.lists(st.booleans(), min_size=7, max_size=7), min_size=1, max_size=3),
    weights=st.fixed_dictionaries({k: st.integers(0, 100) for k in scoring.DEFAULT_WEIGHTS}),
)
def test_adding_or_removing_a_candidate_never_reorders_the_others(pool, subsets, weights):
    facts = [
        _facts(n, name, quotes, reference_count=refs)
        for n, (quotes, refs, name) in enumerate(pool, start=1)
    ]
    position = {
        r.facts.candidate_id: i for i, r in enumerate(scoring.rank(facts, weights, CONTEXT))
    }
    for keep in subsets:
        subset = [f for f, kept in zip(facts, keep, strict=False) if kept]
        order = [r.facts.candidate_id for r in scoring.rank(subset, weights, CONTEXT)]
        # Any two candidates of the subset keep the order they have in the whole pool.
        assert order == sorted(order, key=position.__getitem__)
