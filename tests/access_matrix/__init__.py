"""The permission matrix: every URL of the project, every role, the status expected.

Each app keeps its entries in a module of this package (``ENTRIES``: URL name ->
``Entry``); all modules here are collected. A URL without an entry fails
``test_every_url_has_a_matrix_entry``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ("anonymous", "outsider", "member", "manager", "admin")

LOGIN = 302  # anonymous visitors are sent to the login page


@dataclass(frozen=True)
class Entry:
    """How to call one URL and what each role gets.

    ``kwargs(world)`` builds the URL arguments (creating objects as needed);
    ``data(world)`` the POST body. ``expect`` maps role -> status code.
    """

    kwargs: Callable[[object], dict]
    expect: dict[str, int]
    method: str = "get"
    data: Callable[[object], dict] | None = None
    extra: dict = field(default_factory=dict)


def member_only(ok: int = 200, *, method: str = "get", data=None, kwargs) -> Entry:
    """Members and managers of the team: ok; outsider and admin (not in the team): 404."""
    return Entry(
        kwargs=kwargs,
        method=method,
        data=data,
        expect={"anonymous": LOGIN, "outsider": 404, "member": ok, "manager": ok, "admin": 404},
    )


def manager_only(ok: int = 302, *, method: str = "post", data=None, kwargs) -> Entry:
    """Only the team's managers: members get 403, other teams 404."""
    return Entry(
        kwargs=kwargs,
        method=method,
        data=data,
        expect={"anonymous": LOGIN, "outsider": 404, "member": 403, "manager": ok, "admin": 404},
    )


def any_user(ok: int = 200, *, method: str = "get", data=None, kwargs=lambda w: {}) -> Entry:
    """Any logged-in user (organization-wide pages such as the vendor registry)."""
    return Entry(
        kwargs=kwargs,
        method=method,
        data=data,
        expect={"anonymous": LOGIN, "outsider": ok, "member": ok, "manager": ok, "admin": ok},
    )


def engagement_kwargs(world) -> dict:
    return {"engagement_pk": world.engagement.pk}


def all_entries() -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        overlap = entries.keys() & module.ENTRIES.keys()
        assert not overlap, f"{module_info.name} repeats matrix entries {overlap}"
        entries.update(module.ENTRIES)
    return entries
