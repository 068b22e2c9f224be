"""Reads for the core pages, with the joins that keep each page's query count fixed."""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import BooleanField, DateTimeField, Field, JSONField, Model
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst

from portal import access
from portal.models import Engagement
from portal.people import display_name
from portal.reference import Channel


def dashboard_engagements(user):
    return access.visible_engagements(user).select_related("team", "owner")


def engagement_history(engagement: Engagement):
    """Every audit entry of the engagement and of the step data tagged with it."""
    # Every entry carries its engagement's id, the engagement's own ones included
    # (Engagement.get_additional_data): one condition, which the index on it
    # (migration portal 0006) answers in the page's order without reading the table.
    return (
        LogEntry.objects.filter(additional_data__engagement_id=engagement.pk)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-id")
    )


@dataclass(frozen=True)
class FieldChange:
    """One changed field of an audit entry, in the words a user reads on the form."""

    label: str
    before: str = ""
    after: str = ""
    note: str = ""  # many-to-many changes: "added: English, French"


def history_rows(entries: Iterable[LogEntry]) -> list[tuple[LogEntry, list[FieldChange]]]:
    """Each audit entry with its changes made readable: verbose field names in the
    form's order, choice labels, the related object's name instead of its id, dates
    and yes/no. Timestamps the database keeps itself (the entry has its own time)
    and values that did not change on screen ("—" to "—") are left out.

    auditlog's ``changes_display_dict`` would do much of this, but it fetches every
    foreign key's object on its own (a query per value). Here the ids of a page are
    gathered first and fetched with one query per related model.
    """
    entries = list(entries)
    wanted: dict[type[Model], set] = defaultdict(set)
    parsed = []
    for entry in entries:
        model = entry.content_type.model_class() if entry.content_type_id else None
        fields = []
        for name, change in (entry.changes_dict or {}).items():
            field = _field(model, name)
            if field is not None and (field.auto_created or getattr(field, "primary_key", False)):
                continue  # the entry names the object; reverse relations say nothing
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                continue  # "updated at" says what the When column already says
            if field is not None and _is_foreign_key(field) and _is_pair(change):
                for value in change:
                    pk = _related_pk(field, value)
                    if pk is not None:
                        wanted[field.related_model].add(pk)
            fields.append((name, field, change))
        order = _field_order(model)
        fields.sort(key=lambda item: order.get(item[0], len(order)))
        parsed.append((entry, fields))

    names = {model: _related_names(model, pks) for model, pks in wanted.items()}
    rows = []
    for entry, fields in parsed:
        changes = [_field_change(name, field, change, names) for name, field, change in fields]
        rows.append((entry, [c for c in changes if c.note or c.before != c.after]))
    return rows


@dataclass
class HistoryRow:
    """One line of the history: an audit entry, or several creations made together
    (a checklist's thirty items) shown as one line with the names folded away."""

    entry: LogEntry
    changes: list[FieldChange]
    count: int = 1
    names: list[str] | None = None

    @property
    def summary(self) -> str:
        model = self.entry.content_type.model if self.entry.content_type_id else ""
        if model in BULK_SUMMARIES:
            return BULK_SUMMARIES[model].format(count=self.count)
        plural = self.entry.content_type.model_class()
        label = plural._meta.verbose_name_plural if plural else self.entry.content_type.name
        return f"Created {self.count} {label}"


# How a bulk creation reads, by model; and the entry of the parent created with it,
# folded into the same line (starting a checklist creates the checklist, then its items).
BULK_SUMMARIES = {"checklistitem": "Checklist started: {count} items"}
BULK_PARENTS = {"checklistitem": "checklist"}
BULK_WINDOW = datetime.timedelta(minutes=1)


def group_history(rows: Iterable[tuple[LogEntry, list[FieldChange]]]) -> list[HistoryRow]:
    """Consecutive creations of one kind of object by the same person within a minute
    become one line ("Checklist started: 30 items"); everything else stays a line each."""
    grouped: list[HistoryRow] = []
    for entry, changes in rows:
        last = grouped[-1] if grouped else None
        if last is not None and _same_batch(last.entry, entry):
            if last.count == 1:
                last.names = [last.entry.object_repr]
            last.count += 1
            last.names.append(entry.object_repr)
            continue
        if last is not None and last.count > 1 and _batch_parent(last.entry, entry):
            continue  # the checklist whose items the line above counts
        grouped.append(HistoryRow(entry, changes))
    return grouped


