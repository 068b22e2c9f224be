"""Steps 1-3 forms: a one-line answer keeps to one line, like every form of the portal."""

from portal.planning.forms import ChannelLineForm


def test_a_line_break_in_the_languages_is_refused_on_its_field():
    form = ChannelLineForm(
        {"email-contacts_per_month": "900", "email-languages": "English\r\nBcc: x"}, channel="email"
    )
    assert not form.is_valid()
    assert form.errors["languages"] == ["Keep this on one line (no line breaks)."]
    assert ChannelLineForm(
        {"email-contacts_per_month": "900", "email-languages": "English"}, channel="email"
    ).is_valid()
