"""Steps 1-3: the team reads every page and fills in every step; other teams get 404."""

from tests.access_matrix import engagement_kwargs, member_only


def _phone_line(world):
    from tests.factories_planning import ChannelLineFactory

    ChannelLineFactory(engagement=world.engagement, channel="inbound_phone")
    return {"engagement_pk": world.engagement.pk, "channel": "inbound_phone"}


ENTRIES = {
    "planning:scope-detail": member_only(kwargs=engagement_kwargs),
    "planning:scope-edit": member_only(kwargs=engagement_kwargs),
    "planning:scope-download": member_only(kwargs=engagement_kwargs),
    "planning:interval-import": member_only(kwargs=_phone_line),
    "planning:cost-detail": member_only(kwargs=engagement_kwargs),
    "planning:cost-export": member_only(kwargs=engagement_kwargs),
    "planning:cost-edit": member_only(kwargs=engagement_kwargs),
    "planning:customers-detail": member_only(kwargs=engagement_kwargs),
    "planning:customers-edit": member_only(kwargs=engagement_kwargs),
}
