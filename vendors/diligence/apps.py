from django.apps import AppConfig


class DiligenceConfig(AppConfig):
    name = "vendors.diligence"
    label = "diligence"
    verbose_name = "Step 4: due diligence and test calls"
