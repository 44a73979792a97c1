"""A crowded venue, its zones, and the three prompts (三提示) as structured data."""

import hashlib
import json
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from outreach import roles
from outreach.access import COUNTY_WIDE, scope_filter
from outreach.models import Township
from outreach.siteurl import absolute
from outreach.validators import mobile_phone

from .categories import VenueCategory
from .library import EquipmentKind

# No 0/o, 1/l/i: the code is read off paper by people as often as it is scanned.
CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_LENGTH = 8


def venue_scope(prefix=""):
    """Who reaches a venue (rows reached through `prefix`, e.g. "venue__"): the publicity
    team every venue, township officers their township's, managers the venues they manage."""
    return {
        "county_roles": COUNTY_WIDE.venues,
        "township_field": f"{prefix}township",
        "member_roles": (roles.VENUE_MANAGER,),
        "member_field": f"{prefix}managers",
    }


def new_venue_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class VenueQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The venues a staff user may manage: all, their township's, or their own."""
        return self.filter(scope_filter(user, **venue_scope())).distinct()

    def needing_reprint(self):
        return self.filter(printed_version__isnull=False, printed_version__lt=F("content_version"))

    def with_prompts(self):
        return self.select_related("township", "evacuation_plan").prefetch_related(
            "hazards",
            "zones",
            "routes",
            "exits",
            models.Prefetch("equipment", queryset=VenueEquipment.objects.select_related("equipment_type")),
        )


@dataclass
class Prompts:
    """The three prompts of one venue (or one zone), ready for a poster or a page."""

    hazards: list = field(default_factory=list)  # (poster text, name, description)
    routes: list = field(default_factory=list)  # text
    exits: list = field(default_factory=list)  # (name, location)
    assembly_point: str = ""
    escape_advice: str = ""
    extinguishers: list = field(default_factory=list)  # VenueEquipment
    escape_equipment: list = field(default_factory=list)  # VenueEquipment
    usages: list = field(default_factory=list)  # EquipmentType, each once


