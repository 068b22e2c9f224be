"""Write operations on the due-diligence checklist templates, which administrators
keep through the admin. One transaction each, audited under the acting user."""

from __future__ import annotations

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max

from portal.errors import DomainError
from vendors.diligence.models import Checklist, ChecklistTemplate, ChecklistTemplateItem


def _require_template_admin(user) -> None:
    """Templates are reference data: staff with the model permission keep them."""
    if not (user.is_staff and user.has_perm("diligence.change_checklisttemplate")):
        raise PermissionDenied("Only administrators keep the checklist templates.")


def checklist_template_in_use(template: ChecklistTemplate) -> bool:
    return template.pk is not None and Checklist.objects.filter(template_id=template.pk).exists()


@transaction.atomic
def checklist_template_save(*, user, template: ChecklistTemplate, items_changed: bool) -> bool:
    """Save an edited template; one already used by a checklist becomes a new version
    when its items (the questions) changed.

    The version in use is left exactly as it was (its checklists keep their
    questions); ``template`` is saved as a new row with the next version number
    and takes over "current" if the old one had it. Returns True when a new
    version was created, so the caller copies the items across. Without item
    changes (only the name, note or "current" flag, or nothing at all) the
    template is saved in place: a no-op save must not create a version.
    """
    _require_template_admin(user)
    with set_actor(user):
        new_version = items_changed and checklist_template_in_use(template)
        if new_version:
            old = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
            if old.is_current:
                old.is_current = False
                old.save(update_fields=["is_current"])
                template.is_current = True
            template.pk = None
            template._state.adding = True
            template.version = _next_version(template.name)
        elif template.pk is None:
            template.version = _next_version(template.name)
        if template.is_current:
            # One by one, so the History of each template shows it stopped being current.
            for other in ChecklistTemplate.objects.filter(is_current=True).exclude(pk=template.pk):
                other.is_current = False
                other.save(update_fields=["is_current"])
        template.save()
    return new_version


def _next_version(name: str) -> int:
    latest = ChecklistTemplate.objects.filter(name=name).aggregate(v=Max("version"))["v"]
    return (latest or 0) + 1


@transaction.atomic
def checklist_template_new_version(*, user, template: ChecklistTemplate) -> ChecklistTemplate:
    """Copy a template and its items into a new, not yet current, version to edit."""
    _require_template_admin(user)
    with set_actor(user):
        copy = ChecklistTemplate.objects.create(
            name=template.name,
            version=_next_version(template.name),
            is_current=False,
            change_note=f"Copied from version {template.version}.",
        )
        # One by one, not bulk_create, so each copied item leaves its audit entry.
        for item in template.items.all():
            ChecklistTemplateItem.objects.create(
                template=copy,
                group=item.group,
                text=item.text,
                guidance=item.guidance,
                critical=item.critical,
                order=item.order,
            )
    return copy


@transaction.atomic
def checklist_template_make_current(*, user, template: ChecklistTemplate) -> ChecklistTemplate:
    _require_template_admin(user)
    if not template.items.exists():
        raise DomainError("A template without items cannot become the current one.")
    with set_actor(user):
        for other in ChecklistTemplate.objects.filter(is_current=True).exclude(pk=template.pk):
            other.is_current = False
            other.save(update_fields=["is_current"])
        template.is_current = True
        template.save(update_fields=["is_current"])
    return template
