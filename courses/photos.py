"""Evidence photos: only real images, size-limited, re-encoded so nothing but pixels is kept
(no EXIF location, no smuggled payload) and a phone's 12-megapixel shot becomes small."""

from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_SIDE = 1600
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "BMP", "MPO"}


def reencode(upload):
    """A JPEG ContentFile made from the uploaded image, or a ValidationError in Chinese."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("照片“%(name)s”太大（不能超过%(mb)dMB）。")
            % {"name": upload.name, "mb": MAX_UPLOAD_BYTES // 1024 // 1024}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            probe.verify()
            if probe.format not in ALLOWED_FORMATS:
                raise UnidentifiedImageError(probe.format)
        upload.seek(0)
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB")
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            out = BytesIO()
            image.save(out, "JPEG", quality=82, optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("“%(name)s”不是可以识别的图片，请上传照片。") % {"name": upload.name}
        ) from error
    return ContentFile(out.getvalue(), name="photo.jpg")