class Venue(ClusterableModel):
    code = models.CharField(
        _("扫码地址代码"), max_length=CODE_LENGTH, unique=True, default=new_venue_code, editable=False
    )
    name = models.CharField(_("场所名称"), max_length=60)
    category = models.CharField(_("场所类别"), max_length=20, choices=VenueCategory.choices)
    township = models.ForeignKey(
        Township, on_delete=models.PROTECT, related_name="venues", verbose_name=_("所属乡镇")
    )
    address = models.CharField(_("地址"), max_length=120)
    managing_unit = models.CharField(_("管理单位"), max_length=80, blank=True)
    responsible_person = models.CharField(
        _("消防安全责任人"), max_length=40, blank=True, help_text=_("不会在公开页面显示。")
    )
    responsible_phone = models.CharField(
        _("责任人电话"),
        max_length=11,
        blank=True,
        validators=[mobile_phone],
        help_text=_("不会在公开页面显示。"),
    )
    managers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_venues",
        verbose_name=_("场所管理员"),
        help_text=_("这些账号可以维护本场所的三提示内容。"),
    )
    is_open = models.BooleanField(_("正在营业"), default=True)
    closed_notice = models.CharField(
        _("停业说明"), max_length=120, blank=True, help_text=_("停业时在扫码页面上显示。")
    )
    content_verified_on = models.DateField(_("内容核实日期"), null=True, blank=True)

    # Prompt 1: hazards.
    hazards = ParentalManyToManyField(
        "venues.HazardType", blank=True, related_name="venues", verbose_name=_("典型火灾隐患")
    )
    hazard_notes = models.TextField(
        _("其他火灾危险性"), blank=True, max_length=600, help_text=_("每行一条，补充本场所特有的火灾危险。")
    )
    # Prompt 2: escape.
    assembly_point = models.CharField(_("集合点"), max_length=80, blank=True)
    escape_advice = models.TextField(
        _("逃生自救要点"),
        blank=True,
        max_length=600,
        help_text=_("每行一条，例如“用湿毛巾捂住口鼻，低姿沿疏散指示标志撤离”。"),
    )
    evacuation_plan = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("疏散示意图"),
    )

    content_hash = models.CharField(max_length=40, blank=True, editable=False)
    content_version = models.PositiveIntegerField(_("内容版本"), default=1, editable=False)
    content_changed_at = models.DateTimeField(_("内容更新时间"), default=timezone.now, editable=False)
    printed_version = models.PositiveIntegerField(_("已印海报版本"), null=True, blank=True, editable=False)
    printed_at = models.DateTimeField(_("海报生成时间"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VenueQuerySet.as_manager()

    basic_panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("township")]),
        FieldPanel("address"),
        FieldPanel("managing_unit"),
        MultiFieldPanel(
            [FieldPanel("responsible_person"), FieldPanel("responsible_phone")], heading=_("责任人（不公开）")
        ),
        FieldPanel("managers"),
        FieldRowPanel([FieldPanel("is_open"), FieldPanel("content_verified_on")]),
        FieldPanel("closed_notice"),
        InlinePanel("zones", heading=_("分区"), label=_("分区")),
    ]
    hazard_panels = [FieldPanel("hazards"), FieldPanel("hazard_notes")]
    escape_panels = [
        InlinePanel("routes", heading=_("疏散路线"), label=_("路线")),
        InlinePanel("exits", heading=_("安全出口"), label=_("出口")),
        FieldPanel("assembly_point"),
        FieldPanel("escape_advice"),
        FieldPanel("evacuation_plan"),
    ]
    equipment_panels = [InlinePanel("equipment", heading=_("灭火器与逃生器材"), label=_("器材"))]

    class Meta:
        ordering = ["township__sort_order", "name"]
        verbose_name = _("人员密集场所")
        verbose_name_plural = _("人员密集场所")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"/v/{self.code}/"

    @property
    def public_url(self):
        """The absolute address printed in the QR code; it never changes."""
        return absolute(self.get_absolute_url())

    @property
    def needs_reprint(self):
        return self.printed_version is not None and self.printed_version < self.content_version

    def save(self, *args, **kwargs):
        with transaction.atomic():
            # ClusterableModel.save() also commits the zones, exits and equipment, so
            # the fingerprint below sees the content as it now stands.
            super().save(*args, **kwargs)
            self.refresh_content_version()

    def refresh_content_version(self):
        """Bump the content version when the three prompts changed (posters then need a reprint)."""
        digest = hashlib.sha1(
            json.dumps(self.fingerprint(), ensure_ascii=False, sort_keys=True).encode(), usedforsecurity=False
        ).hexdigest()
        if digest == self.content_hash:
            return False
        first = not self.content_hash
        self.content_hash = digest
        if not first:
            self.content_version += 1
            self.content_changed_at = timezone.now()
        Venue.objects.filter(pk=self.pk).update(
            content_hash=digest,
            content_version=self.content_version,
            content_changed_at=self.content_changed_at,
        )
        return not first

    def fingerprint(self):
        """Everything a poster prints, so a change of any of it is noticed."""
        # The poster is Chinese: the same whatever language the request that saves is in.
        with translation.override(settings.LANGUAGE_CODE):
            prompts = self.prompts()
        return {
            "name": self.name,
            "zones": [z.name for z in self.zones.all()],
            "hazards": prompts.hazards,
            "routes": [(r.zone_id, r.description) for r in self.routes.all()],
            "exits": [(e.zone_id, e.name, e.location) for e in self.exits.all()],
            "assembly": self.assembly_point,
            "advice": self.escape_advice,
            "equipment": [
                (e.zone_id, e.equipment_type.name, e.equipment_type.short_usage, e.location, e.quantity)
                for e in self.equipment.all()
            ],
        }

    def prompts(self, zone=None):
        """The three prompts, for the whole venue or for one zone (its items and shared ones)."""

        def in_zone(item):
            return zone is None or item.zone_id in (None, zone.pk)

        def own_first(items):
            # A zone's poster leads with the zone's own exits and equipment (the nearest).
            items = [item for item in items if in_zone(item)]
            if zone is None:
                return items
            return sorted(items, key=lambda item: item.zone_id is None)

        # In the library's English when the page is in English (EnglishText.local).
        hazards = [
            (h.local("poster_text"), h.local("name"), h.local("description")) for h in self.hazards.all()
        ]
        hazards += [(line, line, "") for line in _lines(self.hazard_notes)]
        equipment = own_first(self.equipment.all())
        usages = []
        for item in equipment:
            if item.equipment_type not in usages:
                usages.append(item.equipment_type)
        return Prompts(
            hazards=hazards,
            routes=[r.description for r in own_first(self.routes.all())],
            exits=[(e.name, e.location) for e in own_first(self.exits.all())],
            assembly_point=self.assembly_point,
            escape_advice=self.escape_advice,
            extinguishers=[e for e in equipment if e.equipment_type.kind == EquipmentKind.EXTINGUISHER],
            escape_equipment=[e for e in equipment if e.equipment_type.kind == EquipmentKind.ESCAPE],
            usages=usages,
        )

    def advice_lines(self):
        return _lines(self.escape_advice)


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ZonedItem(Orderable):
    """A venue's item that may belong to one zone (its poster) or to the whole venue."""

    zone = models.ForeignKey(
        "venues.VenueZone",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("所在分区"),
        help_text=_("留空表示全场所通用。新建的分区保存后才能选择。"),
    )

    class Meta(Orderable.Meta):
        abstract = True


