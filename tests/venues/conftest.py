import shutil
import subprocess

import pytest


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Fresh cache, media in a temporary folder, scan counts written at once."""
    from django.core.cache import cache

    cache.clear()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.COUNTERS_REDIS_URL = ""  # counts straight into the database
    yield
    cache.clear()


def zbar_decode(path):
    """What a real QR decoder reads from an image file (zbar, as phones' scanners do)."""
    assert shutil.which("zbarimg"), "zbar-tools is required to decode posters"
    result = subprocess.run(
        ["zbarimg", "--raw", "-q", str(path)], capture_output=True, text=True, check=False
    )
    return result.stdout.split()
