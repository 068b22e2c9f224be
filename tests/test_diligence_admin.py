"""The checklist-template admin: an edit to a template in use becomes a new version."""

import pytest
from django.urls import reverse

from tests.factories import CandidateFactory
from tests.factories_diligence import current_template
from vendors.diligence import actions
from vendors.diligence.models import ChecklistTemplate, ChecklistTemplateItem


def _change_form_data(template, *, name=None, edits=None, delete=(), new=None):
    """The admin change form as a browser posts it, with optional edits per item id."""
    items = list(template.items.all())
    data = {
        "name": name or template.name,
        "is_current": "on" if template.is_current else "",
        "change_note": "Stricter turnover threshold",
        "items-TOTAL_FORMS": str(len(items) + 1),
        "items-INITIAL_FORMS": str(len(items)),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        prefix = f"items-{index}-"
        values = {
            "id": item.pk,
            "template": template.pk,
            "order": item.order,
            "group": item.group,
            "text": item.text,
            "guidance": item.guidance,
            "critical": "on" if item.critical else "",
        }
        values.update((edits or {}).get(item.pk, {}))
        if item.pk in delete:
            values["DELETE"] = "on"
        data.update({prefix + key: value for key, value in values.items()})
    extra = f"items-{len(items)}-"
    # An untouched extra row, as a browser sends it.
    for key, value in (new or {"order": "0", "group": "", "text": "", "guidance": ""}).items():
        data[extra + key] = value
    return data


@pytest.fixture
def template_in_use(member, engagement):
    template = current_template()
    checklist = actions.checklist_start(
        user=member, candidate=CandidateFactory(engagement=engagement)
    )
    return template, checklist


def test_editing_a_template_in_use_creates_a_new_version(admin_client_, template_in_use):
    template, checklist = template_in_use
    items = list(template.items.all())
    turnover = next(item for item in items if "turnover" in item.text)
    dropped = items[0]
    url = reverse("admin:diligence_checklisttemplate_change", args=[template.pk])
    data = _change_form_data(
        template,
        edits={turnover.pk: {"text": "Is annual agent turnover below 30%?", "critical": "on"}},
        delete={dropped.pk},
        new={"order": "999", "group": "contract", "text": "Is a pilot period agreed?"},
    )

    response = admin_client_.post(url, data, follow=True)

    assert response.status_code == 200
    assert "saved as version 2" in response.content.decode()
    new = ChecklistTemplate.objects.get(name=template.name, version=2)
    assert new.is_current
    template.refresh_from_db()
    assert not template.is_current
    # The old version is untouched, and the started checklist still points at it.
    assert template.items.count() == 30
    assert template.items.get(pk=turnover.pk).text == turnover.text
    assert template.items.filter(pk=dropped.pk).exists()
    checklist.refresh_from_db()
    assert checklist.template == template
    assert checklist.items.count() == 30
    # The new version carries the edits.
    new_texts = list(new.items.values_list("text", flat=True))
    assert len(new_texts) == 30  # one dropped, one added
    assert "Is annual agent turnover below 30%?" in new_texts
    assert "Is a pilot period agreed?" in new_texts
    assert dropped.text not in new_texts
    assert new.items.get(text="Is annual agent turnover below 30%?").critical


def test_new_checklists_use_the_new_version(admin_client_, template_in_use, member, engagement):
    template, _ = template_in_use
    first = template.items.first()
    url = reverse("admin:diligence_checklisttemplate_change", args=[template.pk])
    admin_client_.post(url, _change_form_data(template, edits={first.pk: {"text": "Reworded?"}}))
    later = actions.checklist_start(user=member, candidate=CandidateFactory(engagement=engagement))
    assert later.template.version == 2


def test_saving_a_template_in_use_unchanged_creates_no_version(admin_client_, template_in_use):
    template, checklist = template_in_use
    url = reverse("admin:diligence_checklisttemplate_change", args=[template.pk])
    data = {**_change_form_data(template), "change_note": template.change_note}
    response = admin_client_.post(url, data, follow=True)
    assert response.status_code == 200
    assert "saved as version" not in response.content.decode()
    assert list(ChecklistTemplate.objects.values_list("version", "is_current")) == [(1, True)]
    checklist.refresh_from_db()
    assert checklist.template == template


def test_a_new_note_on_a_template_in_use_is_saved_in_place(admin_client_, template_in_use):
    template, _ = template_in_use
    url = reverse("admin:diligence_checklisttemplate_change", args=[template.pk])
    data = {**_change_form_data(template), "change_note": "Reviewed by legal, no change."}
    response = admin_client_.post(url, data, follow=True)
    assert "saved as version" not in response.content.decode()
    assert ChecklistTemplate.objects.get().change_note == "Reviewed by legal, no change."


def test_editing_an_unused_template_changes_it_in_place(admin_client_, db):
    draft = ChecklistTemplate.objects.create(name="Chat vendors", version=1)
    item = ChecklistTemplateItem.objects.create(
        template=draft, group="operations", text="Are chats reviewed?", order=10
    )
    url = reverse("admin:diligence_checklisttemplate_change", args=[draft.pk])
    admin_client_.post(
        url, _change_form_data(draft, edits={item.pk: {"text": "Are chats reviewed weekly?"}})
    )
    assert ChecklistTemplate.objects.filter(name="Chat vendors").count() == 1
    item.refresh_from_db()
    assert item.text == "Are chats reviewed weekly?"


def test_new_version_and_make_current_actions(admin_client_, db):
    template = current_template()
    changelist = reverse("admin:diligence_checklisttemplate_changelist")
    admin_client_.post(
        changelist, {"action": "new_version", "_selected_action": [template.pk]}, follow=True
    )
    copy = ChecklistTemplate.objects.get(name=template.name, version=2)
    assert not copy.is_current
    assert copy.items.count() == template.items.count()
    admin_client_.post(changelist, {"action": "make_current", "_selected_action": [copy.pk]})
    copy.refresh_from_db()
    template.refresh_from_db()
    assert copy.is_current and not template.is_current


def test_members_cannot_reach_the_template_admin(member_client, db):
    url = reverse("admin:diligence_checklisttemplate_changelist")
    assert "login" in member_client.get(url)["Location"]


def test_admin_pages_render(admin_client_, db):
    template = current_template()
    assert (
        admin_client_.get(reverse("admin:diligence_checklisttemplate_changelist")).status_code
        == 200
    )
    change = admin_client_.get(
        reverse("admin:diligence_checklisttemplate_change", args=[template.pk])
    )
    assert change.status_code == 200
    assert "labor law" in change.content.decode()
