"""Cache entries grouped in generations: bumping a generation makes all of its entries stale.

Deleting many keys is neither atomic nor possible without knowing them all; a generation
number that is part of every key is. Old entries simply expire. With a shared cache
(REDIS_URL) a bump reaches every app server at once.

    landing = Generation("venues:landing")
    key = landing.key(code, language)   # "venues:landing:7:<code>:<language>"
    landing.bump()                      # every landing key is new from now on
"""

import time

from django.core.cache import cache


def _fresh_start():
    # A counter that was evicted restarts above any number it can have reached, so no
    # entry of an earlier generation is ever read again.
    return time.time_ns() // 1000


class Generation:
    def __init__(self, name):
        self.name = name
        self.counter_key = f"{name}:generation"

    def current(self):
        value = cache.get(self.counter_key)
        if value is None:
            start = _fresh_start()
            cache.add(self.counter_key, start, None)
            value = cache.get(self.counter_key, start)
        return value

    def bump(self):
        try:
            cache.incr(self.counter_key)
        except ValueError:
            cache.set(self.counter_key, _fresh_start(), None)

    def key(self, *parts):
        return ":".join([self.name, str(self.current()), *(str(part) for part in parts)])
