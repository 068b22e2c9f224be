"""The due-diligence overview, a candidate's checklist and the answer to one item."""

import re

import pytest
from django.urls import reverse

from tests.factories import CandidateFactory, EngagementFactory, VendorFactory
from tests.factories_diligence import EvidenceFactory, TestCallFactory, current_template
from vendors.diligence import actions
from vendors.diligence.models import Checklist, ChecklistItem, ChecklistTemplate


@pytest.fixture
def candidate(engagement):
    current_template()
    return CandidateFactory(engagement=engagement, vendor=VendorFactory(name="Manila Contact Co"))


def _url(name, candidate, **extra):
    return reverse(
        name,
        kwargs={"engagement_pk": candidate.engagement_id, "candidate_pk": candidate.pk, **extra},
    )


# --- Overview -----------------------------------------------------------------


def test_overview_lists_candidates_with_their_figures(member_client, candidate, member):
    checklist = actions.checklist_start(user=member, candidate=candidate)
    item = checklist.items.filter(template_item__critical=True).first()
    item.answer, item.risk = "no", "high"
    item.save()
    TestCallFactory(candidate=candidate, wait_seconds=95)
    response = member_client.get(reverse("diligence:overview", args=[candidate.engagement_id]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Manila Contact Co" in html
    assert "95 s" in html
    row = re.search(r'<th scope="row">Manila Contact Co</th>(.*?)</tr>', html, re.S).group(1)
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row)]
    # Answered, open items, "no" on critical items, high-risk items, test calls, wait.
    assert cells[:6] == ["3%", "29", "1", "1", "1", "95 s"]


def test_overview_empty_state(member_client, engagement):
    response = member_client.get(reverse("diligence:overview", args=[engagement.pk]))
    assert "No vendors are shortlisted" in response.content.decode()


def test_overview_query_count_is_fixed(
    member_client, engagement, member, django_assert_max_num_queries
):
    current_template()
    for _ in range(20):
        candidate = CandidateFactory(engagement=engagement)
        actions.checklist_start(user=member, candidate=candidate)
        TestCallFactory.create_batch(10, candidate=candidate)
    with django_assert_max_num_queries(10):
        response = member_client.get(reverse("diligence:overview", args=[engagement.pk]))
    assert response.content.decode().count("Not started") == 0


# --- Checklist ----------------------------------------------------------------


def test_get_does_not_start_a_checklist(member_client, candidate):
    response = member_client.get(_url("diligence:checklist-detail", candidate))
    assert response.status_code == 200
    assert "Start checklist" in response.content.decode()
    assert not Checklist.objects.exists()


def test_start_checklist_copies_the_current_template(member_client, candidate):
    template = ChecklistTemplate.objects.get(is_current=True)
    response = member_client.post(_url("diligence:checklist-start", candidate))
    assert response.status_code == 302
    checklist = Checklist.objects.get(candidate=candidate)
    assert checklist.template == template
    assert checklist.items.count() == template.items.count() == 30
    page = member_client.get(response["Location"]).content.decode()
    assert "Checklist started" in page
    assert "Data protection and company assets" in page
    assert "Contract readiness" in page
    # A second start changes nothing.
    member_client.post(_url("diligence:checklist-start", candidate))
    assert ChecklistItem.objects.count() == 30


def test_start_without_a_current_template_says_so(member_client, candidate):
    ChecklistTemplate.objects.update(is_current=False)
    response = member_client.post(_url("diligence:checklist-start", candidate), follow=True)
    assert "No checklist template is current" in response.content.decode()
    assert not Checklist.objects.exists()


def test_start_is_post_only_and_outsider_starts_nothing(member_client, outsider_client, candidate):
    assert member_client.get(_url("diligence:checklist-start", candidate)).status_code == 405
    assert outsider_client.post(_url("diligence:checklist-start", candidate)).status_code == 404
    assert not Checklist.objects.exists()


def test_candidate_of_another_engagement_is_404(member_client, engagement):
    theirs = CandidateFactory(engagement=EngagementFactory(team=engagement.team))
    url = reverse(
        "diligence:checklist-detail",
        kwargs={"engagement_pk": engagement.pk, "candidate_pk": theirs.pk},
    )
    assert member_client.get(url).status_code == 404


