"""Dashboard, engagement pages and their history, as each role sees them."""

import io

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.http import HttpRequest
from django.urls import reverse

from contracts.due import DUE_PANEL_QUERIES
from contracts.monitoring.plan_due import PLANNED_DUE_QUERIES
from contracts.standing import STANDING_QUERIES
from portal.models import Engagement, EngagementStatusChange
from portal.reports.due import SCORECARD_DUE_QUERIES
from tests.factories import EngagementFactory, MembershipFactory, UserFactory, VendorFactory
from vendors import actions as vendor_actions


def test_dashboard_lists_only_my_teams_engagements(member_client, engagement, other_team):
    EngagementFactory(team=other_team, title="Finance back office")
    response = member_client.get("/")
    assert "Outsource tier-1 phone support" in response.text
    assert "Finance back office" not in response.text


def test_dashboard_search_and_status_filter(member_client, team, member):
    EngagementFactory(team=team, owner=member, title="E-mail support to Manila")
    EngagementFactory(team=team, owner=member, title="Chat pilot", status="closed")
    response = member_client.get("/", {"q": "manila"})
    assert "E-mail support to Manila" in response.text and "Chat pilot" not in response.text
    response = member_client.get("/", {"status": "closed"})
    assert "Chat pilot" in response.text and "Manila" not in response.text
    response = member_client.get("/", {"q": "nothing like this"})
    assert "No engagement matches these filters" in response.text


def test_dashboard_paginates(member_client, team, member):
    EngagementFactory.create_batch(30, team=team, owner=member)
    first = member_client.get("/")
    assert "Page 1 of 2" in first.text
    second = member_client.get("/", {"page": 2})
    assert second.status_code == 200 and "Page 2 of 2" in second.text


def test_dashboard_empty_states(client, team, db):
    lonely = UserFactory(username="lonely")
    client.force_login(lonely)
    assert "not a member of any team" in client.get("/").text
    MembershipFactory(team=team, user=lonely)
    assert "Start the first engagement" in client.get("/").text


def test_dashboard_query_count_is_fixed(member_client, team, member, django_assert_max_num_queries):
    EngagementFactory.create_batch(60, team=team, owner=member)
    with django_assert_max_num_queries(
        8 + DUE_PANEL_QUERIES + STANDING_QUERIES + PLANNED_DUE_QUERIES + SCORECARD_DUE_QUERIES
    ):
        response = member_client.get("/")
    assert response.status_code == 200


def test_engagement_page_query_count_is_fixed(client, db, django_assert_max_num_queries):
    """The demo engagement has every step filled in; 50 more engagements beside it."""
    call_command("seed_demo", stdout=io.StringIO())
    demo = Engagement.objects.get(title="Outsource tier-1 phone support")
    EngagementFactory.create_batch(50, team=demo.team, owner=demo.owner)
    client.login(request=HttpRequest(), username="member", password="portal-demo")
    with django_assert_max_num_queries(24 + STANDING_QUERIES):
        response = client.get(demo.get_absolute_url())
    assert response.status_code == 200
    assert response.text.count("Complete") >= 4


def test_create_engagement(member_client, team):
    response = member_client.post(
        reverse("portal:engagement-create"),
        {"title": "Outsource chat", "team": team.pk, "description": "Evenings"},
    )
    engagement = Engagement.objects.get(title="Outsource chat")
    assert response.status_code == 302 and response["Location"] == engagement.get_absolute_url()
    assert engagement.owner.username == "member"
    entry = LogEntry.objects.get_for_object(engagement).get()
    assert entry.actor.username == "member" and entry.action == LogEntry.Action.CREATE


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "description": "x"}, "This field is required"),
        ({"title": "   ", "description": "x"}, "This field is required"),
        ({"title": "x" * 201, "description": ""}, "at most 200 characters"),
    ],
)
def test_create_engagement_bad_input_saves_nothing(member_client, team, data, message):
    response = member_client.post(reverse("portal:engagement-create"), {**data, "team": team.pk})
    assert response.status_code == 200
    assert message in response.text
    assert Engagement.objects.count() == 0


