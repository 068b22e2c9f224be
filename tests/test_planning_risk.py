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
