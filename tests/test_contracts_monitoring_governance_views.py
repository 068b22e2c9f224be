"""The governance on the monitoring page (step 6): roles, RACI and escalation path."""

import pytest
from django.urls import reverse

from contracts.models import EscalationLevel
from tests.factories_contracts import EscalationLevelFactory, RaciRowFactory


def url(name, engagement, **kwargs):
    return reverse(f"contracts:{name}", kwargs={"engagement_pk": engagement.pk, **kwargs})


def test_governance_roles_raci_and_escalation(member_client, engagement, member, manager):
    member_client.post(
        url("governance-edit", engagement),
        {"liaison": member.pk, "monitor": manager.pk, "procedures": "Monthly review."},
    )
    member_client.post(
        url("raci-create", engagement),
        {"activity": "KPI review", "responsible": "Monitor", "accountable": "Manager"},
    )
    member_client.post(
        url("escalation-create", engagement),
        {"level": "1", "who": "Liaison", "trigger": "Missed KPI", "response_hours": "24"},
    )
    duplicate = member_client.post(
        url("escalation-create", engagement),
        {"level": "1", "who": "Manager", "trigger": "Again", "response_hours": "48"},
    )
    assert "Level 1 is already on the escalation path" in duplicate.text
    assert EscalationLevel.objects.count() == 1
    page = member_client.get(url("monitoring", engagement)).text
    assert "KPI review" in page and "Missed KPI" in page and "Monthly review." in page
    assert manager.get_full_name() in page


@pytest.mark.parametrize(
    ("name", "factory", "what", "shown"),
    [
        ("raci-delete", RaciRowFactory, "RACI row", "Monthly KPI review"),
        ("escalation-delete", EscalationLevelFactory, "escalation level", "Level 1: Liaison"),
    ],
)
def test_deleting_a_governance_row_asks_first(
    member_client, engagement, name, factory, what, shown
):
    row = factory(engagement=engagement, **({"level": 1} if "escalation" in name else {}))
    delete_url = url(name, engagement, pk=row.pk)
    page = member_client.get(url("monitoring", engagement)).text
    assert f'href="{delete_url}">Delete</a>' in page  # a link, not a one-click form
    confirm = member_client.get(delete_url)
    assert confirm.status_code == 200
    assert f"Delete {what}?" in confirm.text and shown in confirm.text
    assert f">Delete {what}</button>" in confirm.text
    assert "Cancel, keep it" in confirm.text
    assert type(row).objects.filter(pk=row.pk).exists()
    response = member_client.post(delete_url)
    assert response.status_code == 302
    assert response["Location"].endswith("#governance")
    assert not type(row).objects.filter(pk=row.pk).exists()


def test_a_duplicate_escalation_level_is_shown_next_to_the_level(member_client, engagement):
    EscalationLevelFactory(engagement=engagement, level=2)
    response = member_client.post(
        url("escalation-create", engagement),
        {"level": "2", "who": "Manager", "trigger": "Again", "response_hours": "48"},
    )
    assert response.context["form"].errors["level"] == [
        "Level 2 is already on the escalation path."
    ]
    assert EscalationLevel.objects.count() == 1
