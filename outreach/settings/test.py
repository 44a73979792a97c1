"""The test suite: fast hashing, in-memory cache and mail, tasks run in-process."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
VOLUNTEER_ID_KEY = "dGVzdC1vbmx5LXZvbHVudGVlci1pZC1rZXktMzJieXQ="  # noqa: S105 - test only
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
ALLOWED_HOSTS = ["*"]
# Off, so that query counts and content assertions see real renders; tests/outreach/
# test_page_cache.py switches it on.
PUBLIC_PAGE_CACHE_SECONDS = 0
# Off for the same reason; tests/outreach/plan/test_readings.py switches it on.
PLAN_READINGS_MAX_AGE = 0
COUNTERS_REDIS_URL = ""  # tests that need Redis set it themselves
PRIVATE_MEDIA_ROOT = BASE_DIR / ".test-private-media"  # noqa: F405
