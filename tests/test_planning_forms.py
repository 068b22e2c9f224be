"""Steps 1-3 forms: languages are ticked from a list, so no typed text reaches them."""

from django.http import QueryDict

from portal.planning.scope_forms import ChannelLineForm


def test_a_language_not_offered_is_refused_on_its_field():
    posted = QueryDict(mutable=True)
    posted.update({"email-contacts_per_month": "900", "email-languages": "English\r\nBcc: x"})
    form = ChannelLineForm(posted, channel="email")
    assert not form.is_valid()
    assert "Select a valid choice" in form.errors["languages"][0]
    form = ChannelLineForm(
        {
            "email-contacts_per_month": "900",
            "email-open_hours": "business",
            "email-languages": ["English", "Spanish"],
        },
        channel="email",
    )
    assert form.is_valid()
    assert form.to_input().languages == "English, Spanish"


def test_a_saved_language_not_in_the_list_stays_offered_and_ticked():
    form = ChannelLineForm(channel="email", initial={"languages": "English, Haitian Creole"})
    assert ("Haitian Creole", "Haitian Creole") in form.fields["languages"].choices
    assert form.initial["languages"] == ["English", "Haitian Creole"]


def test_custom_hours_become_the_week_and_a_day_with_a_break_is_kept_untouched():
    from portal import week
    from portal.planning.models import ChannelLine

    split = list(week.BUSINESS_HOURS)
    split[12] = False  # Monday closed for lunch, 12:00-13:00 (as an import may leave it)
    line = ChannelLine(channel="chat", open_hours=split)
    days = {f"chat-{day}_opens": "9" for day in ("monday", "tuesday", "wednesday", "thursday")}
    days |= {f"chat-{day}_closes": "18" for day in ("monday", "tuesday", "wednesday", "thursday")}
    days |= {"chat-friday_opens": "9", "chat-friday_closes": "18"}
    post = {"chat-contacts_per_month": "10", "chat-open_hours": "custom", "chat-concurrency": "2"}
    form = ChannelLineForm({**post, **days}, channel="chat", line=line)
    assert form.is_valid(), form.errors
    assert form.to_input().open_hours == tuple(split)
    # Changing a day rebuilds the week from the days shown.
    form = ChannelLineForm({**post, **days, "chat-friday_closes": "17"}, channel="chat", line=line)
    assert form.is_valid()
    hours = form.to_input().open_hours
    assert hours[12] and not hours[4 * 24 + 17] and sum(hours) == 44
    # Chat asks the chats at once; e-mail asks neither that nor patience.
    assert "concurrency" in form.fields and "patience_seconds" in form.fields
    email = ChannelLineForm(channel="email")
    assert "concurrency" not in email.fields and "patience_seconds" not in email.fields
