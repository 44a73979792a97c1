"""What schools log: lessons (class hours) and evacuation drills, with photos."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from outreach.private_files import private_storage

from .reference import Courseware, School, SchoolClass, Term


def photo_path(instance, filename):
    # Unguessable names: photos show children and are not listed anywhere public.
    return str(PurePosixPath("courses", "photos", f"{uuid.uuid4().hex}.jpg"))


class RecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(school__in=School.objects.visible_to(user))

    def editable_by(self, user):
        return self.filter(school__in=School.objects.editable_by(user))


class Record(models.Model):
    """Fields every logged record shares. Each record also names its `school` and `term`
    so permission checks and roll-ups never have to go through the classes."""

    date = models.DateField(_("日期"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-date", "-pk"]


class Lesson(Record):
    """A fire-safety lesson; one lesson can be given to several classes at once, and
    each of them is credited with its hours."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("学校")
    )
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="lessons", verbose_name=_("学期"))
    classes = models.ManyToManyField(
        SchoolClass, through="LessonClass", related_name="lessons", verbose_name=_("上课班级")
    )
    hours = models.DecimalField(_("课时"), max_digits=3, decimal_places=1)
    topic = models.CharField(_("课题"), max_length=120)
    teacher = models.CharField(_("授课教师"), max_length=40)
    courseware = models.ForeignKey(
        Courseware,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("使用课件"),
    )
    photo = models.ImageField(_("照片"), upload_to=photo_path, storage=private_storage, blank=True)

    class Meta(Record.Meta):
        verbose_name = _("课时记录")
        verbose_name_plural = _("课时记录")
        indexes = [models.Index(fields=["term", "school"])]

    def __str__(self):
        return f"{self.date} {self.topic}"


class LessonClass(models.Model):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="class_links")
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="lesson_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lesson", "school_class"], name="lessonclass_unique")]

    def __str__(self):
        return f"{self.lesson_id} → {self.school_class_id}"


class Drill(Record):
    """An evacuation drill (疏散演练) of the whole school."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="drills", verbose_name=_("学校")
    )
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="drills", verbose_name=_("学期"))
    participants = models.PositiveIntegerField(_("参加人数"))
    evacuation_seconds = models.PositiveIntegerField(_("疏散用时（秒）"))
    buildings = models.CharField(_("涉及楼栋"), max_length=200)
    problems = models.TextField(_("发现的问题"), blank=True)
    fixes = models.TextField(_("整改情况"), blank=True)

    class Meta(Record.Meta):
        verbose_name = _("疏散演练记录")
        verbose_name_plural = _("疏散演练记录")
        indexes = [models.Index(fields=["term", "school"])]

    def __str__(self):
        return f"{self.date} {self.school}"


class DrillPhoto(models.Model):
    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("照片"), upload_to=photo_path, storage=private_storage)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("演练照片")

    def __str__(self):
        return self.image.name
