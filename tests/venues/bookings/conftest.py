import pytest


@pytest.fixture(autouse=True)
def _fresh_cache(settings, tmp_path):
    from django.core.cache import cache

    cache.clear()
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    cache.clear()
