"""The POST forms of a rendered page, read the way a browser reads them, and a
request body for one form written the way a browser (or anybody else) may send it.

Tests use this to post to every form of the portal without knowing its fields: the
field names, kinds, choices and prefilled values come from the HTML.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit


@dataclass
class FormField:
    name: str
    kind: str  # an input's type, or "select", "textarea", "button"
    value: str = ""  # what the browser sends untouched ("" when nothing)
    sent: bool = True  # an unchecked box or an unselected list sends nothing
    options: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class HtmlForm:
    action: str  # a path
    multipart: bool
    fields: list[FormField] = field(default_factory=list)

    def typed_fields(self) -> list[FormField]:
        """The fields besides the CSRF token: what a user (or an attacker) chooses."""
        return [f for f in self.fields if f.name != "csrfmiddlewaretoken"]


class _FormParser(HTMLParser):
    def __init__(self, page_path: str):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[HtmlForm] = []
        self._form: HtmlForm | None = None
        self._select: FormField | None = None
        self._selected: list[str] = []
        self._textarea: FormField | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                action = urlsplit(urljoin(self.page_path, a.get("action") or self.page_path)).path
                multipart = a.get("enctype", "") == "multipart/form-data"
                self._form = HtmlForm(action=action, multipart=multipart)
                self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "image", "reset"):
                kind = "button"
            checkable = kind in ("checkbox", "radio")
            self._form.fields.append(
                FormField(
                    name=name,
                    kind=kind,
                    value=a.get("value", "on" if checkable else ""),
                    sent=("checked" in a) if checkable else kind != "button",
                )
            )
        elif tag == "button" and name:
            self._form.fields.append(
                FormField(name=name, kind="button", value=a.get("value", ""), sent=False)
            )
        elif tag == "select" and name:
            self._select = FormField(name=name, kind="select", multiple="multiple" in a)
            self._selected = []
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            # Django writes a value on every option; one without would send its text.
            value = a.get("value", "")
            self._select.options.append(value)
            if "selected" in a:
                self._selected.append(value)
        elif tag == "textarea" and name:
            self._textarea = FormField(name=name, kind="textarea")
            self._form.fields.append(self._textarea)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            select = self._select
            if self._selected:
                select.value = self._selected[0]
            elif select.options and not select.multiple:
                select.value = select.options[0]
            else:
                select.sent = False
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._textarea.value = self._textarea.value.removeprefix("\n")
            self._textarea = None


def post_forms(html: str, page_path: str) -> list[HtmlForm]:
    parser = _FormParser(page_path)
    parser.feed(html)
    parser.close()
    return parser.forms


def wire(text: str) -> bytes:
    """Text as bytes on the wire, lone surrogates as the bytes they would be."""
    return text.encode("utf-8", "surrogatepass")


def urlencoded(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{quote(wire(name))}={quote(wire(value))}" for name, value in pairs)


def multipart(
    pairs: list[tuple[str, str]], files: list[tuple[str, str, bytes]]
) -> tuple[bytes, str]:
    """A multipart/form-data body and its content type."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in pairs:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + wire(value)
            + b"\r\n"
        )
    for name, filename, content in files:
        parts.append(
            f"--{boundary}\r\nContent-Disposition: form-data; "
            f'name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"
