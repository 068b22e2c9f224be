"""Re-score saved customer-base assessments under the guide's rules: the expected
response time is no longer a risk factor (it made every offshore vendor "high" when
customers expected an answer within minutes), and e-mail and social media count one
language level lower than rated. The rules are copied here as they stand today, so
later changes to portal/planning/risk.py do not change what this migration did."""

from django.db import migrations

_ORDER = {"low": 0, "medium": 1, "high": 2}
_LEVELS = ("low", "medium", "high")
_WRITTEN = ("email", "social")


def _level(row) -> str:
    levels = [
        {"none": "low", "some": "medium", "strong": "high"}.get(row.local_preference, "medium")
        if row.offshore
        else "low"
    ]
    for channel, rated in (row.language_risk or {}).items():
        if rated in _ORDER:
            lowered = _LEVELS[max(_ORDER[rated] - 1, 0)]
            levels.append(lowered if channel in _WRITTEN else rated)
    if row.data_residency == "law":
        levels.append("high" if row.offshore else "medium")
    elif row.data_residency == "contract":
        levels.append("medium")
    return max(levels, key=_ORDER.__getitem__)


def forward(apps, schema_editor):
    CustomerAssessment = apps.get_model("planning", "CustomerAssessment")
    for row in CustomerAssessment.objects.all():
        level = _level(row)
        if level != row.risk_level:
            CustomerAssessment.objects.filter(pk=row.pk).update(risk_level=level)


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0005_us_spelling_help_text"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
