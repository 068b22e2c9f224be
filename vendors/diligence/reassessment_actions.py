"""Write operations of due diligence: the re-assessment rounds of a checklist.

Started by the daily job, not a person. (Confirming an answer, which completes a
round, is ``vendors.diligence.actions.save_answered``.)
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from vendors.diligence.models import Checklist, ChecklistItem, ChecklistTemplate, Reassessment


def _question_key(template_item) -> tuple[str, str]:
    """A question across template versions: its group and its text."""
    return template_item.group, " ".join(template_item.text.split()).casefold()


@transaction.atomic
def reassessment_start(
    *, checklist_id: int, comes_due_on: datetime.date, due_date: datetime.date, assignee
) -> Reassessment | None:
    """Start the next due-diligence round of a checklist, once per due day.

    Run by the daily job, not a person. The checklist row is locked, so two runs at
    once start one round; a round already started for ``comes_due_on`` returns None.
    The checklist moves to the current template: each question still asked keeps its
    answer, risk, notes and evidence, marked "to confirm"; a new question starts
    open; the answers as they stood are kept on the round (``previous_answers``).
    """
    checklist = Checklist.objects.select_for_update().filter(pk=checklist_id).first()
    if checklist is None:
        return None
    if Reassessment.objects.filter(checklist=checklist, comes_due_on=comes_due_on).exists():
        return None
    template = ChecklistTemplate.objects.filter(is_current=True).first() or checklist.template
    items = list(checklist.items.select_related("template_item"))
    previous = [
        {
            "item": item.pk,
            "question": item.template_item.text,
            "answer": item.answer,
            "risk": item.risk,
            "notes": item.notes,
        }
        for item in items
    ]
    last = checklist.rounds.order_by("-number").values_list("number", flat=True).first()
    try:
        # The claim: a run that lost the race (same due day or number) starts nothing.
        with transaction.atomic():
            round_ = Reassessment.objects.create(
                checklist=checklist,
                number=(last or 1) + 1,
                template=template,
                comes_due_on=comes_due_on,
                due_date=due_date,
                assignee=assignee,
                previous_answers=previous,
            )
    except IntegrityError:
        return None
    by_question = {_question_key(item.template_item): item for item in items}
    for template_item in template.items.all():
        item = by_question.pop(_question_key(template_item), None)
        if item is None:
            ChecklistItem.objects.create(checklist=checklist, template_item=template_item)
            continue
        item.template_item = template_item
        item.to_confirm = True
        item.save(update_fields=["template_item", "to_confirm", "updated_at"])
    if checklist.template_id != template.pk:
        checklist.template = template
        checklist.save(update_fields=["template"])
    return round_
