"""How the portal names a person: one function, and the ``person`` template filter."""

from __future__ import annotations

GONE = "someone no longer registered"


def display_name(user, *, missing: str = GONE) -> str:
    """Full name, else the login; ``missing`` when there is no user (deleted, or a
    system action)."""
    if user is None:
        return missing
    return user.get_full_name() or user.get_username()
