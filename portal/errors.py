"""The one exception a domain rule raises, and how a view shows it.

Every rule is written once, in a rule function its action calls; the action
raises ``DomainError``. A message may name the form field it is about
(``DomainError("Notice is too long.", field="notice_period_days")``, or several at
once with ``fields={...}``); ``add_to_form`` puts each message next to its field
(``add_to_forms`` across several forms posted together), so a rule never needs a
twin in the form's ``clean()``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


class DomainError(Exception):
    """A rule of the domain refused the operation; the messages are for the user.

    ``fields`` maps a form field name (or ``None`` for the whole form) to its
    messages. ``str(error)`` joins them all, for places that show one line.
    """

    def __init__(
        self,
        message: str | None = None,
        *,
        field: str | None = None,
        fields: Mapping[str | None, str | Iterable[str]] | None = None,
    ):
        collected: dict[str | None, list[str]] = {}
        if message:
            collected.setdefault(field, []).append(message)
        for name, found in (fields or {}).items():
            texts = [found] if isinstance(found, str) else list(found)
            collected.setdefault(name, []).extend(t for t in texts if t)
        self.fields = collected
        super().__init__(" ".join(self.messages))

    @property
    def messages(self) -> list[str]:
        return [text for texts in self.fields.values() for text in texts]

    def __str__(self) -> str:
        return " ".join(self.messages)


def add_to_form(form, error: DomainError) -> None:
    """Show ``error`` on ``form``: each message by its field when the form has that
    field, otherwise at the top of the form."""
    add_to_forms([form], error)


def add_to_forms(forms: Iterable, error: DomainError) -> None:
    """Show ``error`` on forms posted together (a page with several prefixed forms):
    each message on the first form with the field its key names, as the page names it
    (``"email-handle_minutes"``) or plainly; any other message at the top of the first
    form."""
    forms = list(forms)
    for name, texts in error.fields.items():
        form, field = _field_named(forms, name)
        for text in texts:
            form.add_error(field, text)


def _field_named(forms: list, name: str | None):
    if name is not None:
        for form in forms:
            for field in form.fields:
                if name in (field, form.add_prefix(field)):
                    return form, field
    return forms[0], None
