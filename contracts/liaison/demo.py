"""Demo data for step 5: the liaison log with its follow-up actions (some done, some
open, one overdue), written through the liaison actions so History tells the story."""

from __future__ import annotations

from datetime import timedelta

from contracts.liaison import actions as liaison


def seed_liaison(engagement, member, manager, today):
    entries = [
        (
            "meeting",
            120,
            "Maria Lopez, Daniel Okafor, vendor account manager",
            "Kick-off review: call scripts, escalation contacts and reporting format agreed.",
            [("Send the final call scripts", member, 110, True)],
        ),
        (
            "training",
            95,
            "Maria Lopez, vendor trainers",
            "Product training on the new warranty process for 14 agents.",
            [("Share the warranty FAQ with the vendor", member, 90, True)],
        ),
        (
            "decision",
            60,
            "Daniel Okafor, vendor account manager",
            "Weekend coverage extended to Sunday afternoons from next month.",
            [("Confirm Sunday staffing plan in writing", manager, 45, True)],
        ),
        (
            "escalation",
            35,
            "Maria Lopez, vendor team lead",
            "Service level barely at target two months running; vendor blames sick leave.",
            [
                ("Get the vendor's recovery plan", manager, 20, False),
                ("Make ten test calls during evening peaks", member, 10, False),
            ],
        ),
        (
            "meeting",
            8,
            "Maria Lopez, Daniel Okafor, vendor account manager",
            "Monthly review: service level below target last month; speed of answer close to 30 s.",
            [
                ("Review the vendor's hiring pipeline", member, -14, False),
                ("Check repeat contacts on billing questions", member, 3, False),
            ],
        ),
    ]
    for kind, days_ago, participants, summary, follow_ups in entries:
        entry = liaison.liaison_entry_save(
            user=member,
            engagement=engagement,
            entry=None,
            data=liaison.LiaisonEntryInput(
                kind=kind,
                date=today - timedelta(days=days_ago),
                participants=participants,
                summary=summary,
            ),
        )
        for description, owner, days_ago_due, done in follow_ups:
            # Due that many days ago (negative: still ahead); open past ones are overdue.
            action = liaison.follow_up_action_add(
                user=member,
                entry=entry,
                data=liaison.FollowUpActionInput(
                    description=description,
                    owner=owner,
                    due_date=today - timedelta(days=days_ago_due),
                ),
            )
            if done:
                liaison.follow_up_action_set_done(user=member, action=action, done=True)
