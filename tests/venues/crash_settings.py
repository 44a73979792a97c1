"""Settings for the crash test's worker processes: the test settings, but a real queue.

The test database and folders come from the environment the test sets; tasks go to a
Redis database of their own and run in `manage.py qcluster` processes, not in-process.
"""

import os
from pathlib import Path

from outreach.settings.test import *  # noqa: F403

Q_CLUSTER = {
    "name": "outreach-crash-test",
    "workers": 2,
    "timeout": 60,
    "retry": 120,
    "max_attempts": 3,
    "catch_up": False,
    "redis": os.environ["CRASH_REDIS_URL"],
}
MEDIA_ROOT = Path(os.environ["CRASH_MEDIA_ROOT"])
PRIVATE_MEDIA_ROOT = MEDIA_ROOT / "private"
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["CRASH_MAIL_DIR"]
# Small chunks, so both workers take part; a short window, so the test need not wait
# the production 3 minutes for the watchdog to call a batch stalled.
VENUES_BATCH_CHUNK = 4
VENUES_BATCH_STALL_SECONDS = 5
LOGGING = {"version": 1, "disable_existing_loggers": False}
