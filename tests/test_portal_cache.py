"""The shared cache's backend (portal.cache): Django's Redis cache with one client
per connection pool, against a real Redis."""

import os
import threading
import uuid

import pytest

from portal.cache import RedisCache

pytestmark = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis")


@pytest.fixture
def redis_cache():
    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield cache
    cache.delete_many(["a", "b", "n"])


def test_the_cache_stores_reads_counts_and_deletes_through_redis(redis_cache):
    redis_cache.set("a", {"figure": 1})
    redis_cache.set_many({"b": [2]})
    assert redis_cache.get("a") == {"figure": 1}
    assert redis_cache.get_many(["a", "b", "missing"]) == {"a": {"figure": 1}, "b": [2]}
    assert redis_cache.add("n", 1) is True
    assert redis_cache.incr("n") == 2
    redis_cache.delete("a")
    assert redis_cache.get("a", "gone") == "gone"


def test_one_client_serves_every_operation_and_every_thread(redis_cache):
    first = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client(write=True) is first
    seen = []

    def work():
        redis_cache.set("a", threading.get_ident())
        seen.append(redis_cache._cache.get_client())

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [first] * 4
