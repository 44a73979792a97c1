"""Every photo or document a user uploads goes through here before it is stored.

Photos: the type is sniffed from the content (never the name), the byte size and the
pixel count are checked from the header *before* any pixel is decoded (a 32 KB PNG can
claim 12000×12000 pixels and take a gigabyte to decode), Pillow's own bomb warning is an
error, and the image is re-encoded from its pixels alone: EXIF, XMP, GPS, ICC, JPEG/PNG/GIF
comments and anything appended to the file are gone. The result is a bounded JPEG.

Documents (a letter of application, say): PDF sniffed by its magic bytes, or a photo
(which is re-encoded like any photo). The limits are settings (UPLOAD_*), one place.
"""

import warnings
from io import BytesIO

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "BMP", "MPO"}
PDF_MAGIC = b"%PDF-"


def limits():
    return {
        "max_bytes": getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024),
        "max_pixels": getattr(settings, "UPLOAD_MAX_PIXELS", 40_000_000),
        "max_side": getattr(settings, "UPLOAD_MAX_SIDE", 1600),
        "max_document_bytes": getattr(settings, "UPLOAD_MAX_DOCUMENT_BYTES", 10 * 1024 * 1024),
    }


def _too_big(upload, max_bytes):
    return ValidationError(
        _("文件“%(name)s”太大（不能超过%(mb)dMB）。")
        % {"name": upload.name, "mb": max_bytes // 1024 // 1024},
        code="too_big",
    )


def _not_an_image(upload):
    return ValidationError(
        _("“%(name)s”不是可以识别的图片，请上传照片（JPG、PNG）。") % {"name": upload.name},
        code="not_image",
    )


def reencode_photo(upload, *, max_side=None):
    """A JPEG ContentFile made from the upload's pixels alone, or a ValidationError.

    Nothing is decoded before the header has shown the picture is within the limits.
    """
    bounds = limits()
    if upload.size is not None and upload.size > bounds["max_bytes"]:
        raise _too_big(upload, bounds["max_bytes"])
    max_side = max_side or bounds["max_side"]
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice it: make that an error too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:  # reads the header only
                if image.format not in ALLOWED_FORMATS:
                    raise _not_an_image(upload)
                width, height = image.size
                if width * height > bounds["max_pixels"] or width < 1 or height < 1:
                    raise ValidationError(
                        _("图片“%(name)s”的像素太多（%(w)d×%(h)d），请缩小后再上传。")
                        % {"name": upload.name, "w": width, "h": height},
                        code="too_many_pixels",
                    )
                if image.format == "JPEG":
                    # Decode at a reduced scale when the photo is much larger than kept.
                    image.draft("RGB", (max_side, max_side))
                image.seek(0)
                oriented = ImageOps.exif_transpose(image)
                pixels = oriented.convert("RGB")
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as error:
        raise _not_an_image(upload) from error
    pixels.thumbnail((max_side, max_side))
    # A new image from the pixels only: no info dict, no comments, no profiles.
    clean = Image.new("RGB", pixels.size)
    clean.paste(pixels)
    out = BytesIO()
    clean.save(out, "JPEG", quality=82, optimize=True)
    return ContentFile(out.getvalue(), name="photo.jpg")


def check_document(upload):
    """A PDF kept as it is (after its magic bytes and size are checked) or a re-encoded photo."""
    bounds = limits()
    if upload.size is not None and upload.size > bounds["max_document_bytes"]:
        raise _too_big(upload, bounds["max_document_bytes"])
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head == PDF_MAGIC:
        return ContentFile(upload.read(), name="document.pdf")
    try:
        return reencode_photo(upload)
    except ValidationError as error:
        if error.code == "not_image":
            raise ValidationError(
                _("“%(name)s”既不是PDF文件也不是照片，请上传PDF或照片。") % {"name": upload.name},
                code="bad_document",
            ) from error
        raise


class PhotoField(forms.FileField):
    """A form field whose cleaned value is the re-encoded JPEG (or None when left empty).

    A FileField rather than Django's ImageField: ImageField decodes the whole image to
    verify it before our header checks could refuse a bomb.
    """

    def __init__(self, *args, max_side=None, **kwargs):
        self.max_side = max_side
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload or upload is initial:
            return upload
        return reencode_photo(upload, max_side=self.max_side)


class DocumentField(forms.FileField):
    """A letter or certificate: PDF or a photo; the cleaned value is safe to store."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload or upload is initial:
            return upload
        return check_document(upload)
