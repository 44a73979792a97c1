import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image


@pytest.fixture(autouse=True)
def _isolated(private_root):
    """Fresh cache (rate limits, element pages) and media in a temporary folder."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def jpeg(colour=(200, 30, 30), size=(64, 48)):
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return ContentFile(out.getvalue(), name="photo.jpg")


def jpeg_upload(name="photo.jpg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, jpeg().read(), content_type="image/jpeg")