def test_checklist_page_query_count_is_fixed(
    member_client, candidate, member, django_assert_max_num_queries
):
    checklist = actions.checklist_start(user=member, candidate=candidate)
    checklist.items.update(answer="yes", risk="low", reviewer=member)
    for item in checklist.items.all():
        EvidenceFactory.create_batch(2, item=item, uploaded_by=member)
    # 15: the page, re-assessment rounds, expiring evidence, vendor contacts' proposals
    with django_assert_max_num_queries(15):
        response = member_client.get(_url("diligence:checklist-detail", candidate))
    assert response.content.decode().count("reference-call-notes.txt") == 60
    assert "100% of 30" in response.content.decode()


def _item(candidate, member, *, critical=False):
    checklist = actions.checklist_start(user=member, candidate=candidate)
    return checklist.items.filter(template_item__critical=critical).first()


def test_answer_an_item(member_client, candidate, member, manager):
    item = _item(candidate, member, critical=True)
    url = _url("diligence:item-edit", candidate, pk=item.pk)
    response = member_client.post(
        url,
        {"answer": "partial", "risk": "medium", "reviewer": manager.pk, "notes": "Cert expired"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.answer, item.risk, item.reviewer, item.notes) == (
        "partial",
        "medium",
        manager,
        "Cert expired",
    )
    page = member_client.get(response["Location"]).content.decode()
    assert "Answer saved" in page
    assert "Partly" in page


def test_save_and_next_opens_the_following_item(member_client, candidate, member):
    checklist = actions.checklist_start(user=member, candidate=candidate)
    first, second = checklist.items.order_by("template_item__order")[:2]
    response = member_client.post(
        _url("diligence:item-edit", candidate, pk=first.pk),
        {"answer": "yes", "risk": "low", "reviewer": member.pk, "save_next": "1"},
    )
    assert response["Location"] == _url("diligence:item-edit", candidate, pk=second.pk)


def test_answer_without_risk_is_refused(member_client, candidate, member):
    item = _item(candidate, member)
    response = member_client.post(
        _url("diligence:item-edit", candidate, pk=item.pk),
        {"answer": "no", "risk": "", "reviewer": member.pk},
    )
    assert response.status_code == 200
    assert "Rate the risk of an answered item" in response.content.decode()
    assert "Rate the risk of an answered item" in response.context["form"].errors["risk"][0]
    item.refresh_from_db()
    assert item.answer == ""


def test_reviewer_must_be_in_the_team(member_client, candidate, member, outsider):
    item = _item(candidate, member)
    response = member_client.post(
        _url("diligence:item-edit", candidate, pk=item.pk),
        {"answer": "yes", "risk": "low", "reviewer": outsider.pk},
    )
    assert "Select a valid choice" in response.content.decode()
    item.refresh_from_db()
    assert item.answer == ""


def test_item_edit_outsider_404_and_method(outsider_client, member_client, candidate, member):
    item = _item(candidate, member)
    url = _url("diligence:item-edit", candidate, pk=item.pk)
    assert outsider_client.post(url, {"answer": "yes", "risk": "low"}).status_code == 404
    assert member_client.put(url).status_code == 405
    item.refresh_from_db()
    assert item.answer == ""


def test_item_of_another_candidate_is_404(member_client, candidate, member, engagement):
    other = CandidateFactory(engagement=engagement)
    item = _item(other, member)
    assert member_client.get(_url("diligence:item-edit", candidate, pk=item.pk)).status_code == 404


def test_item_page_has_one_form_with_answer_evidence_and_buttons(member_client, candidate, member):
    item = _item(candidate, member)
    html = member_client.get(_url("diligence:item-edit", candidate, pk=item.pk)).content.decode()
    forms = re.findall(r'<form method="post" enctype="multipart/form-data".*?</form>', html, re.S)
    assert len(forms) == 1
    form = forms[0]
    for field in ('name="answer"', 'name="risk"', 'name="notes"', 'name="evidence"'):
        assert field in form
    # The main button is a real button with its words on it, next to the answer.
    assert ">Save and open the next item</button>" in form
    assert ">Upload evidence</button>" in form
    assert ">Save answer</button>" in form
