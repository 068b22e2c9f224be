"""Demo data for due diligence: filled checklists with evidence, and test calls.

Runs after the vendors seeder and works on the candidates it shortlisted for
the demo engagement (none: nothing to do). Idempotent: a candidate whose
checklist already has answers, or who already has test calls, is left alone.
Evidence goes through ``actions.evidence_add``, so the demo files pass the same
content checks as real uploads.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from vendors.diligence import actions, test_call_actions
from vendors.diligence.models import LIVE_CHANNELS, ChecklistItem, ChecklistTemplate, TestCall
from vendors.models import Candidate

YES, PARTIAL, NO, NA = "yes", "partial", "no", "na"

# Per profile: the usual answer and risk, answers for items whose text contains a
# keyword, keywords left open, and the test calls (time taken in the channel's own
# measure: seconds to answer on the phone, hours to reply by e-mail; minutes,
# resolved, courtesy, language clarity, product knowledge, channel, scenario, note).
PROFILES = [
    {
        "default": (YES, "low"),
        "answers": {
            "pci dss": (NA, ""),
            "turnover": (PARTIAL, "medium"),
            "lawyer": (PARTIAL, "medium"),
        },
        "open": ("financially stable",),
        "calls": [
            (45, 6.5, True, 5, 5, 4, "inbound_phone", "Return a blender that arrived cracked", ""),
            (
                70,
                8.0,
                True,
                4,
                5,
                4,
                "inbound_phone",
                "Warranty claim on a two-year-old kettle",
                "",
            ),
            (
                30,
                5.5,
                True,
                5,
                4,
                5,
                "inbound_phone",
                "Change the delivery address of an order",
                "",
            ),
            (
                95,
                11.0,
                False,
                4,
                4,
                3,
                "inbound_phone",
                "Refund for a double card charge",
                "Agent had to escalate to billing; call-back came the same day.",
            ),
            (
                3,
                14.0,
                True,
                5,
                5,
                4,
                "email",
                "Missing part in a food-processor box",
                "Reply within 3 hours, replacement part shipped.",
            ),
        ],
    },
    {
        "default": (YES, "low"),
        "answers": {
            "recorded": (NO, "high"),
            "review a sample": (PARTIAL, "medium"),
            "incentives": (PARTIAL, "medium"),
            "turnover": (NO, "high"),
            "lawyer": (NO, "medium"),
        },
        "open": ("financially stable", "escalation path", "exit"),
        "calls": [
            (140, 9.5, True, 4, 4, 3, "inbound_phone", "Return a blender that arrived cracked", ""),
            (
                210,
                12.0,
                False,
                3,
                4,
                3,
                "inbound_phone",
                "Warranty claim on a two-year-old kettle",
                "Agent unsure of the warranty terms; promised an e-mail that never came.",
            ),
            (
                95,
                7.0,
                True,
                4,
                4,
                4,
                "inbound_phone",
                "Change the delivery address of an order",
                "",
            ),
            (
                30,
                10.5,
                True,
                3,
                3,
                3,
                "email",
                "Track a parcel stuck in customs",
                "Reply after 30 hours, with the customs form attached.",
            ),
        ],
    },
    {
        "default": (PARTIAL, "medium"),
        "answers": {
            "iso 27001": (YES, "low"),
            "registered": (YES, "low"),
            "accent": (NO, "high"),
            "turnover": (NO, "high"),
            "two us companies": (PARTIAL, "high"),
            "pci dss": (NA, ""),
        },
        "open": ("litigation", "lawyer", "exit", "escalation path", "hours and peaks"),
        "calls": [
            (
                260,
                13.5,
                False,
                4,
                2,
                3,
                "inbound_phone",
                "Return a blender that arrived cracked",
                "Hard to follow; asked to repeat the order number three times.",
            ),
            (
                310,
                15.0,
                False,
                3,
                2,
                2,
                "inbound_phone",
                "Warranty claim on a two-year-old kettle",
                "Transferred twice, call dropped on the second transfer.",
            ),
            (
                190,
                9.0,
                True,
                4,
                3,
                3,
                "inbound_phone",
                "Change the delivery address of an order",
                "",
            ),
            (
                20,
                26.0,
                True,
                4,
                4,
                3,
                "email",
                "Missing part in a food-processor box",
                "E-mail reply was clear and polite; 20 hours to answer.",
            ),
        ],
    },
]


def _tiny_pdf(lines: list[str]) -> bytes:
    """A valid one-page PDF with a few lines of Helvetica text, built by hand."""
    text = "BT /F1 11 Tf 50 780 Td 14 TL " + " ".join(
        "({}) '".format(line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)"))
        for line in lines
    )
    stream = f"{text} ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


# The security certificate runs out in three weeks: flagged on the checklist and the
# dashboard's "due" panel, 30 days ahead, before it expires and counts against the vendor.
CERTIFICATE_EXPIRES_IN_DAYS = 21


def _certificate_expiry() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=CERTIFICATE_EXPIRES_IN_DAYS)


def _evidence_dates(name: str) -> tuple[datetime.date, datetime.date | None]:
    """(effective date, expiry date) of a demo file."""
    today = timezone.localdate()
    if name.startswith("iso27001"):
        return _certificate_expiry() - datetime.timedelta(days=3 * 365), _certificate_expiry()
    return today - datetime.timedelta(days=40), None


def _evidence_files(vendor: str, item: ChecklistItem) -> list[tuple[str, bytes]]:
    text = item.template_item.text.lower()
    if "certification" in text:
        pdf = _tiny_pdf(
            [
                f"{vendor}: information security certificate (summary)",
                "Standard: ISO/IEC 27001:2022",
                "Scope: customer-contact operations at the delivery site",
                f"Valid until: {_certificate_expiry():%Y-%m-%d}",
            ]
        )
        return [("iso27001-certificate-summary.pdf", pdf)]
    if "two us companies" in text:
        csv = (
            "company,contact,role,date,summary\n"
            f"Harbor Outdoor Gear,Dana Whitfield,Head of CX,2026-02-18,Happy with {vendor}; "
            "quality dipped in peak season then recovered\n"
            "Plainsview Pharmacy,Marcus Lee,Support director,2026-02-20,Three years; "
            "praises the weekly call reviews\n"
        )
        return [("reference-calls.csv", csv.encode())]
    if "recorded" in text or "labor law" in text:
        note = (
            f"Evidence note for: {item.template_item.text}\n"
            f"Vendor: {vendor}\n"
            "Reviewed the vendor's written policy during the site-visit video call on "
            "2026-02-24 and asked for the signed version; see notes on the item.\n"
        )
        return [("evidence-note.txt", note.encode())]
    return []


def _fill_checklist(ctx, candidate: Candidate, profile: dict) -> None:
    checklist = actions.checklist_start(user=ctx.member, candidate=candidate)
    items = checklist.items.select_related("template_item")
    if items.exclude(answer="").exists():
        return
    for item in items:
        text = item.template_item.text.lower()
        if any(keyword in text for keyword in profile["open"]):
            continue
        answer, risk = next(
            (value for keyword, value in profile["answers"].items() if keyword in text),
            profile["default"],
        )
        reviewer = ctx.manager if item.template_item.critical else ctx.member
        notes = {
            YES: "Confirmed with the vendor's documents.",
            PARTIAL: "Partly in place; follow-up requested from the vendor.",
            NO: "Not in place; raised with the vendor's account manager.",
            NA: "Does not apply to this engagement.",
        }[answer]
        actions.checklist_item_update(
            user=reviewer,
            item=item,
            data=actions.ChecklistAnswerInput(
                answer=answer, risk=risk, reviewer=reviewer, notes=notes
            ),
        )
        for name, content in _evidence_files(str(candidate.vendor), item):
            effective, expires = _evidence_dates(name)
            actions.evidence_add(
                user=ctx.member,
                item=item,
                upload=SimpleUploadedFile(name, content),
                effective_date=effective,
                expires_on=expires,
            )


def _log_calls(ctx, candidate: Candidate, profile: dict) -> None:
    if TestCall.objects.filter(candidate=candidate).exists():
        return
    start = timezone.now().replace(hour=15, minute=0, second=0, microsecond=0)
    for number, call in enumerate(profile["calls"]):
        taken, minutes, resolved, courtesy, language, knowledge, channel, scenario, note = call
        live = channel in LIVE_CHANNELS
        test_call_actions.test_call_create(
            user=ctx.member,
            candidate=candidate,
            data=test_call_actions.TestCallInput(
                called_at=start - datetime.timedelta(days=30 - 4 * number, hours=number),
                caller=ctx.member if number % 2 == 0 else ctx.manager,
                channel=channel,
                scenario=scenario,
                wait_seconds=taken if live else None,
                reply_hours=None if live else Decimal(taken),
                handle_minutes=minutes,
                resolved_first_contact=resolved,
                courtesy=courtesy,
                language_clarity=language,
                product_knowledge=knowledge,
                notes=note,
                recording_reference=f"Vendor QA portal, ref TC-{candidate.pk:03d}-{number + 1}",
            ),
        )


def seed(ctx):
    if ctx is None or not ChecklistTemplate.objects.filter(is_current=True).exists():
        return None
    candidates = Candidate.objects.filter(engagement=ctx.engagement).select_related("vendor")
    for index, candidate in enumerate(candidates.order_by("added_at", "id")):
        profile = PROFILES[index % len(PROFILES)]
        _fill_checklist(ctx, candidate, profile)
        _log_calls(ctx, candidate, profile)
    return None
