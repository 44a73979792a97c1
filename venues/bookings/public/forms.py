"""The public booking form and the group's own change of headcount."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from courses.models import School
from outreach.models import Township
from outreach.uploads import DocumentField

from ..models import AgeBand, OrgKind, Programme

mobile_validator = RegexValidator(r"^1[3-9][0-9]{9}$", _("请填写11位手机号，如 13812345678。"))


class BookingForm(forms.Form):
    # The idempotency token (services.issue_submit_token): the same form submitted twice
    # makes one booking.
    submit_token = forms.CharField(widget=forms.HiddenInput, max_length=300)
    org_kind = forms.ChoiceField(label=_("单位类型"), choices=OrgKind.choices, widget=forms.RadioSelect)
    org_name = forms.CharField(label=_("单位名称（学校选下一项即可）"), max_length=80, required=False)
    school = forms.ModelChoiceField(
        label=_("学校（单位类型为学校时必选）"),
        queryset=School.objects.filter(is_active=True).order_by("township__sort_order", "name"),
        required=False,
        empty_label=_("请选择学校"),
    )
    township = forms.ModelChoiceField(
        label=_("所在乡镇（选了学校的自动按学校所在乡镇）"),
        queryset=Township.objects.filter(is_active=True),
        required=False,
        empty_label=_("县外或不确定"),
    )
    contact_name = forms.CharField(label=_("联系人姓名"), max_length=40)
    mobile = forms.CharField(
        label=_("联系人手机号"),
        max_length=11,
        validators=[mobile_validator],
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "tel"}),
        help_text=_("预约码和通知会发到这个手机号。"),
    )
    email = forms.EmailField(label=_("电子邮箱（选填）"), required=False)
    pupils = forms.IntegerField(
        label=_("学生或参观者人数（不含带队成人）"),
        min_value=0,
        max_value=999,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    adults = forms.IntegerField(
        label=_("带队成人人数（老师、家长、负责人）"),
        min_value=0,
        max_value=999,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("两项相加为参观总人数，按总人数占用名额。"),
    )
    programme = forms.ModelChoiceField(
        label=_("参观项目"),
        queryset=Programme.objects.all(),
        required=False,
        empty_label=_("由基地安排"),
    )
    age_band = forms.ChoiceField(label=_("年龄段"), choices=AgeBand.choices)
    accessibility = forms.CharField(
        label=_("无障碍等需求（选填）"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("如：有轮椅使用者、需要手语讲解。"),
    )
    letter = DocumentField(label=_("申请函（选填，PDF或照片）"), required=False, public=True)
    wait = forms.BooleanField(label=_("如果场次已满，愿意整团排队候补"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The base's programmes as the page lists them (60/90/120 minutes), in its order.
        self.fields["programme"].queryset = Programme.objects.filter(page__live=True).order_by("sort_order")
        self.fields["programme"].label_from_instance = lambda p: f"{p.name}（{p.minutes}分钟）"

    def clean(self):
        data = super().clean()
        if data.get("pupils") is not None and data.get("adults") is not None:
            data["visitors"] = data["pupils"] + data["adults"]
            if data["visitors"] < 1:
                self.add_error("pupils", _("请填写参观人数。"))
        kind = data.get("org_kind")
        if kind == OrgKind.SCHOOL:
            school = data.get("school")
            if school is None:
                self.add_error("school", _("请选择您的学校；列表中没有的学校请选“其他单位”。"))
            else:
                data["org_name"] = school.name
                data["township"] = school.township
        elif kind and not (data.get("org_name") or "").strip():
            self.add_error("org_name", _("请填写单位名称。"))
        if kind != OrgKind.SCHOOL:
            data["school"] = None
        return data


class ResizeForm(forms.Form):
    pupils = forms.IntegerField(label=_("学生或参观者（不含带队成人）"), min_value=0, max_value=999)
    adults = forms.IntegerField(label=_("带队成人"), min_value=0, max_value=999)

    def clean(self):
        data = super().clean()
        if data.get("pupils") is not None and data.get("adults") is not None:
            data["visitors"] = data["pupils"] + data["adults"]
        return data
