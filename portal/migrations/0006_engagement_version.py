# The engagement's version (portal.derived) and the History page's index.

from django.db import migrations, models

# The History page's query: an engagement's audit entries, newest first (PostgreSQL;
# SQLite, the embedded default, reads its small table as it is).
HISTORY_INDEX = (
    "CREATE INDEX IF NOT EXISTS portal_logentry_engagement_history ON auditlog_logentry "
    "((additional_data -> 'engagement_id'), \"timestamp\" DESC, id DESC)"
)


def history_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(HISTORY_INDEX)


def drop_history_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS portal_logentry_engagement_history")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0005_engagement_currency_exchange_rate"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [
        migrations.AddField(
            model_name="engagement",
            name="version",
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(history_index, drop_history_index, elidable=False),
    ]
