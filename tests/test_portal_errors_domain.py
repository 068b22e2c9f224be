"""DomainError and how a page shows it (portal/errors.py): each message by its field,
anything else at the top of the form. (tests/test_portal_errors.py: the 404/500 pages.)"""

from django import forms

from portal.errors import DomainError, add_to_form, add_to_forms


class NoticeForm(forms.Form):
    notice_period_days = forms.IntegerField()
    notes = forms.CharField(required=False)


def _bound(form_class=NoticeForm, **kwargs):
    form = form_class({"notice_period_days": "30", "notes": ""}, **kwargs)
    assert form.is_valid()
    return form


def test_a_message_may_name_its_field():
    error = DomainError("Notice is too long.", field="notice_period_days")
    assert error.fields == {"notice_period_days": ["Notice is too long."]}
    assert error.messages == ["Notice is too long."]
    assert str(error) == "Notice is too long."


def test_several_fields_at_once_read_as_one_line_too():
    error = DomainError(
        "Nothing was saved.",
        fields={"notice_period_days": "Too long.", "notes": ["Too short.", "Say why."], "x": ""},
    )
    assert error.fields == {
        None: ["Nothing was saved."],
        "notice_period_days": ["Too long."],
        "notes": ["Too short.", "Say why."],
        "x": [],
    }
    assert str(error) == "Nothing was saved. Too long. Too short. Say why."


def test_a_field_keyed_message_lands_on_its_field():
    form = _bound()
    add_to_form(form, DomainError("Notice is too long.", field="notice_period_days"))
    assert form.errors["notice_period_days"] == ["Notice is too long."]
    assert form.non_field_errors() == []
    assert "notice_period_days" not in form.cleaned_data  # the refused value is not kept


def test_a_message_for_no_field_or_an_unknown_one_goes_to_the_top():
    form = _bound()
    add_to_form(
        form,
        DomainError("The contract has ended.", fields={"no_such_field": "Ask a manager."}),
    )
    assert form.non_field_errors() == ["The contract has ended.", "Ask a manager."]
    assert "notice_period_days" not in form.errors


def test_messages_are_shown_on_the_page_next_to_their_field():
    form = _bound()
    add_to_form(form, DomainError("Notice is too long.", field="notice_period_days"))
    html = form.as_div()
    start = html.index("Notice is too long.")
    assert html.index('name="notice_period_days"') > start > html.index("Notice period days")


def test_forms_posted_together_each_get_their_own_fields_messages():
    phone = NoticeForm({"phone-notice_period_days": "1", "phone-notes": ""}, prefix="phone")
    email = NoticeForm({"email-notice_period_days": "1", "email-notes": ""}, prefix="email")
    top = _bound()
    assert phone.is_valid() and email.is_valid()
    add_to_forms(
        [top, phone, email],
        DomainError(
            "Check the channels.",
            fields={
                "email-notice_period_days": "Too short for e-mail.",
                "phone-notes": "Say why.",
                "notes": "On the first form that has it.",
                "chat-notes": "No such form: at the top.",
            },
        ),
    )
    assert email.errors == {"notice_period_days": ["Too short for e-mail."]}
    assert phone.errors == {"notes": ["Say why."]}
    assert top.errors["notes"] == ["On the first form that has it."]
    assert top.non_field_errors() == ["Check the channels.", "No such form: at the top."]
