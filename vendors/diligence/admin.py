"""Administrators keep the checklist templates here; teams fill checklists in the portal.

Saving changed questions of a template that a checklist already uses does not
touch it: the edited template and its items are saved as the next version (see
``template_actions.checklist_template_save``), so started checklists keep their questions.
A save that changes no item creates no version.
"""

from django.contrib import admin, messages

from portal.errors import DomainError
from portal.uploads import DeletesStoredFilesAdmin
from vendors.diligence import template_actions
from vendors.diligence.models import ChecklistTemplate, ChecklistTemplateItem


class ChecklistTemplateItemInline(admin.TabularInline):
    model = ChecklistTemplateItem
    extra = 1
    fields = ["order", "group", "text", "guidance", "critical"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is None or not template_actions.checklist_template_in_use(obj):
            return formset

        class NextVersionItemForm(formset.form):
            def hand_clean_DELETE(self):
                # Deleting here only leaves the item out of the next version; the
                # version in use (and its checklists' answers) is not touched.
                return None

        formset.form = NextVersionItemForm
        return formset


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(DeletesStoredFilesAdmin, admin.ModelAdmin):
    list_display = ["name", "version", "is_current", "item_count", "checklist_count", "created_at"]
    list_filter = ["is_current", "name"]
    readonly_fields = ["version", "created_at"]
    fields = ["name", "version", "is_current", "change_note", "created_at"]
    inlines = [ChecklistTemplateItemInline]
    actions = ["make_current", "new_version"]

    @admin.display(description="items")
    def item_count(self, obj):
        return obj.items.count()

    @admin.display(description="checklists using it")
    def checklist_count(self, obj):
        return obj.checklists.count()

    def save_model(self, request, obj, form, change):
        if not change:
            template_actions.checklist_template_save(
                user=request.user, template=obj, items_changed=True
            )
        # An edit is saved in save_related, once the item formsets show whether the
        # questions changed: only then may an edit to a template in use become a version.

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        if change:
            items_changed = any(formset.has_changed() for formset in formsets)
            if not items_changed and not form.has_changed():
                obj._became_new_version = False
                for formset in formsets:  # what the admin's change message reads
                    formset.new_objects, formset.changed_objects, formset.deleted_objects = (
                        [],
                        [],
                        [],
                    )
                return  # nothing changed: no save, no new version
            obj._became_new_version = template_actions.checklist_template_save(
                user=request.user, template=obj, items_changed=items_changed
            )
            if obj._became_new_version:
                messages.info(
                    request,
                    f"That template is used by started checklists, so your changes were saved "
                    f"as version {obj.version}; the checklists keep the version they started "
                    "with.",
                )
        super().save_related(request, form, formsets, change)

    def save_formset(self, request, form, formset, change):
        if not getattr(form.instance, "_became_new_version", False):
            return super().save_formset(request, form, formset, change)
        # The edit became a new version: copy every kept item (edited or not) to it
        # and leave the old version's items as they were.
        deleted = {id(f) for f in formset.deleted_forms}
        copied = []
        for item_form in formset.forms:
            if id(item_form) in deleted or not item_form.cleaned_data:
                continue
            if item_form.instance.pk is None and not item_form.has_changed():
                continue
            item = item_form.instance
            item.pk = None
            item._state.adding = True
            item.template = form.instance
            item.save()
            copied.append(item)
        # What the admin's change message reads: the new version's items were all added.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = copied, [], []
        return None

    @admin.action(description="Make the selected template the current one")
    def make_current(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one template.", messages.ERROR)
            return
        template = queryset.get()
        try:
            template_actions.checklist_template_make_current(user=request.user, template=template)
        except DomainError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.message_user(request, f"{template} is now the current template.")

    @admin.action(description="Copy into a new draft version")
    def new_version(self, request, queryset):
        for template in queryset:
            copy = template_actions.checklist_template_new_version(
                user=request.user, template=template
            )
            self.message_user(request, f"Created {copy}; edit it and make it current.")
