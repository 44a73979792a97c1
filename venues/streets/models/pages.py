"""The county's streets index page, each township's culture street page, its milestones."""

import uuid

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from outreach.models import BasePage, Township


class StreetStatus(models.TextChoices):
    PLANNED = "planned", _("规划")
    BUILDING = "building", _("在建")
    REQUESTED = "requested", _("申请验收")
    ACCEPTED = "accepted", _("已验收挂牌")


# Public photos (elements, milestones, repairs, walls), re-encoded by outreach.uploads,
# live in the public photos/ folder the proxy serves (settings.PUBLIC_MEDIA_FOLDERS).
PUBLIC_PHOTO_FOLDER = "photos/streets/"


def photo_path(instance, filename):
    # Uploaded names may carry a person's name or a date: never kept.
    return f"{PUBLIC_PHOTO_FOLDER}{type(instance).__name__.lower()}/{uuid.uuid4().hex}.jpg"


class StreetIndexPage(BasePage):
    """The public county view: every township, its street's state, and the county map."""

    parent_page_types = ["outreach.HomePage"]
    subpage_types = ["streets.StreetPage"]
    max_count = 1

    class Meta:
        verbose_name = _("消防文化街栏目")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The rows are built from these models: the app config reaches the builder, so
        # the models never import it back.
        context.update(apps.get_app_config("streets").index_context(self))
        return context


class StreetPageForm(WagtailAdminPageForm):
    """A township officer keeps their street in their own township."""

    def clean_township(self):
        from venues.streets.permissions import may_use_township

        township = self.cleaned_data.get("township")
        user = getattr(self, "for_user", None)
        if township is not None and user is not None and not may_use_township(user, township):
            raise ValidationError(_("只能选择本乡镇。"))
        return township


class StreetPage(BasePage):
    """One township's fire-safety culture street (消防文化街). One per township, by the database."""

    township = models.OneToOneField(
        Township,
        on_delete=models.PROTECT,
        related_name="street",
        verbose_name=_("所属乡镇"),
        error_messages={"unique": _("这个乡镇已经有一条消防文化街了：每个乡镇只建一条。")},
    )
    address = models.CharField(_("位置"), max_length=120, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    length_m = models.PositiveIntegerField(_("长度（米）"), null=True, blank=True)
    opened_on = models.DateField(_("建成开放日期"), null=True, blank=True)
    caretaker = models.CharField(
        _("维护责任人"), max_length=40, blank=True, help_text=_("负责日常维护的人员姓名和单位。")
    )
    story = RichTextField(_("街区介绍"), blank=True, features=["bold", "ol", "ul", "link"])

    # Set by services only (request, accept, send back): never by editing a revision.
    status = models.CharField(
        _("建设状态"), max_length=12, choices=StreetStatus.choices, default=StreetStatus.PLANNED
    )
    status_changed_at = models.DateTimeField(_("状态更新时间"), null=True, blank=True)
    review_comment = models.CharField(_("审核意见"), max_length=300, blank=True)

    base_form_class = StreetPageForm
    content_panels = BasePage.content_panels + [
        FieldPanel("township"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldRowPanel([FieldPanel("length_m"), FieldPanel("opened_on")]),
                FieldPanel("caretaker"),
            ],
            heading=_("位置与规模"),
        ),
        FieldPanel("story"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("story")]

    parent_page_types = ["streets.StreetIndexPage"]
    subpage_types = []

    # Fields a revision must never bring back: the status moves only through services.
    STATE_FIELDS = ("status", "status_changed_at", "review_comment")

    class Meta:
        verbose_name = _("消防文化街")
        verbose_name_plural = _("消防文化街")

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        # From the database, not from self: the page object a revision holds may be stale.
        state = StreetPage.objects.filter(pk=self.pk).values(*self.STATE_FIELDS).first()
        for name in self.STATE_FIELDS:
            setattr(obj, name, state[name] if state else getattr(self, name))
        return obj

    def permissions_for_user(self, user):
        from venues.streets.permissions import StreetPagePermissionTester

        return StreetPagePermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(apps.get_app_config("streets").street_context(self))
        return context


class StreetStatusEvent(models.Model):
    """Every move of a street's status: who, when, and the reviewer's comment."""

    street = models.ForeignKey(StreetPage, on_delete=models.CASCADE, related_name="status_events")
    from_status = models.CharField(_("原状态"), max_length=12, choices=StreetStatus.choices)
    to_status = models.CharField(_("新状态"), max_length=12, choices=StreetStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    comment = models.CharField(_("意见"), max_length=300, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("状态记录")

    def __str__(self):
        return f"{self.street_id}: {self.from_status} → {self.to_status}"


class Milestone(models.Model):
    """A step of building the street: planned date, actual date, a note and photos."""

    street = models.ForeignKey(StreetPage, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("节点名称"), max_length=60)
    planned_on = models.DateField(_("计划日期"))
    done_on = models.DateField(_("实际完成日期"), null=True, blank=True)
    note = models.TextField(_("说明"), max_length=600, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["planned_on", "pk"]
        verbose_name = _("建设节点")
        verbose_name_plural = _("建设节点")

    def __str__(self):
        return self.title

    @property
    def date(self):
        return self.done_on or self.planned_on


class MilestonePhoto(models.Model):
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("照片"), upload_to=photo_path)
    caption = models.CharField(_("照片说明"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("节点照片")

    def __str__(self):
        return self.caption or self.image.name
