from datetime import date

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import Township
from outreach.uploads import DocumentField
from outreach.validators import IdMultipleChoiceField, MobilePhoneField

from .identity import normalise
from .models import Event, Shift, Skill, Training, Volunteer


class MobileForm(forms.Form):
    """Step 1 of registration: the mobile to send a code to."""

    mobile = MobilePhoneField(label=_("手机号（登录用）"))
    website = forms.CharField(required=False, label="", widget=forms.HiddenInput)  # a trap only bots fill


class RegistrationForm(forms.Form):
    """Step 2: the code sent to the mobile, and the rest of the volunteer's details."""

    code = forms.RegexField(
        label=_("短信验证码"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("请输入短信里的6位数字验证码。"), "required": _("请输入短信验证码。")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    name = forms.CharField(
        label=_("姓名"), max_length=30, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    password = forms.CharField(
        label=_("设置密码"),
        strip=False,
        help_text=_("至少8位，不要只用数字。"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    birth_date = forms.DateField(
        label=_("出生日期"),
        help_text=_("部分岗位有年龄要求。"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请输入正确的日期，例如 1990-05-01。")},
    )
    township = forms.ModelChoiceField(label=_("所在乡镇"), queryset=Township.objects.filter(is_active=True))
    skills = IdMultipleChoiceField(
        label=_("技能特长（可多选）"),
        queryset=Skill.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    email = forms.EmailField(label=_("电子邮箱（选填，用于接收通知）"), required=False)
    emergency_name = forms.CharField(label=_("紧急联系人"), max_length=30)
    emergency_phone = MobilePhoneField(
        label=_("紧急联系人电话"), widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric"})
    )
    consent = forms.BooleanField(
        label=_("我已阅读并同意上面的个人信息说明"),
        error_messages={"required": _("请阅读个人信息说明并勾选同意，才能注册。")},
    )

    def clean_birth_date(self):
        born = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if born > today or born < date(today.year - 100, 1, 1):
            raise ValidationError(_("请输入正确的出生日期。"))
        return born

    def clean(self):
        data = super().clean()
        if data.get("password"):
            try:
                validate_password(data["password"])
            except ValidationError as error:
                self.add_error("password", error)
        # Whether the mobile is registered is never said here: only its SMS says so.
        return data


class IdentityForm(forms.Form):
    id_type = forms.ChoiceField(label=_("证件类型"), choices=Volunteer.ID_TYPES)
    id_number = forms.CharField(
        label=_("证件号码"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("id_type") and data.get("id_number"):
            try:
                data["id_number"] = normalise(data["id_type"], data["id_number"])
            except ValidationError as error:
                self.add_error("id_number", error)
        return data


class QualificationForm(forms.Form):
    """What the volunteer declares; the expiry is computed when an organiser verifies it."""

    training = forms.ModelChoiceField(label=_("培训或资质"), queryset=Training.objects.all())
    obtained_on = forms.DateField(
        label=_("取得日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请输入正确的日期，例如 2025-05-01。")},
    )
    # Anyone may register as a volunteer: the public pixel cap.
    document = DocumentField(label=_("证书扫描件（PDF或照片，选填）"), required=False, public=True)

    def clean_obtained_on(self):
        day = self.cleaned_data["obtained_on"]
        if day > timezone.localdate():
            raise ValidationError(_("取得日期不能晚于今天。"))
        if day < date(1950, 1, 1):
            raise ValidationError(_("请输入正确的取得日期。"))
        return day


class QualificationReviewForm(forms.Form):
    """An organiser's decision on one submitted qualification."""

    qualification = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(choices=[("verify", _("通过")), ("reject", _("不通过"))])
    obtained_on = forms.DateField(
        label=_("核实的取得日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("与证书不符时改成证书上的日期；有效期按培训的有效月数自动计算。"),
        error_messages={"invalid": _("请输入正确的日期，例如 2025-05-01。")},
    )
    reason = forms.CharField(label=_("未通过原因"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("answer") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("请填写未通过的原因，志愿者会看到它。"))
        day = data.get("obtained_on")
        if day and day > timezone.localdate():
            self.add_error("obtained_on", _("取得日期不能晚于今天。"))
        return data


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "title",
            "campaign",
            "outreach_setting",
            "township",
            "activity",
            "place",
            "contact",
            "description",
            "status",
        ]

    def __init__(self, *args, townships=None, activities=None, **kwargs):
        super().__init__(*args, **kwargs)
        from campaigns.models import CampaignPage

        self.fields["campaign"].queryset = CampaignPage.objects.live().order_by("-start_date")
        # Only the organiser's own approved activities (none unless the view says which).
        field = self.fields["activity"]
        if activities is None:
            activities = field.queryset.none()
        kept = self.instance.activity_id  # a link made earlier stays choosable
        if kept:
            activities = field.queryset.filter(Q(pk__in=activities.values("pk")) | Q(pk=kept))
        field.queryset = activities.order_by("-date", "-pk")
        if townships is not None:  # a township officer: their township only
            self.fields["township"].queryset = townships
            self.fields["township"].required = True
            self.fields["township"].empty_label = None


DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ShiftForm(forms.ModelForm):
    class Meta:
        model = Shift
        fields = [
            "title",
            "place",
            "starts_at",
            "ends_at",
            "min_age",
            "required_training",
            "insurance_required",
            "method",
            "signup_deadline",
            "cancel_hours",
        ]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME, "signup_deadline": DATETIME}

    # The shift's places are its pool's size in the capacity service, not a column here.
    places = forms.IntegerField(label=_("名额"), max_value=100000)
    field_order = ["title", "place", "starts_at", "ends_at", "places"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["places"].initial = self.instance.places
        self.fields["required_training"].queryset = Training.objects.all()
        for name in ("starts_at", "ends_at", "signup_deadline"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def clean(self):
        data = super().clean()
        start, end, deadline = data.get("starts_at"), data.get("ends_at"), data.get("signup_deadline")
        if start and end and end <= start:
            self.add_error("ends_at", _("结束时间应晚于开始时间。"))
        if start and deadline and deadline > start:
            self.add_error("signup_deadline", _("报名截止不能晚于开始时间。"))
        if data.get("places") is not None and data["places"] < 1:
            self.add_error("places", _("名额至少为1。"))
        return data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("签到码"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "inputmode": "text"}
        ),
    )
    action = forms.ChoiceField(choices=[("in", _("签到")), ("out", _("签退"))], initial="in")

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        # A scanned QR carries the address ".../c/<code>"; the code is its last part.
        return code.rstrip("/").rsplit("/", 1)[-1]


class HoursForm(forms.Form):
    hours = forms.DecimalField(label=_("核实时长（小时）"), max_digits=4, decimal_places=1, required=False)


class CertificateForm(forms.Form):
    issuer = forms.CharField(label=_("出具单位"), max_length=80)
    person_in_charge = forms.CharField(label=_("负责人"), max_length=30, required=False)
    handler = forms.CharField(label=_("经办人"), max_length=30)
    contact = forms.CharField(label=_("联系电话"), max_length=30, required=False)


# --- organiser's forms for running an event -----------------------------------------


class CopyShiftForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("新岗位开始时间"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )


class RepeatWeeklyForm(forms.Form):
    weeks = forms.IntegerField(label=_("每周重复（周数）"), min_value=1, max_value=12, initial=4)


class CopyEventForm(forms.Form):
    days = forms.IntegerField(label=_("推后天数"), min_value=1, max_value=366, initial=7)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因（会告知志愿者）"), max_length=200, required=False)


class MessageForm(forms.Form):
    SMS, EMAIL = "sms", "email"
    shift = forms.TypedChoiceField(label=_("发给"), coerce=int, required=False, empty_value=None)
    body = forms.CharField(
        label=_("消息内容"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("请填写消息内容。")},
    )
    channel = forms.ChoiceField(
        label=_("发送方式"),
        choices=[(SMS, _("短信和站内通知")), (EMAIL, _("电子邮件和站内通知"))],
        initial=SMS,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, shifts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shift"].choices = [("", _("本活动所有报名和候补的志愿者"))] + [
            (shift.pk, f"{shift.title} · {timezone.localtime(shift.starts_at):%m-%d %H:%M}")
            for shift in shifts
        ]


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=30)
    mobile = MobilePhoneField(label=_("手机号"))
    birth_date = forms.DateField(
        label=_("出生日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("用于核对岗位年龄要求。"),
    )


class CorrectHoursForm(forms.Form):
    hours = forms.DecimalField(
        label=_("更正后的时长（小时）"),
        max_digits=4,
        decimal_places=1,
        error_messages={"invalid": _("请输入正确的小时数，例如 2.5。"), "required": _("请填写时长。")},
    )
    reason = forms.CharField(
        label=_("更正原因"), max_length=200, error_messages={"required": _("更正时长请填写原因。")}
    )


class VolunteerRecordForm(forms.ModelForm):
    class Meta:
        model = Volunteer
        fields = ["team", "has_insurance", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        if teams is not None:
            self.fields["team"].queryset = teams
