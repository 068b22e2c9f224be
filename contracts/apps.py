from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "contracts"
    label = "contracts"
    verbose_name = "Steps 5-7: contract, liaison, monitoring, exit"
