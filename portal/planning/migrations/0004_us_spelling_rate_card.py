"""US English in the rate card rows migration 0002 seeded ("call centres", "the
centre"). Only rows still holding the seeded wording change."""

from django.db import migrations

# (field, British wording, US wording)
WORDING = [
    (
        "source",
        "Practitioner's guide to outsourcing customer service: pricing models (US call centres)",
        "Practitioner's guide to outsourcing customer service: pricing models (US call centers)",
    ),
    (
        "notes",
        "Premium a commission deal should earn the centre over its regular hourly rate.",
        "Premium a commission deal should earn the center over its regular hourly rate.",
    ),
]


def _respell(apps, *, forward: bool):
    RateCard = apps.get_model("planning", "RateCard")
    for field, british, us in WORDING:
        old, new = (british, us) if forward else (us, british)
        RateCard.objects.filter(**{field: old}).update(**{field: new})


def forward(apps, schema_editor):
    _respell(apps, forward=True)


def backward(apps, schema_editor):
    _respell(apps, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0003_scope_channels_changed_and_volume_cap"),
    ]

    operations = [migrations.RunPython(forward, backward)]