def test_cannot_create_in_another_team(member_client, team, other_team):
    response = member_client.post(
        reverse("portal:engagement-create"), {"title": "Sneaky", "team": other_team.pk}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Engagement.objects.filter(title="Sneaky").exists()


def test_edit_engagement_is_audited(member_client, engagement):
    response = member_client.post(
        reverse("portal:engagement-edit", args=[engagement.pk]),
        {"title": "Outsource tier-1 and tier-2", "description": "Both tiers"},
    )
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.title == "Outsource tier-1 and tier-2"
    history = member_client.get(reverse("portal:engagement-history", args=[engagement.pk]))
    assert "Outsource tier-1 and tier-2" in history.text
    assert "Outsource tier-1 phone support" in history.text  # the old value


def test_edit_bad_input_keeps_the_old_title(member_client, engagement):
    response = member_client.post(
        reverse("portal:engagement-edit", args=[engagement.pk]), {"title": ""}
    )
    assert response.status_code == 200 and "This field is required" in response.text
    engagement.refresh_from_db()
    assert engagement.title == "Outsource tier-1 phone support"


def test_manager_closes_and_reopens(manager_client, engagement):
    manager_client.post(reverse("portal:engagement-close", args=[engagement.pk]))
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.CLOSED
    response = manager_client.post(
        reverse("portal:engagement-close", args=[engagement.pk]), follow=True
    )
    assert "cannot be closed" in response.text
    manager_client.post(reverse("portal:engagement-reopen", args=[engagement.pk]))
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.SCOPING


def test_reopening_returns_to_the_status_the_steps_give(manager_client, engagement, member):
    vendor_actions.candidate_add(
        user=member, engagement=engagement, data=vendor_actions.CandidateInput(VendorFactory())
    )
    manager_client.post(reverse("portal:engagement-close", args=[engagement.pk]))
    response = manager_client.post(
        reverse("portal:engagement-reopen", args=[engagement.pk]), follow=True
    )
    assert "Engagement reopened." in response.text
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.VETTING
    moves = [
        (c.from_status, c.to_status, c.changed_by.username, c.reason)
        for c in EngagementStatusChange.objects.filter(engagement=engagement).order_by("id")
    ]
    assert moves == [
        ("scoping", "vetting", "member", f"{engagement.candidates.get().vendor} shortlisted."),
        ("vetting", "closed", "manager", "Closed by a manager."),
        ("closed", "vetting", "manager", "Reopened by a manager."),
    ]


def test_a_member_closing_changes_nothing(member_client, engagement):
    member_client.post(reverse("portal:engagement-close", args=[engagement.pk]))
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.SCOPING


def test_get_never_changes_state(manager_client, engagement):
    response = manager_client.get(reverse("portal:engagement-close", args=[engagement.pk]))
    assert response.status_code == 405
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.SCOPING


def test_navigator_shows_seven_steps(member_client, engagement):
    response = member_client.get(engagement.get_absolute_url())
    for title in (
        "Scope the need",
        "Check it is cost-effective",
        "Assess the customer base",
        "Find and vet the vendor",
        "Work with the vendor",
        "Monitor and track results",
        "Keep the in-house option",
    ):
        assert title in response.text


def test_history_is_paginated(member_client, engagement):
    for n in range(60):
        engagement.title = f"Title {n}"
        engagement.save()
    response = member_client.get(reverse("portal:engagement-history", args=[engagement.pk]))
    assert "Page 1 of 2" in response.text


def test_manager_role_shows_close_button(manager_client, member_client, engagement):
    assert "Close</button>" in manager_client.get(engagement.get_absolute_url()).text
    assert "Close</button>" not in member_client.get(engagement.get_absolute_url()).text


def test_history_shows_field_names_and_labels_not_raw_values(member_client, engagement, manager):
    engagement.owner = manager
    engagement.status = Engagement.Status.LIVE
    engagement.save()
    response = member_client.get(reverse("portal:engagement-history", args=[engagement.pk]))
    member_name = engagement.team.memberships.get(user__username="member").user.get_full_name()
    assert (
        f'<dt>Owner</dt><dd class="mb-1">{member_name} → {manager.get_full_name()}</dd>'
        in response.text
    )
    assert '<dt>Status</dt><dd class="mb-1">Scoping → Live with vendor</dd>' in response.text
    # The creation entry: the team by name, no row for the primary key.
    assert '<dt>Team</dt><dd class="mb-1">— → Customer Care</dd>' in response.text
    assert "<dt>id</dt>" not in response.text and "<dt>ID</dt>" not in response.text


def test_history_names_a_deleted_related_object_without_its_id(member_client, engagement, member):
    temporary = UserFactory(username="temp", first_name="Tess", last_name="Temp")
    engagement.owner = temporary
    engagement.save()
    engagement.owner = member
    engagement.save()
    temporary_pk = temporary.pk
    temporary.delete()
    response = member_client.get(reverse("portal:engagement-history", args=[engagement.pk]))
    assert f'<dd class="mb-1">a deleted user → {member.get_full_name()}</dd>' in response.text
    assert f"→ {temporary_pk}<" not in response.text


def test_history_page_query_count_does_not_grow_with_rows(
    member_client, engagement, manager, django_assert_max_num_queries
):
    owners = [UserFactory() for _ in range(5)] + [manager]
    statuses = list(Engagement.Status)
    for n in range(49):
        engagement.owner = owners[n % len(owners)]
        engagement.status = statuses[n % len(statuses)]
        engagement.title = f"Title {n}"
        engagement.save()
    url = reverse("portal:engagement-history", args=[engagement.pk])
    with django_assert_max_num_queries(8):
        response = member_client.get(url)
    assert response.text.count("<tr>") == 51  # the header and a full page of 50


def test_history_reads_like_the_form_it_came_from(member_client, engagement, member):
    """Fields in the form's order, per-channel answers in words, and no rows that
    say nothing (a timestamp the When column already gives, an empty note left empty)."""
    from portal.planning import actions as planning_actions
    from tests.factories_planning import scoped_engagement

    scoped_engagement(engagement)
    planning_actions.assessment_save(
        user=member,
        engagement=engagement,
        data=planning_actions.AssessmentInput(
            offshore=True,
            local_preference="some",
            language_risk={"inbound_phone": "high", "email": "low"},
            response_expectation="minutes",
            data_residency="none",
        ),
    )
    text = member_client.get(reverse("portal:engagement-history", args=[engagement.pk])).text
    assessment = text[text.index("Create customer assessment") :]
    assessment = assessment[: assessment.index("</tr>")]
    assert "Inbound phone: high" in assessment and "E-mail: low" in assessment
    assert "{" not in assessment  # no raw JSON
    assert "Updated at" not in text and "Created at" not in text
    assert "<dt>Notes</dt>" not in assessment  # left empty: nothing to show
    labels = [
        "Vendors considered are offshore",
        "Local preference",
        "Language risk",
        "Response expectation",
        "Data residency",
        "Risk level",
    ]
    positions = [assessment.index(f"<dt>{label}</dt>") for label in labels]
    assert positions == sorted(positions)


def test_history_stacks_its_columns_on_a_phone(member_client, engagement):
    text = member_client.get(reverse("portal:engagement-history", args=[engagement.pk])).text
    assert "table-stack-sm" in text and 'data-label="Who"' in text


@pytest.mark.parametrize(
    ("number", "page"),
    [
        (1, ("planning:scope-detail", "engagement_pk")),
        (2, ("planning:cost-detail", "engagement_pk")),
        (3, ("planning:customers-detail", "engagement_pk")),
        (4, ("shortlist:candidate-list", "engagement_pk")),
        (5, ("contracts:liaison-list", "engagement_pk")),
        (6, ("contracts:monitoring", "engagement_pk")),
    ],
)
def test_every_step_page_ends_with_the_link_to_the_next_step(
    member_client, engagement, number, page
):
    from portal.journey.navigator import STEPS, engagement_steps

    name, kwarg = page
    text = member_client.get(reverse(name, kwargs={kwarg: engagement.pk})).text
    _key, title, _status = STEPS[number]  # the next step (STEPS counts from 0)
    link = f"Next: step {number + 1} — {title} →"
    assert link in text
    href = engagement_steps(engagement)[number].status.url
    assert f'href="{href}">{link}' in text
    # The last thing on the page before the footer.
    main = text.split("</main>")[0] if "</main>" in text else text
    assert main.rfind(link) > main.rfind("<table")


def test_the_last_step_page_leads_back_to_the_overview(member_client, engagement):
    text = member_client.get(reverse("contracts:exit-plan", args=[engagement.pk])).text
    assert "That was the last step: back to the engagement overview" in text


def _shortlist_with_checklist(engagement, member):
    from tests.factories_diligence import current_template
    from vendors.diligence import actions as diligence_actions

    current_template()
    added = diligence_actions.candidate_add_with_checklist(
        user=member,
        engagement=engagement,
        data=vendor_actions.CandidateInput(vendor=VendorFactory(name="Manila Calls")),
    )
    return added.checklist.items.count()


def test_history_groups_a_checklist_start_into_one_line(member_client, engagement, member):
    count = _shortlist_with_checklist(engagement, member)
    assert count > 2
    page = member_client.get(reverse("portal:engagement-history", args=[engagement.pk])).text
    assert f"Checklist started: {count} items" in page
    assert page.count("Create checklist item") == 0
    assert f"The {count} created" in page  # the items' names, folded away
    assert "Create candidate" in page  # other entries keep a line each
    overview = member_client.get(engagement.get_absolute_url()).text
    assert f"Checklist started: {count} items" in overview
    assert "create checklist item" not in overview


def test_history_query_count_does_not_grow_with_a_grouped_checklist(
    member_client, engagement, member, django_assert_max_num_queries
):
    _shortlist_with_checklist(engagement, member)
    with django_assert_max_num_queries(14):
        member_client.get(reverse("portal:engagement-history", args=[engagement.pk]))


def test_an_empty_engagements_main_button_starts_step_1(member_client, engagement):
    page = member_client.get(engagement.get_absolute_url()).text
    start = reverse("planning:scope-edit", args=[engagement.pk])
    assert f'<a class="btn btn-primary" href="{start}">Start step 1: Scope the need</a>' in page
    assert 'class="btn btn-outline-secondary" type="submit">Generate report' in page


def test_a_started_engagements_main_button_is_the_report(member_client, engagement):
    from tests.factories_planning import scoped_engagement

    scoped_engagement(engagement)
    page = member_client.get(engagement.get_absolute_url()).text
    assert "Start step 1" not in page
    assert 'class="btn btn-primary" type="submit">Generate report' in page
