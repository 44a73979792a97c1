"""Local development: DEBUG on, a secret key generated once and kept out of git."""

import os
import secrets

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = os.environ.get("DEBUG", "1") not in {"0", "false", "no", "off"}

if not SECRET_KEY:  # noqa: F405
    key_file = BASE_DIR / ".dev-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = key_file.read_text().strip()

if not VOLUNTEER_ID_KEY:  # noqa: F405
    import base64

    id_key_file = BASE_DIR / ".dev-volunteer-id-key"
    if not id_key_file.exists():
        id_key_file.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    VOLUNTEER_ID_KEY = id_key_file.read_text().strip()

# Dev serves files unhashed so a template change shows without collectstatic.
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
