"""Write operations of the governance: roles, RACI rows and escalation levels."""

import pytest

from contracts.models import RaciRow
from contracts.monitoring import governance_actions as actions
from portal.errors import DomainError
from tests.factories import UserFactory


def test_liaison_must_be_a_team_member(engagement, member):
    stranger = UserFactory()
    with pytest.raises(DomainError, match="liaison must be a member") as caught:
        actions.governance_save(
            user=member, engagement=engagement, data=actions.GovernanceInput(liaison=stranger)
        )
    assert list(caught.value.fields) == ["liaison"]


def test_escalation_levels_are_unique(engagement, member):
    data = actions.EscalationLevelInput(
        level=1, who="Liaison", trigger="Missed KPI", response_hours=24
    )
    actions.escalation_level_save(user=member, engagement=engagement, level=None, data=data)
    with pytest.raises(DomainError, match="Level 1 is already") as caught:
        actions.escalation_level_save(user=member, engagement=engagement, level=None, data=data)
    assert list(caught.value.fields) == ["level"]


def test_raci_rows_keep_the_order_they_were_added_in(engagement, member):
    for activity in ("KPI review", "Test calls", "Renewal"):
        actions.raci_row_save(
            user=member,
            engagement=engagement,
            row=None,
            data=actions.RaciRowInput(
                activity=activity, responsible="Liaison", accountable="Manager"
            ),
        )
    rows = RaciRow.objects.filter(engagement=engagement)
    assert [(r.activity, r.position) for r in rows] == [
        ("KPI review", 0),
        ("Test calls", 1),
        ("Renewal", 2),
    ]
