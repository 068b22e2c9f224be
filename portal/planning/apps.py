from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "portal.planning"
    label = "planning"
    verbose_name = "Steps 1-3: scope, cost case, customer base"