class VenueZone(Orderable):
    venue = ParentalKey(Venue, on_delete=models.CASCADE, related_name="zones")
    name = models.CharField(_("分区名称"), max_length=40, help_text=_("如“三楼KTV区”“东区客房”。"))

    panels = [FieldPanel("name")]

    class Meta(Orderable.Meta):
        verbose_name = _("分区")

    def __str__(self):
        return self.name


class VenueRoute(ZonedItem):
    venue = ParentalKey(Venue, on_delete=models.CASCADE, related_name="routes")
    description = models.CharField(_("路线"), max_length=120, help_text=_("如“客房→东侧疏散楼梯→一楼东门”。"))

    panels = [FieldPanel("description"), FieldPanel("zone")]

    class Meta(ZonedItem.Meta):
        verbose_name = _("疏散路线")


class VenueExit(ZonedItem):
    venue = ParentalKey(Venue, on_delete=models.CASCADE, related_name="exits")
    name = models.CharField(_("出口名称"), max_length=40, help_text=_("如“东门”“2号疏散楼梯”。"))
    location = models.CharField(_("具体位置"), max_length=120)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("location")]), FieldPanel("zone")]

    class Meta(ZonedItem.Meta):
        verbose_name = _("安全出口")


class VenueEquipment(ZonedItem):
    venue = ParentalKey(Venue, on_delete=models.CASCADE, related_name="equipment")
    equipment_type = models.ForeignKey(
        "venues.EquipmentType", on_delete=models.PROTECT, related_name="+", verbose_name=_("器材类型")
    )
    location = models.CharField(_("放置位置"), max_length=120)
    quantity = models.PositiveSmallIntegerField(_("数量"), default=1)

    panels = [
        FieldRowPanel([FieldPanel("equipment_type"), FieldPanel("quantity")]),
        FieldPanel("location"),
        FieldPanel("zone"),
    ]

    class Meta(ZonedItem.Meta):
        verbose_name = _("器材")


class VenueScanDay(models.Model):
    """How many times a venue's QR code was opened on one day. Nothing about who."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="scan_days")
    day = models.DateField(_("日期"))
    count = models.PositiveIntegerField(_("扫码次数"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["venue", "day"], name="venue_scan_day_unique")]
        ordering = ["-day"]
        verbose_name = _("扫码统计")

    def __str__(self):
        return f"{self.venue_id} {self.day}: {self.count}"


def venues_using(hazard_type=None, equipment_type=None):
    """Venues whose printed content includes a library entry (to refresh after it changes)."""
    if hazard_type is not None:
        return Venue.objects.filter(hazards=hazard_type)
    return Venue.objects.filter(Q(equipment__equipment_type=equipment_type)).distinct()
