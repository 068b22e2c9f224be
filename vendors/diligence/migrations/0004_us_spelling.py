"""US English in the seeded due-diligence template: its name and the three questions
of migration 0002 that used British spelling ("labour", "centre"). Only rows still
holding the seeded wording change; a template an administrator reworded stays as is."""

from django.db import migrations, models

TEMPLATE_NAMES = ("Call-centre due diligence", "Call-center due diligence")

# (field, British wording, US wording)
WORDING = [
    (
        "text",
        "Does the vendor comply with local labour law (working hours, overtime, minimum wage, "
        "night shifts)?",
        "Does the vendor comply with local labor law (working hours, overtime, minimum wage, "
        "night shifts)?",
    ),
    (
        "guidance",
        "Labour-inspection records or a local counsel's letter; pay slips for a sample of agents.",
        "Labor-inspection records or a local counsel's letter; pay slips for a sample of agents.",
    ),
    (
        "text",
        "Are blog, forum and employer reviews of the centre mostly positive?",
        "Are blog, forum and employer reviews of the center mostly positive?",
    ),
]


def _respell(apps, *, forward: bool):
    ChecklistTemplate = apps.get_model("diligence", "ChecklistTemplate")
    ChecklistTemplateItem = apps.get_model("diligence", "ChecklistTemplateItem")
    old_name, new_name = TEMPLATE_NAMES if forward else TEMPLATE_NAMES[::-1]
    ChecklistTemplate.objects.filter(name=old_name).update(name=new_name)
    for field, british, us in WORDING:
        old, new = (british, us) if forward else (us, british)
        ChecklistTemplateItem.objects.filter(**{field: old}).update(**{field: new})


def forward(apps, schema_editor):
    _respell(apps, forward=True)


def backward(apps, schema_editor):
    _respell(apps, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("diligence", "0003_test_call_time_per_channel"),
    ]

    operations = [
        migrations.AlterField(
            model_name="checklisttemplateitem",
            name="group",
            field=models.CharField(
                choices=[
                    ("data_protection", "Data protection and company assets"),
                    ("legal", "Legal, labor law and regulation of the vendor's country"),
                    ("references", "References and reputation"),
                    ("operations", "Operations and quality"),
                    ("contract", "Contract readiness"),
                ],
                max_length=32,
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
