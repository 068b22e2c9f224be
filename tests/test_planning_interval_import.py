"""Step 1's interval import page: a channel's arrival pattern from its phone system."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.planning.models import ChannelLine
from tests.factories_planning import scoped_engagement

pytestmark = pytest.mark.django_db


def _url(engagement, channel="inbound_phone"):
    return reverse(
        "planning:interval-import", kwargs={"engagement_pk": engagement.pk, "channel": channel}
    )


def _file(text: str | bytes, name="intervals.csv"):
    data = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


# Monday-Friday 07:00-21:00 is the factory's phone line; Monday 09:00 gets 3 of 4 calls.
GOOD = "weekday,time,volume\nMonday,09:00,20\nMonday,09:30,10\nTuesday,14:00,10\n"


def test_an_import_shows_the_week_it_gives(member_client, engagement):
    scoped_engagement(engagement)
    response = member_client.post(_url(engagement), {"file": _file(GOOD)}, follow=True)
    page = response.text
    assert "Interval volumes imported for inbound phone: 3 intervals over 1 week" in page
    line = ChannelLine.objects.get(engagement=engagement, channel="inbound_phone")
    assert line.profile_kind == "imported" and line.profile[9] == 0.75
    assert "Arrival pattern: imported from your phone system." in page
    assert "Busiest hour: Monday 09:00 (75.0% of the week)." in page
    assert '<div class="table-responsive week-table" tabindex="0">' in page
    scope = member_client.get(
        reverse("planning:scope-detail", kwargs={"engagement_pk": engagement.pk})
    ).text
    assert "Imported from your phone system" in scope
    assert "Monday-Friday 07:00-21:00" in scope


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "weekday,time,volume\nMonday,09:00,x\n",
            "Line 2, column volume: &#x27;x&#x27; is not a number.",
        ),
        (
            "weekday,time,volume\nSunday,10:00,5\n",
            "The file has contacts in hours inbound phone is closed: Sunday 10:00-11:00.",
        ),
    ],
)
def test_a_bad_file_is_refused_whole_with_its_lines(member_client, engagement, text, message):
    scoped_engagement(engagement)
    page = member_client.post(_url(engagement), {"file": _file(text)}).text
    assert "Nothing was imported" in page and message in page
    line = ChannelLine.objects.get(engagement=engagement, channel="inbound_phone")
    assert line.profile_kind == "flat" and line.profile is None


def test_the_hours_with_contacts_can_be_opened_by_the_import(member_client, engagement):
    scoped_engagement(engagement)
    text = "weekday,time,volume\nSunday,10:00,5\nMonday,09:00,5\n"
    member_client.post(_url(engagement), {"file": _file(text), "open_closed_hours": "on"})
    line = ChannelLine.objects.get(engagement=engagement, channel="inbound_phone")
    assert line.open_hours[6 * 24 + 10] and line.profile_kind == "imported"


def test_a_file_that_is_not_text_or_a_channel_not_in_scope(member_client, engagement):
    scoped_engagement(engagement)
    latin1 = member_client.post(_url(engagement), {"file": _file(b"weekday,time,volume\n\xe9\n")})
    assert "The file is not a UTF-8 CSV text file." in latin1.text
    nul = member_client.post(_url(engagement), {"file": _file(GOOD + "Monday,10:00,1\x00\n")})
    assert "nothing was saved" in nul.text
    line = ChannelLine.objects.get(engagement=engagement, channel="inbound_phone")
    assert line.profile is None
    assert member_client.get(_url(engagement, "chat")).status_code == 404
    assert member_client.get(_url(engagement, "fax")).status_code == 404


def test_the_page_runs_a_fixed_number_of_queries(
    member_client, engagement, django_assert_max_num_queries
):
    scoped_engagement(engagement)
    with django_assert_max_num_queries(12):
        assert member_client.get(_url(engagement)).status_code == 200
