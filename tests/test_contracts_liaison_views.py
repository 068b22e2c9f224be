"""The liaison log (step 5): entries, follow-up actions, search and paging."""

import datetime
from datetime import date

from django.urls import reverse

from contracts.models import FollowUpAction, LiaisonEntry
from tests.factories_contracts import FollowUpActionFactory, LiaisonEntryFactory


def url(name, engagement, **kwargs):
    return reverse(f"contracts:{name}", kwargs={"engagement_pk": engagement.pk, **kwargs})


def test_liaison_entry_with_follow_up_and_overdue_highlight(member_client, engagement, member):
    response = member_client.post(
        url("liaison-entry-create", engagement),
        {
            "kind": "meeting",
            "date": "2025-03-01",
            "participants": "Maria, vendor",
            "summary": "Kick-off",
        },
    )
    entry = LiaisonEntry.objects.get()
    assert response["Location"] == url("liaison-entry-detail", engagement, pk=entry.pk)
    member_client.post(
        url("follow-up-create", engagement, pk=entry.pk),
        {"description": "Send scripts", "owner": member.pk, "due_date": "2025-03-05"},
    )
    action = FollowUpAction.objects.get()
    page = member_client.get(url("liaison-list", engagement)).text
    assert "Send scripts" in page and "Overdue" in page
    member_client.post(url("follow-up-done", engagement, pk=action.pk), {"done": "1"})
    action.refresh_from_db()
    assert action.done and action.done_at is not None


def test_liaison_entry_bad_input(member_client, engagement):
    response = member_client.post(
        url("liaison-entry-create", engagement), {"kind": "gossip", "date": "", "summary": ""}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text and "This field is required" in response.text
    assert LiaisonEntry.objects.count() == 0


def test_follow_up_owner_must_be_in_the_team(member_client, engagement, outsider):
    entry = LiaisonEntryFactory(engagement=engagement)
    response = member_client.post(
        url("follow-up-create", engagement, pk=entry.pk),
        {"description": "x", "owner": outsider.pk, "due_date": "2025-03-05"},
    )
    assert response.status_code == 200 and "Select a valid choice" in response.text
    assert FollowUpAction.objects.count() == 0


def test_liaison_search_filter_and_pagination(member_client, engagement):
    for i in range(30):
        LiaisonEntryFactory(
            engagement=engagement,
            kind="training" if i % 3 == 0 else "meeting",
            summary=f"Entry {i} about {'billing' if i == 7 else 'routine'}",
            date=date(2025, 1, 1) + datetime.timedelta(days=i),
        )
    first = member_client.get(url("liaison-list", engagement))
    assert len(first.context["page"].object_list) == 25 and "Page 1 of 2" in first.text
    found = member_client.get(url("liaison-list", engagement), {"q": "billing"})
    assert [e.summary for e in found.context["page"].object_list] == ["Entry 7 about billing"]
    training = member_client.get(url("liaison-list", engagement), {"kind": "training"})
    assert training.context["page"].paginator.count == 10
    empty = member_client.get(url("liaison-list", engagement), {"q": "nothing like this"})
    assert "No entry matches these filters" in empty.text


def test_liaison_list_query_count(member_client, engagement, member, django_assert_max_num_queries):
    for i in range(40):
        entry = LiaisonEntryFactory(
            engagement=engagement, date=date(2025, 1, 1) + datetime.timedelta(days=i)
        )
        FollowUpActionFactory.create_batch(2, entry=entry, owner=member)
    with django_assert_max_num_queries(12):
        response = member_client.get(url("liaison-list", engagement))
    assert response.status_code == 200
