from django.apps import AppConfig


class InvitationsConfig(AppConfig):
    name = "vendors.invitations"
    label = "invitations"
    verbose_name = "Step 4: vendor invitations and their responses"