def _same_batch(first: LogEntry, entry: LogEntry) -> bool:
    return (
        first.action == entry.action == LogEntry.Action.CREATE
        and first.content_type_id == entry.content_type_id
        and first.actor_id == entry.actor_id
        and abs(first.timestamp - entry.timestamp) <= BULK_WINDOW
    )


def _batch_parent(first: LogEntry, entry: LogEntry) -> bool:
    parent = BULK_PARENTS.get(first.content_type.model if first.content_type_id else "")
    return (
        parent is not None
        and entry.action == LogEntry.Action.CREATE
        and entry.content_type_id is not None
        and entry.content_type.model == parent
        and entry.actor_id == first.actor_id
        and abs(first.timestamp - entry.timestamp) <= BULK_WINDOW
    )


def _field_order(model: type[Model] | None) -> dict[str, int]:
    """Position of each field in the model (the order its form shows them)."""
    if model is None:
        return {}
    return {field.name: index for index, field in enumerate(model._meta.concrete_fields)}


def _field(model: type[Model] | None, name: str) -> Field | None:
    if model is None:
        return None  # the model is gone: show what was recorded
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _is_pair(change) -> bool:
    return isinstance(change, list | tuple) and len(change) == 2


def _is_foreign_key(field: Field) -> bool:
    return bool(field.many_to_one or field.one_to_one) and field.related_model is not None


def _related_pk(field: Field, value):
    if value in (None, "None", ""):
        return None
    try:
        return field.related_model._meta.pk.to_python(value)
    except ValidationError:
        return None


def _related_names(model: type[Model], pks: set) -> dict:
    objects = model._base_manager.all()
    if paths := _foreign_keys(model, depth=2):
        objects = objects.select_related(*paths)
    objects = objects.in_bulk(pks)
    if model is get_user_model():
        return {pk: display_name(user) for pk, user in objects.items()}
    return {pk: str(obj) for pk, obj in objects.items()}


def _foreign_keys(model: type[Model], *, depth: int) -> list[str]:
    """Paths of the foreign keys ``depth`` levels deep: what __str__ methods such as
    "Contract with <candidate's vendor>" read, fetched in the same query."""
    paths = []
    for field in model._meta.concrete_fields:
        if _is_foreign_key(field):
            paths.append(field.name)
            if depth > 1:
                paths += [
                    f"{field.name}__{path}"
                    for path in _foreign_keys(field.related_model, depth=depth - 1)
                ]
    return paths


def _field_change(name: str, field: Field | None, change, names: dict) -> FieldChange:
    label = capfirst(str(getattr(field, "verbose_name", name)))
    if isinstance(change, dict) and change.get("type") == "m2m":
        objects = ", ".join(str(o) for o in change.get("objects", []))
        operation = {"add": "added", "delete": "removed", "clear": "cleared"}.get(
            change.get("operation"), str(change.get("operation", ""))
        )
        return FieldChange(label, note=f"{operation}: {objects}" if objects else operation)
    if not _is_pair(change):
        return FieldChange(label, after=str(change))
    before, after = (_display(field, value, names) for value in change)
    return FieldChange(label, before, after)


def _display(field: Field | None, value, names: dict) -> str:
    if value is None or value == "None":
        return ""
    if field is None:
        return str(value)
    if getattr(field, "choices", None):
        labels = {str(key): str(label) for key, label in field.flatchoices}
        return labels.get(str(value), str(value))
    if _is_foreign_key(field):
        pk = _related_pk(field, value)
        if pk is None:
            return str(value)  # not an id (an old entry's text): show it as recorded
        name = names.get(field.related_model, {}).get(pk)
        return name if name is not None else f"a deleted {field.related_model._meta.verbose_name}"
    if isinstance(field, BooleanField):
        return {"True": "yes", "False": "no"}.get(str(value), str(value))
    if isinstance(field, JSONField):
        return _json_text(value)
    if isinstance(field, DateTimeField):
        moment = parse_datetime(str(value))
        if moment is not None:
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, datetime.UTC)  # auditlog stores UTC
            return date_format(timezone.localtime(moment), "Y-m-d H:i")
    return str(value)


def _json_text(value) -> str:
    """A JSON value as a sentence: {"email": "low"} reads "E-mail: low"."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, dict):
        if not value:
            return ""
        labels = dict(Channel.choices)
        return ", ".join(
            f"{labels.get(key, str(key).replace('_', ' ').capitalize())}: {_json_text(item)}"
            for key, item in value.items()
        )
    if isinstance(value, list):
        return ", ".join(_json_text(item) for item in value)
    return "" if value is None else str(value)
