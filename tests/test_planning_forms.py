"""Steps 1-3 forms: languages are ticked from a list, so no typed text reaches them."""

from django.http import QueryDict

from portal.planning.forms import ChannelLineForm


def test_a_language_not_offered_is_refused_on_its_field():
    posted = QueryDict(mutable=True)
    posted.update({"email-contacts_per_month": "900", "email-languages": "English\r\nBcc: x"})
    form = ChannelLineForm(posted, channel="email")
    assert not form.is_valid()
    assert "Select a valid choice" in form.errors["languages"][0]
    form = ChannelLineForm(
        {"email-contacts_per_month": "900", "email-languages": ["English", "Spanish"]},
        channel="email",
    )
    assert form.is_valid()
    assert form.to_input().languages == "English, Spanish"


def test_a_saved_language_not_in_the_list_stays_offered_and_ticked():
    form = ChannelLineForm(channel="email", initial={"languages": "English, Haitian Creole"})
    assert ("Haitian Creole", "Haitian Creole") in form.fields["languages"].choices
    assert form.initial["languages"] == ["English", "Haitian Creole"]
