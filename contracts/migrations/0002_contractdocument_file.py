"""A contract document's stored file becomes a FileField, so deletes that cascade to
documents can find and remove their files. The column keeps the same type (a 300-character
varchar), so existing rows keep the names they were stored under."""

from django.db import migrations, models

import contracts.models.contract


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(
            model_name="contractdocument",
            old_name="storage_name",
            new_name="file",
        ),
        migrations.AlterField(
            model_name="contractdocument",
            name="file",
            field=models.FileField(
                max_length=300, upload_to=contracts.models.contract._document_path
            ),
        ),
    ]
