"""Logging forms for school staff: plain server-rendered forms that work on a phone."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from outreach.uploads import PhotoField, reencode_photo

from .models import Courseware, Drill, Lesson, SchoolClass

MIN_LESSON_HOURS = Decimal("0.5")
MAX_LESSON_HOURS = Decimal("4")
MIN_EVACUATION_SECONDS = 10
MAX_EVACUATION_SECONDS = 1800
MAX_DRILL_PHOTOS = 6
# Teachers and staff join drills too: allow this many people beyond the enrolment.
STAFF_ALLOWANCE = 300


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several files; each is re-encoded by outreach.uploads in the form's clean_photos."""

    widget = MultipleImageInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleImageField, self).clean(item, initial) for item in files]


class RecordForm(forms.ModelForm):
    """Date checks every record shares: inside the term, not in the future."""

    def __init__(self, *args, school, term, **kwargs):
        self.school, self.term = school, term
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Django's own wording (必需字段) does not say which field; keep fields' own messages.
            if field.error_messages["required"] == forms.Field.default_error_messages["required"]:
                field.error_messages["required"] = _("请填写“%(label)s”。") % {"label": field.label}
        self.fields["date"].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        self.fields["date"].widget.attrs.update({"min": term.start.isoformat(), "max": term.end.isoformat()})
        if not self.instance.pk:
            self.initial.setdefault("date", min(timezone.localdate(), term.end))

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("日期不能晚于今天。"))
        if not self.term.start <= day <= self.term.end:
            raise forms.ValidationError(
                _("日期必须在%(term)s之内（%(start)s至%(end)s）。")
                % {"term": self.term.name, "start": self.term.start, "end": self.term.end}
            )
        return day

    def save_photos(self, record):
        """Photos are files: stored once the record exists."""


class LessonForm(RecordForm):
    classes = forms.ModelMultipleChoiceField(
        queryset=SchoolClass.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("上课班级"),
        help_text=_("一节课给几个班同时上，就勾选几个班，每个班都计课时。"),
        error_messages={"required": _("请至少选择一个班级。")},
    )
    photo_upload = PhotoField(label=_("上课照片"), required=False)

    class Meta:
        model = Lesson
        fields = ["date", "classes", "hours", "topic", "teacher", "courseware"]
        help_texts = {"hours": _("一课时为一节课，可填0.5。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classes"].queryset = SchoolClass.objects.filter(school=self.school, term=self.term)
        self.fields["courseware"].queryset = Courseware.objects.filter(is_published=True)
        self.fields["courseware"].required = False
        self.fields["courseware"].empty_label = _("未使用课件库的课件")
        self.fields["hours"].widget.attrs.update(
            {"min": "0.5", "max": "4", "step": "0.5", "inputmode": "decimal"}
        )
        if not self.instance.pk:
            self.initial.setdefault("hours", 1)

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if not MIN_LESSON_HOURS <= hours <= MAX_LESSON_HOURS:
            raise forms.ValidationError(
                _("一次课的课时应在%(min)s到%(max)s之间。")
                % {"min": MIN_LESSON_HOURS, "max": MAX_LESSON_HOURS}
            )
        if hours % MIN_LESSON_HOURS:
            raise forms.ValidationError(_("课时请按0.5的倍数填写。"))
        return hours

    def save_photos(self, lesson):
        photo = self.cleaned_data.get("photo_upload")
        if photo:
            lesson.photo.save(photo.name, photo, save=True)


class DrillForm(RecordForm):
    photos = MultipleImageField(
        label=_("现场照片"),
        required=False,
        help_text=_("至少一张，最多%(n)d张，每张不超过10MB。") % {"n": MAX_DRILL_PHOTOS},
    )

    class Meta:
        model = Drill
        fields = ["date", "participants", "evacuation_seconds", "buildings", "problems", "fixes"]
        widgets = {"problems": forms.Textarea(attrs={"rows": 3}), "fixes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"evacuation_seconds": _("从发出警报到最后一人到达集合点的时间。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].widget.attrs.update({"accept": "image/*"})
        # Evidence is required; a drill that already has photos may be edited without new ones.
        self.fields["photos"].required = not (self.instance.pk and self.instance.photos.exists())
        self.fields["participants"].widget.attrs.update({"inputmode": "numeric"})
        self.fields["evacuation_seconds"].widget.attrs.update({"inputmode": "numeric"})

    def clean_participants(self):
        participants = self.cleaned_data["participants"]
        if participants < 1:
            raise forms.ValidationError(_("参加人数至少为1人。"))
        ceiling = self.school.enrolment + STAFF_ALLOWANCE if self.school.enrolment else 10_000
        if participants > ceiling:
            raise forms.ValidationError(
                _("参加人数%(n)d人超过了全校师生人数（在校学生%(enrolment)d人）。")
                % {"n": participants, "enrolment": self.school.enrolment}
            )
        return participants

    def clean_evacuation_seconds(self):
        seconds = self.cleaned_data["evacuation_seconds"]
        if not MIN_EVACUATION_SECONDS <= seconds <= MAX_EVACUATION_SECONDS:
            raise forms.ValidationError(
                _("疏散用时应在%(min)d到%(max)d秒之间。")
                % {"min": MIN_EVACUATION_SECONDS, "max": MAX_EVACUATION_SECONDS}
            )
        return seconds

    def clean_photos(self):
        uploads = self.cleaned_data.get("photos") or []
        existing = self.instance.photos.count() if self.instance.pk else 0
        if not uploads and not existing:
            raise forms.ValidationError(_("请至少上传一张演练现场照片作为证明。"))
        if len(uploads) + existing > MAX_DRILL_PHOTOS:
            raise forms.ValidationError(_("照片最多%(n)d张。") % {"n": MAX_DRILL_PHOTOS})
        return [reencode_photo(upload) for upload in uploads]

    def save_photos(self, drill):
        for photo in self.cleaned_data.get("photos", []):
            drill.photos.create(image=photo)


class CoursewareAdminForm(WagtailAdminModelForm):
    """Courseware goes public only through a reviewer (the publish_courseware permission).

    Anyone else may draft and change it, but cannot tick 公开, and a change they make to
    public courseware takes it off the public library until a reviewer publishes it again.
    """

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.may_publish = for_user is None or for_user.has_perm("courses.publish_courseware")
        if not self.may_publish and "is_published" in self.fields:
            self.fields["is_published"].disabled = True
            if not self.instance.pk:
                self.initial["is_published"] = False

    def save(self, commit=True):
        if not self.may_publish and (self.instance._state.adding or self.has_changed()):
            self.instance.is_published = False
        return super().save(commit=commit)
