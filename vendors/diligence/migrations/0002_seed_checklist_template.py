"""Seed the first due-diligence template from DOMAIN.md step 4 ("Find and vet the call centre").

Administrators change it in the admin afterwards; a change to a template in use
creates a new version, so this one stays as the first version.
"""

from django.db import migrations

TEMPLATE_NAME = "Call-centre due diligence"

# (group, text, guidance, critical)
ITEMS = [
    (
        "data_protection",
        "Does the vendor hold a current information-security certification (ISO 27001 or SOC 2 Type II)?",
        "Certificate or audit report with scope and expiry date; the scope must cover the delivery site.",
        True,
    ),
    (
        "data_protection",
        "Are agents' workstations locked down (no USB storage, no personal phones on the floor, no printing)?",
        "Clean-desk and device policy; photos or the auditor's note from a site visit.",
        True,
    ),
    (
        "data_protection",
        "Is customer data kept only in our systems or in encrypted systems we approve?",
        "Data-flow description naming every system that stores or processes our customers' data.",
        True,
    ),
    (
        "data_protection",
        "Is access to our data role-based and removed on the agent's last day?",
        "Joiner/leaver procedure and a recent access review.",
        False,
    ),
    (
        "data_protection",
        "Are card payments handled in a PCI DSS compliant way (pause-and-resume recording or IVR capture)?",
        "PCI DSS attestation of compliance; not applicable if agents never take payments.",
        False,
    ),
    (
        "data_protection",
        "Does the vendor report security incidents to us within an agreed time (48 hours or less)?",
        "Incident-response procedure and the notification clause it will accept.",
        True,
    ),
    (
        "data_protection",
        "Is there a tested business-continuity plan for the delivery site (power, network, weather)?",
        "Plan and the date and result of the last test.",
        False,
    ),
    (
        "legal",
        "Is the company legally registered and in good standing in its country?",
        "Registry extract not older than three months.",
        True,
    ),
    (
        "legal",
        "Does the vendor comply with local labour law (working hours, overtime, minimum wage, night shifts)?",
        "Labour-inspection records or a local counsel's letter; pay slips for a sample of agents.",
        True,
    ),
    (
        "legal",
        "Are agents employees of the vendor rather than undeclared subcontractors?",
        "Employment contracts for a sample of agents; list of subcontractors, if any.",
        False,
    ),
    (
        "legal",
        "Can personal data of US customers lawfully be processed in the vendor's country?",
        "Our counsel's view on the transfer; data-processing agreement the vendor will sign.",
        True,
    ),
    (
        "legal",
        "Has the vendor confirmed it follows our policies (code of conduct, privacy, complaints handling)?",
        "Signed acknowledgement of our policies.",
        False,
    ),
    (
        "legal",
        "Is the vendor free of litigation, sanctions or regulatory findings that matter to us?",
        "Vendor declaration plus our own search of court and sanctions lists.",
        False,
    ),
    (
        "references",
        "Have we spoken to at least two US companies the vendor serves today?",
        "Names, dates and notes of the reference calls.",
        True,
    ),
    (
        "references",
        "Do the references serve customers like ours (sector, channel, volume)?",
        "Notes on the references' sector, channel and contact volumes.",
        False,
    ),
    (
        "references",
        "Are blog, forum and employer reviews of the centre mostly positive?",
        "Links and a short summary of what customers and former agents say.",
        False,
    ),
    (
        "references",
        "Has the vendor kept its main clients for two years or more?",
        "Client list with start dates; ask why the last two clients left.",
        False,
    ),
    (
        "references",
        "Is the vendor financially stable (audited accounts, no dependence on one client)?",
        "Last two years' audited accounts; share of revenue from the largest client.",
        False,
    ),
    (
        "operations",
        "Are all calls recorded, and can we listen to recordings for review, feedback and legal purposes?",
        "Recording policy, retention period and how we get access.",
        True,
    ),
    (
        "operations",
        "Does the vendor review a sample of calls every week and share quality scores with us?",
        "Quality-assurance form and an example monthly quality report.",
        False,
    ),
    (
        "operations",
        "Are agents motivated by incentives that reward quality, not just speed (tiered bonuses, contests)?",
        "Incentive scheme; check it does not reward short handle time alone.",
        False,
    ),
    (
        "operations",
        "Is annual agent turnover acceptable (below 40%), and how is knowledge kept when agents leave?",
        "Turnover figures for the last 12 months at the delivery site.",
        False,
    ),
    (
        "operations",
        "Do agents speak clearly and with an accent our customers understand?",
        "Results of our test calls; the vendor's language assessment for new hires.",
        True,
    ),
    (
        "operations",
        "Will agents be trained on our products before go-live, with a refresher plan?",
        "Training plan, duration and who signs off readiness.",
        False,
    ),
    (
        "operations",
        "Can the vendor cover the hours and peaks we need (evenings, weekends, seasonal peaks)?",
        "Staffing plan against our forecast volumes.",
        False,
    ),
    (
        "contract",
        "Will the vendor accept SLAs on quality (first-contact resolution, satisfaction, abandoned calls), not only handle time?",
        "Draft SLA schedule with targets and service credits.",
        True,
    ),
    (
        "contract",
        "Can we end the contract at little cost if quality standards are breached, or at the end of a fixed term?",
        "Termination clauses, notice period and exit fees.",
        True,
    ),
    (
        "contract",
        "Will the vendor support an exit (handover of data, knowledge and recordings)?",
        "Exit-assistance clause.",
        False,
    ),
    (
        "contract",
        "Has a lawyer reviewed the contract documents we do not fully understand?",
        "Name of the reviewing lawyer and the date of the review.",
        False,
    ),
    (
        "contract",
        "Is there a named account manager and an escalation path on the vendor's side?",
        "Names, roles and the escalation matrix.",
        False,
    ),
]


def seed(apps, schema_editor):
    ChecklistTemplate = apps.get_model("diligence", "ChecklistTemplate")
    ChecklistTemplateItem = apps.get_model("diligence", "ChecklistTemplateItem")
    if ChecklistTemplate.objects.filter(name=TEMPLATE_NAME).exists():
        return
    template = ChecklistTemplate.objects.create(
        name=TEMPLATE_NAME,
        version=1,
        is_current=not ChecklistTemplate.objects.filter(is_current=True).exists(),
        change_note="First version, from the practitioner's guide (step 4).",
    )
    ChecklistTemplateItem.objects.bulk_create(
        ChecklistTemplateItem(
            template=template,
            group=group,
            text=text,
            guidance=guidance,
            critical=critical,
            order=(number + 1) * 10,
        )
        for number, (group, text, guidance, critical) in enumerate(ITEMS)
    )


def unseed(apps, schema_editor):
    ChecklistTemplate = apps.get_model("diligence", "ChecklistTemplate")
    ChecklistTemplate.objects.filter(name=TEMPLATE_NAME, version=1, checklists=None).delete()


class Migration(migrations.Migration):
    dependencies = [("diligence", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
