"""Customer-base risk (portal/planning/risk.py): each factor and the combined level."""

from portal.planning import risk


def _assess(**overrides):
    answers = {
        "offshore": True,
        "local_preference": "none",
        "language_risk": {"email": "low"},
        "channel_labels": {"email": "E-mail", "inbound_phone": "Inbound phone"},
        "response_expectation": "day",
        "data_residency": "none",
    }
    answers.update(overrides)
    return risk.assess(**answers)


def test_email_only_offshore_with_relaxed_customers_is_low_risk():
    result = _assess()
    assert result.level == "low"
    assert all(factor.level == "low" for factor in result.factors)


def test_combined_level_is_the_highest_factor():
    assert _assess(local_preference="some").level == "medium"
    assert _assess(language_risk={"inbound_phone": "high", "email": "low"}).level == "high"
    assert _assess(data_residency="law").level == "high"
    assert _assess(data_residency="law", offshore=False).level == "medium"


def test_perception_does_not_apply_onshore():
    factor = _assess(offshore=False, local_preference="strong").factors[0]
    assert factor.level == "low" and "onshore" in factor.reasons[0]


def test_reasons_name_each_channel():
    result = _assess(language_risk={"inbound_phone": "high", "email": "low"})
    language = next(f for f in result.factors if f.key == "language")
    assert any(reason.startswith("Inbound phone: high") for reason in language.reasons)
    assert any("written replies" in reason for reason in language.reasons)


def test_suggested_language_risk():
    assert risk.suggested_language_risk("email", offshore=True) == "low"
    assert risk.suggested_language_risk("inbound_phone", offshore=True) == "high"
    assert risk.suggested_language_risk("inbound_phone", offshore=False) == "low"
    assert risk.suggested_language_risk("chat", offshore=True) == "medium"


def test_offshore_vendor_with_customers_expecting_minutes_is_not_high_risk():
    # Nothing else is a risk: relaxed customers, e-mail rated low, no data rules.
    result = _assess(response_expectation="minutes")
    assert result.level == "low"
    assert "response" not in {factor.key for factor in result.factors}
    assert "not a risk by itself" in result.notes[0]
    assert "SLA" in result.notes[0]


def test_email_only_scope_lowers_the_language_risk():
    phone = _assess(language_risk={"inbound_phone": "high"})
    email = _assess(language_risk={"email": "high"})
    assert phone.level == "high"
    assert email.level == "medium"
    language = next(f for f in email.factors if f.key == "language")
    assert language.reasons == (
        "E-mail: medium (rated high; written replies remove most accent problems, so it "
        "counts one level lower).",
    )
    assert _assess(language_risk={"email": "medium"}).level == "low"


def test_the_rules_are_stated_for_the_page():
    assert any("not a risk by itself" in rule for rule in risk.RULES)
    assert any("one level lower" in rule for rule in risk.RULES)
