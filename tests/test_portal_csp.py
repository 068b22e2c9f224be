"""The Content-Security-Policy: on every page of the permission matrix, nothing inline
in the templates that it would block, and violation reports logged."""

import base64
import hashlib
import json
import logging
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.access_matrix import all_entries
from tests.test_access_matrix import world  # noqa: F401 - the matrix's fixture

MATRIX = all_entries()
TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def _assert_strict(header: str):
    policy = _directives(header)
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["report-uri"] == [reverse("csp-report")]


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_every_page_of_the_matrix_has_the_policy(name, world, member_client):  # noqa: F811
    entry = MATRIX[name]
    url = reverse(name, kwargs=entry.kwargs(world))
    data = entry.data(world) if entry.data else {}
    response = getattr(member_client, entry.method)(url, data)
    header = response["Content-Security-Policy"]
    if header != "default-src 'none'; sandbox":  # a stored file's download: stricter
        _assert_strict(header)


def _page_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        # The PDF report is rendered by WeasyPrint, never served as a page.
        if "reports" not in path.relative_to(TEMPLATES).parts[:1]:
            yield path


@pytest.mark.parametrize("path", list(_page_templates()), ids=lambda p: str(p.name))
def test_no_template_has_inline_script_style_or_handler(path):
    text = path.read_text()
    assert not re.search(r"\sstyle\s*=", text), "style attribute"
    assert not re.search(r"\son[a-z]+\s*=", text), "inline event handler"
    assert not re.search(r"\shx-on[:-]", text), "hx-on handler (evaluated code)"
    assert not re.search(r"<script(?![^>]*\ssrc=)", text), "inline <script>"
    if path.name != "500.html":
        assert "<style" not in text


def test_the_server_error_page_style_is_allowed_by_its_hash():
    # The 500 page styles itself; its block's hash must be the one in the policy.
    style = re.search(r"<style>(.*?)</style>", (TEMPLATES / "500.html").read_text(), re.S)
    digest = base64.b64encode(hashlib.sha256(style.group(1).encode()).digest()).decode()
    assert f"'sha256-{digest}'" in settings.SECURE_CSP["style-src"]


def test_htmx_adds_no_inline_style(member_client):
    page = member_client.get(reverse("portal:dashboard")).text
    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", page)
    assert json.loads(config.group(1)) == {"includeIndicatorStyles": False}
    css = (Path(settings.BASE_DIR) / "static/css/portal.css").read_text()
    assert ".htmx-indicator" in css


REPORT = {
    "csp-report": {
        "document-uri": "https://portal.example.com/vendors/",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "inline",
    }
}


def test_a_violation_report_is_logged_and_answered_204(db, caplog):
    client = Client(enforce_csrf_checks=True)
    with caplog.at_level(logging.WARNING, logger="portal.csp"):
        response = client.post(
            reverse("csp-report"), json.dumps(REPORT), content_type="application/csp-report"
        )
    assert response.status_code == 204
    [record] = [r for r in caplog.records if r.name == "portal.csp"]
    assert record.levelno == logging.WARNING
    assert "script-src-elem" in record.getMessage()
    assert "https://portal.example.com/vendors/" in record.getMessage()


def test_a_report_that_is_not_json_is_still_logged(db, caplog):
    with caplog.at_level(logging.WARNING, logger="portal.csp"):
        response = Client().post(reverse("csp-report"), "garbage", content_type="text/plain")
    assert response.status_code == 204
    assert "unreadable report" in caplog.text


def test_a_report_nested_too_deep_to_parse_is_logged_as_unreadable(db, caplog):
    nested = "[" * 16_000  # under the size limit, deeper than the JSON parser recurses
    with caplog.at_level(logging.WARNING, logger="portal.csp"):
        response = Client().post(reverse("csp-report"), nested, content_type="application/json")
    assert response.status_code == 204
    assert "unreadable report" in caplog.text


def test_a_large_report_is_refused_unread(db, caplog):
    huge = json.dumps({"csp-report": {"blocked-uri": "x" * 20_000}})
    with caplog.at_level(logging.WARNING, logger="portal.csp"):
        response = Client().post(reverse("csp-report"), huge, content_type="application/json")
    assert response.status_code == 413
    assert "x" * 100 not in caplog.text


def test_the_report_endpoint_takes_only_post(db):
    assert Client().get(reverse("csp-report")).status_code == 405
