import io

from django import forms
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from venues.models import HazardReport
from venues.models.venue import mobile_phone_validator

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTO_SIDE = 2000


class HazardReportForm(forms.ModelForm):
    # A field people never see (hidden by CSS and from screen readers); bots fill it in.
    website = forms.CharField(required=False, label=_("网址（请留空）"))

    phone = forms.CharField(
        label=_("联系电话（选填）"),
        required=False,
        max_length=11,
        validators=[mobile_phone_validator],
        help_text=_("11位手机号，方便核实情况；不会公开。"),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "tel"}),
    )
    photo = forms.ImageField(
        label=_("照片（选填）"),
        required=False,
        help_text=_("仅限图片，不超过10MB；照片中的拍摄地点等信息会被自动清除。"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
        error_messages={"invalid_image": _("请上传图片文件（如JPG、PNG），其他文件不能上传。")},
    )

    class Meta:
        model = HazardReport
        fields = ["kind", "description", "photo", "phone"]
        widgets = {"kind": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 4})}
        labels = {"kind": _("隐患类型"), "description": _("请描述看到的隐患")}
        help_texts = {"description": _("例如：二楼东侧安全出口被纸箱堵住。")}
        error_messages = {
            "kind": {"required": _("请选择隐患类型。")},
            "description": {"required": _("请描述看到的隐患。")},
        }

    def is_spam(self):
        return bool(self.cleaned_data.get("website"))

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if not photo:
            return None
        if photo.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError(_("照片不能超过10MB，请压缩后再上传。"))
        return _reencode(photo)


def _reencode(upload):
    """Re-encode the photo: drops EXIF (GPS position, phone model, time) and any payload."""
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB")
            image.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
            out = io.BytesIO()
            image.save(out, "JPEG", quality=85)
    except Exception as error:
        raise forms.ValidationError(_("无法识别这张图片，请换一张照片再试。")) from error
    return ContentFile(out.getvalue(), name="photo.jpg")


class ReportLookupForm(forms.Form):
    code = forms.CharField(
        label=_("查询码"),
        max_length=10,
        min_length=10,
        error_messages={
            "min_length": _("查询码是10位字母和数字。"),
            "max_length": _("查询码是10位字母和数字。"),
        },
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()
