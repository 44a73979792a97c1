"""Every photo or document a user uploads goes through here before it is stored.

Photos: the type is sniffed from the content (never the name), the byte size and the
pixel count are checked from the header *before* any pixel is decoded (a 32 KB PNG can
claim 12000×12000 pixels and take a gigabyte to decode), Pillow's own bomb warning is an
error, and the image is re-encoded from its pixels alone: EXIF, XMP, GPS, ICC, JPEG/PNG/GIF
comments and anything appended to the file are gone. The result is a bounded JPEG.

Documents (a letter of application, say): PDF sniffed by its magic bytes, or a photo
(which is re-encoded like any photo). The limits are settings (UPLOAD_*), one place.
"""

import secrets
import struct
import warnings
from datetime import timedelta
from io import BytesIO
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "BMP", "MPO"}
# The decoders Image.open may try (a multi-picture MPO is opened by the JPEG one).
OPEN_FORMATS = ["JPEG", "PNG", "WEBP", "GIF", "BMP"]
PDF_MAGIC = b"%PDF-"


def limits():
    return {
        "max_bytes": getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024),
        "max_pixels": getattr(settings, "UPLOAD_MAX_PIXELS", 40_000_000),
        "max_side": getattr(settings, "UPLOAD_MAX_SIDE", 1600),
        "max_document_bytes": getattr(settings, "UPLOAD_MAX_DOCUMENT_BYTES", 10 * 1024 * 1024),
    }


def _size(upload):
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
        upload.seek(0)
    return size


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


def _too_many_pixels(upload, width=None, height=None):
    if width is None:
        return ValidationError(
            _("图片“%(name)s”的像素太多，请缩小后再上传。") % {"name": upload.name}, code="too_many_pixels"
        )
    return ValidationError(
        _("图片“%(name)s”的像素太多（%(w)d×%(h)d），请缩小后再上传。")
        % {"name": upload.name, "w": width, "h": height},
        code="too_many_pixels",
    )


def _on_white(image):
    """RGB pixels; a transparent background becomes white rather than black."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def reencode_photo(upload, *, max_side=None):
    """A JPEG ContentFile made from the upload's pixels alone, or a ValidationError.

    Nothing is decoded before the header has shown the picture is within the limits.
    """
    bounds = limits()
    if _size(upload) > bounds["max_bytes"]:
        raise _too_big(upload, bounds["max_bytes"])
    max_side = max_side or bounds["max_side"]
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice it: make that an error too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Only the formats we accept are tried, so a text file is never "some image".
            with Image.open(upload, formats=OPEN_FORMATS) as image:  # the header only
                if image.format not in ALLOWED_FORMATS:
                    raise _not_an_image(upload)
                width, height = image.size
                if width * height > bounds["max_pixels"] or width < 1 or height < 1:
                    raise _too_many_pixels(upload, width, height)
                if image.format == "JPEG":
                    # Decode at a reduced scale when the photo is much larger than kept.
                    image.draft("RGB", (max_side, max_side))
                image.seek(0)
                oriented = ImageOps.exif_transpose(image)
                pixels = _on_white(oriented)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels(upload) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, struct.error) as error:
        raise _not_an_image(upload) from error
    except Exception as error:  # a malformed file can trip a decoder anywhere: never a 500
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
    if _size(upload) > bounds["max_document_bytes"]:
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


# A refused form keeps what was uploaded ------------------------------------------------
#
# A phone upload can take a minute on a village connection; a form refused for a missing
# field must not make the visitor choose the photo again. The cleaned (re-encoded, so
# already safe) file is kept in storage under an unguessable name and the form carries a
# signed token for it in a hidden field; the next submission takes it back (once).

KEPT_FOLDER = "kept-uploads"
KEPT_SALT = "outreach.uploads.kept"
KEPT_SECONDS = 24 * 3600


def keep_upload(content):
    """Store a cleaned file for a later submission; the signed token to send back."""
    suffix = PurePosixPath(content.name or "").suffix.lower()
    if suffix not in (".jpg", ".pdf"):
        suffix = ".jpg"
    name = f"{KEPT_FOLDER}/{secrets.token_hex(16)}{suffix}"
    content.seek(0)
    stored = default_storage.save(name, ContentFile(content.read()))
    content.seek(0)
    _discard_stale_kept()
    return signing.dumps(stored, salt=KEPT_SALT)


def take_kept_upload(token):
    """The file a token stands for (removed from the keep), or None when invalid or gone."""
    if not token:
        return None
    try:
        name = signing.loads(token, salt=KEPT_SALT, max_age=KEPT_SECONDS)
    except signing.BadSignature:
        return None
    if (
        not isinstance(name, str)
        or not name.startswith(KEPT_FOLDER + "/")
        or not default_storage.exists(name)
    ):
        return None
    with default_storage.open(name, "rb") as kept:
        data = kept.read()
    default_storage.delete(name)
    return ContentFile(data, name=PurePosixPath(name).name)


def _discard_stale_kept():
    """Files kept for forms nobody sent again; cheap, as only a few exist at a time."""
    try:
        _folders, files = default_storage.listdir(KEPT_FOLDER)
        cutoff = timezone.now() - timedelta(seconds=KEPT_SECONDS)
        for file_name in files:
            path = f"{KEPT_FOLDER}/{file_name}"
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
    except (OSError, NotImplementedError):
        pass


class KeepUploadsMixin:
    """For a form with PhotoField/DocumentField fields: a refused form keeps their files.

    Render ``{{ form.kept_upload_inputs }}`` inside the <form>; ``form.kept_uploads`` names
    the fields whose file is kept (to tell the visitor they need not choose it again).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept_uploads = {}  # field name -> token to render
        if not self.is_bound:
            return
        for name in self._upload_field_names():
            if self.files.get(self.add_prefix(name)):
                continue  # a new file replaces the kept one
            kept = take_kept_upload(self.data.get(self._kept_name(name)))
            if kept is not None:
                # FileField.clean returns the initial value when no new file came.
                self.initial[name] = kept

    def _upload_field_names(self):
        return [name for name, field in self.fields.items() if isinstance(field, PhotoField | DocumentField)]

    def _kept_name(self, name):
        return self.add_prefix(name) + "__kept"

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or not self.errors:
            return
        for name in self._upload_field_names():
            content = self.cleaned_data.get(name)
            if content:
                self.kept_uploads[name] = keep_upload(content)

    @property
    def kept_upload_inputs(self):
        return format_html_join(
            "",
            '<input type="hidden" name="{}" value="{}">',
            ((self._kept_name(name), token) for name, token in self.kept_uploads.items()),
        )
