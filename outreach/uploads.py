"""Every photo or document a user uploads goes through here before it is stored.

Photos: the type is sniffed from the content (never the name), the byte size and the
pixel count are checked from the header *before* any pixel is decoded (a 32 KB PNG can
claim 12000×12000 pixels and take a gigabyte to decode), Pillow's own bomb warning is an
error, and the image is re-encoded from its pixels alone: EXIF, XMP, GPS, ICC, JPEG/PNG/GIF
comments and anything appended to the file are gone. The result is a bounded JPEG.

Documents (a letter of application, say): PDF sniffed by its magic bytes, or a photo
(which is re-encoded like any photo). The limits are settings (UPLOAD_*), one place.
"""

import math
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
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "BMP", "MPO"}
# The decoders Image.open may try (a multi-picture MPO is opened by the JPEG one).
OPEN_FORMATS = ["JPEG", "PNG", "WEBP", "GIF", "BMP"]
PDF_MAGIC = b"%PDF-"


def limits():
    return {
        "max_bytes": getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024),
        "max_pixels": getattr(settings, "UPLOAD_MAX_PIXELS", 40_000_000),
        "max_pixels_public": getattr(settings, "UPLOAD_MAX_PIXELS_PUBLIC", 16_000_000),
        "max_side": getattr(settings, "UPLOAD_MAX_SIDE", 1600),
        "max_document_bytes": getattr(settings, "UPLOAD_MAX_DOCUMENT_BYTES", 10 * 1024 * 1024),
    }


def pixel_cap(*, public):
    """The pixels a photo's header may claim: lower on forms anyone may send."""
    bounds = limits()
    if public:
        return min(bounds["max_pixels_public"], bounds["max_pixels"])
    return bounds["max_pixels"]


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
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image if image.mode == "RGB" else image.convert("RGB")


# Decoding holds one copy of the pixels ----------------------------------------------
#
# Pillow keeps an RGB or RGBA pixel in 4 bytes: a 7000×5700 PNG is 160 MB decoded. Every
# whole-image step after the decode (turning it upright, RGBA→RGB, compositing on white,
# the thumbnail's own conversions) used to be another full copy, about 520 MB in all.
# Here the decoded image is the only full-size copy: it is turned into RGB, reduced and
# resampled a strip of rows at a time straight into the small result, and turned upright
# once it is small. A JPEG is decoded at a reduced scale to begin with (Image.draft).

# Box-reduce to at least twice the size kept, then resample: what Image.thumbnail does.
REDUCING_GAP = 2.0
# Source rows taken at a time: a few copies of a strip this size exist at once.
STRIP_BYTES = 2 * 1024 * 1024
# The bicubic filter reads two pixels either side, times the scale.
FILTER_REACH = 2
# EXIF orientation -> the transposition that shows the picture upright.
UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _kept_size(width, height, max_side):
    """The size kept: the longest side at most max_side, the proportions unchanged."""
    if max(width, height) <= max_side:
        return width, height
    scale = max_side / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _reduced_rows(image, top, bottom, factor):
    """Rows top..bottom of `image` box-reduced by `factor`, and the row they start at.

    RGB and greyscale pixels are read where they lie (Image.reduce takes a box) and only
    the reduced strip is new; other modes (transparency, palettes, 1-bit) go through a
    copy of the strip made RGB on white first, as reducing them as they are would mix
    palette indices or darken the edges of transparent parts.
    """
    width, height = image.size
    box = (0, top * factor, width, min(height, bottom * factor))
    if image.mode in ("RGB", "L"):
        if factor == 1:
            return image, 0  # resampled from where it lies
        return image.reduce(factor, box=box), top
    strip = _on_white(image.crop(box))
    return (strip.reduce(factor) if factor > 1 else strip), top


