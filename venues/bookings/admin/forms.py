"""Staff forms: slots, changes made on a group's behalf, check-in at the door.

A form only reads and checks what was typed; every change it asks for is a service call.
"""

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Programme, Slot, StaffAlert
from ..public.forms import BookingForm, mobile_validator
from ..services import MAX_SLOT_PERSONS

WEEKDAYS = [
    (0, _("周一")),
    (1, _("周二")),
    (2, _("周三")),
    (3, _("周四")),
    (4, _("周五")),
    (5, _("周六")),
    (6, _("周日")),
]


class ReasonField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("原因（记入操作日志）"))
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)


class ReasonForm(forms.Form):
    reason = ReasonField()


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("预约码"), max_length=20)
    attended = forms.IntegerField(label=_("实到人数"), min_value=1, max_value=999, required=False)
    note = forms.CharField(label=_("备注"), max_length=300, required=False)

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper().replace(" ", "")


class TimesField(forms.CharField):
    """Times typed as "9:00,14:30" (a Chinese comma too)."""

    def to_python(self, value):
        value = super().to_python(value)
        times = []
        for part in value.replace("，", ",").split(","):
            if part.strip():
                try:
                    times.append(datetime.strptime(part.strip(), "%H:%M").time())
                except ValueError:
                    raise forms.ValidationError(_("时间格式不对，请写成 9:00,10:30。")) from None
        return times


PERSONS_MESSAGE = _("每个场次可接待人数须在 1 至 %(max)d 人之间。") % {"max": MAX_SLOT_PERSONS}
PERSONS_ERRORS = {"min_value": PERSONS_MESSAGE, "max_value": PERSONS_MESSAGE, "invalid": PERSONS_MESSAGE}


class GenerateSlotsForm(forms.Form):
    first = forms.DateField(label=_("起"), widget=forms.DateInput(attrs={"type": "date"}))
    last = forms.DateField(label=_("止"), widget=forms.DateInput(attrs={"type": "date"}))
    weekday = forms.TypedMultipleChoiceField(
        label=_("星期"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    times = TimesField(label=_("时间（逗号分隔）"), max_length=200, initial="9:00,10:30,14:30,16:00")
    capacity = forms.IntegerField(
        label=_("每场人数"),
        min_value=1,
        max_value=MAX_SLOT_PERSONS,
        initial=60,
        error_messages=PERSONS_ERRORS,
    )


class PatternRowForm(forms.Form):
    """One row of the weekly pattern; the service checks overlaps and the closing time."""

    weekday = forms.TypedChoiceField(label=_("星期"), choices=WEEKDAYS, coerce=int, initial=1)
    start = forms.TimeField(
        label=_("开始时间"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M"],
    )
    programme = forms.ModelChoiceField(
        label=_("参观项目（可不选）"),
        queryset=Programme.objects.order_by("sort_order"),
        required=False,
        empty_label=_("不指定"),
    )
    minutes = forms.IntegerField(
        label=_("时长（分钟）"),
        required=False,
        help_text=_("不填时按所选参观项目的时长。"),
        error_messages={"invalid": _("场次时长须在 15 至 480 分钟之间。")},
    )
    places = forms.IntegerField(label=_("可接待人数"), initial=60, error_messages=PERSONS_ERRORS)


class OneOffSlotForm(forms.Form):
    start = forms.DateTimeField(
        label=_("开始时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    minutes = forms.TypedChoiceField(
        label=_("时长"), choices=[(60, "60分钟"), (90, "90分钟"), (120, "120分钟")], coerce=int, initial=90
    )
    capacity = forms.IntegerField(
        label=_("可接待人数"),
        min_value=1,
        max_value=MAX_SLOT_PERSONS,
        initial=60,
        error_messages=PERSONS_ERRORS,
    )
    reason = ReasonField(label=_("加开原因（如：周末开放日）"))


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        label=_("可接待人数"), min_value=1, max_value=MAX_SLOT_PERSONS, error_messages=PERSONS_ERRORS
    )
    reason = ReasonField()


class CallOffForm(forms.Form):
    reason = ReasonField(label=_("取消原因（会发给团体）"))


class CloseDayForm(forms.Form):
    day = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = ReasonField(label=_("闭馆原因（会发给团体）"), max_length=100)

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("不能把已经过去的日子设为闭馆。"))
        if day > timezone.localdate() + timedelta(days=400):
            raise forms.ValidationError(_("只能设置一年以内的闭馆日。"))
        return day


class OnBehalfForm(BookingForm):
    """A booking staff enter for a group that phoned: the public form's questions (and its
    checks), without the upload, plus why the notice rules are waived."""

    reason = ReasonField(label=_("代为登记原因（如：电话预约，规则放宽的理由）"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["letter"]
        del self.fields["submit_token"]


class ChangeForm(forms.Form):
    pupils = forms.IntegerField(label=_("学生或参观者（不含带队成人）"), min_value=0, max_value=999)
    adults = forms.IntegerField(label=_("带队成人"), min_value=0, max_value=999)
    contact_name = forms.CharField(label=_("联系人"), max_length=40)
    mobile = forms.CharField(label=_("手机号"), max_length=11, validators=[mobile_validator])
    programme = forms.ModelChoiceField(
        label=_("参观项目"), queryset=Programme.objects.all(), required=False, empty_label=_("未选")
    )
    reason = ReasonField()


class MoveForm(forms.Form):
    slot = forms.ModelChoiceField(
        label=_("改到场次"), queryset=Slot.objects.none(), empty_label=_("请选择场次")
    )
    reason = ReasonField()

    def __init__(self, *args, booking=None, **kwargs):
        super().__init__(*args, **kwargs)
        slots = Slot.objects.filter(start__gt=timezone.now(), called_off_at__isnull=True)
        if booking is not None:
            slots = slots.exclude(pk=booking.slot_id)
        # The coming four months: a choice list a phone can scroll.
        self.fields["slot"].queryset = slots.filter(start__lt=timezone.now() + timedelta(days=120)).order_by(
            "start"
        )


class AlertForm(forms.ModelForm):
    class Meta:
        model = StaffAlert
        fields = ["channel"]
        widgets = {"channel": forms.RadioSelect}
