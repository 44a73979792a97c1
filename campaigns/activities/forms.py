"""Forms of activities and trainings: what a phone sends, checked before anything is stored."""

from django import forms
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from campaigns.models import OutreachSetting, SpecialGroup
from outreach.http import EARLIEST_DAY
from outreach.models import Township
from outreach.uploads import KeepUploadsMixin, PhotoField

from . import permissions
from .models import (
    AUDIENCE_MAX,
    AUDIENCE_MIN,
    MATERIALS_MAX,
    MOBILE,
    Activity,
    ActivityKind,
    KeyUnit,
    Question,
    TrainingCategory,
    TrainingSession,
)

PHOTO_FIELDS = ("photo_1", "photo_2", "photo_3")


class ActivityForm(KeepUploadsMixin, forms.ModelForm):
    photo_1 = PhotoField(label=_("活动照片1"), required=False)
    photo_2 = PhotoField(label=_("活动照片2"), required=False)
    photo_3 = PhotoField(label=_("活动照片3"), required=False)
    sign_in_sheet = PhotoField(
        label=_("签到表照片"), required=False, help_text=_("只有审核人员和填报单位能看到，不会公开。")
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "kind",
            "date",
            "township",
            "outreach_settings",
            "target_groups",
            "school",
            "venue",
            "key_unit",
            "place",
            "organiser",
            "audience",
            "materials",
            "summary",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "outreach_settings": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "audience": forms.NumberInput(
                attrs={"min": AUDIENCE_MIN, "max": AUDIENCE_MAX, "inputmode": "numeric"}
            ),
            "materials": forms.NumberInput(attrs={"min": 0, "max": MATERIALS_MAX, "inputmode": "numeric"}),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "audience": {
                "min_value": _("受众人数至少为 %(limit_value)s 人。"),
                "max_value": _("受众人数不能超过 %(limit_value)s 人，请核对是否多写了零。"),
            },
            "materials": {"max_value": _("发放资料不能超过 %(limit_value)s 份，请核对。")},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["kind"].queryset = ActivityKind.objects.filter(is_active=True)
        self.fields["outreach_settings"].queryset = OutreachSetting.objects.in_order()
        self.fields["target_groups"].queryset = SpecialGroup.objects.in_order()
        self.fields["outreach_settings"].error_messages["required"] = _("请至少选择一个“五进”领域。")
        townships = permissions.townships_for(user)
        schools = self.fields["school"].queryset
        if permissions.is_school_only(user):
            schools = schools.filter(staff=user)
            townships = Township.objects.filter(pk__in=schools.values("township"))
            self.fields["school"].required = True
            self.fields["school"].empty_label = None
        else:
            schools = schools.filter(township__in=townships)
        self.fields["school"].queryset = schools.order_by("name")
        self.fields["township"].queryset = townships
        self.fields["key_unit"].queryset = KeyUnit.objects.filter(township__in=townships)
        self.fields["venue"].queryset = (
            self.fields["venue"].queryset.filter(township__in=townships).order_by("name")
        )
        if townships.count() == 1 and not self.instance.pk:
            self.fields["township"].initial = townships.first().pk
        for name in PHOTO_FIELDS:
            self.fields[name].widget.attrs["capture"] = "environment"

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("活动日期不能晚于今天：请在活动开展后再填报。"))
        if day < EARLIEST_DAY:
            raise forms.ValidationError(_("活动日期太早，请核对。"))
        return day

    def clean(self):
        data = super().clean()
        school, township = data.get("school"), data.get("township")
        if school and township and school.township_id != township.pk:
            self.add_error("school", _("这所学校不在所选乡镇。"))
        unit = data.get("key_unit")
        if unit and township and unit.township_id != township.pk:
            self.add_error("key_unit", _("这个重点单位不在所选乡镇。"))
        venue = data.get("venue")
        if venue and township and venue.township_id != township.pk:
            self.add_error("venue", _("这个场所不在所选乡镇。"))
        return data

    def photos(self):
        return [self.cleaned_data[name] for name in PHOTO_FIELDS if self.cleaned_data.get(name)]

    def save(self, commit=True):
        activity = super().save(commit=False)
        sheet = self.cleaned_data.get("sign_in_sheet")
        if sheet:
            activity.sign_in_sheet.save("sheet.jpg", sheet, save=False)
        if commit:
            activity.save()
            self.save_m2m()
        return activity


class SignInForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=30)
    unit = forms.CharField(label=_("工作单位"), max_length=100)
    post = forms.CharField(label=_("岗位"), max_length=40, required=False)
    category = forms.ModelChoiceField(
        label=_("人员类别"), queryset=TrainingCategory.objects.none(), empty_label=_("请选择")
    )
    mobile = forms.CharField(
        label=_("手机号码"),
        max_length=11,
        validators=[MOBILE],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
        help_text=_("用于确认是您本人签到和查找证书，不会公开。"),
    )

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.fields["category"].queryset = session.categories.filter(is_active=True)
        # The township's key units as suggestions (the page's datalist), so their staff
        # pick the registered name; a browser ignores a list the page does not have.
        self.fields["unit"].widget.attrs["list"] = "key-unit-names"

    @cached_property
    def key_unit_names(self):
        """Read only when the page shows the form, not on a sign-in that redirects."""
        return list(
            KeyUnit.objects.filter(township_id=self.session.township_id)
            .order_by("name")
            .values_list("name", flat=True)
        )

    def clean_mobile(self):
        return self.cleaned_data["mobile"].strip()

    def clean_name(self):
        return self.cleaned_data["name"].strip()


class ExpectedForm(SignInForm):
    """Staff add a name to the list, to tick on arrival."""


class SessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = [
            "topic",
            "trainer",
            "starts_at",
            "ends_at",
            "place",
            "township",
            "organiser",
            "categories",
            "capacity",
            "quiz",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "categories": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = permissions.townships_for(user)
        self.fields["categories"].queryset = TrainingCategory.objects.filter(is_active=True)

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("结束时间应晚于开始时间。"))
        return data


class QuizForm(forms.Form):
    """One field per question; the questions come from the service, never from the phone."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, question in enumerate(questions, start=1):
            choices = [(choice.pk, choice.text) for choice in question.choices.all()]
            label = f"{number}. {question.text}"
            if question.kind == Question.MULTIPLE:
                field = forms.TypedMultipleChoiceField(
                    label=label,
                    choices=choices,
                    coerce=int,
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_("多选题：选出所有正确的选项"),
                )
            else:
                field = forms.TypedChoiceField(
                    label=label, choices=choices, coerce=int, widget=forms.RadioSelect
                )
            field.error_messages["required"] = _("这道题还没有作答。")
            self.fields[f"q{question.pk}"] = field

    def answers(self):
        found = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            found[question.pk] = set(value) if isinstance(value, list) else {value}
        return found


class KeyUnitImportForm(forms.Form):
    file = forms.FileField(label=_("重点单位名单（.xlsx 或 .csv）"))


class ReviewForm(forms.Form):
    reason = forms.CharField(label=_("审核意见"), max_length=200, required=False)
