"""A version number kept in the shared cache: read, or moved by one.

A key the cache does not know (never set, or emptied) starts at the current time in
nanoseconds, a number no earlier version of it used, so a value cached under an old
version is never read again after the cache lost the key.
"""

from __future__ import annotations

import time

from django.core.cache import cache


def start(key: str) -> int:
    """The version of a key the cache does not hold: a fresh one, or another
    process's if it started it first."""
    cache.add(key, time.time_ns(), None)
    return cache.get(key, 0)


def read(key: str) -> int:
    version = cache.get(key)
    return start(key) if version is None else version


def move(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # not in the cache: a fresh number is as good
        cache.set(key, time.time_ns(), None)
