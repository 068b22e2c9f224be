"""The reference lists a vendor is described with; administrators extend them."""

from django.db import migrations

LANGUAGES = [
    "Arabic", "Cantonese", "Dutch", "English", "French", "German", "Hindi", "Italian",
    "Japanese", "Korean", "Mandarin", "Polish", "Portuguese", "Romanian", "Russian",
    "Spanish", "Swedish", "Tagalog", "Turkish", "Ukrainian", "Urdu", "Vietnamese",
]  # fmt: skip

CERTIFICATIONS = [
    ("ISO 27001", "Information security management"),
    ("SOC 2", "Security, availability and confidentiality controls (AICPA)"),
    ("PCI DSS", "Handling of payment card data"),
    ("HIPAA", "US health information privacy"),
    ("GDPR readiness", "EU personal data protection"),
    ("ISO 9001", "Quality management"),
    ("COPC", "Customer experience operations standard"),
    ("ISO 18295", "Customer contact centres"),
]


def seed(apps, schema_editor):
    Language = apps.get_model("vendors", "Language")
    Certification = apps.get_model("vendors", "Certification")
    for name in LANGUAGES:
        Language.objects.get_or_create(name=name)
    for name, description in CERTIFICATIONS:
        Certification.objects.get_or_create(name=name, defaults={"description": description})


class Migration(migrations.Migration):
    dependencies = [("vendors", "0002_registry_details_and_approval")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
