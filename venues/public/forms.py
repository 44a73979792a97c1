from django import forms
from django.utils.translation import gettext_lazy as _

from outreach.uploads import KeepUploadsMixin, PhotoField
from outreach.validators import MobilePhoneField
from venues.models import HazardReport
from venues.models.reports import HazardKind

# Reports keep a little more detail than the default: a hazard is often small in the picture.
PHOTO_SIDE = 2000


class HazardReportForm(KeepUploadsMixin, forms.ModelForm):
    # A field people never see (hidden by CSS and from screen readers); bots fill it in.
    website = forms.CharField(required=False, label=_("网址（请留空）"))

    # No blank choice: nothing is picked until the reporter picks.
    kind = forms.ChoiceField(
        label=_("隐患类型"),
        choices=HazardKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择隐患类型。"), "invalid_choice": _("请选择隐患类型。")},
    )
    phone = MobilePhoneField(
        label=_("联系电话（选填）"),
        required=False,
        help_text=_("11位手机号，方便核实情况；不会公开。"),
    )
    photo = PhotoField(
        label=_("照片（选填）"),
        required=False,
        max_side=PHOTO_SIDE,
        public=True,
        help_text=_("仅限图片，不超过10MB；照片中的拍摄地点等信息会被自动清除。"),
    )

    class Meta:
        model = HazardReport
        fields = ["kind", "description", "photo", "phone"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        labels = {"description": _("请描述看到的隐患")}
        help_texts = {"description": _("例如：二楼东侧安全出口被纸箱堵住。")}
        error_messages = {"description": {"required": _("请描述看到的隐患。")}}

    def is_spam(self):
        return bool(self.cleaned_data.get("website"))


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