def _scaled_on_white(image, size):
    """`image` scaled to `size` as RGB on white, built a strip of rows at a time.

    The rows each strip of the result needs (with the rows the filter reaches beyond
    it) are reduced and resampled straight into the result, so the decoded pixels are
    the only full-size copy.
    """
    width, height = image.size
    out_width, out_height = size
    result = Image.new("RGB", size, (255, 255, 255))
    if size == image.size:
        rows = max(1, STRIP_BYTES // (4 * width))
        for top in range(0, height, rows):
            result.paste(_on_white(image.crop((0, top, width, min(height, top + rows)))), (0, top))
        return result
    factor = max(1, int(min(width / out_width, height / out_height) / REDUCING_GAP))
    # The reduced picture's extent in its own pixels (its last row and column may be partial).
    reduced_width, reduced_height = width / factor, height / factor
    reduced_rows = math.ceil(height / factor)
    scale = reduced_height / out_height  # reduced rows per row of the result
    reach = math.ceil(FILTER_REACH * max(scale, 1)) + 1
    rows_out = max(1, int(STRIP_BYTES / (4 * width) / (scale * factor)))
    for first in range(0, out_height, rows_out):
        last = min(out_height, first + rows_out)
        y0, y1 = first * scale, last * scale
        top = max(0, math.floor(y0) - reach)
        bottom = min(reduced_rows, math.ceil(y1) + reach)
        strip, offset = _reduced_rows(image, top, bottom, factor)
        part = strip.resize(
            (out_width, last - first),
            Image.Resampling.BICUBIC,
            box=(0, y0 - offset, reduced_width, y1 - offset),
        )
        result.paste(_on_white(part), (0, first))
    return result


def reencode_photo(upload, *, max_side=None, max_pixels=None):
    """A JPEG ContentFile made from the upload's pixels alone, or a ValidationError.

    Nothing is decoded before the header has shown the picture is within the limits
    (`max_pixels`: the staff cap unless given, see pixel_cap), and decoding holds one
    copy of the pixels at most: peak memory about 4 bytes a pixel, less for a JPEG.
    """
    bounds = limits()
    if _size(upload) > bounds["max_bytes"]:
        raise _too_big(upload, bounds["max_bytes"])
    max_side = max_side or bounds["max_side"]
    max_pixels = max_pixels or bounds["max_pixels"]
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
                if width * height > max_pixels or width < 1 or height < 1:
                    raise _too_many_pixels(upload, width, height)
                size = _kept_size(width, height, max_side)
                image.seek(0)
                if image.format in ("JPEG", "MPO"):
                    # Decoded at 1/2, 1/4 or 1/8 scale when that is still at least the size kept.
                    image.draft("RGB", size)
                pixels = _scaled_on_white(image, size)
                orientation = image.getexif().get(0x0112, 1)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels(upload) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, struct.error) as error:
        raise _not_an_image(upload) from error
    except Exception as error:  # a malformed file can trip a decoder anywhere: never a 500
        raise _not_an_image(upload) from error
    if orientation in UPRIGHT:
        pixels = pixels.transpose(UPRIGHT[orientation])
    # `pixels` is a new image: no info dict, no comments, no profiles travel with it.
    out = BytesIO()
    pixels.save(out, "JPEG", quality=82, optimize=True)
    return ContentFile(out.getvalue(), name="photo.jpg")


def check_document(upload, *, max_pixels=None):
    """A PDF kept as it is (after its magic bytes and size are checked) or a re-encoded photo.

    A PDF is stored, never rendered here: a letter scanned to PDF costs its bytes only.
    """
    bounds = limits()
    if _size(upload) > bounds["max_document_bytes"]:
        raise _too_big(upload, bounds["max_document_bytes"])
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head == PDF_MAGIC:
        return ContentFile(upload.read(), name="document.pdf")
    try:
        return reencode_photo(upload, max_pixels=max_pixels)
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
    verify it before our header checks could refuse a bomb. `public=True` on forms that
    anyone may send: their photos get the lower pixel cap (UPLOAD_MAX_PIXELS_PUBLIC).
    """

    def __init__(self, *args, max_side=None, public=False, **kwargs):
        self.max_side = max_side
        self.public = public
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload or upload is initial:
            return upload
        return reencode_photo(upload, max_side=self.max_side, max_pixels=pixel_cap(public=self.public))


class DocumentField(forms.FileField):
    """A letter or certificate: PDF or a photo; the cleaned value is safe to store.

    `public=True` as for PhotoField."""

    def __init__(self, *args, public=False, **kwargs):
        self.public = public
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload or upload is initial:
            return upload
        return check_document(upload, max_pixels=pixel_cap(public=self.public))


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
