"""A rate-card row may be a floor with no ceiling: the guide gives Western Europe
as "40 and up", which migration 0002 stored as 40-40 (a ceiling the guide does not
have). ``high`` becomes optional and that seeded row loses its made-up ceiling;
an administrator's own figure for the row is left alone."""

import django.core.validators
from django.db import migrations, models

SEEDED_NOTE = 'The source gives "40 and up": no upper figure.'
NEW_NOTE = 'The source gives "40 and up": a floor with no ceiling.'


def forward(apps, schema_editor):
    RateCard = apps.get_model("planning", "RateCard")
    RateCard.objects.filter(
        region="western_europe", pricing_model="", low=40, high=40, notes=SEEDED_NOTE
    ).update(high=None, notes=NEW_NOTE)


# The browser tests re-seed a flushed database from the seeding migrations.
seed = forward


def backward(apps, schema_editor):
    RateCard = apps.get_model("planning", "RateCard")
    RateCard.objects.filter(
        region="western_europe", pricing_model="", low=40, high=None, notes=NEW_NOTE
    ).update(high=40, notes=SEEDED_NOTE)
    RateCard.objects.filter(high=None).update(high=models.F("low"))


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0006_rescore_customer_risk"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="ratecard", name="rate_low_le_high"),
        migrations.AlterField(
            model_name="ratecard",
            name="high",
            field=models.DecimalField(
                blank=True,
                decimal_places=4,
                help_text='Leave empty for a floor with no ceiling ("40 and up").',
                max_digits=10,
                null=True,
                validators=[django.core.validators.MinValueValidator(0)],
            ),
        ),
        migrations.AddConstraint(
            model_name="ratecard",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("high__isnull", True), ("low__lte", models.F("high")), _connector="OR"
                ),
                name="rate_low_le_high",
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
