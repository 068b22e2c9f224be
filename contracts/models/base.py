"""What the rows of steps 5-7 share: they belong to one engagement."""

from __future__ import annotations

from django.db import models


class EngagementData(models.Model):
    """Rows that belong to one engagement and tag their audit entries with it.

    Each model declares its own ``engagement`` foreign key (with the related name
    the engagement reads it by); this only adds the audit tag.
    """

    class Meta:
        abstract = True

    def get_additional_data(self) -> dict:
        return {"engagement_id": self.engagement_id}
