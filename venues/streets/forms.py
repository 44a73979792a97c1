"""Forms of the staff screens and of the public damage report. Photos go through outreach.uploads."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.uploads import PhotoField
from outreach.validators import MobilePhoneField

from .models import CultureWall, DamageReport, ElementKind, Milestone, StreetElement
from .models.elements import ReportKind
from .services import check_milestone_dates

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ElementForm(forms.ModelForm):
    photo = PhotoField(
        label=_("照片"),
        required=False,
        help_text=_("JPG或PNG；拍摄地点等信息会被自动清除。上传新照片会替换现有照片。"),
        widget=forms.FileInput(attrs={"accept": "image/*"}),
    )

    class Meta:
        model = StreetElement
        fields = ["kind", "name", "position_m", "knowledge", "installed_on", "inspection_days", "photo"]
        widgets = {"installed_on": DATE, "knowledge": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "kind": {"required": _("请选择元素类型。")},
            "name": {"required": _("请填写元素名称。")},
            "knowledge": {"required": _("请填写扫码后显示的知识短文。")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = ElementKind.objects.all()
        if not self.instance.pk and not self.is_bound:
            self.fields["inspection_days"].initial = 180

    def clean_installed_on(self):
        value = self.cleaned_data.get("installed_on")
        if value and value > timezone.localdate():
            raise ValidationError(_("安装日期不能晚于今天。"))
        return value

    def clean_inspection_days(self):
        value = self.cleaned_data.get("inspection_days")
        if value is not None and not 7 <= value <= 1095:
            raise ValidationError(_("复查周期请填7到1095天之间。"))
        return value

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind and not cleaned.get("knowledge") and kind.default_knowledge:
            cleaned["knowledge"] = kind.default_knowledge
            self.errors.pop("knowledge", None)
        return cleaned


class MilestoneForm(forms.ModelForm):
    photo = PhotoField(label=_("照片"), required=False, help_text=_("可以稍后再补充；每次上传一张。"))
    caption = forms.CharField(label=_("照片说明"), required=False, max_length=80)

    class Meta:
        model = Milestone
        fields = ["title", "planned_on", "done_on", "note"]
        widgets = {"planned_on": DATE, "done_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "title": {"required": _("请填写节点名称。")},
            "planned_on": {"required": _("请填写计划日期。"), "invalid": _("请按“年-月-日”填写日期。")},
            "done_on": {"invalid": _("请按“年-月-日”填写日期。")},
        }

    def __init__(self, *args, street=None, **kwargs):
        self.street = street
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("planned_on") and not self.errors:
            try:
                check_milestone_dates(
                    self.street,
                    cleaned.get("title"),
                    cleaned["planned_on"],
                    cleaned.get("done_on"),
                    exclude_pk=self.instance.pk,
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
        return cleaned


class MaintenanceForm(forms.Form):
    done_on = forms.DateField(label=_("检查维护日期"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("情况说明"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))
    photo = PhotoField(label=_("维护后照片"), help_text=_("必须上传，证明已检查或修复。"))

    def clean_done_on(self):
        value = self.cleaned_data["done_on"]
        if value > timezone.localdate():
            raise ValidationError(_("检查维护日期不能晚于今天。"))
        return value


class WallForm(forms.ModelForm):
    photo = PhotoField(
        label=_("照片"),
        required=False,
        help_text=_("上传新照片会替换现有照片。"),
        widget=forms.FileInput(attrs={"accept": "image/*"}),
    )

    class Meta:
        model = CultureWall
        fields = ["township", "village", "has_pledge", "built_on", "condition", "note", "photo"]
        widgets = {"built_on": DATE}
        error_messages = {
            "village": {"required": _("请填写村（社区）名称。")},
            "built_on": {"required": _("请填写建成日期。")},
        }

    def __init__(self, *args, townships=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = townships
        if townships is not None and townships.count() == 1:
            self.fields["township"].initial = townships.first()

    def clean_built_on(self):
        value = self.cleaned_data["built_on"]
        if value > timezone.localdate():
            raise ValidationError(_("建成日期不能晚于今天。"))
        return value


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("验收通过，挂牌")), ("send_back", _("退回整改"))],
        widget=forms.RadioSelect,
        label=_("审核结论"),
    )
    comment = forms.CharField(
        label=_("审核意见"), required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )


class DamageReportForm(forms.ModelForm):
    # A field people never see (hidden by CSS and from screen readers); bots fill it in.
    website = forms.CharField(required=False, label=_("网址（请留空）"))
    phone = MobilePhoneField(
        label=_("联系电话（选填）"),
        required=False,
        help_text=_("11位手机号，方便核实情况；不会公开。"),
    )
    photo = PhotoField(
        label=_("照片（选填）"),
        required=False,
        public=True,
        help_text=_("照片中的拍摄地点等信息会被自动清除。"),
    )

    class Meta:
        model = DamageReport
        fields = ["kind", "description", "photo", "phone"]
        widgets = {"kind": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 4})}
        labels = {"kind": _("问题类型"), "description": _("请描述看到的问题")}
        help_texts = {"description": _("例如：宣传栏玻璃破了，里面的图片被雨水泡坏。")}
        error_messages = {
            "kind": {"required": _("请选择问题类型。")},
            "description": {"required": _("请描述看到的问题。")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radio buttons need no "---------" choice: nothing picked means nothing picked.
        self.fields["kind"].choices = ReportKind.choices

    def is_spam(self):
        return bool(self.cleaned_data.get("website"))


class ReasonForm(forms.Form):
    """The why of a decision that removes or retires something: kept in the audit log."""

    reason = forms.CharField(
        label=_("原因"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("写明原因，会记入操作记录，审核人员可以看到。"),
        error_messages={"required": _("请写明原因，会记入操作记录。")},
    )
