# Trigram indexes for the vendor search (PostgreSQL's pg_trgm): the registry's
# "contains" search on names, countries and review notes reads the index instead of
# every row, at 300 vendors as at 30,000. SQLite, the embedded default, has no such
# index and searches its small table as it is.

from django.db import migrations

INDEXES = {
    "vendors_vendor_name_trgm": ("vendors_vendor", "name"),
    "vendors_vendor_country_trgm": ("vendors_vendor", "headquarters_country"),
    "vendors_vendor_notes_trgm": ("vendors_vendor", "review_notes"),
    "vendors_location_country_trgm": ("vendors_deliverylocation", "country"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, (table, column) in INDEXES.items():
        # The expression Django's icontains compares: UPPER(column::text) LIKE UPPER(%s).
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("vendors", "0006_quote_channels_covered")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
