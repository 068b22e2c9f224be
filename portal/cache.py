"""The shared cache's backend: Django's Redis cache, with one Redis client per
connection pool instead of a new one for every cache operation.

Django's ``RedisCacheClient.get_client`` builds a ``redis.Redis`` object for each
``get``/``set``: an engagement page makes about ten cache calls, and each new client
fills its table of response callbacks again (a third of the cache's time in a
profile of the page). A client is safe to share between threads (it takes a
connection from the pool for each command), so one per pool is kept and reused.
"""

from __future__ import annotations

from django.core.cache.backends import redis


class ReusedClientRedisCacheClient(redis.RedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
